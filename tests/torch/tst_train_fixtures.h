#pragma once
// Shared by the training tests: tiny projects with SFT, chat or text records
// in chosen splits, and run.json files pointing at them and at the tiny model
// fixtures (tests/data/models).
#include "common/model_fixtures.h"
#include "core/data/record.h"
#include "core/store/project_store.h"

#include <QString>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace trainfx {

inline wb::Record sft(const std::string& instruction, const std::string& output, wb::Split split = wb::Split::Train)
{
    wb::Record r;
    r.kind = wb::DatasetKind::Sft;
    r.instruction = instruction;
    r.output = output;
    r.split = split;
    return r;
}

inline wb::Record chat(const std::vector<wb::Message>& messages, wb::Split split = wb::Split::Train)
{
    wb::Record r;
    r.kind = wb::DatasetKind::Chat;
    r.messages = messages;
    r.split = split;
    return r;
}

inline wb::Record text(const std::string& body, wb::Split split = wb::Split::Train)
{
    wb::Record r;
    r.kind = wb::DatasetKind::Text;
    r.text = body;
    r.split = split;
    return r;
}

// A new project file at `path` with one dataset holding `records`.
inline void makeProject(const std::string& path, const std::string& dataset, wb::DatasetKind kind,
                        std::vector<wb::Record> records)
{
    auto store = wb::ProjectStore::create(path);
    const int64_t id = store->createDataset(dataset, kind);
    for (wb::Record& r : records) r.datasetId = id;
    wb::ProjectStore::Transaction tx(*store);
    store->insertRecords(records);
    tx.commit();
}

// Short geoscience SFT pairs: 12 train + 4 validation.
inline std::vector<wb::Record> geoSft()
{
    const std::vector<std::pair<std::string, std::string>> qa = {
        {"What is magma?", "Molten rock below the surface."},
        {"What is lava?", "Magma that reaches the surface."},
        {"Name a sedimentary rock.", "Sandstone."},
        {"What causes earthquakes?", "Plates slipping along faults."},
        {"What is erosion?", "Wearing away of rock by water, wind or ice."},
        {"What is a glacier?", "A slow river of ice."},
        {"What is the crust?", "The thin outer layer of the Earth."},
        {"What is a fossil?", "Remains of ancient life kept in rock."},
        {"What is weathering?", "Rock breaking down where it lies."},
        {"What is a volcano?", "An opening where magma erupts."},
        {"What is groundwater?", "Water held in soil and rock."},
        {"What is the mantle?", "Hot rock between crust and core."},
        {"What is a canyon?", "A deep valley cut by a river."},
        {"What is soil?", "Weathered rock mixed with organic matter."},
        {"What is a mineral?", "A natural crystalline solid."},
        {"What is tectonics?", "The movement of Earth's plates."},
    };
    std::vector<wb::Record> out;
    for (size_t i = 0; i < qa.size(); ++i)
        out.push_back(sft(qa[i].first, qa[i].second, i < 12 ? wb::Split::Train : wb::Split::Validation));
    return out;
}

// A run.json for the tiny-chat model on `project`; `extra` fields override.
inline std::string runConfig(const std::string& project, const nlohmann::json& extra)
{
    nlohmann::json j = {{"project", project},
                        {"dataset", "geo"},
                        {"model", fixtureDir("tiny-chat")},
                        {"method", "sft"},
                        {"seq_len", 64},
                        {"batch_size", 2},
                        {"learning_rate", 3e-3},
                        {"threads", 1},
                        {"seed", 7}};
    for (const auto& [k, v] : extra.items()) j[k] = v;
    return j.dump(2);
}

inline std::string writeFile(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

} // namespace trainfx
