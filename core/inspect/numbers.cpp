#include "core/inspect/numbers.h"

#include "core/inspect/text_units.h"
#include "core/text/unicode_props.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace wb::inspect {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool letterAt(std::string_view s, size_t i) { return i < s.size() && isAsciiLetter(s[i]); }

bool startsWithAt(std::string_view s, size_t i, std::string_view prefix)
{
    return s.size() >= i + prefix.size() && s.compare(i, prefix.size(), prefix) == 0;
}

// An ASCII word at i, compared case-insensitively, ending at a non-letter.
bool wordAt(std::string_view s, size_t i, std::string_view word)
{
    if (s.size() < i + word.size() || letterAt(s, i + word.size())) return false;
    return asciiLower(s.substr(i, word.size())) == word;
}

size_t skipSpaces(std::string_view s, size_t i)
{
    while (i < s.size() && s[i] == ' ') ++i;
    return i;
}

// Scale words after a number: "1.5 thousand", "2 million".
std::pair<double, size_t> scaleWordAt(std::string_view s, size_t i)
{
    static const std::array<std::pair<std::string_view, double>, 5> kScales = {
        {{"hundred", 1e2}, {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}}};
    const size_t j = skipSpaces(s, i);
    if (j == i && i < s.size()) return {1, i};   // "5million" is not a form we accept
    for (const auto& [w, m] : kScales)
        if (wordAt(s, j, w)) return {m, j + w.size()};
    return {1, i};
}

// Chinese units after a number, combined: "万" 1e4, "千万" 1e7, "万亿" 1e12.
std::pair<double, size_t> chineseUnitsAt(std::string_view s, size_t i)
{
    double m = 1;
    size_t j = i;
    for (;;) {
        if (startsWithAt(s, j, "万")) m *= 1e4;
        else if (startsWithAt(s, j, "亿")) m *= 1e8;
        else if (startsWithAt(s, j, "千")) m *= 1e3;
        else if (startsWithAt(s, j, "百")) m *= 1e2;
        else break;
        j += 3;
    }
    return {m, j};
}

// "%", "％", " percent", " per cent".
size_t percentAt(std::string_view s, size_t i)
{
    if (startsWithAt(s, i, "%")) return i + 1;
    if (startsWithAt(s, i, "％")) return i + 3;
    const size_t j = skipSpaces(s, i);
    if (wordAt(s, j, "percent")) return j + 7;
    if (wordAt(s, j, "per") && wordAt(s, skipSpaces(s, j + 3), "cent")) return skipSpaces(s, j + 3) + 4;
    return i;
}

// Digits with thousands groups and decimals at i; returns (value, end).
std::pair<double, size_t> arabicAt(std::string_view s, size_t i)
{
    std::string clean;
    size_t j = i;
    while (j < s.size() && isDigit(s[j])) clean += s[j++];
    // Thousands groups: "1,500", "12,345,678" (first group of 1-3 digits, then exactly three each).
    if (clean.size() <= 3) {
        while (j + 3 < s.size() + 0 && s[j] == ',' && isDigit(s[j + 1]) && isDigit(s[j + 2]) && isDigit(s[j + 3]) &&
               !(j + 4 < s.size() && isDigit(s[j + 4]))) {
            clean.append(s.substr(j + 1, 3));
            j += 4;
        }
    }
    if (j + 1 < s.size() && s[j] == '.' && isDigit(s[j + 1])) {
        clean += '.';
        ++j;
        while (j < s.size() && isDigit(s[j])) clean += s[j++];
    }
    return {std::strtod(clean.c_str(), nullptr), j};
}

int chineseDigit(std::string_view s, size_t i)
{
    static const std::array<std::pair<std::string_view, int>, 12> kDigits = {
        {{"零", 0}, {"〇", 0}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4}, {"五", 5}, {"六", 6},
         {"七", 7}, {"八", 8}, {"九", 9}}};
    for (const auto& [c, v] : kDigits)
        if (startsWithAt(s, i, c)) return v;
    return -1;
}

int chineseUnit(std::string_view s, size_t i)
{
    if (startsWithAt(s, i, "十")) return 10;
    if (startsWithAt(s, i, "百")) return 100;
    if (startsWithAt(s, i, "千")) return 1000;
    if (startsWithAt(s, i, "万")) return 10000;
    if (startsWithAt(s, i, "亿")) return 100000000;
    return 0;
}

// A run of Chinese numerals at i: "三千五百", "十五", "二〇二一", "三亿五千万".
// Returns (value, end, characters); characters 0 when there is none.
struct ChineseRun {
    double value = 0;
    size_t end = 0;
    int chars = 0;
};

ChineseRun chineseAt(std::string_view s, size_t i)
{
    ChineseRun r{0, i, 0};
    double result = 0, section = 0, number = 0;
    int lastUnit = 0, digitsSinceUnit = 0;
    std::string digitsOnly;
    size_t j = i;
    for (;; j += 3, ++r.chars) {
        const int d = chineseDigit(s, j);
        if (d >= 0) {
            number = d;
            digitsOnly += char('0' + d);
            ++digitsSinceUnit;
            continue;
        }
        const int u = chineseUnit(s, j);
        if (!u) break;
        if (number == 0 && (u == 10 || u == 100 || u == 1000) && r.chars == 0) number = 1;   // "十五" = 15
        if (u < 10000) {
            section += number * u;
        } else if (u == 10000) {
            result += (section + number) * 1e4;
            section = 0;
        } else {
            result = (result + section + number) * 1e8;
            section = 0;
        }
        number = 0;
        lastUnit = u;
        digitsSinceUnit = 0;
    }
    r.end = j;
    // A single digit after a unit of 100 or more counts in the next lower
    // unit: "一千五" is 1500, "三万五" 35,000 ("一千零五", with 零, is 1005).
    if (lastUnit >= 100 && digitsSinceUnit == 1) number *= lastUnit / 10;
    r.value = lastUnit ? result + section + number : std::strtod(digitsOnly.c_str(), nullptr);
    return r;
}

double numberWord(std::string_view lower)
{
    static const std::array<std::pair<std::string_view, int>, 27> kWords = {
        {{"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8},
         {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14},
         {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
         {"twenty", 20}, {"thirty", 30}, {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70},
         {"eighty", 80}, {"ninety", 90}, {"one", 1}}};
    for (const auto& [w, v] : kWords)
        if (w == lower) return v;
    return 0;
}

// Scale and unit suffixes after an Arabic number ending at j.
std::pair<double, size_t> arabicSuffix(std::string_view s, size_t j)
{
    // Ordinals: "21st", "3rd".
    for (std::string_view o : {"st", "nd", "rd", "th"})
        if (startsWithAt(s, j, o) && !letterAt(s, j + 2)) return {1, j + 2};
    // Attached abbreviations: "1.5k", "2M", "3bn".
    for (const auto& [w, m] : std::array<std::pair<std::string_view, double>, 6>{
             {{"k", 1e3}, {"K", 1e3}, {"M", 1e6}, {"bn", 1e9}, {"B", 1e9}, {"mn", 1e6}}})
        if (startsWithAt(s, j, w) && !letterAt(s, j + w.size())) return {m, j + w.size()};
    const auto [cm, cj] = chineseUnitsAt(s, j);
    if (cj != j) return {cm, cj};
    return scaleWordAt(s, j);
}

} // namespace

std::vector<NumberMention> findNumbers(std::string_view s)
{
    std::vector<NumberMention> out;
    size_t i = 0;
    while (i < s.size()) {
        const size_t start = i;
        bool percent = false;
        if (startsWithAt(s, i, "百分之")) {
            percent = true;
            i += 9;
        }
        if (i < s.size() && isDigit(s[i]) && !(start > 0 && isAsciiLetter(s[start - 1]))) {
            auto [value, j] = arabicAt(s, i);
            const auto [m, k] = arabicSuffix(s, j);
            value *= m;
            j = k;
            if (!percent) {
                const size_t p = percentAt(s, j);
                percent = p != j;
                j = p;
            }
            out.push_back({start, j, value, percent});
            i = j;
            continue;
        }
        if (const ChineseRun r = chineseAt(s, i); r.chars >= 2 || (r.chars == 1 && percent)) {
            size_t j = r.end;
            if (!percent) {
                const size_t p = percentAt(s, j);
                percent = p != j;
                j = p;
            }
            out.push_back({start, j, r.value, percent});
            i = j;
            continue;
        }
        i = start;
        if (isAsciiLetter(s[i]) && !(i > 0 && isAsciiLetter(s[i - 1]))) {
            size_t j = i;
            while (j < s.size() && isAsciiLetter(s[j])) ++j;
            double v = numberWord(asciiLower(s.substr(i, j - i)));
            // "twenty-five"
            if (v >= 20 && j + 1 < s.size() && s[j] == '-') {
                size_t k = j + 1;
                while (k < s.size() && isAsciiLetter(s[k])) ++k;
                const double unit = numberWord(asciiLower(s.substr(j + 1, k - j - 1)));
                if (unit >= 1 && unit <= 9) {
                    v += unit;
                    j = k;
                }
            }
            if (v > 0) {
                const auto [m, k] = scaleWordAt(s, j);
                // "one" alone is too often a pronoun ("one of the"); only "one million" counts.
                if (v != 1 || m != 1) {
                    const size_t p = percentAt(s, k);
                    out.push_back({i, p, v * m, p != k});
                }
                i = j;
                continue;
            }
            i = j;
            continue;
        }
        if (isDigit(s[i])) {   // digits glued to a word ("A380"): part of that word
            while (i < s.size() && (isDigit(s[i]) || isAsciiLetter(s[i]))) ++i;
            continue;
        }
        i += unicode::decodeUtf8(s, i).len;
    }
    return out;
}

std::optional<double> parseNumber(std::string_view text)
{
    const std::vector<NumberMention> all = findNumbers(text);
    if (all.size() != 1 || all[0].begin != 0 || all[0].end != text.size()) return std::nullopt;
    return all[0].value;
}

bool sameNumber(const NumberMention& a, const NumberMention& b)
{
    if (a.percent != b.percent) return false;
    return std::abs(a.value - b.value) <= 1e-9 * std::max(1.0, std::abs(a.value));
}

} // namespace wb::inspect
