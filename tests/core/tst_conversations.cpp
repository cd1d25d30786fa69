// ConversationStore: conversations and message trees in the project file
// (CRUD, sibling order, branches, cascade delete), registered models, replies
// turned into SFT / preference records as one undoable edit group, and a
// schema-version-2 project migrated to version 3.
#include "common/error_of.h"
#include "core/store/conversations.h"
#include "core/store/migrations.h"

#include <sqlite3.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace wb;

namespace {

int64_t count(ProjectStore& s, const char* sql)
{
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(s.handle(), sql, -1, &st, nullptr);
    const int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

std::vector<int64_t> idsOf(const std::vector<StoredMessage>& ms)
{
    std::vector<int64_t> out;
    for (const auto& m : ms)
        out.push_back(m.id);
    return out;
}

StoredMessage msg(int64_t conv, int64_t parent, const std::string& role, const std::string& content,
                  const std::string& model = {})
{
    StoredMessage m;
    m.conversationId = conv;
    m.parentId = parent;
    m.role = role;
    m.content = content;
    m.model = model;
    return m;
}

} // namespace

class tst_conversations : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    int n_ = 0;
    std::unique_ptr<ProjectStore> fresh() { return ProjectStore::create(dir_.filePath(QString("c%1.llmwb").arg(++n_)).toStdString()); }

private Q_SLOTS:
    void conversationCrud()
    {
        auto store = fresh();
        ConversationStore cs(*store);
        QVERIFY(cs.conversations().empty());
        const int64_t a = cs.createConversation("first", "You are terse.");
        const int64_t b = cs.createConversation("第二个");
        auto c = cs.conversation(a);
        QVERIFY(c);
        QCOMPARE(c->title, std::string("first"));
        QCOMPARE(c->systemPrompt, std::string("You are terse."));
        QVERIFY(c->created > 0 && c->updated >= c->created);

        cs.renameConversation(a, "renamed");
        cs.setSystemPrompt(b, "系统提示");
        QCOMPARE(cs.conversation(a)->title, std::string("renamed"));
        QCOMPARE(cs.conversation(b)->systemPrompt, std::string("系统提示"));
        QCOMPARE(cs.conversations().size(), size_t(2));

        // Most recently updated first: a message in `a` moves it to the top.
        QCOMPARE(cs.conversations().front().id, b);
        cs.addMessage(msg(a, 0, "user", "hi"));
        QCOMPARE(cs.conversations().front().id, a);
        QVERIFY(cs.conversations().front().updated > cs.conversations().back().updated);

        cs.deleteConversation(b);
        QVERIFY(!cs.conversation(b));
        QCOMPARE(cs.conversations().size(), size_t(1));

        // Unknown ids are errors naming the id, never silent.
        QVERIFY(errorOf([&] { cs.renameConversation(999, "x"); }).contains("no conversation with id 999"));
        QVERIFY(errorOf([&] { cs.deleteConversation(999); }).contains("no conversation with id 999"));
        QVERIFY(errorOf([&] { cs.setSystemPrompt(999, "x"); }).contains("999"));
    }

    void messageTreeAndSiblingOrder()
    {
        auto store = fresh();
        ConversationStore cs(*store);
        const int64_t c = cs.createConversation("tree");
        QCOMPARE(cs.latestLeaf(c), int64_t(0));
        const int64_t u1 = cs.addMessage(msg(c, 0, "user", "What is basalt?"));
        const int64_t r1 = cs.addMessage(msg(c, u1, "assistant", "A volcanic rock.", "/models/a"));
        const int64_t r2 = cs.addMessage(msg(c, u1, "assistant", "An igneous rock.", "/models/a"));   // regenerate
        const int64_t u2 = cs.addMessage(msg(c, r1, "user", "And granite?"));
        const int64_t r3 = cs.addMessage(msg(c, u2, "assistant", "Intrusive."));
        const int64_t r4 = cs.addMessage(msg(c, u1, "assistant", "Dark and fine-grained.", "/models/b"));
        const int64_t e1 = cs.addMessage(msg(c, 0, "user", "What is basalt, briefly?"));   // edit and resend

        // Siblings page in creation order, the message itself included.
        QCOMPARE(idsOf(cs.siblings(r2)), (std::vector<int64_t>{r1, r2, r4}));
        QCOMPARE(idsOf(cs.siblings(r1)), (std::vector<int64_t>{r1, r2, r4}));
        QCOMPARE(idsOf(cs.siblings(u1)), (std::vector<int64_t>{u1, e1}));
        QCOMPARE(idsOf(cs.children(c, 0)), (std::vector<int64_t>{u1, e1}));
        QCOMPARE(idsOf(cs.children(c, r1)), std::vector<int64_t>{u2});

        // A branch is root-to-leaf; the latest leaf follows the newest child.
        QCOMPARE(idsOf(cs.branch(r3)), (std::vector<int64_t>{u1, r1, u2, r3}));
        QCOMPARE(cs.latestLeaf(c), e1);
        QCOMPARE(cs.latestLeaf(c, u1), r4);
        QCOMPARE(cs.latestLeaf(c, r1), r3);
        QCOMPARE(cs.latestLeaf(c, r3), r3);

        auto m = cs.message(r4);
        QVERIFY(m);
        QCOMPARE(m->parentId, u1);
        QCOMPARE(m->role, std::string("assistant"));
        QCOMPARE(m->model, std::string("/models/b"));
        QVERIFY(m->created > 0);
        QCOMPARE(cs.message(u1)->parentId, int64_t(0));

        // A streamed reply is finished with its text and stats.
        cs.updateMessage(r4, "Dark, fine-grained, volcanic.", R"({"stop":"eos","tokens":5})");
        QCOMPARE(cs.message(r4)->content, std::string("Dark, fine-grained, volcanic."));
        QVERIFY(nlohmann::json::parse(cs.message(r4)->statsJson)["stop"] == "eos");
        QCOMPARE(cs.messageCount(c), int64_t(7));
    }

    void badMessagesAreRefused()
    {
        auto store = fresh();
        ConversationStore cs(*store);
        const int64_t a = cs.createConversation("a");
        const int64_t b = cs.createConversation("b");
        const int64_t ua = cs.addMessage(msg(a, 0, "user", "x"));
        QVERIFY(errorOf([&] { cs.addMessage(msg(b, ua, "assistant", "y")); })
                    .contains(QString("belongs to conversation %1").arg(a)));
        QVERIFY(errorOf([&] { cs.addMessage(msg(a, 0, "robot", "y")); }).contains("role 'robot'"));
        QVERIFY(errorOf([&] { cs.addMessage(msg(77, 0, "user", "y")); }).contains("no conversation with id 77"));
        QVERIFY(errorOf([&] { cs.addMessage(msg(a, 4242, "user", "y")); }).contains("no chat message with id 4242"));
        QVERIFY(errorOf([&] { cs.updateMessage(4242, "", ""); }).contains("4242"));
        QVERIFY(errorOf([&] { cs.siblings(4242); }).contains("4242"));
        QCOMPARE(cs.messageCount(a), int64_t(1));
        QCOMPARE(cs.messageCount(b), int64_t(0));
    }

    void deletesCascade()
    {
        auto store = fresh();
        ConversationStore cs(*store);
        const int64_t c = cs.createConversation("c");
        const int64_t keep = cs.createConversation("keep");
        const int64_t u = cs.addMessage(msg(c, 0, "user", "q"));
        const int64_t r = cs.addMessage(msg(c, u, "assistant", "a"));
        const int64_t u2 = cs.addMessage(msg(c, r, "user", "q2"));
        cs.addMessage(msg(c, u2, "assistant", "a2"));
        const int64_t alt = cs.addMessage(msg(c, u, "assistant", "alt"));
        const int64_t k = cs.addMessage(msg(keep, 0, "user", "kept"));

        // Deleting a message takes its subtree, not its siblings.
        cs.deleteMessage(r);
        QCOMPARE(idsOf(cs.children(c, u)), std::vector<int64_t>{alt});
        QCOMPARE(cs.messageCount(c), int64_t(2));
        QVERIFY(!cs.message(u2));

        cs.deleteConversation(c);
        QCOMPARE(count(*store, "SELECT count(*) FROM messages"), int64_t(1));
        QVERIFY(cs.message(k));
    }

    void registeredModels()
    {
        auto store = fresh();
        ConversationStore cs(*store);
        const int64_t a = cs.addModel("tiny-chat", "/m/tiny-chat");
        const int64_t b = cs.addModel("qwen", "/m/qwen");
        QCOMPARE(cs.addModel("other name", "/m/tiny-chat"), a);   // unique by path
        QCOMPARE(cs.models().size(), size_t(2));
        QCOMPARE(cs.models()[1].id, b);
        QVERIFY(cs.models()[0].samplingJson.empty());
        cs.setModelSampling(a, R"({"preset":"creative"})");
        QCOMPARE(cs.modelByPath("/m/tiny-chat")->samplingJson, std::string(R"({"preset":"creative"})"));
        QVERIFY(!cs.modelByPath("/m/none"));
        cs.removeModel(b);
        QCOMPARE(cs.models().size(), size_t(1));
        QVERIFY(errorOf([&] { cs.setModelSampling(b, "{}"); }).contains(QString("no registered model with id %1").arg(b)));
        QVERIFY(errorOf([&] { cs.addModel("x", ""); }).contains("folder path"));
    }

    void repliesBecomeRecords()
    {
        auto store = fresh();
        ConversationStore cs(*store);
        const int64_t c = cs.createConversation("geo", "Answer as a geologist.");
        const int64_t u0 = cs.addMessage(msg(c, 0, "user", "Hello"));
        const int64_t r0 = cs.addMessage(msg(c, u0, "assistant", "Hi."));
        const int64_t u = cs.addMessage(msg(c, r0, "user", "什么是玄武岩？"));
        const int64_t good = cs.addMessage(msg(c, u, "assistant", "一种火山岩。", "/m/a"));
        const int64_t bad = cs.addMessage(msg(c, u, "assistant", "不知道。", "/m/b"));

        const Record sft = cs.exchangeAsSft(good);
        QVERIFY(sft.kind == DatasetKind::Sft);
        QCOMPARE(sft.system, std::string("Answer as a geologist."));
        QCOMPARE(sft.instruction, std::string("什么是玄武岩？"));
        QCOMPARE(sft.output, std::string("一种火山岩。"));
        QVERIFY(nlohmann::json::parse(sft.extra)["model"] == "/m/a");

        const Record pref = cs.alternativesAsPreference(good, bad);
        QVERIFY(pref.kind == DatasetKind::Preference);
        QCOMPARE(pref.prompt, std::string("什么是玄武岩？"));
        QCOMPARE(pref.chosen, std::string("一种火山岩。"));
        QCOMPARE(pref.rejected, std::string("不知道。"));
        QCOMPARE(pref.system, std::string("Answer as a geologist."));
        QCOMPARE(pref.messages, (std::vector<Message>{{"user", "Hello"}, {"assistant", "Hi."}}));

        // Side-by-side replies in two branches with the same user text pair up too.
        const int64_t uOther = cs.addMessage(msg(c, bad, "user", "Why?"));
        const int64_t rOther = cs.addMessage(msg(c, uOther, "assistant", "Because."));
        const int64_t uSame = cs.addMessage(msg(c, good, "user", "Why?"));
        const int64_t rSame = cs.addMessage(msg(c, uSame, "assistant", "Cooled lava."));
        QCOMPARE(cs.alternativesAsPreference(rSame, rOther).rejected, std::string("Because."));

        QVERIFY(errorOf([&] { cs.exchangeAsSft(u); }).contains("user turn, not an assistant reply"));
        QVERIFY(errorOf([&] { cs.alternativesAsPreference(good, good); }).contains("both chosen and rejected"));
        QVERIFY(errorOf([&] { cs.alternativesAsPreference(good, r0); }).contains("answer different prompts"));

        // Saved as one edit group: one undo removes both records.
        const int64_t sftSet = store->createDataset("chat-sft", DatasetKind::Sft);
        const int64_t prefSet = store->createDataset("chat-pref", DatasetKind::Preference);
        saveRecordsToDataset(*store, sftSet, {sft, cs.exchangeAsSft(rSame)}, "Save chat replies");
        QCOMPARE(store->dataset(sftSet)->recordCount, int64_t(2));
        const int64_t prefGroup = saveRecordsToDataset(*store, prefSet, {pref}, "Save preference pair");
        QVERIFY(prefGroup > 0);
        RecordQuery q;
        q.datasetId = prefSet;
        const auto saved = store->fetch(q, 0, 10);
        QCOMPARE(saved.size(), size_t(1));
        QVERIFY(saved[0].sameContent(pref));
        QCOMPARE(store->undo()->label, std::string("Save preference pair"));
        QCOMPARE(store->dataset(prefSet)->recordCount, int64_t(0));
        QCOMPARE(store->undo()->label, std::string("Save chat replies"));
        QCOMPARE(store->dataset(sftSet)->recordCount, int64_t(0));
        QVERIFY(store->redo());
        QCOMPARE(store->dataset(sftSet)->recordCount, int64_t(2));

        // A kind mismatch writes nothing (one transaction).
        const QString err = errorOf([&] { saveRecordsToDataset(*store, prefSet, {pref, sft}, "mixed"); });
        QVERIFY2(err.contains("cannot go into dataset"), qPrintable(err));
        QCOMPARE(store->dataset(prefSet)->recordCount, int64_t(0));
    }

    void migratesFromVersion2()
    {
        // A project as schema version 2 wrote it: the v1 fixture plus step 2 only.
        const QString p = dir_.filePath("v2.llmwb");
        {
            QFile f(qEnvironmentVariable("WB_TEST_DATA", WB_SOURCE_DIR "/tests/data") + "/projects/schema_v1.sql");
            QVERIFY(f.open(QIODevice::ReadOnly));
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(p.toUtf8().constData(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, f.readAll().constData(), nullptr, nullptr, nullptr), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, store::migrations().at(1), nullptr, nullptr, nullptr), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 2", nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(db);
        }
        auto store = ProjectStore::open(p.toStdString());
        QCOMPARE(store->schemaVersion(), ProjectStore::kSchemaVersion);
        QCOMPARE(store->datasets().size(), size_t(2));   // old data untouched
        QCOMPARE(store->record(2)->instruction, std::string("什么是岩石圈层？"));
        ConversationStore cs(*store);
        QVERIFY(cs.conversations().empty());
        const int64_t c = cs.createConversation("after migration");
        const int64_t u = cs.addMessage(msg(c, 0, "user", "q"));
        cs.addMessage(msg(c, u, "assistant", "a"));
        cs.addModel("m", "/m");
        // Foreign keys are enforced on the migrated file as on a new one.
        QVERIFY(sqlite3_exec(store->handle(), "INSERT INTO messages (conversation_id, role, created) VALUES (999, 'user', 0)",
                             nullptr, nullptr, nullptr) != SQLITE_OK);
        QVERIFY(sqlite3_exec(store->handle(), "INSERT INTO messages (conversation_id, role, created) VALUES (1, 'robot', 0)",
                             nullptr, nullptr, nullptr) != SQLITE_OK);
        store.reset();
        store = ProjectStore::open(p.toStdString());
        ConversationStore again(*store);
        QCOMPARE(again.messageCount(c), int64_t(2));
        QCOMPARE(again.models().size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(tst_conversations)
#include "tst_conversations.moc"
