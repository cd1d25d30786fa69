// GPT-2 byte-level BPE. The vocabulary is converted once from OpenAI's
// "byte-to-unicode" alphabet back to raw bytes, so encoding segments the input
// bytes directly and decoding just concatenates byte strings.
//
// Where the time goes when encoding: pre-tokenization (pretokenize.cpp) and,
// for each piece, a word cache lookup; pieces seen for the first time are
// merged by ByteLevelBpe, whose inner loop is merge-table lookups keyed by a
// packed (left id, right id) pair in an open-addressing table.
#include "core/text/gpt2_bpe.h"

#include "core/data/record.h"
#include "core/text/pretokenize.h"
#include "core/text/unicode_props.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <limits>
#include <queue>
#include <unordered_map>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace wb {
namespace {

constexpr std::string_view kEndOfText = "<|endoftext|>";
constexpr size_t kMaxCachedWordBytes = 256;   // longer pieces are rare; not worth caching
constexpr size_t kMaxCacheEntries = 1 << 17;   // then the cache starts over (at most ~8 MiB of slots)
// Pieces up to this many bytes are merged with a linear scan over small
// arrays (tiktoken style); longer ones (runs of CJK characters, long symbol
// runs) with a heap, which keeps them O(n log n).
constexpr size_t kShortPiece = 64;
constexpr int kNoRank = std::numeric_limits<int>::max();

// ---- Vocabulary loading --------------------------------------------------

// OpenAI's bytes_to_unicode(): printable Latin-1 bytes map to themselves, the
// rest to U+0100 onwards in byte order.
std::array<int, 512> makeUnicodeToByte()
{
    std::array<int, 512> table;
    table.fill(-1);
    int next = 0;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        table[printable ? b : 256 + next++] = b;
    }
    return table;
}

// Converts a vocabulary token (UTF-8 text in the byte-to-unicode alphabet)
// to raw bytes; returns false if it uses any other character.
bool tokenToBytes(std::string_view token, std::string& out)
{
    static const std::array<int, 512> unicodeToByte = makeUnicodeToByte();
    out.clear();
    size_t i = 0;
    while (i < token.size()) {
        const auto b0 = static_cast<unsigned char>(token[i]);
        char32_t cp;
        if (b0 < 0x80) {
            cp = b0;
            i += 1;
        } else if ((b0 & 0xE0) == 0xC0 && i + 1 < token.size()) {
            cp = ((b0 & 0x1F) << 6) | (static_cast<unsigned char>(token[i + 1]) & 0x3F);
            i += 2;
        } else {
            return false;
        }
        if (cp >= unicodeToByte.size() || unicodeToByte[cp] < 0) return false;
        out.push_back(static_cast<char>(unicodeToByte[cp]));
    }
    return !out.empty();
}

// ---- Hashing -------------------------------------------------------------

uint64_t mix(uint64_t x)
{
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ull;
    x ^= x >> 32;
    return x;
}

uint64_t load8(const char* p, size_t n)
{
    uint64_t v = 0;
    std::memcpy(&v, p, n < 8 ? n : 8);
    return v;
}

uint64_t hashBytes(std::string_view s)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    for (size_t i = 0; i < s.size(); i += 8) h = mix(h ^ load8(s.data() + i, s.size() - i));
    return h;
}

size_t roundUpPow2(size_t n)
{
    size_t c = 16;
    while (c < n) c *= 2;
    return c;
}

} // namespace

// ---- ByteLevelBpe ----------------------------------------------------------

// Open-addressing map (left id, right id) -> rank, in one 64-bit word per
// slot: the pair packed into 42 bits, the rank into 22. The BPE inner loop is
// dominated by these lookups, so the table is kept small: GPT-2's 50k merges
// take 131072 slots, 1 MiB. The merged id is looked up by rank, only for the
// pairs that are actually merged.
class ByteLevelBpe::MergeTable {
public:
    static constexpr int kIdBits = 21, kRankBits = 22;
    static constexpr int kMaxId = (1 << kIdBits) - 2;   // all ones would make the empty marker
    static constexpr int kMaxRank = (1 << kRankBits) - 1;

    // At most 2/3 full.
    explicit MergeTable(size_t expected) { rehash(roundUpPow2(expected + expected / 2 + 1)); }

    // Returns false if the pair is already present. Ids and ranks within the limits above.
    bool insert(int left, int right, int rank, int merged)
    {
        if ((count_ + 1) * 3 > slots_.size() * 2) rehash(slots_.size() * 2);
        const uint64_t key = packPair(left, right);
        for (size_t i = mix(key) & mask_;; i = (i + 1) & mask_) {
            if (slots_[i] == kEmpty) {
                slots_[i] = (key << kRankBits) | uint64_t(rank);
                ++count_;
                if (size_t(rank) >= mergedByRank_.size()) mergedByRank_.resize(size_t(rank) + 1, -1);
                mergedByRank_[rank] = merged;
                return true;
            }
            if (slots_[i] >> kRankBits == key) return false;
        }
    }

    // Rank of the pair, or kNoRank if it has no merge.
    int rank(int left, int right) const
    {
        const uint64_t key = packPair(left, right);
        for (size_t i = mix(key) & mask_;; i = (i + 1) & mask_) {
            const uint64_t e = slots_[i];
            if (e >> kRankBits == key) return int(e & kMaxRank);
            if (e == kEmpty) return kNoRank;
        }
    }

    int mergedId(int rank) const { return mergedByRank_[size_t(rank)]; }

    // Calls fn(left, right, rank) for every merge, in no particular order.
    template <typename Fn>
    void forEach(Fn&& fn) const
    {
        for (const uint64_t e : slots_)
            if (e != kEmpty) {
                const uint64_t key = e >> kRankBits;
                fn(int(key >> kIdBits), int(key & ((1u << kIdBits) - 1)), int(e & kMaxRank));
            }
    }


private:
    static constexpr uint64_t kEmpty = ~0ull;

    static uint64_t packPair(int left, int right) { return (uint64_t(uint32_t(left)) << kIdBits) | uint32_t(right); }

    void rehash(size_t slots)
    {
        std::vector<uint64_t> old = std::move(slots_);
        slots_.assign(slots, kEmpty);
        mask_ = slots - 1;
        for (const uint64_t e : old)
            if (e != kEmpty)
                for (size_t i = mix(e >> kRankBits) & mask_;; i = (i + 1) & mask_)
                    if (slots_[i] == kEmpty) {
                        slots_[i] = e;
                        break;
                    }
    }

    std::vector<uint64_t> slots_;
    std::vector<int> mergedByRank_;
    size_t mask_ = 0;
    size_t count_ = 0;
};

// Piece -> ids cache. Flat open addressing; keys and ids live in two arenas.
// A hit on a piece of up to 8 bytes with a single id touches one slot only.
class ByteLevelBpe::WordCache {
public:
    struct Ids {
        const int* data;
        size_t size;
    };

    bool find(std::string_view word, uint64_t hash, Ids& out) const
    {
        if (slots_.empty()) return false;
        const uint64_t prefix = load8(word.data(), word.size());
        for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.hash == 0) return false;
            if (s.hash == hash && s.prefix == prefix && s.keyLen == word.size()
                && (word.size() <= 8 || std::memcmp(keys_.data() + s.keyOff, word.data(), word.size()) == 0)) {
                out = s.idCount == 1 ? Ids{&s.idOrOffset, 1} : Ids{ids_.data() + s.idOrOffset, s.idCount};
                return true;
            }
        }
    }

    void insert(std::string_view word, uint64_t hash, const int* ids, size_t count)
    {
        if (count_ >= kMaxCacheEntries) clear();
        if ((count_ + 1) * 2 > slots_.size()) grow();
        Slot s;
        s.hash = hash;
        s.prefix = load8(word.data(), word.size());
        s.keyLen = static_cast<uint16_t>(word.size());
        s.idCount = static_cast<uint16_t>(count);
        if (word.size() > 8) {
            s.keyOff = static_cast<uint32_t>(keys_.size());
            keys_.append(word);
        }
        if (count == 1) {
            s.idOrOffset = ids[0];
        } else {
            s.idOrOffset = static_cast<int>(ids_.size());
            ids_.insert(ids_.end(), ids, ids + count);
        }
        place(s);
        ++count_;
    }

    // Never 0, which marks an empty slot.
    static uint64_t hashOf(std::string_view word) { return hashBytes(word) | 1; }

private:
    struct Slot {
        uint64_t hash = 0;
        uint64_t prefix = 0;   // first 8 bytes, zero padded
        uint32_t keyOff = 0;   // into keys_, for words longer than 8 bytes
        uint16_t keyLen = 0;
        uint16_t idCount = 0;
        int idOrOffset = 0;    // the id itself when idCount == 1, else offset into ids_
    };

    void place(const Slot& s)
    {
        size_t i = s.hash & mask_;
        while (slots_[i].hash != 0) i = (i + 1) & mask_;
        slots_[i] = s;
    }

    void grow()
    {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        mask_ = slots_.size() - 1;
        for (const Slot& s : old)
            if (s.hash != 0) place(s);
    }

    void clear()
    {
        slots_.clear();
        keys_.clear();
        ids_.clear();
        count_ = 0;
    }

    std::vector<Slot> slots_;
    size_t mask_ = 0;
    size_t count_ = 0;
    std::string keys_;
    std::vector<int> ids_;
};

ByteLevelBpe::ByteLevelBpe(Order order, size_t expectedMerges)
    : order_(order), merges_(std::make_unique<MergeTable>(expectedMerges)), cache_(std::make_unique<WordCache>())
{
}

ByteLevelBpe::~ByteLevelBpe() = default;

bool ByteLevelBpe::addMerge(int left, int right, int rank, int merged)
{
    for (const int id : {left, right, merged})
        if (id < 0 || id > MergeTable::kMaxId)
            throw Error("byte-level BPE: token id " + std::to_string(id) + " outside 0.."
                        + std::to_string(MergeTable::kMaxId));
    if (rank < 0 || rank > MergeTable::kMaxRank)
        throw Error("byte-level BPE: more than " + std::to_string(MergeTable::kMaxRank) + " merges");
    return merges_->insert(left, right, rank, merged);
}

namespace {

// Short pieces: the symbols in small arrays, the best pair found by a linear
// scan over the cached pair ranks; only ranks next to a merge are looked up
// again. allOccurrences: OpenAI order (every occurrence of the best pair, left
// to right, in one round), else HF order (just the leftmost).
// ranks[i] is the rank of the pair (ids[i], ids[i + 1]) on entry.
template <typename Table>
size_t mergeShort(const Table& table, int* ids, int* ranks, size_t n, bool allOccurrences)
{
    while (n > 1) {
        size_t best = 0;
        for (size_t i = 1; i + 1 < n; ++i)
            if (ranks[i] < ranks[best]) best = i;
        if (ranks[best] == kNoRank) break;
        const int left = ids[best], right = ids[best + 1], result = table.mergedId(ranks[best]);
        uint64_t fresh = 0;   // bit j: ids[j] was made by this round
        size_t w = best;
        for (size_t i = best; i < n; ++w) {
            if (i + 1 < n && ids[i] == left && ids[i + 1] == right && (allOccurrences || i == best)) {
                ids[w] = result;
                fresh |= uint64_t(1) << w;
                i += 2;
            } else {
                // Unchanged: its pair with the next symbol is the same, unless
                // that one changes, which the fresh bits catch below.
                ids[w] = ids[i];
                ranks[w] = ranks[i];
                ++i;
            }
        }
        n = w;
        for (size_t j = best > 0 ? best - 1 : 0; j + 1 < n; ++j)
            if ((fresh >> j) & 3) ranks[j] = table.rank(ids[j], ids[j + 1]);
    }
    return n;
}

// Long pieces: a doubly linked list of symbols and a min-heap of candidate
// merges (rank, position), stale entries skipped when popped. In OpenAI order,
// pairs created by a round only become candidates once the round (all
// entries of its rank) is done.
template <typename Table>
void mergeLong(const Table& table, std::vector<int>& ids, const std::vector<int>& initialRanks, bool allOccurrences)
{
    struct Cand {
        int rank;
        int pos;
        bool operator>(const Cand& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    const int n = static_cast<int>(ids.size());
    std::vector<int> next(n), prev(n);
    for (int i = 0; i < n; ++i) {
        prev[i] = i - 1;
        next[i] = i + 1 < n ? i + 1 : -1;
    }
    std::vector<Cand> heapStore;
    heapStore.reserve(size_t(n));
    std::priority_queue<Cand, std::vector<Cand>, std::greater<Cand>> heap(std::greater<Cand>(), std::move(heapStore));
    std::vector<Cand> pending;
    auto candidate = [&](int pos, std::vector<Cand>* sink) {
        if (pos < 0 || next[pos] < 0) return;
        const int r = table.rank(ids[pos], ids[next[pos]]);
        if (r == kNoRank) return;
        if (sink) sink->push_back({r, pos});
        else heap.push({r, pos});
    };
    for (int i = 0; i + 1 < n; ++i)
        if (initialRanks[size_t(i)] != kNoRank) heap.push({initialRanks[size_t(i)], i});
    int round = kNoRank;
    for (;;) {
        if (allOccurrences && !pending.empty() && (heap.empty() || heap.top().rank != round)) {
            for (const Cand& c : pending) heap.push(c);
            pending.clear();
        }
        if (heap.empty()) break;
        const Cand c = heap.top();
        heap.pop();
        const int right = next[c.pos];
        if (ids[c.pos] < 0 || right < 0) continue;   // merged away, or now last
        if (table.rank(ids[c.pos], ids[right]) != c.rank) continue;   // a side changed
        round = c.rank;
        ids[c.pos] = table.mergedId(c.rank);
        ids[right] = -1;
        next[c.pos] = next[right];
        if (next[right] >= 0) prev[next[right]] = c.pos;
        candidate(prev[c.pos], allOccurrences ? &pending : nullptr);
        candidate(c.pos, allOccurrences ? &pending : nullptr);
    }
    size_t w = 0;
    for (int i = 0; i >= 0; i = next[i]) ids[w++] = ids[i];
    ids.resize(w);
}

} // namespace

const int* ByteLevelBpe::bytePairRanks() const
{
    std::call_once(bytePairOnce_, [this] {
        // One pass over the merge table, keeping the merges of two byte tokens.
        int maxByteId = 0;
        for (const int id : byteToId_) maxByteId = std::max(maxByteId, id);
        std::vector<int16_t> byteOf(size_t(maxByteId) + 1, -1);
        for (int b = 0; b < 256; ++b) byteOf[size_t(byteToId_[b])] = int16_t(b);
        bytePairRank_.assign(256 * 256, kNoRank);
        merges_->forEach([&](int left, int right, int rank) {
            if (left <= maxByteId && right <= maxByteId && byteOf[size_t(left)] >= 0 && byteOf[size_t(right)] >= 0)
                bytePairRank_[size_t(byteOf[size_t(left)] * 256 + byteOf[size_t(right)])] = rank;
        });
    });
    return bytePairRank_.data();
}

void ByteLevelBpe::prepare() const
{
    bytePairRanks();
}

void ByteLevelBpe::mergePiece(std::string_view piece, std::vector<int>& out) const
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(piece.data());
    const size_t n = piece.size();
    const bool all = order_ == Order::OpenAi;
    // The first round's pairs are all byte pairs: a 256 KiB table instead of
    // n - 1 lookups in the merge table.
    const int* pairRank = bytePairRanks();
    if (n <= kShortPiece) {
        int ids[kShortPiece];
        int ranks[kShortPiece];
        for (size_t i = 0; i < n; ++i) ids[i] = byteToId_[bytes[i]];
        for (size_t i = 0; i + 1 < n; ++i) ranks[i] = pairRank[bytes[i] * 256 + bytes[i + 1]];
        const size_t m = mergeShort(*merges_, ids, ranks, n, all);
        out.insert(out.end(), ids, ids + m);
        return;
    }
    std::vector<int> ids(n), ranks(n, kNoRank);
    for (size_t i = 0; i < n; ++i) ids[i] = byteToId_[bytes[i]];
    for (size_t i = 0; i + 1 < n; ++i) ranks[i] = pairRank[bytes[i] * 256 + bytes[i + 1]];
    mergeLong(*merges_, ids, ranks, all);
    out.insert(out.end(), ids.begin(), ids.end());
}

void ByteLevelBpe::encodePiece(std::string_view piece, std::vector<int>& out) const
{
    if (piece.size() == 1) {
        out.push_back(byteToId_[static_cast<unsigned char>(piece[0])]);
        return;
    }
    const bool cacheable = piece.size() <= kMaxCachedWordBytes;
    uint64_t hash = 0;
    if (cacheable) {
        hash = WordCache::hashOf(piece);
        std::lock_guard lock(cacheMutex_);
        WordCache::Ids hit;
        if (cache_->find(piece, hash, hit)) {
            out.insert(out.end(), hit.data, hit.data + hit.size);
            return;
        }
    }
    const size_t start = out.size();
    std::optional<int> whole;
    if (wholePiece_) whole = wholePiece_(piece);
    if (whole) out.push_back(*whole);
    else mergePiece(piece, out);
    if (cacheable) {
        std::lock_guard lock(cacheMutex_);
        cache_->insert(piece, hash, out.data() + start, out.size() - start);
    }
}

// ---- Gpt2Bpe ---------------------------------------------------------------

Gpt2Bpe::Gpt2Bpe() = default;
Gpt2Bpe::~Gpt2Bpe() = default;

std::vector<std::string_view> Gpt2Bpe::preTokenize(std::string_view text)
{
    return pretok::split(pretok::Pattern::Gpt2, text);
}

void settleFreedLoaderMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);   // consolidates free chunks (and returns what it can to the system)
#endif
}

std::unique_ptr<Gpt2Bpe> Gpt2Bpe::load(const std::string& encoderJsonPath, const std::string& vocabBpePath)
{
    std::unique_ptr<Gpt2Bpe> bpe = loadFiles(encoderJsonPath, vocabBpePath);
    settleFreedLoaderMemory();
    return bpe;
}

std::unique_ptr<Gpt2Bpe> Gpt2Bpe::loadFiles(const std::string& encoderJsonPath, const std::string& vocabBpePath)
{
    std::unique_ptr<Gpt2Bpe> bpe(new Gpt2Bpe);

    std::ifstream encoderFile(encoderJsonPath, std::ios::binary);
    if (!encoderFile) throw Error(encoderJsonPath + ": cannot open file");
    nlohmann::json encoder;
    try {
        encoder = nlohmann::json::parse(encoderFile);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(encoderJsonPath + ": " + e.what());
    }
    if (!encoder.is_object() || encoder.empty())
        throw Error(encoderJsonPath + ": expected a JSON object mapping tokens to ids");

    std::unordered_map<std::string, int> bytesToId;
    bytesToId.reserve(encoder.size());
    bpe->idToBytes_.resize(encoder.size());
    std::vector<bool> seen(encoder.size(), false);
    std::string bytes;
    for (const auto& [token, value] : encoder.items()) {
        if (!value.is_number_integer())
            throw Error(encoderJsonPath + ": token \"" + token + "\": id is not an integer");
        const auto id = value.get<int64_t>();
        if (id < 0 || id >= static_cast<int64_t>(encoder.size()))
            throw Error(encoderJsonPath + ": token \"" + token + "\": id " + std::to_string(id)
                        + " outside 0.." + std::to_string(encoder.size() - 1));
        if (seen[id])
            throw Error(encoderJsonPath + ": token \"" + token + "\": duplicate id " + std::to_string(id));
        seen[id] = true;
        if (token == kEndOfText) {
            bpe->endOfTextId_ = static_cast<int>(id);
            bpe->idToBytes_[id] = token;
            continue;
        }
        if (!tokenToBytes(token, bytes))
            throw Error(encoderJsonPath + ": token \"" + token
                        + "\" is empty or uses a character outside the GPT-2 byte alphabet");
        bpe->idToBytes_[id] = bytes;
        bytesToId.emplace(bytes, static_cast<int>(id));
    }
    bpe->bpe_ = std::make_unique<ByteLevelBpe>(ByteLevelBpe::Order::OpenAi, 65536);
    for (int b = 0; b < 256; ++b) {
        const auto it = bytesToId.find(std::string(1, static_cast<char>(b)));
        if (it == bytesToId.end())
            throw Error(encoderJsonPath + ": no token for byte " + std::to_string(b));
        bpe->bpe_->setByteId(static_cast<unsigned char>(b), it->second);
    }

    std::ifstream vocabFile(vocabBpePath, std::ios::binary);
    if (!vocabFile) throw Error(vocabBpePath + ": cannot open file");
    std::string line;
    std::string leftBytes, rightBytes;
    int lineNo = 0;
    int blankLine = 0;
    int rank = 0;
    while (std::getline(vocabFile, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (lineNo == 1 && line.starts_with("#version")) continue;
        if (line.empty()) {
            if (!blankLine) blankLine = lineNo;
            continue;
        }
        const std::string where = vocabBpePath + ":" + std::to_string(lineNo) + ": ";
        if (blankLine) throw Error(vocabBpePath + ":" + std::to_string(blankLine) + ": blank line between merges");
        const size_t space = line.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 == line.size()
            || line.find(' ', space + 1) != std::string::npos)
            throw Error(where + "expected two tokens separated by one space, got \"" + line + "\"");
        const std::string_view left = std::string_view(line).substr(0, space);
        const std::string_view right = std::string_view(line).substr(space + 1);
        if (!tokenToBytes(left, leftBytes) || !tokenToBytes(right, rightBytes))
            throw Error(where + "token uses a character outside the GPT-2 byte alphabet");
        const auto l = bytesToId.find(leftBytes);
        const auto r = bytesToId.find(rightBytes);
        const auto m = bytesToId.find(leftBytes + rightBytes);
        if (l == bytesToId.end() || r == bytesToId.end() || m == bytesToId.end())
            throw Error(where + "merge \"" + line + "\" uses a token missing from " + encoderJsonPath);
        bool added = false;
        try {
            added = bpe->bpe_->addMerge(l->second, r->second, rank, m->second);
        } catch (const Error& e) {
            throw Error(where + e.what());
        }
        if (!added) throw Error(where + "duplicate merge \"" + line + "\"");
        ++rank;
    }
    if (vocabFile.bad()) throw Error(vocabBpePath + ": read error");
    if (rank == 0) throw Error(vocabBpePath + ": no merges");
    bpe->bpe_->prepare();
    return bpe;
}

void Gpt2Bpe::encodeOrdinary(std::string_view text, std::vector<int>& out) const
{
    pretok::forEachPiece(pretok::Pattern::Gpt2, text, [&](std::string_view piece) { bpe_->encodePiece(piece, out); });
}

std::vector<int> Gpt2Bpe::encode(std::string_view text, bool allowSpecial) const
{
    std::vector<int> ids;
    ids.reserve(text.size() / 4 + 1);
    if (!allowSpecial || endOfTextId_ < 0) {
        encodeOrdinary(text, ids);
        return ids;
    }
    for (size_t pos = 0;;) {
        const size_t hit = text.find(kEndOfText, pos);
        if (hit == std::string_view::npos) {
            encodeOrdinary(text.substr(pos), ids);
            return ids;
        }
        encodeOrdinary(text.substr(pos, hit - pos), ids);
        ids.push_back(endOfTextId_);
        pos = hit + kEndOfText.size();
    }
}

size_t Gpt2Bpe::countTokens(std::string_view text) const
{
    // In slices, so that counting a large text does not hold all its ids.
    size_t count = 0;
    std::vector<int> ids;
    pretok::forEachPiece(pretok::Pattern::Gpt2, text, [&](std::string_view piece) {
        bpe_->encodePiece(piece, ids);
        if (ids.size() > 4096) {
            count += ids.size();
            ids.clear();
        }
    });
    return count + ids.size();
}

std::string Gpt2Bpe::decode(const std::vector<int>& ids) const
{
    std::string out;
    for (const int id : ids) {
        if (id < 0 || id >= vocabSize())
            throw Error("GPT-2 decode: token id " + std::to_string(id) + " outside 0.."
                        + std::to_string(vocabSize() - 1));
        out += idToBytes_[id];
    }
    return out;
}

bool isUnicodeLetter(char32_t c) { return unicode::classOf(c) == unicode::CharClass::Letter; }
bool isUnicodeNumber(char32_t c) { return unicode::classOf(c) == unicode::CharClass::Number; }
bool isUnicodeWhitespace(char32_t c) { return unicode::classOf(c) == unicode::CharClass::Space; }

} // namespace wb
