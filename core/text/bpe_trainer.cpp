// Byte-level BPE training over word counts. Each step merges the most
// frequent adjacent pair (ties: smallest ids). Pair counts are kept
// incrementally: only the words containing the merged pair are re-counted,
// found through a pair -> words index, and a lazy max-heap yields the best pair.
#include "core/text/bpe_trainer.h"

#include "core/data/record.h"
#include "core/text/gpt2_bpe.h"
#include "core/text/hf_tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <queue>

namespace wb {
namespace {

uint64_t pairKey(int l, int r)
{
    return (uint64_t(uint32_t(l)) << 32) | uint32_t(r);
}

struct Word {
    std::vector<int> syms;
    int64_t count;
};

struct HeapEntry {
    int64_t count;
    uint64_t pair;
    // Max count first; at equal counts the smaller pair key (deterministic).
    bool operator<(const HeapEntry& o) const { return count != o.count ? count < o.count : pair > o.pair; }
};

} // namespace

BpeTrainer::BpeTrainer(BpeTrainerOptions options) : options_(std::move(options))
{
    const int minimum = 256 + int(options_.specialTokens.size());
    if (options_.vocabSize < minimum)
        throw Error("BPE trainer: vocab size " + std::to_string(options_.vocabSize) + " is below " + std::to_string(minimum)
                    + " (256 bytes + " + std::to_string(options_.specialTokens.size()) + " special tokens)");
    for (const std::string& s : options_.specialTokens)
        if (s.empty()) throw Error("BPE trainer: empty special token");
}

void BpeTrainer::addText(std::string_view text)
{
    // Cut out special tokens, then count pre-tokenized words in each part.
    size_t pos = 0;
    while (pos < text.size()) {
        size_t hit = std::string_view::npos, len = 0;
        for (const std::string& s : options_.specialTokens) {
            const size_t h = text.find(s, pos);
            if (h < hit || (h == hit && s.size() > len)) {
                hit = h;
                len = s.size();
            }
        }
        const std::string_view part = text.substr(pos, hit == std::string_view::npos ? std::string_view::npos : hit - pos);
        for (std::string_view w : Gpt2Bpe::preTokenize(part)) ++wordCounts_[std::string(w)];
        if (hit == std::string_view::npos) break;
        pos = hit + len;
    }
}

void BpeTrainer::addFile(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(path + ": cannot open file");
    std::string block, line;
    while (std::getline(f, line)) {
        block += line;
        if (!f.eof()) block += '\n';
        if (block.size() >= (1 << 20)) {
            addText(block);
            block.clear();
        }
    }
    if (f.bad()) throw Error(path + ": read error");
    addText(block);
}

BpeModel BpeTrainer::train() const
{
    BpeModel model;
    for (int b = 0; b < 256; ++b) model.tokens.emplace_back(1, char(b));
    std::unordered_map<std::string, int> tokenIds;
    for (int b = 0; b < 256; ++b) tokenIds.emplace(model.tokens[b], b);

    // Words in a fixed order so that training does not depend on hashing.
    std::vector<std::pair<std::string, int64_t>> sorted(wordCounts_.begin(), wordCounts_.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<Word> words;
    words.reserve(sorted.size());
    for (const auto& [w, c] : sorted) {
        Word word{{}, c};
        for (unsigned char b : w) word.syms.push_back(b);
        words.push_back(std::move(word));
    }

    std::unordered_map<uint64_t, int64_t> pairCounts;
    std::unordered_map<uint64_t, std::vector<int>> pairWords;   // may list words that lost the pair
    for (size_t wi = 0; wi < words.size(); ++wi) {
        const Word& w = words[wi];
        for (size_t i = 0; i + 1 < w.syms.size(); ++i) {
            const uint64_t k = pairKey(w.syms[i], w.syms[i + 1]);
            pairCounts[k] += w.count;
            std::vector<int>& list = pairWords[k];
            if (list.empty() || list.back() != int(wi)) list.push_back(int(wi));
        }
    }
    std::priority_queue<HeapEntry> heap;
    for (const auto& [k, c] : pairCounts) heap.push({c, k});

    const int budget = options_.vocabSize - int(options_.specialTokens.size());
    std::vector<uint64_t> touched;
    while (int(model.tokens.size()) < budget && !heap.empty()) {
        const HeapEntry top = heap.top();
        heap.pop();
        const auto it = pairCounts.find(top.pair);
        const int64_t current = it == pairCounts.end() ? 0 : it->second;
        if (current != top.count) {   // stale entry
            if (current > 0) heap.push({current, top.pair});
            continue;
        }
        if (current < options_.minPairFrequency) break;
        const int left = int(top.pair >> 32), right = int(uint32_t(top.pair));
        const std::string merged = model.tokens[left] + model.tokens[right];
        int newId;
        if (const auto existing = tokenIds.find(merged); existing != tokenIds.end()) {
            newId = existing->second;   // same bytes reached by another merge order
        } else {
            newId = int(model.tokens.size());
            model.tokens.push_back(merged);
            tokenIds.emplace(merged, newId);
        }
        model.merges.emplace_back(left, right);

        touched.clear();
        const std::vector<int> affected = std::move(pairWords[top.pair]);
        pairWords.erase(top.pair);
        for (int wi : affected) {
            Word& w = words[wi];
            auto adjust = [&](int64_t sign) {
                for (size_t i = 0; i + 1 < w.syms.size(); ++i) {
                    const uint64_t k = pairKey(w.syms[i], w.syms[i + 1]);
                    pairCounts[k] += sign * w.count;
                    if (sign > 0) {
                        std::vector<int>& list = pairWords[k];
                        if (list.empty() || list.back() != wi) list.push_back(wi);
                        touched.push_back(k);
                    }
                }
            };
            bool found = false;
            for (size_t i = 0; i + 1 < w.syms.size(); ++i)
                if (w.syms[i] == left && w.syms[i + 1] == right) found = true;
            if (!found) continue;
            adjust(-1);
            size_t out = 0;
            for (size_t i = 0; i < w.syms.size(); ++i) {
                if (i + 1 < w.syms.size() && w.syms[i] == left && w.syms[i + 1] == right) {
                    w.syms[out++] = newId;
                    ++i;
                } else {
                    w.syms[out++] = w.syms[i];
                }
            }
            w.syms.resize(out);
            adjust(+1);
        }
        pairCounts.erase(top.pair);
        // Pairs whose count grew (those with the new token) need fresh heap
        // entries; shrunk ones are corrected lazily when popped.
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        for (uint64_t k : touched) {
            const int l = int(k >> 32), r = int(uint32_t(k));
            if ((l == newId || r == newId) && pairCounts[k] > 0) heap.push({pairCounts[k], k});
        }
    }
    for (const std::string& s : options_.specialTokens) {
        model.specialIds.push_back(int(model.tokens.size()));
        model.tokens.push_back(s);
    }
    return model;
}

std::string toTokenizerJson(const BpeModel& model)
{
    using nlohmann::json;
    std::vector<bool> special(model.tokens.size(), false);
    json added = json::array();
    for (int id : model.specialIds) {
        special[id] = true;
        added.push_back({{"id", id}, {"content", model.tokens[id]}, {"single_word", false}, {"lstrip", false},
                         {"rstrip", false}, {"normalized", false}, {"special", true}});
    }
    // ordered_json keeps ids ascending in the file, as HF writes it.
    nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
    for (size_t id = 0; id < model.tokens.size(); ++id)
        vocab[special[id] ? model.tokens[id] : bytesToByteLevel(model.tokens[id])] = id;
    json merges = json::array();
    for (const auto& [l, r] : model.merges)
        merges.push_back(bytesToByteLevel(model.tokens[l]) + " " + bytesToByteLevel(model.tokens[r]));
    nlohmann::ordered_json root;
    root["version"] = "1.0";
    root["truncation"] = nullptr;
    root["padding"] = nullptr;
    root["added_tokens"] = added;
    root["normalizer"] = nullptr;
    root["pre_tokenizer"] = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
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
    m["merges"] = merges;
    root["model"] = m;
    return root.dump(1) + "\n";
}

void saveTokenizerJson(const BpeModel& model, const std::string& path)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw Error(path + ": cannot open for writing");
    f << toTokenizerJson(model);
    f.close();
    if (!f) throw Error(path + ": write failed");
}

} // namespace wb
