// Store-level duplicate detection and removal.
#include "core/curation/curation.h"
#include "core/curation/minhash.h"

#include <algorithm>

namespace wb::curation {

std::vector<DuplicateGroup> exactDuplicates(ProjectStore& store, const RecordQuery& q)
{
    std::vector<std::pair<std::string, int64_t>> keys;
    store.forEach(q, [&](const Record& r) {
        keys.emplace_back(r.contentHash.empty() ? contentHash(r) : r.contentHash, r.id);
        return true;
    });
    std::sort(keys.begin(), keys.end());
    std::vector<DuplicateGroup> groups;
    detail::appendEqualKeyRuns(keys, groups);
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.ids[0] < b.ids[0]; });
    return groups;
}

std::vector<DuplicateGroup> nearDuplicates(ProjectStore& store, const RecordQuery& q, const NearDupOptions& opt,
                                           const Progress& progress)
{
    std::vector<std::pair<int64_t, std::string>> rows;
    store.forEach(q, [&](const Record& r) {
        rows.emplace_back(r.id, recordText(r));
        return true;
    });
    std::sort(rows.begin(), rows.end());   // lowest id first in every group
    std::vector<std::string> texts;
    texts.reserve(rows.size());
    for (auto& row : rows)
        texts.push_back(std::move(row.second));
    auto groups = nearDuplicates(texts, opt, progress);
    for (auto& g : groups)
        for (auto& id : g.ids)
            id = rows[size_t(id)].first;
    return groups;
}

int64_t dropDuplicates(ProjectStore& store, const std::vector<DuplicateGroup>& groups)
{
    std::vector<int64_t> drop;
    for (const auto& g : groups)
        if (g.ids.size() > 1)
            drop.insert(drop.end(), g.ids.begin() + 1, g.ids.end());
    std::sort(drop.begin(), drop.end());
    drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
    // A keeper of one group must not be deleted as a member of another.
    std::vector<int64_t> keep;
    for (const auto& g : groups)
        if (!g.ids.empty())
            keep.push_back(g.ids[0]);
    std::sort(keep.begin(), keep.end());
    std::vector<int64_t> ids;
    std::set_difference(drop.begin(), drop.end(), keep.begin(), keep.end(), std::back_inserter(ids));
    if (ids.empty())
        return 0;
    store.deleteRecords(ids, "Drop duplicates (" + std::to_string(ids.size()) + " records)");   // returns the group
    return int64_t(ids.size());
}

} // namespace wb::curation
