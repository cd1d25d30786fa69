#include "core/data/record.h"

#include <chrono>
#include <cstdio>

namespace wb {

namespace {
template <typename E, size_t N>
E parseEnum(std::string_view s, const std::string_view (&names)[N], const char* what)
{
    for (size_t i = 0; i < N; ++i)
        if (names[i] == s)
            return static_cast<E>(i);
    std::string valid;
    for (size_t i = 0; i < N; ++i)
        valid += (i ? ", " : "") + std::string(names[i]);
    throw Error(std::string("invalid ") + what + " '" + std::string(s) + "' (expected one of: " + valid + ")");
}

constexpr std::string_view kKinds[] = {"sft", "chat", "preference", "text"};
constexpr std::string_view kStatuses[] = {"unreviewed", "accepted", "rejected", "needs-fix"};
constexpr std::string_view kSplits[] = {"train", "validation", "test"};

bool isAsciiPunct(unsigned char c)
{
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

// Length of a Unicode whitespace sequence starting at p (0 if none). Covers
// ASCII space/tab/newlines, NBSP, the U+2000 block spaces and the ideographic
// space U+3000 that Chinese text uses.
size_t unicodeSpaceLen(std::string_view s, size_t p)
{
    unsigned char c = s[p];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == 0xC2 && p + 1 < s.size() && (unsigned char)s[p + 1] == 0xA0)
        return 2;
    if (c == 0xE3 && p + 2 < s.size() && (unsigned char)s[p + 1] == 0x80 && (unsigned char)s[p + 2] == 0x80)
        return 3;
    if (c == 0xE2 && p + 2 < s.size() && (unsigned char)s[p + 1] == 0x80 && (unsigned char)s[p + 2] <= 0x8A)
        return 3;
    return 0;
}

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull)
{
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}
} // namespace

std::string_view toString(DatasetKind k) { return kKinds[static_cast<int>(k)]; }
std::string_view toString(ReviewStatus s) { return kStatuses[static_cast<int>(s)]; }
std::string_view toString(Split s) { return kSplits[static_cast<int>(s)]; }
DatasetKind datasetKindFromString(std::string_view s) { return parseEnum<DatasetKind>(s, kKinds, "dataset kind"); }
ReviewStatus reviewStatusFromString(std::string_view s) { return parseEnum<ReviewStatus>(s, kStatuses, "review status"); }
Split splitFromString(std::string_view s) { return parseEnum<Split>(s, kSplits, "split"); }

bool Record::sameContent(const Record& o) const
{
    return kind == o.kind && system == o.system && instruction == o.instruction && input == o.input
        && output == o.output && category == o.category && messages == o.messages && prompt == o.prompt
        && chosen == o.chosen && rejected == o.rejected && text == o.text && extra == o.extra;
}

std::string recordText(const Record& r)
{
    std::string out;
    auto add = [&](const std::string& s) {
        if (s.empty())
            return;
        if (!out.empty())
            out += '\n';
        out += s;
    };
    add(r.system);
    add(r.instruction);
    add(r.input);
    add(r.output);
    add(r.prompt);
    add(r.chosen);
    add(r.rejected);
    add(r.text);
    for (const auto& m : r.messages) {
        if (!out.empty())
            out += '\n';
        out += m.role;
        out += ": ";
        out += m.content;
    }
    return out;
}

std::string normalizeForHash(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (size_t p = 0; p < text.size();) {
        if (size_t n = unicodeSpaceLen(text, p)) {
            pendingSpace = !out.empty();
            p += n;
            continue;
        }
        unsigned char c = text[p++];
        if (c < 0x80 && isAsciiPunct(c))
            continue;
        if (pendingSpace) {
            out += ' ';
            pendingSpace = false;
        }
        out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : char(c);
    }
    return out;
}

std::string contentHash(const Record& r)
{
    uint64_t h = fnv1a(toString(r.kind));
    h = fnv1a(normalizeForHash(recordText(r)), h ^ 0x9e3779b97f4a7c15ull);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

int64_t nowMillis()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace wb
