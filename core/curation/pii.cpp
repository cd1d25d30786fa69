#include "core/curation/pii.h"

#include "core/curation/text_scan.h"

#include <algorithm>

namespace wb::curation::detail {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isAlnum(char c) { return isDigit(c) || isAlpha(c); }
bool isLocalChar(char c) { return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }
bool isDomainChar(char c) { return isAlnum(c) || c == '.' || c == '-'; }

int digitAt(std::string_view s, size_t i) { return i < s.size() && isDigit(s[i]) ? s[i] - '0' : -1; }

size_t digitRun(std::string_view s, size_t i)
{
    size_t e = i;
    while (e < s.size() && isDigit(s[e]))
        ++e;
    return e - i;
}

// Every digit but the last two becomes '*'; separators stay.
std::string maskDigits(std::string_view s)
{
    std::string out(s);
    size_t keep = 2;
    for (size_t i = out.size(); i-- > 0;) {
        if (!isDigit(out[i]) && out[i] != 'X' && out[i] != 'x')
            continue;
        if (keep > 0)
            --keep;
        else
            out[i] = '*';
    }
    return out;
}

struct Range {
    PiiKind kind;
    size_t begin, end;
};

void findEmails(std::string_view s, std::vector<Range>& out)
{
    for (size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
        size_t b = at;
        while (b > 0 && isLocalChar(s[b - 1]))
            --b;
        while (b < at && (s[b] == '.' || s[b] == '-' || s[b] == '+'))
            ++b;
        if (b == at)
            continue;
        size_t e = at + 1;
        while (e < s.size() && isDomainChar(s[e]))
            ++e;
        while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-'))
            --e;
        std::string_view domain = s.substr(at + 1, e - at - 1);
        size_t dot = domain.rfind('.');
        if (dot == std::string_view::npos || dot == 0 || domain.find("..") != std::string_view::npos)
            continue;
        std::string_view tld = domain.substr(dot + 1);
        if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), isAlpha))
            continue;
        out.push_back({PiiKind::Email, b, e});
    }
}

// "+CC ..." with 8 to 15 digits in all, single separators (space - . ( )) between groups.
size_t matchInternational(std::string_view s, size_t i)
{
    size_t p = i + 1, digits = 0, end = 0, seps = 0;
    while (p < s.size()) {
        char c = s[p];
        if (isDigit(c)) {
            ++digits;
            end = p + 1;
            seps = 0;
        } else if ((c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') && seps < 2) {
            ++seps;
        } else {
            break;
        }
        ++p;
    }
    if (digits < 8 || digits > 15)
        return 0;
    if (end < s.size() && isAlnum(s[end]))
        return 0;
    return end - i;
}

// US: "(ddd) ddd-dddd", "(ddd)ddd-dddd", "ddd-ddd-dddd", "ddd.ddd.dddd".
size_t matchUs(std::string_view s, size_t i)
{
    size_t p = i;
    if (s[p] == '(') {
        if (digitRun(s, p + 1) != 3 || p + 4 >= s.size() || s[p + 4] != ')')
            return 0;
        p += 5;
        if (p < s.size() && s[p] == ' ')
            ++p;
        if (digitRun(s, p) != 3)
            return 0;
        p += 3;
        if (p >= s.size() || (s[p] != '-' && s[p] != '.'))
            return 0;
        ++p;
    } else {
        if (digitRun(s, p) != 3 || p + 3 >= s.size())
            return 0;
        char sep = s[p + 3];
        if (sep != '-' && sep != '.')
            return 0;
        p += 4;
        if (digitRun(s, p) != 3 || p + 3 >= s.size() || s[p + 3] != sep)
            return 0;
        p += 4;
    }
    if (digitRun(s, p) != 4)
        return 0;
    p += 4;
    if (p < s.size() && isAlnum(s[p]))
        return 0;
    return p - i;
}

void findNumbers(std::string_view s, std::vector<Range>& out)
{
    for (size_t i = 0; i < s.size();) {
        char c = s[i];
        const bool boundary = i == 0 || !isAlnum(s[i - 1]);
        if (!boundary || (c != '+' && c != '(' && !isDigit(c))) {
            ++i;
            continue;
        }
        if (c == '+' && digitAt(s, i + 1) >= 0) {
            if (size_t n = matchInternational(s, i)) {
                out.push_back({PiiKind::Phone, i, i + n});
                i += n;
                continue;
            }
        }
        if (size_t n = matchUs(s, i)) {
            out.push_back({PiiKind::Phone, i, i + n});
            i += n;
            continue;
        }
        if (!isDigit(c)) {
            ++i;
            continue;
        }
        size_t run = digitRun(s, i);
        size_t end = i + run;
        if (run == 17 && end < s.size() && (s[end] == 'X' || s[end] == 'x'))
            ++end;
        const bool closed = end >= s.size() || !isAlnum(s[end]);
        if (closed && end - i == 18 && isValidChineseId(s.substr(i, 18)))
            out.push_back({PiiKind::ChineseId, i, end});
        else if (closed && run == 11 && s[i] == '1' && s[i + 1] >= '3' && s[i + 1] <= '9')
            out.push_back({PiiKind::Phone, i, end});   // mainland mobile 1[3-9]xxxxxxxxx
        i = end;
    }
}

} // namespace

std::string_view toString(PiiKind k)
{
    switch (k) {
    case PiiKind::Email: return "email";
    case PiiKind::Phone: return "phone";
    case PiiKind::ChineseId: return "id-number";
    }
    return "?";
}

bool isValidChineseId(std::string_view id)
{
    if (id.size() != 18)
        return false;
    for (size_t i = 0; i < 17; ++i)
        if (!isDigit(id[i]))
            return false;
    if (id[0] < '1' || id[0] > '8')
        return false;   // region codes 11..82
    auto num = [&](size_t b, size_t n) {
        int v = 0;
        for (size_t i = b; i < b + n; ++i)
            v = v * 10 + (id[i] - '0');
        return v;
    };
    const int year = num(6, 4), month = num(10, 2), day = num(12, 2);
    if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1)
        return false;
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0))
        return false;
    static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (size_t i = 0; i < 17; ++i)
        sum += (id[i] - '0') * kWeights[i];
    static const char kCheck[] = "10X98765432";
    char last = id[17] == 'x' ? 'X' : id[17];
    return last == kCheck[sum % 11];
}

std::vector<PiiMatch> findPersonalData(std::string_view text)
{
    std::vector<Range> ranges;
    findEmails(text, ranges);
    findNumbers(text, ranges);
    std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::vector<PiiMatch> out;
    size_t lastEnd = 0, charPos = 0, scanned = 0;
    for (const Range& r : ranges) {
        if (!out.empty() && r.begin < lastEnd)
            continue;   // overlaps an earlier match (e.g. digits inside an e-mail)
        charPos += codePointCount(text.substr(scanned, r.begin - scanned));
        scanned = r.begin;
        PiiMatch m;
        m.kind = r.kind;
        m.byteOffset = r.begin;
        m.byteLength = r.end - r.begin;
        m.charOffset = charPos;
        std::string_view found = text.substr(r.begin, r.end - r.begin);
        if (r.kind == PiiKind::Email) {
            size_t at = found.find('@');
            m.masked = std::string(1, found[0]) + "***" + std::string(found.substr(at));
        } else {
            m.masked = maskDigits(found);
        }
        out.push_back(std::move(m));
        lastEnd = r.end;
    }
    return out;
}

} // namespace wb::curation::detail
