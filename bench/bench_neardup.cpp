// Near-duplicate detection (MinHash + LSH) over a JSON Lines corpus.
//
//   bench_neardup CORPUS.jsonl [--limit N] [--threads 2] [--threshold 0.8]
//
// Loads the records' texts (recordText) into memory, then times
// wb::curation::nearDuplicates alone. Prints one JSON object.
#include "bench/bench_util.h"

#include "core/curation/curation.h"
#include "core/formats/formats.h"

#include <nlohmann/json.hpp>

#include <iostream>

using nlohmann::json;

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_neardup CORPUS.jsonl [--limit N] [--threads N] [--threshold T]\n";
        return 2;
    }
    const std::string corpus = argv[1];
    const int64_t limit = std::stoll(wb::bench::option(argc, argv, "limit", "0"));
    wb::curation::NearDupOptions opt;
    opt.threads = std::stoi(wb::bench::option(argc, argv, "threads", "2"));
    opt.threshold = std::stod(wb::bench::option(argc, argv, "threshold", "0.8"));
    try {
        std::vector<std::string> texts;
        int64_t errors = 0;
        wb::bench::Stopwatch load;
        wb::formats::ImportOptions io;
        io.format = wb::formats::Format::Alpaca;
        wb::formats::readFile(
            corpus, io,
            [&](wb::Record&& r) {
                texts.push_back(wb::recordText(r));
                return limit <= 0 || int64_t(texts.size()) < limit;
            },
            [&](wb::formats::ImportError&&) { ++errors; });
        const double loadSeconds = load.seconds();

        wb::bench::Stopwatch sw;
        auto groups = wb::curation::nearDuplicates(texts, opt);
        const double seconds = sw.seconds();
        int64_t inGroups = 0;
        size_t largest = 0;
        for (const auto& g : groups) {
            inGroups += int64_t(g.ids.size());
            largest = std::max(largest, g.ids.size());
        }
        json out{{"bench", "neardup"},
                 {"file", corpus},
                 {"records", texts.size()},
                 {"read_errors", errors},
                 {"threads", opt.threads},
                 {"threshold", opt.threshold},
                 {"num_perm", opt.numPerm},
                 {"shingle_chars", opt.shingleChars},
                 {"load_seconds", wb::bench::round3(loadSeconds)},
                 {"seconds", wb::bench::round3(seconds)},
                 {"records_per_s", wb::bench::round3(double(texts.size()) / seconds)},
                 {"groups", groups.size()},
                 {"records_in_groups", inGroups},
                 {"largest_group", largest},
                 {"peak_rss_mb", wb::bench::round3(wb::bench::peakRssMb())}};
        std::cout << out.dump() << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "bench_neardup: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
