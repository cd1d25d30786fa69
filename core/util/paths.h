#pragma once
// Where shipped resources and per-user data live.
#include <string>
#include <string_view>
#include <vector>

namespace wb {

// Absolute path of `relative` (e.g. "tokenizers/gpt2/vocab.bpe") under the
// first resources folder that contains it, searched in order:
//   $LLMWB_RESOURCES, <executable dir>/../share/llm-workbench/resources,
//   <source tree>/resources.
// Throws wb::Error listing every place it looked.
std::string resourcePath(std::string_view relative);

// The folders resourcePath() searches, in order (existing or not).
std::vector<std::string> resourceSearchDirs();

// $XDG_DATA_HOME/llm-workbench, or ~/.local/share/llm-workbench; created if
// missing. Throws wb::Error if it cannot be determined or created.
std::string appDataDir();

// Directory of the running executable ("" if unknown).
std::string executableDir();

} // namespace wb
