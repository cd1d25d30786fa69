#pragma once
// Streaming quality checker shared by the in-memory and the store-level
// checkQuality(): add records one at a time, then finish() adds the
// language-mismatch issues (which need the whole dataset's majority).
#include "core/curation/curation.h"

#include <string>
#include <utility>
#include <vector>

namespace wb::curation::detail {

// A record's text contents for language identification (no role names,
// which would add English words to every chat record).
std::string languageText(const Record& r);

class QualityChecker {
public:
    explicit QualityChecker(const QualityOptions& opt);   // throws wb::Error on bad options
    void add(const Record& r, int64_t id);
    // Issues ordered by record id (stable within a record).
    std::vector<QualityIssue> finish();

private:
    void checkFields(const Record& r, int64_t id);
    void checkOutput(const Record& r, int64_t id);

    QualityOptions opt_;
    std::vector<QualityIssue> issues_;
    std::vector<std::pair<int64_t, std::string>> languages_;
};

} // namespace wb::curation::detail
