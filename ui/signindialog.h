#pragma once

#include <QDialog>

#include <memory>

namespace Outpost {

namespace Ui {
class SignInDialog;
}

class SyncSession;
struct SyncFailure;

/// File > Sign In: the sync server's address, the user's login and password. Validates the
/// input (an http or https address of bounded length, a login, a password) and runs the
/// sign-in through SyncSession without blocking: a busy indicator shows while the server is
/// asked, and every failure (unreachable, wrong credentials, too many attempts with the wait,
/// TLS) is shown inline, translated. Accepted when the server confirms the sign-in.
///
/// Notes under the form when sessions cannot be remembered on this computer (no keychain).
/// The password is handed to the replicator and cleared from the form on success; it is never
/// stored. GUI thread only.
class SignInDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int maxLoginLength = 254;
    static constexpr int maxPasswordLength = 1024;

    explicit SignInDialog(SyncSession &session, QWidget *parent = nullptr);
    ~SignInDialog() override;

    /// Waiting for the server's answer.
    bool isBusy() const { return m_busy; }
    /// The error shown under the form (empty: none).
    QString errorText() const;

    /// What the user reads when a sign-in fails (translated); serverName as in "host:port".
    static QString failureText(const SyncFailure &failure, const QString &serverName);

public Q_SLOTS:
    void reject() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void submit();
    void setBusy(bool busy);
    void showError(const QString &message, QWidget *field = nullptr, const QString &detail = {});
    void clearError();
    void updateKeychainNote();
    void fitContents();
    void retranslate();

    std::unique_ptr<Ui::SignInDialog> m_ui;
    SyncSession &m_session;
    QString m_serverName;
    bool m_busy = false;
    bool m_submitted = false;
};

} // namespace Outpost
