#pragma once
// Glue between format readers and the project store: an import or export is
// one call, one transaction. A crash or kill in the middle leaves the project
// exactly as before.
#include "core/formats/formats.h"
#include "core/store/project_store.h"

#include <atomic>

namespace wb::formats {

struct ImportResult {
    int64_t datasetId = 0;
    int64_t imported = 0;
    int64_t rejected = 0;                  // also written to the quarantine
    Format format = Format::Auto;
    std::vector<ImportError> errors;       // all of them (the CLI prints them)
    int64_t bytes = 0;
};

// datasetId == 0 creates a dataset named after the file (made unique).
// Records whose kind does not match the dataset's kind are errors.
// `cancel` (may be null) is polled; a cancelled import rolls back and throws.
ImportResult importFile(ProjectStore& store, const std::string& path, int64_t datasetId,
                        const ImportOptions& opt, const Progress& progress = {},
                        const std::atomic<bool>* cancel = nullptr);

// Re-import quarantined entries after the user fixed their raw text. Entries
// that parse move into the dataset; the others stay with the new reason.
// Returns the number moved.
int64_t reimportQuarantine(ProjectStore& store, int64_t entryId, const std::string& fixedRaw, Format format);

// Export the records of a query. Returns the number written. The file is
// written to a temporary name and renamed, so a failed export leaves nothing.
int64_t exportQuery(ProjectStore& store, const RecordQuery& q, const std::string& path,
                    const ExportOptions& opt, const Progress& progress = {});

} // namespace wb::formats
