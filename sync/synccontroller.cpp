#include "synccontroller.h"

#include "synclogging.h"
#include "synctransport.h"

using namespace Qt::StringLiterals;

namespace Outpost {

SyncController::SyncController(Replicator::Options options, SyncTransport *transport,
                               QObject *parent)
    : QObject(parent)
    , m_replicator(new Replicator(std::move(options), transport))
{
    m_thread.setObjectName(u"outpost-sync"_s);
    m_replicator->moveToThread(&m_thread);
    m_description = m_replicator->stateDescription();

    // Context `this`: queued to this thread, and disconnected when this object goes.
    connect(m_replicator, &Replicator::stateChanged, this,
            [this](Replicator::State state, const QString &description) {
                m_state = state;
                m_description = description;
                Q_EMIT stateChanged(state, description);
            });
    connect(m_replicator, &Replicator::pendingCountChanged, this, [this](qint64 count) {
        m_pendingCount = count;
        Q_EMIT pendingCountChanged(count);
    });
    connect(m_replicator, &Replicator::lastSyncChanged, this, [this](qint64 utcMs) {
        m_lastSyncAt = utcMs;
        Q_EMIT lastSyncChanged(utcMs);
    });
    connect(m_replicator, &Replicator::syncIssuesChanged, this, [this](qint64 openCount) {
        m_openIssues = openCount;
        Q_EMIT syncIssuesChanged(openCount);
    });
    connect(m_replicator, &Replicator::stopped, this, [this] {
        m_running = false;
        Q_EMIT stopped();
    });
    connect(m_replicator, &Replicator::pullProgress, this, &SyncController::pullProgress);
    connect(m_replicator, &Replicator::snapshotProgress, this, &SyncController::snapshotProgress);
    connect(m_replicator, &Replicator::snapshotInstalled, this, &SyncController::snapshotInstalled);
    connect(m_replicator, &Replicator::rowsChanged, this, &SyncController::rowsChanged);
    connect(m_replicator, &Replicator::signedIn, this, &SyncController::signedIn);
    connect(m_replicator, &Replicator::signInFailed, this, &SyncController::signInFailed);
    connect(m_replicator, &Replicator::sessionChanged, this, &SyncController::sessionChanged);
    connect(m_replicator, &Replicator::cycleFinished, this, &SyncController::cycleFinished);
}

SyncController::~SyncController()
{
    if (m_thread.isRunning()) {
        // Blocking here is bounded by the replicator's current transaction: stop() cancels
        // network requests without waiting for them.
        QMetaObject::invokeMethod(m_replicator, &Replicator::stop, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    delete m_replicator;
}

void SyncController::start()
{
    if (!m_thread.isRunning())
        m_thread.start();
    m_running = true;
    QMetaObject::invokeMethod(m_replicator, &Replicator::start, Qt::QueuedConnection);
}

void SyncController::stop()
{
    QMetaObject::invokeMethod(m_replicator, &Replicator::stop, Qt::QueuedConnection);
}

void SyncController::syncNow()
{
    QMetaObject::invokeMethod(m_replicator, &Replicator::syncNow, Qt::QueuedConnection);
}

void SyncController::signIn(const QString &login, const QString &password)
{
    QMetaObject::invokeMethod(
        m_replicator,
        [replicator = m_replicator, login, password] { replicator->signIn(login, password); },
        Qt::QueuedConnection);
}

void SyncController::setSession(const QString &token, const QString &refreshToken)
{
    QMetaObject::invokeMethod(
        m_replicator,
        [replicator = m_replicator, token, refreshToken] {
            replicator->setSession(token, refreshToken);
        },
        Qt::QueuedConnection);
}

void SyncController::signOut()
{
    QMetaObject::invokeMethod(m_replicator, &Replicator::signOut, Qt::QueuedConnection);
}

void SyncController::notifyLocalChanges()
{
    QMetaObject::invokeMethod(m_replicator, &Replicator::checkLocalChanges, Qt::QueuedConnection);
}

} // namespace Outpost
