#include "ui/training/dataset_tokenizer.h"

#include "core/data/record.h"
#include "core/store/project_store.h"
#include "core/text/bpe_trainer.h"

#include <filesystem>

namespace wb {

int trainDatasetTokenizer(const std::string& projectPath, int64_t datasetId, int vocabSize, const std::string& outPath,
                          const std::atomic<bool>* cancel)
{
    BpeTrainerOptions options;
    options.vocabSize = vocabSize;
    options.specialTokens = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};
    BpeTrainer trainer(options);
    auto store = ProjectStore::open(projectPath);
    RecordQuery q;
    q.datasetId = datasetId;
    int64_t n = 0;
    store->forEach(q, [&](const Record& r) {
        for (const std::string* s : {&r.system, &r.instruction, &r.input, &r.output, &r.prompt, &r.chosen, &r.rejected, &r.text})
            if (!s->empty()) trainer.addText(*s);
        for (const Message& m : r.messages) trainer.addText(m.content);
        ++n;
        return !(cancel && cancel->load());
    });
    if (cancel && cancel->load()) throw Error("cancelled");
    if (n == 0) throw Error("dataset " + std::to_string(datasetId) + " has no records to train a tokenizer on");
    const BpeModel model = trainer.train();
    const std::filesystem::path out(outPath);
    if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
    saveTokenizerJson(model, outPath);
    return int(model.tokens.size());
}

} // namespace wb
