#pragma once
// Record text helpers for the write path, where recordText(r) is built once
// and reused for both the content hash and the full-text index body.
#include "core/data/record.h"

#include <string>
#include <string_view>

namespace wb {

// contentHash(r) given text == recordText(r), without building the
// normalised copy (same value, defined next to contentHash in record.cpp).
std::string contentHashOfText(DatasetKind kind, std::string_view text);

// recordText(r) appended to `out` (cleared first), reusing its capacity.
void recordTextInto(const Record& r, std::string& out);

} // namespace wb
