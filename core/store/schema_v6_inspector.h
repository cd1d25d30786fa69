#pragma once
// Schema version 6: hallucination inspector results and fitted detector weights (core/inspect).
// A released step is never edited; later changes go into a new step.
//  - inspections: the latest inspection of a chat message or a dataset record
//    (exactly one of the two), the JSON report of core/inspect/inspector.h,
//    and a hash of the answer it scored, so an edited answer reads as stale.
//    Deleting the message or record deletes its inspection.
//  - inspector_combiners: logistic-regression weights fitted on labelled data
//    (core/inspect/combiner.h JSON), by name, with the metrics they reached.
namespace wb::store {
inline constexpr const char* kV6Inspector = R"sql(
CREATE TABLE inspections (
    id            INTEGER PRIMARY KEY,
    message_id    INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    record_id     INTEGER REFERENCES records(id) ON DELETE CASCADE,
    answer_hash   TEXT NOT NULL,
    answer_risk   REAL NOT NULL,
    report_json   TEXT NOT NULL,
    settings_json TEXT NOT NULL DEFAULT '',
    created       INTEGER NOT NULL,
    CHECK ((message_id IS NULL) <> (record_id IS NULL))
);
CREATE UNIQUE INDEX inspections_message ON inspections(message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX inspections_record ON inspections(record_id) WHERE record_id IS NOT NULL;
CREATE INDEX inspections_risk ON inspections(answer_risk);
CREATE TABLE inspector_combiners (
    name          TEXT PRIMARY KEY,
    model_json    TEXT NOT NULL,
    metrics_json  TEXT NOT NULL DEFAULT '',
    created       INTEGER NOT NULL
);
)sql";
} // namespace wb::store
