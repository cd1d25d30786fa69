#include "core/formats/import_service.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wb::formats {

namespace {

constexpr size_t kBatch = 5000;

std::string uniqueDatasetName(ProjectStore& store, const std::string& base)
{
    std::string name = base.empty() ? std::string("dataset") : base;
    for (int i = 2; store.datasetByName(name); ++i)
        name = base + " (" + std::to_string(i) + ")";
    return name;
}

QuarantineEntry toQuarantine(int64_t datasetId, const ImportError& e)
{
    QuarantineEntry q;
    q.datasetId = datasetId;
    q.sourceFile = e.file;
    q.line = e.line;
    q.column = e.column;
    q.reason = e.reason;
    q.raw = e.raw;
    q.time = nowMillis();
    return q;
}

void checkCancel(const std::atomic<bool>* cancel)
{
    if (cancel && cancel->load(std::memory_order_relaxed))
        throw Error("cancelled");
}

} // namespace

ImportResult importFile(ProjectStore& store, const std::string& path, int64_t datasetId, const ImportOptions& opt,
                        const Progress& progress, const std::atomic<bool>* cancel)
{
    ImportOptions o = opt;
    if (o.format == Format::Auto)
        o.format = detect(path).format;

    ImportResult res;
    res.format = o.format;
    ProjectStore::Transaction tx(store);
    DatasetKind kind;
    if (datasetId == 0) {
        // The dataset takes the kind of the first good record (it depends on
        // the CSV mapping or on chosen/rejected in ShareGPT).
        Preview p = preview(path, o, 1);
        kind = p.records.empty() ? p.detection.kind : p.records.front().kind;
        datasetId = store.createDataset(uniqueDatasetName(store, std::filesystem::path(path).stem().string()), kind,
                                        "Imported from " + path);
    } else {
        auto ds = store.dataset(datasetId);
        if (!ds)
            throw Error("dataset " + std::to_string(datasetId) + " does not exist");
        kind = ds->kind;
    }
    res.datasetId = datasetId;

    std::vector<ProjectStore::PreparedRecord> batch;
    batch.reserve(kBatch);
    auto flush = [&] {
        checkCancel(cancel);
        if (!batch.empty())
            store.appendPrepared(batch);
        res.imported += int64_t(batch.size());
        batch.clear();
    };
    auto reject = [&](ImportError&& e) {
        store.addQuarantine(toQuarantine(datasetId, e));
        ++res.rejected;
        res.errors.push_back(std::move(e));
    };
    auto onRecord = [&](Record&& r) {
        if (r.kind != kind) {
            ImportError e{r.sourceFile, r.sourceLine, 1,
                          "line " + std::to_string(r.sourceLine) + ": a " + std::string(toString(r.kind))
                              + " record does not fit the " + std::string(toString(kind)) + " dataset",
                          {}};
            // Keep the record's content so it can be fixed and re-imported.
            std::ostringstream raw;
            {
                ExportOptions eo;
                RecordWriter w(raw, eo);
                w.write(r);
            }
            e.raw = raw.str();
            if (!e.raw.empty() && e.raw.back() == '\n')
                e.raw.pop_back();
            reject(std::move(e));
            return true;
        }
        r.datasetId = datasetId;
        batch.emplace_back();
        batch.back().record = std::move(r);
        ProjectStore::prepareRecord(batch.back());
        if (batch.size() >= kBatch)
            flush();
        return true;
    };
    auto onProgress = [&](int64_t done, int64_t total) {
        checkCancel(cancel);
        return !progress || progress(done, total);
    };
    ReadStats st = readFile(path, o, onRecord, reject, onProgress);
    flush();
    res.bytes = st.bytes;
    tx.commit();
    return res;
}

int64_t reimportQuarantine(ProjectStore& store, int64_t entryId, const std::string& fixedRaw, Format format)
{
    std::optional<QuarantineEntry> entry;
    std::optional<DatasetInfo> dataset;
    for (const auto& ds : store.datasets()) {
        for (auto& q : store.quarantine(ds.id))
            if (q.id == entryId) {
                entry = std::move(q);
                dataset = ds;
                break;
            }
        if (entry)
            break;
    }
    if (!entry)
        throw Error("quarantine entry " + std::to_string(entryId) + " does not exist");

    ProjectStore::Transaction tx(store);
    std::string reason;
    try {
        Record r = parseOne(fixedRaw, format);
        if (r.kind != dataset->kind)
            throw Error("a " + std::string(toString(r.kind)) + " record does not fit the "
                        + std::string(toString(dataset->kind)) + " dataset");
        r.datasetId = dataset->id;
        r.sourceFile = entry->sourceFile;
        r.sourceLine = entry->line;
        std::vector<Record> one{std::move(r)};
        store.insertRecords(one);
        store.removeQuarantine({entryId});
        tx.commit();
        return 1;
    } catch (const Error& e) {
        reason = e.what();
    }
    // Still bad: keep the user's edit with the new reason.
    QuarantineEntry q = *entry;
    q.id = 0;
    q.raw = fixedRaw;
    q.reason = reason;
    q.time = nowMillis();
    store.removeQuarantine({entryId});
    store.addQuarantine(q);
    tx.commit();
    return 0;
}

int64_t exportQuery(ProjectStore& store, const RecordQuery& q, const std::string& path, const ExportOptions& opt,
                    const Progress& progress)
{
    const std::string tmp = path + ".tmp";
    int64_t written = 0;
    try {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error(path + ": cannot write " + tmp);
        const int64_t total = progress ? store.count(q) : 0;
        RecordWriter w(out, opt);
        store.forEach(q, [&](const Record& r) {
            w.write(r);
            ++written;
            if (progress && written % 1000 == 0 && !progress(written, total))
                throw Error("cancelled");
            return true;
        });
        w.finish();
        out.close();
        if (!out)
            throw Error(path + ": write failed (disk full?)");
        if (progress)
            progress(written, total);
        std::error_code ec;
        std::filesystem::rename(tmp, path, ec);
        if (ec)
            throw Error(path + ": cannot rename " + tmp + ": " + ec.message());
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        throw;
    }
    return written;
}

} // namespace wb::formats
