// Quality checks over records: empty or echoed outputs, over-long fields,
// degenerate repetition, language mismatch and personal data.
#include "core/curation/pii.h"
#include "core/curation/quality_checker.h"
#include "core/curation/text_scan.h"
#include "core/text/token_counter.h"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace wb::curation {

std::string_view toString(IssueKind k)
{
    switch (k) {
    case IssueKind::EmptyOutput: return "empty-output";
    case IssueKind::OutputRepeatsInstruction: return "repeats-instruction";
    case IssueKind::TooLongChars: return "too-long-chars";
    case IssueKind::TooLongTokens: return "too-long-tokens";
    case IssueKind::RepeatedNgrams: return "repeated-ngrams";
    case IssueKind::LanguageMismatch: return "language-mismatch";
    case IssueKind::PersonalData: return "personal-data";
    }
    return "?";
}

namespace detail {

namespace {

struct Field {
    std::string name;
    std::string_view text;
};

// Every user-visible text field of a record, with its name.
std::vector<Field> fieldsOf(const Record& r)
{
    std::vector<Field> f;
    auto add = [&](const char* name, const std::string& s) {
        if (!s.empty())
            f.push_back({name, s});
    };
    add("system", r.system);
    add("instruction", r.instruction);
    add("input", r.input);
    add("output", r.output);
    add("prompt", r.prompt);
    add("chosen", r.chosen);
    add("rejected", r.rejected);
    add("text", r.text);
    for (size_t i = 0; i < r.messages.size(); ++i)
        if (!r.messages[i].content.empty())
            f.push_back({"messages[" + std::to_string(i) + "]", r.messages[i].content});
    return f;
}

// The field a model is trained to produce, and the prompt it answers.
struct OutputPair {
    std::string field;
    std::string_view output;
    std::string_view prompt;
    bool missing = false;   // chat without an assistant turn
};

OutputPair outputOf(const Record& r)
{
    switch (r.kind) {
    case DatasetKind::Sft: return {"output", r.output, r.instruction};
    case DatasetKind::Preference: return {"chosen", r.chosen, r.prompt};
    case DatasetKind::Text: return {"text", r.text, {}};
    case DatasetKind::Chat: break;
    }
    for (size_t i = r.messages.size(); i-- > 0;) {
        if (r.messages[i].role != "assistant")
            continue;
        OutputPair p{"messages[" + std::to_string(i) + "]", r.messages[i].content, {}};
        for (size_t j = i; j-- > 0;)
            if (r.messages[j].role == "user") {
                p.prompt = r.messages[j].content;
                break;
            }
        return p;
    }
    OutputPair p{"messages", {}, {}};
    p.missing = true;
    return p;
}

bool isBlank(std::string_view s)
{
    for (size_t p = 0; p < s.size();) {
        char32_t c = nextCodePoint(s, p);
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0
            || (c >= 0x2000 && c <= 0x200B) || c == 0x3000 || c == 0xFEFF;
        if (!space)
            return false;
    }
    return true;
}

std::string percent(double f) { return std::to_string(int(f * 100.0 + 0.5)) + "%"; }

} // namespace

// Text for language identification: contents only (no role names, which
// would add English words to every chat record).
std::string languageText(const Record& r)
{
    std::string t;
    for (const Field& f : fieldsOf(r)) {
        t.append(f.text);
        t += '\n';
    }
    return t;
}

QualityChecker::QualityChecker(const QualityOptions& opt)
    : opt_(opt)
{
    if (opt.ngram < 1 || opt.ngram > 64)
        throw Error("quality checks: ngram must be between 1 and 64 (got " + std::to_string(opt.ngram) + ")");
}

void QualityChecker::add(const Record& r, int64_t id)
{
    checkOutput(r, id);
    checkFields(r, id);
    languages_.emplace_back(id, detectLanguage(languageText(r)));
}

void QualityChecker::checkOutput(const Record& r, int64_t id)
{
    const OutputPair out = outputOf(r);
    if (out.missing) {
        issues_.push_back({id, IssueKind::EmptyOutput, out.field, "no assistant message"});
        return;
    }
    if (isBlank(out.output)) {
        issues_.push_back({id, IssueKind::EmptyOutput, out.field, out.field + " is empty"});
        return;
    }
    if (out.prompt.empty() || isBlank(out.prompt))
        return;
    const std::string a = normalizeForHash(out.output), b = normalizeForHash(out.prompt);
    if (!a.empty() && a == b) {
        issues_.push_back({id, IssueKind::OutputRepeatsInstruction, out.field, out.field + " equals the instruction"});
        return;
    }
    const auto outGrams = ngramHashes(tokenHashes(out.output), opt_.ngram);
    if (outGrams.empty())
        return;
    const auto promptGrams = ngramHashes(tokenHashes(out.prompt), opt_.ngram);
    const std::unordered_set<uint64_t> inPrompt(promptGrams.begin(), promptGrams.end());
    size_t shared = 0;
    for (uint64_t g : outGrams)
        shared += inPrompt.count(g);
    const double f = double(shared) / double(outGrams.size());
    if (f >= 0.9)
        issues_.push_back({id, IssueKind::OutputRepeatsInstruction, out.field,
                           out.field + " repeats the instruction (" + percent(f) + " of its "
                               + std::to_string(opt_.ngram) + "-grams)"});
}

void QualityChecker::checkFields(const Record& r, int64_t id)
{
    const std::vector<Field> fields = fieldsOf(r);
    bool fieldTooLong = false;
    for (const Field& f : fields) {
        const size_t chars = codePointCount(f.text);
        if (opt_.maxChars > 0 && int64_t(chars) > opt_.maxChars) {
            fieldTooLong = true;
            issues_.push_back({id, IssueKind::TooLongChars, f.name,
                               f.name + " has " + std::to_string(chars) + " chars (max "
                                   + std::to_string(opt_.maxChars) + ")"});
        }

        auto grams = ngramHashes(tokenHashes(f.text), opt_.ngram);
        if (grams.size() >= 2) {
            std::sort(grams.begin(), grams.end());
            const size_t distinct = size_t(std::unique(grams.begin(), grams.end()) - grams.begin());
            const double repeated = double(grams.size() - distinct) / double(grams.size());
            if (repeated > opt_.maxRepeatedNgramRatio)
                issues_.push_back({id, IssueKind::RepeatedNgrams, f.name,
                                   percent(repeated) + " of " + std::to_string(opt_.ngram) + "-grams repeated"});
        }

        for (const PiiMatch& m : findPersonalData(f.text))
            issues_.push_back({id, IssueKind::PersonalData, f.name,
                               std::string(toString(m.kind)) + " " + m.masked + " at char "
                                   + std::to_string(m.charOffset)});
    }

    if (!fieldTooLong && opt_.maxChars > 0) {
        const size_t chars = codePointCount(recordText(r));
        if (int64_t(chars) > opt_.maxChars)
            issues_.push_back({id, IssueKind::TooLongChars, "record",
                               "record has " + std::to_string(chars) + " chars (max "
                                   + std::to_string(opt_.maxChars) + ")"});
    }
    if (opt_.tokens && opt_.maxTokens > 0) {
        const size_t tokens = opt_.tokens->countTokens(recordText(r));
        if (int64_t(tokens) > opt_.maxTokens)
            issues_.push_back({id, IssueKind::TooLongTokens, "record",
                               "record has " + std::to_string(tokens) + " " + opt_.tokens->name()
                                   + " tokens (max " + std::to_string(opt_.maxTokens) + ")"});
    }
}

std::vector<QualityIssue> QualityChecker::finish()
{
    std::string expected = opt_.language;
    if (expected.empty()) {
        std::map<std::string, int64_t> counts;
        for (const auto& [id, lang] : languages_)
            if (lang != "und")
                ++counts[lang];
        int64_t best = 0;
        for (const auto& [lang, n] : counts)
            if (n > best) {
                best = n;
                expected = lang;
            }
    }
    if (!expected.empty())
        for (const auto& [id, lang] : languages_)
            if (lang != "und" && lang != expected)
                issues_.push_back({id, IssueKind::LanguageMismatch, "record",
                                   "language " + lang + ", expected " + expected});
    std::stable_sort(issues_.begin(), issues_.end(),
                     [](const QualityIssue& a, const QualityIssue& b) { return a.recordId < b.recordId; });
    languages_.clear();
    return std::move(issues_);
}

} // namespace detail

std::vector<QualityIssue> checkQuality(const std::vector<Record>& records, const QualityOptions& opt)
{
    detail::QualityChecker checker(opt);
    for (size_t i = 0; i < records.size(); ++i)
        checker.add(records[i], int64_t(i));
    return checker.finish();
}

} // namespace wb::curation
