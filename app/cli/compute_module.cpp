// llmwb loads the commands that compute with LibTorch from a module at run
// time: linking LibTorch into llmwb itself would cost every command, even
// `llmwb dataset list`, about a second of start-up (Torch links with
// --no-as-needed and its libraries are huge).
#include "cli/command.h"

#include "core/data/record.h"
#include "core/util/thread_environment.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

namespace wb::cli {

std::vector<CommandGroup> computeGroupSummaries()
{
    std::vector<CommandGroup> summaries;
    summaries.push_back({"generate", "generate text with a local model", {}, true});
    summaries.push_back({"chat", "chat with a local model in the terminal", {}, true});
    summaries.push_back({"train", "train a model: continued pretraining or SFT, full or LoRA", {}, true});
    summaries.push_back({"kb", "knowledge base: add documents, search them (BM25, dense, hybrid)", {}, false});
    summaries.push_back({"embed", "train an embedder in the app, encode texts with an embedder folder", {}, false});
    summaries.push_back({"inspect", "check which parts of an answer the evidence supports", {}, true});
    return summaries;
}

namespace {

std::string modulePath()
{
    if (const char* env = std::getenv("LLMWB_COMPUTE_MODULE"); env && *env) return env;
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path dir = ec ? std::filesystem::current_path() : exe.parent_path();
    for (const auto& candidate : {dir / "libllmwb_compute.so", dir / ".." / "lib" / "libllmwb_compute.so"})
        if (std::filesystem::exists(candidate, ec)) return candidate.string();
    return (dir / "libllmwb_compute.so").string();
}

} // namespace

std::vector<CommandGroup> loadComputeGroups()
{
    const std::string path = modulePath();
    // libgomp and OpenBLAS come with the module and read their thread
    // settings when they load: set them first (core/util/thread_environment.h).
    applyComputeThreadEnvironment();
    // Never unloaded: the commands' code and strings live in it until exit.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw Error(path + ": cannot load the compute module: " + dlerror());
    using Entry = void (*)(std::vector<CommandGroup>*);
    auto entry = reinterpret_cast<Entry>(dlsym(handle, "wb_compute_groups"));
    if (!entry) throw Error(path + ": not an llmwb compute module (no wb_compute_groups)");
    std::vector<CommandGroup> groups;
    entry(&groups);
    return groups;
}

} // namespace wb::cli
