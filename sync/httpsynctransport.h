#pragma once

#include "synctransport.h"

#include <QByteArray>
#include <QPointer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;
class QWebSocket;

namespace Outpost {

/// SyncTransport over HTTP/1.1 (QNetworkAccessManager) with a QWebSocket for pokes, as
/// specified in docs/sync-protocol.md.
///
///  - Every request after login sends "Authorization: Bearer <token>"; a 401 on push or pull
///    renews the session once with the refresh token (POST /api/v1/refresh) and repeats the
///    request, then emits sessionRenewed().
///  - Each request has a timeout; an answer larger than its bound is cut off and reported as
///    BadResponse, never buffered whole. Redirects are not followed (a token must not travel
///    to another host).
///  - Non-2xx answers become typed SyncFailures (transient or permanent) with the server's
///    error code; decoding goes through ProtocolCodec, which validates every member.
///
/// Threading: create it on any thread before use, then use it only on the Replicator's
/// thread (it moves there with the Replicator, its parent).
class HttpSyncTransport : public SyncTransport
{
    Q_OBJECT

public:
    struct Options
    {
        int requestTimeoutMs = 30'000;
        int pullTimeoutMs = 120'000; ///< a page of 1,000 rows can take a while on a slow link
        qint64 maxPullBytes = 64LL * 1024 * 1024; ///< as ProtocolCodec::decodePullResponse
        qint64 maxPushAnswerBytes = 8LL * 1024 * 1024;
        qint64 maxSmallAnswerBytes = 16LL * 1024; ///< login, refresh, error bodies
        /// A snapshot is refused beyond this size (a store of a million deals is about 1.5 GB).
        qint64 maxSnapshotBytes = 16LL * 1024 * 1024 * 1024;
        int pokePingIntervalMs = 25'000; ///< keeps NAT mappings and proxies from idling out
    };

    /// serverUrl: http(s)://host[:port][/prefix], the base of /api/v1/….
    explicit HttpSyncTransport(const QUrl &serverUrl, QObject *parent = nullptr);
    HttpSyncTransport(const QUrl &serverUrl, const Options &options, QObject *parent = nullptr);
    ~HttpSyncTransport() override;

    /// True if url is an absolute http or https URL with a host (what the constructor needs).
    static bool isValidServerUrl(const QUrl &url);

    QString serverName() const override;
    void login(const Protocol::LoginRequest &request, LoginHandler done) override;
    void push(const Protocol::PushRequest &request, PushHandler done) override;
    void pull(qint64 cursor, int limit, const QString &epoch, PullHandler done) override;
    /// Streams the file to disk as it arrives (never buffered whole), hashing it on the way;
    /// the time limit is requestTimeoutMs without progress, not for the whole download.
    void fetchSnapshot(const QString &targetPath, SnapshotHandler done) override;
    void openPokes() override;
    void closePokes() override;
    bool pokesOpen() const override;
    void abortAll() override;

private:
    struct RawReply
    {
        int status = 0;
        QByteArray body;
        std::optional<SyncFailure> failure;
    };
    using RawHandler = std::function<void(const RawReply &)>;

    QUrl endpoint(const QString &path) const;
    /// One HTTP exchange. body empty and post false: GET.
    void send(const QUrl &url, bool post, const QByteArray &body, bool authorized, qint64 maxBytes,
              int timeoutMs, RawHandler done);
    /// send() with the bearer token; on 401 renews the session once and repeats.
    void sendAuthorized(const QUrl &url, bool post, const QByteArray &body, qint64 maxBytes,
                        int timeoutMs, RawHandler done, bool mayRefresh = true);
    void refresh(std::function<void(std::optional<SyncFailure>)> done);
    /// After a request failed with failure: if it was a 401 and the session may be renewed
    /// (mayRenew, a refresh token), renews it and calls again() to repeat the request once.
    /// Otherwise, or if the renewal fails, report() gets what to tell: the request's own failure
    /// (own: true; also when the server refused the renewal, the session being over), or the
    /// renewal's (offline, …), which is then retried.
    void renewIfExpired(const SyncFailure &failure, bool mayRenew, std::function<void()> again,
                        std::function<void(const SyncFailure &, bool own)> report);
    void downloadSnapshot(const QString &targetPath, SnapshotHandler done, bool mayRefresh);

    QUrl m_server;
    Options m_options;
    QNetworkAccessManager *m_network = nullptr;
    QWebSocket *m_socket = nullptr;
    QTimer *m_pingTimer = nullptr;
    bool m_pokesOpen = false;
    quint64 m_generation = 0; ///< bumped by abortAll(): older handlers are dropped
    QList<QPointer<QNetworkReply>> m_inFlight;
};

} // namespace Outpost
