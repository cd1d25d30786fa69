#include "core/data/record.h"
#include "core/store/record_text.h"

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

constexpr uint64_t kFnvPrime = 1099511628211ull;

// What normalizeForHash does with each byte value. Bytes >= 0x80 that may
// start a Unicode space are checked with unicodeSpaceLen.
enum : unsigned char { kKeep, kSpace, kDrop, kLower, kMaybeSpace };

struct ByteClasses {
    unsigned char cls[256];
    constexpr ByteClasses() : cls()
    {
        for (int c = 0; c < 256; ++c) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
                cls[c] = kSpace;
            else if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126))
                cls[c] = kDrop;
            else if (c >= 'A' && c <= 'Z')
                cls[c] = kLower;
            else if (c == 0xC2 || c == 0xE2 || c == 0xE3)
                cls[c] = kMaybeSpace;
            else
                cls[c] = kKeep;
        }
    }
};
constexpr ByteClasses kByteClasses;

// fnv1a(normalizeForHash(text), h) without building the normalised string.
uint64_t fnv1aNormalized(std::string_view text, uint64_t h)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    bool pendingSpace = false, any = false;
    for (size_t p = 0; p < n;) {
        unsigned char c = s[p];
        switch (kByteClasses.cls[c]) {
        case kSpace:
            pendingSpace = any;
            ++p;
            continue;
        case kDrop:
            ++p;
            continue;
        case kMaybeSpace:
            if (size_t k = unicodeSpaceLen(text, p)) {
                pendingSpace = any;
                p += k;
                continue;
            }
            break;
        case kLower:
            c = static_cast<unsigned char>(c - 'A' + 'a');
            break;
        default:
            break;
        }
        ++p;
        if (pendingSpace) {
            h = (h ^ static_cast<unsigned char>(' ')) * kFnvPrime;
            pendingSpace = false;
        }
        h = (h ^ c) * kFnvPrime;
        any = true;
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

void recordTextInto(const Record& r, std::string& out)
{
    out.clear();
    size_t size = r.messages.size() * 3;
    for (const std::string* f : {&r.system, &r.instruction, &r.input, &r.output, &r.prompt, &r.chosen, &r.rejected, &r.text})
        size += f->size() + 1;
    for (const auto& m : r.messages)
        size += m.role.size() + m.content.size();
    out.reserve(size);
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
}

std::string recordText(const Record& r)
{
    std::string out;
    recordTextInto(r, out);
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

std::string contentHashOfText(DatasetKind kind, std::string_view text)
{
    uint64_t h = fnv1a(toString(kind));
    h = fnv1aNormalized(text, h ^ 0x9e3779b97f4a7c15ull);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4)
        out[size_t(i)] = kHex[h & 15];
    return out;
}

std::string contentHash(const Record& r)
{
    return contentHashOfText(r.kind, recordText(r));
}

int64_t nowMillis()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace wb
