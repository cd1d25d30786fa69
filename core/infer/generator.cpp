#include "core/infer/generator.h"

#include "core/data/record.h"

#include <algorithm>
#include <chrono>

namespace wb {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Length of the longest suffix of `text` that is a proper prefix of a stop
// string: those bytes wait, since the next token may complete the stop.
size_t heldForStops(std::string_view text, const std::vector<std::string>& stops)
{
    size_t held = 0;
    for (const std::string& s : stops)
        for (size_t n = std::min(s.size() - 1, text.size()); n > held; --n)
            if (text.substr(text.size() - n) == std::string_view(s).substr(0, n)) {
                held = n;
                break;
            }
    return held;
}

} // namespace

std::string toString(StopReason r)
{
    switch (r) {
    case StopReason::Eos: return "eos";
    case StopReason::StopString: return "stop";
    case StopReason::MaxTokens: return "length";
    case StopReason::ContextFull: return "context";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::Error: return "error";
    }
    return "error";
}

double GenerationStats::decodeTokensPerSecond() const
{
    return decodeSeconds > 0 && generatedTokens > 1 ? (generatedTokens - 1) / decodeSeconds : 0;
}

GenerationResult Generator::generate(const std::string& prompt, const GenerationOptions& options,
                                     const TokenCallback& onText, const std::atomic<bool>* cancel)
{
    return generateIds(tok_.encode(prompt, options.allowSpecialInPrompt), options, onText, cancel);
}

GenerationResult Generator::generateIds(const std::vector<int>& promptIdsIn, const GenerationOptions& options,
                                        const TokenCallback& onText, const std::atomic<bool>* cancel)
{
    const ModelConfig& config = model_.config();
    if (options.maxTokens < 0) throw Error("generate: field \"max_tokens\" must be >= 0");
    for (const std::string& s : options.stopStrings)
        if (s.empty()) throw Error("generate: field \"stop\": empty stop strings are not allowed");
    Sampler sampler(options.sampling);   // validates the sampling fields

    GenerationResult result;
    result.promptIds = promptIdsIn;
    if (options.addBos && config.bosTokenId) result.promptIds.insert(result.promptIds.begin(), *config.bosTokenId);
    if (result.promptIds.empty()) throw Error("generate: the prompt is empty");
    const int promptLen = int(result.promptIds.size());
    if (promptLen >= config.maxPositionEmbeddings)
        throw Error("generate: the prompt has " + std::to_string(promptLen) + " tokens; the model's context is " +
                    std::to_string(config.maxPositionEmbeddings));
    const std::vector<int> eos = options.eosIds.empty() ? config.eosTokenIds : options.eosIds;
    const int capacity = std::min(config.maxPositionEmbeddings, promptLen + std::max(options.maxTokens, 1));

    GenerationStats& stats = result.stats;
    stats.promptTokens = promptLen;
    const Clock::time_point started = Clock::now();
    std::unique_ptr<KvCache> cache = model_.newCache(capacity);
    std::vector<float> logits = model_.step(result.promptIds, *cache);
    stats.prefillSeconds = secondsSince(started);

    std::vector<int> history = result.promptIds;
    TextStream stream(tok_);
    std::string all;        // generated text so far
    size_t emitted = 0;     // bytes of `all` handed to onText
    Clock::time_point decodeStart = Clock::now();
    stats.stopReason = StopReason::MaxTokens;
    auto emit = [&](size_t upTo) {
        if (upTo <= emitted) return true;
        const std::string piece = all.substr(emitted, upTo - emitted);
        emitted = upTo;
        return !onText || onText(piece);
    };
    for (;;) {
        if (int(result.ids.size()) >= options.maxTokens) { stats.stopReason = StopReason::MaxTokens; break; }
        if (cancel && cancel->load()) { stats.stopReason = StopReason::Cancelled; break; }
        const int id = sampler.sample(logits, history);
        if (result.ids.empty()) {
            stats.timeToFirstTokenSeconds = secondsSince(started);
            decodeStart = Clock::now();
        }
        result.ids.push_back(id);
        history.push_back(id);
        if (std::find(eos.begin(), eos.end(), id) != eos.end()) { stats.stopReason = StopReason::Eos; break; }

        all += stream.push(id);
        // A stop string anywhere in the text not yet handed out ends the reply there.
        size_t stopAt = std::string::npos;
        for (const std::string& s : options.stopStrings) {
            const size_t from = emitted >= s.size() ? emitted - s.size() + 1 : 0;
            stopAt = std::min(stopAt, all.find(s, from));
        }
        if (stopAt != std::string::npos) {
            all.resize(stopAt);
            if (!emit(all.size())) { stats.stopReason = StopReason::Cancelled; break; }
            stats.stopReason = StopReason::StopString;
            break;
        }
        if (!emit(all.size() - heldForStops(all, options.stopStrings))) {
            stats.stopReason = StopReason::Cancelled;
            break;
        }
        if (int(result.ids.size()) >= options.maxTokens) { stats.stopReason = StopReason::MaxTokens; break; }
        if (int(history.size()) >= config.maxPositionEmbeddings) { stats.stopReason = StopReason::ContextFull; break; }
        logits = model_.step({id}, *cache);
    }
    if (stats.stopReason != StopReason::StopString && stats.stopReason != StopReason::Cancelled) {
        all += stream.finish();
        emit(all.size());
    }
    stats.generatedTokens = int(result.ids.size());
    stats.decodeSeconds = result.ids.empty() ? 0 : secondsSince(decodeStart);
    // A cancelled reply keeps exactly what the caller was shown.
    result.text = stats.stopReason == StopReason::Cancelled ? all.substr(0, emitted) : all;
    return result;
}

} // namespace wb
