// Formats: detection, every shape, exact error positions, CSV quoting, text
// files, chunk boundaries, export round trips and the real shared datasets.
#include "core/formats/formats.h"
#include "core/formats/reader.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

using namespace wb;
using namespace wb::formats;

Q_DECLARE_METATYPE(wb::formats::Format)
Q_DECLARE_METATYPE(wb::DatasetKind)

// wb::toString(enum) is found by ADL inside QCOMPARE and returns string_view,
// so enums are compared as ints.
#define QCOMPARE_E(a, b) QCOMPARE(int(a), int(b))

namespace {

struct Result {
    std::vector<Record> records;
    std::vector<ImportError> errors;
    ReadStats stats;
};

Result readAll(std::string_view bytes, const std::string& name, const ImportOptions& opt = {},
               size_t chunk = ChunkedInput::kDefaultChunk)
{
    Result r;
    r.stats = readBytesChunked(bytes, name, opt, [&](Record&& rec) { r.records.push_back(std::move(rec)); return true; },
                               [&](ImportError&& e) { r.errors.push_back(std::move(e)); }, chunk);
    return r;
}

Result readPath(const std::string& path, const ImportOptions& opt = {})
{
    Result r;
    r.stats = readFile(path, opt, [&](Record&& rec) { r.records.push_back(std::move(rec)); return true; },
                       [&](ImportError&& e) { r.errors.push_back(std::move(e)); });
    return r;
}

std::string dataPath(const char* name)
{
    return qEnvironmentVariable("WB_TEST_DATA").toStdString() + "/formats/" + name;
}

std::string slurp(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string errorsText(const Result& r)
{
    std::string s;
    for (const auto& e : r.errors)
        s += e.reason + "\n";
    return s;
}

} // namespace

class tst_formats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void names();
    void detectFiles_data();
    void detectFiles();
    void shapes();
    void errorPositions_data();
    void errorPositions();
    void bomAndCrlf();
    void emptyFile_data();
    void emptyFile();
    void arrayResync();
    void oneLineArrayResync();
    void trailingGarbage();
    void wrongShapes_data();
    void wrongShapes();
    void csvQuoting();
    void csvMapping();
    void textParagraphs();
    void chunkBoundaries_data();
    void chunkBoundaries();
    void roundTrip_data();
    void roundTrip();
    void writerErrors();
    void metadataRoundTrip();
    void parseOneAndPreview();
    void sharedDatasets_data();
    void sharedDatasets();
};

void tst_formats::names()
{
    for (Format f : {Format::Auto, Format::Alpaca, Format::Dolly, Format::ShareGpt, Format::OpenAiMessages,
                     Format::Preference, Format::Text, Format::Csv})
        QCOMPARE_E(formatFromString(toString(f)), f);
    QCOMPARE(toString(Format::OpenAiMessages), std::string_view("openai"));
    QVERIFY_THROWS_EXCEPTION(Error, formatFromString("yaml"));
    QCOMPARE_E(kindOf(Format::ShareGpt, true), DatasetKind::Preference);
    QCOMPARE_E(kindOf(Format::ShareGpt), DatasetKind::Chat);
}

void tst_formats::detectFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Format>("format");
    QTest::addColumn<DatasetKind>("kind");
    QTest::addColumn<int>("records");
    QTest::addColumn<QString>("reasonPart");
    QTest::newRow("alpaca array") << "alpaca.json" << Format::Alpaca << DatasetKind::Sft << 3 << "JSON array";
    QTest::newRow("alpaca lines") << "alpaca.jsonl" << Format::Alpaca << DatasetKind::Sft << 2 << "'instruction' and 'output'";
    QTest::newRow("dolly") << "dolly.jsonl" << Format::Dolly << DatasetKind::Sft << 2 << "Dolly";
    QTest::newRow("sharegpt") << "sharegpt.jsonl" << Format::ShareGpt << DatasetKind::Chat << 2 << "ShareGPT";
    QTest::newRow("sharegpt pref") << "sharegpt_pref.json" << Format::ShareGpt << DatasetKind::Preference << 2 << "preference";
    QTest::newRow("sharegpt pref str") << "sharegpt_pref_str.jsonl" << Format::ShareGpt << DatasetKind::Preference << 1 << "chosen";
    QTest::newRow("openai") << "openai.jsonl" << Format::OpenAiMessages << DatasetKind::Chat << 2 << "OpenAI";
    QTest::newRow("preference") << "preference.jsonl" << Format::Preference << DatasetKind::Preference << 2 << "'prompt'";
    QTest::newRow("preference qr") << "preference_qr.jsonl" << Format::Preference << DatasetKind::Preference << 1 << "'question'";
    QTest::newRow("text lines") << "text.jsonl" << Format::Text << DatasetKind::Text << 2 << "'text'";
    QTest::newRow("txt") << "doc.txt" << Format::Text << DatasetKind::Text << 1 << "plain text";
    QTest::newRow("csv") << "data.csv" << Format::Csv << DatasetKind::Sft << 3 << ".csv";
    QTest::newRow("csv pref") << "pref.csv" << Format::Csv << DatasetKind::Preference << 1 << "preference";
}

void tst_formats::detectFiles()
{
    QFETCH(QString, file);
    QFETCH(Format, format);
    QFETCH(DatasetKind, kind);
    QFETCH(int, records);
    QFETCH(QString, reasonPart);
    std::string path = dataPath(file.toUtf8().constData());
    Detection d = detect(path);
    QCOMPARE_E(d.format, format);
    QCOMPARE_E(d.kind, kind);
    QVERIFY2(QString::fromStdString(d.reason).contains(reasonPart), d.reason.c_str());
    Result r = readPath(path);
    QVERIFY2(r.errors.empty(), errorsText(r).c_str());
    QCOMPARE(int(r.records.size()), records);
    QCOMPARE_E(r.stats.format, format);
    QCOMPARE_E(r.stats.kind, kind);
    for (const auto& rec : r.records) {
        QCOMPARE_E(rec.kind, kind);
        QCOMPARE(rec.sourceFile, path);
        QVERIFY(rec.sourceLine >= 1);
    }
    // The same bytes detect the same way.
    QCOMPARE_E(detectBytes(slurp(path), file.toStdString()).format, format);
}

void tst_formats::shapes()
{
    Result a = readPath(dataPath("alpaca.json"));
    QCOMPARE(a.records.size(), size_t(3));
    QCOMPARE(a.records[0].instruction, std::string("Translate to French"));
    QCOMPARE(a.records[0].sourceLine, int64_t(2));
    QCOMPARE(a.records[1].system, std::string("你是老师"));
    QCOMPARE(a.records[1].category, std::string("biology"));
    QCOMPARE(a.records[1].sourceLine, int64_t(7));
    QCOMPARE(a.records[2].extra, std::string(R"({"history":[["q1","a1"]],"score":1.5})"));
    QVERIFY(a.records[2].instruction.find("😀🇨🇳") != std::string::npos);
    QVERIFY(a.records[2].instruction.find('\x01') != std::string::npos);

    Result d = readPath(dataPath("dolly.jsonl"));
    QCOMPARE(d.records[1].input, std::string("Long text\nwith lines"));
    QCOMPARE(d.records[1].output, std::string("Short."));
    QCOMPARE(d.records[1].category, std::string("summarization"));
    QCOMPARE(d.records[1].sourceLine, int64_t(2));

    Result s = readPath(dataPath("sharegpt.jsonl"));
    const Record& chat = s.records[1];
    QCOMPARE(chat.system, std::string("top system"));
    QCOMPARE(chat.messages.size(), size_t(5));
    QCOMPARE(chat.messages[0], (Message{"system", "Be brief."}));
    QCOMPARE(chat.messages[1], (Message{"user", "2+2?"}));
    QCOMPARE(chat.messages[2], (Message{"assistant", "4"}));
    QCOMPARE(chat.extra, std::string(R"({"source":"demo"})"));

    Result p = readPath(dataPath("sharegpt_pref.json"));
    const Record& pref = p.records[1];
    QCOMPARE_E(pref.kind, DatasetKind::Preference);
    QCOMPARE(pref.prompt, std::string("Tell a joke"));
    QCOMPARE(pref.messages.size(), size_t(2));
    QCOMPARE(pref.messages[1], (Message{"assistant", "Hello"}));
    QCOMPARE(pref.chosen, std::string("Why did..."));
    QCOMPARE(pref.rejected, std::string("I can't."));

    Result ps = readPath(dataPath("sharegpt_pref_str.jsonl"));
    QCOMPARE(ps.records[0].prompt, std::string("头疼怎么办？"));
    QCOMPARE(ps.records[0].messages, (std::vector<Message>{{"system", "医生"}}));
    QCOMPARE(ps.records[0].chosen, std::string("多休息，必要时就医。"));

    Result o = readPath(dataPath("openai.jsonl"));
    QCOMPARE(o.records[1].messages[0].content, std::string("Quote: \"x\""));
    QCOMPARE(o.records[1].extra, std::string(R"({"meta":{"a":[1,2,{"b":null}]}})"));

    Result q = readPath(dataPath("preference_qr.jsonl"));
    QCOMPARE(q.records[0].prompt, std::string("肛门病变可能是什么疾病的症状?"));
    QCOMPARE(q.records[0].chosen, std::string("食管克罗恩病"));
    QCOMPARE(q.records[0].rejected, std::string("不清楚"));

    Result t = readPath(dataPath("text.jsonl"));
    QCOMPARE(t.records[1].extra, std::string(R"({"url":"http://example.com"})"));

    Result txt = readPath(dataPath("doc.txt"));
    QCOMPARE(txt.records[0].text, slurp(dataPath("doc.txt")));

    // Escapes: surrogate pairs, \u0000..., \/ all decode.
    Result e = readAll(R"({"text":"\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\\u4e2d"})", "e.jsonl");
    QVERIFY2(e.errors.empty(), errorsText(e).c_str());
    QCOMPARE(e.records[0].text, std::string("é😀/\b\f\n\r\t\"\\中"));
}

void tst_formats::errorPositions_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("good");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("reason");
    QByteArray ok = R"({"instruction":"a","output":"b"})" "\n";
    QTest::newRow("invalid utf8") << ok + QByteArray("{\"instruction\":\"x\xff\",\"output\":\"y\"}\n") << "a.jsonl" << 1
                                  << 2 << 18 << "line 2, column 18: invalid UTF-8 byte 0xFF";
    QTest::newRow("truncated utf8") << ok + QByteArray("{\"instruction\":\"\xe4\xb8\",\"output\":\"y\"}\n") << "a.jsonl"
                                    << 1 << 2 << 17 << "invalid UTF-8 byte 0xE4";
    QTest::newRow("bad escape") << ok + QByteArray(R"({"instruction":"a\q","output":"b"})") << "a.jsonl" << 1 << 2 << 18
                                << "line 2, column 18: bad escape '\\q' in string";
    QTest::newRow("lone high surrogate") << QByteArray(R"({"instruction":"\ud800x","output":"b"})") << "a.jsonl" << 0 << 1
                                         << 17 << "line 1, column 17: lone surrogate \\uD800";
    QTest::newRow("lone low surrogate") << QByteArray(R"({"instruction":"ok \udc00","output":"b"})") << "a.jsonl" << 0
                                        << 1 << 20 << "lone surrogate \\uDC00";
    QTest::newRow("duplicate key") << QByteArray(R"({"instruction":"a","output":"b","output":"c"})") << "a.jsonl" << 0
                                   << 1 << 33 << "line 1, column 33: duplicate key 'output'";
    QTest::newRow("wrong type") << ok + ok + QByteArray(R"({"instruction":"a","output":3})") << "a.jsonl" << 2 << 3 << 29
                                << "line 3, column 29: field 'output' must be a string, got number";
    QTest::newRow("conversations not array") << QByteArray(R"({"conversations":{"from":"human"}})") << "c.jsonl" << 0
                                             << 1 << 18 << "field 'conversations' must be an array, got object";
    QTest::newRow("missing field") << QByteArray("  {\"instruction\":\"a\"}") << "a.jsonl" << 0 << 1 << 3
                                   << "line 1, column 3: missing required field 'output'";
    QTest::newRow("missing field in array") << QByteArray("[\n  {\"instruction\":\"a\",\"output\":\"b\"},\n    {\"instruction\":\"a\"}\n]")
                                            << "a.json" << 1 << 3 << 5 << "missing required field 'output'";
    QTest::newRow("truncated array") << QByteArray("[\n  {\"instruction\":\"a\",\"output\":\"b\"},\n  {\"instruction\":\"c\",")
                                     << "a.json" << 1 << 3 << 22 << "line 3, column 22: unexpected end of file";
    QTest::newRow("unterminated array") << QByteArray("[\n  {\"instruction\":\"a\",\"output\":\"b\"}\n") << "a.json" << 1
                                        << 3 << 1 << "not terminated";
    QTest::newRow("trailing comma object") << QByteArray(R"({"instruction":"a","output":"b",})") << "a.jsonl" << 0 << 1
                                           << 32 << "line 1, column 32: trailing comma in object";
    QTest::newRow("trailing comma array") << QByteArray("[{\"instruction\":\"a\",\"output\":\"b\"},\n]") << "a.json" << 1
                                          << 1 << 34 << "line 1, column 34: trailing comma before ']'";
    QTest::newRow("unescaped control") << QByteArray("{\"instruction\":\"a\tb\",\"output\":\"b\"}") << "a.jsonl" << 0 << 1
                                       << 18 << "control character 0x09";
    QTest::newRow("not an object") << QByteArray("{\"instruction\":\"a\",\"output\":\"b\"}\n[1,2]\n") << "a.jsonl" << 1
                                   << 2 << 1 << "record must be a JSON object, got array";
    QTest::newRow("trailing in line") << QByteArray("{\"instruction\":\"a\",\"output\":\"b\"} x\n") << "a.jsonl" << 0 << 1
                                      << 34 << "trailing characters after the record";
    QTest::newRow("bad number") << QByteArray("{\"instruction\":\"a\",\"output\":\"b\",\"n\":01}\n") << "a.jsonl" << 0
                                << 1 << 38 << "expected ',' or '}'";
    QTest::newRow("unknown role") << QByteArray(R"({"conversations":[{"from":"bot","value":"x"}]})") << "c.jsonl" << 0
                                  << 1 << 27 << "field 'conversations[0].from' has unknown role 'bot'";
}

void tst_formats::errorPositions()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, name);
    QFETCH(int, good);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, reason);
    ImportOptions opt;
    opt.format = name.startsWith("c.") ? Format::ShareGpt : Format::Alpaca;
    for (size_t chunk : {size_t(1), size_t(5), ChunkedInput::kDefaultChunk}) {
        Result r = readAll(std::string_view(bytes.constData(), size_t(bytes.size())), name.toStdString(), opt, chunk);
        QCOMPARE(int(r.records.size()), good);
        QVERIFY2(!r.errors.empty(), "expected an error");
        const ImportError& e = r.errors.front();
        QCOMPARE(e.file, name.toStdString());
        QCOMPARE(e.line, int64_t(line));
        QCOMPARE(e.column, int64_t(column));
        QVERIFY2(QString::fromStdString(e.reason).contains(reason), e.reason.c_str());
        QCOMPARE(r.stats.errors, int64_t(r.errors.size()));
    }
}

void tst_formats::bomAndCrlf()
{
    std::string bytes = "\xEF\xBB\xBF{\"instruction\":\"a\",\"output\":\"b\"}\r\n\r\n"
                        "{\"instruction\":\"c\",\"output\":\"d\r\"}\r\n{\"instruction\":3,\"output\":\"x\"}\r\n";
    Result r = readAll(bytes, "bom.jsonl");
    // A raw CR inside a string is a control character: an error, not data.
    QCOMPARE(r.records.size(), size_t(1));
    QCOMPARE(r.records[0].sourceLine, int64_t(1));
    QCOMPARE(r.errors.size(), size_t(2));
    QCOMPARE(r.errors[0].line, int64_t(3));
    QCOMPARE(r.errors[0].column, int64_t(31));
    QCOMPARE(r.errors[1].line, int64_t(4));
    QCOMPARE(r.errors[1].column, int64_t(16));

    std::string arr = "\xEF\xBB\xBF[\r\n  {\"instruction\":\"a\",\"output\":\"b\"},\r\n  {\"instruction\":\"c\",\"output\":\"d\"}\r\n]\r\n";
    Result a = readAll(arr, "bom.json");
    QVERIFY2(a.errors.empty(), errorsText(a).c_str());
    QCOMPARE(a.records.size(), size_t(2));
    QCOMPARE(a.records[1].sourceLine, int64_t(3));
    QCOMPARE(a.records[1].output, std::string("d"));
    // BOM bytes are not counted in columns.
    Result bad = readAll("\xEF\xBB\xBF{\"instruction\":1,\"output\":\"b\"}", "b.jsonl");
    QCOMPARE(bad.errors.at(0).column, int64_t(16));
}

void tst_formats::emptyFile_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("name");
    QTest::newRow("json empty") << QByteArray() << "e.json";
    QTest::newRow("jsonl spaces") << QByteArray(" \n\r\n \t") << "e.jsonl";
    QTest::newRow("bom only") << QByteArray("\xEF\xBB\xBF") << "e.json";
    QTest::newRow("txt") << QByteArray("\n\n") << "e.txt";
    QTest::newRow("csv") << QByteArray() << "e.csv";
}

void tst_formats::emptyFile()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, name);
    ImportOptions opt;
    opt.format = name.endsWith(".csv") ? Format::Csv : name.endsWith(".txt") ? Format::Text : Format::Alpaca;
    try {
        readAll(std::string_view(bytes.constData(), size_t(bytes.size())), name.toStdString(), opt);
        QFAIL("no error for an empty file");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("file is empty"), e.what());
        QVERIFY2(QString(e.what()).contains(name), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, detectBytes(std::string_view(bytes.constData(), size_t(bytes.size())), name.toStdString()));
    // An empty JSON array is not an empty file: zero records, no error.
    ImportOptions alpaca;
    alpaca.format = Format::Alpaca;
    Result r = readAll("[ ]", "a.json", alpaca);
    QVERIFY(r.records.empty() && r.errors.empty());
}

void tst_formats::arrayResync()
{
    std::string bytes = "[\n"
                        "  {\"instruction\": \"one\", \"output\": \"1\"},\n"
                        "  {\"instruction\": \"unterminated, \"output\": \"2\"\n"
                        "  },\n"
                        "  {\"instruction\": \"three\", \"output\": \"3\"},\n"
                        "  {\"instruction\": \"four\", \"output\": [}\n"
                        "  ,\n"
                        "  {\"instruction\": \"five\", \"output\": \"5\"}\n"
                        "]\n";
    for (size_t chunk : {size_t(3), ChunkedInput::kDefaultChunk}) {
        Result r = readAll(bytes, "r.json", {}, chunk);
        QCOMPARE(r.records.size(), size_t(3));
        QCOMPARE(r.records[0].instruction, std::string("one"));
        QCOMPARE(r.records[1].instruction, std::string("three"));
        QCOMPARE(r.records[1].sourceLine, int64_t(5));
        QCOMPARE(r.records[2].instruction, std::string("five"));
        QCOMPARE(r.records[2].sourceLine, int64_t(8));
        QCOMPARE(r.errors.size(), size_t(2));
        QVERIFY(r.errors[0].raw.find("unterminated") != std::string::npos);
        QCOMPARE(r.errors[1].line, int64_t(6));
        QCOMPARE(r.errors[1].column, int64_t(38));
        QVERIFY2(QString::fromStdString(r.errors[1].reason).contains("mismatched '}'"), r.errors[1].reason.c_str());
    }
}

void tst_formats::oneLineArrayResync()
{
    std::string bytes = R"([{"instruction":"a","output":"1"},{"instruction":"b","output":[1}, {"instruction":"c","output":"3"}])";
    Result r = readAll(bytes, "r.json");
    QCOMPARE(r.records.size(), size_t(2));
    QCOMPARE(r.records[1].instruction, std::string("c"));
    QCOMPARE(r.errors.size(), size_t(1));
    QCOMPARE(r.errors[0].column, int64_t(65));
}

void tst_formats::trailingGarbage()
{
    Result r = readAll("[{\"text\":\"a\"}]\nxyz", "g.json");
    QCOMPARE(r.records.size(), size_t(1));
    QCOMPARE(r.errors.size(), size_t(1));
    QCOMPARE(r.errors[0].line, int64_t(2));
    QCOMPARE(r.errors[0].column, int64_t(1));
    QCOMPARE(r.errors[0].raw, std::string("xyz"));
    QVERIFY_THROWS_EXCEPTION(Error, readAll("hello", "g.json"));
}

void tst_formats::wrongShapes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Format>("format");
    QTest::addColumn<QString>("reason");
    QTest::newRow("pref ends with gpt") << QByteArray(R"({"conversations":[{"from":"human","value":"q"},{"from":"gpt","value":"a"}],"chosen":"x","rejected":"y"})")
                                        << Format::ShareGpt << "must end with a human turn";
    QTest::newRow("chosen only") << QByteArray(R"({"conversations":[{"from":"human","value":"q"}],"chosen":"x"})")
                                 << Format::ShareGpt << "missing required field 'rejected'";
    QTest::newRow("message extra key") << QByteArray(R"({"messages":[{"role":"user","content":"x","name":"n"}]})")
                                       << Format::OpenAiMessages << "unsupported key 'name'";
    QTest::newRow("content not string") << QByteArray(R"({"messages":[{"role":"user","content":[{"type":"text"}]}]})")
                                        << Format::OpenAiMessages << "field 'messages[0].content' must be a string, got array";
    QTest::newRow("empty conversations") << QByteArray(R"({"conversations":[]})") << Format::ShareGpt << "is empty";
    QTest::newRow("text null") << QByteArray(R"({"text":null})") << Format::Text << "field 'text' must be a string, got null";
    QTest::newRow("prompt and question") << QByteArray(R"({"prompt":"a","question":"b","chosen":"c","rejected":"d"})")
                                         << Format::Preference << "field 'question' duplicates";
    QTest::newRow("chosen from human") << QByteArray(R"({"conversations":[{"from":"human","value":"q"}],"chosen":{"from":"human","value":"x"},"rejected":"y"})")
                                       << Format::ShareGpt << "field 'chosen.from' must be 'gpt' or 'assistant'";
}

void tst_formats::wrongShapes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Format, format);
    QFETCH(QString, reason);
    ImportOptions opt;
    opt.format = format;
    Result r = readAll(bytes.toStdString(), "w.jsonl", opt);
    QCOMPARE(r.records.size(), size_t(0));
    QCOMPARE(r.errors.size(), size_t(1));
    QVERIFY2(QString::fromStdString(r.errors[0].reason).contains(reason), r.errors[0].reason.c_str());
    QCOMPARE(r.errors[0].raw, bytes.toStdString());
}

void tst_formats::csvQuoting()
{
    Result r = readPath(dataPath("data.csv"));
    QVERIFY2(r.errors.empty(), errorsText(r).c_str());
    QCOMPARE(r.records.size(), size_t(3));
    QCOMPARE(r.records[0].instruction, std::string("Say hi"));
    QCOMPARE(r.records[0].input, std::string());
    QCOMPARE(r.records[0].output, std::string("Hello, world"));
    QCOMPARE(r.records[0].extra, std::string(R"({"source":"web"})"));
    QCOMPARE(r.records[0].sourceLine, int64_t(2));
    QCOMPARE(r.records[1].instruction, std::string("Multi\r\nline \"quoted\""));
    QCOMPARE(r.records[1].output, std::string("中文 😀"));
    QCOMPARE(r.records[2].sourceLine, int64_t(5));
    QCOMPARE(r.records[2].extra, std::string(R"({"source":""})"));

    ImportOptions opt;
    opt.format = Format::Csv;
    Result bad = readAll("instruction,output\na,b\n\"x\"y,z\nc,d,e\nok,\xC3\n\"open,q\nq\n", "bad.csv", opt);
    QCOMPARE(bad.records.size(), size_t(1));
    QCOMPARE(bad.errors.size(), size_t(4));
    QCOMPARE(bad.errors[0].line, int64_t(3));
    QCOMPARE(bad.errors[0].column, int64_t(4));
    QVERIFY(bad.errors[0].reason.find("after a closing quote") != std::string::npos);
    QCOMPARE(bad.errors[1].line, int64_t(4));
    QVERIFY(bad.errors[1].reason.find("row has 3 fields, the header has 2") != std::string::npos);
    QCOMPARE(bad.errors[2].line, int64_t(5));
    QCOMPARE(bad.errors[2].column, int64_t(4));
    QVERIFY(bad.errors[2].reason.find("invalid UTF-8") != std::string::npos);
    QVERIFY(bad.errors[3].reason.find("unterminated quoted field") != std::string::npos);
    QCOMPARE(bad.errors[0].raw, std::string("instruction,output\n\"x\"y,z"));
    // A quarantined CSV row (header + row) parses again once fixed.
    Record fixed = parseOne("instruction,output\n\"x y\",z", Format::Csv);
    QCOMPARE(fixed.instruction, std::string("x y"));
}

void tst_formats::csvMapping()
{
    std::string csv = "Question;Answer;Notes\n\"a;b\";c;n1\n";
    ImportOptions opt;
    opt.format = Format::Csv;
    opt.csvDelimiter = ';';
    opt.csvMapping = {{"instruction", "Question"}, {"output", "Answer"}};
    Result r = readAll(csv, "m.csv", opt);
    QVERIFY2(r.errors.empty(), errorsText(r).c_str());
    QCOMPARE(r.records[0].instruction, std::string("a;b"));
    QCOMPARE(r.records[0].output, std::string("c"));
    QCOMPARE(r.records[0].extra, std::string(R"({"Notes":"n1"})"));

    opt.csvMapping = {{"instruction", "Missing"}, {"output", "Answer"}};
    try {
        readAll(csv, "m.csv", opt);
        QFAIL("no error for a missing column");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("column 'Missing'"), e.what());
    }
    opt.csvMapping.clear();
    QVERIFY_THROWS_EXCEPTION(Error, readAll(csv, "m.csv", opt));   // no column maps by name
    opt.csvDelimiter = ',';
    Result t = readAll("text,lang\nhello,en\n", "t.csv", opt);
    QCOMPARE_E(t.records.at(0).kind, DatasetKind::Text);
    QCOMPARE(t.records.at(0).text, std::string("hello"));
}

void tst_formats::textParagraphs()
{
    ImportOptions opt;
    opt.textSplitParagraphs = true;
    Result r = readPath(dataPath("doc.txt"), opt);
    QVERIFY2(r.errors.empty(), errorsText(r).c_str());
    QCOMPARE(r.records.size(), size_t(3));
    QCOMPARE(r.records[0].text, std::string("Title line"));
    QCOMPARE(r.records[1].text, std::string("First paragraph line one.\nline two 中文."));
    QCOMPARE(r.records[1].sourceLine, int64_t(3));
    QCOMPARE(r.records[2].text, std::string("Second paragraph 😀."));
    QCOMPARE(r.records[2].sourceLine, int64_t(7));

    Result crlf = readAll("a\r\nb\r\n\r\nc\xff\r\n", "c.txt", opt);
    QCOMPARE(crlf.records.size(), size_t(1));
    QCOMPARE(crlf.records[0].text, std::string("a\nb"));
    QCOMPARE(crlf.errors.size(), size_t(1));
    QCOMPARE(crlf.errors[0].line, int64_t(4));
    QCOMPARE(crlf.errors[0].column, int64_t(2));

    ImportOptions whole;
    whole.format = Format::Text;
    Result w = readAll("\xEF\xBB\xBFone\r\ntwo\n", "w.txt", whole);
    QCOMPARE(w.records.size(), size_t(1));
    QCOMPARE(w.records[0].text, std::string("one\ntwo\n"));
}

void tst_formats::chunkBoundaries_data()
{
    QTest::addColumn<QString>("file");
    for (const char* f : {"alpaca.json", "sharegpt.jsonl", "sharegpt_pref.json", "openai.jsonl", "text.jsonl", "data.csv", "doc.txt"})
        QTest::newRow(f) << f;
}

void tst_formats::chunkBoundaries()
{
    QFETCH(QString, file);
    std::string bytes = slurp(dataPath(file.toUtf8().constData()));
    ImportOptions opt;
    opt.textSplitParagraphs = true;
    Result ref = readAll(bytes, file.toStdString(), opt);
    QVERIFY2(ref.errors.empty(), errorsText(ref).c_str());
    QVERIFY(!ref.records.empty());
    // Tiny chunks put record boundaries, escapes and multi-byte UTF-8 across chunk ends.
    for (size_t chunk : {1, 2, 3, 4, 5, 7, 11, 16, 64}) {
        Result r = readAll(bytes, file.toStdString(), opt, chunk);
        QVERIFY2(r.errors.empty(), errorsText(r).c_str());
        QCOMPARE(r.records.size(), ref.records.size());
        for (size_t i = 0; i < r.records.size(); ++i) {
            QVERIFY(r.records[i].sameContent(ref.records[i]));
            QCOMPARE(r.records[i].sourceLine, ref.records[i].sourceLine);
        }
    }
    // Bad UTF-8 straddling chunks is still found at the same place.
    std::string bad = "{\"text\":\"\xe4\xb8\xad\xe4\xb8\"}\n{\"text\":\"ok\"}\n";
    for (size_t chunk : {1, 2, 3, 10, 4096}) {
        Result r = readAll(bad, "b.jsonl", {}, chunk);
        QCOMPARE(r.records.size(), size_t(1));
        QCOMPARE(r.errors.size(), size_t(1));
        QCOMPARE(r.errors[0].column, int64_t(13));
    }
}

void tst_formats::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Format>("exportFormat");
    QTest::addColumn<bool>("jsonLines");
    struct Row { const char* file; Format f; };
    const Row rows[] = {
        {"alpaca.json", Format::Auto}, {"alpaca.json", Format::Alpaca}, {"alpaca.json", Format::Dolly},
        {"dolly.jsonl", Format::Csv}, {"dolly.jsonl", Format::Dolly}, {"dolly.jsonl", Format::Alpaca},
        {"sharegpt.jsonl", Format::ShareGpt}, {"sharegpt.jsonl", Format::OpenAiMessages},
        {"sharegpt_pref.json", Format::ShareGpt}, {"sharegpt_pref.json", Format::Preference},
        {"sharegpt_pref_str.jsonl", Format::ShareGpt}, {"sharegpt_pref_str.jsonl", Format::Preference},
        {"openai.jsonl", Format::OpenAiMessages}, {"openai.jsonl", Format::ShareGpt},
        {"preference.jsonl", Format::Preference}, {"preference.jsonl", Format::ShareGpt}, {"preference.jsonl", Format::Csv},
        {"preference_qr.jsonl", Format::Auto}, {"text.jsonl", Format::Text}, {"doc.txt", Format::Csv},
        {"doc.txt", Format::Text}, {"data.csv", Format::Csv}, {"data.csv", Format::Alpaca}, {"pref.csv", Format::Csv},
    };
    for (const Row& r : rows)
        for (bool lines : {true, false}) {
            if (r.f == Format::Csv && !lines)
                continue;
            QTest::addRow("%s -> %s %s", r.file, std::string(toString(r.f)).c_str(), lines ? "lines" : "array")
                << r.file << r.f << lines;
        }
}

void tst_formats::roundTrip()
{
    QFETCH(QString, file);
    QFETCH(Format, exportFormat);
    QFETCH(bool, jsonLines);
    Result in = readPath(dataPath(file.toUtf8().constData()));
    QVERIFY2(in.errors.empty(), errorsText(in).c_str());
    QTemporaryDir dir;
    std::string out = dir.filePath(exportFormat == Format::Csv ? "out.csv" : jsonLines ? "out.jsonl" : "out.json").toStdString();
    {
        std::ofstream f(out, std::ios::binary);
        ExportOptions eo;
        eo.format = exportFormat;
        eo.jsonLines = jsonLines;
        RecordWriter w(f, eo);
        for (const auto& r : in.records)
            w.write(r);
        w.finish();
    }
    ImportOptions io;
    io.format = exportFormat;   // Auto detects
    Result back = readPath(out, io);
    QVERIFY2(back.errors.empty(), (errorsText(back) + slurp(out)).c_str());
    QCOMPARE(back.records.size(), in.records.size());
    for (size_t i = 0; i < in.records.size(); ++i)
        QVERIFY2(back.records[i].sameContent(in.records[i]), slurp(out).c_str());
    // Exporting the re-read records gives byte-identical output.
    std::ostringstream again;
    {
        ExportOptions eo;
        eo.format = exportFormat;
        eo.jsonLines = jsonLines;
        RecordWriter w(again, eo);
        for (const auto& r : back.records)
            w.write(r);
    }
    QCOMPARE(again.str(), slurp(out));
}

void tst_formats::writerErrors()
{
    Record chat;
    chat.id = 42;
    chat.kind = DatasetKind::Chat;
    chat.messages = {{"user", "hi"}};
    std::ostringstream out;
    ExportOptions eo;
    eo.format = Format::Alpaca;
    RecordWriter w(out, eo);
    try {
        w.write(chat);
        QFAIL("chat written as alpaca");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("record 42"), e.what());
    }
    Record bad;
    bad.id = 7;
    bad.kind = DatasetKind::Text;
    bad.text = "a\xff";
    std::ostringstream o2;
    RecordWriter w2(o2, {});
    QVERIFY_THROWS_EXCEPTION(Error, w2.write(bad));
    chat.messages = {{"wizard", "x"}};
    std::ostringstream o3;
    RecordWriter w3(o3, {});
    QVERIFY_THROWS_EXCEPTION(Error, w3.write(chat));
    // CSV columns come from the first record; a later record with other extra keys is an error.
    Record a, b;
    a.instruction = b.instruction = "i";
    b.extra = R"({"id":7})";
    std::ostringstream o5;
    ExportOptions csv;
    csv.format = Format::Csv;
    RecordWriter w5(o5, csv);
    w5.write(a);
    try {
        w5.write(b);
        QFAIL("no error for a new CSV column");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("extra field 'id'"), e.what());
    }
    // An empty JSON array export is valid JSON.
    std::ostringstream o4;
    ExportOptions arr;
    arr.jsonLines = false;
    RecordWriter(o4, arr).finish();
    QCOMPARE(o4.str(), std::string("[]\n"));
}

void tst_formats::metadataRoundTrip()
{
    Record r;
    r.kind = DatasetKind::Sft;
    r.instruction = "i";
    r.output = "o";
    r.status = ReviewStatus::Accepted;
    r.rating = 4;
    r.split = Split::Test;
    r.tags = {"geo", "中文"};
    r.extra = R"({"k":[1,{"x":"y"}]})";
    std::ostringstream out;
    ExportOptions eo;
    eo.includeMetadata = true;
    RecordWriter(out, eo).write(r);
    QVERIFY(out.str().find("\"_wb\":{\"status\":\"accepted\"") != std::string::npos);
    Result back = readAll(out.str(), "m.jsonl");
    QVERIFY2(back.errors.empty(), errorsText(back).c_str());
    const Record& b = back.records.at(0);
    QVERIFY(b.sameContent(r));
    QCOMPARE_E(b.status, ReviewStatus::Accepted);
    QCOMPARE(b.rating, 4);
    QCOMPARE_E(b.split, Split::Test);
    QCOMPARE(b.tags, r.tags);
}

void tst_formats::parseOneAndPreview()
{
    Record r = parseOne(R"({"instruction":"a","output":"b","x":1})", Format::Auto);
    QCOMPARE(r.instruction, std::string("a"));
    QCOMPARE(r.extra, std::string(R"({"x":1})"));
    try {
        parseOne(R"({"instruction":"a","output":5})", Format::Alpaca);
        QFAIL("no error");
    } catch (const Error& e) {
        QCOMPARE(std::string(e.what()), std::string("line 1, column 29: field 'output' must be a string, got number"));
    }
    QCOMPARE(parseOne("just text", Format::Text).text, std::string("just text"));
    QVERIFY_THROWS_EXCEPTION(Error, parseOne(R"({"a":1}{"b":2})", Format::Alpaca));

    Preview p = preview(dataPath("alpaca.json"), {}, 2);
    QCOMPARE_E(p.detection.format, Format::Alpaca);
    QCOMPARE(p.records.size(), size_t(2));
    // A CSV whose columns do not map by name still previews its columns.
    QTemporaryDir dir;
    std::string qa = dir.filePath("qa.csv").toStdString();
    std::ofstream(qa) << "Question,Answer\nq,a\n";
    Preview unmapped = preview(qa, {}, 10);
    QCOMPARE_E(unmapped.detection.format, Format::Csv);
    QCOMPARE(unmapped.csvColumns, (std::vector<std::string>{"Question", "Answer"}));
    QVERIFY(unmapped.records.empty());
    QCOMPARE(unmapped.errors.size(), size_t(1));
    ImportOptions mapped;
    mapped.csvMapping = {{"instruction", "Question"}, {"output", "Answer"}};
    Preview m = preview(qa, mapped, 10);
    QCOMPARE(m.records.size(), size_t(1));
    QCOMPARE(m.records[0].output, std::string("a"));
    Preview c = preview(dataPath("data.csv"), {}, 10);
    QCOMPARE(c.csvColumns, (std::vector<std::string>{"instruction", "input", "output", "source"}));
    QCOMPARE(c.records.size(), size_t(3));
}

void tst_formats::sharedDatasets_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Format>("format");
    QTest::addColumn<DatasetKind>("kind");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("firstValue");   // start of the first record's main text
    QTest::newRow("alpaca_5000") << "stanford-alpaca/alpaca_5000.json" << Format::Alpaca << DatasetKind::Sft << 5000
                                 << "Are the two sentences below grammatically correct?";
    QTest::newRow("alpaca_zh_demo") << "llama-factory-demo/alpaca_zh_demo.json" << Format::Alpaca << DatasetKind::Sft
                                    << 1000 << "识别并解释给定列表中的两个科学理论";
    QTest::newRow("dpo_en_demo") << "llama-factory-demo/dpo_en_demo.json" << Format::ShareGpt << DatasetKind::Preference
                                 << 300 << "Hi! I'd like to create a new language game";
    QTest::newRow("c4_demo") << "llama-factory-demo/c4_demo.jsonl" << Format::Text << DatasetKind::Text << 300
                             << "Don’t think you need all the bells and whistles?";
    QTest::newRow("arc_sft") << "k2-geoscience/arc_sft.json" << Format::Alpaca << DatasetKind::Sft << 7787
                             << "Which technology was developed most recently?";
    QTest::newRow("belle") << "medicalgpt-zh/finetune/Belle_open_source_1k.json" << Format::Alpaca << DatasetKind::Sft
                           << 1000 << "为给定的句子生成一个同义句。";
    QTest::newRow("medical_sft") << "medicalgpt-zh/finetune/medical_sft_1K_format.jsonl" << Format::ShareGpt
                                 << DatasetKind::Chat << 1000 << "治疗阳痿吃什么药呢？";
    QTest::newRow("sharegpt_zh") << "medicalgpt-zh/finetune/sharegpt_zh_1K_format.jsonl" << Format::ShareGpt
                                 << DatasetKind::Chat << 1000 << "\"свинья\" 和 \"свинец\"";
    QTest::newRow("dpo_zh_500") << "medicalgpt-zh/reward/dpo_zh_500.jsonl" << Format::ShareGpt << DatasetKind::Preference
                                << 500 << "20个关于新鲜果汁菜单的口号";
    QTest::newRow("medical_reward") << "medicalgpt-zh/reward/medical_reward_test.jsonl" << Format::Preference
                                    << DatasetKind::Preference << 100 << "肛门病变可能是什么疾病的症状?";
}

void tst_formats::sharedDatasets()
{
    QFETCH(QString, file);
    QFETCH(Format, format);
    QFETCH(DatasetKind, kind);
    QFETCH(int, count);
    QFETCH(QString, firstValue);
    QString root = qEnvironmentVariable("WB_SHARED_DATASETS");
    QString path = root + "/" + file;
    if (root.isEmpty() || !QFileInfo::exists(path))
        QSKIP("shared dataset not present");
    Detection d = detect(path.toStdString());
    QCOMPARE_E(d.format, format);
    QCOMPARE_E(d.kind, kind);
    QElapsedTimer timer;
    timer.start();
    Result r = readPath(path.toStdString());
    qint64 ns = timer.nsecsElapsed();
    QVERIFY2(r.errors.empty(), errorsText(r).c_str());
    QCOMPARE(int(r.records.size()), count);
    QCOMPARE(r.stats.bytes, int64_t(QFileInfo(path).size()));
    const Record& f = r.records.front();
    QCOMPARE_E(f.kind, kind);
    std::string main = kind == DatasetKind::Sft ? f.instruction
        : kind == DatasetKind::Text             ? f.text
        : kind == DatasetKind::Chat             ? f.messages.at(0).content
        : (f.messages.empty() || f.messages[0].role != "user") ? f.prompt : f.messages[0].content;
    QVERIFY2(QString::fromStdString(main).startsWith(firstValue), main.c_str());
    for (const auto& rec : r.records)
        QCOMPARE_E(rec.kind, kind);
    if (file.contains("dpo_en_demo")) {
        QCOMPARE(f.chosen.substr(0, 35), std::string("That sounds like a fun and engaging"));
        QCOMPARE(f.sourceLine, int64_t(2));
    }
    if (file.contains("dpo_zh_500"))
        QVERIFY(f.chosen.rfind("这里是一个名为“Dishes”的餐厅的20个口号", 0) == 0);
    qDebug("%s: %.1f MB/s (%lld bytes, %d records)", qPrintable(file),
           double(r.stats.bytes) / 1e6 / (double(ns) / 1e9), (long long)r.stats.bytes, count);
}

QTEST_GUILESS_MAIN(tst_formats)
#include "tst_formats.moc"
