// Tokenizer files -> GGUF tokenizer metadata, following llama.cpp's
// convert_hf_to_gguf.py (_set_vocab_sentencepiece, _set_vocab_gpt2), and back.
#include "core/weights/gguf_tokenizer.h"

#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace wb {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
constexpr std::string_view kLlama3Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kQwen2Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

int32_t typeOf(GgufTokenType t) { return static_cast<int32_t>(t); }

std::string readText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error(p.string() + ": cannot open file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

json readJson(const fs::path& p)
{
    try {
        return json::parse(readText(p));
    } catch (const json::parse_error& e) {
        throw Error(p.string() + ": invalid JSON: " + e.what());
    }
}

// llama.cpp's does_token_look_special(): added tokens written like these are
// control tokens even when not flagged special.
bool looksSpecial(const std::string& t)
{
    return t == "<pad>" || t == "<mask>" || (t.starts_with("<|") && t.ends_with("|>")) ||
           (t.starts_with("<unused") && t.ends_with(">"));
}

// A token list with every id up to `size`; holes are unused "[PAD<id>]".
struct VocabBuilder {
    std::vector<std::string> tokens;
    std::vector<int32_t> types;
    std::vector<float> scores;
    std::vector<uint8_t> set;

    void put(int id, std::string token, GgufTokenType type, float score, const std::string& where)
    {
        if (id < 0) throw Error(where + ": negative token id " + std::to_string(id));
        if (size_t(id) >= tokens.size()) {
            tokens.resize(size_t(id) + 1);
            types.resize(size_t(id) + 1, typeOf(GgufTokenType::Unused));
            scores.resize(size_t(id) + 1, -1000.0f);
            set.resize(size_t(id) + 1, 0);
        }
        tokens[size_t(id)] = std::move(token);
        types[size_t(id)] = typeOf(type);
        scores[size_t(id)] = score;
        set[size_t(id)] = 1;
    }

    void finish(GgufVocab& v, int modelVocab, const std::string& where)
    {
        if (modelVocab > 0 && tokens.size() > size_t(modelVocab))
            throw Error(where + ": the tokenizer has token id " + std::to_string(tokens.size() - 1) +
                        ", outside the model's vocab_size " + std::to_string(modelVocab));
        const size_t n = std::max(tokens.size(), size_t(std::max(modelVocab, 0)));
        for (size_t i = 0; i < n; ++i)
            if (i >= set.size() || !set[i]) put(int(i), "[PAD" + std::to_string(i) + "]", GgufTokenType::Unused, -1000.0f, where);
        v.tokens = std::move(tokens);
        v.types = std::move(types);
        if (v.model == "llama") v.scores = std::move(scores);
    }
};

std::optional<int> tokenIdOf(const GgufVocab& v, const std::string& text)
{
    for (size_t i = 0; i < v.tokens.size(); ++i)
        if (v.tokens[i] == text && v.types[i] != typeOf(GgufTokenType::Unused)) return int(i);
    return std::nullopt;
}

// "bos_token" in tokenizer_config.json: a string or {"content": ...}.
std::optional<std::string> specialTokenText(const json& config, const char* key)
{
    if (!config.contains(key)) return std::nullopt;
    const json& v = config[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
    return std::nullopt;
}

// Special ids and add_bos from the model config first, then tokenizer_config.json.
void setSpecialIds(GgufVocab& v, const ModelConfig& config, const fs::path& dir)
{
    if (config.bosTokenId) v.bos = *config.bosTokenId;
    if (!config.eosTokenIds.empty()) v.eos = config.eosTokenIds.front();
    if (config.padTokenId) v.pad = *config.padTokenId;
    const fs::path tc = dir / "tokenizer_config.json";
    if (!fs::is_regular_file(tc)) return;
    const json j = readJson(tc);
    if (!j.is_object()) return;
    auto fill = [&](std::optional<int>& id, const char* key) {
        if (id) return;
        if (auto text = specialTokenText(j, key)) id = tokenIdOf(v, *text);
    };
    fill(v.bos, "bos_token");
    fill(v.eos, "eos_token");
    fill(v.pad, "pad_token");
    fill(v.unk, "unk_token");
    if (j.contains("add_bos_token") && j["add_bos_token"].is_boolean()) v.addBos = j["add_bos_token"].get<bool>();
    if (j.contains("add_eos_token") && j["add_eos_token"].is_boolean()) v.addEos = j["add_eos_token"].get<bool>();
}

// Added tokens of tokenizer_config.json / added_tokens.json over a
// SentencePiece vocabulary, as _create_vocab_sentencepiece() applies them.
void addSentencePieceExtras(VocabBuilder& b, const fs::path& dir)
{
    const fs::path added = dir / "added_tokens.json";
    if (fs::is_regular_file(added)) {
        const json j = readJson(added);
        if (j.is_object())
            for (const auto& [text, id] : j.items())
                if (id.is_number_integer())
                    b.put(id.get<int>(), text, GgufTokenType::UserDefined, -1000.0f, added.string());
    }
    const fs::path tc = dir / "tokenizer_config.json";
    if (!fs::is_regular_file(tc)) return;
    const json j = readJson(tc);
    if (!j.is_object() || !j.contains("added_tokens_decoder") || !j["added_tokens_decoder"].is_object()) return;
    for (const auto& [key, data] : j["added_tokens_decoder"].items()) {
        const std::string where = tc.string() + ": field \"added_tokens_decoder." + key + "\"";
        if (!data.is_object() || !data.contains("content") || !data["content"].is_string())
            throw Error(where + ": expected an object with a \"content\" string");
        int id = 0;
        try {
            id = std::stoi(key);
        } catch (const std::exception&) {
            throw Error(where + ": the key is not a token id");
        }
        std::string text = data["content"].get<std::string>();
        const bool special = data.value("special", false) || looksSpecial(text);
        b.put(id, std::move(text), special ? GgufTokenType::Control : GgufTokenType::UserDefined, -1000.0f, where);
    }
}

// The parts of a SentencePiece ModelProto (sentencepiece_model.proto) that
// GGUF needs, read from the protobuf wire format directly: libsentencepiece
// is only loaded through its own module (core/text/spm_api.h), and its API
// does not expose scores and piece types anyway.
//   ModelProto   { repeated SentencePiece pieces = 1; TrainerSpec trainer_spec = 2; ... }
//   SentencePiece{ string piece = 1; float score = 2; Type type = 3 [default NORMAL]; }
//   TrainerSpec  { int32 unk_id = 40 [0]; bos_id = 41 [1]; eos_id = 42 [2]; pad_id = 43 [-1]; ... }
// Piece types use the numbers of GgufTokenType (llama.cpp took them from here).
struct SpmPiece {
    std::string piece;
    float score = 0.0f;
    int32_t type = 1;
};

struct SpmModel {
    std::vector<SpmPiece> pieces;
    int unk = 0, bos = 1, eos = 2, pad = -1;
};

class ProtoReader {
public:
    ProtoReader(const uint8_t* p, size_t n, const std::string& file) : p_(p), end_(p + n), file_(file) {}
    bool atEnd() const { return p_ >= end_; }

    uint64_t varint()
    {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ >= end_) fail("truncated varint");
            const uint8_t b = *p_++;
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        fail("varint longer than 10 bytes");
    }

    std::pair<const uint8_t*, size_t> bytes()
    {
        const uint64_t n = varint();
        if (n > uint64_t(end_ - p_)) fail("length " + std::to_string(n) + " runs past the end");
        const uint8_t* start = p_;
        p_ += n;
        return {start, size_t(n)};
    }

    float fixed32()
    {
        if (end_ - p_ < 4) fail("truncated fixed32");
        float f;
        std::memcpy(&f, p_, 4);
        p_ += 4;
        return f;
    }

    void skip(uint32_t wire)
    {
        switch (wire) {
        case 0: varint(); break;
        case 1: advance(8); break;
        case 2: bytes(); break;
        case 5: advance(4); break;
        default: fail("unsupported wire type " + std::to_string(wire));
        }
    }

private:
    void advance(size_t n)
    {
        if (size_t(end_ - p_) < n) fail("truncated field");
        p_ += n;
    }
    [[noreturn]] void fail(const std::string& what) const
    {
        throw Error(file_ + ": not a SentencePiece model: " + what);
    }

    const uint8_t* p_;
    const uint8_t* end_;
    const std::string& file_;
};

SpmModel readSpmModel(const fs::path& path)
{
    const std::string file = path.string();
    const std::string data = readText(path);
    const auto* base = reinterpret_cast<const uint8_t*>(data.data());
    SpmModel m;
    ProtoReader r(base, data.size(), file);
    while (!r.atEnd()) {
        const uint64_t tag = r.varint();
        const uint32_t field = uint32_t(tag >> 3), wire = uint32_t(tag & 7);
        if (field == 1 && wire == 2) {
            const auto [p, n] = r.bytes();
            ProtoReader pr(p, n, file);
            SpmPiece piece;
            while (!pr.atEnd()) {
                const uint64_t t = pr.varint();
                const uint32_t f = uint32_t(t >> 3), w = uint32_t(t & 7);
                if (f == 1 && w == 2) {
                    const auto [s, len] = pr.bytes();
                    piece.piece.assign(reinterpret_cast<const char*>(s), len);
                } else if (f == 2 && w == 5) {
                    piece.score = pr.fixed32();
                } else if (f == 3 && w == 0) {
                    piece.type = int32_t(pr.varint());
                } else {
                    pr.skip(w);
                }
            }
            m.pieces.push_back(std::move(piece));
        } else if (field == 2 && wire == 2) {
            const auto [p, n] = r.bytes();
            ProtoReader tr(p, n, file);
            while (!tr.atEnd()) {
                const uint64_t t = tr.varint();
                const uint32_t f = uint32_t(t >> 3), w = uint32_t(t & 7);
                if (w == 0 && f >= 40 && f <= 43) {
                    const int v = int(int32_t(uint32_t(tr.varint())));   // int32: negatives are 10-byte varints
                    (f == 40 ? m.unk : f == 41 ? m.bos : f == 42 ? m.eos : m.pad) = v;
                } else {
                    tr.skip(w);
                }
            }
        } else {
            r.skip(wire);
        }
    }
    if (m.pieces.empty()) throw Error(file + ": not a SentencePiece model: no pieces");
    for (size_t i = 0; i < m.pieces.size(); ++i)
        if (m.pieces[i].type < 1 || m.pieces[i].type > 6)
            throw Error(file + ": piece " + std::to_string(i) + " has unknown type " + std::to_string(m.pieces[i].type));
    return m;
}

GgufVocab fromSentencePiece(const fs::path& path, const ModelConfig& config)
{
    const SpmModel sp = readSpmModel(path);
    GgufVocab v;
    v.model = "llama";
    v.pre = "default";
    v.source = path.string();
    VocabBuilder b;
    for (size_t id = 0; id < sp.pieces.size(); ++id)
        b.put(int(id), sp.pieces[id].piece, GgufTokenType(sp.pieces[id].type), sp.pieces[id].score, path.string());
    addSentencePieceExtras(b, path.parent_path());
    b.finish(v, config.vocabSize, path.string());
    const int n = int(sp.pieces.size());
    auto valid = [&](int id) { return id >= 0 && id < n ? std::optional<int>(id) : std::nullopt; };
    v.unk = valid(sp.unk);
    setSpecialIds(v, config, path.parent_path());
    if (!v.bos) v.bos = valid(sp.bos);
    if (!v.eos) v.eos = valid(sp.eos);
    if (!v.pad) v.pad = valid(sp.pad);
    if (!v.addBos) v.addBos = true;   // SentencePiece Llama models start with BOS
    if (!v.addEos) v.addEos = false;
    return v;
}

bool hasByteLevel(const json& node)
{
    if (!node.is_object()) return false;
    if (node.value("type", std::string()) == "ByteLevel") return true;
    for (const char* key : {"pretokenizers", "decoders"})
        if (node.contains(key) && node[key].is_array())
            for (const json& sub : node[key])
                if (hasByteLevel(sub)) return true;
    return false;
}

// llama.cpp picks the pre-tokenizer regex by name; only splits it implements
// exactly are accepted, so a converted model never tokenizes differently.
std::string preTokenizerName(const json& pre, const std::string& file)
{
    std::string found;
    std::function<void(const json&)> walk = [&](const json& n) {
        if (!n.is_object()) return;
        const std::string type = n.value("type", std::string());
        if (type == "Sequence" && n.contains("pretokenizers") && n["pretokenizers"].is_array()) {
            for (const json& sub : n["pretokenizers"]) walk(sub);
        } else if (type == "ByteLevel") {
            if (n.value("use_regex", true) && found.empty()) found = "gpt-2";
        } else if (type == "Split") {
            const json pat = n.value("pattern", json::object());
            std::string p;
            if (pat.contains("Regex") && pat["Regex"].is_string()) p = pat["Regex"].get<std::string>();
            else if (pat.contains("String") && pat["String"].is_string()) p = pat["String"].get<std::string>();
            if (p == kGpt2Pattern) found = "gpt-2";
            else if (p == kLlama3Pattern) found = "llama-bpe";
            else if (p == kQwen2Pattern) found = "qwen2";
            else
                throw Error(file + ": field \"pre_tokenizer\": split pattern " + pat.dump() +
                            " has no llama.cpp equivalent here (GPT-2, Llama 3 and Qwen2 patterns are known)");
        }
    };
    walk(pre);
    if (found.empty())
        throw Error(file + ": field \"pre_tokenizer\": no ByteLevel regex or known Split pattern found");
    return found;
}

GgufVocab fromTokenizerJson(const fs::path& path, const ModelConfig& config)
{
    const std::string file = path.string();
    const json root = readJson(path);
    if (!root.is_object() || !root.contains("model") || !root["model"].is_object())
        throw Error(file + ": field \"model\": missing or not an object");
    const json& model = root["model"];
    const std::string type = model.value("type", std::string("BPE"));
    if (type != "BPE")
        throw Error(file + ": field \"model.type\": \"" + type + "\" cannot be written to GGUF here (BPE only)");
    if (!model.contains("vocab") || !model["vocab"].is_object())
        throw Error(file + ": field \"model.vocab\": missing or not an object");

    GgufVocab v;
    v.source = file;
    const bool byteLevel = hasByteLevel(root.value("pre_tokenizer", json())) || hasByteLevel(root.value("decoder", json()));
    v.model = byteLevel ? "gpt2" : "llama";
    v.pre = byteLevel ? preTokenizerName(root.value("pre_tokenizer", json()), file) : "default";

    // Merges: "a b" strings, or [a, b] pairs in newer files.
    const json merges = model.value("merges", json::array());
    std::vector<std::string> mergeList;
    for (size_t i = 0; i < merges.size(); ++i) {
        const json& m = merges[i];
        if (m.is_string()) mergeList.push_back(m.get<std::string>());
        else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string())
            mergeList.push_back(m[0].get<std::string>() + " " + m[1].get<std::string>());
        else throw Error(file + ": field \"model.merges[" + std::to_string(i) + "]\": expected \"a b\" or [a, b]");
    }
    // SentencePiece-style BPE: llama.cpp merges by score, so a token's score
    // is minus the rank of the merge that makes it.
    std::map<std::string, size_t> mergeRank;
    for (size_t r = 0; r < mergeList.size(); ++r) {
        const size_t sp = mergeList[r].find(' ');
        if (sp == std::string::npos) continue;
        mergeRank.emplace(mergeList[r].substr(0, sp) + mergeList[r].substr(sp + 1), r);
    }
    const std::string unkText = model.contains("unk_token") && model["unk_token"].is_string()
                                    ? model["unk_token"].get<std::string>() : std::string();

    VocabBuilder b;
    for (const auto& [text, idJson] : model["vocab"].items()) {
        if (!idJson.is_number_integer())
            throw Error(file + ": field \"model.vocab." + text + "\": expected an integer id");
        GgufTokenType t = GgufTokenType::Normal;
        float score = 0.0f;
        if (!byteLevel) {
            if (text == unkText) t = GgufTokenType::Unknown;
            else if (text.size() == 6 && text.starts_with("<0x") && text.ends_with(">")) t = GgufTokenType::Byte;
            else if (auto it = mergeRank.find(text); it != mergeRank.end()) score = -float(it->second);
            else score = -float(mergeList.size() + size_t(idJson.get<int>()));
        }
        b.put(idJson.get<int>(), text, t, score, file + ": field \"model.vocab\"");
    }
    for (const json& a : root.value("added_tokens", json::array())) {
        if (!a.is_object() || !a.contains("id") || !a["id"].is_number_integer() || !a.contains("content") ||
            !a["content"].is_string())
            throw Error(file + ": field \"added_tokens\": expected objects with \"id\" and \"content\"");
        std::string text = a["content"].get<std::string>();
        const bool special = a.value("special", false) || looksSpecial(text);
        b.put(a["id"].get<int>(), std::move(text), special ? GgufTokenType::Control : GgufTokenType::UserDefined,
              -1000.0f, file + ": field \"added_tokens\"");
    }
    b.finish(v, config.vocabSize, file);
    if (byteLevel) v.merges = std::move(mergeList);
    if (!unkText.empty()) v.unk = tokenIdOf(v, unkText);
    setSpecialIds(v, config, path.parent_path());
    if (!v.addBos) v.addBos = !byteLevel;
    return v;
}

// GPT-2 style vocab.json / encoder.json (token -> id) plus merges.txt / vocab.bpe.
GgufVocab fromVocabAndMerges(const fs::path& vocabPath, const fs::path& mergesPath, const ModelConfig& config)
{
    const json vocab = readJson(vocabPath);
    if (!vocab.is_object()) throw Error(vocabPath.string() + ": expected a JSON object of token -> id");
    GgufVocab v;
    v.model = "gpt2";
    v.pre = "gpt-2";
    v.source = vocabPath.string();
    VocabBuilder b;
    for (const auto& [text, id] : vocab.items()) {
        if (!id.is_number_integer()) throw Error(vocabPath.string() + ": field \"" + text + "\": expected an integer id");
        b.put(id.get<int>(), text, looksSpecial(text) ? GgufTokenType::Control : GgufTokenType::Normal, 0.0f,
              vocabPath.string());
    }
    std::istringstream lines(readText(mergesPath));
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.starts_with("#version")) continue;
        v.merges.push_back(line);
    }
    b.finish(v, config.vocabSize, vocabPath.string());
    setSpecialIds(v, config, vocabPath.parent_path());
    if (!v.addBos) v.addBos = false;
    return v;
}

const GgufValue* findKey(const GgufFile& f, const char* key) { return f.find(key); }

} // namespace

std::optional<GgufVocab> vocabFromFolder(const std::string& dirPath, const ModelConfig& config)
{
    const fs::path dir(dirPath);
    if (fs::is_regular_file(dir / "tokenizer.model")) return fromSentencePiece(dir / "tokenizer.model", config);
    if (fs::is_regular_file(dir / "tokenizer.json")) return fromTokenizerJson(dir / "tokenizer.json", config);
    if (fs::is_regular_file(dir / "vocab.json") && fs::is_regular_file(dir / "merges.txt"))
        return fromVocabAndMerges(dir / "vocab.json", dir / "merges.txt", config);
    if (fs::is_regular_file(dir / "encoder.json") && fs::is_regular_file(dir / "vocab.bpe"))
        return fromVocabAndMerges(dir / "encoder.json", dir / "vocab.bpe", config);
    return std::nullopt;
}

GgufVocab vocabFromFile(const std::string& path, const ModelConfig& config)
{
    const fs::path p(path);
    if (!fs::is_regular_file(p)) throw Error(path + ": no such tokenizer file");
    if (p.extension() == ".model") return fromSentencePiece(p, config);
    if (p.extension() == ".json") return fromTokenizerJson(p, config);
    throw Error(path + ": not a tokenizer file (a SentencePiece .model or an HF tokenizer .json)");
}

std::vector<GgufKV> vocabToGgufKvs(const GgufVocab& v)
{
    std::vector<GgufKV> kvs;
    kvs.emplace_back("tokenizer.ggml.model", GgufValue::str(v.model));
    kvs.emplace_back("tokenizer.ggml.pre", GgufValue::str(v.pre));
    kvs.emplace_back("tokenizer.ggml.tokens", GgufValue::strings(v.tokens));
    if (!v.scores.empty()) kvs.emplace_back("tokenizer.ggml.scores", GgufValue::floats(v.scores));
    kvs.emplace_back("tokenizer.ggml.token_type", GgufValue::ints(v.types));
    if (!v.merges.empty()) kvs.emplace_back("tokenizer.ggml.merges", GgufValue::strings(v.merges));
    auto id = [&](const char* key, const std::optional<int>& x) {
        if (x && *x >= 0) kvs.emplace_back(key, GgufValue::u32(uint32_t(*x)));
    };
    id("tokenizer.ggml.bos_token_id", v.bos);
    id("tokenizer.ggml.eos_token_id", v.eos);
    id("tokenizer.ggml.unknown_token_id", v.unk);
    id("tokenizer.ggml.padding_token_id", v.pad);
    if (v.addBos) kvs.emplace_back("tokenizer.ggml.add_bos_token", GgufValue::boolean(*v.addBos));
    if (v.addEos) kvs.emplace_back("tokenizer.ggml.add_eos_token", GgufValue::boolean(*v.addEos));
    return kvs;
}

std::optional<GgufVocab> vocabFromGguf(const GgufFile& f)
{
    const GgufValue* tokens = findKey(f, "tokenizer.ggml.tokens");
    if (!tokens) return std::nullopt;
    auto where = [&](const char* key) { return f.name() + ": metadata '" + key + "'"; };
    auto read = [&](const char* key, auto fn) {
        try {
            return fn();
        } catch (const Error& e) {
            throw Error(where(key) + ": " + e.what());
        }
    };
    GgufVocab v;
    v.source = f.name();
    v.tokens = read("tokenizer.ggml.tokens", [&] { return tokens->asStrings(); });
    if (const GgufValue* m = findKey(f, "tokenizer.ggml.model")) v.model = read("tokenizer.ggml.model", [&] { return m->asString(); });
    else throw Error(where("tokenizer.ggml.model") + ": missing while tokenizer.ggml.tokens is present");
    if (const GgufValue* p = findKey(f, "tokenizer.ggml.pre")) v.pre = read("tokenizer.ggml.pre", [&] { return p->asString(); });
    const size_t n = v.tokens.size();
    if (const GgufValue* t = findKey(f, "tokenizer.ggml.token_type")) {
        read("tokenizer.ggml.token_type", [&] {
            for (const auto& x : t->asArray().items) v.types.push_back(int32_t(x.asInt()));
            return 0;
        });
        if (v.types.size() != n)
            throw Error(where("tokenizer.ggml.token_type") + ": " + std::to_string(v.types.size()) +
                        " entries for " + std::to_string(n) + " tokens");
    } else {
        v.types.assign(n, typeOf(GgufTokenType::Normal));
    }
    if (const GgufValue* s = findKey(f, "tokenizer.ggml.scores")) {
        read("tokenizer.ggml.scores", [&] {
            for (const auto& x : s->asArray().items) v.scores.push_back(float(x.asFloat()));
            return 0;
        });
        if (v.scores.size() != n)
            throw Error(where("tokenizer.ggml.scores") + ": " + std::to_string(v.scores.size()) + " entries for " +
                        std::to_string(n) + " tokens");
    }
    if (const GgufValue* m = findKey(f, "tokenizer.ggml.merges"))
        v.merges = read("tokenizer.ggml.merges", [&] { return m->asStrings(); });
    auto id = [&](const char* key, std::optional<int>& out) {
        if (const GgufValue* x = findKey(f, key)) {
            const int64_t i = read(key, [&] { return x->asInt(); });
            if (i < 0 || uint64_t(i) >= n)
                throw Error(where(key) + ": token id " + std::to_string(i) + " is outside the " + std::to_string(n) +
                            " tokens");
            out = int(i);
        }
    };
    id("tokenizer.ggml.bos_token_id", v.bos);
    id("tokenizer.ggml.eos_token_id", v.eos);
    id("tokenizer.ggml.unknown_token_id", v.unk);
    id("tokenizer.ggml.padding_token_id", v.pad);
    if (const GgufValue* b = findKey(f, "tokenizer.ggml.add_bos_token")) v.addBos = read("tokenizer.ggml.add_bos_token", [&] { return b->asBool(); });
    if (const GgufValue* e = findKey(f, "tokenizer.ggml.add_eos_token")) v.addEos = read("tokenizer.ggml.add_eos_token", [&] { return e->asBool(); });
    return v;
}

std::string vocabToTokenizerJson(const GgufVocab& v)
{
    if (v.model != "gpt2")
        throw Error(v.source + ": tokenizer.ggml.model \"" + v.model +
                    "\" cannot be turned into a tokenizer.json (only \"gpt2\" byte-level BPE stores its merges)");
    nlohmann::ordered_json preTokenizer;
    auto split = [](std::string_view pattern) {
        nlohmann::ordered_json s;
        s["type"] = "Split";
        s["pattern"] = {{"Regex", std::string(pattern)}};
        s["behavior"] = "Isolated";
        s["invert"] = false;
        nlohmann::ordered_json b = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true},
                                    {"use_regex", false}};
        return nlohmann::ordered_json{{"type", "Sequence"}, {"pretokenizers", {s, b}}};
    };
    if (v.pre.empty() || v.pre == "gpt-2" || v.pre == "gpt2" || v.pre == "default")
        preTokenizer = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
    else if (v.pre == "llama-bpe" || v.pre == "llama3")
        preTokenizer = split(kLlama3Pattern);
    else if (v.pre == "qwen2")
        preTokenizer = split(kQwen2Pattern);
    else
        throw Error(v.source + ": tokenizer.ggml.pre \"" + v.pre + "\" has no known split pattern here (gpt-2, llama-bpe, qwen2)");

    nlohmann::ordered_json added = nlohmann::ordered_json::array();
    nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
    for (size_t id = 0; id < v.tokens.size(); ++id) {
        const auto type = static_cast<GgufTokenType>(v.types[id]);
        if (type == GgufTokenType::Unused) continue;
        vocab[v.tokens[id]] = id;
        if (type == GgufTokenType::Control || type == GgufTokenType::UserDefined)
            added.push_back({{"id", id}, {"content", v.tokens[id]}, {"single_word", false}, {"lstrip", false},
                             {"rstrip", false}, {"normalized", false}, {"special", type == GgufTokenType::Control}});
    }
    nlohmann::ordered_json root;
    root["version"] = "1.0";
    root["truncation"] = nullptr;
    root["padding"] = nullptr;
    root["added_tokens"] = added;
    root["normalizer"] = nullptr;
    root["pre_tokenizer"] = preTokenizer;
    root["post_processor"] = nullptr;
    root["decoder"] = {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}};
    nlohmann::ordered_json m;
    m["type"] = "BPE";
    m["dropout"] = nullptr;
    m["unk_token"] = nullptr;
    m["continuing_subword_prefix"] = nullptr;
    m["end_of_word_suffix"] = nullptr;
    m["fuse_unk"] = false;
    m["byte_fallback"] = false;
    m["ignore_merges"] = false;
    m["vocab"] = vocab;
    m["merges"] = v.merges;
    root["model"] = m;
    return root.dump(1) + "\n";
}

} // namespace wb
