// Language identification by Unicode script counts: enough to spot a Chinese
// record in an English dataset (or the reverse) without a model.
#include "core/curation/curation.h"
#include "core/curation/text_scan.h"

namespace wb::curation {

using detail::Script;

std::string detectLanguage(std::string_view text)
{
    int64_t latin = 0, han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, other = 0;
    for (size_t p = 0; p < text.size();) {
        switch (detail::scriptOf(detail::nextCodePoint(text, p))) {
        case Script::Latin: ++latin; break;
        case Script::Han: ++han; break;
        case Script::Kana: ++kana; break;
        case Script::Hangul: ++hangul; break;
        case Script::Cyrillic: ++cyrillic; break;
        case Script::Arabic: ++arabic; break;
        case Script::OtherLetter: ++other; break;
        case Script::None:
        case Script::Digit: break;
        }
    }
    const int64_t letters = latin + han + kana + hangul + cyrillic + arabic + other;
    if (letters < 10 && han + kana + hangul < 4)
        return "und";
    // A CJK character carries about as much as a short word, so it weighs as
    // three letters: a Chinese answer with a code snippet is still Chinese.
    const int64_t cjk = 3 * (han + kana);
    struct Candidate {
        const char* lang;
        int64_t score;
    } candidates[] = {
        {"en", latin},
        {kana * 10 >= han + kana ? "ja" : "zh", cjk},   // kana marks Japanese
        {"ko", 3 * hangul},
        {"ru", cyrillic},
        {"ar", arabic},
        {"other", other},
    };
    const Candidate* best = &candidates[0];
    for (const auto& c : candidates)
        if (c.score > best->score)
            best = &c;
    return best->lang;
}

} // namespace wb::curation
