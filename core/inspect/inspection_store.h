#pragma once
// Inspection results and fitted combiner weights in the project file (schema
// version 6, core/store/schema_v6_inspector.h). Uses the ProjectStore's
// connection, so it lives on that store's thread and must not outlive it.
// Qt-free, LibTorch-free.
#include "core/inspect/combiner.h"
#include "core/store/project_store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wb::inspect {

struct StoredInspection {
    int64_t id = 0;
    int64_t messageId = 0;   // 0 when it belongs to a record
    int64_t recordId = 0;    // 0 when it belongs to a message
    std::string answerHash;  // answerHash() of the text it scored
    double answerRisk = 0;
    std::string reportJson;  // toJson(InspectReport, answer)
    std::string settingsJson;
    int64_t created = 0;     // unix milliseconds
};

class InspectionStore {
public:
    explicit InspectionStore(ProjectStore& store);

    // Replace the inspection of a message / record. Throws wb::Error naming the
    // project (e.g. for a message or record that does not exist).
    int64_t saveForMessage(int64_t messageId, std::string_view answer, double answerRisk, const std::string& reportJson,
                           const std::string& settingsJson = {});
    int64_t saveForRecord(int64_t recordId, std::string_view answer, double answerRisk, const std::string& reportJson,
                          const std::string& settingsJson = {});
    std::optional<StoredInspection> forMessage(int64_t messageId);
    std::optional<StoredInspection> forRecord(int64_t recordId);
    // Record inspections, riskiest first (batch mode: the review queue).
    std::vector<StoredInspection> riskiestRecords(int limit);
    // The stored answer risk of every inspected record / message, by id (the
    // embedding map's hallucination colour).
    std::unordered_map<int64_t, double> recordRisks();
    std::unordered_map<int64_t, double> messageRisks();

    void saveCombiner(const std::string& name, const LogisticModel& model, const nlohmann::json& metrics = {});
    std::optional<LogisticModel> combiner(const std::string& name);
    std::vector<std::string> combinerNames();

    // 16 hex digits (FNV-1a 64) of the answer text.
    static std::string answerHash(std::string_view answer);

private:
    int64_t save(const char* column, int64_t id, std::string_view answer, double risk, const std::string& report,
                 const std::string& settings);
    std::optional<StoredInspection> load(const char* column, int64_t id);
    std::unordered_map<int64_t, double> risks(const char* column);
    ProjectStore& store_;
};

} // namespace wb::inspect
