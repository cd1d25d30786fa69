#include "core/curation/curation.h"

#include <unordered_set>

namespace wb::curation {

int64_t mergeDatasets(ProjectStore& store, const std::vector<int64_t>& sourceIds, const std::string& newName,
                      bool dropExactDuplicates)
{
    if (sourceIds.empty())
        throw Error("merge: no source datasets given for '" + newName + "'");
    std::vector<DatasetInfo> sources;
    for (int64_t id : sourceIds) {
        auto info = store.dataset(id);
        if (!info)
            throw Error("merge: no dataset with id " + std::to_string(id));
        if (!sources.empty() && info->kind != sources[0].kind)
            throw Error("merge: dataset '" + info->name + "' is " + std::string(toString(info->kind))
                        + " but '" + sources[0].name + "' is " + std::string(toString(sources[0].kind))
                        + "; only datasets of the same kind can be merged");
        sources.push_back(*info);
    }
    std::string description = "Merged from";
    for (size_t i = 0; i < sources.size(); ++i)
        description += (i ? ", '" : " '") + sources[i].name + "'";

    ProjectStore::Transaction tx(store);
    const int64_t newId = store.createDataset(newName, sources[0].kind, description);
    std::unordered_set<std::string> seen;
    constexpr size_t kBatch = 1000;
    for (const DatasetInfo& src : sources) {
        RecordQuery q;
        q.datasetId = src.id;
        // Ids first, then batches: no writes while a read cursor is open.
        const std::vector<int64_t> ids = store.ids(q);
        for (size_t b = 0; b < ids.size(); b += kBatch) {
            std::vector<int64_t> chunk(ids.begin() + b, ids.begin() + std::min(ids.size(), b + kBatch));
            std::vector<Record> rs = store.records(chunk);
            std::vector<Record> out;
            out.reserve(rs.size());
            for (Record& r : rs) {
                if (dropExactDuplicates && !seen.insert(contentHash(r)).second)
                    continue;
                r.id = 0;
                r.datasetId = newId;
                out.push_back(std::move(r));
            }
            if (!out.empty())
                store.insertRecords(out);
        }
    }
    tx.commit();
    return newId;
}

} // namespace wb::curation
