#include "ui/embeddings/map_pipeline.h"

#include "core/data/record.h"
#include "core/projection/coordinates_import.h"
#include "core/projection/projection_store.h"
#include "core/store/project_store.h"
#include "ui/embeddings/map_fields.h"

#include <filesystem>

namespace wb {

std::string recordFieldText(const Record& r, const std::string& field)
{
    auto firstRole = [&](const char* role, bool last) -> std::string {
        std::string found;
        for (const Message& m : r.messages)
            if (m.role == role) {
                found = m.content;
                if (!last)
                    break;
            }
        return found;
    };
    if (field == "instruction") {
        if (!r.instruction.empty())
            return r.input.empty() ? r.instruction : r.instruction + "\n" + r.input;
        if (!r.prompt.empty())
            return r.prompt;
        const std::string user = firstRole("user", false);
        return user.empty() ? r.text : user;
    }
    if (field == "output") {
        if (!r.output.empty())
            return r.output;
        if (!r.chosen.empty())
            return r.chosen;
        const std::string reply = firstRole("assistant", true);
        return reply.empty() ? r.text : reply;
    }
    return recordText(r);
}

MapResult importCoordinatesMap(const std::string& projectPath, const std::string& file)
{
    ImportedCoordinates coords = readCoordinatesFile(file);
    if (coords.itemIds.size() < 1)
        throw Error(file + ": no coordinates in the file");
    auto store = ProjectStore::open(projectPath);
    MapResult result;
    result.data = std::make_shared<MapData>();
    result.data->kind = MapItemKind::Record;
    result.data->itemIds = coords.itemIds;
    result.data->xy = coords.xy;
    try {
        addRecordChannels(*store, *result.data);
    } catch (const Error& e) {
        throw Error(file + ": " + e.what());
    }
    addClusterChannel(*result.data);
    ProjectionParams params;
    params.method = ProjectionMethod::Imported;
    try {
        ProjectionStore cache(*store);
        cache.save({"", "record:imported", itemSetHash(coords.itemIds), params.cacheKey()},
                   ProjectionMethod::Imported, coords.itemIds, coords.xy, std::nullopt,
                   std::filesystem::path(file).filename().string());
    } catch (const Error& e) {
        result.note = std::string("not cached: ") + e.what();
    }
    return result;
}

} // namespace wb
