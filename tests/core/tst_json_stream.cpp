// The streaming JSON layer: the record cutter (array / JSON Lines, positions,
// chunk boundaries, resync) and the pull parser (escapes, UTF-8, duplicates).
#include "core/formats/json_cursor.h"
#include "core/formats/json_stream.h"

#include <QtTest>

using namespace wb;
using namespace wb::formats;

namespace {

struct Cut {
    std::vector<RawRecord> items;
    Container container = Container::JsonLines;
};

Cut cut(std::string_view bytes, size_t chunk, int64_t maxBytes = 1 << 20)
{
    ChunkedInput in(bytes, chunk);
    JsonRecordStream js(in, "t.json", maxBytes);
    Cut c;
    c.container = js.container();
    RawRecord r;
    while (js.next(r))
        c.items.push_back(r);
    return c;
}

std::string decode(std::string_view json)
{
    json::Cursor c(json);
    std::string out;
    c.readString(out);
    return out;
}

size_t errorOffset(std::string_view json)
{
    try {
        json::Cursor c(json);
        c.skipValue();
        if (!c.atEnd())
            return size_t(-2);
    } catch (const json::ParseError& e) {
        return e.offset;
    }
    return size_t(-1);
}

} // namespace

class tst_json_stream : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void strings();
    void cursorErrors_data();
    void cursorErrors();
    void compact();
    void linesPositions();
    void arrayPositions();
    void chunkSizes();
    void oversizeRecord();
    void resyncPretty();
    void truncated();
};

void tst_json_stream::strings()
{
    QCOMPARE(decode(R"("plain")"), std::string("plain"));
    QCOMPARE(decode(R"("\u0041\u00e9\u4e2d\ud83d\ude00")"), std::string("Aé中😀"));
    QCOMPARE(decode("\"a\\\"b\\\\c\\/d\\n\""), std::string("a\"b\\c/d\n"));
    QCOMPARE(decode("\"中文 emoji 😀 \xF0\x9F\x87\xA8\xF0\x9F\x87\xB3\""), std::string("中文 emoji 😀 🇨🇳"));
    QCOMPARE(decode(R"("\u0000")"), std::string(1, '\0'));
    std::string out;
    json::appendQuoted(out, std::string("q\"\\\n\x01\x1f 中"));
    QCOMPARE(out, std::string("\"q\\\"\\\\\\n\\u0001\\u001f 中\""));
    QCOMPARE(decode(out), std::string("q\"\\\n\x01\x1f 中"));
}

void tst_json_stream::cursorErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("offset");
    QTest::newRow("overlong") << QByteArray("\"a\xC0\xAF\"") << 2;
    QTest::newRow("surrogate in utf8") << QByteArray("\"\xED\xA0\x80\"") << 1;
    QTest::newRow("above U+10FFFF") << QByteArray("\"\xF4\x90\x80\x80\"") << 1;
    QTest::newRow("lone continuation") << QByteArray("\"ab\x80\"") << 3;
    QTest::newRow("bad hex") << QByteArray(R"("x\u12G4")") << 2;
    QTest::newRow("high then non-low") << QByteArray(R"("\ud800\u0041")") << 1;
    QTest::newRow("duplicate nested") << QByteArray(R"({"a":{"b":1,"b":2}})") << 12;
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << 5;
    QTest::newRow("bad literal") << QByteArray("[tru]") << 1;
    QTest::newRow("leading zero") << QByteArray("[01]") << 2;
    QTest::newRow("dot no digit") << QByteArray("[1.]") << 1;
    QTest::newRow("unterminated") << QByteArray("\"abc") << 0;
    QTest::newRow("trailing comma") << QByteArray("[1,2,]") << 4;
    QTest::newRow("deep") << QByteArray(300, '[') << 256;
}

void tst_json_stream::cursorErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(int, offset);
    QCOMPARE(errorOffset(std::string_view(json.constData(), size_t(json.size()))), size_t(offset));
}

void tst_json_stream::compact()
{
    std::string out;
    json::appendCompact(out, "{ \"a b\" : [ 1 , \" x \\\" y \" ] ,\n\t\"c\":null }");
    QCOMPARE(out, std::string("{\"a b\":[1,\" x \\\" y \"],\"c\":null}"));
    QCOMPARE(errorOffset(out), size_t(-1));
}

void tst_json_stream::linesPositions()
{
    Cut c = cut("{\"a\":1}\r\n\r\n   {\"b\":2}\n\n{\"c\":3}", 1 << 20);
    Cut lead = cut("\n\n  {\"a\":1}", 4);
    QCOMPARE(lead.items.size(), size_t(1));
    QCOMPARE(lead.items[0].line, int64_t(3));
    QCOMPARE(lead.items[0].column, int64_t(3));
    QCOMPARE(int(c.container), int(Container::JsonLines));
    QCOMPARE(c.items.size(), size_t(3));
    QCOMPARE(c.items[0].bytes, std::string("{\"a\":1}"));
    QCOMPARE(c.items[1].line, int64_t(3));
    QCOMPARE(c.items[1].column, int64_t(4));
    QCOMPARE(c.items[2].line, int64_t(5));
    QCOMPARE(c.items[2].bytes, std::string("{\"c\":3}"));
    auto pos = JsonRecordStream::position(c.items[1], 5);
    QCOMPARE(pos.first, int64_t(3));
    QCOMPARE(pos.second, int64_t(9));
}

void tst_json_stream::arrayPositions()
{
    std::string bytes = "[\n  {\"a\": \"x]}\",\n   \"b\": [1, {\"c\": 2}]},\n  \"scalar\", 3,\n  {\"d\":\n\"\\\"\"}\n]\n";
    Cut c = cut(bytes, 1 << 20);
    QCOMPARE(int(c.container), int(Container::JsonArray));
    QCOMPARE(c.items.size(), size_t(4));
    for (const auto& i : c.items)
        QVERIFY2(i.ok, i.message.c_str());
    QCOMPARE(c.items[0].line, int64_t(2));
    QCOMPARE(c.items[0].column, int64_t(3));
    QCOMPARE(c.items[0].bytes, std::string("{\"a\": \"x]}\",\n   \"b\": [1, {\"c\": 2}]}"));
    QCOMPARE(c.items[1].bytes, std::string("\"scalar\""));
    QCOMPARE(c.items[2].bytes, std::string("3"));
    QCOMPARE(c.items[2].line, int64_t(4));
    QCOMPARE(c.items[2].column, int64_t(13));
    QCOMPARE(c.items[3].line, int64_t(5));
    // A position inside a multi-line record.
    auto pos = JsonRecordStream::position(c.items[0], c.items[0].bytes.find("\"b\""));
    QCOMPARE(pos.first, int64_t(3));
    QCOMPARE(pos.second, int64_t(4));
}

void tst_json_stream::chunkSizes()
{
    std::string bytes = "\xEF\xBB\xBF[ {\"t\":\"中文\\\"]}😀\"} ,\r\n{\"u\":[[],{}]}\t]";
    Cut ref = cut(bytes, 1 << 20);
    QCOMPARE(ref.items.size(), size_t(2));
    QCOMPARE(ref.items[0].column, int64_t(3));
    QCOMPARE(ref.items[1].line, int64_t(2));
    for (size_t chunk = 1; chunk < 24; ++chunk) {
        Cut c = cut(bytes, chunk);
        QCOMPARE(c.items.size(), ref.items.size());
        for (size_t i = 0; i < c.items.size(); ++i) {
            QVERIFY(c.items[i].ok);
            QCOMPARE(c.items[i].bytes, ref.items[i].bytes);
            QCOMPARE(c.items[i].line, ref.items[i].line);
            QCOMPARE(c.items[i].column, ref.items[i].column);
        }
    }
}

void tst_json_stream::oversizeRecord()
{
    std::string big = "{\"t\":\"" + std::string(200, 'x') + "\"}";
    for (size_t chunk : {size_t(7), size_t(1) << 20}) {
        Cut lines = cut(big + "\n{\"t\":\"ok\"}\n", chunk, 100);
        QCOMPARE(lines.items.size(), size_t(2));
        QVERIFY(!lines.items[0].ok);
        QVERIFY(lines.items[0].message.find("larger than the limit of 100 bytes") != std::string::npos);
        QVERIFY(lines.items[1].ok);
        Cut arr = cut("[" + big + ",{\"t\":\"ok\"}]", chunk, 100);
        QCOMPARE(arr.items.size(), size_t(2));
        QVERIFY(!arr.items[0].ok);
        QVERIFY(arr.items[1].ok);
        QCOMPARE(arr.items[1].bytes, std::string("{\"t\":\"ok\"}"));
    }
}

void tst_json_stream::resyncPretty()
{
    std::string bytes = "[\n  {\"a\": \"broken\n  },\n  {\"nested\": [{\"x\": 1}, {\"y\": 2}]},\n  {\"ok\": 1}\n]";
    Cut c = cut(bytes, 5);
    QCOMPARE(c.items.size(), size_t(3));
    QVERIFY(!c.items[0].ok);
    QCOMPARE(c.items[0].errLine, int64_t(2));
    QCOMPARE(c.items[0].errColumn, int64_t(9));
    QVERIFY(c.items[1].ok);
    QCOMPARE(c.items[1].line, int64_t(4));
    QCOMPARE(c.items[2].bytes, std::string("{\"ok\": 1}"));
}

void tst_json_stream::truncated()
{
    Cut c = cut("[{\"a\":1},{\"b\":\"x", 3);
    QCOMPARE(c.items.size(), size_t(2));
    QVERIFY(c.items[0].ok);
    QVERIFY(!c.items[1].ok);
    QCOMPARE(c.items[1].errLine, int64_t(1));
    QCOMPARE(c.items[1].errColumn, int64_t(17));
    QVERIFY(c.items[1].message.find("not terminated") != std::string::npos);
    QCOMPARE(c.items[1].bytes, std::string("{\"b\":\"x"));
    Cut end = cut("[{\"a\":1}", 3);
    QCOMPARE(end.items.size(), size_t(2));
    QVERIFY(!end.items[1].ok);
    QVERIFY_THROWS_EXCEPTION(Error, cut("", 3));
    QVERIFY_THROWS_EXCEPTION(Error, cut("  x", 3));
}

QTEST_GUILESS_MAIN(tst_json_stream)
#include "tst_json_stream.moc"
