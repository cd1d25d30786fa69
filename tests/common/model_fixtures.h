#pragma once
// Helpers shared by the model-family tests: where the fixtures written by
// tests/data/models/make_fixtures.py live, copying one with edited tensors,
// and the message a load fails with.
#include "core/data/record.h"
#include "core/nn/causal_lm.h"
#include "core/weights/safetensors.h"

#include <QString>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

inline std::string fixtureDir(const std::string& name)
{
    namespace fs = std::filesystem;
    return (fs::path(qEnvironmentVariable("WB_TEST_DATA").toStdString()) / "models" / name).string();
}

// Copies a fixture to `dst`, then rewrites its safetensors through `edit`;
// `storage` owns the data of tensors the edit replaces.
inline void copyFixtureWith(const std::string& src, const std::string& dst,
                            const std::function<void(std::vector<wb::TensorView>&, std::vector<std::vector<float>>&)>& edit)
{
    namespace fs = std::filesystem;
    fs::copy_file(fs::path(src) / "config.json", fs::path(dst) / "config.json");
    const wb::SafetensorsFile in = wb::SafetensorsFile::open((fs::path(src) / "model.safetensors").string());
    std::vector<wb::TensorView> views = in.tensors();
    std::vector<std::vector<float>> storage;
    storage.reserve(16);
    edit(views, storage);
    wb::writeSafetensors((fs::path(dst) / "model.safetensors").string(), views);
}

// The wb::Error message of loading `dir`, or "" when it loads.
inline std::string loadError(const std::string& dir)
{
    try {
        wb::CausalLM::load(dir);
    } catch (const wb::Error& e) {
        return e.what();
    }
    return {};
}
