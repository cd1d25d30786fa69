#include "core/formats/import_service.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace wb::formats {

namespace {

constexpr size_t kBatch = 2000;

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

// What the reader thread of importFile hands to the writing thread.
struct ImportEvent {
    enum Type { Batch, Reject, Progress, Done } type = Done;
    std::vector<ProjectStore::PreparedRecord> batch;   // Batch
    ImportError error;                                  // Reject
    int64_t done = 0, total = 0;                        // Progress
    int64_t bytes = 0;                                  // Done
    std::exception_ptr failure;                         // Done: what the reader threw
};

// A bounded queue of events; stop() makes push() refuse (and wakes it), so the
// reader winds down when the writer gives up.
class EventQueue {
public:
    bool push(ImportEvent&& e)
    {
        std::unique_lock<std::mutex> lock(m_);
        notFull_.wait(lock, [&] { return q_.size() < kCapacity || stopped_; });
        if (stopped_)
            return false;
        q_.push_back(std::move(e));
        notEmpty_.notify_one();
        return true;
    }
    ImportEvent pop()
    {
        std::unique_lock<std::mutex> lock(m_);
        notEmpty_.wait(lock, [&] { return !q_.empty(); });
        ImportEvent e = std::move(q_.front());
        q_.pop_front();
        notFull_.notify_one();
        return e;
    }
    void stop()
    {
        std::lock_guard<std::mutex> lock(m_);
        stopped_ = true;
        notFull_.notify_all();
    }
private:
    static constexpr size_t kCapacity = 8;
    std::mutex m_;
    std::condition_variable notFull_, notEmpty_;
    std::deque<ImportEvent> q_;
    bool stopped_ = false;
};

// The reader thread of importFile: everything but database access.
void readEvents(const std::string& path, const ImportOptions& o, int64_t datasetId, DatasetKind kind,
                const std::atomic<bool>* cancel, EventQueue& queue)
{
    ImportEvent done;
    try {
        std::vector<ProjectStore::PreparedRecord> batch;
        batch.reserve(kBatch);
        bool open = true;   // false once the writer stopped listening
        auto send = [&](ImportEvent&& e) {
            open = open && queue.push(std::move(e));
            return open;
        };
        auto sendBatch = [&] {
            ImportEvent e;
            e.type = ImportEvent::Batch;
            e.batch = std::move(batch);
            batch = {};
            batch.reserve(kBatch);
            return send(std::move(e));
        };
        auto reject = [&](ImportError&& err) {
            ImportEvent e;
            e.type = ImportEvent::Reject;
            e.error = std::move(err);
            send(std::move(e));
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
                return open;
            }
            r.datasetId = datasetId;
            batch.emplace_back();
            batch.back().record = std::move(r);
            ProjectStore::prepareRecord(batch.back());
            if (batch.size() >= kBatch)
                sendBatch();
            return open;
        };
        auto onProgress = [&](int64_t doneBytes, int64_t total) {
            checkCancel(cancel);
            ImportEvent e;
            e.type = ImportEvent::Progress;
            e.done = doneBytes;
            e.total = total;
            return send(std::move(e));
        };
        ReadStats st = readFile(path, o, onRecord, reject, onProgress);
        if (!batch.empty())
            sendBatch();
        done.bytes = st.bytes;
    } catch (...) {
        done.failure = std::current_exception();
    }
    done.type = ImportEvent::Done;
    queue.push(std::move(done));
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

    // Two threads: a reader parses, validates and hashes records in batches;
    // this thread, which owns the database connection, writes them and runs
    // the quarantine, progress and cancel callbacks in file order.
    EventQueue queue;
    std::thread reader([&] { readEvents(path, o, datasetId, kind, cancel, queue); });
    struct StopReader {
        EventQueue& q;
        std::thread& t;
        ~StopReader()
        {
            q.stop();
            t.join();
        }
    } stopReader{queue, reader};

    for (;;) {
        ImportEvent e = queue.pop();
        if (e.type == ImportEvent::Batch) {
            checkCancel(cancel);
            store.appendPrepared(e.batch);
            res.imported += int64_t(e.batch.size());
        } else if (e.type == ImportEvent::Reject) {
            store.addQuarantine(toQuarantine(datasetId, e.error));
            ++res.rejected;
            res.errors.push_back(std::move(e.error));
        } else if (e.type == ImportEvent::Progress) {
            checkCancel(cancel);
            if (progress && !progress(e.done, e.total))
                throw Error("cancelled");
        } else {
            if (e.failure)
                std::rethrow_exception(e.failure);
            res.bytes = e.bytes;
            break;
        }
    }
    checkCancel(cancel);
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
