// The llmwb_compute module's entry point, called by loadComputeGroups().
#include "cli/compute/compute_commands.h"

extern "C" __attribute__((visibility("default"))) void wb_compute_groups(std::vector<wb::cli::CommandGroup>* out)
{
    out->push_back(wb::cli::generateCommands());
    out->push_back(wb::cli::chatCommands());
    out->push_back(wb::cli::trainCommands());
    out->push_back(wb::cli::kbCommands());
    out->push_back(wb::cli::embedCommands());
    out->push_back(wb::cli::inspectCommands());
}
