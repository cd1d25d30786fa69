#include "core/inspect/inspection_store.h"

#include "core/data/record.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>

namespace wb::inspect {
namespace {

// A prepared statement finalized on scope exit; errors name the project.
class Query {
public:
    Query(ProjectStore& store, const std::string& sql) : store_(store)
    {
        if (sqlite3_prepare_v2(store.handle(), sql.c_str(), -1, &s_, nullptr) != SQLITE_OK) fail("prepare");
    }
    ~Query() { sqlite3_finalize(s_); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    Query& bind(int i, int64_t v) { return check(sqlite3_bind_int64(s_, i, v)); }
    Query& bind(int i, double v) { return check(sqlite3_bind_double(s_, i, v)); }
    Query& bind(int i, std::string_view v)
    {
        return check(sqlite3_bind_text(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT));
    }
    bool step()
    {
        const int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail("step");
    }
    int64_t int64(int c) const { return sqlite3_column_int64(s_, c); }
    double real(int c) const { return sqlite3_column_double(s_, c); }
    std::string text(int c) const
    {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
        return p ? std::string(p, size_t(sqlite3_column_bytes(s_, c))) : std::string();
    }

private:
    Query& check(int rc)
    {
        if (rc != SQLITE_OK) fail("bind");
        return *this;
    }
    [[noreturn]] void fail(const char* what)
    {
        throw Error("project '" + store_.path() + "': inspections: " + what + ": " + sqlite3_errmsg(store_.handle()));
    }
    ProjectStore& store_;
    sqlite3_stmt* s_ = nullptr;
};

int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

StoredInspection readRow(const Query& q)
{
    return {q.int64(0), q.int64(1), q.int64(2), q.text(3), q.real(4), q.text(5), q.text(6), q.int64(7)};
}

constexpr const char* kColumns =
    "id, IFNULL(message_id, 0), IFNULL(record_id, 0), answer_hash, answer_risk, report_json, settings_json, created";

} // namespace

InspectionStore::InspectionStore(ProjectStore& store) : store_(store) {}

std::string InspectionStore::answerHash(std::string_view answer)
{
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : answer) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

int64_t InspectionStore::save(const char* column, int64_t id, std::string_view answer, double risk,
                              const std::string& report, const std::string& settings)
{
    ProjectStore::Transaction tx(store_);
    Query(store_, std::string("DELETE FROM inspections WHERE ") + column + " = ?").bind(1, id).step();
    Query q(store_, std::string("INSERT INTO inspections(") + column +
                        ", answer_hash, answer_risk, report_json, settings_json, created) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, id).bind(2, std::string_view(answerHash(answer))).bind(3, risk).bind(4, std::string_view(report));
    q.bind(5, std::string_view(settings)).bind(6, nowMs()).step();
    const int64_t rowid = sqlite3_last_insert_rowid(store_.handle());
    tx.commit();
    return rowid;
}

int64_t InspectionStore::saveForMessage(int64_t messageId, std::string_view answer, double answerRisk,
                                        const std::string& reportJson, const std::string& settingsJson)
{
    return save("message_id", messageId, answer, answerRisk, reportJson, settingsJson);
}

int64_t InspectionStore::saveForRecord(int64_t recordId, std::string_view answer, double answerRisk,
                                       const std::string& reportJson, const std::string& settingsJson)
{
    return save("record_id", recordId, answer, answerRisk, reportJson, settingsJson);
}

std::optional<StoredInspection> InspectionStore::load(const char* column, int64_t id)
{
    Query q(store_, std::string("SELECT ") + kColumns + " FROM inspections WHERE " + column + " = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return readRow(q);
}

std::optional<StoredInspection> InspectionStore::forMessage(int64_t messageId) { return load("message_id", messageId); }
std::optional<StoredInspection> InspectionStore::forRecord(int64_t recordId) { return load("record_id", recordId); }

std::unordered_map<int64_t, double> InspectionStore::risks(const char* column)
{
    Query q(store_, std::string("SELECT ") + column + ", answer_risk FROM inspections WHERE " + column + " IS NOT NULL");
    std::unordered_map<int64_t, double> out;
    while (q.step()) out[q.int64(0)] = q.real(1);
    return out;
}

std::unordered_map<int64_t, double> InspectionStore::recordRisks() { return risks("record_id"); }
std::unordered_map<int64_t, double> InspectionStore::messageRisks() { return risks("message_id"); }

std::vector<StoredInspection> InspectionStore::riskiestRecords(int limit)
{
    Query q(store_, std::string("SELECT ") + kColumns +
                        " FROM inspections WHERE record_id IS NOT NULL ORDER BY answer_risk DESC, id LIMIT ?");
    q.bind(1, int64_t(limit));
    std::vector<StoredInspection> out;
    while (q.step()) out.push_back(readRow(q));
    return out;
}

void InspectionStore::saveCombiner(const std::string& name, const LogisticModel& model, const nlohmann::json& metrics)
{
    Query q(store_, "INSERT INTO inspector_combiners(name, model_json, metrics_json, created) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET model_json = excluded.model_json, "
                    "metrics_json = excluded.metrics_json, created = excluded.created");
    const std::string m = model.toJson().dump(), x = metrics.is_null() ? std::string() : metrics.dump();
    q.bind(1, std::string_view(name)).bind(2, std::string_view(m)).bind(3, std::string_view(x)).bind(4, nowMs()).step();
}

std::optional<LogisticModel> InspectionStore::combiner(const std::string& name)
{
    Query q(store_, "SELECT model_json FROM inspector_combiners WHERE name = ?");
    q.bind(1, std::string_view(name));
    if (!q.step()) return std::nullopt;
    const std::string where = "project '" + store_.path() + "': combiner '" + name + "'";
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(q.text(0));
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(where + ": invalid JSON: " + e.what());
    }
    return LogisticModel::fromJson(j, where);
}

std::vector<std::string> InspectionStore::combinerNames()
{
    Query q(store_, "SELECT name FROM inspector_combiners ORDER BY name");
    std::vector<std::string> out;
    while (q.step()) out.push_back(q.text(0));
    return out;
}

} // namespace wb::inspect
