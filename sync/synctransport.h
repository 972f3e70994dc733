#pragma once

#include "protocol.h"
#include "syncfailure.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace Outpost {

/// The Replicator's view of the sync server (docs/sync-protocol.md): asynchronous login, push
/// and pull, plus the poke channel. Injectable: HttpSyncTransport talks to outpost-server;
/// unit tests use an in-memory transport backed by a fake server.
///
/// Contract for implementations:
///  - A handler is called exactly once, later, from the event loop (never from inside the
///    call that started the request), unless abortAll() cancelled the request: then never.
///  - Requests after login carry the session's bearer token. An implementation may renew an
///    expired token with the refresh token and then emits sessionRenewed().
///
/// Threading: lives on the Replicator's thread (it is the Replicator's child).
class SyncTransport : public QObject
{
    Q_OBJECT

public:
    /// Either the decoded answer or why there is none.
    template<typename T> struct Reply
    {
        std::optional<T> value;
        SyncFailure failure;

        bool ok() const { return value.has_value(); }
        static Reply success(T answer) { return {std::move(answer), {}}; }
        static Reply fail(SyncFailure why) { return {std::nullopt, std::move(why)}; }
    };

    using LoginHandler = std::function<void(const Reply<Protocol::LoginResponse> &)>;
    using PushHandler = std::function<void(const Reply<Protocol::PushResponse> &)>;
    using PullHandler = std::function<void(const Reply<Protocol::PullResponse> &)>;
    using SnapshotHandler = std::function<void(const Reply<Protocol::SnapshotInfo> &)>;

    explicit SyncTransport(QObject *parent = nullptr);

    /// A short name of the server for the user ("sync.example.com:8443").
    virtual QString serverName() const = 0;

    // Handlers are called later, from the event loop of the transport's thread, never from
    // within the call that made the request (the replicator relies on it to keep pages in
    // order while it asks for the next one ahead).
    virtual void login(const Protocol::LoginRequest &request, LoginHandler done) = 0;
    virtual void push(const Protocol::PushRequest &request, PushHandler done) = 0;
    /// epoch: the epoch the cursor belongs to (empty on first contact); the server answers
    /// reset_required when it is not its own.
    virtual void pull(qint64 cursor, int limit, const QString &epoch, PullHandler done) = 0;

    /// Downloads the snapshot of the user's scope (GET /api/v1/snapshot: a desktop store
    /// holding every row of the scope up to a cursor) into targetPath, replacing it. The reply
    /// says what the file holds; its size and SHA-256 were checked against what the server
    /// announced. A server without a snapshot for the scope answers Rejected with the code
    /// snapshot_unavailable. On failure targetPath is removed. snapshotProgress() reports the
    /// download.
    virtual void fetchSnapshot(const QString &targetPath, SnapshotHandler done) = 0;

    /// Opens the poke channel (a WebSocket) with the current token; pokeChannelChanged() tells
    /// whether it is up. closePokes() closes it.
    virtual void openPokes() = 0;
    virtual void closePokes() = 0;
    virtual bool pokesOpen() const = 0;

    /// Cancels every request in flight; their handlers are never called.
    virtual void abortAll() = 0;

    /// The bearer token and the refresh token for the following requests (empty: none).
    void setSession(const QString &token, const QString &refreshToken);
    QString token() const { return m_token; }
    QString refreshToken() const { return m_refreshToken; }

Q_SIGNALS:
    /// The server announced changes up to seq (type poke), or greeted with its epoch (hello).
    void poked(qint64 seq, const QString &epoch);
    void pokeChannelChanged(bool open);
    /// Bytes of a snapshot download so far, and its size.
    void snapshotProgress(qint64 received, qint64 total);
    /// The transport renewed the session with the refresh token: persist the new pair.
    void sessionRenewed(const QString &token, const QString &refreshToken);

protected:
    QString m_token;
    QString m_refreshToken;
};

} // namespace Outpost
