// Import throughput and peak memory of wb::formats::importFile on a JSON Lines
// corpus, side by side with a plain Python json+sqlite3 importer (the peer).
//
//   bench_import CORPUS.jsonl [--workdir DIR] [--peer bench/peers/import_python.py] [--no-peer] [--no-floor]
//
// Prints one JSON object. Run it once per file size (peak RSS is per process).
// "sqlite_floor" is the time SQLite alone takes to store the corpus: the
// records parsed beforehand (not timed), then inserted with one prepared
// statement in one transaction into a table with the plain peer's columns and
// no index, hash or full-text index, in a new project. No importer that
// stores the records in a project can be faster, so python.seconds divided
// by it bounds the speed-up over the plain peer.
#include "bench/bench_util.h"

#include "core/formats/import_service.h"
#include "core/store/project_store.h"

#include <nlohmann/json.hpp>

#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Removes an SQLite database with its WAL files.
void removeDatabase(const std::string& path)
{
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(path + suffix);
}

// The columns the plain peer fills from each line: system, instruction, input, output, category.
using PeerRow = std::array<std::string, 5>;

std::vector<PeerRow> parseForFloor(const std::string& corpus)
{
    std::ifstream in(corpus);
    std::vector<PeerRow> rows;
    std::string line;
    while (std::getline(in, line)) {
        json o = json::parse(line, nullptr, false);
        if (!o.is_object())
            continue;
        rows.push_back({o.value("system", ""), o.value("instruction", ""), o.value("input", ""),
                        o.value("output", ""), o.value("category", "")});
    }
    return rows;
}

void check(sqlite3* db, int rc, const char* what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE)
        throw std::runtime_error(std::string("sqlite floor: ") + what + ": " + sqlite3_errmsg(db));
}

// Seconds to insert `rows` into the plain peer's table (see the header
// comment), made in a new project so the database is set up as projects are.
double sqliteFloorSeconds(const std::vector<PeerRow>& rows, const std::string& corpus, const std::string& dbPath)
{
    removeDatabase(dbPath);
    double seconds = 0;
    {
        auto store = wb::ProjectStore::create(dbPath);
        sqlite3* db = store->handle();
        check(db, sqlite3_exec(db,
                               "CREATE TABLE plain_records (id INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL,"
                               " kind TEXT NOT NULL, system TEXT NOT NULL DEFAULT '',"
                               " instruction TEXT NOT NULL DEFAULT '', input TEXT NOT NULL DEFAULT '',"
                               " output TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT '',"
                               " extra TEXT NOT NULL DEFAULT '', source_file TEXT NOT NULL DEFAULT '',"
                               " source_line INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'unreviewed',"
                               " split TEXT NOT NULL DEFAULT 'train', created_at INTEGER NOT NULL,"
                               " updated_at INTEGER NOT NULL)",
                               nullptr, nullptr, nullptr),
              "create");
        wb::bench::Stopwatch sw;
        check(db, sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), "begin");
        sqlite3_stmt* st = nullptr;
        check(db,
              sqlite3_prepare_v2(db,
                                 "INSERT INTO plain_records (dataset_id, kind, system, instruction, input, output,"
                                 " category, extra, source_file, source_line, created_at, updated_at)"
                                 " VALUES (1, 'sft', ?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
                                 -1, &st, nullptr),
              "prepare");
        const int64_t now = 1'700'000'000'000;
        int64_t line = 0;
        for (const auto& r : rows) {
            for (int i = 0; i < 5; ++i)
                sqlite3_bind_text(st, i + 1, r[size_t(i)].data(), int(r[size_t(i)].size()), SQLITE_STATIC);
            sqlite3_bind_text(st, 6, corpus.data(), int(corpus.size()), SQLITE_STATIC);
            sqlite3_bind_int64(st, 7, ++line);
            sqlite3_bind_int64(st, 8, now);
            sqlite3_bind_int64(st, 9, now);
            const int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc != SQLITE_DONE) {
                sqlite3_finalize(st);
                check(db, rc, "insert");
            }
        }
        sqlite3_finalize(st);
        check(db, sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), "commit");
        seconds = sw.seconds();
    }
    removeDatabase(dbPath);
    return seconds;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_import CORPUS.jsonl [--workdir DIR] [--peer SCRIPT] [--no-peer]\n";
        return 2;
    }
    const std::string corpus = argv[1];
    const std::string workdir = wb::bench::option(argc, argv, "workdir", fs::temp_directory_path() / "wb-bench");
    const std::string peer = wb::bench::option(argc, argv, "peer", WB_SOURCE_DIR "/bench/peers/import_python.py");
    fs::create_directories(workdir);
    const std::string project = workdir + "/bench_import.llmwb";
    removeDatabase(project);

    try {
        const auto bytes = int64_t(fs::file_size(corpus));
        const double baselineRss = wb::bench::peakRssMb();
        auto store = wb::ProjectStore::create(project);
        wb::formats::ImportOptions opt;
        opt.format = wb::formats::Format::Alpaca;
        wb::bench::Stopwatch sw;
        auto r = wb::formats::importFile(*store, corpus, 0, opt);
        const double seconds = sw.seconds();
        const double peak = wb::bench::peakRssMb();
        store.reset();

        json wbj{{"tool", "llmwb importFile"},
                 {"seconds", wb::bench::round3(seconds)},
                 {"records", r.imported},
                 {"rejected", r.rejected},
                 {"mb_per_s", wb::bench::round3(double(bytes) / 1e6 / seconds)},
                 {"records_per_s", wb::bench::round3(double(r.imported) / seconds)},
                 {"peak_rss_mb", wb::bench::round3(peak)},
                 {"rss_before_import_mb", wb::bench::round3(baselineRss)},
                 {"project_mb", wb::bench::round3(double(fs::file_size(project)) / 1e6)}};
        json out{{"bench", "import"}, {"file", corpus}, {"bytes", bytes}, {"workbench", wbj}};

        double floorSeconds = 0;
        if (!wb::bench::flag(argc, argv, "no-floor")) {
            const auto rows = parseForFloor(corpus);   // after the import: must not count in its peak RSS
            floorSeconds = sqliteFloorSeconds(rows, corpus, workdir + "/bench_import_floor.sqlite");
            out["sqlite_floor"] = {{"seconds", wb::bench::round3(floorSeconds)},
                                   {"records", int64_t(rows.size())},
                                   {"what", "pre-parsed rows into the plain peer's table, no index/hash/FTS"}};
        }

        if (!wb::bench::flag(argc, argv, "no-peer")) {
            // The plain peer (what the issue names) and the same peer doing the
            // work an import here does: secondary indexes, content hash, FTS5.
            const std::pair<const char*, const char*> peers[] = {{"python", ""}, {"python_searchable", " --searchable"}};
            for (const auto& [key, flagText] : peers) {
                const std::string db = workdir + "/bench_import_peer.sqlite";
                std::string text = wb::bench::capture("/usr/bin/python3 " + wb::bench::shellQuote(peer) + " " +
                                                      wb::bench::shellQuote(corpus) + " " + wb::bench::shellQuote(db) + flagText);
                json py = json::parse(text, nullptr, false);
                if (py.is_discarded()) {
                    out[key] = {{"error", "peer produced no JSON"}, {"output", text}};
                } else {
                    out[key] = py;
                    out[std::string("speedup_vs_") + key] = wb::bench::round3(py.value("seconds", 0.0) / seconds);
                    if (floorSeconds > 0 && std::string(key) == "python")
                        out["speedup_bound_vs_python"] = wb::bench::round3(py.value("seconds", 0.0) / floorSeconds);
                }
                removeDatabase(db);
            }
        }
        removeDatabase(project);
        std::cout << out.dump() << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "bench_import: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
