#include "core/util/thread_environment.h"

#include <cstdlib>

#include <unistd.h>

namespace wb {

std::vector<EnvSetting> computeThreadEnvironment()
{
    // 1000 spins still catches the next parallel region of a run of
    // element-wise ops; 0 (OMP_WAIT_POLICY=PASSIVE) measured 5-10% slower.
    return {{"GOMP_SPINCOUNT", "1000", "OMP_WAIT_POLICY"}, {"OPENBLAS_THREAD_TIMEOUT", "4"}};
}

int applyComputeThreadEnvironment()
{
    int set = 0;
    for (const EnvSetting& s : computeThreadEnvironment()) {
        if (std::getenv(s.name.c_str()) || (!s.setInstead.empty() && std::getenv(s.setInstead.c_str()))) continue;
        if (::setenv(s.name.c_str(), s.value.c_str(), 0) == 0) ++set;
    }
    return set;
}

std::string describeComputeThreadEnvironment()
{
    std::vector<std::string> names;
    for (const EnvSetting& s : computeThreadEnvironment()) {
        if (!s.setInstead.empty() && std::getenv(s.setInstead.c_str())) names.push_back(s.setInstead);
        names.push_back(s.name);
    }
    std::string out;
    for (const std::string& name : names) {
        const char* value = std::getenv(name.c_str());
        out += (out.empty() ? "" : " ") + name + "=" + (value ? value : "unset");
    }
    return out;
}

void restartWithComputeThreadEnvironment(char** argv)
{
    if (applyComputeThreadEnvironment() == 0) return;
    ::execv("/proc/self/exe", argv);   // returns only on failure
}

} // namespace wb
