#include "syncsession.h"

#include "serveraddress.h"
#include "tokenvault.h"
#include "uilogging.h"

#include "httpsynctransport.h"
#include "synccontroller.h"

#include "localstore.h"
#include "organizationrepository.h"
#include "syncstore.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString serverKey = u"server"_s;
const QString loginKey = u"login"_s;
// The login whose data the profile holds once it synced: another user needs another profile.
const QString boundLoginKey = u"boundLogin"_s;

} // namespace

SyncSession::SyncSession(LocalStore &store, QString profileName, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_profileName(std::move(profileName))
    , m_vault(new TokenVault(this))
{
    m_description = tr("No sync server is set up for this profile.");
    m_rowsTimer.setSingleShot(true);
    connect(&m_rowsTimer, &QTimer::timeout, this, &SyncSession::flushRows);
    connect(m_vault, &TokenVault::persistenceUnavailable, this, &SyncSession::keychainUnavailable);
}

SyncSession::~SyncSession()
{
    // Joins the sync thread (bounded by the transaction in progress) before the store goes.
    m_controller.reset();
}

QString SyncSession::settingsGroup() const
{
    // Profiles of the same name in different data folders are different profiles.
    const QString path = QFileInfo(m_store.path()).absoluteFilePath();
    const QByteArray digest = QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1);
    return u"sync/%1-%2"_s.arg(m_profileName, QString::fromLatin1(digest.toHex().left(10)));
}

void SyncSession::remember(const QString &name, const QString &value) const
{
    QSettings settings;
    settings.setValue(settingsGroup() + u'/' + name, value);
}

QString SyncSession::remembered(const QString &name) const
{
    const QSettings settings;
    // Settings files are user-editable: bounded like any other input.
    return settings.value(settingsGroup() + u'/' + name).toString().left(ServerAddress::maxLength);
}

QString SyncSession::vaultKey() const
{
    return TokenVault::entryKey(QFileInfo(m_store.path()).absoluteFilePath(),
                                ServerAddress::display(m_server), m_login);
}

void SyncSession::start(const QUrl &presetServer, const QString &presetLogin,
                        const QString &presetPassword)
{
    QUrl server = presetServer;
    if (server.isValid()) {
        remember(serverKey, ServerAddress::display(server));
    } else if (const QString stored = remembered(serverKey); !stored.isEmpty()) {
        const Result<QUrl> parsed = ServerAddress::parse(stored);
        if (parsed)
            server = parsed.value();
        else
            qCWarning(lcUi) << "ignoring the remembered sync server:" << parsed.error().message;
    }
    m_login = presetLogin.trimmed().isEmpty() ? remembered(loginKey) : presetLogin.trimmed();
    if (!server.isValid()) {
        setState(Replicator::State::Offline, tr("No sync server is set up for this profile."));
        return;
    }
    useServer(server);
    if (m_login.isEmpty()) {
        startController();
        return;
    }
    const quint64 generation = m_generation;
    m_vault->read(
        vaultKey(), [this, generation, presetPassword](std::optional<TokenVault::Tokens> tokens) {
            if (generation != m_generation || !m_controller)
                return; // the user chose another server meanwhile
            if (tokens) {
                qCInfo(lcUi) << "restoring the stored session of" << m_login;
                m_controller->setSession(tokens->token, tokens->refreshToken);
                setHasSession(true);
                startController();
                return;
            }
            if (!presetPassword.isEmpty()) {
                if (Result<void> started = signIn(m_server, m_login, presetPassword); !started) {
                    qCWarning(lcUi) << "cannot sign in:" << started.error().message;
                    startController();
                }
                return;
            }
            startController();
        });
}

void SyncSession::useServer(const QUrl &server)
{
    if (m_controller && server == m_server)
        return;
    ++m_generation;
    m_controller.reset();
    if (m_hasSession)
        setHasSession(false);
    m_server = server;

    Replicator::Options options;
    options.storePath = m_store.path();
    // The transport moves to the sync thread with the replicator that owns it.
    m_controller = std::make_unique<SyncController>(options, new HttpSyncTransport(server));
    SyncController *controller = m_controller.get();
    connect(controller, &SyncController::stateChanged, this, &SyncSession::setState);
    connect(controller, &SyncController::pendingCountChanged, this, [this](qint64 count) {
        m_pendingCount = count;
        Q_EMIT pendingCountChanged(count);
    });
    connect(controller, &SyncController::lastSyncChanged, this, [this](qint64 utcMs) {
        m_lastSyncAt = utcMs;
        Q_EMIT lastSyncChanged(utcMs);
    });
    connect(controller, &SyncController::pullProgress, this, &SyncSession::pullProgress);
    connect(controller, &SyncController::snapshotProgress, this, &SyncSession::snapshotProgress);
    connect(controller, &SyncController::syncIssuesChanged, this, [this](qint64 openCount) {
        m_store.releaseReads(); // the replicator's commits must be visible to the readers
        Q_EMIT syncIssuesChanged(openCount);
    });
    connect(controller, &SyncController::rowsChanged, this, &SyncSession::queueRows);
    connect(controller, &SyncController::sessionChanged, this,
            [this](const QString &token, const QString &refreshToken) {
                if (token.isEmpty() && refreshToken.isEmpty()) {
                    m_vault->remove(vaultKey());
                    setHasSession(false);
                    return;
                }
                m_vault->write(vaultKey(), {token, refreshToken});
                setHasSession(true);
            });
    connect(controller, &SyncController::signedIn, this,
            [this](const QString &userId, const QString &name, const QString &role,
                   const QString &unitId) {
                OrganizationRepository organization(m_store);
                if (Result<void> saved = organization.setCurrentUserId(userId); !saved)
                    qCWarning(lcUi) << "cannot record the signed-in user:" << saved.error().message;
                remember(serverKey, ServerAddress::display(m_server));
                remember(loginKey, m_login);
                remember(boundLoginKey, m_login);
                m_signingIn = false;
                Q_EMIT signInSucceeded();
                Q_EMIT userChanged(userId, name, role, unitId);
            });
    connect(controller, &SyncController::signInFailed, this, [this](const SyncFailure &failure) {
        m_signingIn = false;
        Q_EMIT signInFailed(failure);
    });
    m_pendingCount = 0;
    m_lastSyncAt = 0;
    setState(Replicator::State::Offline, tr("Not signed in to the sync server."));
}

void SyncSession::startController()
{
    if (m_controller && !m_controller->isRunning())
        m_controller->start();
}

Result<void> SyncSession::signIn(const QUrl &server, const QString &login, const QString &password)
{
    const QString user = login.trimmed();
    if (!server.isValid() || user.isEmpty() || password.isEmpty())
        return Error {ErrorCode::InvalidArgument,
                      tr("Enter the server address, your login and your password.")};
    // The store holds one user's scope and outbox: another user would push them as theirs.
    const QString bound = remembered(boundLoginKey);
    if (!bound.isEmpty() && bound.compare(user, Qt::CaseInsensitive) != 0
        && !SyncStore(m_store).epoch().isEmpty()) {
        return Error {ErrorCode::InvalidArgument,
                      tr("This profile holds the data of %1. Sign in as %1, or open another "
                         "profile (--profile) to sign in as %2.")
                          .arg(bound, user)};
    }
    useServer(server);
    if (m_hasSession && user.compare(m_login, Qt::CaseInsensitive) != 0) {
        m_vault->remove(vaultKey());
        setHasSession(false);
    }
    m_login = user;
    m_signingIn = true;
    m_controller->signIn(user, password);
    startController();
    return {};
}

void SyncSession::cancelSignIn()
{
    if (!m_signingIn && m_hasSession)
        return;
    m_signingIn = false;
    // Without a session the replicator may still retry the password in the background.
    if (m_controller && !m_hasSession)
        m_controller->signOut();
}

void SyncSession::signOut()
{
    m_signingIn = false;
    if (!m_controller)
        return;
    m_controller->signOut();
    if (!m_login.isEmpty())
        m_vault->remove(vaultKey());
    setHasSession(false);
}

void SyncSession::syncNow()
{
    if (!m_controller)
        return;
    if (!m_controller->isRunning())
        m_controller->start();
    else
        m_controller->syncNow();
}

void SyncSession::notifyLocalChanges()
{
    if (m_controller && m_controller->isRunning())
        m_controller->notifyLocalChanges();
}

void SyncSession::setState(Replicator::State state, const QString &description)
{
    m_state = state;
    m_description = description;
    Q_EMIT stateChanged(state, description);
    // The end of a cycle: show what the last pages brought without waiting.
    if (state == Replicator::State::Idle && m_rowsTimer.isActive()) {
        m_rowsTimer.stop();
        flushRows();
    }
}

void SyncSession::setHasSession(bool hasSession)
{
    if (m_hasSession == hasSession)
        return;
    m_hasSession = hasSession;
    Q_EMIT signedInChanged(hasSession);
}

void SyncSession::queueRows(const QStringList &tables)
{
    for (const QString &table : tables)
        m_changedTables.insert(table);
    if (!m_rowsTimer.isActive())
        m_rowsTimer.start(m_state == Replicator::State::Pulling ? pullCoalesceMs : coalesceMs);
}

void SyncSession::flushRows()
{
    if (m_changedTables.isEmpty())
        return;
    QStringList tables(m_changedTables.cbegin(), m_changedTables.cend());
    std::sort(tables.begin(), tables.end());
    m_changedTables.clear();
    // A statement of the GUI thread's connection still on a row would keep an old snapshot.
    m_store.releaseReads();
    Q_EMIT rowsChanged(tables);
}

} // namespace Outpost
