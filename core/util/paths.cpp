#include "core/util/paths.h"

#include "core/data/record.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace wb {
namespace {

std::string envOrEmpty(const char* name)
{
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

} // namespace

std::string executableDir()
{
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.parent_path().string();
}

std::vector<std::string> resourceSearchDirs()
{
    std::vector<std::string> dirs;
    if (const std::string env = envOrEmpty("LLMWB_RESOURCES"); !env.empty()) dirs.push_back(env);
    if (const std::string exe = executableDir(); !exe.empty())
        dirs.push_back((fs::path(exe).parent_path() / "share" / "llm-workbench" / "resources").string());
    dirs.push_back(std::string(WB_SOURCE_DIR) + "/resources");
    return dirs;
}

std::string resourcePath(std::string_view relative)
{
    std::string looked;
    for (const std::string& dir : resourceSearchDirs()) {
        const fs::path candidate = fs::path(dir) / relative;
        std::error_code ec;
        if (fs::exists(candidate, ec)) return candidate.lexically_normal().string();
        looked += "\n  " + candidate.string();
    }
    throw Error("resource \"" + std::string(relative) + "\" not found; looked in:" + looked);
}

std::string appDataDir()
{
    fs::path base;
    if (const std::string xdg = envOrEmpty("XDG_DATA_HOME"); !xdg.empty() && fs::path(xdg).is_absolute()) {
        base = xdg;
    } else {
        const std::string home = envOrEmpty("HOME");
        if (home.empty()) throw Error("cannot find the data folder: neither XDG_DATA_HOME nor HOME is set");
        base = fs::path(home) / ".local" / "share";
    }
    const fs::path dir = base / "llm-workbench";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw Error("cannot create data folder " + dir.string() + ": " + (ec ? ec.message() : "not a directory"));
    return dir.string();
}

} // namespace wb
