// llmwb generate / llmwb chat: text generation with a local model. Part of the
// llmwb_compute module (LibTorch), loaded by llmwb only for these commands.
#include "cli/command.h"
#include "cli/common.h"
#include "cli/compute/compute_commands.h"

#include "core/data/record.h"
#include "core/infer/chat_template.h"
#include "core/infer/generator.h"
#include "core/nn/causal_lm.h"
#include "core/runtime/threads.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace wb::cli {
namespace {

using nlohmann::json;

const std::vector<OptionSpec> kModelOptions = {
    {"model", true}, {"dtype", true}, {"threads", true}, {"template", true}, {"system", true},
    {"max-tokens", true}, {"greedy", false}, {"preset", true}, {"temperature", true}, {"top-k", true},
    {"top-p", true}, {"min-p", true}, {"repetition-penalty", true}, {"presence-penalty", true},
    {"frequency-penalty", true}, {"seed", true}, {"stop", true, true}, {"step-by-step", false},
};

const char* kModelHelp =
    "  --model DIR              HF model folder (config.json, safetensors, tokenizer)\n"
    "  --dtype f32|bf16         weight type in memory (default f32)\n"
    "  --threads N              compute threads (default: all cores)\n"
    "  --template NAME          chatml, llama3, llama2, alpaca, vicuna, plain or raw (default: the\n"
    "                           model's tokenizer_config.json template, else raw)\n"
    "  --system TEXT            system prompt\n"
    "  --max-tokens N           most tokens to generate (default 256)\n"
    "  --greedy                 always take the most likely token\n"
    "  --preset NAME            precise, balanced or creative sampling\n"
    "  --temperature T, --top-k K, --top-p P, --min-p P\n"
    "  --repetition-penalty R, --presence-penalty P, --frequency-penalty P\n"
    "  --seed N                 sampling seed (default 0)\n"
    "  --stop TEXT              stop when the text appears (repeatable)\n"
    "  --step-by-step           ask the model to reason step by step\n";

struct LoadedModel {
    std::unique_ptr<CausalLM> model;
    std::unique_ptr<Tokenizer> tokenizer;
    std::optional<ChatTemplate> chatTemplate;   // nullopt: raw prompts
};

LoadedModel loadModel(const ParsedArgs& a)
{
    if (!a.has("model")) throw UsageError("--model DIR is required");
    configureComputeThreads(a.has("threads") ? int(toInt("threads", a.value("threads"), 1, 1024)) : 0);
    LoadOptions options;
    options.dtype = computeDTypeFromString(a.value("dtype", "f32"));
    ProgressLine progress("loading");
    options.progress = [&](uint64_t done, uint64_t total) { progress.update(int64_t(done), int64_t(total), "B"); };
    LoadedModel m;
    const std::string dir = a.value("model");
    m.model = CausalLM::load(dir, options);
    progress.finish();
    m.tokenizer = loadTokenizer(dir);
    const std::string name = a.value("template");
    if (name.empty()) m.chatTemplate = detectChatTemplate(dir);
    else if (name != "raw") m.chatTemplate = makeChatTemplate(chatTemplateFromString(name));
    return m;
}

GenerationOptions generationOptions(const ParsedArgs& a, const LoadedModel& m)
{
    GenerationOptions o;
    if (a.has("preset")) o.sampling = samplingPreset(a.value("preset"));
    SamplingParams& s = o.sampling;
    if (a.has("greedy")) s.greedy = true;
    if (a.has("temperature")) s.temperature = float(toDouble("temperature", a.value("temperature"), 0, 100));
    if (a.has("top-k")) s.topK = int(toInt("top-k", a.value("top-k"), 0, 1 << 24));
    if (a.has("top-p")) s.topP = float(toDouble("top-p", a.value("top-p"), 0, 1));
    if (a.has("min-p")) s.minP = float(toDouble("min-p", a.value("min-p"), 0, 1));
    if (a.has("repetition-penalty"))
        s.repetitionPenalty = float(toDouble("repetition-penalty", a.value("repetition-penalty"), 1e-3, 100));
    if (a.has("presence-penalty"))
        s.presencePenalty = float(toDouble("presence-penalty", a.value("presence-penalty"), -100, 100));
    if (a.has("frequency-penalty"))
        s.frequencyPenalty = float(toDouble("frequency-penalty", a.value("frequency-penalty"), -100, 100));
    if (a.has("seed")) s.seed = uint64_t(toInt("seed", a.value("seed"), 0, INT64_MAX));
    o.maxTokens = int(toInt("max-tokens", a.value("max-tokens", "256"), 0, 1 << 20));
    o.stopStrings = a.values("stop");
    if (m.chatTemplate) {
        o.stopStrings.insert(o.stopStrings.end(), m.chatTemplate->stops.begin(), m.chatTemplate->stops.end());
        o.allowSpecialInPrompt = true;
    } else {
        o.allowSpecialInPrompt = false;   // a raw prompt is the user's text, markers and all
    }
    return o;
}

std::vector<ChatMessage> withSystem(const ParsedArgs& a)
{
    std::vector<ChatMessage> c;
    if (a.has("system")) c.push_back({"system", a.value("system")});
    return c;
}

std::string renderPrompt(const ParsedArgs& a, const LoadedModel& m, std::vector<ChatMessage> conversation)
{
    if (a.has("step-by-step")) conversation = withStepByStep(conversation);
    if (m.chatTemplate) return m.chatTemplate->renderPrompt(conversation);
    std::string raw;
    for (const ChatMessage& c : conversation) raw += (raw.empty() ? "" : "\n") + c.content;
    return raw;
}

json statsJson(const GenerationStats& s)
{
    return {{"prompt_tokens", s.promptTokens},
            {"generated_tokens", s.generatedTokens},
            {"prefill_seconds", s.prefillSeconds},
            {"prefill_tokens_per_second", s.prefillTokensPerSecond()},
            {"time_to_first_token_seconds", s.timeToFirstTokenSeconds},
            {"decode_seconds", s.decodeSeconds},
            {"decode_tokens_per_second", s.decodeTokensPerSecond()},
            {"stop_reason", toString(s.stopReason)}};
}

void printStats(const GenerationStats& s)
{
    std::fprintf(stderr, "[%d prompt tokens, %.1f tok/s prefill, first token %.0f ms, %d tokens at %.1f tok/s, %s]\n",
                 s.promptTokens, s.prefillTokensPerSecond(), s.timeToFirstTokenSeconds * 1000, s.generatedTokens,
                 s.decodeTokensPerSecond(), toString(s.stopReason).c_str());
}

int runGenerate(const ParsedArgs& a)
{
    std::string prompt = a.value("prompt");
    if (a.has("file")) {
        std::ifstream in(a.value("file"), std::ios::binary);
        if (!in) throw Error(a.value("file") + ": cannot open file");
        std::stringstream s;
        s << in.rdbuf();
        prompt = s.str();
    }
    if (!a.has("prompt") && !a.has("file")) throw UsageError("give --prompt TEXT or --file FILE");
    installInterruptHandler();
    const LoadedModel m = loadModel(a);
    const GenerationOptions options = generationOptions(a, m);
    std::vector<ChatMessage> conversation = withSystem(a);
    conversation.push_back({"user", prompt});
    const std::string text = renderPrompt(a, m, conversation);
    Generator gen(*m.model, *m.tokenizer);
    const bool asJson = a.has("json");
    const GenerationResult r = gen.generate(text, options, [&](const std::string& piece) {
        if (!asJson) {
            std::fwrite(piece.data(), 1, piece.size(), stdout);
            std::fflush(stdout);
        }
        return !interrupted();
    });
    if (asJson) {
        printJson({{"model", a.value("model")},
                   {"template", m.chatTemplate ? toString(m.chatTemplate->kind) : std::string("raw")},
                   {"prompt", text},
                   {"prompt_ids", r.promptIds},
                   {"ids", r.ids},
                   {"text", r.text},
                   {"stats", statsJson(r.stats)}});
    } else {
        std::fputs("\n", stdout);
        printStats(r.stats);
    }
    return kExitOk;
}

int runChat(const ParsedArgs& a)
{
    installInterruptHandler();
    const LoadedModel m = loadModel(a);
    const GenerationOptions options = generationOptions(a, m);
    Generator gen(*m.model, *m.tokenizer);
    std::vector<ChatMessage> conversation = withSystem(a);
    std::fprintf(stderr, "chat with %s (%s template). /reset starts over, /exit or Ctrl-D ends.\n",
                 a.value("model").c_str(), m.chatTemplate ? toString(m.chatTemplate->kind).c_str() : "raw");
    std::string line;
    for (;;) {
        std::fputs("> ", stderr);
        if (!std::getline(std::cin, line) || line == "/exit") break;
        if (line == "/reset") {
            conversation = withSystem(a);
            continue;
        }
        if (line.empty()) continue;
        conversation.push_back({"user", line});
        const GenerationResult r = gen.generate(renderPrompt(a, m, conversation), options, [&](const std::string& piece) {
            std::fwrite(piece.data(), 1, piece.size(), stdout);
            std::fflush(stdout);
            return !interrupted();
        });
        std::fputs("\n", stdout);
        printStats(r.stats);
        conversation.push_back({"assistant", r.text});
    }
    return kExitOk;
}

} // namespace

CommandGroup generateCommands()
{
    std::vector<OptionSpec> genOptions = kModelOptions;
    genOptions.push_back({"prompt", true});
    genOptions.push_back({"file", true});
    genOptions.push_back({"json", false});
    CommandGroup g{"generate", "generate text with a local model", {}, true};
    g.commands.push_back({"generate", "generate text with a local model",
                          std::string("usage: llmwb generate --model DIR (--prompt TEXT | --file FILE) [options]\n\n"
                                      "Streams the reply to stdout and statistics to stderr.\n\n") +
                              kModelHelp +
                              "  --prompt TEXT            the user message (or a raw prompt with --template raw)\n"
                              "  --file FILE              read the prompt from FILE\n"
                              "  --json                   print {prompt, prompt_ids, ids, text, stats} instead\n",
                          genOptions, 0, 0, &runGenerate});
    return g;
}

CommandGroup chatCommands()
{
    CommandGroup g{"chat", "chat with a local model in the terminal", {}, true};
    g.commands.push_back({"chat", "chat with a local model in the terminal",
                          std::string("usage: llmwb chat --model DIR [options]\n\n"
                                      "An interactive chat: type a message, the reply streams back.\n"
                                      "/reset starts a new conversation; /exit or Ctrl-D ends.\n\n") +
                              kModelHelp,
                          kModelOptions, 0, 0, &runChat});
    return g;
}

} // namespace wb::cli
