// llmwb dataset import | export | list | stats
#include "cli/command.h"
#include "cli/common.h"

#include "core/curation/curation.h"
#include "core/formats/formats.h"
#include "core/formats/import_service.h"
#include "core/store/project_store.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace wb::cli {

namespace {

using nlohmann::json;

constexpr size_t kMaxErrorsPrinted = 100;

formats::Format parseFormat(const ParsedArgs& a)
{
    try {
        return formats::formatFromString(a.value("format", "auto"));
    } catch (const Error& e) {
        throw UsageError(std::string("option '--format': ") + e.what());
    }
}

formats::ImportOptions importOptions(const ParsedArgs& a)
{
    formats::ImportOptions opt;
    opt.format = parseFormat(a);
    for (const auto& m : a.values("map")) {
        auto eq = m.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
            throw UsageError("option '--map': expected field=column, got '" + m + "'");
        opt.csvMapping[m.substr(0, eq)] = m.substr(eq + 1);
    }
    if (a.has("delimiter")) {
        std::string d = a.value("delimiter");
        if (d == "tab" || d == "\\t")
            d = "\t";
        if (d.size() != 1)
            throw UsageError("option '--delimiter': expected one character or 'tab', got '" + d + "'");
        opt.csvDelimiter = d[0];
    }
    opt.textSplitParagraphs = a.has("paragraphs");
    return opt;
}

// Kind of the dataset to create for a file imported under a user-given name.
DatasetKind kindForNewDataset(const std::string& path, const formats::ImportOptions& opt)
{
    using formats::Format;
    if (opt.format == Format::Csv) {
        const auto& m = opt.csvMapping;
        if (m.count("chosen") || m.count("rejected"))
            return DatasetKind::Preference;
        if (m.count("text") && !m.count("output") && !m.count("instruction"))
            return DatasetKind::Text;
        return DatasetKind::Sft;
    }
    if (opt.format != Format::Auto && opt.format != Format::ShareGpt)
        return formats::kindOf(opt.format);
    return formats::detect(path).kind;
}

json errorJson(const formats::ImportError& e)
{
    return {{"file", e.file}, {"line", e.line}, {"column", e.column}, {"reason", e.reason}};
}

int datasetImport(const ParsedArgs& a)
{
    auto opt = importOptions(a);
    const std::string& projectPath = a.positional[0];
    std::vector<std::string> files(a.positional.begin() + 1, a.positional.end());
    for (const auto& f : files) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(f, ec))
            throw Error("input file not found: " + f);
    }
    auto store = openProject(projectPath);

    ProjectStore::Transaction tx(*store);   // all files or nothing
    int64_t datasetId = 0;
    if (a.has("dataset")) {
        const std::string name = a.value("dataset");
        if (auto d = store->datasetByName(name))
            datasetId = d->id;
        else
            datasetId = store->createDataset(name, kindForNewDataset(files[0], opt));
    }

    json fileReports = json::array();
    std::vector<formats::ImportError> errors;
    int64_t imported = 0, rejected = 0;
    std::string firstFormat;
    for (const auto& f : files) {
        ProgressLine progress("importing " + f);
        auto r = formats::importFile(*store, f, datasetId, opt, [&](int64_t done, int64_t total) {
            progress.update(done, total, "bytes");
            return !interrupted();
        });
        progress.finish();
        if (interrupted())
            throw Error("interrupted; nothing was imported");
        datasetId = r.datasetId;
        imported += r.imported;
        rejected += r.rejected;
        std::string fmt(formats::toString(r.format));
        if (firstFormat.empty())
            firstFormat = fmt;
        else if (firstFormat != fmt)
            firstFormat = "mixed";
        fileReports.push_back(
            {{"file", f}, {"format", fmt}, {"imported", r.imported}, {"rejected", r.rejected}, {"bytes", r.bytes}});
        for (auto& e : r.errors)
            errors.push_back(std::move(e));
    }
    tx.commit();

    auto info = store->dataset(datasetId);
    const std::string name = info ? info->name : std::to_string(datasetId);
    if (a.has("json")) {
        json errs = json::array();
        for (const auto& e : errors)
            errs.push_back(errorJson(e));
        printJson({{"dataset", name},
                   {"dataset_id", datasetId},
                   {"format", firstFormat},
                   {"imported", imported},
                   {"rejected", rejected},
                   {"errors", errs},
                   {"files", fileReports}});
    } else {
        std::printf("imported %lld records into dataset '%s' (id %lld, format %s)",
                    (long long)imported, name.c_str(), (long long)datasetId, firstFormat.c_str());
        if (rejected)
            std::printf("; %lld rejected (kept in the project's quarantine)", (long long)rejected);
        std::printf("\n");
        for (size_t i = 0; i < errors.size() && i < kMaxErrorsPrinted; ++i)
            std::fprintf(stderr, "%s:%lld:%lld: %s\n", errors[i].file.c_str(), (long long)errors[i].line,
                         (long long)errors[i].column, errors[i].reason.c_str());
        if (errors.size() > kMaxErrorsPrinted)
            std::fprintf(stderr, "... and %zu more rejected records (use --json for the full list)\n",
                         errors.size() - kMaxErrorsPrinted);
    }
    return kExitOk;
}

RecordQuery queryFromFilters(const ParsedArgs& a, int64_t datasetId)
{
    RecordQuery q;
    q.datasetId = datasetId;
    try {
        if (a.has("status"))
            q.status = reviewStatusFromString(a.value("status"));
        if (a.has("split"))
            q.split = splitFromString(a.value("split"));
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
    q.tag = a.value("tag");
    q.category = a.value("category");
    return q;
}

int datasetExport(const ParsedArgs& a)
{
    formats::ExportOptions opt;
    opt.format = parseFormat(a);
    opt.jsonLines = !a.has("array");
    opt.includeMetadata = a.has("metadata");
    auto store = openProject(a.positional[0]);
    auto ds = resolveDataset(*store, a.positional[1]);
    const std::string& out = a.positional[2];
    RecordQuery q = queryFromFilters(a, ds.id);

    ProgressLine progress("exporting " + ds.name);
    int64_t n = formats::exportQuery(*store, q, out, opt, [&](int64_t done, int64_t total) {
        progress.update(done, total);
        return !interrupted();
    });
    progress.finish();
    auto used = opt.format == formats::Format::Auto ? formats::naturalFormat(ds.kind) : opt.format;
    std::string fmt(formats::toString(used));
    if (a.has("json"))
        printJson({{"dataset", ds.name}, {"dataset_id", ds.id}, {"path", out}, {"format", fmt},
                   {"json_lines", opt.jsonLines}, {"exported", n}});
    else
        std::printf("exported %lld records of dataset '%s' to %s\n", (long long)n, ds.name.c_str(), out.c_str());
    return kExitOk;
}

int datasetList(const ParsedArgs& a)
{
    auto store = openProject(a.positional[0]);
    auto all = store->datasets();
    if (a.has("json")) {
        json arr = json::array();
        for (const auto& d : all)
            arr.push_back(datasetJson(d));
        printJson({{"project", store->path()}, {"datasets", arr}});
        return kExitOk;
    }
    if (all.empty()) {
        std::printf("no datasets in %s\n", store->path().c_str());
        return kExitOk;
    }
    std::printf("%6s  %-11s %10s  %s\n", "ID", "KIND", "RECORDS", "NAME");
    for (const auto& d : all)
        std::printf("%6lld  %-11s %10lld  %s\n", (long long)d.id, std::string(toString(d.kind)).c_str(),
                    (long long)d.recordCount, d.name.c_str());
    return kExitOk;
}

json countsJson(const std::map<std::string, int64_t>& m)
{
    json j = json::object();
    for (const auto& [k, v] : m)
        j[k] = v;
    return j;
}

void printCounts(const char* title, const std::map<std::string, int64_t>& m, size_t limit = 15)
{
    if (m.empty())
        return;
    std::vector<std::pair<std::string, int64_t>> v(m.begin(), m.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    std::printf("%s:\n", title);
    for (size_t i = 0; i < v.size() && i < limit; ++i)
        std::printf("  %-24s %lld\n", v[i].first.empty() ? "(none)" : v[i].first.c_str(), (long long)v[i].second);
    if (v.size() > limit)
        std::printf("  ... %zu more\n", v.size() - limit);
}

int datasetStats(const ParsedArgs& a)
{
    int bins = int(a.has("bins") ? toInt("bins", a.value("bins"), 1, 1000) : 30);
    auto store = openProject(a.positional[0]);
    auto ds = resolveDataset(*store, a.positional[1]);
    auto s = curation::computeStats(*store, ds.id, bins);
    if (a.has("json")) {
        json lengths = json::object();
        for (const auto& [field, h] : s.charLengths)
            lengths[field] = {{"edges", h.edges}, {"counts", h.counts}};
        json means = json::object();
        for (const auto& [field, m] : s.meanChars)
            means[field] = m;
        printJson({{"dataset", ds.name},
                   {"dataset_id", ds.id},
                   {"kind", std::string(toString(ds.kind))},
                   {"records", s.records},
                   {"by_status", countsJson(s.byStatus)},
                   {"by_split", countsJson(s.bySplit)},
                   {"by_category", countsJson(s.byCategory)},
                   {"by_language", countsJson(s.byLanguage)},
                   {"mean_chars", means},
                   {"char_lengths", lengths}});
        return kExitOk;
    }
    std::printf("dataset '%s' (id %lld, %s): %lld records\n", ds.name.c_str(), (long long)ds.id,
                std::string(toString(ds.kind)).c_str(), (long long)s.records);
    printCounts("status", s.byStatus);
    printCounts("split", s.bySplit);
    printCounts("language", s.byLanguage);
    printCounts("category", s.byCategory);
    if (!s.meanChars.empty()) {
        std::printf("mean characters:\n");
        for (const auto& [field, m] : s.meanChars)
            std::printf("  %-24s %.1f\n", field.c_str(), m);
    }
    return kExitOk;
}

const std::string kFormats = "auto|alpaca|dolly|sharegpt|openai|preference|text|csv";

} // namespace

CommandGroup datasetCommands()
{
    CommandGroup g{"dataset", "Import, export, inspect and curate datasets.", {}};
    g.commands.push_back(Command{
        "import",
        "import data files into a dataset",
        "usage: llmwb dataset import PROJECT FILE... [options]\n"
        "\n"
        "Import one or more files (JSON, JSON Lines, CSV, text) into a dataset, in one\n"
        "transaction. Records that cannot be read are rejected, kept in the project's\n"
        "quarantine and reported with file, line and column; the command still exits 0.\n"
        "\n"
        "options:\n"
        "  --dataset NAME       import into this dataset (created if missing); default:\n"
        "                       a new dataset named after the first file\n"
        "  --format F           " + kFormats + " (default auto)\n"
        "  --map FIELD=COLUMN   CSV column for a record field (repeatable), e.g.\n"
        "                       --map instruction=question --map output=answer\n"
        "  --delimiter C        CSV delimiter (one character or 'tab'; default ',')\n"
        "  --paragraphs         text files: one record per blank-line separated block\n"
        "  --json               print {dataset, dataset_id, format, imported, rejected,\n"
        "                       errors: [{file, line, column, reason}], files} as JSON\n",
        {{"dataset", true}, {"format", true}, {"map", true, true}, {"delimiter", true}, {"paragraphs", false},
         {"json", false}},
        2,
        std::numeric_limits<size_t>::max(),
        datasetImport});
    g.commands.push_back(Command{
        "export",
        "write a dataset (or a filtered part) to a file",
        "usage: llmwb dataset export PROJECT DATASET OUT [options]\n"
        "\n"
        "Write the records of DATASET (name or id) to OUT, JSON Lines by default.\n"
        "\n"
        "options:\n"
        "  --format F       " + kFormats + "\n"
        "                   (default auto: the natural format of the dataset's kind)\n"
        "  --array          write one JSON array instead of JSON Lines\n"
        "  --metadata       add \"_wb\": {status, rating, split, tags, source} to each record\n"
        "  --status S       only records with review status unreviewed|accepted|rejected|needs-fix\n"
        "  --split S        only records in split train|validation|test\n"
        "  --tag T          only records with tag T\n"
        "  --category C     only records of category C\n"
        "  --json           print {dataset, dataset_id, path, format, exported} as JSON\n",
        {{"format", true}, {"array", false}, {"metadata", false}, {"status", true}, {"split", true}, {"tag", true},
         {"category", true}, {"json", false}},
        3,
        3,
        datasetExport});
    g.commands.push_back(Command{
        "list",
        "list the datasets of a project",
        "usage: llmwb dataset list PROJECT [--json]\n"
        "\n"
        "options:\n"
        "  --json    print {project, datasets: [{id, name, kind, description, records,\n"
        "            created_at}]} as JSON\n",
        {{"json", false}},
        1,
        1,
        datasetList});
    g.commands.push_back(Command{
        "stats",
        "record counts, languages and length statistics",
        "usage: llmwb dataset stats PROJECT DATASET [--bins N] [--json]\n"
        "\n"
        "options:\n"
        "  --bins N  histogram bins for character lengths (default 30)\n"
        "  --json    print {dataset, dataset_id, kind, records, by_status, by_split,\n"
        "            by_category, by_language, mean_chars, char_lengths} as JSON\n",
        {{"bins", true}, {"json", false}},
        2,
        2,
        datasetStats});
    return g;
}

} // namespace wb::cli
