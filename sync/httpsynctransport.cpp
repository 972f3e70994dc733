#include "httpsynctransport.h"

#include "protocolcodec.h"
#include "synclogging.h"
#include "zstdstream.h"

#include <QCryptographicHash>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int maxPokeMessageBytes = 4096;
constexpr qint64 snapshotReadBufferBytes = 8 * 1024 * 1024;

QByteArray userAgent()
{
    return QByteArrayLiteral("Outpost/" OUTPOST_VERSION);
}

// Retry-After in seconds (the HTTP-date form is not used by outpost-server).
qint64 retryAfterMs(const QNetworkReply *reply)
{
    bool ok = false;
    const qint64 seconds = reply->rawHeader("Retry-After").trimmed().toLongLong(&ok);
    return ok && seconds >= 0 ? seconds * 1000 : -1;
}

// A reply that brought no HTTP answer: the network, or the secure connection. The UI tells a
// TLS problem (untrusted certificate, plain HTTP server) apart from an unreachable host: the
// address or the certificate needs fixing, not the network.
SyncFailure connectionFailure(const QNetworkReply *reply)
{
    SyncFailure failure = SyncFailure::network(reply->errorString());
    if (reply->error() == QNetworkReply::SslHandshakeFailedError)
        failure.code = SyncFailure::tlsCode();
    return failure;
}

// A non-2xx answer with its error body.
SyncFailure answerFailure(const QNetworkReply *reply, int status, const QByteArray &body)
{
    const Result<Protocol::ErrorBody> error = ProtocolCodec::decodeErrorBody(body);
    return SyncFailure::fromHttp(status, error ? error->error : QString(),
                                 error ? error->message : QString(), retryAfterMs(reply));
}

template<typename T> SyncTransport::Reply<T> decoded(Result<T> result, const char *what)
{
    if (!result) {
        qCWarning(lcSyncNet) << "cannot decode the" << what << "answer:" << result.error().message;
        return SyncTransport::Reply<T>::fail(SyncFailure::badResponse(result.error().message));
    }
    return SyncTransport::Reply<T>::success(std::move(result).value());
}

} // namespace

HttpSyncTransport::HttpSyncTransport(const QUrl &serverUrl, QObject *parent)
    : HttpSyncTransport(serverUrl, Options(), parent)
{ }

HttpSyncTransport::HttpSyncTransport(const QUrl &serverUrl, const Options &options, QObject *parent)
    : SyncTransport(parent)
    , m_server(serverUrl.adjusted(QUrl::StripTrailingSlash))
    , m_options(options)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

HttpSyncTransport::~HttpSyncTransport()
{
    abortAll();
    closePokes();
}

bool HttpSyncTransport::isValidServerUrl(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == u"http"_s || url.scheme() == u"https"_s) && !url.hasQuery()
        && !url.hasFragment() && url.userInfo().isEmpty();
}

QString HttpSyncTransport::serverName() const
{
    return m_server.port() > 0 ? u"%1:%2"_s.arg(m_server.host()).arg(m_server.port())
                               : m_server.host();
}

QUrl HttpSyncTransport::endpoint(const QString &path) const
{
    QUrl url = m_server;
    url.setPath(m_server.path() + path);
    return url;
}

void HttpSyncTransport::send(const QUrl &url, bool post, const QByteArray &body, bool authorized,
                             qint64 maxBytes, int timeoutMs, RawHandler done)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setRawHeader("Accept", "application/json");
    if (post)
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    if (authorized && !m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);

    QNetworkReply *reply = post ? m_network->post(request, body) : m_network->get(request);
    m_inFlight.append(reply);
    qCDebug(lcSyncNet) << (post ? "POST" : "GET") << url.path() << body.size() << "bytes";

    // Why the reply ended early, if we ended it: the time limit or the size bound.
    auto cutOff = std::make_shared<std::optional<SyncFailure>>();
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, reply, [reply, cutOff, timeoutMs] {
        *cutOff = SyncFailure::timeout((timeoutMs + 999) / 1000);
        reply->abort();
    });
    timer->start(timeoutMs);
    const auto checkSize = [reply, cutOff, maxBytes](qint64 received, qint64 total) {
        if (received > maxBytes || total > maxBytes) {
            *cutOff
                = SyncFailure::badResponse(tr("the answer is larger than %1 bytes").arg(maxBytes));
            reply->abort();
        }
    };
    connect(reply, &QNetworkReply::downloadProgress, reply, checkSize);
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, checkSize] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid())
            checkSize(0, length.toLongLong());
    });

    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, cutOff, maxBytes, generation, done = std::move(done)] {
                reply->deleteLater();
                m_inFlight.removeAll(reply);
                if (generation != m_generation)
                    return; // abortAll(): the handler must not run
                RawReply raw;
                const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
                if (*cutOff) {
                    raw.failure = **cutOff;
                } else if (!status.isValid()) {
                    raw.failure = connectionFailure(reply);
                } else {
                    raw.status = status.toInt();
                    raw.body = reply->read(maxBytes + 1);
                    if (raw.body.size() > maxBytes) {
                        raw.failure = SyncFailure::badResponse(
                            tr("the answer is larger than %1 bytes").arg(maxBytes));
                    } else if (raw.status < 200 || raw.status > 299) {
                        raw.failure = answerFailure(reply, raw.status, raw.body);
                    }
                }
                if (raw.failure) {
                    qCInfo(lcSyncNet) << reply->url().path() << "failed:" << raw.status
                                      << raw.failure->code << raw.failure->message;
                }
                done(raw);
            });
}

void HttpSyncTransport::sendAuthorized(const QUrl &url, bool post, const QByteArray &body,
                                       qint64 maxBytes, int timeoutMs, RawHandler done,
                                       bool mayRefresh)
{
    send(url, post, body, true, maxBytes, timeoutMs,
         [this, url, post, body, maxBytes, timeoutMs, mayRefresh,
          done = std::move(done)](const RawReply &raw) {
             if (!raw.failure) {
                 done(raw);
                 return;
             }
             renewIfExpired(
                 *raw.failure, mayRefresh,
                 [this, url, post, body, maxBytes, timeoutMs, done] {
                     sendAuthorized(url, post, body, maxBytes, timeoutMs, done, false);
                 },
                 [raw, done](const SyncFailure &failure, bool own) {
                     done(own ? raw : RawReply {0, {}, failure});
                 });
         });
}

void HttpSyncTransport::renewIfExpired(const SyncFailure &failure, bool mayRenew,
                                       std::function<void()> again,
                                       std::function<void(const SyncFailure &, bool own)> report)
{
    if (failure.kind != SyncFailure::Kind::Unauthorized || !mayRenew || m_refreshToken.isEmpty()) {
        report(failure, true);
        return;
    }
    refresh([failure, again = std::move(again),
             report = std::move(report)](std::optional<SyncFailure> refused) {
        if (!refused)
            again();
        // A refused renewal means the session is over: the request's own 401 stands. Anything
        // else (offline) is reported as it is, so it is retried.
        else if (refused->kind == SyncFailure::Kind::Rejected)
            report(failure, true);
        else
            report(*refused, false);
    });
}

void HttpSyncTransport::refresh(std::function<void(std::optional<SyncFailure>)> done)
{
    const QByteArray body = ProtocolCodec::encode(Protocol::RefreshRequest {m_refreshToken});
    send(endpoint(u"/api/v1/refresh"_s), true, body, false, m_options.maxSmallAnswerBytes,
         m_options.requestTimeoutMs, [this, done = std::move(done)](const RawReply &raw) {
             if (raw.failure) {
                 if (raw.failure->kind == SyncFailure::Kind::Unauthorized
                     || raw.failure->kind == SyncFailure::Kind::InvalidCredentials) {
                     m_refreshToken.clear();
                     SyncFailure ended = *raw.failure;
                     ended.kind = SyncFailure::Kind::Rejected;
                     done(ended);
                 } else {
                     done(raw.failure);
                 }
                 return;
             }
             const Result<Protocol::LoginResponse> renewed
                 = ProtocolCodec::decodeLoginResponse(raw.body);
             if (!renewed) {
                 done(SyncFailure::badResponse(renewed.error().message));
                 return;
             }
             qCInfo(lcSyncNet) << "session renewed";
             setSession(renewed->token, renewed->refreshToken);
             Q_EMIT sessionRenewed(m_token, m_refreshToken);
             done(std::nullopt);
         });
}

void HttpSyncTransport::login(const Protocol::LoginRequest &request, LoginHandler done)
{
    send(endpoint(u"/api/v1/login"_s), true, ProtocolCodec::encode(request), false,
         m_options.maxSmallAnswerBytes, m_options.requestTimeoutMs,
         [this, done = std::move(done)](const RawReply &raw) {
             if (raw.failure) {
                 done(Reply<Protocol::LoginResponse>::fail(*raw.failure));
                 return;
             }
             Reply<Protocol::LoginResponse> reply
                 = decoded(ProtocolCodec::decodeLoginResponse(raw.body), "login");
             if (reply.ok())
                 setSession(reply.value->token, reply.value->refreshToken);
             done(reply);
         });
}

void HttpSyncTransport::push(const Protocol::PushRequest &request, PushHandler done)
{
    sendAuthorized(endpoint(u"/api/v1/push"_s), true, ProtocolCodec::encode(request),
                   m_options.maxPushAnswerBytes, m_options.requestTimeoutMs,
                   [done = std::move(done)](const RawReply &raw) {
                       if (raw.failure)
                           done(Reply<Protocol::PushResponse>::fail(*raw.failure));
                       else
                           done(decoded(ProtocolCodec::decodePushResponse(raw.body), "push"));
                   });
}

void HttpSyncTransport::pull(qint64 cursor, int limit, const QString &epoch, PullHandler done)
{
    QUrl url = endpoint(u"/api/v1/pull"_s);
    QUrlQuery query;
    query.addQueryItem(u"cursor"_s, QString::number(cursor));
    query.addQueryItem(u"limit"_s, QString::number(limit));
    if (!epoch.isEmpty())
        query.addQueryItem(u"epoch"_s, epoch);
    url.setQuery(query);
    sendAuthorized(url, false, {}, m_options.maxPullBytes, m_options.pullTimeoutMs,
                   [done = std::move(done)](const RawReply &raw) {
                       if (raw.failure)
                           done(Reply<Protocol::PullResponse>::fail(*raw.failure));
                       else
                           done(decoded(ProtocolCodec::decodePullResponse(raw.body), "pull"));
                   });
}

void HttpSyncTransport::fetchSnapshot(const QString &targetPath, SnapshotHandler done)
{
    downloadSnapshot(targetPath, std::move(done), true);
}

namespace {

// What the headers of a snapshot answer announce, or why they cannot be used.
Result<Protocol::SnapshotInfo> snapshotHeaders(const QNetworkReply *reply, qint64 maxBytes)
{
    Protocol::SnapshotInfo info;
    const auto invalid = [](const QString &why) {
        return Error {ErrorCode::InvalidArgument, why};
    };
    info.epoch = QString::fromLatin1(reply->rawHeader("Outpost-Snapshot-Epoch"));
    if (info.epoch.isEmpty() || info.epoch.size() > 64)
        return invalid(HttpSyncTransport::tr("the snapshot has no valid epoch"));
    bool ok = false;
    info.cursor = reply->rawHeader("Outpost-Snapshot-Cursor").toLongLong(&ok);
    if (!ok || info.cursor < 0)
        return invalid(HttpSyncTransport::tr("the snapshot has no valid cursor"));
    info.schemaVersion = reply->rawHeader("Outpost-Snapshot-Schema").toInt(&ok);
    if (!ok || info.schemaVersion < 1)
        return invalid(HttpSyncTransport::tr("the snapshot has no valid schema version"));
    info.sha256 = reply->rawHeader("Outpost-Snapshot-Sha256").toLower();
    static const QRegularExpression hex(u"^[0-9a-f]{64}$"_s);
    if (!hex.match(QString::fromLatin1(info.sha256)).hasMatch())
        return invalid(HttpSyncTransport::tr("the snapshot has no valid SHA-256"));
    if (reply->rawHeader("Outpost-Snapshot-Encoding") != "zstd")
        return invalid(HttpSyncTransport::tr("the snapshot is not compressed as expected"));
    info.bytes = reply->rawHeader("Outpost-Snapshot-Bytes").toLongLong(&ok);
    if (!ok || info.bytes <= 0)
        return invalid(HttpSyncTransport::tr("the snapshot has no size"));
    if (info.bytes > maxBytes)
        return invalid(HttpSyncTransport::tr("the snapshot is larger than %1 bytes").arg(maxBytes));
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    info.transferBytes = length.isValid() ? length.toLongLong() : -1;
    if (info.transferBytes <= 0 || info.transferBytes > maxBytes)
        return invalid(HttpSyncTransport::tr("the snapshot has no valid length"));
    return info;
}

} // namespace

void HttpSyncTransport::downloadSnapshot(const QString &targetPath, SnapshotHandler done,
                                         bool mayRefresh)
{
    QNetworkRequest request(endpoint(u"/api/v1/snapshot"_s));
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setRawHeader("Accept", "application/vnd.sqlite3, application/json");
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    QNetworkReply *reply = m_network->get(request);
    m_inFlight.append(reply);
    qCDebug(lcSyncNet) << "GET /api/v1/snapshot to" << targetPath;

    // State of one download, shared by the reply's handlers.
    struct Download
    {
        QFile file;
        QCryptographicHash hash {QCryptographicHash::Sha256};
        std::optional<ZstdStream::Decoder> decoder;
        std::optional<Protocol::SnapshotInfo> info;
        std::optional<SyncFailure> cutOff;
        QByteArray errorBody;
        qint64 received = 0;
    };
    auto download = std::make_shared<Download>();
    download->file.setFileName(targetPath);

    auto *idle = new QTimer(reply);
    idle->setSingleShot(true);
    const int timeoutMs = m_options.requestTimeoutMs;
    connect(idle, &QTimer::timeout, reply, [reply, download, timeoutMs] {
        download->cutOff = SyncFailure::timeout((timeoutMs + 999) / 1000);
        reply->abort();
    });
    idle->start(timeoutMs);
    const auto stop = [reply, download](const SyncFailure &why) {
        if (!download->cutOff)
            download->cutOff = why;
        reply->abort();
    };
    const qint64 maxBytes = m_options.maxSnapshotBytes;
    const qint64 maxErrorBytes = m_options.maxSmallAnswerBytes;
    // What arrived: checked, hashed and decompressed into the file as it comes.
    const auto consume = [this, reply, download, idle, stop, maxBytes, maxErrorBytes] {
        idle->start();
        if (download->cutOff)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200) {
            download->errorBody += reply->readAll();
            if (download->errorBody.size() > maxErrorBytes)
                stop(SyncFailure::badResponse(
                    tr("the answer is larger than %1 bytes").arg(maxErrorBytes)));
            return;
        }
        if (!download->info) {
            Result<Protocol::SnapshotInfo> info = snapshotHeaders(reply, maxBytes);
            if (!info) {
                stop(SyncFailure::badResponse(info.error().message));
                return;
            }
            download->info = std::move(info).value();
            download->decoder.emplace(download->info->bytes);
            if (!download->file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                stop(SyncFailure::badResponse(
                    tr("the snapshot cannot be written to %1: %2")
                        .arg(download->file.fileName(), download->file.errorString())));
                return;
            }
        }
        const QByteArray chunk = reply->readAll();
        download->received += chunk.size();
        if (download->received > download->info->transferBytes) {
            stop(SyncFailure::badResponse(tr("the snapshot is longer than announced")));
            return;
        }
        download->hash.addData(chunk);
        if (Result<void> written = download->decoder->write(chunk, download->file); !written) {
            stop(SyncFailure::badResponse(written.error().message));
            return;
        }
        Q_EMIT snapshotProgress(download->received, download->info->transferBytes);
    };
    // Qt stops reading from the socket while this much waits: the disk sets the pace.
    reply->setReadBufferSize(snapshotReadBufferBytes);
    connect(reply, &QNetworkReply::readyRead, this, consume);

    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, download, targetPath, mayRefresh, generation, consume,
             done = std::move(done)]() mutable {
                reply->deleteLater();
                m_inFlight.removeAll(reply);
                if (generation == m_generation && reply->bytesAvailable() > 0)
                    consume();
                download->file.close();
                const auto failed = [targetPath, done](const SyncFailure &why) {
                    QFile::remove(targetPath);
                    qCInfo(lcSyncNet)
                        << "/api/v1/snapshot failed:" << why.httpStatus << why.code << why.message;
                    done(Reply<Protocol::SnapshotInfo>::fail(why));
                };
                if (generation != m_generation) {
                    QFile::remove(targetPath);
                    return; // abortAll(): the handler must not run
                }
                if (download->cutOff)
                    return failed(*download->cutOff);
                const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
                if (!status.isValid())
                    return failed(connectionFailure(reply));
                if (status.toInt() != 200) {
                    download->errorBody += reply->readAll();
                    renewIfExpired(
                        answerFailure(reply, status.toInt(), download->errorBody), mayRefresh,
                        [this, targetPath, done] { downloadSnapshot(targetPath, done, false); },
                        [failed](const SyncFailure &failure, bool) { failed(failure); });
                    return;
                }
                if (!download->info || download->received != download->info->transferBytes) {
                    return failed(SyncFailure::badResponse(
                        tr("the snapshot ended after %1 of %2 bytes")
                            .arg(download->received)
                            .arg(download->info ? download->info->transferBytes : 0)));
                }
                if (download->hash.result().toHex() != download->info->sha256)
                    return failed(SyncFailure::badResponse(tr("the snapshot's SHA-256 is wrong")));
                if (Result<void> ended = download->decoder->finish(); !ended)
                    return failed(SyncFailure::badResponse(ended.error().message));
                if (download->decoder->outputBytes() != download->info->bytes) {
                    return failed(
                        SyncFailure::badResponse(tr("the snapshot holds %1 bytes instead of %2")
                                                     .arg(download->decoder->outputBytes())
                                                     .arg(download->info->bytes)));
                }
                qCInfo(lcSyncNet) << "snapshot received:" << download->received << "bytes, cursor"
                                  << download->info->cursor;
                done(Reply<Protocol::SnapshotInfo>::success(*download->info));
            });
}

void HttpSyncTransport::openPokes()
{
    if (m_socket || m_token.isEmpty())
        return;
    QUrl url = endpoint(u"/api/v1/poke"_s);
    url.setScheme(m_server.scheme() == u"https"_s ? u"wss"_s : u"ws"_s);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());

    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(maxPokeMessageBytes);
    m_socket->setMaxAllowedIncomingFrameSize(maxPokeMessageBytes);
    m_pingTimer = new QTimer(m_socket);
    connect(m_pingTimer, &QTimer::timeout, m_socket, [this] { m_socket->ping(); });
    connect(m_socket, &QWebSocket::connected, this, [this] {
        qCInfo(lcSyncNet) << "poke channel open";
        m_pokesOpen = true;
        m_pingTimer->start(m_options.pokePingIntervalMs);
        Q_EMIT pokeChannelChanged(true);
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        qCInfo(lcSyncNet) << "poke channel closed:" << m_socket->closeReason()
                          << m_socket->errorString();
        m_pokesOpen = false;
        m_socket->deleteLater();
        m_socket = nullptr;
        m_pingTimer = nullptr;
        // Also when it never opened: the Replicator then polls and tries again later.
        Q_EMIT pokeChannelChanged(false);
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        const Result<Protocol::PokeMessage> message
            = ProtocolCodec::decodePokeMessage(text.toUtf8());
        if (!message) {
            qCWarning(lcSyncNet) << "ignoring a malformed poke:" << message.error().message;
            return;
        }
        qCDebug(lcSyncNet) << "poke" << message->type << message->seq;
        Q_EMIT poked(message->seq, message->type == u"hello"_s ? message->epoch : QString());
    });
    m_socket->open(request);
}

void HttpSyncTransport::closePokes()
{
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    m_pingTimer = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    if (m_pokesOpen) {
        m_pokesOpen = false;
        Q_EMIT pokeChannelChanged(false);
    }
}

bool HttpSyncTransport::pokesOpen() const
{
    return m_pokesOpen;
}

void HttpSyncTransport::abortAll()
{
    ++m_generation;
    const QList<QPointer<QNetworkReply>> replies = std::exchange(m_inFlight, {});
    for (const QPointer<QNetworkReply> &reply : replies) {
        if (reply)
            reply->abort();
    }
}

} // namespace Outpost
