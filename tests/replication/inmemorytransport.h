#pragma once

#include "synctransport.h"

#include <QList>
#include <QPointer>
#include <QStringList>

#include <functional>

namespace Outpost {

class FakeSyncServer;

/// A SyncTransport that hands requests to a FakeSyncServer in memory (unit tests only). Bodies
/// are encoded and decoded with ProtocolCodec as over HTTP; answers arrive later from the
/// event loop, as the contract requires. Tests can make requests fail before they reach the
/// server (offline, 503, 429), lose the answer after the server processed the request, or
/// hold answers to release them by hand (to stop the replicator while a request is in flight).
class InMemoryTransport : public SyncTransport
{
    Q_OBJECT

public:
    explicit InMemoryTransport(FakeSyncServer *server, QObject *parent = nullptr);

    QString serverName() const override { return QStringLiteral("fake.invalid"); }
    void login(const Protocol::LoginRequest &request, LoginHandler done) override;
    void push(const Protocol::PushRequest &request, PushHandler done) override;
    void pull(qint64 cursor, int limit, const QString &epoch, PullHandler done) override;
    /// Copies the offered snapshot (offerSnapshot()) to targetPath; without an offer, answers
    /// 404 snapshot_unavailable as a server without one does. Not in requests(), and failNext()
    /// does not apply: tests of the other requests see the same sequence as before.
    void fetchSnapshot(const QString &targetPath, SnapshotHandler done) override;
    void openPokes() override;
    void closePokes() override;
    bool pokesOpen() const override { return m_pokesOpen; }
    void abortAll() override;

    /// The next count requests fail with failure without reaching the server.
    void failNext(int count, const SyncFailure &failure);
    /// The server processes the next count requests but their answers are lost (network).
    void loseNextAnswers(int count) { m_loseAnswers = count; }
    /// While held, answers wait in a queue until released.
    void setHeld(bool held) { m_held = held; }
    int heldCount() const { return int(m_heldAnswers.size()); }
    void releaseAll();
    /// Whether the poke channel can open (the server "supports" WebSockets).
    void setPokesAvailable(bool available) { m_pokesAvailable = available; }

    /// The next snapshot requests get a copy of file, announced as info (sizes and sha256 are
    /// filled in from the file; it travels uncompressed here).
    void offerSnapshot(const QString &file, const Protocol::SnapshotInfo &info);
    int snapshotRequests() const { return m_snapshotRequests; }
    /// The next count snapshot requests fail with failure (a cut download, a busy server).
    void failNextSnapshots(int count, const SyncFailure &failure);

    /// "login", "push 3" (ops), "pull 120" (cursor), in order.
    QStringList requests() const { return m_requests; }

private:
    /// Runs the exchange on the fake server and delivers its outcome later.
    void exchange(std::function<std::function<void()>()> run);

    QPointer<FakeSyncServer> m_server;
    QList<std::function<void()>> m_heldAnswers;
    QList<SyncFailure> m_failures;
    QStringList m_requests;
    QString m_snapshotFile;
    Protocol::SnapshotInfo m_snapshotInfo;
    int m_snapshotRequests = 0;
    QList<SyncFailure> m_snapshotFailures;
    int m_loseAnswers = 0;
    bool m_held = false;
    bool m_pokesOpen = false;
    bool m_pokesAvailable = true;
    quint64 m_generation = 0;
};

} // namespace Outpost
