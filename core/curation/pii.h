#pragma once
// Hand-written scanners for personal data in free text: e-mail addresses,
// phone numbers and Chinese resident identity numbers.
#include <string>
#include <string_view>
#include <vector>

namespace wb::curation::detail {

enum class PiiKind { Email, Phone, ChineseId };

struct PiiMatch {
    PiiKind kind = PiiKind::Email;
    size_t byteOffset = 0;
    size_t byteLength = 0;
    size_t charOffset = 0;    // in code points
    std::string masked;       // e.g. "j***@example.com", "*********78"
};

// Matches in text order; ranges do not overlap.
std::vector<PiiMatch> findPersonalData(std::string_view text);

// GB 11643 / ISO 7064 MOD 11-2: 18 characters, region, a real birth date,
// sequence and a valid check character (0-9 or X).
bool isValidChineseId(std::string_view id);

std::string_view toString(PiiKind k);   // "email", "phone", "id-number"

} // namespace wb::curation::detail
