#pragma once
// Versioned schema of a project file. Migration i (1-based) takes
// PRAGMA user_version from i-1 to i; all pending ones run in one transaction.
#include <sqlite3.h>

#include <string>
#include <vector>

namespace wb::store {

// 'LLMW': PRAGMA application_id of every project file.
constexpr int kApplicationId = 0x4C4C4D57;

const std::vector<const char*>& migrations();

// Bring the database from its user_version to migrations().size() in one
// transaction. Throws wb::Error naming the path and the failing step.
void migrate(sqlite3* db, const std::string& path);

} // namespace wb::store
