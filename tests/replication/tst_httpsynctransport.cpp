#include "httpsynctransport.h"

#include "protocolcodec.h"
#include "uuidv7.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

// A scripted HTTP/1.1 server on a local port: answers requests in order from a script and
// records what it received. Enough HTTP for QNetworkAccessManager (Content-Length bodies,
// keep-alive); a test fake, not a server.
class ScriptedHttpServer : public QObject
{
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool silent = false; ///< never answer (for timeouts)
    };
    struct Request
    {
        QByteArray method;
        QByteArray target;
        QHash<QByteArray, QByteArray> headers; ///< lower-case names
        QByteArray body;
    };

    ScriptedHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            }
        });
    }

    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }
    void answer(const Answer &answer) { m_script.append(answer); }
    void answer(int status, const QByteArray &body,
                QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        m_script.append({status, body, std::move(headers), false});
    }
    QList<Request> requests;

private:
    void serve(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request request;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
            request.method = start.value(0);
            request.target = start.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                           lines.at(i).mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer.size() < end + 4 + length)
                return;
            request.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            requests.append(request);
            const Answer answer
                = m_script.isEmpty() ? Answer {404, "{}", {}, false} : m_script.takeFirst();
            if (answer.silent)
                continue;
            QByteArray response = "HTTP/1.1 " + QByteArray::number(answer.status) + " X\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + QByteArray::number(answer.body.size()) + "\r\n";
            for (const auto &[name, value] : answer.headers)
                response += name + ": " + value + "\r\n";
            socket->write(response + "\r\n" + answer.body);
        }
    }

    QTcpServer m_server;
    QList<Answer> m_script;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QByteArray errorBody(const QString &code)
{
    return ProtocolCodec::encode(Protocol::ErrorBody {code, u"Explained in English."_s});
}

QByteArray pushAnswer(const QString &epoch)
{
    return ProtocolCodec::encode(Protocol::PushResponse {epoch, 1'718'000'000'000, {}});
}

Protocol::PushRequest pushRequest()
{
    return {UuidV7::generate(), {}, 2, {}};
}

template<typename T> struct Outcome
{
    bool done = false;
    SyncTransport::Reply<T> reply;
};

} // namespace

class TestHttpSyncTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pushCarriesTheTokenAndDecodesTheAnswer();
    void pullSendsCursorAndLimit();
    void loginKeepsTheSession();
    void errorsAreTyped_data();
    void errorsAreTyped();
    void expiredTokenIsRenewedOnce();
    void refusedRenewalEndsTheSession();
    void oversizedAnswerIsCutOff();
    void silentServerTimesOut();
    void unreachableServerIsOffline();
    void malformedAnswerIsRefused();
    void abortAllDropsTheHandlers();
    void pokesArriveOverAWebSocket();
    void serverUrlIsValidated();

private:
    template<typename T> static bool wait(const Outcome<T> &outcome)
    {
        return QTest::qWaitFor([&] { return outcome.done; }, 10'000);
    }
};

void TestHttpSyncTransport::pushCarriesTheTokenAndDecodesTheAnswer()
{
    ScriptedHttpServer server;
    const QString epoch = UuidV7::generate();
    server.answer(200, pushAnswer(epoch));
    HttpSyncTransport transport(server.url());
    transport.setSession(u"op_at_secret"_s, u"op_rt_secret"_s);
    const Protocol::PushRequest request = pushRequest();
    Outcome<Protocol::PushResponse> outcome;
    transport.push(request, [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(!outcome.done); // never from inside the call
    QVERIFY(wait(outcome));
    QVERIFY(outcome.reply.ok());
    QCOMPARE(outcome.reply.value->epoch, epoch);
    QCOMPARE(server.requests.size(), 1);
    const auto &received = server.requests.at(0);
    QCOMPARE(received.method, "POST");
    QCOMPARE(received.target, "/api/v1/push");
    QCOMPARE(received.headers.value("authorization"), "Bearer op_at_secret");
    QVERIFY(received.headers.value("content-type").startsWith("application/json"));
    const auto decoded = ProtocolCodec::decodePushRequest(received.body);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->deviceId, request.deviceId);
}

void TestHttpSyncTransport::pullSendsCursorAndLimit()
{
    ScriptedHttpServer server;
    server.answer(
        200,
        ProtocolCodec::encode(Protocol::PullResponse {UuidV7::generate(), 42, false, false, {}}));
    HttpSyncTransport transport(server.url());
    transport.setSession(u"t"_s, {});
    Outcome<Protocol::PullResponse> outcome;
    const QString epoch = UuidV7::generate();
    transport.pull(42, 1000, epoch, [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(wait(outcome));
    QVERIFY(outcome.reply.ok());
    QCOMPARE(outcome.reply.value->cursor, 42);
    QCOMPARE(server.requests.at(0).method, "GET");
    QCOMPARE(server.requests.at(0).target,
             "/api/v1/pull?cursor=42&limit=1000&epoch=" + epoch.toLatin1());
}

void TestHttpSyncTransport::loginKeepsTheSession()
{
    ScriptedHttpServer server;
    Protocol::LoginResponse session;
    session.token = u"op_at_new"_s;
    session.refreshToken = u"op_rt_new"_s;
    session.userId = UuidV7::generate();
    session.userName = u"李娜"_s;
    session.role = u"rep"_s;
    session.unitId = UuidV7::generate();
    session.epoch = UuidV7::generate();
    server.answer(200, ProtocolCodec::encode(session));
    HttpSyncTransport transport(server.url());
    Outcome<Protocol::LoginResponse> outcome;
    transport.login({u"li.na"_s, u"secret"_s, UuidV7::generate()}, [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(wait(outcome));
    QVERIFY(outcome.reply.ok());
    QCOMPARE(transport.token(), u"op_at_new"_s);
    QCOMPARE(transport.refreshToken(), u"op_rt_new"_s);
    QVERIFY(!server.requests.at(0).headers.contains("authorization"));
}

void TestHttpSyncTransport::errorsAreTyped_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("transient");
    QTest::addColumn<bool>("unreachable");
    QTest::addColumn<qint64>("retryAfterMs");

    using Kind = SyncFailure::Kind;
    QTest::newRow("400") << 400 << u"bad_request"_s << QByteArray() << int(Kind::Rejected) << false
                         << false << qint64(-1);
    QTest::newRow("403") << 403 << u"forbidden"_s << QByteArray() << int(Kind::Forbidden) << false
                         << false << qint64(-1);
    QTest::newRow("413") << 413 << u"payload_too_large"_s << QByteArray() << int(Kind::Rejected)
                         << false << false << qint64(-1);
    QTest::newRow("429") << 429 << u"rate_limited"_s << QByteArray("7") << int(Kind::RateLimited)
                         << true << false << qint64(7000);
    QTest::newRow("500") << 500 << u"internal"_s << QByteArray() << int(Kind::Server) << true
                         << false << qint64(-1);
    QTest::newRow("502") << 502 << QString() << QByteArray() << int(Kind::Server) << true << true
                         << qint64(-1);
    QTest::newRow("503") << 503 << u"unavailable"_s << QByteArray() << int(Kind::Server) << true
                         << true << qint64(-1);
    QTest::newRow("401 without a refresh token")
        << 401 << u"unauthorized"_s << QByteArray() << int(Kind::Unauthorized) << false << false
        << qint64(-1);
}

void TestHttpSyncTransport::errorsAreTyped()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, kind);
    QFETCH(bool, transient);
    QFETCH(bool, unreachable);
    QFETCH(qint64, retryAfterMs);

    ScriptedHttpServer server;
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!retryAfter.isEmpty())
        headers.append({"Retry-After", retryAfter});
    server.answer(status, code.isEmpty() ? QByteArray("<html>proxy</html>") : errorBody(code),
                  headers);
    HttpSyncTransport transport(server.url());
    transport.setSession(u"t"_s, {});
    Outcome<Protocol::PushResponse> outcome;
    transport.push(pushRequest(), [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(wait(outcome));
    QVERIFY(!outcome.reply.ok());
    const SyncFailure &failure = outcome.reply.failure;
    QCOMPARE(int(failure.kind), kind);
    QCOMPARE(failure.httpStatus, status);
    QCOMPARE(failure.code, code);
    QCOMPARE(failure.isTransient(), transient);
    QCOMPARE(failure.isUnreachable(), unreachable);
    QCOMPARE(failure.retryAfterMs, retryAfterMs);
    QVERIFY(!failure.message.isEmpty());
}

void TestHttpSyncTransport::expiredTokenIsRenewedOnce()
{
    ScriptedHttpServer server;
    server.answer(401, errorBody(u"unauthorized"_s));
    Protocol::LoginResponse renewed;
    renewed.token = u"op_at_2"_s;
    renewed.refreshToken = u"op_rt_2"_s;
    renewed.userId = UuidV7::generate();
    renewed.userName = u"li.na"_s;
    renewed.role = u"rep"_s;
    renewed.epoch = UuidV7::generate();
    server.answer(200, ProtocolCodec::encode(renewed));
    server.answer(200, pushAnswer(UuidV7::generate()));

    HttpSyncTransport transport(server.url());
    transport.setSession(u"op_at_1"_s, u"op_rt_1"_s);
    QSignalSpy sessions(&transport, &SyncTransport::sessionRenewed);
    Outcome<Protocol::PushResponse> outcome;
    transport.push(pushRequest(), [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(wait(outcome));
    QVERIFY(outcome.reply.ok());
    QCOMPARE(server.requests.size(), 3);
    QCOMPARE(server.requests.at(0).headers.value("authorization"), "Bearer op_at_1");
    QCOMPARE(server.requests.at(1).target, "/api/v1/refresh");
    QCOMPARE(ProtocolCodec::decodeRefreshRequest(server.requests.at(1).body)->refreshToken,
             u"op_rt_1"_s);
    QCOMPARE(server.requests.at(2).headers.value("authorization"), "Bearer op_at_2");
    QCOMPARE(sessions.size(), 1);
    QCOMPARE(sessions.at(0).at(0).toString(), u"op_at_2"_s);
    QCOMPARE(sessions.at(0).at(1).toString(), u"op_rt_2"_s);
}

void TestHttpSyncTransport::refusedRenewalEndsTheSession()
{
    ScriptedHttpServer server;
    server.answer(401, errorBody(u"unauthorized"_s));
    server.answer(401, errorBody(u"unauthorized"_s));
    HttpSyncTransport transport(server.url());
    transport.setSession(u"op_at_1"_s, u"op_rt_1"_s);
    Outcome<Protocol::PushResponse> outcome;
    transport.push(pushRequest(), [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(wait(outcome));
    QCOMPARE(outcome.reply.failure.kind, SyncFailure::Kind::Unauthorized);
    QCOMPARE(server.requests.size(), 2);
    QVERIFY(transport.refreshToken().isEmpty());
}

void TestHttpSyncTransport::oversizedAnswerIsCutOff()
{
    ScriptedHttpServer server;
    server.answer(200, QByteArray(5000, ' ') + pushAnswer(UuidV7::generate()));
    HttpSyncTransport::Options options;
    options.maxPushAnswerBytes = 1000;
    HttpSyncTransport transport(server.url(), options);
    transport.setSession(u"t"_s, {});
    Outcome<Protocol::PushResponse> outcome;
    transport.push(pushRequest(), [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(wait(outcome));
    QCOMPARE(outcome.reply.failure.kind, SyncFailure::Kind::BadResponse);
    QVERIFY(!outcome.reply.failure.isTransient());
}

void TestHttpSyncTransport::silentServerTimesOut()
{
    ScriptedHttpServer server;
    server.answer({200, {}, {}, true});
    HttpSyncTransport::Options options;
    options.requestTimeoutMs = 300;
    HttpSyncTransport transport(server.url(), options);
    transport.setSession(u"t"_s, {});
    Outcome<Protocol::PushResponse> outcome;
    transport.push(pushRequest(), [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(wait(outcome));
    QCOMPARE(outcome.reply.failure.kind, SyncFailure::Kind::Timeout);
    QVERIFY(outcome.reply.failure.isUnreachable());
}

void TestHttpSyncTransport::unreachableServerIsOffline()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port that was free a moment ago
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    HttpSyncTransport transport(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    Outcome<Protocol::LoginResponse> outcome;
    transport.login({u"li.na"_s, u"secret"_s, UuidV7::generate()}, [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(wait(outcome));
    QCOMPARE(outcome.reply.failure.kind, SyncFailure::Kind::Network);
    QVERIFY(outcome.reply.failure.isUnreachable());
}

void TestHttpSyncTransport::malformedAnswerIsRefused()
{
    ScriptedHttpServer server;
    server.answer(200, R"({"epoch": "not a uuid", "server_time": 1, "results": []})");
    HttpSyncTransport transport(server.url());
    transport.setSession(u"t"_s, {});
    Outcome<Protocol::PushResponse> outcome;
    transport.push(pushRequest(), [&](const auto &reply) {
        outcome.reply = reply;
        outcome.done = true;
    });
    QVERIFY(wait(outcome));
    QCOMPARE(outcome.reply.failure.kind, SyncFailure::Kind::BadResponse);
    QVERIFY(outcome.reply.failure.message.contains(u"epoch"_s));
}

void TestHttpSyncTransport::abortAllDropsTheHandlers()
{
    ScriptedHttpServer server;
    server.answer({200, {}, {}, true});
    HttpSyncTransport transport(server.url());
    transport.setSession(u"t"_s, {});
    bool called = false;
    transport.push(pushRequest(), [&](const auto &) { called = true; });
    QTRY_COMPARE(server.requests.size(), 1);
    transport.abortAll();
    QTest::qWait(50);
    QVERIFY(!called);
}

void TestHttpSyncTransport::pokesArriveOverAWebSocket()
{
    QWebSocketServer sockets(u"poke"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(sockets.listen(QHostAddress::LocalHost));
    const QString epoch = UuidV7::generate();
    QByteArray authorization;
    QWebSocket *serverSide = nullptr;
    connect(&sockets, &QWebSocketServer::newConnection, this, [&] {
        serverSide = sockets.nextPendingConnection();
        authorization = serverSide->request().rawHeader("Authorization");
        serverSide->sendTextMessage(
            QString::fromUtf8(ProtocolCodec::encode(Protocol::PokeMessage {u"hello"_s, 5, epoch})));
    });

    HttpSyncTransport transport(QUrl(u"http://127.0.0.1:%1"_s.arg(sockets.serverPort())));
    transport.setSession(u"op_at_poke"_s, {});
    QSignalSpy channel(&transport, &SyncTransport::pokeChannelChanged);
    QSignalSpy pokes(&transport, &SyncTransport::poked);
    transport.openPokes();
    QVERIFY(pokes.wait(10'000));
    QVERIFY(transport.pokesOpen());
    QCOMPARE(channel.constFirst().at(0).toBool(), true);
    QCOMPARE(authorization, "Bearer op_at_poke");
    QCOMPARE(pokes.at(0).at(0).toLongLong(), 5);
    QCOMPARE(pokes.at(0).at(1).toString(), epoch);

    serverSide->sendTextMessage(u"not json"_s); // ignored
    serverSide->sendTextMessage(
        QString::fromUtf8(ProtocolCodec::encode(Protocol::PokeMessage {u"poke"_s, 9, {}})));
    QVERIFY(pokes.wait(10'000));
    QCOMPARE(pokes.size(), 2);
    QCOMPARE(pokes.at(1).at(0).toLongLong(), 9);
    QVERIFY(pokes.at(1).at(1).toString().isEmpty());

    serverSide->close();
    QTRY_VERIFY(!transport.pokesOpen());
    QCOMPARE(channel.constLast().at(0).toBool(), false);
}

void TestHttpSyncTransport::serverUrlIsValidated()
{
    QVERIFY(HttpSyncTransport::isValidServerUrl(QUrl(u"https://sync.example.com:8443"_s)));
    QVERIFY(HttpSyncTransport::isValidServerUrl(QUrl(u"http://127.0.0.1:8080/outpost"_s)));
    QVERIFY(!HttpSyncTransport::isValidServerUrl(QUrl(u"ftp://example.com"_s)));
    QVERIFY(!HttpSyncTransport::isValidServerUrl(QUrl(u"example.com"_s)));
    QVERIFY(!HttpSyncTransport::isValidServerUrl(QUrl(u"http://user:pw@example.com"_s)));
}

QTEST_GUILESS_MAIN(TestHttpSyncTransport)
#include "tst_httpsynctransport.moc"
