// Import throughput and peak memory of wb::formats::importFile on a JSON Lines
// corpus, side by side with a plain Python json+sqlite3 importer (the peer).
//
//   bench_import CORPUS.jsonl [--workdir DIR] [--peer bench/peers/import_python.py] [--no-peer]
//
// Prints one JSON object. Run it once per file size (peak RSS is per process).
#include "bench/bench_util.h"

#include "core/formats/import_service.h"
#include "core/store/project_store.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;
using nlohmann::json;

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
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(project + suffix);

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
                }
                for (const char* suffix : {"", "-wal", "-shm"})
                    fs::remove(db + suffix);
            }
        }
        for (const char* suffix : {"", "-wal", "-shm"})
            fs::remove(project + suffix);
        std::cout << out.dump() << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "bench_import: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
