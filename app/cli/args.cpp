#include "cli/args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace wb::cli {

bool ParsedArgs::has(const std::string& name) const
{
    return options.count(name) > 0;
}

std::string ParsedArgs::value(const std::string& name, const std::string& def) const
{
    auto it = options.find(name);
    if (it == options.end() || it->second.empty())
        return def;
    return it->second.back();
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const
{
    auto it = options.find(name);
    return it == options.end() ? std::vector<std::string>{} : it->second;
}

ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& spec)
{
    ParsedArgs out;
    bool optionsEnded = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (optionsEnded || a.size() < 2 || a[0] != '-' || a == "-") {
            out.positional.push_back(a);
            continue;
        }
        if (a == "--") {
            optionsEnded = true;
            continue;
        }
        if (a == "--help" || a == "-h") {
            out.help = true;
            continue;
        }
        if (a.rfind("--", 0) != 0)
            throw UsageError("unknown option '" + a + "'");
        std::string name = a.substr(2);
        std::string inlineValue;
        bool hasInline = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasInline = true;
        }
        const OptionSpec* s = nullptr;
        for (const auto& o : spec)
            if (o.name == name)
                s = &o;
        if (!s)
            throw UsageError("unknown option '--" + name + "'");
        std::string v;
        if (s->takesValue) {
            if (hasInline) {
                v = inlineValue;
            } else {
                if (i + 1 >= args.size())
                    throw UsageError("option '--" + name + "' needs a value");
                v = args[++i];
            }
        } else if (hasInline) {
            throw UsageError("option '--" + name + "' takes no value");
        }
        auto& slot = out.options[name];
        if (!slot.empty() && !s->repeatable)
            throw UsageError("option '--" + name + "' given more than once");
        slot.push_back(v);
    }
    return out;
}

double toDouble(const std::string& option, const std::string& text, double lo, double hi)
{
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno != 0 || !std::isfinite(v))
        throw UsageError("option '--" + option + "': '" + text + "' is not a number");
    if (v < lo || v > hi)
        throw UsageError("option '--" + option + "': " + text + " is outside [" + std::to_string(lo) + ", " +
                         std::to_string(hi) + "]");
    return v;
}

int64_t toInt(const std::string& option, const std::string& text, int64_t lo, int64_t hi)
{
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0)
        throw UsageError("option '--" + option + "': '" + text + "' is not an integer");
    if (v < lo || v > hi)
        throw UsageError("option '--" + option + "': " + text + " is outside [" + std::to_string(lo) + ", " +
                         std::to_string(hi) + "]");
    return v;
}

} // namespace wb::cli
