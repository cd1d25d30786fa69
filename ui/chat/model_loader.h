#pragma once
// How the UI gets a model without linking LibTorch: the application injects a
// loader (wb::CausalLM::load); UI builds and tests without one say that
// models cannot be loaded.
#include "core/nn/causal_lm.h"

#include <functional>
#include <memory>
#include <string>

namespace wb {

using ModelLoader = std::function<std::unique_ptr<CausalLM>(const std::string&, const LoadOptions&)>;

} // namespace wb
