// Schema version 6: inspections of chat messages and dataset records, and
// fitted combiner weights, stored in the project file; deleting the message
// or record deletes its inspection; a project reopened reads them back.
#include "core/data/record.h"
#include "core/inspect/inspection_store.h"
#include "core/inspect/inspector.h"
#include "core/store/conversations.h"
#include "core/store/project_store.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wb;
using namespace wb::inspect;

class tst_inspect_store : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.llmwb").toStdString();
        const std::string answer = "She was born in 1905.";
        const InspectReport report = inspectAnswer({"", answer, {"She was born in 1867."}}, {});
        const std::string reportJson = toJson(report, answer).dump();
        LogisticModel m;
        m.features = {"lexical"};
        m.mean = {0.1};
        m.scale = {0.5};
        m.weights = {2.5};
        m.bias = -1.25;
        auto store = ProjectStore::create(path);
        QVERIFY(store->schemaVersion() >= 6);
        ConversationStore chats(*store);
        const int64_t conv = chats.createConversation("c");
        const int64_t userId = chats.addMessage({0, conv, 0, "user", "When?", "", "", 0});
        const int64_t messageId = chats.addMessage({0, conv, userId, "assistant", answer, "m", "", 0});
        const int64_t ds = store->createDataset("d", DatasetKind::Sft);
        Record rec;
        rec.datasetId = ds;
        rec.output = answer;
        const int64_t recordId = store->insertRecord(rec);
        rec.output = "other";
        const int64_t otherRecord = store->insertRecord(rec);

        InspectionStore s(*store);
        QVERIFY(!s.forMessage(messageId));
        s.saveForMessage(messageId, answer, report.answerRisk, reportJson, R"({"detectors":["lexical"]})");
        s.saveForRecord(recordId, answer, 0.9, reportJson);
        s.saveForRecord(otherRecord, "other", 0.2, "{}");
        s.saveForRecord(otherRecord, "other", 0.3, "{}");   // saving again replaces
        s.saveCombiner("halueval", m, {{"f1", 0.7}});
        s.saveCombiner("halueval", m, {{"f1", 0.75}});

        const auto msg = s.forMessage(messageId);
        QVERIFY(msg.has_value());
        QCOMPARE(msg->reportJson, reportJson);
        QCOMPARE(msg->answerRisk, report.answerRisk);
        QCOMPARE(msg->answerHash, InspectionStore::answerHash(answer));
        QCOMPARE(msg->settingsJson, std::string(R"({"detectors":["lexical"]})"));
        QCOMPARE(msg->messageId, messageId);
        QCOMPARE(msg->recordId, int64_t(0));
        QVERIFY(msg->created > 0);
        const auto risky = s.riskiestRecords(10);
        QCOMPARE(risky.size(), size_t(2));
        QCOMPARE(risky[0].recordId, recordId);
        QCOMPARE(risky[1].answerRisk, 0.3);
        const auto back = s.combiner("halueval");
        QVERIFY(back.has_value());
        QCOMPARE(back->weights, m.weights);
        QCOMPARE(back->bias, m.bias);
        QCOMPARE(back->scale, m.scale);
        QCOMPARE(s.combinerNames(), std::vector<std::string>{"halueval"});
        QVERIFY(!s.combiner("none"));

        // Deleting the record or the conversation takes the inspection with it.
        store->deleteRecords({recordId});
        QVERIFY(!s.forRecord(recordId));
        chats.deleteConversation(conv);
        QVERIFY(!s.forMessage(messageId));
        QCOMPARE(s.riskiestRecords(10).size(), size_t(1));
    }

    void reopenedProjectKeepsThem()
    {
        if (ProjectStore::kSchemaVersion < 6)
            QSKIP("ProjectStore::kSchemaVersion is below 6: this build cannot reopen a version-6 project yet");
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.llmwb").toStdString();
        LogisticModel m;
        m.features = {"lexical", "semantic"};
        m.mean = {0, 0};
        m.scale = {1, 1};
        m.weights = {1.5, -0.25};
        m.bias = 0.125;
        int64_t recordId = 0;
        {
            auto store = ProjectStore::create(path);
            Record rec;
            rec.datasetId = store->createDataset("d", DatasetKind::Sft);
            rec.output = "x";
            recordId = store->insertRecord(rec);
            InspectionStore(*store).saveForRecord(recordId, "x", 0.75, "{}");
            InspectionStore(*store).saveCombiner("default", m);
        }
        auto store = ProjectStore::open(path);
        InspectionStore s(*store);
        QCOMPARE(s.forRecord(recordId)->answerRisk, 0.75);
        QCOMPARE(s.combiner("default")->weights, m.weights);
    }

    void errorsNameTheProject()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.llmwb").toStdString();
        auto store = ProjectStore::create(path);
        InspectionStore s(*store);
        try {
            s.saveForMessage(12345, "a", 0.5, "{}");   // no such message: foreign key
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
        QVERIFY(!s.forMessage(12345));
        QCOMPARE(InspectionStore::answerHash(""), std::string("cbf29ce484222325"));
        QVERIFY(InspectionStore::answerHash("a") != InspectionStore::answerHash("b"));
    }
};

QTEST_APPLESS_MAIN(tst_inspect_store)
#include "tst_inspect_store.moc"
