#include "core/text/tiktoken.h"

#include "core/data/record.h"
#include "core/text/pretokenize.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace wb {
namespace {

int base64Value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

} // namespace

bool decodeBase64(std::string_view in, std::string& out)
{
    out.clear();
    if (in.size() % 4 != 0) return false;
    for (size_t i = 0; i < in.size(); i += 4) {
        const bool last = i + 4 == in.size();
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const auto c = static_cast<unsigned char>(in[i + k]);
            if (c == '=' && last && k >= 2) {
                v[k] = 0;
                ++pad;
                continue;
            }
            if (pad) return false;   // data after padding
            v[k] = base64Value(c);
            if (v[k] < 0) return false;
        }
        const unsigned n = (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) | (unsigned(v[2]) << 6) | unsigned(v[3]);
        out.push_back(static_cast<char>(n >> 16));
        if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xFF));
        if (pad < 1) out.push_back(static_cast<char>(n & 0xFF));
    }
    return true;
}

struct Tiktoken::Impl {
    std::unordered_map<std::string, int, StringHash, std::equal_to<>> ranks;
    SpecialTokens special;   // longest first, so a longer token wins at one position
};

Tiktoken::Tiktoken() : d_(std::make_unique<Impl>()) {}
Tiktoken::~Tiktoken() = default;

std::unique_ptr<Tiktoken> Tiktoken::load(const std::string& path, Pattern pattern, const SpecialTokens& special)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open tiktoken rank file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return fromText(ss.str(), path, pattern, special);
}

std::unique_ptr<Tiktoken> Tiktoken::fromText(std::string_view text, const std::string& nameForErrors,
                                             Pattern pattern, const SpecialTokens& special)
{
    std::unique_ptr<Tiktoken> tok(new Tiktoken);
    tok->name_ = nameForErrors;
    tok->pattern_ = pattern;
    auto& ranks = tok->d_->ranks;
    std::vector<std::string>& idToBytes = tok->idToBytes_;
    std::vector<unsigned char>& present = tok->present_;
    auto place = [&](int id, std::string bytes, unsigned char kind) {
        if (static_cast<size_t>(id) >= idToBytes.size()) {
            idToBytes.resize(static_cast<size_t>(id) + 1);
            present.resize(static_cast<size_t>(id) + 1, 0);
        }
        idToBytes[id] = std::move(bytes);
        present[id] = kind;
    };

    size_t lineNo = 0;
    for (size_t pos = 0; pos < text.size();) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        const std::string where = nameForErrors + ":" + std::to_string(lineNo) + ": ";
        const size_t sp = line.find(' ');
        if (sp == std::string_view::npos || line.find(' ', sp + 1) != std::string_view::npos)
            throw Error(where + "expected \"<base64 token> <rank>\"");
        std::string bytes;
        if (!decodeBase64(line.substr(0, sp), bytes) || bytes.empty())
            throw Error(where + "invalid base64 token \"" + std::string(line.substr(0, sp)) + "\"");
        const std::string_view rankText = line.substr(sp + 1);
        int rank = -1;
        const auto [end, ec] = std::from_chars(rankText.data(), rankText.data() + rankText.size(), rank);
        if (ec != std::errc() || end != rankText.data() + rankText.size() || rank < 0 || rank == INT_MAX)
            throw Error(where + "invalid rank \"" + std::string(rankText) + "\"");
        if (static_cast<size_t>(rank) < present.size() && present[rank])
            throw Error(where + "duplicate rank " + std::to_string(rank));
        if (!ranks.emplace(bytes, rank).second)
            throw Error(where + "duplicate token \"" + std::string(line.substr(0, sp)) + "\"");
        place(rank, std::move(bytes), 1);
    }
    if (ranks.empty()) throw Error(nameForErrors + ": no ranks in tiktoken file");

    for (const auto& [str, id] : special) {
        if (str.empty() || id < 0 || id == INT_MAX)
            throw Error(nameForErrors + ": invalid special token \"" + str + "\" with id " + std::to_string(id));
        if (static_cast<size_t>(id) < present.size() && present[id])
            throw Error(nameForErrors + ": special token \"" + str + "\" id " + std::to_string(id)
                        + " is already used");
        place(id, str, 2);
        tok->d_->special.emplace_back(str, id);
    }
    std::stable_sort(tok->d_->special.begin(), tok->d_->special.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    return tok;
}

std::vector<std::string_view> Tiktoken::preTokenize(std::string_view text, Pattern pattern)
{
    return pretok::split(pattern == Pattern::Gpt2 ? pretok::Pattern::Gpt2 : pretok::Pattern::Cl100k, text);
}

void Tiktoken::encodePiece(std::string_view piece, std::vector<int>& out) const
{
    const auto& ranks = d_->ranks;
    if (auto it = ranks.find(piece); it != ranks.end()) {
        out.push_back(it->second);
        return;
    }
    // Boundaries of the current parts; merge the adjacent pair whose joined
    // bytes have the lowest rank (leftmost on ties) until no pair has a rank.
    std::vector<size_t> bounds(piece.size() + 1);
    for (size_t i = 0; i <= piece.size(); ++i) bounds[i] = i;
    auto rankOf = [&](size_t k) {   // rank of parts k and k+1 joined
        auto it = ranks.find(piece.substr(bounds[k], bounds[k + 2] - bounds[k]));
        return it == ranks.end() ? INT_MAX : it->second;
    };
    std::vector<int> pairRank(bounds.size() - 2);
    for (size_t k = 0; k + 2 < bounds.size(); ++k) pairRank[k] = rankOf(k);
    while (!pairRank.empty()) {
        const auto best = std::min_element(pairRank.begin(), pairRank.end());
        if (*best == INT_MAX) break;
        const size_t k = static_cast<size_t>(best - pairRank.begin());
        bounds.erase(bounds.begin() + static_cast<std::ptrdiff_t>(k) + 1);
        pairRank.erase(pairRank.begin() + static_cast<std::ptrdiff_t>(k));
        if (k < pairRank.size()) pairRank[k] = rankOf(k);
        if (k > 0) pairRank[k - 1] = rankOf(k - 1);
    }
    for (size_t k = 0; k + 1 < bounds.size(); ++k) {
        const std::string_view part = piece.substr(bounds[k], bounds[k + 1] - bounds[k]);
        auto it = ranks.find(part);
        if (it == ranks.end()) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(part[0]));
            throw Error(name_ + ": byte " + hex + " has no rank");
        }
        out.push_back(it->second);
    }
}

void Tiktoken::encodeOrdinary(std::string_view text, std::vector<int>& out) const
{
    for (std::string_view piece : preTokenize(text, pattern_)) encodePiece(piece, out);
}

std::vector<int> Tiktoken::encode(std::string_view text, bool allowSpecial) const
{
    std::vector<int> out;
    if (!allowSpecial || d_->special.empty()) {
        encodeOrdinary(text, out);
        return out;
    }
    size_t start = 0;
    for (size_t i = 0; i < text.size();) {
        const std::pair<std::string, int>* hit = nullptr;
        for (const auto& sp : d_->special)
            if (text.compare(i, sp.first.size(), sp.first) == 0) {
                hit = &sp;
                break;
            }
        if (!hit) {
            ++i;
            continue;
        }
        encodeOrdinary(text.substr(start, i - start), out);
        out.push_back(hit->second);
        i += hit->first.size();
        start = i;
    }
    encodeOrdinary(text.substr(start), out);
    return out;
}

std::string Tiktoken::decode(const std::vector<int>& ids) const
{
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) {
        const int id = ids[i];
        if (id < 0 || static_cast<size_t>(id) >= present_.size() || !present_[id])
            throw Error(name_ + ": unknown token id " + std::to_string(id) + " at position " + std::to_string(i));
        out += idToBytes_[id];
    }
    return out;
}

size_t Tiktoken::countTokens(std::string_view text) const
{
    std::vector<int> ids;
    encodeOrdinary(text, ids);
    return ids.size();
}

} // namespace wb
