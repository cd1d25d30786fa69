#pragma once
// User 2-D coordinates (id, x, y) for the embedding map, from CSV or JSON.
// CSV: a header naming id, x and y (any order, other columns ignored) or no
// header and the columns id,x,y; comma, semicolon or tab separated.
// JSON: an array of {"id": 1, "x": 0.5, "y": 2} objects or [id, x, y]
// arrays, or JSON Lines of either. Every error names the file and line:
// a missing column, a non-integer id, a non-finite coordinate, a repeated id.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

struct ImportedCoordinates {
    std::vector<int64_t> itemIds;   // [n], in file order
    std::vector<float> xy;          // [n, 2]
};

// By extension: .json/.jsonl/.ndjson as JSON, anything else as CSV.
ImportedCoordinates readCoordinatesFile(const std::string& path);
ImportedCoordinates parseCoordinatesCsv(std::string_view text, const std::string& name);
ImportedCoordinates parseCoordinatesJson(std::string_view text, const std::string& name);

} // namespace wb
