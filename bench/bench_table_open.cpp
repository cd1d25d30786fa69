// Opening a large dataset in the table model: time to the first rows and to
// jump to the last rows, as the dataset view does.
//
//   bench_table_open PROJECT [--corpus CORPUS.jsonl]
//
// PROJECT is reused when it exists (its largest dataset is opened); otherwise
// it is built by importing CORPUS. Runs offscreen. Prints one JSON object.
#include "bench/bench_util.h"

#include "core/formats/import_service.h"
#include "core/store/project_store.h"
#include "ui/dataset/dataset_table_model.h"

#include <QApplication>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

using nlohmann::json;

namespace {

// Reads every column of rows [first, last) the way a view paints them.
int64_t touchRows(const wb::DatasetTableModel& m, int first, int last)
{
    int64_t chars = 0;
    for (int r = first; r < last; ++r)
        for (int c = 0; c < m.columnCount(); ++c)
            chars += m.data(m.index(r, c)).toString().size();
    return chars;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_table_open PROJECT [--corpus CORPUS.jsonl]\n";
        return 2;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const std::string project = argv[1];
    const std::string corpus = wb::bench::option(argc, argv, "corpus");
    try {
        json out{{"bench", "table_open"}, {"project", project}};
        if (!std::filesystem::exists(project)) {
            if (corpus.empty())
                throw wb::Error("project " + project + " does not exist and no --corpus was given");
            auto store = wb::ProjectStore::create(project);
            wb::formats::ImportOptions opt;
            opt.format = wb::formats::Format::Alpaca;
            wb::bench::Stopwatch sw;
            wb::formats::importFile(*store, corpus, 0, opt);
            out["build_seconds"] = wb::bench::round3(sw.seconds());
        }

        wb::bench::Stopwatch openSw;
        auto store = wb::ProjectStore::open(project);
        wb::DatasetInfo biggest;
        for (const auto& d : store->datasets())
            if (d.recordCount > biggest.recordCount)
                biggest = d;
        if (biggest.id == 0)
            throw wb::Error("project " + project + " has no records");
        const double openSeconds = openSw.seconds();

        wb::bench::Stopwatch firstSw;
        wb::DatasetTableModel model(*store);
        wb::RecordQuery q;
        q.datasetId = biggest.id;
        model.setQuery(q);
        const int rows = model.rowCount();
        touchRows(model, 0, std::min(rows, 50));
        const double firstSeconds = firstSw.seconds();

        wb::bench::Stopwatch lastSw;
        touchRows(model, std::max(0, rows - 50), rows);
        const double lastSeconds = lastSw.seconds();

        wb::bench::Stopwatch middleSw;
        touchRows(model, rows / 2, std::min(rows, rows / 2 + 50));
        const double middleSeconds = middleSw.seconds();

        out.update({{"records", biggest.recordCount},
                    {"rows", rows},
                    {"columns", model.columnCount()},
                    {"open_project_seconds", wb::bench::round3(openSeconds)},
                    {"first_rows_seconds", wb::bench::round3(firstSeconds)},
                    {"last_rows_seconds", wb::bench::round3(lastSeconds)},
                    {"middle_rows_seconds", wb::bench::round3(middleSeconds)},
                    {"peak_rss_mb", wb::bench::round3(wb::bench::peakRssMb())}});
        std::cout << out.dump() << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "bench_table_open: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
