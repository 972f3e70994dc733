#include "pullpageparser.h"

#include "protocolcodec.h"
#include "uuidv7.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace Outpost;
using namespace Outpost::Protocol;

namespace {

constexpr qsizetype maxBytes = 64 * 1024 * 1024;

RowState sampleRow(QRandomGenerator &random, qint64 seq)
{
    RowState row;
    row.seq = seq;
    row.table = random.bounded(2) ? u"deals"_s : u"customers"_s;
    row.rowId = UuidV7::generate();
    row.deleted = random.bounded(10) == 0;
    const QStringList texts
        = {u"Pumps"_s, u"华信科技 – 二期"_s, u"say \"hi\"\n\ttab\\"_s, u"emoji 😀 and ü"_s,
           QString(),  u"/slash/"_s};
    const int fieldCount = int(random.bounded(1, 12));
    for (int i = 0; i < fieldCount; ++i) {
        const QString name = u"field_%1"_s.arg(i);
        switch (random.bounded(4)) {
        case 0:
            row.fields.insert(name, QVariant());
            break;
        case 1:
            row.fields.insert(name, qint64(random.generate64()) - (qint64(1) << 62));
            break;
        default:
            row.fields.insert(name, texts.at(random.bounded(texts.size())));
        }
        row.versions.insert(name, qint64(random.bounded(1, 1'000'000)));
    }
    row.versions.insert(u"deleted"_s, seq);
    return row;
}

PullResponse samplePage(quint32 seed, int changes)
{
    QRandomGenerator random(seed);
    PullResponse page;
    page.epoch = UuidV7::generate();
    page.cursor = 1000 + changes;
    page.hasMore = random.bounded(2);
    for (int i = 0; i < changes; ++i)
        page.changes.append(sampleRow(random, 1000 + i));
    return page;
}

QString parseError(const QByteArray &json)
{
    const Result<PullResponse> parsed = PullPageParser::parse(json, maxBytes);
    return parsed.ok() ? QString() : parsed.error().message;
}

// A valid change with one member replaced by replacement (the raw JSON text).
QByteArray changeWith(const char *member, const QByteArray &replacement)
{
    QJsonObject change {{u"seq"_s, 7},
                        {u"table"_s, u"deals"_s},
                        {u"row_id"_s, u"01900000-0000-7000-8000-000000000001"_s},
                        {u"deleted"_s, false},
                        {u"fields"_s, QJsonObject {{u"title"_s, u"Pumps"_s}}},
                        {u"versions"_s, QJsonObject {{u"title"_s, 7}}}};
    QByteArray text = QJsonDocument(change).toJson(QJsonDocument::Compact);
    if (member) {
        const QByteArray key = '"' + QByteArray(member) + "\":";
        const qsizetype start = text.indexOf(key) + key.size();
        // The member's value ends at the next top-level comma or the closing brace.
        int depth = 0;
        qsizetype end = start;
        bool inString = false;
        for (; end < text.size(); ++end) {
            const char c = text.at(end);
            if (inString) {
                if (c == '\\')
                    ++end;
                else if (c == '"')
                    inString = false;
                continue;
            }
            if (c == '"')
                inString = true;
            else if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']') {
                if (depth == 0)
                    break;
                --depth;
            } else if (c == ',' && depth == 0)
                break;
        }
        text = text.left(start) + replacement + text.mid(end);
    }
    return R"({"epoch":"","cursor":7,"has_more":false,"reset_required":false,"changes":[)" + text
        + "]}";
}

} // namespace

class tst_PullPageParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsWhatTheCodecWrites_data();
    void readsWhatTheCodecWrites();
    void readsWhatQtsJsonReads();
    void decodesEscapes_data();
    void decodesEscapes();
    void integersAreExact_data();
    void integersAreExact();
    void refusesBadPages_data();
    void refusesBadPages();
    void skipsUnknownMembers();
    void purgedChangeMayOmitData();
    void everyPrefixIsRefused();
    void survivesCorruption();
};

void tst_PullPageParser::readsWhatTheCodecWrites_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("changes");
    QTest::newRow("empty") << 1u << 0;
    QTest::newRow("one") << 2u << 1;
    QTest::newRow("page") << 3u << 500;
}

void tst_PullPageParser::readsWhatTheCodecWrites()
{
    QFETCH(quint32, seed);
    QFETCH(int, changes);
    const PullResponse page = samplePage(seed, changes);
    const Result<PullResponse> parsed
        = PullPageParser::parse(ProtocolCodec::encode(page), maxBytes);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed->epoch, page.epoch);
    QCOMPARE(parsed->cursor, page.cursor);
    QCOMPARE(parsed->hasMore, page.hasMore);
    QCOMPARE(parsed->resetRequired, page.resetRequired);
    QCOMPARE(parsed->changes.size(), page.changes.size());
    for (qsizetype i = 0; i < page.changes.size(); ++i) {
        const RowState &expected = page.changes.at(i);
        const RowState &actual = parsed->changes.at(i);
        QCOMPARE(actual.seq, expected.seq);
        QCOMPARE(actual.table, expected.table);
        QCOMPARE(actual.rowId, expected.rowId);
        QCOMPARE(actual.deleted, expected.deleted);
        QCOMPARE(actual.purge, expected.purge);
        QCOMPARE(actual.versions, expected.versions);
        QCOMPARE(actual.fields.keys(), expected.fields.keys());
        for (auto it = expected.fields.cbegin(); it != expected.fields.cend(); ++it) {
            const QVariant value = actual.fields.value(it.key());
            if (it.value().typeId() == QMetaType::QString) {
                // A null string travels as "" (the protocol has no null string but null).
                QCOMPARE(value.toString(), it.value().toString());
            } else {
                QCOMPARE(value, it.value());
            }
        }
    }
}

void tst_PullPageParser::readsWhatQtsJsonReads()
{
    // Pretty-printed, other member order, white space everywhere: the same page.
    const PullResponse page = samplePage(7, 50);
    QJsonObject root = QJsonDocument::fromJson(ProtocolCodec::encode(page)).object();
    const QByteArray indented = QJsonDocument(root).toJson(QJsonDocument::Indented);
    const Result<PullResponse> parsed = PullPageParser::parse(indented, maxBytes);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->changes.size(), 50);
    for (qsizetype i = 0; i < 50; ++i)
        QCOMPARE(parsed->changes.at(i).rowId, page.changes.at(i).rowId);
}

void tst_PullPageParser::decodesEscapes_data()
{
    QTest::addColumn<QByteArray>("literal");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QByteArray(R"("Pumps")") << u"Pumps"_s;
    QTest::newRow("quote and backslash") << QByteArray(R"("a\"b\\c\/d")") << u"a\"b\\c/d"_s;
    QTest::newRow("controls") << QByteArray(R"("\b\f\n\r\t")") << u"\b\f\n\r\t"_s;
    QTest::newRow("bmp") << QByteArray(R"("\u534e\u4FE1")") << u"华信"_s;
    QTest::newRow("surrogate pair") << QByteArray(R"("\ud83d\ude00!")") << u"😀!"_s;
    QTest::newRow("raw utf-8") << QByteArray("\"华信 😀\"") << u"华信 😀"_s;
    QTest::newRow("nul escape") << QByteArray(R"("a\u0000b")") << QString(u"a\0b"_s);
}

void tst_PullPageParser::decodesEscapes()
{
    QFETCH(QByteArray, literal);
    QFETCH(QString, expected);
    const Result<PullResponse> parsed
        = PullPageParser::parse(changeWith("fields", "{\"title\":" + literal + '}'), maxBytes);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed->changes.at(0).fields.value(u"title"_s).toString(), expected);
}

void tst_PullPageParser::integersAreExact_data()
{
    QTest::addColumn<QByteArray>("literal");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("negative") << QByteArray("-42") << qint64(-42);
    QTest::newRow("above 2^53") << QByteArray("9007199254740993") << qint64(9007199254740993);
    QTest::newRow("max") << QByteArray("9223372036854775807") << std::numeric_limits<qint64>::max();
    QTest::newRow("min") << QByteArray("-9223372036854775808")
                         << std::numeric_limits<qint64>::min();
}

void tst_PullPageParser::integersAreExact()
{
    QFETCH(QByteArray, literal);
    QFETCH(qint64, expected);
    const Result<PullResponse> parsed = PullPageParser::parse(
        changeWith("fields", "{\"amount_minor\":" + literal + '}'), maxBytes);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    const QVariant value = parsed->changes.at(0).fields.value(u"amount_minor"_s);
    QCOMPARE(value.typeId(), int(QMetaType::LongLong));
    QCOMPARE(value.toLongLong(), expected);
}

void tst_PullPageParser::refusesBadPages_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const QByteArray head = R"({"epoch":"","cursor":7,"has_more":false,"reset_required":false,)";
    QTest::newRow("empty") << QByteArray() << u"not valid JSON"_s;
    QTest::newRow("not an object") << QByteArray("[1,2]") << u"must be a JSON object"_s;
    QTest::newRow("garbage") << QByteArray("{nope}") << u"not valid JSON"_s;
    QTest::newRow("trailing text")
        << QByteArray(head + R"("changes":[]} x)") << u"not valid JSON"_s;
    QTest::newRow("trailing comma")
        << QByteArray(head + R"("changes":[],})") << u"not valid JSON"_s;
    QTest::newRow("invalid utf-8")
        << QByteArray(head + "\"changes\":[],\"x\":\"\xff\"}") << u"not valid JSON"_s;
    QTest::newRow("missing changes") << QByteArray(R"({"epoch":"","cursor":7,"has_more":false,)"
                                                   R"("reset_required":false})")
                                     << u"\"changes\" is missing"_s;
    QTest::newRow("negative cursor")
        << QByteArray(R"({"epoch":"","cursor":-1,"has_more":false,"reset_required":false,)"
                      R"("changes":[]})")
        << u"\"cursor\" must be at least 0"_s;
    QTest::newRow("fractional cursor")
        << QByteArray(R"({"epoch":"","cursor":1.5,"has_more":false,"reset_required":false,)"
                      R"("changes":[]})")
        << u"\"cursor\" must be an integer"_s;
    QTest::newRow("cursor beyond 64 bits")
        << QByteArray(R"({"epoch":"","cursor":9223372036854775808,"has_more":false,)"
                      R"("reset_required":false,"changes":[]})")
        << u"\"cursor\" must be an integer"_s;
    QTest::newRow("epoch not a uuid")
        << QByteArray(R"({"epoch":"nope","cursor":1,"has_more":false,"reset_required":false,)"
                      R"("changes":[]})")
        << u"\"epoch\" must be a lowercase UUIDv7"_s;
    QTest::newRow("has_more not a bool")
        << QByteArray(R"({"epoch":"","cursor":1,"has_more":1,"reset_required":false,)"
                      R"("changes":[]})")
        << u"\"has_more\" must be true or false"_s;
    QTest::newRow("changes not an array")
        << QByteArray(head + R"("changes":{}})") << u"\"changes\" must be an array"_s;
    QTest::newRow("change not an object")
        << QByteArray(head + R"("changes":[3]})") << u"\"changes[0]\" must be an object"_s;
    QTest::newRow("missing seq") << QByteArray(
        head
        + R"("changes":[{"table":"deals","deleted":false,)"
          R"("row_id":"01900000-0000-7000-8000-000000000001",)"
          R"("fields":{},"versions":{}}]})")
                                 << u"\"changes[0].seq\" is missing"_s;
    QTest::newRow("bad table name")
        << changeWith("table", R"("Deals!")") << u"\"changes[0].table\" may only contain"_s;
    QTest::newRow("row id not a uuid")
        << changeWith("row_id", R"("42")") << u"\"changes[0].row_id\" must be a lowercase UUIDv7"_s;
    QTest::newRow("fields missing")
        << changeWith("fields", R"(null,"x":1)") << u"\"changes[0].fields\" must be an object"_s;
    QTest::newRow("boolean value") << changeWith("fields", R"({"title":true})")
                                   << u"\"changes[0].fields.title\" must be null, an integer"_s;
    QTest::newRow("object value") << changeWith("fields", R"({"title":{"a":1}})")
                                  << u"\"changes[0].fields.title\" must be null, an integer"_s;
    QTest::newRow("fraction value") << changeWith("fields", R"({"amount_minor":1.25})")
                                    << u"\"changes[0].fields.amount_minor\" must be an integer"_s;
    QTest::newRow("exponent value") << changeWith("fields", R"({"amount_minor":1e3})")
                                    << u"\"changes[0].fields.amount_minor\" must be an integer"_s;
    QTest::newRow("bad field name") << changeWith("fields", R"({"Title":"x"})")
                                    << u"\"changes[0].fields.Title\" must have 1 to 64"_s;
    QTest::newRow("negative version") << changeWith("versions", R"({"title":-3})")
                                      << u"\"changes[0].versions.title\" must be at least 0"_s;
    QTest::newRow("too many versions") << changeWith("versions", R"({"title":1,"deleted":1,"x":1})")
                                       << u"\"changes[0].fields\" has more than"_s;
    QTest::newRow("overlong string")
        << changeWith("fields", "{\"notes\":\"" + QByteArray(20001, 'a') + "\"}")
        << u"\"changes[0].fields.notes\" is longer than 20000"_s;
    QTest::newRow("control character")
        << changeWith("fields", "{\"title\":\"a\tb\"}") << u"not valid JSON"_s;
    QTest::newRow("lone surrogate")
        << changeWith("fields", R"({"title":"\ud800x"})") << u"not valid JSON"_s;
    QTest::newRow("bad escape") << changeWith("fields", R"({"title":"\q"})") << u"not valid JSON"_s;
    QTest::newRow("leading zero") << changeWith("fields", R"({"amount_minor":012})")
                                  << u"not valid JSON"_s;
    QByteArray deep = head + "\"x\":";
    for (int i = 0; i < 40; ++i)
        deep += '[';
    for (int i = 0; i < 40; ++i)
        deep += ']';
    QTest::newRow("deep unknown member")
        << QByteArray(deep + R"(,"changes":[]})") << u"not valid JSON"_s;
}

void tst_PullPageParser::refusesBadPages()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const QString error = parseError(json);
    QVERIFY2(error.contains(message), qPrintable(error));
}

void tst_PullPageParser::skipsUnknownMembers()
{
    const QByteArray json
        = R"({"server_note":{"a":[1,2.5,{"b":null}],"c":"x"},"epoch":"","cursor":7,)"
          R"("has_more":true,"reset_required":false,"changes":[{"seq":7,"table":"deals",)"
          R"("row_id":"01900000-0000-7000-8000-000000000001","deleted":false,"later":[true],)"
          R"("fields":{"title":"x"},"versions":{"title":7}}]})";
    const Result<PullResponse> parsed = PullPageParser::parse(json, maxBytes);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed->changes.size(), 1);
    QVERIFY(parsed->hasMore);
}

void tst_PullPageParser::purgedChangeMayOmitData()
{
    const QByteArray json
        = R"({"epoch":"","cursor":7,"has_more":false,"reset_required":false,"changes":[)"
          R"({"seq":7,"table":"deals","row_id":"01900000-0000-7000-8000-000000000001",)"
          R"("deleted":true,"purge":true}]})";
    const Result<PullResponse> parsed = PullPageParser::parse(json, maxBytes);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QVERIFY(parsed->changes.at(0).purge);
    QVERIFY(parsed->changes.at(0).fields.isEmpty());
}

void tst_PullPageParser::everyPrefixIsRefused()
{
    const QByteArray json = ProtocolCodec::encode(samplePage(11, 3));
    QVERIFY(PullPageParser::parse(json, maxBytes).ok());
    for (qsizetype size = 0; size < json.size(); ++size)
        QVERIFY2(!PullPageParser::parse(json.left(size), maxBytes).ok(),
                 json.left(size).constData());
    QVERIFY(!PullPageParser::parse(json, json.size() - 1).ok()); // the size bound
}

void tst_PullPageParser::survivesCorruption()
{
    // Random damage never crashes or hangs; what is accepted is still a well-formed page.
    const QByteArray json = ProtocolCodec::encode(samplePage(13, 4));
    QRandomGenerator random(17);
    static const char alphabet[] = "{}[]\",:\\u0123456789-.eE truefalsnl";
    for (int round = 0; round < 5000; ++round) {
        QByteArray damaged = json;
        const int edits = int(random.bounded(1, 4));
        for (int i = 0; i < edits; ++i) {
            const qsizetype at = random.bounded(damaged.size());
            switch (random.bounded(3)) {
            case 0:
                damaged[at] = alphabet[random.bounded(int(sizeof(alphabet) - 1))];
                break;
            case 1:
                damaged.remove(at, 1);
                break;
            default:
                damaged.insert(at, alphabet[random.bounded(int(sizeof(alphabet) - 1))]);
            }
        }
        const Result<PullResponse> parsed = PullPageParser::parse(damaged, maxBytes);
        if (parsed.ok()) {
            for (const RowState &row : parsed->changes) {
                QVERIFY(row.purge || UuidV7::isValid(row.rowId));
                QVERIFY(!row.table.isEmpty());
            }
        } else {
            QVERIFY(!parsed.error().message.isEmpty());
        }
    }
}

QTEST_GUILESS_MAIN(tst_PullPageParser)
#include "tst_pullpageparser.moc"
