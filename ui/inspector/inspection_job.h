#pragma once
// The inspector's work, run on a BackgroundTask thread: load the detectors'
// means (model, embedder) through injected factories so wb_ui links no
// LibTorch, fetch evidence from a knowledge-base collection when asked, and
// inspect one answer or every record of a dataset. Nothing here touches a
// widget; results go back as plain values.
#include "core/data/record.h"
#include "core/inspect/combiner.h"
#include "core/inspect/inspector.h"
#include "core/retrieval/embedder.h"
#include "ui/chat/model_loader.h"
#include "ui/common/background_task.h"
#include "ui/knowledge/embedder_factory.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wb {

class ProjectStore;
class Tokenizer;


struct InspectorSettings {
    bool semantic = false;          // embedding similarity (needs embedderDir)
    std::string embedderDir;
    bool modelGrounding = false;    // log-probabilities with/without evidence (needs modelDir)
    std::string modelDir;
    int samples = 0;                // self-consistency samples (needs the model)
    uint64_t seed = 0;
    bool sentences = false;         // claims are sentences (else clauses)
    std::optional<inspect::LogisticModel> combiner;   // fitted weights; none: unweighted mean
    std::string combinerName;
    int64_t collectionId = 0;       // > 0: evidence from this knowledge-base collection
    int topK = 5;                   // passages retrieved per answer
    nlohmann::json toJson() const;  // what is stored with an inspection
};

// Models and embedders loaded by earlier runs, kept while their folder stays
// the same. Used by one task at a time, on that task's thread.
class InspectorTools {
public:
    InspectorTools(ModelLoader modelLoader, EmbedderFactory embedderFactory);
    ~InspectorTools();
    // The detectors' means for `s`. Throws wb::Error naming the folder, or
    // saying that this build cannot load models / embedders.
    inspect::InspectTools prepare(const InspectorSettings& s);
    Embedder* embedder() const { return embedder_.get(); }

private:
    ModelLoader modelLoader_;
    EmbedderFactory embedderFactory_;
    std::string modelDir_, embedderDir_;
    std::unique_ptr<CausalLM> model_;
    std::unique_ptr<Tokenizer> tokenizer_;
    std::optional<ChatTemplate> template_;
    std::unique_ptr<Embedder> embedder_;
};

// Passages of `collectionId` for `query`: hybrid retrieval with an embedder,
// BM25 without one (or when the collection has no vectors for it).
std::vector<std::string> retrieveEvidence(ProjectStore& store, int64_t collectionId, const std::string& query,
                                          Embedder* embedder, int topK);

struct InspectionOutcome {
    inspect::InspectInput input;    // with the evidence actually used
    inspect::InspectReport report;
};

// One answer. Throws wb::Error (also "inspection cancelled").
InspectionOutcome runInspection(inspect::InspectInput input, const InspectorSettings& settings,
                                InspectorTools& tools, BackgroundTask::Context& ctx);

struct BatchRow {
    int64_t recordId = 0;
    double risk = 0;
    std::string answer;
    std::string reason;             // the riskiest claim's riskiest span, in words (SpanReason)
    std::string riskiestClaim;
};

struct BatchOutcome {
    std::vector<BatchRow> rows;
    int64_t total = 0;              // records in the dataset
    std::vector<std::string> skipped;   // "record 12: no output", one per record not scored
    bool cancelled = false;
    bool returned = false;          // runBatch returned (BackgroundTask reports a cancelled task as failed)
};

// Every record of an SFT dataset: the output checked against the input (or
// the collection), question = instruction. Each score is stored with the
// record (InspectionStore) on a ProjectStore of its own. Throws wb::Error for
// a dataset that is missing or not SFT; a record that fails is listed in
// `skipped` with its reason and the rest go on.
BatchOutcome runBatch(int64_t datasetId, const InspectorSettings& settings, InspectorTools& tools,
                      BackgroundTask::Context& ctx);

// The inspection input of an SFT record: question = instruction, answer =
// output, evidence = the input (none when empty).
inspect::InspectInput inputFromRecord(const Record& r);

} // namespace wb
