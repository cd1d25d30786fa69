#pragma once
// Minimal command-line parsing for llmwb: options may appear anywhere among
// the positionals, as "--name value" or "--name=value"; "--" ends options.
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace wb::cli {

// Bad command line (unknown option, missing argument, bad number): exit 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string name;          // without the leading "--"
    bool takesValue = false;
    bool repeatable = false;
};

struct ParsedArgs {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> options;
    bool help = false;

    bool has(const std::string& name) const;
    // Last value given for the option, or `def` when absent.
    std::string value(const std::string& name, const std::string& def = {}) const;
    std::vector<std::string> values(const std::string& name) const;
};

// "--help"/"-h" set `help` and are always accepted. Throws UsageError.
ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& spec);

// Parse an option's numeric value within [lo, hi]; throws UsageError naming the option.
double toDouble(const std::string& option, const std::string& text, double lo, double hi);
int64_t toInt(const std::string& option, const std::string& text, int64_t lo, int64_t hi);

} // namespace wb::cli
