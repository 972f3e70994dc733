#include "tokenvault.h"

#include "uilogging.h"

#include <qt6keychain/keychain.h>

#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString serviceName = u"Outpost"_s;

QString encode(const TokenVault::Tokens &tokens)
{
    const QJsonObject object {{u"token"_s, tokens.token},
                              {u"refresh_token"_s, tokens.refreshToken}};
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<TokenVault::Tokens> decode(const QString &text)
{
    // Bounded: a keychain entry is ours, but the keychain is outside input all the same.
    if (text.size() > 16 * 1024)
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
    TokenVault::Tokens tokens {object.value(u"token"_s).toString(),
                               object.value(u"refresh_token"_s).toString()};
    if (tokens.token.isEmpty() && tokens.refreshToken.isEmpty())
        return std::nullopt;
    return tokens;
}

} // namespace

TokenVault::TokenVault(QObject *parent)
    : QObject(parent)
    , m_persistent(keychainExpected())
{ }

TokenVault::~TokenVault() = default;

QString TokenVault::entryKey(const QString &storePath, const QString &server, const QString &login)
{
    return u"session|%1|%2|%3"_s.arg(storePath, server, login.trimmed().toLower());
}

bool TokenVault::keychainExpected()
{
    // Without a window system there is nobody to unlock a keychain, and on Linux the Secret
    // Service and KWallet are reached over the D-Bus session bus.
    const QString platform = QGuiApplication::platformName();
    if (platform == u"offscreen"_s || platform == u"minimal"_s)
        return false;
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return false;
#endif
    return true;
}

QString TokenVault::unavailableReason() const
{
    if (m_persistent)
        return {};
    return tr("No keychain is available on this computer, so your sign-in is kept only until "
              "Outpost closes; you will need to sign in again next time.");
}

QString TokenVault::unavailableSummary() const
{
    if (m_persistent)
        return {};
    return tr("No keychain: your sign-in lasts until Outpost closes.");
}

void TokenVault::markUnavailable(const QString &detail)
{
    if (!detail.isEmpty())
        qCWarning(lcUi) << "the keychain cannot be used:" << detail;
    m_persistent = false;
    if (std::exchange(m_announced, true))
        return;
    Q_EMIT persistenceUnavailable(unavailableSummary());
}

void TokenVault::read(const QString &key, ReadHandler done)
{
    if (const auto cached = m_memory.constFind(key); cached != m_memory.cend() || !m_persistent) {
        const std::optional<Tokens> tokens
            = cached != m_memory.cend() ? std::optional<Tokens>(*cached) : std::nullopt;
        if (!m_persistent && !m_announced) {
            // Say so once, when a session is first looked for.
            QTimer::singleShot(0, this, [this] { markUnavailable({}); });
        }
        QTimer::singleShot(0, this, [tokens, done = std::move(done)] { done(tokens); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(serviceName, this);
    job->setKey(key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file
    connect(job, &QKeychain::Job::finished, this,
            [this, key, done = std::move(done)](QKeychain::Job *finished) {
                auto *reader = static_cast<QKeychain::ReadPasswordJob *>(finished);
                switch (reader->error()) {
                case QKeychain::NoError: {
                    const std::optional<Tokens> tokens = decode(reader->textData());
                    if (tokens)
                        m_memory.insert(key, *tokens);
                    done(tokens);
                    return;
                }
                case QKeychain::EntryNotFound:
                    done(std::nullopt);
                    return;
                default:
                    markUnavailable(reader->errorString());
                    done(std::nullopt);
                    return;
                }
            });
    job->start();
}

void TokenVault::write(const QString &key, const Tokens &tokens)
{
    m_memory.insert(key, tokens);
    if (!m_persistent) {
        markUnavailable({});
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(serviceName, this);
    job->setKey(key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setTextData(encode(tokens));
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError)
            markUnavailable(finished->errorString());
    });
    job->start();
}

void TokenVault::remove(const QString &key)
{
    m_memory.remove(key);
    if (!m_persistent)
        return;
    auto *job = new QKeychain::DeletePasswordJob(serviceName, this);
    job->setKey(key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError
            && finished->error() != QKeychain::EntryNotFound) {
            qCWarning(lcUi) << "a session could not be removed from the keychain:"
                            << finished->errorString();
        }
    });
    job->start();
}

} // namespace Outpost
