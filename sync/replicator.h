#pragma once

#include "backoff.h"
#include "result.h"
#include "syncfailure.h"
#include "synctransport.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace Outpost {

class LocalStore;
class SyncStore;
class SyncTimer;

/// The client replicator: a worker QObject that lives on its own QThread with its own
/// LocalStore (opened by start() on that thread from Options::storePath) and keeps the store
/// in step with the sync server (docs/sync-protocol.md).
///
/// A sync cycle: sign in if needed; learn the server's epoch (an empty push) once per
/// connection; push the outbox in batches of at most 500 ops, applying each answer in one
/// transaction; pull pages from the cursor, applying each page with its cursor in one
/// transaction. Cycles run on start, on syncNow(), when the poke channel announces changes,
/// when the outbox grows while idle, and every 30 s as a fallback (every 5 min while the poke
/// channel is open). Transient failures are retried with exponential backoff (0.5 s → 60 s,
/// ±30 % jitter); no reachable server is the normal Offline state, not an error.
///
/// Invariants: at most one request is in flight; stop() cancels it, and nothing of a
/// cancelled request is applied (every store change happens in a handler, in one
/// transaction, so stopping never leaves half a page). Every slot runs on the replicator's
/// thread: call them with QMetaObject::invokeMethod (SyncController does), never directly
/// from another thread. Signals are for the GUI thread (queued connections).
class Replicator : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Offline, ///< not signed in, stopped, or the server cannot be reached (normal)
        Connecting, ///< signing in
        Pushing, ///< sending the outbox
        Pulling, ///< receiving changes
        Idle, ///< up to date after a successful cycle
        Error, ///< the server refused or failed; the description says why
    };
    Q_ENUM(State)

    struct Options
    {
        QString storePath; ///< the profile's store; opened on the replicator's thread
        int pushBatchSize = 500; ///< ops per push (the server takes up to 1,000)
        qsizetype pushBatchBytes = 4 * 1024 * 1024; ///< about this much field JSON per push
        /// Changes per pull page. A page is written in one transaction, which holds the store's
        /// write lock: 2,000 rows take about 0.05 to 0.15 s on a first sync, as fast overall as
        /// 5,000 (whose pages hold it up to 0.5 s) and a fifth faster than 1,000.
        int pullPageSize = 2000;
        /// A pristine store (never synced, nothing to push) first asks the server for a
        /// snapshot of the scope and installs it whole (SyncStore::installSnapshot()), then
        /// pulls the changes after it; without a snapshot it pulls every change page by page.
        /// A download cut by a transient failure is retried in the next cycles (with backoff),
        /// up to three times per start().
        bool snapshotBootstrap = true;
        int pollIntervalMs = 30'000;
        int pokedPollIntervalMs = 300'000; ///< while the poke channel is open
        int localCheckIntervalMs = 2'000; ///< how often the outbox is checked for new changes
        int minBackoffMs = 500;
        int maxBackoffMs = 60'000;
        double jitter = 0.3;
        /// Creates the timers (retry, poll, local check); default: SyncTimer. Tests inject
        /// timers they fire by hand.
        std::function<SyncTimer *(QObject *parent)> timerFactory;
        std::function<double()> random; ///< uniform [0, 1) for the jitter
        std::function<qint64()> wallClock; ///< UTC ms for the store; default: system clock
    };

    /// Takes ownership of transport (it becomes a child and moves with the replicator).
    Replicator(Options options, SyncTransport *transport, QObject *parent = nullptr);
    ~Replicator() override;

    State state() const { return m_state; }
    QString stateDescription() const { return m_description; }
    bool isRunning() const { return m_running; }
    /// The store opened by start() (null when stopped); for tests on the replicator's thread.
    SyncStore *syncStore() const { return m_sync.get(); }
    SyncTransport *transport() const { return m_transport; }
    /// The timers, for tests that fire them by hand.
    SyncTimer *retryTimer() const { return m_retryTimer; }
    SyncTimer *pollTimer() const { return m_pollTimer; }
    SyncTimer *localCheckTimer() const { return m_localTimer; }

    static QString stateName(State state);

public Q_SLOTS:
    /// Opens the store and starts syncing (a running replicator syncs now).
    void start();
    /// Cancels the request in flight, stops the timers, closes the store; then stopped().
    void stop();
    /// Runs a cycle now (after the current one, if one is running).
    void syncNow();
    /// Signs in with a login and password (kept in memory only until the sign-in succeeds).
    void signIn(const QString &login, const QString &password);
    /// Uses a session restored from the keychain.
    void setSession(const QString &token, const QString &refreshToken);
    /// Forgets the session: the replicator goes Offline until the next sign-in.
    void signOut();
    /// A hint that local changes were written: pushes them soon if the replicator is idle
    /// (the outbox is also checked every localCheckIntervalMs).
    void checkLocalChanges();

Q_SIGNALS:
    void stateChanged(Outpost::Replicator::State state, const QString &description);
    /// Local changes not yet answered by the server.
    void pendingCountChanged(qint64 count);
    /// The end of the last successful cycle (UTC ms).
    void lastSyncChanged(qint64 utcMs);
    /// Bytes of the snapshot download so far, and its size (about once per MB).
    void snapshotProgress(qint64 received, qint64 total);
    /// The store took the server's snapshot, holding every row of the scope up to cursor.
    void snapshotInstalled(qint64 cursor);
    /// Progress of a pull: rows applied so far in this cycle, and an estimate of the total.
    void pullProgress(qint64 applied, qint64 estimated);
    /// The list of sync issues changed; openCount issues are unresolved.
    void syncIssuesChanged(qint64 openCount);
    /// Rows of these tables changed in the store (views refresh).
    void rowsChanged(const QStringList &tables);
    void signedIn(const QString &userId, const QString &userName, const QString &role,
                  const QString &unitId);
    /// A sign-in with login and password failed (before fail() decides about a retry: a
    /// transient failure is retried with backoff, wrong credentials are not).
    void signInFailed(const Outpost::SyncFailure &failure);
    /// A new session (sign-in or renewal) for the keychain; empty strings: signed out.
    void sessionChanged(const QString &token, const QString &refreshToken);
    /// A cycle ended: ok when the push and the pull completed.
    void cycleFinished(bool ok);
    void stopped();

private:
    void runCycle();
    void signInNow();
    void probeEpoch();
    void pushNext();
    /// The pull of a cycle: a snapshot first for a pristine store (once per start()), then
    /// pages.
    void startPull();
    void fetchSnapshot();
    void installSnapshot(const QString &path, const Protocol::SnapshotInfo &info);
    QString snapshotPath() const;
    /// Starts pulling from the store's cursor (a new chain of pages).
    void pullNext();
    /// Asks for the page after cursor; its handler applies it (receivePage()).
    void requestPage(qint64 cursor, const QString &epoch);
    void receivePage(qint64 cursor, const SyncTransport::Reply<Protocol::PullResponse> &reply);
    void finishCycle();
    void fail(const SyncFailure &failure);
    void failStore(const Error &error);
    void onPoked(qint64 seq, const QString &epoch);
    void onPokeChannelChanged(bool open);
    void setState(State state, const QString &description);
    void publishCounts();
    void schedulePoll();
    /// A handler that runs only if the replicator was not stopped since it was made.
    std::function<bool()> stillCurrent();

    Options m_options;
    SyncTransport *m_transport = nullptr;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<SyncStore> m_sync;
    SyncTimer *m_retryTimer = nullptr;
    SyncTimer *m_pollTimer = nullptr;
    SyncTimer *m_localTimer = nullptr;
    Backoff m_backoff;

    State m_state = State::Offline;
    QString m_description;
    bool m_running = false;
    bool m_busy = false;
    bool m_again = false;
    bool m_epochConfirmed = false;
    bool m_signedOut = false; ///< a refused session: wait for signIn()/setSession()
    quint64 m_generation = 0;
    QString m_login;
    QString m_password;
    qint64 m_pendingCount = -1;
    qint64 m_openIssues = -1;
    qint64 m_latestServerSeq = 0;
    qint64 m_pullStartCursor = 0;
    qint64 m_pulledRows = 0;
    int m_resetsThisCycle = 0;
    /// A snapshot was installed or refused, the server had none, or the store was not pristine
    /// since start(): pages from now on.
    bool m_snapshotTried = false;
    int m_snapshotFailures = 0; ///< transient failures of snapshot downloads since start()
    static constexpr int maxSnapshotFailures = 3;
    int m_snapshotMegabytes = -1; ///< of the download, as last shown
    /// Pages are asked for one ahead; a page of an abandoned chain (reset, failure, epoch
    /// change) is dropped when it arrives.
    quint64 m_pullChain = 0;
};

} // namespace Outpost
