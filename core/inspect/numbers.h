#pragma once
// Numbers written in text, normalised so that "1,500" = "1500" = "1.5 thousand"
// = "1.5k" = "1500.0", "1500万" = "15 million", "两千" = 2000, "35%" = "35 percent"
// = "百分之三十五". Qt-free, LibTorch-free.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb::inspect {

struct NumberMention {
    size_t begin = 0;   // byte offsets of the whole mention (digits, unit and % sign)
    size_t end = 0;
    double value = 0;   // 35 for "35%"
    bool percent = false;
};

// Every number in the text: Arabic digits with thousands separators, decimals,
// ordinal suffixes (21st), scale words (thousand, million, billion, trillion,
// k/K, M, bn), Chinese units (百 千 万 亿) and Chinese numerals (两千, 三十五),
// English number words from two to ninety, and percentages (%, ％, percent,
// 百分之). Digits glued to a word ("A380") are part of that word, not a number.
std::vector<NumberMention> findNumbers(std::string_view text);

// The value of a text that is exactly one number mention ("1.5k" -> 1500), else nullopt.
std::optional<double> parseNumber(std::string_view text);

// Same value (relative 1e-9) and both or neither a percentage.
bool sameNumber(const NumberMention& a, const NumberMention& b);

} // namespace wb::inspect
