#include "core/embed/training_pairs.h"

#include "core/embed/text_features.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

namespace wb::embed {
namespace {

using nlohmann::json;

json readJsonFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot be opened");
    try {
        return json::parse(in);
    } catch (const json::exception& e) {
        throw Error(path + ": not valid JSON (" + e.what() + ")");
    }
}

const json& member(const json& j, const char* field, const std::string& where, json::value_t type)
{
    if (!j.is_object()) throw Error(where + ": expected a JSON object");
    auto it = j.find(field);
    if (it == j.end()) throw Error(where + "." + field + ": missing");
    const bool ok = type == json::value_t::number_integer ? it->is_number_integer() : it->type() == type;
    if (!ok) throw Error(where + "." + field + ": wrong type (" + std::string(it->type_name()) + ")");
    return *it;
}

std::string trim(const std::string& s)
{
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

uint64_t groupOf(const std::string& text)
{
    return fnv1a64(text) | 1;   // never 0 (0 = own group)
}

} // namespace

SquadData readSquad(const std::string& path)
{
    const json root = readJsonFile(path);
    SquadData out;
    const json& data = member(root, "data", path, json::value_t::array);
    for (size_t a = 0; a < data.size(); ++a) {
        const std::string aw = path + ": data[" + std::to_string(a) + "]";
        const json& paragraphs = member(data[a], "paragraphs", aw, json::value_t::array);
        for (size_t p = 0; p < paragraphs.size(); ++p) {
            const std::string pw = aw + ".paragraphs[" + std::to_string(p) + "]";
            const std::string context = member(paragraphs[p], "context", pw, json::value_t::string).get<std::string>();
            const int64_t passage = int64_t(out.passages.size());
            out.passages.push_back(context);
            const json& qas = member(paragraphs[p], "qas", pw, json::value_t::array);
            for (size_t q = 0; q < qas.size(); ++q) {
                const std::string qw = pw + ".qas[" + std::to_string(q) + "]";
                SquadQuestion sq;
                sq.question = member(qas[q], "question", qw, json::value_t::string).get<std::string>();
                if (qas[q].contains("id") && qas[q]["id"].is_string()) sq.id = qas[q]["id"].get<std::string>();
                sq.passage = passage;
                out.questions.push_back(std::move(sq));
            }
        }
    }
    return out;
}

std::vector<TextPair> squadPairs(const SquadData& data)
{
    std::vector<TextPair> pairs;
    for (const SquadQuestion& q : data.questions) {
        const std::string& passage = data.passages[size_t(q.passage)];
        pairs.push_back({q.question, passage, groupOf(passage)});
    }
    return pairs;
}

std::vector<TextPair> readPairsJsonl(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot be opened");
    static const std::pair<const char*, const char*> kFieldNames[] = {
        {"query", "positive"}, {"question", "context"}, {"anchor", "positive"}, {"instruction", "output"}};
    std::vector<TextPair> pairs;
    std::string line;
    for (int64_t lineNo = 1; std::getline(in, line); ++lineNo) {
        if (trim(line).empty()) continue;
        const std::string where = path + ":" + std::to_string(lineNo);
        json j;
        try {
            j = json::parse(line);
        } catch (const json::exception& e) {
            throw Error(where + ": not valid JSON (" + e.what() + ")");
        }
        if (!j.is_object()) throw Error(where + ": expected a JSON object");
        bool found = false;
        for (const auto& [q, p] : kFieldNames) {
            if (!j.contains(q)) continue;
            if (!j[q].is_string()) throw Error(where + ": field \"" + q + "\" must be a string");
            if (!j.contains(p)) throw Error(where + ": field \"" + p + "\" is missing (it goes with \"" + q + "\")");
            if (!j[p].is_string()) throw Error(where + ": field \"" + p + "\" must be a string");
            const std::string positive = j[p].get<std::string>();
            pairs.push_back({j[q].get<std::string>(), positive, groupOf(positive)});
            found = true;
            break;
        }
        if (!found) throw Error(where + ": no pair fields (expected \"query\" and \"positive\")");
    }
    return pairs;
}

std::vector<TextPair> readPairsFile(const std::string& path)
{
    if (path.size() > 5 && path.ends_with(".json")) {
        const json root = readJsonFile(path);
        if (root.is_object() && root.contains("data")) return squadPairs(readSquad(path));
    }
    return readPairsJsonl(path);
}

std::vector<TextPair> recordPairs(const std::vector<Record>& records, int64_t* skipped)
{
    std::vector<TextPair> pairs;
    int64_t left = 0;
    auto add = [&](const std::string& q, const std::string& p) {
        if (trim(q).empty() || trim(p).empty()) {
            ++left;
            return;
        }
        pairs.push_back({q, p, groupOf(p)});
    };
    for (const Record& r : records) {
        switch (r.kind) {
        case DatasetKind::Sft: add(r.input.empty() ? r.instruction : r.instruction + "\n" + r.input, r.output); break;
        case DatasetKind::Preference: add(r.prompt, r.chosen); break;
        case DatasetKind::Chat:
            for (size_t m = 0; m + 1 < r.messages.size(); ++m)
                if (r.messages[m].role == "user" && r.messages[m + 1].role == "assistant")
                    add(r.messages[m].content, r.messages[m + 1].content);
            break;
        case DatasetKind::Text: ++left; break;
        }
    }
    if (skipped) *skipped = left;
    return pairs;
}

std::vector<std::string> splitSentences(const std::string& text)
{
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        std::string t = trim(current);
        if (!t.empty()) out.push_back(std::move(t));
        current.clear();
    };
    for (size_t i = 0; i < text.size();) {
        const std::string_view rest(text.data() + i, text.size() - i);
        // Chinese full stops and friends: 。！？； (3 bytes each in UTF-8).
        bool end = false;
        size_t len = 1;
        for (std::string_view stop : {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F", "\xEF\xBC\x9B"})
            if (rest.starts_with(stop)) {
                end = true;
                len = stop.size();
            }
        if (!end) {
            const char c = text[i];
            end = c == '\n' || ((c == '.' || c == '!' || c == '?' || c == ';') &&
                                (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'));
        }
        current.append(text, i, len);
        i += len;
        if (end) flush();
    }
    flush();
    return out;
}

std::vector<TextPair> inverseClozePairs(const std::vector<std::string>& passages, uint64_t seed, int perPassage,
                                        double keepProbability)
{
    std::mt19937_64 rng(seed);
    std::vector<TextPair> pairs;
    for (const std::string& passage : passages) {
        const std::vector<std::string> sentences = splitSentences(passage);
        if (sentences.size() < 2) continue;
        const uint64_t group = groupOf(passage);
        std::vector<size_t> order(sentences.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        const size_t n = std::min(order.size(), size_t(std::max(perPassage, 0)));
        for (size_t k = 0; k < n; ++k) {
            const size_t pick = order[k];
            const bool keep = std::uniform_real_distribution<double>(0.0, 1.0)(rng) < keepProbability;
            std::string context;
            for (size_t s = 0; s < sentences.size(); ++s)
                if (s != pick || keep) context += (context.empty() ? "" : " ") + sentences[s];
            pairs.push_back({sentences[pick], context, group});
        }
    }
    return pairs;
}

} // namespace wb::embed
