// llmwb project ...
#include "cli/command.h"
#include "cli/common.h"

#include "core/store/project_store.h"

#include <cstdio>

namespace wb::cli {

namespace {

int projectNew(const ParsedArgs& a)
{
    const std::string& path = a.positional[0];
    auto store = ProjectStore::create(path);
    if (a.has("json")) {
        printJson({{"project", store->path()}, {"schema_version", store->schemaVersion()}});
    } else {
        std::printf("created project %s (schema version %d)\n", store->path().c_str(), store->schemaVersion());
    }
    return kExitOk;
}

} // namespace

CommandGroup projectCommands()
{
    CommandGroup g{"project", "Create and inspect project files.", {}};
    g.commands.push_back(Command{
        "new",
        "create a new, empty project file",
        "usage: llmwb project new PATH [--json]\n"
        "\n"
        "Create a new project (one SQLite file) at PATH. Fails if PATH exists.\n"
        "\n"
        "options:\n"
        "  --json    print {\"project\", \"schema_version\"} as JSON\n",
        {{"json", false}},
        1,
        1,
        projectNew});
    return g;
}

} // namespace wb::cli
