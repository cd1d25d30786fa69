#pragma once
// Helpers shared by the command implementations.
#include "core/data/record.h"
#include "core/store/project_store.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace wb::cli {

// Open an existing project; wb::Error naming the path when it does not exist
// (sqlite would otherwise silently create an empty file).
std::unique_ptr<ProjectStore> openProject(const std::string& path);

// DATASET argument: a name, or a numeric id when no dataset has that name.
DatasetInfo resolveDataset(ProjectStore& store, const std::string& nameOrId);

// Exactly one JSON document on stdout; invalid UTF-8 in values is replaced.
void printJson(const nlohmann::json& j);

nlohmann::json datasetJson(const DatasetInfo& d);

// Progress on stderr: on a terminal one line rewritten in place (at most ~10
// times a second); otherwise one line per ~second, and nothing for quick work.
// stdout stays clean for --json.
class ProgressLine {
public:
    explicit ProgressLine(std::string label);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    void update(int64_t done, int64_t total, const char* unit = "");
    void finish();

private:
    std::string label_;
    bool tty_ = false;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_;
};

// Set by SIGINT/SIGTERM while a long command runs; progress callbacks return
// false when it is set, so work rolls back cleanly.
bool interrupted();
void installInterruptHandler();

std::string humanBytes(int64_t bytes);

} // namespace wb::cli
