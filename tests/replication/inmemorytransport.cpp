#include "inmemorytransport.h"

#include "fakesyncserver.h"
#include "protocolcodec.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// What an HTTP transport makes of a non-2xx answer.
SyncFailure failureOf(const FakeSyncServer::Answer &answer)
{
    const Result<Protocol::ErrorBody> body = ProtocolCodec::decodeErrorBody(answer.body);
    return SyncFailure::fromHttp(answer.status, body ? body->error : QString(),
                                 body ? body->message : QString());
}

template<typename T>
SyncTransport::Reply<T> decodedReply(const FakeSyncServer::Answer &answer,
                                     Result<T> (*decode)(QByteArrayView))
{
    if (answer.status != 200)
        return SyncTransport::Reply<T>::fail(failureOf(answer));
    Result<T> decoded = decode(answer.body);
    if (!decoded)
        return SyncTransport::Reply<T>::fail(SyncFailure::badResponse(decoded.error().message));
    return SyncTransport::Reply<T>::success(std::move(decoded).value());
}

} // namespace

InMemoryTransport::InMemoryTransport(FakeSyncServer *server, QObject *parent)
    : SyncTransport(parent)
    , m_server(server)
{
    connect(server, &FakeSyncServer::committed, this, [this](qint64 seq) {
        if (m_pokesOpen)
            QTimer::singleShot(0, this, [this, seq] { Q_EMIT poked(seq, {}); });
    });
}

void InMemoryTransport::failNext(int count, const SyncFailure &failure)
{
    for (int i = 0; i < count; ++i)
        m_failures.append(failure);
}

void InMemoryTransport::exchange(std::function<std::function<void()>()> run)
{
    // The server sees the request now; the client gets the answer later (or when released).
    const std::function<void()> deliver = run();
    const quint64 generation = m_generation;
    auto guarded = [this, generation, deliver] {
        if (generation == m_generation)
            deliver();
    };
    if (m_held)
        m_heldAnswers.append(guarded);
    else
        QTimer::singleShot(0, this, guarded);
}

void InMemoryTransport::releaseAll()
{
    const QList<std::function<void()>> answers = std::exchange(m_heldAnswers, {});
    for (const std::function<void()> &answer : answers)
        QTimer::singleShot(0, this, answer);
}

void InMemoryTransport::login(const Protocol::LoginRequest &request, LoginHandler done)
{
    m_requests.append(u"login"_s);
    const QByteArray body = ProtocolCodec::encode(request);
    exchange([this, body, done]() -> std::function<void()> {
        if (!m_failures.isEmpty()) {
            const SyncFailure failure = m_failures.takeFirst();
            return [done, failure] {
                done(Reply<Protocol::LoginResponse>::fail(failure));
            };
        }
        const FakeSyncServer::Answer answer = m_server->login(body);
        Reply<Protocol::LoginResponse> reply
            = decodedReply(answer, &ProtocolCodec::decodeLoginResponse);
        if (m_loseAnswers > 0) {
            --m_loseAnswers;
            reply = Reply<Protocol::LoginResponse>::fail(SyncFailure::network(u"lost"_s));
        }
        if (reply.ok())
            setSession(reply.value->token, reply.value->refreshToken);
        return [done, reply] {
            done(reply);
        };
    });
}

void InMemoryTransport::push(const Protocol::PushRequest &request, PushHandler done)
{
    m_requests.append(u"push %1"_s.arg(request.ops.size()));
    const QByteArray body = ProtocolCodec::encode(request);
    exchange([this, body, done]() -> std::function<void()> {
        if (!m_failures.isEmpty()) {
            const SyncFailure failure = m_failures.takeFirst();
            return [done, failure] {
                done(Reply<Protocol::PushResponse>::fail(failure));
            };
        }
        Reply<Protocol::PushResponse> reply
            = decodedReply(m_server->push(m_token, body), &ProtocolCodec::decodePushResponse);
        if (m_loseAnswers > 0) {
            --m_loseAnswers;
            reply = Reply<Protocol::PushResponse>::fail(SyncFailure::network(u"lost"_s));
        }
        return [done, reply] {
            done(reply);
        };
    });
}

void InMemoryTransport::pull(qint64 cursor, int limit, const QString &epoch, PullHandler done)
{
    m_requests.append(u"pull %1"_s.arg(cursor));
    exchange([this, cursor, limit, epoch, done]() -> std::function<void()> {
        if (!m_failures.isEmpty()) {
            const SyncFailure failure = m_failures.takeFirst();
            return [done, failure] {
                done(Reply<Protocol::PullResponse>::fail(failure));
            };
        }
        Reply<Protocol::PullResponse> reply = decodedReply(
            m_server->pull(m_token, cursor, limit, epoch), &ProtocolCodec::decodePullResponse);
        if (m_loseAnswers > 0) {
            --m_loseAnswers;
            reply = Reply<Protocol::PullResponse>::fail(SyncFailure::network(u"lost"_s));
        }
        return [done, reply] {
            done(reply);
        };
    });
}

void InMemoryTransport::offerSnapshot(const QString &file, const Protocol::SnapshotInfo &info)
{
    m_snapshotFile = file;
    m_snapshotInfo = info;
    QFile source(file);
    if (source.open(QIODevice::ReadOnly)) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(&source);
        m_snapshotInfo.sha256 = hash.result().toHex();
        m_snapshotInfo.bytes = source.size();
        m_snapshotInfo.transferBytes = source.size();
    }
}

void InMemoryTransport::failNextSnapshots(int count, const SyncFailure &failure)
{
    for (int i = 0; i < count; ++i)
        m_snapshotFailures.append(failure);
}

void InMemoryTransport::fetchSnapshot(const QString &targetPath, SnapshotHandler done)
{
    ++m_snapshotRequests;
    exchange([this, targetPath, done]() -> std::function<void()> {
        if (!m_snapshotFailures.isEmpty()) {
            const SyncFailure failure = m_snapshotFailures.takeFirst();
            return [done, failure] {
                done(Reply<Protocol::SnapshotInfo>::fail(failure));
            };
        }
        if (m_snapshotFile.isEmpty()) {
            const SyncFailure failure = SyncFailure::fromHttp(404, u"snapshot_unavailable"_s,
                                                              u"No snapshot of this scope yet."_s);
            return [done, failure] {
                done(Reply<Protocol::SnapshotInfo>::fail(failure));
            };
        }
        QFile::remove(targetPath);
        if (!QFile::copy(m_snapshotFile, targetPath)) {
            return [done] {
                done(Reply<Protocol::SnapshotInfo>::fail(SyncFailure::network(u"copy"_s)));
            };
        }
        return [done, info = m_snapshotInfo] {
            done(Reply<Protocol::SnapshotInfo>::success(info));
        };
    });
}

void InMemoryTransport::openPokes()
{
    if (m_pokesOpen || !m_pokesAvailable || m_token.isEmpty())
        return;
    m_pokesOpen = true;
    const qint64 seq = m_server->seq();
    const QString epoch = m_server->epoch();
    QTimer::singleShot(0, this, [this, seq, epoch] {
        Q_EMIT pokeChannelChanged(true);
        Q_EMIT poked(seq, epoch); // hello
    });
}

void InMemoryTransport::closePokes()
{
    if (!m_pokesOpen)
        return;
    m_pokesOpen = false;
    Q_EMIT pokeChannelChanged(false);
}

void InMemoryTransport::abortAll()
{
    ++m_generation;
    m_heldAnswers.clear();
}

} // namespace Outpost
