// Family-independent parts of TextEncoder: pooling names and the
// sentence-transformers pooling configuration. TextEncoder::load lives with the
// BERT family in bert.cpp.
#include "core/nn/text_encoder.h"

#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace wb {

TextEncoder::~TextEncoder() = default;

std::string_view toString(Pooling p)
{
    return p == Pooling::Cls ? "cls" : "mean";
}

Pooling poolingFromString(std::string_view s)
{
    if (s == "mean") return Pooling::Mean;
    if (s == "cls") return Pooling::Cls;
    throw Error("unknown pooling \"" + std::string(s) + "\" (supported: mean, cls)");
}

namespace {

nlohmann::json readJson(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot be opened");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.string() + ": not valid JSON (" + e.what() + ")");
    }
}

bool flag(const nlohmann::json& j, const char* field, const std::filesystem::path& path)
{
    if (!j.contains(field)) return false;
    if (!j[field].is_boolean()) throw Error(path.string() + ": field \"" + field + "\" must be true or false");
    return j[field].get<bool>();
}

} // namespace

std::optional<Pooling> sentenceTransformersPooling(const std::string& modelDir)
{
    namespace fs = std::filesystem;
    // modules.json names the Pooling module's folder; "1_Pooling" is the usual one.
    fs::path poolingDir = fs::path(modelDir) / "1_Pooling";
    const fs::path modulesPath = fs::path(modelDir) / "modules.json";
    if (fs::exists(modulesPath)) {
        const nlohmann::json modules = readJson(modulesPath);
        if (modules.is_array())
            for (const nlohmann::json& m : modules)
                if (m.is_object() && m.value("type", "").ends_with(".Pooling") && m.contains("path") &&
                    m["path"].is_string())
                    poolingDir = fs::path(modelDir) / m["path"].get<std::string>();
    }
    const fs::path path = poolingDir / "config.json";
    if (!fs::exists(path)) return std::nullopt;
    const nlohmann::json j = readJson(path);
    if (!j.is_object()) throw Error(path.string() + ": expected a JSON object");
    for (const char* unsupported : {"pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
                                    "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"})
        if (flag(j, unsupported, path))
            throw Error(path.string() + ": field \"" + unsupported + "\" is not supported (mean or cls pooling only)");
    const bool cls = flag(j, "pooling_mode_cls_token", path);
    const bool mean = flag(j, "pooling_mode_mean_tokens", path);
    if (cls && mean)
        throw Error(path.string() + ": fields \"pooling_mode_cls_token\" and \"pooling_mode_mean_tokens\" are both "
                    "true (concatenated poolings are not supported)");
    if (cls) return Pooling::Cls;
    if (mean) return Pooling::Mean;
    throw Error(path.string() + ": no pooling mode is true (expected pooling_mode_mean_tokens or pooling_mode_cls_token)");
}

} // namespace wb
