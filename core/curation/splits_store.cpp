// assignSplits over a store query: plan in memory, then apply the changed
// records in one transaction and one edit group (one undo step).
#include "core/curation/curation.h"

#include <cstdio>

namespace wb::curation {

SplitCounts assignSplits(ProjectStore& store, const RecordQuery& q, const SplitOptions& opt)
{
    std::vector<SplitItem> items;
    store.forEach(q, [&](const Record& r) {
        items.push_back({r.id, r.contentHash.empty() ? contentHash(r) : r.contentHash, r.category});
        return true;
    });
    const std::vector<Split> plan = planSplits(items, opt);

    SplitCounts counts;
    std::vector<std::pair<int64_t, Split>> target;
    for (size_t i = 0; i < items.size(); ++i) {
        (plan[i] == Split::Train ? counts.train : plan[i] == Split::Validation ? counts.validation : counts.test)++;
        target.emplace_back(items[i].id, plan[i]);
    }

    char label[160];
    std::snprintf(label, sizeof label, "Assign splits %lld/%lld/%lld (seed %llu)", (long long)counts.train,
                  (long long)counts.validation, (long long)counts.test, (unsigned long long)opt.seed);
    ProjectStore::Transaction tx(store);
    int64_t group = 0;
    constexpr size_t kBatch = 512;
    for (size_t b = 0; b < target.size(); b += kBatch) {
        std::vector<int64_t> ids;
        for (size_t i = b; i < std::min(target.size(), b + kBatch); ++i)
            ids.push_back(target[i].first);
        std::vector<Record> rs = store.records(ids);
        for (size_t i = 0; i < rs.size(); ++i) {
            const Split want = target[b + i].second;
            if (rs[i].id != target[b + i].first)
                throw Error("splits: record " + std::to_string(target[b + i].first) + " vanished while assigning");
            if (rs[i].split == want)
                continue;
            rs[i].split = want;
            if (group == 0)
                group = store.beginEditGroup(label);
            store.updateRecord(rs[i], label, group);
        }
    }
    tx.commit();
    return counts;
}

} // namespace wb::curation
