// llmwb dataset dedup | check | split
#include "cli/command.h"
#include "cli/common.h"

#include "core/curation/curation.h"
#include "core/text/token_counter.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace wb::cli {

namespace {

using nlohmann::json;

constexpr size_t kMaxIssuesPrinted = 200;

// Exact and near groups overlap (an exact pair is also a near pair). Merge
// them into connected components so --drop never deletes a group's keeper
// through another group. The keeper of a component is the keeper of the
// first group that touched it.
std::vector<curation::DuplicateGroup> mergeGroups(const std::vector<curation::DuplicateGroup>& groups)
{
    std::map<int64_t, int64_t> parent;
    std::function<int64_t(int64_t)> find = [&](int64_t x) {
        auto it = parent.find(x);
        if (it == parent.end()) {
            parent[x] = x;
            return x;
        }
        if (it->second == x)
            return x;
        int64_t r = find(it->second);
        parent[x] = r;
        return r;
    };
    std::vector<int64_t> keeperOrder;   // component keepers in order of first appearance
    std::map<int64_t, size_t> keeperIndex;
    for (const auto& g : groups) {
        if (g.ids.empty())
            continue;
        int64_t keeper = g.ids.front();
        if (!parent.count(keeper)) {
            keeperIndex[keeper] = keeperOrder.size();
            keeperOrder.push_back(keeper);
        }
        for (int64_t id : g.ids) {
            int64_t a = find(keeper), b = find(id);
            if (a == b)
                continue;
            if (!keeperIndex.count(b)) {
                parent[b] = a;
            } else if (!keeperIndex.count(a) || keeperIndex[b] < keeperIndex[a]) {
                parent[a] = b;
            } else {
                parent[b] = a;
            }
        }
    }
    std::map<int64_t, curation::DuplicateGroup> byRoot;
    for (const auto& g : groups)
        for (int64_t id : g.ids) {
            auto& out = byRoot[find(id)];
            if (out.ids.empty()) {
                out.similarity = 1.0;
                out.exact = true;
            }
            if (std::find(out.ids.begin(), out.ids.end(), id) == out.ids.end())
                out.ids.push_back(id);
        }
    for (const auto& g : groups) {
        if (g.ids.empty())
            continue;
        auto& out = byRoot[find(g.ids.front())];
        out.similarity = std::min(out.similarity, g.similarity);
        out.exact = out.exact && g.exact;
    }
    std::vector<curation::DuplicateGroup> merged;
    for (auto& [root, g] : byRoot) {
        // root is the component keeper: put it first, the rest in id order.
        std::sort(g.ids.begin(), g.ids.end());
        std::rotate(g.ids.begin(), std::find(g.ids.begin(), g.ids.end(), root),
                    std::find(g.ids.begin(), g.ids.end(), root) + 1);
        merged.push_back(std::move(g));
    }
    std::sort(merged.begin(), merged.end(), [](const auto& x, const auto& y) { return x.ids.front() < y.ids.front(); });
    return merged;
}

json groupJson(const curation::DuplicateGroup& g)
{
    return {{"ids", g.ids}, {"similarity", g.similarity}, {"exact", g.exact}};
}

int datasetDedup(const ParsedArgs& a)
{
    curation::NearDupOptions nearOpt;
    if (a.has("threshold")) {
        if (!a.has("near"))
            throw UsageError("option '--threshold' needs '--near'");
        nearOpt.threshold = toDouble("threshold", a.value("threshold"), 0.0, 1.0);
    }
    if (a.has("threads"))
        nearOpt.threads = int(toInt("threads", a.value("threads"), 0, 1024));
    auto store = openProject(a.positional[0]);
    auto ds = resolveDataset(*store, a.positional[1]);
    RecordQuery q;
    q.datasetId = ds.id;

    auto exact = curation::exactDuplicates(*store, q);
    std::vector<curation::DuplicateGroup> near;
    if (a.has("near")) {
        ProgressLine progress("near-duplicates in " + ds.name);
        near = curation::nearDuplicates(*store, q, nearOpt, [&](int64_t done, int64_t total) {
            progress.update(done, total);
            return !interrupted();
        });
        progress.finish();
    }
    std::vector<curation::DuplicateGroup> all = exact;
    all.insert(all.end(), near.begin(), near.end());
    auto groups = mergeGroups(all);
    int64_t duplicates = 0;
    for (const auto& g : groups)
        duplicates += int64_t(g.ids.size()) - 1;
    int64_t dropped = 0;
    if (a.has("drop") && !groups.empty())
        dropped = curation::dropDuplicates(*store, groups);

    if (a.has("json")) {
        json arr = json::array();
        for (const auto& g : groups)
            arr.push_back(groupJson(g));
        json j{{"dataset", ds.name},
               {"dataset_id", ds.id},
               {"records", ds.recordCount},
               {"exact_groups", exact.size()},
               {"groups", arr},
               {"duplicates", duplicates},
               {"dropped", dropped}};
        if (a.has("near")) {
            j["near_groups"] = near.size();
            j["threshold"] = nearOpt.threshold;
        }
        printJson(j);
        return kExitOk;
    }
    std::printf("dataset '%s': %zu exact duplicate groups", ds.name.c_str(), exact.size());
    if (a.has("near"))
        std::printf(", %zu near-duplicate groups (threshold %.2f)", near.size(), nearOpt.threshold);
    std::printf("; %lld records are duplicates of a kept record\n", (long long)duplicates);
    for (size_t i = 0; i < groups.size() && i < kMaxIssuesPrinted; ++i) {
        std::printf("  keep %lld, duplicates:", (long long)groups[i].ids.front());
        for (size_t k = 1; k < groups[i].ids.size(); ++k)
            std::printf(" %lld", (long long)groups[i].ids[k]);
        std::printf(groups[i].exact ? " (exact)\n" : " (similarity %.2f)\n", groups[i].similarity);
    }
    if (groups.size() > kMaxIssuesPrinted)
        std::printf("  ... %zu more groups (use --json for all)\n", groups.size() - kMaxIssuesPrinted);
    if (a.has("drop"))
        std::printf("dropped %lld records (undoable as one edit)\n", (long long)dropped);
    return kExitOk;
}

int datasetCheck(const ParsedArgs& a)
{
    curation::QualityOptions opt;
    if (a.has("max-chars"))
        opt.maxChars = toInt("max-chars", a.value("max-chars"), 1, int64_t(1) << 40);
    if (a.has("max-tokens"))
        opt.maxTokens = toInt("max-tokens", a.value("max-tokens"), 1, int64_t(1) << 40);
    auto store = openProject(a.positional[0]);
    auto ds = resolveDataset(*store, a.positional[1]);

    std::shared_ptr<const TokenCounter> counter;
    if (!a.has("no-tokens")) {
        try {
            counter = defaultTokenCounter();
        } catch (const std::exception& e) {
            if (a.has("max-tokens"))
                throw;
            std::fprintf(stderr, "llmwb: warning: token-length check skipped: %s\n", e.what());
        }
    }
    opt.tokens = counter.get();

    RecordQuery q;
    q.datasetId = ds.id;
    ProgressLine progress("checking " + ds.name);
    auto issues = curation::checkQuality(*store, q, opt, [&](int64_t done, int64_t total) {
        progress.update(done, total);
        return !interrupted();
    });
    progress.finish();
    std::map<std::string, int64_t> byKind;
    for (const auto& i : issues)
        ++byKind[std::string(curation::toString(i.kind))];

    if (a.has("json")) {
        json arr = json::array();
        for (const auto& i : issues)
            arr.push_back({{"record_id", i.recordId},
                           {"kind", std::string(curation::toString(i.kind))},
                           {"field", i.field},
                           {"detail", i.detail}});
        json kinds = json::object();
        for (const auto& [k, n] : byKind)
            kinds[k] = n;
        printJson({{"dataset", ds.name},
                   {"dataset_id", ds.id},
                   {"records", ds.recordCount},
                   {"tokens_checked", counter != nullptr},
                   {"issue_count", issues.size()},
                   {"by_kind", kinds},
                   {"issues", arr}});
        return kExitOk;
    }
    std::printf("dataset '%s': %zu issues in %lld records\n", ds.name.c_str(), issues.size(),
                (long long)ds.recordCount);
    for (const auto& [k, n] : byKind)
        std::printf("  %-22s %lld\n", k.c_str(), (long long)n);
    for (size_t i = 0; i < issues.size() && i < kMaxIssuesPrinted; ++i)
        std::printf("record %lld: %s (%s) %s\n", (long long)issues[i].recordId,
                    std::string(curation::toString(issues[i].kind)).c_str(), issues[i].field.c_str(),
                    issues[i].detail.c_str());
    if (issues.size() > kMaxIssuesPrinted)
        std::printf("... %zu more issues (use --json for all)\n", issues.size() - kMaxIssuesPrinted);
    return kExitOk;
}

int datasetSplit(const ParsedArgs& a)
{
    curation::SplitOptions opt;
    if (a.has("train"))
        opt.train = toDouble("train", a.value("train"), 0.0, 1.0);
    if (a.has("validation"))
        opt.validation = toDouble("validation", a.value("validation"), 0.0, 1.0);
    if (a.has("test"))
        opt.test = toDouble("test", a.value("test"), 0.0, 1.0);
    if (opt.train + opt.validation + opt.test <= 0.0)
        throw UsageError("split fractions must not all be zero");
    if (a.has("seed"))
        opt.seed = uint64_t(toInt("seed", a.value("seed"), 0, std::numeric_limits<int64_t>::max()));
    opt.stratifyByCategory = !a.has("no-stratify");
    auto store = openProject(a.positional[0]);
    auto ds = resolveDataset(*store, a.positional[1]);
    RecordQuery q;
    q.datasetId = ds.id;
    auto c = curation::assignSplits(*store, q, opt);
    if (a.has("json")) {
        printJson({{"dataset", ds.name},
                   {"dataset_id", ds.id},
                   {"train", c.train},
                   {"validation", c.validation},
                   {"test", c.test},
                   {"seed", opt.seed},
                   {"stratified", opt.stratifyByCategory}});
        return kExitOk;
    }
    std::printf("dataset '%s': train %lld, validation %lld, test %lld (seed %llu)\n", ds.name.c_str(),
                (long long)c.train, (long long)c.validation, (long long)c.test, (unsigned long long)opt.seed);
    return kExitOk;
}

} // namespace

void addCurationCommands(CommandGroup& g)
{
    g.commands.push_back(Command{
        "dedup",
        "find (and optionally drop) duplicate records",
        "usage: llmwb dataset dedup PROJECT DATASET [--near [--threshold T]] [--drop] [--json]\n"
        "\n"
        "Find exact duplicates (same text up to case, spaces and punctuation) and, with\n"
        "--near, near-duplicates (MinHash estimate of Jaccard similarity on character\n"
        "5-grams). Overlapping groups are merged; the first id of a group is kept.\n"
        "\n"
        "options:\n"
        "  --near         also find near-duplicates\n"
        "  --threshold T  near-duplicate similarity threshold in [0, 1] (default 0.8)\n"
        "  --threads N    worker threads for --near (default: all cores)\n"
        "  --drop         delete all but the first record of each group (one undoable edit)\n"
        "  --json         print {dataset, dataset_id, records, exact_groups, near_groups,\n"
        "                 groups: [{ids, similarity, exact}], duplicates, dropped} as JSON\n",
        {{"near", false}, {"threshold", true}, {"threads", true}, {"drop", false}, {"json", false}},
        2,
        2,
        datasetDedup});
    g.commands.push_back(Command{
        "check",
        "quality checks: empty outputs, lengths, repetition, language, personal data",
        "usage: llmwb dataset check PROJECT DATASET [--max-chars N] [--max-tokens N] [--json]\n"
        "\n"
        "Report records with empty outputs, outputs repeating the instruction, too many\n"
        "characters or GPT-2 tokens, repeated n-grams, a language other than the\n"
        "dataset's majority, or personal data. Exits 0 whether or not issues are found.\n"
        "\n"
        "options:\n"
        "  --max-chars N   longest allowed record field in characters (default 8000)\n"
        "  --max-tokens N  longest allowed record field in GPT-2 tokens (default 2048)\n"
        "  --no-tokens     skip the token-length check\n"
        "  --json          print {dataset, dataset_id, records, issue_count, by_kind,\n"
        "                  issues: [{record_id, kind, field, detail}]} as JSON\n",
        {{"max-chars", true}, {"max-tokens", true}, {"no-tokens", false}, {"json", false}},
        2,
        2,
        datasetCheck});
    g.commands.push_back(Command{
        "split",
        "assign train/validation/test splits",
        "usage: llmwb dataset split PROJECT DATASET [--train F] [--validation F] [--test F]\n"
        "                           [--seed N] [--no-stratify] [--json]\n"
        "\n"
        "Assign every record of DATASET to a split, deterministically for a given seed\n"
        "(stratified by category unless --no-stratify). One undoable edit.\n"
        "\n"
        "options:\n"
        "  --train F       fraction for training (default 0.8)\n"
        "  --validation F  fraction for validation (default 0.1)\n"
        "  --test F        fraction for test (default 0.1); fractions are normalised\n"
        "  --seed N        random seed (default 42)\n"
        "  --no-stratify   do not balance categories across splits\n"
        "  --json          print {dataset, dataset_id, train, validation, test, seed} as JSON\n",
        {{"train", true}, {"validation", true}, {"test", true}, {"seed", true}, {"no-stratify", false},
         {"json", false}},
        2,
        2,
        datasetSplit});
}

} // namespace wb::cli
