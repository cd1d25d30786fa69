// Dataset statistics: counts by review status, category, split and language,
// and per-field character-length histograms.
#include "core/curation/curation.h"
#include "core/curation/quality_checker.h"
#include "core/curation/text_scan.h"

namespace wb::curation {

namespace {

// (name, length in chars) of the fields that matter for a record's kind.
// Chat records contribute one "user"/"assistant" value per message.
void fieldLengths(const Record& r, std::map<std::string, std::vector<double>>& out)
{
    auto add = [&](const char* name, std::string_view s) { out[name].push_back(double(detail::codePointCount(s))); };
    switch (r.kind) {
    case DatasetKind::Sft:
        add("instruction", r.instruction);
        add("input", r.input);
        add("output", r.output);
        break;
    case DatasetKind::Chat:
        for (const Message& m : r.messages)
            if (m.role == "user" || m.role == "assistant")
                add(m.role == "user" ? "user" : "assistant", m.content);
        break;
    case DatasetKind::Preference:
        add("prompt", r.prompt);
        add("chosen", r.chosen);
        add("rejected", r.rejected);
        break;
    case DatasetKind::Text:
        add("text", r.text);
        break;
    }
    add("record", recordText(r));
}

} // namespace

DatasetStats computeStats(ProjectStore& store, int64_t datasetId, int bins)
{
    if (bins < 1)
        throw Error("statistics: bins must be at least 1 (got " + std::to_string(bins) + ")");
    if (!store.dataset(datasetId))
        throw Error("statistics: no dataset with id " + std::to_string(datasetId) + " in " + store.path());
    DatasetStats st;
    std::map<std::string, std::vector<double>> lengths;
    RecordQuery q;
    q.datasetId = datasetId;
    store.forEach(q, [&](const Record& r) {
        ++st.records;
        ++st.byStatus[std::string(toString(r.status))];
        ++st.byCategory[r.category];
        ++st.bySplit[std::string(toString(r.split))];
        ++st.byLanguage[detectLanguage(detail::languageText(r))];
        fieldLengths(r, lengths);
        return true;
    });
    for (auto& [field, values] : lengths) {
        double sum = 0;
        for (double v : values)
            sum += v;
        st.meanChars[field] = values.empty() ? 0.0 : sum / double(values.size());
        st.charLengths[field] = histogram(values, bins);
    }
    return st;
}

} // namespace wb::curation
