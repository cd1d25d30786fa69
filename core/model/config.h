#pragma once
// Transformer model hyper-parameters, read from and written to Hugging Face
// config.json files (GPT-2, Llama, Qwen2, Mistral, BERT), plus presets for
// models trained from scratch.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

enum class ModelFamily { Gpt2, Llama, Qwen2, Mistral, Bert };
enum class RopeScalingType { None, Linear, Llama3 };

// HF `model_type` names: "gpt2" "llama" "qwen2" "mistral" "bert".
std::string_view toString(ModelFamily f);
// Throws wb::Error naming the value and the supported ones.
ModelFamily modelFamilyFromString(std::string_view s);
// "none" "linear" "llama3".
std::string_view toString(RopeScalingType t);

struct RopeScaling {
    RopeScalingType type = RopeScalingType::None;
    double factor = 1.0;
    double lowFreqFactor = 1.0;                // llama3 only
    double highFreqFactor = 4.0;               // llama3 only
    int originalMaxPositionEmbeddings = 0;     // llama3 only
    bool operator==(const RopeScaling&) const = default;
};

struct ModelConfig {
    ModelFamily family = ModelFamily::Llama;
    int hiddenSize = 0;
    int numLayers = 0;
    int numHeads = 0;
    int numKvHeads = 0;              // == numHeads without grouped-query attention
    int headDim = 0;                 // hiddenSize / numHeads unless the config says otherwise
    int intermediateSize = 0;        // MLP inner size
    int vocabSize = 0;
    int maxPositionEmbeddings = 0;
    int typeVocabSize = 0;           // BERT token types; 0 for the others
    double normEps = 1e-5;           // rms_norm_eps (Llama family) or layer_norm_eps (GPT-2, BERT)
    double ropeTheta = 10000.0;      // unused by GPT-2 and BERT (learned positions)
    RopeScaling ropeScaling;
    bool tieWordEmbeddings = false;
    bool attentionBias = false;      // bias on Q/K/V projections (GPT-2, BERT, Qwen2: true)
    std::optional<int> slidingWindow;   // Mistral, or Qwen2 with use_sliding_window
    std::optional<int> bosTokenId;
    std::vector<int> eosTokenIds;    // Llama 3.1 lists several
    std::optional<int> padTokenId;
    std::string activation;          // HF hidden_act / activation_function, e.g. "silu", "gelu_new"

    bool operator==(const ModelConfig&) const = default;
};

// Parses an HF config.json text. Errors name `nameForErrors` and the field:
// unknown model_type, missing required field, wrong JSON type, non-positive
// size, hidden_size not divisible by num_attention_heads, heads not divisible
// by key/value heads, unsupported rope_scaling type.
ModelConfig parseConfig(std::string_view json, const std::string& nameForErrors);
// Reads and parses a config.json file; errors name the path.
ModelConfig loadConfig(const std::string& path);
// Checks the invariants parseConfig() enforces; throws wb::Error naming the field.
void validateConfig(const ModelConfig& c, const std::string& nameForErrors);

// An HF-compatible config.json (pretty-printed JSON); parseConfig() of it
// gives back an equal ModelConfig.
std::string toJson(const ModelConfig& c);

// Shapes for models trained from scratch: "tiny" (a few MB, for tests),
// "small" (tens of millions of parameters), "gpt2-124m" (GPT-2 small's
// dimensions). Throws wb::Error for an unknown preset name.
ModelConfig presetConfig(ModelFamily family, std::string_view preset);

} // namespace wb
