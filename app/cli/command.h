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
    // A single command run as "llmwb NAME [options]" (generate, chat, train).
    bool standalone = false;
};

CommandGroup projectCommands();
CommandGroup datasetCommands();   // import, export, list, stats (cmd_dataset.cpp)
void addCurationCommands(CommandGroup& dataset);   // dedup, check, split (cmd_curate.cpp)
CommandGroup modelCommands();       // info (cmd_model.cpp)
CommandGroup tokenizerCommands();   // encode, decode, train (cmd_tokenizer.cpp)
// Groups whose commands compute with LibTorch live in the llmwb_compute module
// (app/cli/compute/): their names and summaries, so help lists them without
// loading it, and the loader (compute_module.cpp).
std::vector<CommandGroup> computeGroupSummaries();
// Loads the module (next to the llmwb executable, or $LLMWB_COMPUTE_MODULE) and
// returns its groups. Throws wb::Error naming the file when it cannot.
std::vector<CommandGroup> loadComputeGroups();

} // namespace wb::cli
