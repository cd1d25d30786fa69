// llmwb tokenizer encode|decode|train
#include "cli/command.h"
#include "cli/common.h"

#include "core/data/record.h"
#include "core/text/bpe_trainer.h"
#include "core/text/gpt2_bpe.h"
#include "core/text/hf_tokenizer.h"
#include "core/util/paths.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>

namespace wb::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Either kind of tokenizer behind one interface for the commands.
struct AnyTokenizer {
    std::string name;
    int vocabSize = 0;
    std::function<std::vector<int>(std::string_view, bool)> encode;
    std::function<std::string(const std::vector<int>&)> decode;
    std::shared_ptr<const void> owner;
};

AnyTokenizer fromHf(const std::string& path)
{
    std::shared_ptr<const HfTokenizer> t = HfTokenizer::load(path);
    return {path, t->vocabSize(), [t](std::string_view s, bool sp) { return t->encode(s, sp); },
            [t](const std::vector<int>& ids) { return t->decode(ids); }, t};
}

AnyTokenizer fromGpt2(const std::string& encoderJson, const std::string& vocabBpe, const std::string& name)
{
    std::shared_ptr<const Gpt2Bpe> t = Gpt2Bpe::load(encoderJson, vocabBpe);
    return {name, t->vocabSize(), [t](std::string_view s, bool sp) { return t->encode(s, sp); },
            [t](const std::vector<int>& ids) { return t->decode(ids); }, t};
}

// --tokenizer: a tokenizer.json file, or a folder holding tokenizer.json or
// encoder.json + vocab.bpe; default the shipped GPT-2 tokenizer.
AnyTokenizer loadTokenizer(const ParsedArgs& a)
{
    if (!a.has("tokenizer"))
        return fromGpt2(resourcePath("tokenizers/gpt2/encoder.json"), resourcePath("tokenizers/gpt2/vocab.bpe"), "gpt2");
    const std::string path = a.value("tokenizer");
    if (fs::is_directory(path)) {
        const fs::path dir(path);
        if (fs::is_regular_file(dir / "tokenizer.json"))
            return fromHf((dir / "tokenizer.json").string());
        if (fs::is_regular_file(dir / "encoder.json") && fs::is_regular_file(dir / "vocab.bpe"))
            return fromGpt2((dir / "encoder.json").string(), (dir / "vocab.bpe").string(), path);
        throw Error(path + ": no tokenizer.json or encoder.json + vocab.bpe in this folder");
    }
    if (!fs::is_regular_file(path))
        throw Error(path + ": no such tokenizer file or folder");
    return fromHf(path);
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path + ": cannot open file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

int tokenizerEncode(const ParsedArgs& a)
{
    if (a.has("file") == !a.positional.empty())
        throw UsageError("give either TEXT or --file FILE");
    const std::string text = a.has("file") ? readFile(a.value("file")) : a.positional[0];
    const AnyTokenizer tok = loadTokenizer(a);
    const std::vector<int> ids = tok.encode(text, a.has("special"));
    if (a.has("json")) {
        printJson({{"ids", ids}, {"count", ids.size()}});
        return kExitOk;
    }
    std::string line;
    for (size_t i = 0; i < ids.size(); ++i)
        line += (i ? " " : "") + std::to_string(ids[i]);
    std::printf("%s\n", line.c_str());
    return kExitOk;
}

int tokenizerDecode(const ParsedArgs& a)
{
    // Ids may be separate arguments or one argument separated by spaces/commas.
    std::vector<int> ids;
    for (const auto& arg : a.positional) {
        std::string token;
        auto flush = [&] {
            if (token.empty())
                return;
            ids.push_back(static_cast<int>(toInt("IDS", token, 0, std::numeric_limits<int>::max())));
            token.clear();
        };
        for (char c : arg) {
            if (c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '[' || c == ']')
                flush();
            else
                token += c;
        }
        flush();
    }
    const AnyTokenizer tok = loadTokenizer(a);
    const std::string text = tok.decode(ids);
    if (a.has("json")) {
        printJson({{"text", text}, {"count", ids.size()}});
        return kExitOk;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    return kExitOk;
}

int tokenizerTrain(const ParsedArgs& a)
{
    if (!a.has("out"))
        throw UsageError("--out FILE is required");
    if (!a.has("vocab-size"))
        throw UsageError("--vocab-size N is required");
    BpeTrainerOptions options;
    options.vocabSize = static_cast<int>(toInt("vocab-size", a.value("vocab-size"), 257, 1 << 20));
    if (a.has("min-frequency"))
        options.minPairFrequency = toInt("min-frequency", a.value("min-frequency"), 1, INT64_MAX);
    if (a.has("special"))
        options.specialTokens = a.values("special");
    BpeTrainer trainer(options);
    for (const auto& file : a.positional) {
        if (!fs::is_regular_file(file))
            throw Error(file + ": no such file");
        trainer.addFile(file);   // JSON/JSONL datasets are read as plain text
    }
    const BpeModel model = trainer.train();
    const std::string out = a.value("out");
    saveTokenizerJson(model, out);
    if (a.has("json")) {
        printJson({{"out", out},
                   {"vocab_size", model.tokens.size()},
                   {"merges", model.merges.size()},
                   {"distinct_words", trainer.distinctWords()}});
    } else {
        std::printf("wrote %s: vocabulary %zu (%zu merges) from %zu distinct words\n", out.c_str(), model.tokens.size(),
                    model.merges.size(), trainer.distinctWords());
    }
    return kExitOk;
}

const char* kTokenizerOption =
    "  --tokenizer PATH  tokenizer.json, or a folder holding tokenizer.json or\n"
    "                    encoder.json + vocab.bpe (default: the shipped GPT-2)\n";

} // namespace

CommandGroup tokenizerCommands()
{
    CommandGroup g{"tokenizer", "Encode, decode and train BPE tokenizers.", {}};
    g.commands.push_back(Command{
        "encode",
        "text to token ids",
        std::string("usage: llmwb tokenizer encode (TEXT | --file FILE) [--tokenizer PATH] [--special] [--json]\n"
                    "\n"
                    "Print the token ids of TEXT (or of the file's bytes), space separated.\n"
                    "\n"
                    "options:\n") +
            kTokenizerOption +
            "  --file FILE       encode this file's contents instead of TEXT\n"
            "  --special         match special tokens such as <|endoftext|> in the text\n"
            "  --json            print {\"ids\": [...], \"count\": n}\n",
        {{"tokenizer", true}, {"file", true}, {"special", false}, {"json", false}},
        0,
        1,
        tokenizerEncode});
    g.commands.push_back(Command{
        "decode",
        "token ids to text",
        std::string("usage: llmwb tokenizer decode IDS... [--tokenizer PATH] [--json]\n"
                    "\n"
                    "Print the text of the ids (separate arguments, or one argument separated\n"
                    "by spaces or commas). Unknown ids are an error.\n"
                    "\n"
                    "options:\n") +
            kTokenizerOption + "  --json            print {\"text\": ..., \"count\": n}\n",
        {{"tokenizer", true}, {"json", false}},
        1,
        std::numeric_limits<size_t>::max(),
        tokenizerDecode});
    g.commands.push_back(Command{
        "train",
        "train a byte-level BPE and write tokenizer.json",
        "usage: llmwb tokenizer train --vocab-size N --out FILE [options] FILE...\n"
        "\n"
        "Train a GPT-2 style byte-level BPE on the text of the files (corpus text,\n"
        "or JSON/JSONL datasets read as text) and write a Hugging Face tokenizer.json.\n"
        "\n"
        "options:\n"
        "  --vocab-size N       total vocabulary: 256 bytes + merges + special tokens\n"
        "  --out FILE           the tokenizer.json to write\n"
        "  --min-frequency N    stop when the best pair occurs fewer times (default 2)\n"
        "  --special TOKEN      a special token (repeatable; default <|endoftext|>)\n"
        "  --json               print {\"out\", \"vocab_size\", \"merges\", \"distinct_words\"}\n",
        {{"vocab-size", true}, {"out", true}, {"min-frequency", true}, {"special", true, true}, {"json", false}},
        1,
        std::numeric_limits<size_t>::max(),
        tokenizerTrain});
    return g;
}

} // namespace wb::cli
