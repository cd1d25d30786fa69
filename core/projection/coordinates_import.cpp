#include "core/projection/coordinates_import.h"

#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_map>

namespace wb {

namespace {

class Collector {
public:
    explicit Collector(const std::string& name) : name_(name) {}

    [[noreturn]] void fail(int64_t line, const std::string& what) const
    {
        throw Error("'" + name_ + "' line " + std::to_string(line) + ": " + what);
    }

    void add(int64_t line, int64_t id, double x, double y)
    {
        const double big = std::numeric_limits<float>::max();
        if (!std::isfinite(x) || std::abs(x) > big)
            fail(line, "x is not a finite number");
        if (!std::isfinite(y) || std::abs(y) > big)
            fail(line, "y is not a finite number");
        const auto [it, fresh] = lines_.emplace(id, line);
        if (!fresh)
            fail(line, "id " + std::to_string(id) + " already given on line " + std::to_string(it->second));
        out_.itemIds.push_back(id);
        out_.xy.push_back(float(x));
        out_.xy.push_back(float(y));
    }

    ImportedCoordinates take(int64_t lastLine)
    {
        if (out_.itemIds.empty())
            fail(lastLine, "no coordinates in the file");
        return std::move(out_);
    }

private:
    std::string name_;
    ImportedCoordinates out_;
    std::unordered_map<int64_t, int64_t> lines_;
};

std::string trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"'))
        s.remove_suffix(1);
    return std::string(s);
}

bool parseInt(const std::string& s, int64_t& v)
{
    const char* end = s.data() + s.size();
    const auto r = std::from_chars(s.data(), end, v);
    return r.ec == std::errc() && r.ptr == end && !s.empty();
}

bool parseDouble(const std::string& s, double& v)
{
    if (s.empty())
        return false;
    char* end = nullptr;
    v = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size();
}

std::vector<std::string> split(std::string_view line, char sep)
{
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i)
        if (i == line.size() || line[i] == sep) {
            out.push_back(trim(line.substr(start, i - start)));
            start = i + 1;
        }
    return out;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

int64_t lineAt(std::string_view text, size_t offset)
{
    return 1 + std::count(text.begin(), text.begin() + long(std::min(offset, text.size())), '\n');
}

void addJsonElement(Collector& c, int64_t line, const nlohmann::json& e)
{
    const nlohmann::json *id = nullptr, *x = nullptr, *y = nullptr;
    if (e.is_object()) {
        for (const char* k : {"id", "x", "y"})
            if (!e.contains(k))
                c.fail(line, std::string("missing \"") + k + "\"");
        id = &e.at("id");
        x = &e.at("x");
        y = &e.at("y");
    } else if (e.is_array()) {
        if (e.size() != 3)
            c.fail(line, "expected [id, x, y], got " + std::to_string(e.size()) + " values");
        id = &e[0];
        x = &e[1];
        y = &e[2];
    } else {
        c.fail(line, "expected an object {\"id\", \"x\", \"y\"} or an array [id, x, y]");
    }
    int64_t idValue = 0;
    if (id->is_number_integer())
        idValue = id->get<int64_t>();
    else if (!(id->is_string() && parseInt(id->get<std::string>(), idValue)))
        c.fail(line, "id " + id->dump() + " is not an integer");
    if (!x->is_number())
        c.fail(line, "x " + x->dump() + " is not a number");
    if (!y->is_number())
        c.fail(line, "y " + y->dump() + " is not a number");
    c.add(line, idValue, x->get<double>(), y->get<double>());
}

} // namespace

ImportedCoordinates parseCoordinatesCsv(std::string_view text, const std::string& name)
{
    Collector c(name);
    int64_t lineNo = 0;
    size_t pos = 0;
    bool first = true;
    char sep = ',';
    int idCol = 0, xCol = 1, yCol = 2;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (lineNo == 1 && line.substr(0, 3) == "\xEF\xBB\xBF")   // UTF-8 byte order mark
            line.remove_prefix(3);
        if (trim(line).empty())
            continue;
        if (first) {
            first = false;
            const auto count = [&](char ch) { return std::count(line.begin(), line.end(), ch); };
            sep = count('\t') > count(',') ? '\t' : (count(';') > count(',') ? ';' : ',');
            const auto head = split(line, sep);
            int64_t probe = 0;
            if (!head.empty() && !parseInt(head[0], probe)) {   // a header
                idCol = xCol = yCol = -1;
                for (size_t i = 0; i < head.size(); ++i) {
                    const std::string h = lower(head[i]);
                    if (h == "id" && idCol < 0)
                        idCol = int(i);
                    else if (h == "x" && xCol < 0)
                        xCol = int(i);
                    else if (h == "y" && yCol < 0)
                        yCol = int(i);
                }
                if (idCol < 0 || xCol < 0 || yCol < 0)
                    c.fail(lineNo, "the header must name the columns id, x and y");
                continue;
            }
        }
        const auto f = split(line, sep);
        const int need = std::max({idCol, xCol, yCol}) + 1;
        if (int(f.size()) < need)
            c.fail(lineNo, "expected " + std::to_string(need) + " columns, got " + std::to_string(f.size()));
        int64_t id = 0;
        double x = 0, y = 0;
        if (!parseInt(f[size_t(idCol)], id))
            c.fail(lineNo, "id '" + f[size_t(idCol)] + "' is not an integer");
        if (!parseDouble(f[size_t(xCol)], x))
            c.fail(lineNo, "x '" + f[size_t(xCol)] + "' is not a number");
        if (!parseDouble(f[size_t(yCol)], y))
            c.fail(lineNo, "y '" + f[size_t(yCol)] + "' is not a number");
        c.add(lineNo, id, x, y);
    }
    return c.take(lineNo);
}

ImportedCoordinates parseCoordinatesJson(std::string_view text, const std::string& name)
{
    Collector c(name);
    size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos)
        c.fail(1, "the file is empty");
    if (text.substr(start, 3) == "\xEF\xBB\xBF")
        start = text.find_first_not_of(" \t\r\n", start + 3);
    auto parse = [&](std::string_view element, size_t offset) {
        try {
            return nlohmann::json::parse(element.begin(), element.end());
        } catch (const nlohmann::json::parse_error& e) {
            c.fail(lineAt(text, offset + (e.byte > 0 ? e.byte - 1 : 0)), std::string("invalid JSON: ") + e.what());
        }
    };
    if (start != std::string_view::npos && text[start] == '[') {
        // Cut the top-level array into elements (strings respected) so each
        // error can name the element's line.
        int depth = 0;
        bool inString = false, escaped = false, closed = false;
        size_t elementStart = std::string_view::npos;
        for (size_t i = start; i < text.size() && !closed; ++i) {
            const char ch = text[i];
            if (inString) {
                if (escaped)
                    escaped = false;
                else if (ch == '\\')
                    escaped = true;
                else if (ch == '"')
                    inString = false;
                continue;
            }
            if (ch == '"') {
                inString = true;
                if (elementStart == std::string_view::npos && depth == 1)
                    elementStart = i;
            } else if (ch == '[' || ch == '{') {
                if (depth == 1 && elementStart == std::string_view::npos)
                    elementStart = i;
                ++depth;
            } else if (ch == ']' || ch == '}') {
                --depth;
                if (depth == 0) {
                    if (elementStart != std::string_view::npos)
                        addJsonElement(c, lineAt(text, elementStart),
                                       parse(text.substr(elementStart, i - elementStart), elementStart));
                    closed = true;
                }
            } else if (ch == ',' && depth == 1) {
                if (elementStart == std::string_view::npos)
                    c.fail(lineAt(text, i), "invalid JSON: an empty array element");
                addJsonElement(c, lineAt(text, elementStart),
                               parse(text.substr(elementStart, i - elementStart), elementStart));
                elementStart = std::string_view::npos;
            } else if (depth == 1 && elementStart == std::string_view::npos && ch != ' ' && ch != '\t'
                       && ch != '\r' && ch != '\n') {
                elementStart = i;   // a bare number or literal: reported as not an object
            }
        }
        if (!closed)
            c.fail(lineAt(text, text.size()), "invalid JSON: the array is not closed");
        return c.take(lineAt(text, text.size()));
    }
    // JSON Lines.
    int64_t lineNo = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        const size_t lineStart = pos;
        pos = end + 1;
        ++lineNo;
        if (trim(line).empty())
            continue;
        addJsonElement(c, lineNo, parse(line, lineStart));
    }
    return c.take(lineNo);
}

ImportedCoordinates readCoordinatesFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot open '" + path + "'");
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    std::string ext = lower(path.substr(path.find_last_of('.') == std::string::npos ? path.size()
                                                                                   : path.find_last_of('.')));
    if (ext == ".json" || ext == ".jsonl" || ext == ".ndjson")
        return parseCoordinatesJson(text, path);
    return parseCoordinatesCsv(text, path);
}

} // namespace wb
