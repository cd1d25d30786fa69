#include "core/infer/rag_prompt.h"

#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>

namespace wb {

namespace {

constexpr std::string_view kOpenFullWidthLenticular = "\xE3\x80\x90";   // 【
constexpr std::string_view kCloseFullWidthLenticular = "\xE3\x80\x91";  // 】
constexpr std::string_view kOpenFullWidthSquare = "\xEF\xBC\xBB";       // ［
constexpr std::string_view kCloseFullWidthSquare = "\xEF\xBC\xBD";      // ］
constexpr std::string_view kFullWidthComma = "\xEF\xBC\x8C";            // ，
constexpr std::string_view kIdeographicComma = "\xE3\x80\x81";          // 、
constexpr std::string_view kEnDash = "\xE2\x80\x93";                    // –
constexpr int kMaxRange = 64;   // "[1-100000]" is not a citation of 100000 passages

bool startsWith(std::string_view s, size_t at, std::string_view what)
{
    return s.substr(at, what.size()) == what;
}

void replaceAll(std::string& s, std::string_view what, const std::string& with)
{
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
        s.replace(at, what.size(), with);
}

// Parses the inside of a bracket starting at `at` up to the closing bracket
// `close`. Returns the numbers and sets `end` past the closing bracket; empty
// when the inside is not a list of numbers.
std::vector<int> parseInside(std::string_view s, size_t at, std::string_view close, size_t& end)
{
    std::vector<int> out;
    int pendingRangeStart = -1;
    bool expectNumber = true;
    size_t p = at;
    while (p < s.size()) {
        if (startsWith(s, p, close)) {
            if (expectNumber || out.empty())
                return {};
            end = p + close.size();
            return out;
        }
        const char c = s[p];
        if (c >= '0' && c <= '9') {
            if (!expectNumber)
                return {};
            long n = 0;
            while (p < s.size() && s[p] >= '0' && s[p] <= '9' && n < 1000000)
                n = n * 10 + (s[p++] - '0');
            if (pendingRangeStart >= 0) {
                if (n < pendingRangeStart || n - pendingRangeStart > kMaxRange)
                    return {};
                for (long k = pendingRangeStart + 1; k <= n; ++k)
                    out.push_back(int(k));
                pendingRangeStart = -1;
            } else {
                out.push_back(int(n));
            }
            expectNumber = false;
        } else if (c == ' ') {
            ++p;
        } else if (c == ',' || c == ';') {
            if (expectNumber)
                return {};
            expectNumber = true;
            ++p;
        } else if (startsWith(s, p, kFullWidthComma) || startsWith(s, p, kIdeographicComma)) {
            if (expectNumber)
                return {};
            expectNumber = true;
            p += 3;
        } else if (c == '-' || startsWith(s, p, kEnDash)) {
            if (expectNumber || out.empty())
                return {};
            pendingRangeStart = out.back();
            expectNumber = true;
            p += c == '-' ? 1 : kEnDash.size();
        } else {
            return {};
        }
    }
    return {};
}

} // namespace

std::string defaultRagTemplate(bool chinese)
{
    if (chinese)
        return "请仅根据下面编号的资料回答问题。在用到某段资料的句子后用方括号标出其编号，例如 [1] 或 [2][3]。"
               "如果资料中没有答案，请直接说明。\n\n"
               "资料：\n{passages}\n\n问题：{question}";
    return "Answer the question using only the numbered passages below. After each sentence that uses a passage, "
           "cite it by its number in square brackets, like [1] or [2][3]. If the passages do not contain the "
           "answer, say so.\n\n"
           "Passages:\n{passages}\n\nQuestion: {question}";
}

std::string renderPassages(const std::vector<RagPassage>& passages)
{
    std::string out;
    for (size_t i = 0; i < passages.size(); ++i) {
        if (i > 0)
            out += "\n\n";
        out += "[" + std::to_string(i + 1) + "]";
        if (!passages[i].source.empty())
            out += " (" + passages[i].source + ")";
        out += "\n" + passages[i].text;
    }
    return out;
}

std::string renderRagPrompt(const std::string& ragTemplate, const std::vector<RagPassage>& passages,
                            const std::string& question)
{
    for (const char* placeholder : {kRagPassagesPlaceholder, kRagQuestionPlaceholder})
        if (ragTemplate.find(placeholder) == std::string::npos)
            throw Error(std::string("RAG template: the placeholder ") + placeholder + " is missing");
    // Fill {passages} last: passage text may itself contain "{question}".
    std::string out = ragTemplate;
    replaceAll(out, kRagCountPlaceholder, std::to_string(passages.size()));
    const std::string marker = "\x01passages\x01";
    replaceAll(out, kRagPassagesPlaceholder, marker);
    replaceAll(out, kRagQuestionPlaceholder, question);
    replaceAll(out, marker, renderPassages(passages));
    return out;
}

std::vector<CitationMark> findCitations(const std::string& answer, int maxNumber)
{
    std::vector<CitationMark> out;
    const std::string_view s = answer;
    size_t p = 0;
    while (p < s.size()) {
        std::string_view close;
        size_t openLen = 0;
        if (s[p] == '[') {
            close = "]";
            openLen = 1;
        } else if (startsWith(s, p, kOpenFullWidthLenticular)) {
            close = kCloseFullWidthLenticular;
            openLen = 3;
        } else if (startsWith(s, p, kOpenFullWidthSquare)) {
            close = kCloseFullWidthSquare;
            openLen = 3;
        }
        if (openLen == 0) {
            ++p;
            continue;
        }
        size_t end = 0;
        std::vector<int> numbers = parseInside(s, p + openLen, close, end);
        const bool markdownLink = end < s.size() && s[end] == '(' && close == "]";
        numbers.erase(std::remove_if(numbers.begin(), numbers.end(),
                                     [maxNumber](int n) { return n < 1 || (maxNumber > 0 && n > maxNumber); }),
                      numbers.end());
        if (numbers.empty() || markdownLink) {
            p += openLen;
            continue;
        }
        out.push_back({p, end, std::move(numbers)});
        p = end;
    }
    return out;
}

std::vector<int> citedNumbers(const std::string& answer, int maxNumber)
{
    std::vector<int> out;
    for (const CitationMark& m : findCitations(answer, maxNumber))
        for (int n : m.numbers)
            if (std::find(out.begin(), out.end(), n) == out.end())
                out.push_back(n);
    return out;
}

std::vector<int64_t> citedChunkIds(const std::string& answer, const std::vector<int64_t>& chunkIds)
{
    std::vector<int64_t> out;
    if (chunkIds.empty())
        return out;
    for (int n : citedNumbers(answer, int(chunkIds.size()))) {
        const int64_t id = chunkIds[size_t(n - 1)];
        if (std::find(out.begin(), out.end(), id) == out.end())
            out.push_back(id);
    }
    return out;
}

std::string withRagChunks(const std::string& statsJson, int64_t collectionId, const std::vector<int64_t>& chunkIds)
{
    nlohmann::json j = statsJson.empty() ? nlohmann::json::object() : nlohmann::json::parse(statsJson, nullptr, false);
    if (!j.is_object())
        j = nlohmann::json::object();
    j["rag"] = {{"collection", collectionId}, {"chunk_ids", chunkIds}};
    return j.dump();
}

std::vector<int64_t> ragChunkIds(const std::string& statsJson)
{
    std::vector<int64_t> out;
    if (statsJson.empty())
        return out;
    const nlohmann::json j = nlohmann::json::parse(statsJson, nullptr, false);
    if (!j.is_object() || !j.contains("rag") || !j["rag"].is_object())
        return out;
    const nlohmann::json& ids = j["rag"].value("chunk_ids", nlohmann::json::array());
    if (!ids.is_array())
        return out;
    for (const auto& id : ids)
        if (id.is_number_integer())
            out.push_back(id.get<int64_t>());
    return out;
}

int64_t ragCollectionId(const std::string& statsJson)
{
    if (statsJson.empty())
        return 0;
    const nlohmann::json j = nlohmann::json::parse(statsJson, nullptr, false);
    if (!j.is_object() || !j.contains("rag") || !j["rag"].is_object())
        return 0;
    const auto& c = j["rag"].value("collection", nlohmann::json());
    return c.is_number_integer() ? c.get<int64_t>() : 0;
}

} // namespace wb
