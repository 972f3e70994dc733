#include "hybridclock.h"
#include "localstore.h"
#include "protocolcodec.h"
#include "schema.h"
#include "syncstore.h"
#include "uuidv7.h"
#include "zstdstream.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

using namespace Qt::StringLiterals;
using namespace Outpost;
using namespace Outpost::Protocol;

namespace {

const QString password = u"integration-secret"_s;

struct Reply
{
    int status = 0;
    QByteArray body;
    QByteArray retryAfter;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
};

} // namespace

// Runs the real outpost-server: init, add-unit, add-user, serve on a free port; then the sync
// API over HTTP as a laptop would use it.
class tst_ServerProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void commandLineErrors();
    void healthz();
    void loginAndCredentials();
    void withoutTokenIsUnauthorized();
    void malformedJsonIsBadRequest();
    void pushIsIdempotentAndPullReturnsTheChange();
    void otherUnitNeverSeesTheDeal();
    void clockSkewIsRejected();
    void oversizedBodiesAre413();
    void tooManyOps();
    void unknownRoutes();
    void snapshotOfTheScopeIsDownloaded();
    void pokeWebSocket();
    void refreshAndLogout();
    void stopsCleanlyOnSigterm();

private:
    int runCommand(const QStringList &arguments, QByteArray *output = nullptr,
                   const QByteArray &input = {});
    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                  const QString &token = {});
    QString login(const QString &login);
    PushOp dealInsert(const QString &rowId, const QString &unitId, qint64 deviceSeq);

    QTemporaryDir m_dir;
    QString m_db;
    QProcess m_server;
    quint16 m_port = 0;
    QNetworkAccessManager m_network;
    QString m_unitA, m_unitB;
    QString m_tokenA, m_tokenB;
    QString m_device = UuidV7::generate();
    qint64 m_deviceSeq = 0;
};

int tst_ServerProcess::runCommand(const QStringList &arguments, QByteArray *output,
                                  const QByteArray &input)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"OUTPOST_PASSWORD"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(OUTPOST_SERVER_EXECUTABLE), arguments);
    if (!process.waitForStarted(10000))
        return -1;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return -1;
    if (output)
        *output = process.readAllStandardOutput().trimmed();
    return process.exitCode();
}

void tst_ServerProcess::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = u"sqlite:"_s + m_dir.filePath(u"server.sqlite"_s);
    QCOMPARE(runCommand({u"init"_s, u"--db"_s, m_db}), 0);
    QByteArray unit;
    QCOMPARE(runCommand({u"add-unit"_s, u"--db"_s, m_db, u"--name"_s, u"East"_s}, &unit), 0);
    m_unitA = QString::fromLatin1(unit);
    QVERIFY(UuidV7::isValid(m_unitA));
    QCOMPARE(runCommand({u"add-unit"_s, u"--db"_s, m_db, u"--name"_s, u"West"_s}, &unit), 0);
    m_unitB = QString::fromLatin1(unit);
    for (const auto &[name, unitId] :
         {std::pair {u"a@east.example"_s, m_unitA}, std::pair {u"b@west.example"_s, m_unitB}}) {
        QByteArray id;
        QCOMPARE(runCommand({u"add-user"_s, u"--db"_s, m_db, u"--login"_s, name, u"--name"_s, name,
                             u"--role"_s, u"rep"_s, u"--unit"_s, unitId, u"--password-stdin"_s},
                            &id, password.toUtf8() + '\n'),
                 0);
        QVERIFY(UuidV7::isValid(QString::fromLatin1(id)));
    }

    m_server.setProgram(QStringLiteral(OUTPOST_SERVER_EXECUTABLE));
    // Snapshots of every scope asked for, however small (the default waits for 20,000 changes).
    m_server.setArguments({u"serve"_s, u"--db"_s, m_db, u"--listen"_s, u"127.0.0.1:0"_s,
                           u"--snapshot-min-seq"_s, u"0"_s});
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its log in ours
    m_server.start();
    QVERIFY(m_server.waitForStarted(10000));
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += m_server.readAllStandardOutput()).contains('\n'), 15000);
    const QByteArray line = output.left(output.indexOf('\n'));
    QVERIFY2(line.startsWith("listening on 127.0.0.1:"), line.constData());
    m_port = quint16(line.mid(line.lastIndexOf(':') + 1).toUInt());
    QVERIFY(m_port > 0);

    m_tokenA = login(u"a@east.example"_s);
    m_tokenB = login(u"b@west.example"_s);
    QVERIFY(!m_tokenA.isEmpty());
    QVERIFY(!m_tokenB.isEmpty());
}

void tst_ServerProcess::cleanupTestCase()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.kill();
        m_server.waitForFinished(5000);
    }
}

Reply tst_ServerProcess::request(const QByteArray &method, const QString &path,
                                 const QByteArray &body, const QString &token)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    request.setTransferTimeout(20000);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Reply result {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                  reply->readAll(), reply->rawHeader("Retry-After"), reply->error()};
    reply->deleteLater();
    return result;
}

QString tst_ServerProcess::login(const QString &name)
{
    const Reply reply = request("POST", u"/api/v1/login"_s,
                                ProtocolCodec::encode(LoginRequest {name, password, m_device}));
    if (reply.status != 200)
        return {};
    const Result<LoginResponse> response = ProtocolCodec::decodeLoginResponse(reply.body);
    return response ? response->token : QString();
}

PushOp tst_ServerProcess::dealInsert(const QString &rowId, const QString &unitId, qint64 deviceSeq)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    PushOp op;
    op.opId = UuidV7::generate();
    op.deviceSeq = deviceSeq;
    op.table = u"deals"_s;
    op.rowId = rowId;
    op.op = u"insert"_s;
    op.hlc = HybridClock::fromWallMs(now);
    op.fields = {{u"title"_s, {u"Compressor 压缩机"_s, 0}},
                 {u"unit_id"_s, {unitId, 0}},
                 {u"amount_minor"_s, {qint64(9007199254740993), 0}}, // above 2^53
                 {u"stage_entered_at"_s, {now, 0}}};
    return op;
}

void tst_ServerProcess::commandLineErrors()
{
    QCOMPARE(runCommand({u"frobnicate"_s, u"--db"_s, m_db}), 2);
    QCOMPARE(runCommand({u"add-user"_s, u"--db"_s, m_db, u"--login"_s, u"x@y"_s}), 2);
    QCOMPARE(runCommand({u"add-unit"_s, u"--db"_s,
                         u"sqlite:"_s + m_dir.filePath(u"missing.sqlite"_s), u"--name"_s, u"X"_s}),
             3);
    QCOMPARE(runCommand({u"init"_s, u"--db"_s, m_db}), 1); // already initialized
}

void tst_ServerProcess::healthz()
{
    const Reply reply = request("GET", u"/healthz"_s);
    QCOMPARE(reply.status, 200);
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(body.value(u"status"_s).toString(), u"ok"_s);
    QVERIFY(UuidV7::isValid(body.value(u"epoch"_s).toString()));
}

void tst_ServerProcess::loginAndCredentials()
{
    Reply reply = request(
        "POST", u"/api/v1/login"_s,
        ProtocolCodec::encode(LoginRequest {u"a@east.example"_s, u"wrong password"_s, m_device}));
    QCOMPARE(reply.status, 401);
    QCOMPARE(ProtocolCodec::decodeErrorBody(reply.body)->error, u"invalid_credentials"_s);
    reply = request("POST", u"/api/v1/login"_s, R"({"login": 5})");
    QCOMPARE(reply.status, 400);
    QVERIFY(ProtocolCodec::decodeErrorBody(reply.body)->message.contains(u"login"_s));
}

void tst_ServerProcess::withoutTokenIsUnauthorized()
{
    PushRequest push {m_device, {}, 2, {dealInsert(UuidV7::generate(), m_unitA, 1)}};
    Reply reply = request("POST", u"/api/v1/push"_s, ProtocolCodec::encode(push));
    QCOMPARE(reply.status, 401);
    QCOMPARE(ProtocolCodec::decodeErrorBody(reply.body)->error, u"unauthorized"_s);
    reply = request("GET", u"/api/v1/pull?cursor=0"_s, {}, u"op_at_forged"_s);
    QCOMPARE(reply.status, 401);
}

void tst_ServerProcess::malformedJsonIsBadRequest()
{
    Reply reply = request("POST", u"/api/v1/push"_s, "{\"device_id\": ", m_tokenA);
    QCOMPARE(reply.status, 400);
    const Result<ErrorBody> error = ProtocolCodec::decodeErrorBody(reply.body);
    QCOMPARE(error->error, u"bad_request"_s);
    QVERIFY(error->message.contains(u"JSON"_s));
    reply = request("GET", u"/api/v1/pull?cursor=abc"_s, {}, m_tokenA);
    QCOMPARE(reply.status, 400);
}

void tst_ServerProcess::pushIsIdempotentAndPullReturnsTheChange()
{
    const QString deal = UuidV7::generate();
    const PushRequest push {m_device, {}, 2, {dealInsert(deal, m_unitA, ++m_deviceSeq)}};
    const Reply first = request("POST", u"/api/v1/push"_s, ProtocolCodec::encode(push), m_tokenA);
    QCOMPARE(first.status, 200);
    const Result<PushResponse> answer = ProtocolCodec::decodePushResponse(first.body);
    QVERIFY2(answer.ok(), first.body.constData());
    QCOMPARE(answer->results.size(), 1);
    QCOMPARE(answer->results.at(0).status, u"applied"_s);
    const qint64 seq = answer->results.at(0).serverSeq;
    QVERIFY(seq > 0);

    // A lost response: the same push again gets the same answers.
    const Reply second = request("POST", u"/api/v1/push"_s, ProtocolCodec::encode(push), m_tokenA);
    QCOMPARE(second.status, 200);
    const auto results = [](const QByteArray &body) {
        return QJsonDocument::fromJson(body).object().value(u"results"_s).toArray();
    };
    QCOMPARE(results(second.body), results(first.body));

    const Reply pulled = request("GET", u"/api/v1/pull?cursor=0&limit=5000"_s, {}, m_tokenA);
    QCOMPARE(pulled.status, 200);
    const Result<PullResponse> page = ProtocolCodec::decodePullResponse(pulled.body);
    QVERIFY(page.ok());
    QCOMPARE(page->epoch, answer->epoch);
    QCOMPARE(page->cursor, seq);
    const auto found = std::find_if(page->changes.cbegin(), page->changes.cend(),
                                    [&](const RowState &row) { return row.rowId == deal; });
    QVERIFY(found != page->changes.cend());
    QCOMPARE(found->seq, seq);
    QCOMPARE(found->fields.value(u"title"_s).toString(), u"Compressor 压缩机"_s);
    QCOMPARE(found->fields.value(u"amount_minor"_s).toLongLong(), qint64(9007199254740993));
    QCOMPARE(found->versions.value(u"title"_s), seq);

    // Pulling on from the cursor: nothing new; the same seq appears only once.
    const Reply next = request(
        "GET", u"/api/v1/pull?cursor=%1&epoch=%2"_s.arg(seq).arg(page->epoch), {}, m_tokenA);
    QCOMPARE(ProtocolCodec::decodePullResponse(next.body)->changes.size(), 0);
}

void tst_ServerProcess::otherUnitNeverSeesTheDeal()
{
    const QString deal = UuidV7::generate();
    PushRequest push {m_device, {}, 2, {dealInsert(deal, m_unitA, ++m_deviceSeq)}};
    QCOMPARE(request("POST", u"/api/v1/push"_s, ProtocolCodec::encode(push), m_tokenA).status, 200);
    const Reply pulled = request("GET", u"/api/v1/pull?cursor=0"_s, {}, m_tokenB);
    QVERIFY(!pulled.body.contains(deal.toLatin1()));

    // B writing into A's deal is an answer, not an error.
    PushOp edit;
    edit.opId = UuidV7::generate();
    edit.deviceSeq = 1;
    edit.table = u"deals"_s;
    edit.rowId = deal;
    edit.op = u"update"_s;
    edit.hlc = HybridClock::fromWallMs(QDateTime::currentMSecsSinceEpoch());
    edit.fields = {{u"title"_s, {u"mine"_s, 0}}};
    const Reply reply
        = request("POST", u"/api/v1/push"_s,
                  ProtocolCodec::encode(PushRequest {UuidV7::generate(), {}, 2, {edit}}), m_tokenB);
    QCOMPARE(reply.status, 200);
    const OpResult result = ProtocolCodec::decodePushResponse(reply.body)->results.at(0);
    QCOMPARE(result.status, u"rejected"_s);
    QCOMPARE(result.reason, u"forbidden"_s);
    QVERIFY(!result.current.has_value());
}

void tst_ServerProcess::clockSkewIsRejected()
{
    PushOp op = dealInsert(UuidV7::generate(), m_unitA, ++m_deviceSeq);
    op.hlc = HybridClock::fromWallMs(QDateTime::currentMSecsSinceEpoch() + 60 * 60 * 1000);
    const Reply reply
        = request("POST", u"/api/v1/push"_s,
                  ProtocolCodec::encode(PushRequest {m_device, {}, 2, {op}}), m_tokenA);
    QCOMPARE(reply.status, 200);
    const OpResult result = ProtocolCodec::decodePushResponse(reply.body)->results.at(0);
    QCOMPARE(result.status, u"rejected"_s);
    QCOMPARE(result.reason, u"clock_skew"_s);
}

void tst_ServerProcess::oversizedBodiesAre413()
{
    const QByteArray huge(ProtocolCodec::maxBodyBytes + 1, ' ');
    Reply reply = request("POST", u"/api/v1/push"_s, huge, m_tokenA);
    QCOMPARE(reply.status, 413);
    QCOMPARE(ProtocolCodec::decodeErrorBody(reply.body)->error, u"payload_too_large"_s);
    const QByteArray bigLogin = R"({"login":")" + QByteArray(5000, 'a') + R"("})";
    reply = request("POST", u"/api/v1/login"_s, bigLogin);
    QCOMPARE(reply.status, 413);
    // The server is still fine afterwards.
    QCOMPARE(request("GET", u"/healthz"_s).status, 200);
}

void tst_ServerProcess::tooManyOps()
{
    PushRequest push {m_device, {}, 2, {}};
    for (int i = 1; i <= ProtocolCodec::maxOpsPerPush + 1; ++i)
        push.ops.append(dealInsert(UuidV7::generate(), m_unitA, 100000 + i));
    const Reply reply = request("POST", u"/api/v1/push"_s, ProtocolCodec::encode(push), m_tokenA);
    QCOMPARE(reply.status, 400);
    QCOMPARE(ProtocolCodec::decodeErrorBody(reply.body)->error, u"too_many_ops"_s);
}

void tst_ServerProcess::unknownRoutes()
{
    QCOMPARE(request("GET", u"/api/v1/nothing"_s).status, 404);
    QCOMPARE(request("GET", u"/api/v1/push"_s, {}, m_tokenA).status, 405);
}

void tst_ServerProcess::snapshotOfTheScopeIsDownloaded()
{
    QCOMPARE(request("GET", u"/api/v1/snapshot"_s).status, 401);
    QCOMPARE(request("POST", u"/api/v1/snapshot"_s, {}, m_tokenA).status, 405);
    // A deal in each unit, then A's first request: none yet, one is built in the background.
    const QString dealA = UuidV7::generate();
    const QString dealB = UuidV7::generate();
    QCOMPARE(request("POST", u"/api/v1/push"_s,
                     ProtocolCodec::encode(PushRequest {
                         m_device, {}, 2, {dealInsert(dealA, m_unitA, ++m_deviceSeq)}}),
                     m_tokenA)
                 .status,
             200);
    QCOMPARE(request("POST", u"/api/v1/push"_s,
                     ProtocolCodec::encode(
                         PushRequest {UuidV7::generate(), {}, 2, {dealInsert(dealB, m_unitB, 1)}}),
                     m_tokenB)
                 .status,
             200);
    const Reply first = request("GET", u"/api/v1/snapshot"_s, {}, m_tokenA);
    QCOMPARE(first.status, 404);
    QCOMPARE(ProtocolCodec::decodeErrorBody(first.body)->error, u"snapshot_unavailable"_s);

    // Asked again until it is ready.
    QNetworkRequest get(QUrl(u"http://127.0.0.1:%1/api/v1/snapshot"_s.arg(m_port)));
    get.setRawHeader("Authorization", "Bearer " + m_tokenA.toLatin1());
    get.setTransferTimeout(20000);
    std::unique_ptr<QNetworkReply> reply;
    const auto download = [&] {
        reply.reset(m_network.get(get));
        QEventLoop loop;
        connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    };
    QTRY_COMPARE_WITH_TIMEOUT(download(), 200, 30000);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), u"application/zstd"_s);
    QCOMPARE(reply->rawHeader("Outpost-Snapshot-Encoding"), "zstd");
    const QByteArray body = reply->readAll();
    QCOMPARE(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(), body.size());
    QCOMPARE(reply->rawHeader("Outpost-Snapshot-Sha256"),
             QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    QCOMPARE(reply->rawHeader("Outpost-Snapshot-Schema").toInt(), Schema::latestVersion());
    const qint64 cursor = reply->rawHeader("Outpost-Snapshot-Cursor").toLongLong();
    QVERIFY(cursor > 0);
    const QString epoch = QString::fromLatin1(reply->rawHeader("Outpost-Snapshot-Epoch"));
    QVERIFY(UuidV7::isValid(epoch));

    // It is a desktop store of A's scope: A's deal, never B's.
    const QString path = m_dir.filePath(u"snapshot-a.outpost"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const qint64 bytes = reply->rawHeader("Outpost-Snapshot-Bytes").toLongLong();
    ZstdStream::Decoder decoder(bytes);
    QVERIFY(decoder.write(body, file).ok());
    QVERIFY(decoder.finish().ok());
    QCOMPARE(decoder.outputBytes(), bytes);
    file.close();
    QVERIFY(body.size() < bytes);
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.read(16) == QByteArrayView("SQLite format 3\0", 16));
    written.close();
    auto store = LocalStore::open(path);
    QVERIFY2(store.ok(), qPrintable(store.error().message));
    SyncStore sync(*store.value());
    QCOMPARE(sync.cursor(), cursor);
    QCOMPARE(sync.epoch(), epoch);
    QSqlQuery q = store.value()->query();
    QVERIFY(q.exec(u"SELECT count(*) FROM deals WHERE id = '%1'"_s.arg(dealA)) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(q.exec(u"SELECT count(*) FROM deals WHERE unit_id <> '%1'"_s.arg(m_unitA)) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void tst_ServerProcess::pokeWebSocket()
{
    QWebSocket socket;
    QNetworkRequest upgrade(QUrl(u"ws://127.0.0.1:%1/api/v1/poke"_s.arg(m_port)));
    upgrade.setRawHeader("Authorization", "Bearer " + m_tokenA.toLatin1());
    QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
    socket.open(upgrade);
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
    const Result<PokeMessage> hello
        = ProtocolCodec::decodePokeMessage(messages.at(0).at(0).toString().toUtf8());
    QVERIFY(hello.ok());
    QCOMPARE(hello->type, u"hello"_s);
    QVERIFY(UuidV7::isValid(hello->epoch));

    // Three quick pushes in A's unit: coalesced pokes, the last with the newest seq.
    qint64 lastSeq = 0;
    for (int i = 0; i < 3; ++i) {
        const PushRequest push {
            m_device, {}, 2, {dealInsert(UuidV7::generate(), m_unitA, ++m_deviceSeq)}};
        const Reply reply
            = request("POST", u"/api/v1/push"_s, ProtocolCodec::encode(push), m_tokenA);
        lastSeq = ProtocolCodec::decodePushResponse(reply.body)->results.at(0).serverSeq;
    }
    QVERIFY(lastSeq > hello->seq);
    QTRY_VERIFY_WITH_TIMEOUT(
        ProtocolCodec::decodePokeMessage(messages.constLast().at(0).toString().toUtf8())->seq
            == lastSeq,
        10000);
    QVERIFY(messages.size() <= 4);
    for (qsizetype i = 1; i < messages.size(); ++i) {
        QCOMPARE(ProtocolCodec::decodePokeMessage(messages.at(i).at(0).toString().toUtf8())->type,
                 u"poke"_s);
    }
    socket.close();

    // Without a token the upgrade is refused.
    QWebSocket anonymous;
    QSignalSpy connected(&anonymous, &QWebSocket::connected);
    QSignalSpy disconnected(&anonymous, &QWebSocket::disconnected);
    anonymous.open(QUrl(u"ws://127.0.0.1:%1/api/v1/poke"_s.arg(m_port)));
    QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), 10000);
    QVERIFY(connected.isEmpty());
}

void tst_ServerProcess::refreshAndLogout()
{
    const Reply loggedIn
        = request("POST", u"/api/v1/login"_s,
                  ProtocolCodec::encode(LoginRequest {u"a@east.example"_s, password, m_device}));
    const LoginResponse pair = ProtocolCodec::decodeLoginResponse(loggedIn.body).value();
    const Reply refreshed = request("POST", u"/api/v1/refresh"_s,
                                    ProtocolCodec::encode(RefreshRequest {pair.refreshToken}));
    QCOMPARE(refreshed.status, 200);
    const LoginResponse rotated = ProtocolCodec::decodeLoginResponse(refreshed.body).value();
    QCOMPARE(request("GET", u"/api/v1/pull"_s, {}, pair.token).status, 401); // revoked
    QCOMPARE(request("GET", u"/api/v1/pull"_s, {}, rotated.token).status, 200);
    QCOMPARE(request("POST", u"/api/v1/logout"_s, {}, rotated.token).status, 204);
    QCOMPARE(request("GET", u"/api/v1/pull"_s, {}, rotated.token).status, 401);
}

void tst_ServerProcess::stopsCleanlyOnSigterm()
{
    m_server.terminate(); // SIGTERM
    QVERIFY(m_server.waitForFinished(15000));
    QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_ServerProcess)
#include "tst_serverprocess.moc"
