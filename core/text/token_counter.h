#pragma once
// Counting tokens for record lengths, quality checks and the editor. The
// default counter is the real GPT-2 byte-level BPE (shipped under
// resources/tokenizers/gpt2); later model tokenizers implement the same interface.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace wb {

class TokenCounter {
public:
    virtual ~TokenCounter() = default;
    virtual size_t countTokens(std::string_view text) const = 0;
    virtual std::string name() const = 0;
};

// GPT-2 BPE from the shipped vocabulary. Throws wb::Error naming the missing
// file if resources cannot be found.
std::shared_ptr<const TokenCounter> defaultTokenCounter();

} // namespace wb
