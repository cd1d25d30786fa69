// Full-text search: CJK segmentation, safe MATCH expressions, and search
// through the project store (English, Chinese words, mixed queries).
#include "core/store/project_store.h"
#include "core/text/cjk_segment.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wb;

class tst_fts : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::unique_ptr<ProjectStore> store_;
    int64_t ds_ = 0;
    std::map<std::string, int64_t> ids_;

    std::vector<int64_t> search(const std::string& text)
    {
        RecordQuery q;
        q.datasetId = ds_;
        q.text = text;
        return store_->ids(q);
    }
    std::vector<int64_t> idsOf(std::initializer_list<const char*> keys)
    {
        std::vector<int64_t> out;
        for (auto k : keys)
            out.push_back(ids_.at(k));
        std::sort(out.begin(), out.end());
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        store_ = ProjectStore::create(dir_.filePath("fts.llmwb").toStdString());
        ds_ = store_->createDataset("mixed", DatasetKind::Sft);
        const std::vector<std::pair<const char*, Record>> rows = {
            {"basalt", [] { Record r; r.instruction = "What is basalt?"; r.output = "A volcanic rock rich in iron."; return r; }()},
            {"granite", [] { Record r; r.instruction = "Describe granite"; r.output = "Granite is an intrusive igneous rock."; return r; }()},
            {"geology", [] { Record r; r.instruction = "地质学是什么？"; r.output = "地质学研究地球的物质、结构和历史。"; return r; }()},
            {"litho", [] { Record r; r.instruction = "解释岩石圈层的概念"; r.output = "岩石圈层包括地壳和上地幔顶部。"; return r; }()},
            {"mixed", [] { Record r; r.instruction = "GPS 测量 shows plate motion"; r.output = "板块运动 about 5 cm/year, 地质 time."; return r; }()},
            {"japanese", [] { Record r; r.instruction = "火山とは何ですか"; r.output = "マグマが地表に出る場所です。"; return r; }()},
            {"quotes", [] { Record r; r.instruction = "He said \"rock (solid)\" AND NOT liquid*"; r.output = "ok"; return r; }()},
        };
        std::vector<Record> rs;
        for (auto& [key, r] : rows) {
            Record c = r;
            c.datasetId = ds_;
            rs.push_back(c);
        }
        ProjectStore::Transaction t(*store_);
        store_->insertRecords(rs);
        t.commit();
        for (size_t i = 0; i < rows.size(); ++i)
            ids_[rows[i].first] = rs[i].id;
    }

    void segmentation_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ascii unchanged") << "plain text, 42!" << "plain text, 42!";
        QTest::newRow("han") << "地质学" << "地 质 学 ";
        QTest::newRow("mixed") << "GPS测量ok" << "GPS 测 量 ok";
        QTest::newRow("kana") << "マグマ" << "マ グ マ ";
        QTest::newRow("hangul") << "한국어" << "한 국 어 ";
        QTest::newRow("fullwidth") << "ＡＢ，" << "Ａ Ｂ ， ";
        QTest::newRow("latin accents stay") << "café naïve" << "café naïve";
        QTest::newRow("emoji stays") << "rock🪨x" << "rock🪨x";
        QTest::newRow("ext-b ideograph") << "a𠀀b" << "a 𠀀 b";
    }
    void segmentation()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(segmentForIndex(input.toStdString())), expected);
    }

    void invalidUtf8IsCopied()
    {
        const std::string bad = "a\xff\xfe" "b\xe5\x9c";   // stray bytes and a truncated 地
        QCOMPARE(segmentForIndex(bad), bad);
        QVERIFY(!ftsQuery(bad).empty());
    }

    void queryExpressions_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << "" << "";
        QTest::newRow("spaces") << "  \t " << "";
        QTest::newRow("one word, prefix") << "basalt" << "\"basalt\" *";
        QTest::newRow("trailing space, no prefix") << "basalt " << "\"basalt\"";
        QTest::newRow("two words") << "volcanic rock" << "\"volcanic\" \"rock\" *";
        QTest::newRow("chinese") << "地质学" << "\"地 质 学 \"";
        QTest::newRow("mixed term") << "GPS测量" << "\"GPS 测 量 \"";
        QTest::newRow("quote escaped") << "say\"hi" << "\"say\"\"hi\" *";
        QTest::newRow("operators are words") << "a AND b" << "\"a\" \"AND\" \"b\" *";
        QTest::newRow("punctuation only dropped") << "( ) * \" -" << "";
        QTest::newRow("ideographic space splits") << "地质\u3000岩石" << "\"地 质 \" \"岩 石 \"";
    }
    void queryExpressions()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(ftsQuery(input.toStdString())), expected);
    }

    void search_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("english word") << "volcanic" << QStringList{"basalt"};
        QTest::newRow("english, case-insensitive") << "GRANITE" << QStringList{"granite"};
        QTest::newRow("english prefix of last term") << "igne" << QStringList{"granite"};
        QTest::newRow("two english words ANDed") << "rock iron" << QStringList{"basalt"};
        QTest::newRow("rock in three") << "rock " << QStringList{"basalt", "granite", "quotes"};
        QTest::newRow("chinese 2 chars") << "地质" << QStringList{"geology", "mixed"};
        QTest::newRow("chinese 3 chars") << "地质学" << QStringList{"geology"};
        QTest::newRow("chinese 4 chars") << "岩石圈层" << QStringList{"litho"};
        QTest::newRow("chinese inside a sentence") << "地壳" << QStringList{"litho"};
        QTest::newRow("chinese word order matters") << "质地" << QStringList{};
        QTest::newRow("mixed query") << "plate 板块" << QStringList{"mixed"};
        QTest::newRow("mixed term no space") << "GPS测量" << QStringList{"mixed"};
        QTest::newRow("japanese kana") << "マグマ" << QStringList{"japanese"};
        QTest::newRow("quoted phrase chars") << "\"rock (solid)\"" << QStringList{"quotes"};
        QTest::newRow("absent word") << "obsidian" << QStringList{};
    }
    void search()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        std::vector<int64_t> want;
        for (const auto& k : expected)
            want.push_back(ids_.at(k.toStdString()));
        std::sort(want.begin(), want.end());
        QCOMPARE(search(query.toStdString()), want);
        RecordQuery q;
        q.datasetId = ds_;
        q.text = query.toStdString();
        QCOMPARE(store_->count(q), int64_t(want.size()));
    }

    void specialInputNeverThrows_data()
    {
        QTest::addColumn<QString>("query");
        for (const char* s : {"\"", "\"\"", "\"unbalanced", "(", ")", "(rock", "rock)", "AND", "OR", "NOT", "rock AND",
                              "OR rock", "NOT NOT", "*", "rock*", "*rock", "^rock", "body:rock", "rock:", "NEAR(a b)",
                              "a + b", "-rock", "{body}: x", "'", "''", "\\", "%", "_", ";", "--", "地质\"", "“地质”",
                              "rock\tgranite", "🙂", "🙂rock", "\u3000", "a\"b\"c"})
            QTest::newRow(s) << QString::fromUtf8(s);
    }
    void specialInputNeverThrows()
    {
        QFETCH(QString, query);
        try {
            search(query.toStdString());
            RecordQuery q;
            q.datasetId = ds_;
            q.text = query.toStdString();
            store_->count(q);
            store_->fetch(q, 0, 10);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

    void nulByteInQuery()
    {
        std::string q = "basalt";
        q += '\0';
        q += "x";
        QVERIFY_THROWS_NO_EXCEPTION(search(q));
    }

    void indexFollowsUpdatesAndDeletes()
    {
        Record r = *store_->record(ids_.at("basalt"));
        r.output = "Dark extrusive rock called 玄武岩.";
        store_->updateRecord(r);
        QCOMPARE(search("volcanic"), std::vector<int64_t>{});
        QCOMPARE(search("玄武"), std::vector<int64_t>{r.id});
        store_->undo();
        QCOMPARE(search("volcanic"), std::vector<int64_t>{r.id});
        QCOMPARE(search("玄武"), std::vector<int64_t>{});
        store_->deleteRecords({r.id});
        QCOMPARE(search("volcanic"), std::vector<int64_t>{});
        store_->undo();
        QCOMPARE(search("volcanic"), std::vector<int64_t>{r.id});
    }

    void messagesAreIndexed()
    {
        const int64_t chat = store_->createDataset("chat", DatasetKind::Chat);
        Record r;
        r.kind = DatasetKind::Chat;
        r.datasetId = chat;
        r.messages = {{"user", "哪里有沉积岩？"}, {"assistant", "Sedimentary rocks form in basins."}};
        const int64_t id = store_->insertRecord(r);
        RecordQuery q;
        q.datasetId = chat;
        q.text = "沉积岩";
        QCOMPARE(store_->ids(q), std::vector<int64_t>{id});
        q.text = "basins";
        QCOMPARE(store_->ids(q), std::vector<int64_t>{id});
        q.datasetId = ds_;   // the filter is per dataset
        QCOMPARE(store_->ids(q), std::vector<int64_t>{});
    }
};

QTEST_GUILESS_MAIN(tst_fts)
#include "tst_fts.moc"
