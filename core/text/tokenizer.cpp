#include "core/text/tokenizer.h"

#include "core/data/record.h"
#include "core/text/gpt2_bpe.h"
#include "core/text/hf_tokenizer.h"
#include "core/text/sentencepiece_tokenizer.h"

#include <filesystem>

namespace wb {
namespace {

namespace fs = std::filesystem;

class HfAdapter final : public Tokenizer {
public:
    HfAdapter(std::unique_ptr<HfTokenizer> t, std::string path) : t_(std::move(t)), path_(std::move(path)) {}
    std::vector<int> encode(std::string_view text, bool allowSpecial) const override { return t_->encode(text, allowSpecial); }
    std::string decode(const std::vector<int>& ids) const override { return t_->decode(ids); }
    int vocabSize() const override { return t_->vocabSize(); }
    std::optional<int> tokenId(std::string_view token) const override { return t_->tokenId(token); }
    bool isSpecial(int id) const override { return t_->isSpecial(id); }
    std::string kind() const override { return "hf-bpe"; }
    std::string path() const override { return path_; }
    std::string name() const override { return t_->name(); }

private:
    std::unique_ptr<HfTokenizer> t_;
    std::string path_;
};

class Gpt2Adapter final : public Tokenizer {
public:
    Gpt2Adapter(std::unique_ptr<Gpt2Bpe> t, std::string path) : t_(std::move(t)), path_(std::move(path)) {}
    std::vector<int> encode(std::string_view text, bool allowSpecial) const override { return t_->encode(text, allowSpecial); }
    std::string decode(const std::vector<int>& ids) const override { return t_->decode(ids); }
    int vocabSize() const override { return t_->vocabSize(); }
    // GPT-2's vocabulary has one special token; other lookups go through encode.
    std::optional<int> tokenId(std::string_view token) const override
    {
        if (token == "<|endoftext|>") return t_->endOfTextId();
        const std::vector<int> ids = t_->encode(token);
        if (ids.size() == 1) return ids.front();
        return std::nullopt;
    }
    bool isSpecial(int id) const override { return id == t_->endOfTextId(); }
    std::string kind() const override { return "gpt2"; }
    std::string path() const override { return path_; }
    std::string name() const override { return t_->name(); }

private:
    std::unique_ptr<Gpt2Bpe> t_;
    std::string path_;
};

// SentencePiece encodes control tokens (<s>, </s>) only when they are asked
// for; allowSpecial splits the text on their written forms.
class SentencePieceAdapter final : public Tokenizer {
public:
    SentencePieceAdapter(std::unique_ptr<SentencePieceTokenizer> t, std::string path)
        : t_(std::move(t)), path_(std::move(path))
    {
        for (int id : {t_->bosId(), t_->eosId()})
            if (id >= 0) specials_.emplace_back(t_->pieceText(id), id);
    }
    std::vector<int> encode(std::string_view text, bool allowSpecial) const override
    {
        if (!allowSpecial || specials_.empty()) return t_->encode(text);
        std::vector<int> out;
        size_t start = 0;
        while (start <= text.size()) {
            size_t best = std::string_view::npos;
            const std::pair<std::string, int>* hit = nullptr;
            for (const auto& s : specials_) {
                const size_t at = text.find(s.first, start);
                if (at < best) { best = at; hit = &s; }
            }
            const std::string_view plain = text.substr(start, hit ? best - start : std::string_view::npos);
            if (!plain.empty()) {
                const std::vector<int> ids = t_->encode(plain);
                out.insert(out.end(), ids.begin(), ids.end());
            }
            if (!hit) break;
            out.push_back(hit->second);
            start = best + hit->first.size();
        }
        return out;
    }
    std::string decode(const std::vector<int>& ids) const override { return t_->decode(ids); }
    int vocabSize() const override { return t_->vocabSize(); }
    std::optional<int> tokenId(std::string_view token) const override
    {
        const int id = t_->pieceId(token);
        if (id == t_->unkId() && token != t_->pieceText(id)) return std::nullopt;
        return id;
    }
    bool isSpecial(int id) const override { return id == t_->bosId() || id == t_->eosId() || id == t_->unkId(); }
    std::string kind() const override { return "sentencepiece"; }
    std::string path() const override { return path_; }
    std::string name() const override { return t_->name(); }

private:
    std::unique_ptr<SentencePieceTokenizer> t_;
    std::string path_;
    std::vector<std::pair<std::string, int>> specials_;
};

// Bytes at the end of `s` that start a UTF-8 character the next token may
// complete (a lead byte followed by fewer continuation bytes than it needs).
size_t incompleteTail(std::string_view s)
{
    const size_t n = s.size();
    for (size_t back = 1; back <= 3 && back <= n; ++back) {
        const unsigned char c = static_cast<unsigned char>(s[n - back]);
        if ((c & 0xC0) == 0x80) continue;   // continuation byte: look further back
        size_t need = 0;
        if (c >= 0xC2 && c <= 0xDF) need = 2;
        else if (c >= 0xE0 && c <= 0xEF) need = 3;
        else if (c >= 0xF0 && c <= 0xF4) need = 4;
        return need > back ? back : 0;
    }
    return 0;
}

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

} // namespace

std::unique_ptr<Tokenizer> loadTokenizerFile(const std::string& path)
{
    const std::string file = fs::path(path).filename().string();
    if (file.ends_with(".json") && file != "encoder.json" && file != "vocab.json")
        return std::make_unique<HfAdapter>(HfTokenizer::load(path), path);
    if (file.ends_with(".model"))
        return std::make_unique<SentencePieceAdapter>(SentencePieceTokenizer::load(path), path);
    if (file == "encoder.json" || file == "vocab.json") {
        const fs::path dir = fs::path(path).parent_path();
        const fs::path merges = file == "encoder.json" ? dir / "vocab.bpe" : dir / "merges.txt";
        return std::make_unique<Gpt2Adapter>(Gpt2Bpe::load(path, merges.string()), path);
    }
    throw Error(path + ": not a tokenizer file (tokenizer.json, *.model, encoder.json or vocab.json)");
}

std::unique_ptr<Tokenizer> loadTokenizer(const std::string& modelDir)
{
    const fs::path dir(modelDir);
    for (const char* name : {"tokenizer.json", "tokenizer.model", "encoder.json", "vocab.json"}) {
        std::error_code ec;
        if (fs::is_regular_file(dir / name, ec)) return loadTokenizerFile((dir / name).string());
    }
    throw Error(modelDir + ": no tokenizer (tokenizer.json, tokenizer.model, encoder.json + vocab.bpe or "
                           "vocab.json + merges.txt)");
}

std::string TextStream::push(int id)
{
    ids_.push_back(id);
    const std::string full = tok_.decode(ids_);
    if (full.size() < decodedBytes_) return {};   // a decoder that rewrote its past: emit nothing more
    std::string_view fresh = std::string_view(full).substr(decodedBytes_);
    size_t hold = incompleteTail(fresh);
    // SentencePiece writes U+FFFD for the byte pieces of a character that is
    // not complete yet; wait for the rest rather than emit the placeholder.
    // It writes one per byte piece, so hold back every trailing one.
    if (hold == 0 && tok_.kind() == "sentencepiece")
        while (fresh.substr(0, fresh.size() - hold).ends_with(kReplacementChar)) hold += kReplacementChar.size();
    const std::string out(fresh.substr(0, fresh.size() - hold));
    decodedBytes_ += out.size();
    emitted_ += out;
    return out;
}

std::string TextStream::finish()
{
    if (ids_.empty()) return {};
    const std::string full = tok_.decode(ids_);
    std::string out = full.size() > decodedBytes_ ? full.substr(decodedBytes_) : std::string();
    decodedBytes_ = full.size();
    emitted_ += out;
    return out;
}

} // namespace wb
