#pragma once
// JSON record shapes: parse one record's bytes straight into Record fields
// for a given Format, and guess a Format from the keys of a few records.
#include "core/formats/formats.h"
#include "core/formats/json_cursor.h"

#include <string>
#include <string_view>
#include <vector>

namespace wb::formats {

// Throws json::ParseError (offset into `bytes`) naming the field at fault.
void parseJsonRecord(std::string_view bytes, Format f, Record& r);

// Top-level keys of one JSON object record (validates the whole record).
std::vector<std::string> objectKeys(std::string_view bytes);

// The JSON format the keys fit, or Format::Auto; `reason` explains the choice.
Format formatFromKeys(const std::vector<std::string>& keys, bool& preference, std::string& reason);

// ShareGPT "from" <-> Record role.
std::string roleFromShareGpt(std::string_view from);   // "" when unknown
std::string shareGptFromRole(std::string_view role);   // "" when not expressible

} // namespace wb::formats
