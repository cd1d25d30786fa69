#pragma once
// Small helpers shared by the benchmarks (header-only: every bench_*.cpp is
// its own executable).
#include "core/util/thread_environment.h"

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <sys/resource.h>

namespace wb::bench {

inline double peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;   // ru_maxrss is in KiB on Linux
}

inline double round3(double v)
{
    return double(static_cast<long long>(v * 1000.0 + (v >= 0 ? 0.5 : -0.5))) / 1000.0;
}

class Stopwatch {
public:
    double seconds() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    void restart() { start_ = std::chrono::steady_clock::now(); }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Value of "--name VALUE" in argv, or def.
inline std::string option(int argc, char** argv, const std::string& name, const std::string& def = {})
{
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == "--" + name)
            return argv[i + 1];
    return def;
}

inline bool flag(int argc, char** argv, const std::string& name)
{
    for (int i = 1; i < argc; ++i)
        if (argv[i] == "--" + name)
            return true;
    return false;
}

// Run a shell command and return its stdout ("" on failure).
inline std::string capture(const std::string& cmd)
{
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0)
            out.append(buf, n);
        pclose(p);
    }
    return out;
}

inline std::string shellQuote(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// An `env` command prefix for a peer process: without the workbench's
// thread-pool settings (the libraries' defaults, as users run the peer), or
// with the values this process has (core/util/thread_environment.h).
inline std::string peerEnvironment(bool sameThreadSettings)
{
    std::string prefix = "env";
    for (const EnvSetting& e : computeThreadEnvironment()) {
        const char* value = std::getenv(e.name.c_str());
        if (!sameThreadSettings) prefix += " -u " + e.name;
        else if (value) prefix += " " + e.name + "=" + shellQuote(value);
    }
    return prefix;
}

} // namespace wb::bench
