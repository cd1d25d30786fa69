#include "core/text/token_counter.h"

#include "core/text/gpt2_bpe.h"
#include "core/util/paths.h"

#include <mutex>

namespace wb {

std::shared_ptr<const TokenCounter> defaultTokenCounter()
{
    // Loading takes ~0.1 s; share the instance while anyone still holds it.
    static std::mutex mutex;
    static std::weak_ptr<const TokenCounter> shared;
    std::lock_guard lock(mutex);
    if (auto existing = shared.lock()) return existing;
    std::shared_ptr<const TokenCounter> counter = Gpt2Bpe::load(
        resourcePath("tokenizers/gpt2/encoder.json"), resourcePath("tokenizers/gpt2/vocab.bpe"));
    shared = counter;
    return counter;
}

} // namespace wb
