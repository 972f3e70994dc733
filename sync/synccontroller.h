#pragma once

#include "replicator.h"

#include <QObject>
#include <QThread>

namespace Outpost {

class SyncTransport;

/// The GUI thread's handle on replication: owns the sync QThread and the Replicator living on
/// it, forwards requests to it with QMetaObject::invokeMethod (queued, never blocking) and
/// forwards its signals (queued to the GUI thread), keeping the latest values for getters.
///
/// The desktop creates one per signed-in profile, connects the signals to the status bar and
/// the views (rowsChanged), stores sessionChanged() in the keychain and calls start().
/// Destroying it stops the replicator and joins the thread; that waits at most for the
/// transaction in progress (a page, well under a second), never for the network.
///
/// Threading: GUI thread (or the thread that created it).
class SyncController : public QObject
{
    Q_OBJECT

public:
    /// Takes ownership of transport, which moves to the sync thread with the replicator.
    SyncController(Replicator::Options options, SyncTransport *transport,
                   QObject *parent = nullptr);
    ~SyncController() override;

    Replicator::State state() const { return m_state; }
    QString stateDescription() const { return m_description; }
    qint64 pendingCount() const { return m_pendingCount; }
    qint64 lastSyncAt() const { return m_lastSyncAt; }
    qint64 openIssueCount() const { return m_openIssues; }
    bool isRunning() const { return m_running; }

public Q_SLOTS:
    void start();
    /// Asks the replicator to stop; stopped() follows. The thread stays for a later start().
    void stop();
    void syncNow();
    void signIn(const QString &login, const QString &password);
    void setSession(const QString &token, const QString &refreshToken);
    void signOut();
    /// Call after local edits: they are pushed soon if the replicator is idle.
    void notifyLocalChanges();

Q_SIGNALS:
    void stateChanged(Outpost::Replicator::State state, const QString &description);
    void pendingCountChanged(qint64 count);
    void lastSyncChanged(qint64 utcMs);
    void snapshotProgress(qint64 received, qint64 total);
    void snapshotInstalled(qint64 cursor);
    void pullProgress(qint64 applied, qint64 estimated);
    void syncIssuesChanged(qint64 openCount);
    void rowsChanged(const QStringList &tables);
    void signedIn(const QString &userId, const QString &userName, const QString &role,
                  const QString &unitId);
    void signInFailed(const Outpost::SyncFailure &failure);
    void sessionChanged(const QString &token, const QString &refreshToken);
    void cycleFinished(bool ok);
    void stopped();

private:
    QThread m_thread;
    Replicator *m_replicator = nullptr;
    Replicator::State m_state = Replicator::State::Offline;
    QString m_description;
    qint64 m_pendingCount = 0;
    qint64 m_lastSyncAt = 0;
    qint64 m_openIssues = 0;
    bool m_running = false;
};

} // namespace Outpost
