#include "core/curation/quality_checker.h"

namespace wb::curation {

std::vector<QualityIssue> checkQuality(ProjectStore& store, const RecordQuery& q, const QualityOptions& opt,
                                       const Progress& progress)
{
    detail::QualityChecker checker(opt);
    const int64_t total = progress ? store.count(q) : 0;
    int64_t done = 0;
    bool cancelled = false;
    store.forEach(q, [&](const Record& r) {
        checker.add(r, r.id);
        ++done;
        if (progress && done % 256 == 0 && !progress(done, total)) {
            cancelled = true;
            return false;
        }
        return true;
    });
    if (cancelled)
        return {};
    if (progress)
        progress(done, total);
    return checker.finish();
}

} // namespace wb::curation
