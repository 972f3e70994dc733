#pragma once

#include "replicator.h"
#include "result.h"
#include "syncfailure.h"

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace Outpost {

class LocalStore;
class SyncController;
class TokenVault;

/// The desktop's side of replication for one profile: which server and user the profile
/// syncs with (remembered in QSettings), the session tokens (in the keychain through
/// TokenVault, never in QSettings), and the SyncController that runs the replicator on its own
/// thread. Re-emits the controller's signals, so the status bar and the pages need not know
/// when the controller is replaced (another server). rowsChanged() is coalesced: a pull of
/// many pages refreshes the views a few times, not once per page.
///
/// Offline is normal: without a server, a session or a network the profile works as before and
/// stateChanged() says Offline. Nothing here blocks the GUI thread (the keychain and the network
/// answer asynchronously); only replacing the controller joins the old sync thread, which waits
/// at most for the transaction in progress.
///
/// GUI thread only; uses the GUI thread's LocalStore for the profile's current user.
class SyncSession : public QObject
{
    Q_OBJECT

public:
    SyncSession(LocalStore &store, QString profileName, QObject *parent = nullptr);
    ~SyncSession() override;

    /// Restores the profile's server and login and, if the keychain holds a session for them,
    /// starts the replicator signed in. presetServer (--server) replaces the remembered server;
    /// presetLogin and presetPassword (--login, OUTPOST_PASSWORD) sign in unless a session is
    /// stored for that login already.
    void start(const QUrl &presetServer = {}, const QString &presetLogin = {},
               const QString &presetPassword = {});

    QUrl serverUrl() const { return m_server; }
    QString login() const { return m_login; }
    bool hasServer() const { return m_server.isValid(); }
    /// A session exists (signed in, possibly offline).
    bool isSignedIn() const { return m_hasSession; }
    bool isSigningIn() const { return m_signingIn; }
    SyncController *controller() const { return m_controller.get(); }
    TokenVault *vault() const { return m_vault; }

    Replicator::State state() const { return m_state; }
    QString stateDescription() const { return m_description; }
    qint64 pendingCount() const { return m_pendingCount; }
    qint64 lastSyncAt() const { return m_lastSyncAt; }

    /// Signs in with a password (the sign-in dialog). Problems found before the server is
    /// asked come back at once; the outcome arrives as signInSucceeded() or signInFailed().
    Result<void> signIn(const QUrl &server, const QString &login, const QString &password);
    /// The user gave up waiting: a sign-in still retrying in the background is dropped.
    void cancelSignIn();
    /// Ends the session: forgets the tokens (keychain too); the profile's data stays.
    void signOut();
    void syncNow();
    /// Local edits were written: the replicator pushes them soon.
    void notifyLocalChanges();

    /// The interval rowsChanged() is coalesced over (ms); while pulling, pullCoalesceMs.
    static constexpr int coalesceMs = 250;
    static constexpr int pullCoalesceMs = 1500;

Q_SIGNALS:
    void stateChanged(Outpost::Replicator::State state, const QString &description);
    void pendingCountChanged(qint64 count);
    void lastSyncChanged(qint64 utcMs);
    void pullProgress(qint64 applied, qint64 estimated);
    /// Bytes of the snapshot a first sync downloads, and its size.
    void snapshotProgress(qint64 received, qint64 total);
    void syncIssuesChanged(qint64 openCount);
    /// Rows of these tables changed in the store (coalesced; views refresh in place).
    void rowsChanged(const QStringList &tables);
    void signedInChanged(bool signedIn);
    /// The server confirmed who is signed in.
    void userChanged(const QString &userId, const QString &name, const QString &role,
                     const QString &unitId);
    void signInSucceeded();
    void signInFailed(const Outpost::SyncFailure &failure);
    /// Sessions cannot be remembered on this computer (said once per run).
    void keychainUnavailable(const QString &message);

private:
    void useServer(const QUrl &server);
    void startController();
    void setState(Replicator::State state, const QString &description);
    void setHasSession(bool hasSession);
    void queueRows(const QStringList &tables);
    void flushRows();
    QString vaultKey() const;
    QString settingsGroup() const;
    void remember(const QString &name, const QString &value) const;
    QString remembered(const QString &name) const;

    LocalStore &m_store;
    QString m_profileName;
    TokenVault *m_vault;
    std::unique_ptr<SyncController> m_controller;
    QUrl m_server;
    QString m_login;
    bool m_hasSession = false;
    bool m_signingIn = false;
    Replicator::State m_state = Replicator::State::Offline;
    QString m_description;
    qint64 m_pendingCount = 0;
    qint64 m_lastSyncAt = 0;
    QSet<QString> m_changedTables;
    QTimer m_rowsTimer;
    quint64 m_generation = 0; ///< bumped when the server or login changes: stale reads drop
};

} // namespace Outpost
