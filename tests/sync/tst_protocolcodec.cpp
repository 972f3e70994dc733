#include "protocolcodec.h"
#include "uuidv7.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;
using namespace Outpost::Protocol;

namespace {

// Above 2^53: a double would round these.
constexpr qint64 bigHlc = (qint64(1) << 62) + 12345;
constexpr qint64 bigSeq = (qint64(1) << 53) + 1;

PushOp sampleOp(qint64 deviceSeq)
{
    PushOp op;
    op.opId = UuidV7::generate();
    op.deviceSeq = deviceSeq;
    op.table = u"deals"_s;
    op.rowId = UuidV7::generate();
    op.op = u"update"_s;
    op.hlc = bigHlc;
    op.fields.insert(u"title"_s, {QVariant(u"Großauftrag 大单"_s), 7});
    op.fields.insert(u"amount_minor"_s, {QVariant(qint64(9007199254740993)), bigSeq});
    op.fields.insert(u"expected_close"_s, {QVariant(), 0});
    return op;
}

PushRequest sampleRequest(int ops = 1)
{
    PushRequest request;
    request.deviceId = UuidV7::generate();
    request.epoch = UuidV7::generate();
    request.schemaVersion = 2;
    for (int i = 1; i <= ops; ++i)
        request.ops.append(sampleOp(i));
    return request;
}

QByteArray pushJson(const QByteArray &opJson)
{
    return R"({"device_id":")" + UuidV7::generate().toLatin1()
        + R"(","epoch":"","schema_version":1,"ops":[)" + opJson + "]}";
}

QByteArray opJson(const QByteArray &override)
{
    // A valid op whose members can be replaced by appending them (JSON keeps the last).
    return R"({"op_id":")" + UuidV7::generate().toLatin1() + R"(","device_seq":1,)"
        + R"("table":"deals","row_id":")" + UuidV7::generate().toLatin1()
        + R"(","op":"update","hlc":5,"fields":{"title":{"value":"x","base":0}})" + override + "}";
}

} // namespace

class tst_ProtocolCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void qtKeepsIntegersExact();
    void pushRequestRoundTrip();
    void pushResponseRoundTrip();
    void pullResponseRoundTrip();
    void loginRoundTrip();
    void smallMessagesRoundTrip();
    void malformedPushRequest_data();
    void malformedPushRequest();
    void tooManyOps();
    void overlongValueIsLeftToTheServer();
    void truncatedInputsNeverDecode();
    void mutatedInputsAreHandled();
    void malformedLoginRequest_data();
    void malformedLoginRequest();
};

// The contract relies on Qt 6 parsing integer literals as qint64 (not double).
void tst_ProtocolCodec::qtKeepsIntegersExact()
{
    const QJsonDocument document = QJsonDocument::fromJson("{\"v\": 4611686018427400249}");
    QCOMPARE(document.object().value(u"v"_s).toInteger(), bigHlc);
    const QByteArray written
        = QJsonDocument(QJsonObject {{u"v"_s, QJsonValue(bigHlc)}}).toJson(QJsonDocument::Compact);
    QCOMPARE(written, QByteArray("{\"v\":4611686018427400249}"));
}

void tst_ProtocolCodec::pushRequestRoundTrip()
{
    const PushRequest request = sampleRequest(3);
    const Result<PushRequest> decoded
        = ProtocolCodec::decodePushRequest(ProtocolCodec::encode(request));
    QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
    QCOMPARE(decoded->deviceId, request.deviceId);
    QCOMPARE(decoded->epoch, request.epoch);
    QCOMPARE(decoded->schemaVersion, 2);
    QCOMPARE(decoded->ops.size(), 3);
    const PushOp &op = decoded->ops.at(2);
    QCOMPARE(op.opId, request.ops.at(2).opId);
    QCOMPARE(op.deviceSeq, 3);
    QCOMPARE(op.hlc, bigHlc);
    QCOMPARE(op.fields.value(u"title"_s).value.toString(), u"Großauftrag 大单"_s);
    QCOMPARE(op.fields.value(u"title"_s).base, 7);
    QCOMPARE(op.fields.value(u"amount_minor"_s).value.typeId(), QMetaType::LongLong);
    QCOMPARE(op.fields.value(u"amount_minor"_s).value.toLongLong(), qint64(9007199254740993));
    QCOMPARE(op.fields.value(u"amount_minor"_s).base, bigSeq);
    QVERIFY(!op.fields.value(u"expected_close"_s).value.isValid());
    QVERIFY(op.fields.contains(u"expected_close"_s));
}

void tst_ProtocolCodec::pushResponseRoundTrip()
{
    PushResponse response;
    response.epoch = UuidV7::generate();
    response.serverTime = 1764148000123;
    OpResult applied {1, UuidV7::generate(), u"applied"_s, bigSeq, {}, {}, {}, std::nullopt};
    OpResult merged {2, UuidV7::generate(), u"merged"_s, bigSeq + 1, {}, {}, {}, std::nullopt};
    merged.conflicts.append(
        {u"amount_minor"_s, QVariant(qint64(500000)), QVariant(qint64(750000)), u"server"_s});
    OpResult rejected {3,  UuidV7::generate(), u"rejected"_s,
                       0,  u"invalid_value"_s, u"The amount must not be negative."_s,
                       {}, std::nullopt};
    RowState current {bigSeq, u"deals"_s, UuidV7::generate(), false, false, {}, {}};
    current.fields.insert(u"amount_minor"_s, qint64(750000));
    current.fields.insert(u"closed_at"_s, QVariant());
    current.versions.insert(u"amount_minor"_s, bigSeq);
    rejected.current = current;
    OpResult hidden {4,  UuidV7::generate(), u"rejected"_s, 0, u"forbidden"_s, u"No."_s,
                     {}, std::nullopt};
    response.results = {applied, merged, rejected, hidden};

    const QByteArray json = ProtocolCodec::encode(response);
    QVERIFY(json.contains("\"current\":null"));
    const Result<PushResponse> decoded = ProtocolCodec::decodePushResponse(json);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
    QCOMPARE(decoded->epoch, response.epoch);
    QCOMPARE(decoded->serverTime, response.serverTime);
    QCOMPARE(decoded->results.size(), 4);
    QCOMPARE(decoded->results.at(0).serverSeq, bigSeq);
    QCOMPARE(decoded->results.at(1).status, u"merged"_s);
    QCOMPARE(decoded->results.at(1).conflicts.size(), 1);
    QCOMPARE(decoded->results.at(1).conflicts.at(0).serverValue.toLongLong(), 750000);
    QCOMPARE(decoded->results.at(1).conflicts.at(0).kept, u"server"_s);
    QCOMPARE(decoded->results.at(2).reason, u"invalid_value"_s);
    QVERIFY(decoded->results.at(2).current.has_value());
    QCOMPARE(decoded->results.at(2).current->seq, bigSeq);
    QCOMPARE(decoded->results.at(2).current->versions.value(u"amount_minor"_s), bigSeq);
    QVERIFY(!decoded->results.at(2).current->fields.value(u"closed_at"_s).isValid());
    QVERIFY(!decoded->results.at(3).current.has_value());
    // Encoding is deterministic: a stored answer re-encodes to the same bytes.
    QCOMPARE(ProtocolCodec::encode(*decoded), json);
}

void tst_ProtocolCodec::pullResponseRoundTrip()
{
    PullResponse page;
    page.epoch = UuidV7::generate();
    page.cursor = bigSeq + 2;
    page.hasMore = true;
    RowState live {bigSeq, u"customers"_s, UuidV7::generate(), false, false, {}, {}};
    live.fields.insert(u"name"_s, u"华东贸易"_s);
    live.versions.insert(u"name"_s, 3);
    RowState purged {bigSeq + 2, u"deals"_s, UuidV7::generate(), true, true, {}, {}};
    page.changes = {live, purged};
    const Result<PullResponse> decoded
        = ProtocolCodec::decodePullResponse(ProtocolCodec::encode(page));
    QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
    QCOMPARE(decoded->cursor, page.cursor);
    QVERIFY(decoded->hasMore);
    QVERIFY(!decoded->resetRequired);
    QCOMPARE(decoded->changes.size(), 2);
    QCOMPARE(decoded->changes.at(0).fields.value(u"name"_s).toString(), u"华东贸易"_s);
    QVERIFY(decoded->changes.at(1).purge);
    QVERIFY(decoded->changes.at(1).deleted);
}

void tst_ProtocolCodec::loginRoundTrip()
{
    const LoginRequest request {u"li.na@east.example"_s, u"secret pass"_s, UuidV7::generate()};
    const Result<LoginRequest> decodedRequest
        = ProtocolCodec::decodeLoginRequest(ProtocolCodec::encode(request));
    QVERIFY(decodedRequest.ok());
    QCOMPARE(decodedRequest->login, request.login);
    QCOMPARE(decodedRequest->password, request.password);

    LoginResponse response {u"op_at_abc"_s,     1764200000000, u"op_rt_def"_s, 1766800000000,
                            UuidV7::generate(), u"李娜"_s,     u"rep"_s,       {},
                            UuidV7::generate()};
    QVERIFY(ProtocolCodec::encode(response).contains("\"unit_id\":null"));
    response.unitId = UuidV7::generate();
    const Result<LoginResponse> decoded
        = ProtocolCodec::decodeLoginResponse(ProtocolCodec::encode(response));
    QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
    QCOMPARE(decoded->token, response.token);
    QCOMPARE(decoded->refreshExpiresAt, response.refreshExpiresAt);
    QCOMPARE(decoded->userName, response.userName);
    QCOMPARE(decoded->unitId, response.unitId);
    QCOMPARE(decoded->epoch, response.epoch);
}

void tst_ProtocolCodec::smallMessagesRoundTrip()
{
    const Result<RefreshRequest> refresh
        = ProtocolCodec::decodeRefreshRequest(ProtocolCodec::encode(RefreshRequest {u"op_rt_x"_s}));
    QVERIFY(refresh.ok());
    QCOMPARE(refresh->refreshToken, u"op_rt_x"_s);

    const PokeMessage hello {u"hello"_s, bigSeq, UuidV7::generate()};
    const Result<PokeMessage> poke = ProtocolCodec::decodePokeMessage(ProtocolCodec::encode(hello));
    QVERIFY(poke.ok());
    QCOMPARE(poke->seq, bigSeq);
    QCOMPARE(poke->epoch, hello.epoch);

    const Result<ErrorBody> error = ProtocolCodec::decodeErrorBody(
        ProtocolCodec::encode(ErrorBody {u"rate_limited"_s, u"Too many attempts."_s}));
    QVERIFY(error.ok());
    QCOMPARE(error->error, u"rate_limited"_s);
}

void tst_ProtocolCodec::malformedPushRequest_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("member"); // the message must name it

    const QByteArray device = UuidV7::generate().toLatin1();
    QTest::newRow("empty") << QByteArray() << u"JSON"_s;
    QTest::newRow("not json") << QByteArray("hello") << u"JSON"_s;
    QTest::newRow("array") << QByteArray("[]") << u"object"_s;
    QTest::newRow("no device") << QByteArray(R"({"epoch":"","schema_version":1,"ops":[]})")
                               << u"device_id"_s;
    QTest::newRow("device not uuid")
        << QByteArray(R"({"device_id":"abc","epoch":"","schema_version":1,"ops":[]})")
        << u"device_id"_s;
    QTest::newRow("uuid v4") << QByteArray(R"({"device_id":"3b241101-e2bb-4255-8caf-4136c566a962",)"
                                           R"("epoch":"","schema_version":1,"ops":[]})")
                             << u"device_id"_s;
    QTest::newRow("schema as string") << QByteArray(
        R"({"device_id":")" + device + R"(","epoch":"","schema_version":"1","ops":[]})")
                                      << u"schema_version"_s;
    QTest::newRow("ops not array")
        << QByteArray(R"({"device_id":")" + device + R"(","epoch":"","schema_version":1,"ops":{}})")
        << u"ops"_s;
    QTest::newRow("op not object") << pushJson("3") << u"ops[0]"_s;
    QTest::newRow("bad op kind") << pushJson(opJson(R"(,"op":"upsert")")) << u"ops[0].op"_s;
    QTest::newRow("seq zero") << pushJson(opJson(R"(,"device_seq":0)")) << u"ops[0].device_seq"_s;
    QTest::newRow("seq fraction") << pushJson(opJson(R"(,"device_seq":1.5)"))
                                  << u"ops[0].device_seq"_s;
    QTest::newRow("seq beyond 64 bits")
        << pushJson(opJson(R"(,"device_seq":99999999999999999999)")) << u"ops[0].device_seq"_s;
    QTest::newRow("hlc string") << pushJson(opJson(R"(,"hlc":"5")")) << u"ops[0].hlc"_s;
    QTest::newRow("hlc negative") << pushJson(opJson(R"(,"hlc":-1)")) << u"ops[0].hlc"_s;
    QTest::newRow("row id") << pushJson(opJson(R"(,"row_id":"x")")) << u"ops[0].row_id"_s;
    QTest::newRow("table injection")
        << pushJson(opJson(R"(,"table":"deals; DROP TABLE deals")")) << u"ops[0].table"_s;
    QTest::newRow("oversized table name")
        << pushJson(opJson(R"(,"table":")" + QByteArray(100000, 'a') + "\"")) << u"ops[0].table"_s;
    QTest::newRow("fields array") << pushJson(opJson(R"(,"fields":[])")) << u"ops[0].fields"_s;
    QTest::newRow("field bare value")
        << pushJson(opJson(R"(,"fields":{"title":"x"})")) << u"ops[0].fields.title"_s;
    QTest::newRow("nested object value")
        << pushJson(opJson(R"(,"fields":{"title":{"value":{"a":1},"base":0}})"))
        << u"ops[0].fields.title.value"_s;
    QTest::newRow("array value") << pushJson(
        opJson(R"(,"fields":{"title":{"value":[1],"base":0}})"))
                                 << u"ops[0].fields.title.value"_s;
    QTest::newRow("boolean value")
        << pushJson(opJson(R"(,"fields":{"title":{"value":true,"base":0}})"))
        << u"ops[0].fields.title.value"_s;
    QTest::newRow("fraction value")
        << pushJson(opJson(R"(,"fields":{"amount_minor":{"value":1.25,"base":0}})"))
        << u"ops[0].fields.amount_minor.value"_s;
    QTest::newRow("missing base") << pushJson(opJson(R"(,"fields":{"title":{"value":"x"}})"))
                                  << u"ops[0].fields.title.base"_s;
    QTest::newRow("missing value")
        << pushJson(opJson(R"(,"fields":{"title":{"base":1}})")) << u"ops[0].fields.title.value"_s;
    QTest::newRow("delete with fields")
        << pushJson(opJson(R"(,"op":"delete")")) << u"ops[0].fields"_s;
    QTest::newRow("bad field name")
        << pushJson(opJson(R"(,"fields":{"Title\"x":{"value":"x","base":0}})"))
        << u"ops[0].fields."_s;
    QTest::newRow("descending seqs")
        << pushJson(opJson(R"(,"device_seq":5)") + "," + opJson(R"(,"device_seq":5)"))
        << u"ops[1].device_seq"_s;
}

void tst_ProtocolCodec::malformedPushRequest()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, member);
    QString code;
    const Result<PushRequest> decoded = ProtocolCodec::decodePushRequest(json, &code);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(decoded.error().message.contains(member), qPrintable(decoded.error().message));
    QCOMPARE(code, u"bad_request"_s);
}

void tst_ProtocolCodec::tooManyOps()
{
    QString code;
    const QByteArray atLimit = ProtocolCodec::encode(sampleRequest(ProtocolCodec::maxOpsPerPush));
    QVERIFY(ProtocolCodec::decodePushRequest(atLimit, &code).ok());
    const QByteArray overLimit
        = ProtocolCodec::encode(sampleRequest(ProtocolCodec::maxOpsPerPush + 1));
    const Result<PushRequest> decoded = ProtocolCodec::decodePushRequest(overLimit, &code);
    QVERIFY(!decoded.ok());
    QCOMPARE(code, u"too_many_ops"_s);
    QVERIFY(decoded.error().message.contains(u"1001"_s));
}

void tst_ProtocolCodec::overlongValueIsLeftToTheServer()
{
    // The server answers this one op invalid_value; the rest of the push goes on.
    PushRequest request = sampleRequest(1);
    request.ops[0].fields[u"title"_s].value = QString(ProtocolCodec::maxStringValueChars + 1, u'x');
    const Result<PushRequest> decoded
        = ProtocolCodec::decodePushRequest(ProtocolCodec::encode(request));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->ops.at(0).fields.value(u"title"_s).value.toString().size(),
             ProtocolCodec::maxStringValueChars + 1);

    // Bodies beyond the limit never reach the parser.
    const QByteArray huge(ProtocolCodec::maxBodyBytes + 1, ' ');
    QVERIFY(!ProtocolCodec::decodePushRequest(huge).ok());
}

void tst_ProtocolCodec::truncatedInputsNeverDecode()
{
    PushResponse response;
    response.epoch = UuidV7::generate();
    response.results.append({1, UuidV7::generate(), u"applied"_s, 9, {}, {}, {}, std::nullopt});
    const QList<QByteArray> messages
        = {ProtocolCodec::encode(sampleRequest(2)), ProtocolCodec::encode(response)};
    for (const QByteArray &json : messages) {
        for (qsizetype cut = 0; cut < json.size(); ++cut) {
            const QByteArrayView prefix(json.constData(), cut);
            QVERIFY(!ProtocolCodec::decodePushRequest(prefix).ok());
            QVERIFY(!ProtocolCodec::decodePushResponse(prefix).ok());
            QVERIFY(!ProtocolCodec::decodePullResponse(prefix).ok());
        }
    }
}

// Fuzz-ish: random byte flips, insertions and deletions in valid messages. Whatever comes out
// is either a clean decode whose values satisfy the invariants, or an error with a message.
void tst_ProtocolCodec::mutatedInputsAreHandled()
{
    QRandomGenerator random(4242);
    const QByteArray valid = ProtocolCodec::encode(sampleRequest(3));
    const QByteArray alphabet = "{}[]\":,-0123456789eE.tfnul \\x";
    int decoded = 0;
    for (int round = 0; round < 3000; ++round) {
        QByteArray json = valid;
        const int edits = 1 + int(random.bounded(4));
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = random.bounded(json.size());
            const char c = alphabet.at(random.bounded(alphabet.size()));
            switch (random.bounded(3)) {
            case 0:
                json[at] = c;
                break;
            case 1:
                json.insert(at, c);
                break;
            default:
                json.remove(at, 1);
            }
        }
        const Result<PushRequest> request = ProtocolCodec::decodePushRequest(json);
        if (!request) {
            QVERIFY(!request.error().message.isEmpty());
            continue;
        }
        ++decoded;
        QVERIFY(UuidV7::isValid(request->deviceId));
        QVERIFY(request->ops.size() <= ProtocolCodec::maxOpsPerPush);
        qint64 previous = 0;
        for (const PushOp &op : request->ops) {
            QVERIFY(op.deviceSeq > previous);
            previous = op.deviceSeq;
            QVERIFY(UuidV7::isValid(op.rowId));
            for (auto it = op.fields.cbegin(); it != op.fields.cend(); ++it)
                QVERIFY(ProtocolCodec::isScalar(it.value().value));
        }
        QVERIFY(ProtocolCodec::decodePushResponse(json).ok() == false);
    }
    QVERIFY(decoded < 3000); // most mutations break something
}

void tst_ProtocolCodec::malformedLoginRequest_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("member");
    const QByteArray device = UuidV7::generate().toLatin1();
    QTest::newRow("no login") << QByteArray(R"({"password":"p","device_id":")" + device + "\"}")
                              << u"login"_s;
    QTest::newRow("empty password")
        << QByteArray(R"({"login":"a","password":"","device_id":")" + device + "\"}")
        << u"password"_s;
    QTest::newRow("number login") << QByteArray(R"({"login":5,"password":"p","device_id":")"
                                                + device + "\"}")
                                  << u"login"_s;
    QTest::newRow("long login") << QByteArray(
        R"({"login":")" + QByteArray(300, 'a') + R"(","password":"p","device_id":")" + device
        + "\"}") << u"login"_s;
    QTest::newRow("oversized body")
        << QByteArray(R"({"login":")" + QByteArray(5000, 'a') + "\"}") << u"4096"_s;
    QTest::newRow("no device") << QByteArray(R"({"login":"a","password":"p"})") << u"device_id"_s;
}

void tst_ProtocolCodec::malformedLoginRequest()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, member);
    const Result<LoginRequest> decoded = ProtocolCodec::decodeLoginRequest(json);
    QVERIFY(!decoded.ok());
    QVERIFY2(decoded.error().message.contains(member), qPrintable(decoded.error().message));
}

QTEST_GUILESS_MAIN(tst_ProtocolCodec)
#include "tst_protocolcodec.moc"
