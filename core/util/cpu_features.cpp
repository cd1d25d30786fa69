#include "core/util/cpu_features.h"

#include <fstream>
#include <sstream>
#include <string>

namespace wb {
namespace {

bool readNativeBf16()
{
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with("flags")) continue;
        std::istringstream words(line);
        for (std::string w; words >> w;)
            if (w == "avx512_bf16" || w == "amx_bf16") return true;
        return false;   // every core lists the same flags
    }
    return false;
}

} // namespace

bool cpuHasNativeBf16()
{
    static const bool native = readNativeBf16();
    return native;
}

} // namespace wb
