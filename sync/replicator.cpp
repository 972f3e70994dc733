#include "replicator.h"

#include "localstore.h"
#include "protocol.h"
#include "remoterows.h"
#include "schema.h"
#include "synclogging.h"
#include "syncstore.h"
#include "synctimer.h"
#include "synctransport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

SyncStore::OpAnswer toAnswer(const Protocol::OpResult &result)
{
    SyncStore::OpAnswer answer;
    answer.deviceSeq = result.deviceSeq;
    answer.opId = result.opId;
    answer.status = result.status;
    answer.serverSeq = result.serverSeq;
    answer.reason = result.reason;
    answer.message = result.message;
    for (const Protocol::Conflict &conflict : result.conflicts) {
        answer.conflicts.append(
            {conflict.field, conflict.clientValue, conflict.serverValue, conflict.kept});
    }
    if (result.current)
        answer.current = toRemoteRow(*result.current);
    return answer;
}

Protocol::PushOp toPushOp(const SyncStore::PendingOp &pending)
{
    Protocol::PushOp op;
    op.opId = pending.opId;
    op.deviceSeq = pending.deviceSeq;
    op.table = pending.table;
    op.rowId = pending.rowId;
    op.op = pending.op;
    op.hlc = pending.hlc;
    for (auto it = pending.fields.cbegin(); it != pending.fields.cend(); ++it)
        op.fields.insert(it.key(), {it.value().value, it.value().base});
    return op;
}

} // namespace

Replicator::Replicator(Options options, SyncTransport *transport, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_transport(transport)
    , m_backoff(m_options.minBackoffMs, m_options.maxBackoffMs, m_options.jitter, m_options.random)
{
    m_options.pushBatchSize = std::clamp(m_options.pushBatchSize, 1, 500);
    m_options.pullPageSize = std::clamp(m_options.pullPageSize, 1, 5000);
    if (!m_options.timerFactory)
        m_options.timerFactory = [](QObject *owner) {
            return new SyncTimer(owner);
        };
    m_transport->setParent(this);
    connect(m_transport, &SyncTransport::poked, this, &Replicator::onPoked);
    connect(m_transport, &SyncTransport::pokeChannelChanged, this,
            &Replicator::onPokeChannelChanged);
    connect(m_transport, &SyncTransport::sessionRenewed, this, &Replicator::sessionChanged);
    connect(m_transport, &SyncTransport::snapshotProgress, this,
            [this](qint64 received, qint64 total) {
                const int megabytes = int(received >> 20);
                if (m_state != State::Pulling || megabytes == m_snapshotMegabytes)
                    return;
                m_snapshotMegabytes = megabytes;
                Q_EMIT snapshotProgress(received, total);
                setState(State::Pulling,
                         tr("Receiving a copy of your data (%1 of %2 MB)…")
                             .arg(megabytes)
                             .arg((total + (1 << 20) - 1) >> 20));
            });
    m_description = tr("Synchronization is stopped.");
}

Replicator::~Replicator()
{
    if (m_running) {
        ++m_generation;
        m_transport->abortAll();
    }
}

QString Replicator::stateName(State state)
{
    switch (state) {
    case State::Offline:
        return u"offline"_s;
    case State::Connecting:
        return u"connecting"_s;
    case State::Pushing:
        return u"pushing"_s;
    case State::Pulling:
        return u"pulling"_s;
    case State::Idle:
        return u"idle"_s;
    case State::Error:
        return u"error"_s;
    }
    return {};
}

std::function<bool()> Replicator::stillCurrent()
{
    const quint64 generation = m_generation;
    return [this, generation] {
        return m_running && generation == m_generation;
    };
}

void Replicator::setState(State state, const QString &description)
{
    if (state == m_state && description == m_description)
        return;
    m_state = state;
    m_description = description;
    qCInfo(lcSync) << "state" << stateName(state) << description;
    Q_EMIT stateChanged(state, description);
}

// ---- life cycle ----------------------------------------------------------------------------

void Replicator::start()
{
    if (m_running) {
        syncNow();
        return;
    }
    Result<std::unique_ptr<LocalStore>> opened = LocalStore::open(m_options.storePath);
    if (!opened) {
        setState(State::Error, opened.error().message);
        return;
    }
    m_store = std::move(opened).value();
    // Everything this connection writes can be had from the server again: pulled pages (each
    // with its cursor) and the answers to pushes (a push repeated after a power loss gets the
    // same stored answers). So its commits wait for the disk only at checkpoints, and a power
    // cut at worst rolls back the last pages, never half of one. The user's own edits go
    // through the GUI's connection, which stays Full.
    if (Result<void> relaxed = m_store->setDurability(LocalStore::Durability::Checkpoint); !relaxed)
        qCWarning(lcSync) << "cannot relax the replicator's synchronous mode:"
                          << relaxed.error().message;
    if (m_options.wallClock)
        m_store->setWallClock(m_options.wallClock);
    m_sync = std::make_unique<SyncStore>(*m_store);
    m_snapshotTried = false;
    m_snapshotFailures = 0;
    LocalStore::removeFiles(snapshotPath()); // a download or an installation cut short by a crash
    qCInfo(lcSync) << "replicator started on" << QThread::currentThread() << "for"
                   << m_options.storePath << "with" << m_transport->serverName();

    if (!m_retryTimer) {
        m_retryTimer = m_options.timerFactory(this);
        m_pollTimer = m_options.timerFactory(this);
        m_localTimer = m_options.timerFactory(this);
        connect(m_retryTimer, &SyncTimer::timeout, this, &Replicator::runCycle);
        connect(m_pollTimer, &SyncTimer::timeout, this, &Replicator::runCycle);
        connect(m_localTimer, &SyncTimer::timeout, this, &Replicator::checkLocalChanges);
    }
    m_running = true;
    m_busy = false;
    m_again = false;
    m_epochConfirmed = false;
    m_backoff.reset();
    m_pendingCount = -1;
    m_openIssues = -1;
    if (const qint64 last = m_sync->lastSyncAt(); last > 0)
        Q_EMIT lastSyncChanged(last);
    publishCounts();
    m_localTimer->start(m_options.localCheckIntervalMs);
    runCycle();
}

void Replicator::stop()
{
    if (m_running) {
        m_running = false;
        ++m_generation; // handlers of the cancelled request do nothing
        m_transport->abortAll();
        m_transport->closePokes();
        for (SyncTimer *timer : {m_retryTimer, m_pollTimer, m_localTimer})
            timer->stop();
        m_busy = false;
        m_sync.reset();
        m_store.reset();
        qCInfo(lcSync) << "replicator stopped";
    }
    setState(State::Offline, tr("Synchronization is stopped."));
    Q_EMIT stopped();
}

void Replicator::syncNow()
{
    if (!m_running)
        return;
    if (m_busy) {
        m_again = true;
        return;
    }
    // An explicit request (or a poke: the server is back) does not wait for the backoff.
    m_retryTimer->stop();
    m_backoff.reset();
    runCycle();
}

void Replicator::signIn(const QString &login, const QString &password)
{
    m_login = login;
    m_password = password;
    m_signedOut = false;
    m_transport->setSession({}, {});
    syncNow();
}

void Replicator::setSession(const QString &token, const QString &refreshToken)
{
    m_transport->setSession(token, refreshToken);
    m_signedOut = false;
    syncNow();
}

void Replicator::signOut()
{
    m_login.clear();
    m_password.clear();
    m_transport->setSession({}, {});
    m_transport->closePokes();
    m_signedOut = true;
    Q_EMIT sessionChanged({}, {});
    if (m_running && !m_busy)
        setState(State::Offline, tr("Not signed in to the sync server."));
}

// ---- the cycle -----------------------------------------------------------------------------

void Replicator::runCycle()
{
    if (!m_running || m_busy)
        return;
    m_pollTimer->stop();
    const bool haveSession = !m_transport->token().isEmpty();
    const bool canSignIn = !m_login.isEmpty() && !m_password.isEmpty();
    if (m_signedOut || (!haveSession && !canSignIn)) {
        setState(State::Offline, tr("Not signed in to the sync server."));
        return;
    }
    m_busy = true;
    m_resetsThisCycle = 0;
    m_pulledRows = 0;
    m_pullStartCursor = m_sync->cursor();
    if (!haveSession)
        signInNow();
    else if (!m_epochConfirmed)
        probeEpoch();
    else
        pushNext();
}

void Replicator::signInNow()
{
    setState(State::Connecting, tr("Signing in to %1…").arg(m_transport->serverName()));
    Protocol::LoginRequest request {m_login, m_password, m_store->deviceId()};
    m_transport->login(
        request,
        [this,
         current = stillCurrent()](const SyncTransport::Reply<Protocol::LoginResponse> &reply) {
            if (!current())
                return;
            if (!reply.ok()) {
                if (reply.failure.kind != SyncFailure::Kind::Aborted)
                    Q_EMIT signInFailed(reply.failure);
                if (current())
                    fail(reply.failure);
                return;
            }
            const Protocol::LoginResponse &session = *reply.value;
            m_password.clear(); // the session (and its refresh token) carries on from here
            m_transport->setSession(session.token, session.refreshToken);
            qCInfo(lcSync) << "signed in as" << session.userId << session.role;
            Q_EMIT sessionChanged(session.token, session.refreshToken);
            Q_EMIT signedIn(session.userId, session.userName, session.role, session.unitId);
            if (!current())
                return; // a receiver stopped the replicator
            const Result<bool> changed = m_sync->adoptEpoch(session.epoch);
            if (!changed) {
                failStore(changed.error());
                return;
            }
            m_epochConfirmed = true;
            if (changed.value())
                publishCounts();
            if (!current())
                return;
            m_transport->openPokes();
            pushNext();
        });
}

void Replicator::probeEpoch()
{
    // An empty push tells the server's epoch before anything is pushed: ops pushed to a
    // restored server before the journal is requeued would land before older ones.
    setState(State::Connecting, tr("Connecting to %1…").arg(m_transport->serverName()));
    Protocol::PushRequest request {
        m_store->deviceId(), m_sync->epoch(), Schema::latestVersion(), {}};
    m_transport->push(request,
                      [this, current = stillCurrent()](
                          const SyncTransport::Reply<Protocol::PushResponse> &reply) {
                          if (!current())
                              return;
                          if (!reply.ok()) {
                              fail(reply.failure);
                              return;
                          }
                          const Result<SyncStore::PushOutcome> outcome = m_sync->applyPushResults(
                              reply.value->epoch, reply.value->serverTime, {});
                          if (!outcome) {
                              failStore(outcome.error());
                              return;
                          }
                          m_epochConfirmed = true;
                          if (outcome->epochChanged) {
                              m_pullStartCursor = 0;
                              publishCounts();
                              if (!current())
                                  return;
                          }
                          if (!m_transport->pokesOpen())
                              m_transport->openPokes();
                          pushNext();
                      });
}

void Replicator::pushNext()
{
    const Result<QList<SyncStore::PendingOp>> batch
        = m_sync->nextBatch(m_options.pushBatchSize, m_options.pushBatchBytes);
    if (!batch) {
        failStore(batch.error());
        return;
    }
    if (batch->isEmpty()) {
        startPull();
        return;
    }
    const Result<qint64> pending = m_sync->pendingCount();
    setState(State::Pushing,
             tr("Sending %n change(s)…", nullptr, int(pending ? *pending : batch->size())));
    Protocol::PushRequest request {
        m_store->deviceId(), m_sync->epoch(), Schema::latestVersion(), {}};
    request.ops.reserve(batch->size());
    for (const SyncStore::PendingOp &op : batch.value())
        request.ops.append(toPushOp(op));
    const qsizetype sent = request.ops.size();
    m_transport->push(
        request,
        [this, sent,
         current = stillCurrent()](const SyncTransport::Reply<Protocol::PushResponse> &reply) {
            if (!current())
                return;
            if (!reply.ok()) {
                fail(reply.failure);
                return;
            }
            QList<SyncStore::OpAnswer> answers;
            answers.reserve(reply.value->results.size());
            for (const Protocol::OpResult &result : reply.value->results)
                answers.append(toAnswer(result));
            const Result<SyncStore::PushOutcome> outcome
                = m_sync->applyPushResults(reply.value->epoch, reply.value->serverTime, answers);
            if (!outcome) {
                failStore(outcome.error());
                return;
            }
            qCInfo(lcSync) << "pushed" << sent << "ops:" << outcome->applied << "applied"
                           << outcome->merged << "merged" << outcome->rejected << "rejected";
            if (outcome->epochChanged)
                m_pullStartCursor = 0;
            publishCounts();
            if (!outcome->changedTables.isEmpty())
                Q_EMIT rowsChanged(outcome->changedTables);
            if (!current())
                return;
            if (outcome->epochChanged) {
                // A restored server applies nothing pushed for the old epoch: the journal is
                // back in the outbox and goes out again first, in device-seq order.
                pushNext();
                return;
            }
            if (outcome->unanswered > 0 || answers.size() < sent) {
                // Unanswered ops stay in the outbox; pushing again at once would loop.
                fail(SyncFailure::badResponse(tr("the server did not answer every change")));
                return;
            }
            pushNext();
        });
}

void Replicator::startPull()
{
    if (!m_options.snapshotBootstrap || m_snapshotTried || m_sync->cursor() != 0) {
        pullNext();
        return;
    }
    const Result<bool> pristine = m_sync->isPristine();
    if (!pristine) {
        failStore(pristine.error());
        return;
    }
    if (!pristine.value()) {
        m_snapshotTried = true;
        pullNext();
        return;
    }
    fetchSnapshot();
}

QString Replicator::snapshotPath() const
{
    return m_options.storePath + u".snapshot"_s;
}

void Replicator::fetchSnapshot()
{
    setState(State::Pulling, tr("Receiving a copy of your data…"));
    m_snapshotMegabytes = -1;
    const QString path = snapshotPath();
    m_transport->fetchSnapshot(path,
                               [this, path, current = stillCurrent()](
                                   const SyncTransport::Reply<Protocol::SnapshotInfo> &reply) {
                                   if (!current()) {
                                       QFile::remove(path);
                                       return;
                                   }
                                   if (reply.ok()) {
                                       installSnapshot(path, *reply.value);
                                       return;
                                   }
                                   const SyncFailure &failure = reply.failure;
                                   // A lost connection or a busy server: the next cycle asks
                                   // again, a few times, before it settles for pages.
                                   const bool retry = failure.isTransient()
                                       && ++m_snapshotFailures < maxSnapshotFailures;
                                   if (failure.kind == SyncFailure::Kind::Unauthorized
                                       || failure.kind == SyncFailure::Kind::Aborted || retry) {
                                       fail(failure);
                                       return;
                                   }
                                   // No snapshot (none built yet, a server without them, a
                                   // refused file): every change page by page instead, which
                                   // ends in the same store.
                                   m_snapshotTried = true;
                                   qCInfo(lcSync) << "no snapshot:" << failure.code
                                                  << failure.message << "- pulling page by page";
                                   pullNext();
                               });
}

void Replicator::installSnapshot(const QString &path, const Protocol::SnapshotInfo &info)
{
    m_snapshotTried = true;
    const auto current = stillCurrent();
    Q_EMIT snapshotProgress(info.transferBytes, info.transferBytes);
    setState(State::Pulling, tr("Storing a copy of your data…"));
    QElapsedTimer timer;
    timer.start();
    const Result<void> installed
        = m_sync->installSnapshot(path, {info.epoch, info.cursor, info.schemaVersion});
    LocalStore::removeFiles(path);
    if (!installed) {
        qCWarning(lcSync) << "snapshot not installed:" << installed.error().message
                          << "- pulling page by page";
        pullNext();
        return;
    }
    qCInfo(lcSync) << "installed a snapshot of" << info.bytes << "bytes at cursor" << info.cursor
                   << "in" << timer.elapsed() << "ms";
    m_latestServerSeq = std::max(m_latestServerSeq, info.cursor);
    m_pullStartCursor = info.cursor;
    Q_EMIT snapshotInstalled(info.cursor);
    QStringList tables;
    for (const Schema::SyncedTable &table : Schema::syncedTables())
        tables.append(table.name);
    Q_EMIT rowsChanged(tables);
    publishCounts();
    if (current())
        pullNext();
}

void Replicator::pullNext()
{
    ++m_pullChain; // a page requested ahead for an earlier chain is not wanted any more
    requestPage(m_sync->cursor(), m_sync->epoch());
}

void Replicator::requestPage(qint64 cursor, const QString &epoch)
{
    const qint64 estimate = std::max<qint64>(m_latestServerSeq - m_pullStartCursor, 0);
    setState(State::Pulling,
             m_pulledRows > 0 && estimate > m_pulledRows
                 ? tr("Receiving changes (%1 of about %2)…").arg(m_pulledRows).arg(estimate)
                 : tr("Receiving changes…"));
    m_transport->pull(cursor, m_options.pullPageSize, epoch,
                      [this, cursor, chain = m_pullChain, current = stillCurrent()](
                          const SyncTransport::Reply<Protocol::PullResponse> &reply) {
                          if (current() && chain == m_pullChain)
                              receivePage(cursor, reply);
                      });
}

void Replicator::receivePage(qint64 cursor,
                             const SyncTransport::Reply<Protocol::PullResponse> &reply)
{
    const auto current = stillCurrent();
    if (!reply.ok()) {
        fail(reply.failure);
        return;
    }
    const Protocol::PullResponse &response = *reply.value;
    const SyncStore::PullPage page = toPullPage(response);

    // The next page is asked for before this one is written: the server reads and sends it
    // while this thread applies, instead of both taking turns. (Handlers run from the event
    // loop, never inside pull(), so pages are applied in order.) A page whose epoch is not the
    // store's leads to a reset below, which drops the page asked for ahead.
    const QString knownEpoch = m_sync->epoch();
    const bool askedAhead = response.hasMore && !response.resetRequired
        && (knownEpoch.isEmpty() || response.epoch.isEmpty() || knownEpoch == response.epoch);
    if (askedAhead)
        requestPage(response.cursor, response.epoch.isEmpty() ? knownEpoch : response.epoch);

    const Result<SyncStore::PageOutcome> outcome = m_sync->applyPullPage(page);
    if (!outcome) {
        ++m_pullChain;
        failStore(outcome.error());
        return;
    }
    if (outcome->epochChanged) {
        // Re-push the requeued journal first, then pull from 0.
        ++m_pullChain;
        m_pullStartCursor = 0;
        publishCounts();
        if (current())
            pushNext();
        return;
    }
    if (outcome->resetRequired) {
        if (++m_resetsThisCycle > 2 || cursor == 0) {
            ++m_pullChain;
            fail(SyncFailure::badResponse(tr("the server keeps asking for a full resync")));
            return;
        }
        m_pullStartCursor = 0;
        pullNext();
        return;
    }
    m_pulledRows += page.rows.size();
    qint64 estimated = m_pulledRows + (response.hasMore ? m_options.pullPageSize : 0);
    const qint64 span = std::max(m_latestServerSeq, response.cursor) - m_pullStartCursor;
    const qint64 covered = response.cursor - m_pullStartCursor;
    if (response.hasMore && span > 0) {
        // The user receives only the rows in their scope, a share of the seqs: estimate from
        // the share of the seq range the pages covered so far.
        estimated = std::max(estimated,
                             covered > 0 && covered < span ? m_pulledRows * span / covered : span);
    }
    Q_EMIT pullProgress(m_pulledRows, std::max(estimated, m_pulledRows));
    if (!outcome->changedTables.isEmpty())
        Q_EMIT rowsChanged(outcome->changedTables);
    if (!current())
        return;
    m_latestServerSeq = std::max(m_latestServerSeq, response.cursor);
    if (!response.hasMore)
        finishCycle();
    else if (!askedAhead)
        pullNext();
}

void Replicator::finishCycle()
{
    m_busy = false;
    m_backoff.reset();
    const qint64 now = m_store->nowMs();
    if (Result<void> saved = m_sync->setLastSyncAt(now); !saved)
        qCWarning(lcSync) << "cannot record the sync time:" << saved.error().message;
    Q_EMIT lastSyncChanged(now);
    if (m_pulledRows > 0)
        Q_EMIT pullProgress(m_pulledRows, m_pulledRows);
    publishCounts();
    setState(State::Idle, tr("Up to date."));
    Q_EMIT cycleFinished(true);
    if (!m_running)
        return; // a receiver stopped the replicator
    if (!m_transport->pokesOpen())
        m_transport->openPokes();
    // A request (or a poke) that came in during the cycle gets a cycle of its own, and so do
    // changes written after its last push (the outbox was empty then; checkLocalChanges() no
    // longer sees them as new, since the count above includes them).
    if (std::exchange(m_again, false) || m_pendingCount > 0) {
        runCycle();
        return;
    }
    schedulePoll();
}

void Replicator::schedulePoll()
{
    m_pollTimer->start(m_transport->pokesOpen() ? m_options.pokedPollIntervalMs
                                                : m_options.pollIntervalMs);
}

void Replicator::fail(const SyncFailure &failure)
{
    m_busy = false;
    m_again = false;
    if (failure.kind == SyncFailure::Kind::Aborted)
        return;
    qCInfo(lcSync) << "sync cycle failed:" << failure.message;
    // Receivers of cycleFinished() may stop the replicator: it is emitted last.
    const auto finished = qScopeGuard([this] { Q_EMIT cycleFinished(false); });

    switch (failure.kind) {
    case SyncFailure::Kind::Unauthorized:
    case SyncFailure::Kind::InvalidCredentials:
        // The session ended (or the password is wrong): nothing to retry until the user
        // signs in again.
        m_transport->setSession({}, {});
        m_transport->closePokes();
        m_password.clear();
        m_signedOut = true;
        Q_EMIT sessionChanged({}, {});
        setState(State::Error, failure.message);
        return;
    default:
        break;
    }

    if (failure.isTransient()) {
        // A restored server may be behind the next connection: learn its epoch again.
        if (failure.isUnreachable())
            m_epochConfirmed = false;
        const int delay = m_backoff.next(failure.retryAfterMs);
        const int seconds = std::max(1, (delay + 500) / 1000);
        if (failure.isUnreachable()) {
            setState(State::Offline,
                     tr("Offline: changes are kept on this computer and sent when %1 can be "
                        "reached (next try in %n s).",
                        nullptr, seconds)
                         .arg(m_transport->serverName()));
        } else {
            setState(State::Error,
                     failure.message + u' ' + tr("Next try in %n s.", nullptr, seconds));
        }
        m_retryTimer->start(delay);
        return;
    }
    // Refused requests are retried at the polling pace, in case the server is fixed.
    setState(State::Error, failure.message);
    m_pollTimer->start(m_options.pollIntervalMs);
}

void Replicator::failStore(const Error &error)
{
    // SQLite busy for longer than its timeout, a full disk: worth retrying, with backoff.
    qCWarning(lcSync) << "store error during sync:" << error.message;
    m_busy = false;
    m_again = false;
    const int delay = m_backoff.next();
    setState(State::Error, error.message);
    m_retryTimer->start(delay);
    Q_EMIT cycleFinished(false);
}

// ---- notifications -------------------------------------------------------------------------

void Replicator::publishCounts()
{
    if (!m_sync)
        return;
    if (const Result<qint64> pending = m_sync->pendingCount();
        pending && *pending != m_pendingCount) {
        m_pendingCount = *pending;
        Q_EMIT pendingCountChanged(m_pendingCount);
    }
    if (const Result<qint64> open = m_sync->openIssueCount(); open && *open != m_openIssues) {
        m_openIssues = *open;
        Q_EMIT syncIssuesChanged(m_openIssues);
    }
}

void Replicator::checkLocalChanges()
{
    if (!m_running)
        return;
    const qint64 before = m_pendingCount;
    publishCounts();
    m_localTimer->start(m_options.localCheckIntervalMs);
    // New local changes go out soon, but never around a backoff or a refusal. A running cycle
    // may be past its push already: another one follows it.
    if (m_pendingCount > before && m_pendingCount > 0) {
        if (m_busy)
            m_again = true;
        else if (m_state == State::Idle)
            runCycle();
    }
}

void Replicator::onPoked(qint64 seq, const QString &epoch)
{
    if (!m_running || !m_sync)
        return;
    m_latestServerSeq = std::max(m_latestServerSeq, seq);
    if (!epoch.isEmpty() && epoch != m_sync->epoch())
        m_epochConfirmed = false;
    if (seq > m_sync->cursor() || !m_epochConfirmed)
        syncNow();
}

void Replicator::onPokeChannelChanged(bool /*open*/)
{
    // Poll at the pace that fits the channel's state (slowly while pokes arrive).
    if (m_running && !m_busy && m_pollTimer->isActive())
        schedulePoll();
}

} // namespace Outpost
