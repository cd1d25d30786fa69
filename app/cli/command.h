#pragma once
// A CLI command: its name, help text, accepted options, positional count and
// the function that runs it. Groups ("project", "dataset") are lists of these.
#include "cli/args.h"

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace wb::cli {

// Exit codes (documented in `llmwb --help`).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;

struct Command {
    std::string name;
    std::string summary;       // one line for the group's help
    std::string usage;         // full help text, first line "usage: ..."
    std::vector<OptionSpec> options;
    size_t minPositional = 0;
    size_t maxPositional = std::numeric_limits<size_t>::max();
    int (*run)(const ParsedArgs& args) = nullptr;
};

struct CommandGroup {
    std::string name;
    std::string summary;
    std::vector<Command> commands;
};

CommandGroup projectCommands();
CommandGroup datasetCommands();   // import, export, list, stats (cmd_dataset.cpp)
void addCurationCommands(CommandGroup& dataset);   // dedup, check, split (cmd_curate.cpp)
CommandGroup modelCommands();       // info (cmd_model.cpp)
CommandGroup tokenizerCommands();   // encode, decode, train (cmd_tokenizer.cpp)

} // namespace wb::cli
