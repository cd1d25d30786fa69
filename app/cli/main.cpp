// llmwb: the headless command-line front end of LLM Workbench.
#include "cli/command.h"
#include "cli/common.h"

#include "core/data/record.h"

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "core/util/logging.h"
#include "core/util/paths.h"

namespace {

using namespace wb::cli;

const char* kMainHelp =
    "usage: llmwb [--help] [--version] <group> <command> [options] [args]\n"
    "\n"
    "LLM Workbench command line: curate LLM datasets stored in a project file, inspect\n"
    "model checkpoints (safetensors, GGUF, llama2.c) and run tokenizers.\n"
    "\n"
    "groups:\n"
    "%s"
    "\n"
    "Run 'llmwb <group> --help' or 'llmwb <group> <command> --help' for details.\n"
    "Options may be written '--name value' or '--name=value'. Commands with --json\n"
    "print exactly one JSON document on stdout; progress and errors go to stderr.\n"
    "\n"
    "exit codes:\n"
    "  0  success (also when 'dataset import' rejected some records: they are\n"
    "     quarantined in the project and listed in the output)\n"
    "  1  error: bad input data, missing file or dataset, I/O failure (the message\n"
    "     names the file, line, column or field)\n"
    "  2  usage error: unknown command or option, missing or bad argument\n";

std::string groupHelp(const CommandGroup& g)
{
    std::string s = "usage: llmwb " + g.name + " <command> [options] [args]\n\n" + g.summary + "\n\ncommands:\n";
    for (const auto& c : g.commands) {
        std::string name = "  " + c.name;
        name.resize(12, ' ');
        s += name + c.summary + "\n";
    }
    s += "\nRun 'llmwb " + g.name + " <command> --help' for a command's options.\n";
    return s;
}

int usageError(const std::string& message, const std::string& helpHint)
{
    std::fprintf(stderr, "llmwb: %s\nTry '%s --help'.\n", message.c_str(), helpHint.c_str());
    return kExitUsage;
}

void initCommandLogging()
{
    try {
        // No dataset command runs LibTorch work, so llmwb does not link it
        // (-Wl,--as-needed): that keeps every call ~1 s faster. Compute
        // commands live in the llmwb_compute module (compute_module.cpp).
        wb::initLogging(wb::appDataDir() + "/logs", "llmwb");
    } catch (const std::exception& e) {
        // Logging failing must not stop a command; say so.
        std::fprintf(stderr, "llmwb: warning: %s\n", e.what());
    }
}

int runCommand(const std::string& groupName, const Command& cmd, const std::vector<std::string>& rest)
{
    const std::string hint = groupName == cmd.name ? "llmwb " + cmd.name : "llmwb " + groupName + " " + cmd.name;
    ParsedArgs args;
    try {
        args = parseArgs(rest, cmd.options);
    } catch (const UsageError& e) {
        return usageError(e.what(), hint);
    }
    if (args.help) {
        std::fputs(cmd.usage.c_str(), stdout);
        return kExitOk;
    }
    if (args.positional.size() < cmd.minPositional)
        return usageError("missing arguments for '" + cmd.name + "'", hint);
    if (args.positional.size() > cmd.maxPositional)
        return usageError("unexpected argument '" + args.positional[cmd.maxPositional] + "'", hint);
    try {
        return cmd.run(args);
    } catch (const UsageError& e) {
        return usageError(e.what(), hint);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "llmwb: error: %s\n", e.what());
        return kExitError;
    }
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    std::vector<CommandGroup> groups{projectCommands(), datasetCommands(), modelCommands(), tokenizerCommands()};
    addCurationCommands(groups[1]);
    for (CommandGroup& summary : computeGroupSummaries()) groups.push_back(std::move(summary));
    groups.reserve(groups.size() + 1);   // `group` must survive the module's group being appended

    std::string groupList;
    for (const auto& g : groups) {
        std::string name = "  " + g.name;
        name.resize(12, ' ');
        groupList += name + g.summary + "\n";
    }
    auto mainHelp = [&](FILE* to) { std::fprintf(to, kMainHelp, groupList.c_str()); };

    if (args.empty()) {
        mainHelp(stderr);
        return kExitUsage;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        mainHelp(stdout);
        return kExitOk;
    }
    if (args[0] == "--version") {
        std::printf("llmwb 0.1.0\n");
        return kExitOk;
    }
    const CommandGroup* group = nullptr;
    for (const auto& g : groups)
        if (g.name == args[0])
            group = &g;
    if (!group)
        return usageError("unknown command group '" + args[0] + "'", "llmwb");
    if (group->commands.empty()) {   // a compute group summary: the real commands are in the module
        try {
            for (auto& g : loadComputeGroups())
                if (g.name == group->name) groups.push_back(std::move(g));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "llmwb: error: %s\n", e.what());
            return kExitError;
        }
        group = &groups.back();
        if (group->commands.empty()) return usageError("the compute module lacks '" + args[0] + "'", "llmwb");
    }
    if (group->standalone) {
        initCommandLogging();
        installInterruptHandler();
        return runCommand(group->name, group->commands.front(), std::vector<std::string>(args.begin() + 1, args.end()));
    }
    if (args.size() < 2) {
        std::fputs(groupHelp(*group).c_str(), stderr);
        return kExitUsage;
    }
    if (args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        std::fputs(groupHelp(*group).c_str(), stdout);
        return kExitOk;
    }
    for (const auto& c : group->commands) {
        if (c.name != args[1])
            continue;
        initCommandLogging();
        installInterruptHandler();
        return runCommand(group->name, c, std::vector<std::string>(args.begin() + 2, args.end()));
    }
    return usageError("unknown command '" + args[1] + "' in group '" + group->name + "'", "llmwb " + group->name);
}
