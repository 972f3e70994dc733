#pragma once

#include "replicator.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace Outpost {

class SyncSession;

/// The sync part of the status bar: the state (Online, Offline, Sending changes…, with a
/// coloured mark and a tooltip that says what it means), the number of local changes not yet
/// on the server, the last successful sync ("Synced 2 min ago", the local time in the tooltip)
/// and, during a large pull, a progress bar of the rows received against the estimate (or, while
/// a first sync downloads the server's snapshot, of its bytes).
///
/// Clicking the state asks for a sync (syncRequested()) or, when not signed in, for the
/// sign-in dialog (signInRequested()). Follows SyncSession's signals; retranslates itself.
/// GUI thread only.
class SyncStatusWidget : public QWidget
{
    Q_OBJECT

public:
    /// A pull shows its progress bar from this many estimated rows on.
    static constexpr qint64 largePullRows = 2000;

    explicit SyncStatusWidget(SyncSession &session, QWidget *parent = nullptr);
    ~SyncStatusWidget() override;

    /// "Synced just now", "Synced 5 min ago", "Synced 3 h ago", "Synced on 2026-03-10".
    static QString relativeSyncTime(qint64 utcMs, qint64 nowMs);

Q_SIGNALS:
    void syncRequested();
    void signInRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateState();
    void updatePending();
    void updateLastSync();
    void showPullProgress(qint64 applied, qint64 estimated);
    void showSnapshotProgress(qint64 received, qint64 total);
    void clicked();

    SyncSession &m_session;
    QToolButton *m_stateButton;
    QLabel *m_pendingLabel;
    QLabel *m_lastSyncLabel;
    QProgressBar *m_progressBar;
    QTimer m_clock;
    qint64 m_pullApplied = 0;
    qint64 m_pullEstimated = 0;
    qint64 m_snapshotReceived = 0;
    qint64 m_snapshotTotal = 0; ///< 0: no snapshot download is shown
};

} // namespace Outpost
