#pragma once
// The command groups of the llmwb_compute module (LibTorch work). Each one
// also needs an entry in computeGroupSummaries() (app/cli/compute_module.cpp) so
// that `llmwb --help` lists it without loading the module.
#include "cli/command.h"

namespace wb::cli {

CommandGroup generateCommands();   // cmd_generate.cpp
CommandGroup chatCommands();       // cmd_generate.cpp
CommandGroup trainCommands();      // cmd_train.cpp
CommandGroup kbCommands();         // cmd_kb.cpp
CommandGroup embedCommands();      // cmd_embed.cpp
CommandGroup inspectCommands();    // cmd_inspect.cpp

} // namespace wb::cli
