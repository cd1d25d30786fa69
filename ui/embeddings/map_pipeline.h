#pragma once
// What the map panel runs on its worker thread: embed the chosen items and
// project them to 2-D. An interface, so the panel can be tested with a fake
// and wb_ui never links LibTorch (the real one, EmbedProjectPipeline, gets its
// embedder from a factory the application passes in).
#include "core/projection/projection.h"
#include "ui/common/background_task.h"
#include "ui/embeddings/map_data.h"

#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace wb {

struct Record;

struct MapRequest {
    MapItemKind kind = MapItemKind::Record;
    std::vector<int64_t> datasetIds;     // records: one dataset, or two mixed on one map
    int64_t collectionId = 0;            // chunks: the knowledge-base collection
    std::string field = "instruction+output";   // records: "instruction", "output" or "instruction+output"
    std::string embedderFolder;
    ProjectionParams params;
};

struct MapResult {
    std::shared_ptr<MapData> data;
    std::vector<float> vectors;           // [n, dim] in point order; empty when not at hand
    int dim = 0;
    std::vector<std::string> texts;       // chunks and messages: each point's text ("" for records)
    double trustworthiness = -1;          // -1 = unknown (imported coordinates)
    bool fromCache = false;               // the layout came from the project's cache
    std::string embedderName;
    bool cancelled = false;
    std::string note;                     // e.g. why the layout could not be cached
};

class MapPipeline {
public:
    virtual ~MapPipeline() = default;
    // Runs on a worker thread: opens its own ProjectStore on ctx.projectPath,
    // reports progress and polls ctx.cancelled(). Throws wb::Error.
    virtual MapResult run(const MapRequest& request, BackgroundTask::Context& ctx) = 0;
};

// The text of a record that `field` embeds: "instruction" (instruction and
// input, a prompt, the first user turn, or the text), "output" (output, the
// chosen answer, the last assistant turn, or the text), anything else: all of it.
std::string recordFieldText(const Record& r, const std::string& field);

// A map of records from user coordinates (core/projection/coordinates_import.h):
// ids are record ids of the project; fields and clusters are filled and the
// layout is stored in the projection cache (method Imported; a cache that
// cannot be written is only a note). Throws wb::Error naming the file and
// line, or the unknown record id.
MapResult importCoordinatesMap(const std::string& projectPath, const std::string& file);

} // namespace wb
