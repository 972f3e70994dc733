#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace Outpost {

/// Keeps sync session tokens (access and refresh token) in the operating system's keychain
/// through QtKeychain (Secret Service, KWallet, macOS Keychain, Windows Credential Manager),
/// keyed by profile, server and user.
///
/// Where no keychain exists (no Secret Service on a headless machine, the offscreen platform,
/// a locked or refused keychain) the tokens are kept in memory only, for this run:
/// persistenceUnavailable() is emitted once so the UI can tell the user that the session will
/// not be remembered. Tokens are never written anywhere else (no QSettings fallback).
///
/// Every keychain call is asynchronous. GUI thread only.
class TokenVault : public QObject
{
    Q_OBJECT

public:
    struct Tokens
    {
        QString token;
        QString refreshToken;
    };
    using ReadHandler = std::function<void(std::optional<Tokens>)>;

    explicit TokenVault(QObject *parent = nullptr);
    ~TokenVault() override;

    /// The keychain entry's name for a session of login on server for the profile stored at
    /// storePath.
    static QString entryKey(const QString &storePath, const QString &server, const QString &login);

    /// True until the keychain turned out to be unavailable (or is known to be, for instance
    /// on the offscreen platform or without a D-Bus session on Linux).
    bool isPersistent() const { return m_persistent; }
    /// Why sessions are not remembered (translated), or empty while the keychain works.
    QString unavailableReason() const;
    /// The same in a few words, for the status bar.
    QString unavailableSummary() const;

    /// Reads the tokens of key; done is called later (never from inside read()).
    void read(const QString &key, ReadHandler done);
    void write(const QString &key, const Tokens &tokens);
    void remove(const QString &key);

Q_SIGNALS:
    /// The keychain cannot be used: sessions live in memory only. Emitted at most once, with
    /// unavailableSummary().
    void persistenceUnavailable(const QString &message);

private:
    void markUnavailable(const QString &detail);
    static bool keychainExpected();

    QHash<QString, Tokens> m_memory; ///< this run's tokens (a cache of the keychain, or all)
    bool m_persistent = true;
    bool m_announced = false;
};

} // namespace Outpost
