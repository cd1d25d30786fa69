#include "core/store/conversations.h"

#include "core/store/sqlite_util.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace wb {

namespace {

constexpr const char* kMessageColumns = "id, conversation_id, parent_id, role, content, model, stats_json, created";
constexpr const char* kModelColumns = "id, name, path, added, sampling_json";

StoredMessage readMessage(const sql::Stmt& st)
{
    StoredMessage m;
    m.id = st.int64(0);
    m.conversationId = st.int64(1);
    m.parentId = st.isNull(2) ? 0 : st.int64(2);
    m.role = st.text(3);
    m.content = st.text(4);
    m.model = st.text(5);
    m.statsJson = st.text(6);
    m.created = st.int64(7);
    return m;
}

RegisteredModel readModel(const sql::Stmt& st)
{
    return {st.int64(0), st.text(1), st.text(2), st.int64(3), st.text(4)};
}

Conversation readConversation(const sql::Stmt& st)
{
    return {st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4)};
}

} // namespace

struct ConversationStore::Impl {
    explicit Impl(ProjectStore& s) : store(s), path(s.path()), stmts(s.handle(), path) {}

    ProjectStore& store;
    std::string path;   // referenced by the statement cache: declared before it
    sql::StatementCache stmts;

    sql::Stmt stmt(const std::string& s) { return stmts.get(s); }
    [[noreturn]] void fail(const std::string& what) const { throw Error("project '" + path + "': " + what); }

    // A time for `updated` later than every other conversation's, so "most
    // recently changed first" is exact even for changes in the same millisecond.
    int64_t nextUpdated()
    {
        auto st = stmt("SELECT max(updated) FROM conversations");
        const int64_t last = st.step() && !st.isNull(0) ? st.int64(0) : 0;
        return std::max(nowMillis(), last + 1);
    }
    void touch(int64_t conversationId)
    {
        const int64_t t = nextUpdated();
        auto st = stmt("UPDATE conversations SET updated = ? WHERE id = ?");
        st.bind(1, t).bind(2, conversationId).run();
    }
    void requireConversation(int64_t id)
    {
        auto st = stmt("SELECT 1 FROM conversations WHERE id = ?");
        st.bind(1, id);
        if (!st.step())
            fail("no conversation with id " + std::to_string(id));
    }
    StoredMessage requireMessage(int64_t id)
    {
        auto st = stmt(std::string("SELECT ") + kMessageColumns + " FROM messages WHERE id = ?");
        st.bind(1, id);
        if (!st.step())
            fail("no chat message with id " + std::to_string(id));
        return readMessage(st);
    }
    StoredMessage requireReply(int64_t id)
    {
        StoredMessage m = requireMessage(id);
        if (m.role != "assistant")
            fail("chat message " + std::to_string(id) + " is a " + m.role + " turn, not an assistant reply");
        if (m.parentId == 0)
            fail("chat message " + std::to_string(id) + " answers no user turn");
        return m;
    }
    // Every statement that changes one row checks it found the row.
    void requireChanged(const std::string& what)
    {
        if (sqlite3_changes(store.handle()) == 0)
            fail(what);
    }
};

ConversationStore::ConversationStore(ProjectStore& store) : d(std::make_unique<Impl>(store)) {}

ConversationStore::~ConversationStore() = default;

// ---------------------------------------------------------------- conversations

int64_t ConversationStore::createConversation(const std::string& title, const std::string& systemPrompt)
{
    const int64_t now = d->nextUpdated();
    auto st = d->stmt("INSERT INTO conversations (title, system_prompt, created, updated) VALUES (?, ?, ?, ?)");
    st.bind(1, title).bind(2, systemPrompt).bind(3, now).bind(4, now).run();
    return sqlite3_last_insert_rowid(d->store.handle());
}

std::vector<Conversation> ConversationStore::conversations()
{
    std::vector<Conversation> out;
    auto st = d->stmt("SELECT id, title, system_prompt, created, updated FROM conversations "
                      "ORDER BY updated DESC, id DESC");
    while (st.step())
        out.push_back(readConversation(st));
    return out;
}

std::optional<Conversation> ConversationStore::conversation(int64_t id)
{
    auto st = d->stmt("SELECT id, title, system_prompt, created, updated FROM conversations WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readConversation(st);
}

void ConversationStore::renameConversation(int64_t id, const std::string& title)
{
    const int64_t t = d->nextUpdated();
    auto st = d->stmt("UPDATE conversations SET title = ?, updated = ? WHERE id = ?");
    st.bind(1, title).bind(2, t).bind(3, id).run();
    d->requireChanged("no conversation with id " + std::to_string(id));
}

void ConversationStore::setSystemPrompt(int64_t id, const std::string& systemPrompt)
{
    const int64_t t = d->nextUpdated();
    auto st = d->stmt("UPDATE conversations SET system_prompt = ?, updated = ? WHERE id = ?");
    st.bind(1, systemPrompt).bind(2, t).bind(3, id).run();
    d->requireChanged("no conversation with id " + std::to_string(id));
}

void ConversationStore::deleteConversation(int64_t id)
{
    auto st = d->stmt("DELETE FROM conversations WHERE id = ?");
    st.bind(1, id).run();
    d->requireChanged("no conversation with id " + std::to_string(id));
}

// ---------------------------------------------------------------- messages

int64_t ConversationStore::addMessage(const StoredMessage& m)
{
    if (m.role != "system" && m.role != "user" && m.role != "assistant")
        d->fail("chat message role '" + m.role + "' is not one of system, user, assistant");
    ProjectStore::Transaction t(d->store);
    d->requireConversation(m.conversationId);
    if (m.parentId != 0) {
        const StoredMessage parent = d->requireMessage(m.parentId);
        if (parent.conversationId != m.conversationId)
            d->fail("chat message " + std::to_string(m.parentId) + " belongs to conversation "
                    + std::to_string(parent.conversationId) + ", not " + std::to_string(m.conversationId));
    }
    auto st = d->stmt("INSERT INTO messages (conversation_id, parent_id, role, content, model, stats_json, created) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, m.conversationId);
    if (m.parentId != 0)
        st.bind(2, m.parentId);
    else
        st.bindNull(2);
    st.bind(3, m.role).bind(4, m.content).bind(5, m.model).bind(6, m.statsJson);
    st.bind(7, m.created != 0 ? m.created : nowMillis());
    st.run();
    const int64_t id = sqlite3_last_insert_rowid(d->store.handle());
    d->touch(m.conversationId);
    t.commit();
    return id;
}

std::optional<StoredMessage> ConversationStore::message(int64_t id)
{
    auto st = d->stmt(std::string("SELECT ") + kMessageColumns + " FROM messages WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readMessage(st);
}

void ConversationStore::updateMessage(int64_t id, const std::string& content, const std::string& statsJson)
{
    ProjectStore::Transaction t(d->store);
    const StoredMessage m = d->requireMessage(id);
    auto st = d->stmt("UPDATE messages SET content = ?, stats_json = ? WHERE id = ?");
    st.bind(1, content).bind(2, statsJson).bind(3, id).run();
    d->touch(m.conversationId);
    t.commit();
}

void ConversationStore::deleteMessage(int64_t id)
{
    ProjectStore::Transaction t(d->store);
    const StoredMessage m = d->requireMessage(id);
    auto st = d->stmt("DELETE FROM messages WHERE id = ?");   // children follow through ON DELETE CASCADE
    st.bind(1, id).run();
    d->touch(m.conversationId);
    t.commit();
}

std::vector<StoredMessage> ConversationStore::children(int64_t conversationId, int64_t parentId)
{
    std::vector<StoredMessage> out;
    // `parent_id IS ?` matches NULL (first turns) when bound to NULL.
    auto st = d->stmt(std::string("SELECT ") + kMessageColumns
                      + " FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY id");
    st.bind(1, conversationId);
    if (parentId != 0)
        st.bind(2, parentId);
    else
        st.bindNull(2);
    while (st.step())
        out.push_back(readMessage(st));
    return out;
}

std::vector<StoredMessage> ConversationStore::siblings(int64_t messageId)
{
    const StoredMessage m = d->requireMessage(messageId);
    return children(m.conversationId, m.parentId);
}

std::vector<StoredMessage> ConversationStore::branch(int64_t leafId)
{
    std::vector<StoredMessage> out;
    for (int64_t id = leafId; id != 0;) {
        out.push_back(d->requireMessage(id));
        id = out.back().parentId;
    }
    return {out.rbegin(), out.rend()};
}

int64_t ConversationStore::latestLeaf(int64_t conversationId, int64_t fromId)
{
    int64_t at = fromId;
    for (;;) {
        auto st = d->stmt("SELECT max(id) FROM messages WHERE conversation_id = ? AND parent_id IS ?");
        st.bind(1, conversationId);
        if (at != 0)
            st.bind(2, at);
        else
            st.bindNull(2);
        if (!st.step() || st.isNull(0))
            return at;
        at = st.int64(0);
    }
}

int64_t ConversationStore::messageCount(int64_t conversationId)
{
    auto st = d->stmt("SELECT count(*) FROM messages WHERE conversation_id = ?");
    st.bind(1, conversationId);
    return st.step() ? st.int64(0) : 0;
}

// ---------------------------------------------------------------- models

int64_t ConversationStore::addModel(const std::string& name, const std::string& path)
{
    if (path.empty())
        d->fail("a model needs a folder path");
    if (auto existing = modelByPath(path))
        return existing->id;
    auto st = d->stmt("INSERT INTO models (name, path, added) VALUES (?, ?, ?)");
    st.bind(1, name).bind(2, path).bind(3, nowMillis()).run();
    return sqlite3_last_insert_rowid(d->store.handle());
}

std::vector<RegisteredModel> ConversationStore::models()
{
    std::vector<RegisteredModel> out;
    auto st = d->stmt(std::string("SELECT ") + kModelColumns + " FROM models ORDER BY id");
    while (st.step())
        out.push_back(readModel(st));
    return out;
}

std::optional<RegisteredModel> ConversationStore::modelByPath(const std::string& path)
{
    auto st = d->stmt(std::string("SELECT ") + kModelColumns + " FROM models WHERE path = ?");
    st.bind(1, path);
    if (!st.step())
        return std::nullopt;
    return readModel(st);
}

void ConversationStore::setModelSampling(int64_t id, const std::string& samplingJson)
{
    auto st = d->stmt("UPDATE models SET sampling_json = ? WHERE id = ?");
    st.bind(1, samplingJson).bind(2, id).run();
    d->requireChanged("no registered model with id " + std::to_string(id));
}

void ConversationStore::removeModel(int64_t id)
{
    auto st = d->stmt("DELETE FROM models WHERE id = ?");
    st.bind(1, id).run();
    d->requireChanged("no registered model with id " + std::to_string(id));
}

// ---------------------------------------------------------------- records

Record ConversationStore::exchangeAsSft(int64_t replyId)
{
    const StoredMessage reply = d->requireReply(replyId);
    const StoredMessage user = d->requireMessage(reply.parentId);
    const auto conv = conversation(reply.conversationId);
    Record r;
    r.kind = DatasetKind::Sft;
    r.system = conv ? conv->systemPrompt : std::string();
    r.instruction = user.content;
    r.output = reply.content;
    if (!reply.model.empty())
        r.extra = nlohmann::json{{"model", reply.model}}.dump();
    return r;
}

Record ConversationStore::alternativesAsPreference(int64_t chosenId, int64_t rejectedId)
{
    if (chosenId == rejectedId)
        d->fail("chat message " + std::to_string(chosenId) + " cannot be both chosen and rejected");
    const StoredMessage chosen = d->requireReply(chosenId);
    const StoredMessage rejected = d->requireReply(rejectedId);
    const StoredMessage prompt = d->requireMessage(chosen.parentId);
    if (rejected.parentId != chosen.parentId && d->requireMessage(rejected.parentId).content != prompt.content)
        d->fail("chat messages " + std::to_string(chosenId) + " and " + std::to_string(rejectedId)
                + " answer different prompts");
    const auto conv = conversation(chosen.conversationId);
    Record r;
    r.kind = DatasetKind::Preference;
    r.system = conv ? conv->systemPrompt : std::string();
    r.prompt = prompt.content;
    r.chosen = chosen.content;
    r.rejected = rejected.content;
    // Earlier turns of the chosen branch, without the prompt itself.
    std::vector<StoredMessage> history = branch(prompt.id);
    history.pop_back();
    for (const StoredMessage& m : history)
        r.messages.push_back({m.role, m.content});
    nlohmann::json extra = nlohmann::json::object();
    if (!chosen.model.empty())
        extra["chosen_model"] = chosen.model;
    if (!rejected.model.empty())
        extra["rejected_model"] = rejected.model;
    if (!extra.empty())
        r.extra = extra.dump();
    return r;
}

int64_t saveRecordsToDataset(ProjectStore& store, int64_t datasetId, std::vector<Record> records,
                             const std::string& label)
{
    ProjectStore::Transaction t(store);
    const int64_t group = store.beginEditGroup(label);
    for (Record& r : records) {
        r.id = 0;
        r.datasetId = datasetId;
        store.insertRecord(r, group);
    }
    t.commit();
    return group;
}

} // namespace wb
