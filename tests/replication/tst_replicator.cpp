#include "replicator.h"

#include "changewriter.h"
#include "fakesyncserver.h"
#include "inmemorytransport.h"
#include "localstore.h"
#include "manualtimer.h"
#include "schema.h"
#include "syncstore.h"
#include "uuidv7.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

constexpr qint64 t0 = 1'718'000'000'000;
const QString login = u"li.na@east.example"_s;
const QString password = u"correct horse"_s;

// One laptop: its replicator (on the test thread, with hand-fired timers) and the "GUI"
// connection to the same store that the test writes and reads through.
struct Client
{
    QString path;
    std::unique_ptr<LocalStore> store;
    InMemoryTransport *transport = nullptr;
    std::unique_ptr<Replicator> replicator;

    ManualTimer *retryTimer() const { return static_cast<ManualTimer *>(replicator->retryTimer()); }
    ManualTimer *pollTimer() const { return static_cast<ManualTimer *>(replicator->pollTimer()); }
    ManualTimer *localTimer() const
    {
        return static_cast<ManualTimer *>(replicator->localCheckTimer());
    }

    QVariant scalar(const QString &sql, const QVariantList &bindings = {}) const
    {
        QSqlQuery q = store->query();
        q.prepare(sql);
        for (const QVariant &value : bindings)
            q.addBindValue(value);
        if (!q.exec() || !q.next())
            return {};
        return q.value(0);
    }
    int count(const QString &table) const
    {
        return scalar(u"SELECT count(*) FROM %1"_s.arg(table)).toInt();
    }
    QVariant column(const QString &table, const QString &id, const QString &name) const
    {
        return scalar(u"SELECT %1 FROM %2 WHERE id = ?"_s.arg(name, table), {id});
    }
    qint64 pending() const { return count(u"outbox"_s); }
    qint64 cursor() const
    {
        return scalar(u"SELECT value FROM sync_state WHERE key = 'cursor'"_s).toLongLong();
    }
};

} // namespace

class TestReplicator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void notSignedInStaysOffline();
    void offlineIsNormal();
    void pushAndPullRoundTripBetweenTwoStores();
    void lostPushAnswerIsPushedAgainIdempotently();
    void transientFailuresBackOff();
    void failuresAreClassified_data();
    void failuresAreClassified();
    void endedSessionWaitsForSignIn();
    void concurrentEditsBecomeConflicts();
    void rejectedChangeBecomesAnIssue();
    void epochChangeResyncsAndPushesAgain();
    void stopWhileBusyAppliesNothing();
    void pokeTriggersAPull();
    void localChangesArePushedWhenIdle();
    void largePullReportsProgress();
    void nextPageIsRequestedBeforeTheCurrentIsApplied();
    void emptyStoreStartsFromTheSnapshot();
    void withoutASnapshotEveryPageIsPulled();
    void storeWithLocalChangesPullsPages();
    void brokenSnapshotFallsBackToPages();
    void cutDownloadIsAskedForAgain();
    void repeatedlyCutDownloadSettlesForPages();

private:
    std::unique_ptr<Client> makeClient(const QString &name, int pullPageSize = 1000,
                                       bool snapshot = true);
    struct Snapshot
    {
        QString path;
        Protocol::SnapshotInfo info;
    };
    /// What the server would offer: a store synced page by page from the fake server and
    /// sealed; its cursor is the server's seq at the time.
    Snapshot makeSnapshot();
    /// A laptop puts a customer named Acme on the server, then a snapshot is made; returns the
    /// customer's id.
    QString acmeInASnapshot(Snapshot &snapshot);
    /// A laptop with an empty store whose server offers snapshot.
    std::unique_ptr<Client> offeredClient(const QString &name, const Snapshot &snapshot);
    static bool runCycle(Client &client, bool start = false);
    static QString insertCustomer(Client &client, const QString &name);
    static QString insertDeal(Client &client, const QString &customerId, const QString &title,
                              qint64 amount);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeSyncServer> m_server;
};

void TestReplicator::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qRegisterMetaType<Replicator::State>();
}

void TestReplicator::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeSyncServer>();
    m_server->addUser(login, password);
}

void TestReplicator::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

std::unique_ptr<Client> TestReplicator::makeClient(const QString &name, int pullPageSize,
                                                   bool snapshot)
{
    auto client = std::make_unique<Client>();
    client->path = m_dir->filePath(name + u".outpost"_s);
    auto opened = LocalStore::open(client->path);
    if (!opened)
        qFatal("cannot open the store: %s", qPrintable(opened.error().message));
    client->store = std::move(opened).value();
    client->transport = new InMemoryTransport(m_server.get());
    client->transport->setPokesAvailable(false); // tests that want pokes turn them on
    Replicator::Options options;
    options.storePath = client->path;
    options.pullPageSize = pullPageSize;
    options.snapshotBootstrap = snapshot;
    options.timerFactory = [](QObject *parent) {
        return new ManualTimer(parent);
    };
    options.random = [] {
        return 0.5;
    }; // no jitter: exact delays
    client->replicator = std::make_unique<Replicator>(options, client->transport);
    client->replicator->signIn(login, password);
    return client;
}

bool TestReplicator::runCycle(Client &client, bool start)
{
    QSignalSpy finished(client.replicator.get(), &Replicator::cycleFinished);
    if (start)
        client.replicator->start();
    else
        client.replicator->syncNow();
    if (finished.isEmpty() && !finished.wait(5000))
        return false;
    return finished.constLast().at(0).toBool();
}

QString TestReplicator::insertCustomer(Client &client, const QString &name)
{
    const QString id = UuidV7::generate();
    ChangeWriter writer(*client.store, u"tester"_s);
    if (const Result<void> done = writer.insert(u"customers"_s, id, {{u"name"_s, name}}); !done)
        qWarning() << done.error().message;
    return id;
}

QString TestReplicator::insertDeal(Client &client, const QString &customerId, const QString &title,
                                   qint64 amount)
{
    const QString id = UuidV7::generate();
    ChangeWriter writer(*client.store, u"tester"_s);
    QVariantMap fields {
        {u"title"_s, title}, {u"amount_minor"_s, amount}, {u"stage_entered_at"_s, t0}};
    if (!customerId.isEmpty())
        fields.insert(u"customer_id"_s, customerId);
    const Result<void> done = writer.insert(u"deals"_s, id, fields);
    if (!done)
        qWarning() << done.error().message;
    return id;
}

void TestReplicator::notSignedInStaysOffline()
{
    auto client = makeClient(u"a"_s);
    client->replicator->signOut();
    QSignalSpy states(client->replicator.get(), &Replicator::stateChanged);
    client->replicator->start();
    QCOMPARE(client->replicator->state(), Replicator::State::Offline);
    QVERIFY(!client->replicator->stateDescription().isEmpty());
    QVERIFY(client->transport->requests().isEmpty());
    QVERIFY(!client->retryTimer()->isActive());
}

void TestReplicator::offlineIsNormal()
{
    auto client = makeClient(u"a"_s);
    insertCustomer(*client, u"Acme"_s);
    client->transport->failNext(100, SyncFailure::network(u"Connection refused"_s));
    QVERIFY(!runCycle(*client, true));
    QCOMPARE(client->replicator->state(), Replicator::State::Offline);
    QVERIFY(client->replicator->stateDescription().contains(u"fake.invalid"_s));
    QCOMPARE(client->pending(), 1); // kept on this computer
    QCOMPARE(client->count(u"sync_issues"_s), 0);
    QVERIFY(client->retryTimer()->isActive());
}

void TestReplicator::pushAndPullRoundTripBetweenTwoStores()
{
    auto a = makeClient(u"a"_s);
    const QString customer = insertCustomer(*a, u"西安泵业"_s);
    const QString deal = insertDeal(*a, customer, u"Pumps"_s, 500'000);
    QSignalSpy pendingA(a->replicator.get(), &Replicator::pendingCountChanged);
    QSignalSpy lastSyncA(a->replicator.get(), &Replicator::lastSyncChanged);
    QVERIFY(runCycle(*a, true));
    QCOMPARE(a->transport->requests(), (QStringList {u"login"_s, u"push 2"_s, u"pull 0"_s}));
    QCOMPARE(a->replicator->state(), Replicator::State::Idle);
    QCOMPARE(a->pending(), 0);
    QCOMPARE(pendingA.constLast().at(0).toLongLong(), 0);
    QCOMPARE(lastSyncA.size(), 1);
    QVERIFY(m_server->row(u"deals"_s, deal));
    QCOMPARE(m_server->row(u"deals"_s, deal)->fields.value(u"title"_s).toString(), u"Pumps"_s);
    QCOMPARE(a->cursor(), m_server->seq());

    auto b = makeClient(u"b"_s);
    QSignalSpy rowsB(b->replicator.get(), &Replicator::rowsChanged);
    QVERIFY(runCycle(*b, true));
    QCOMPARE(b->column(u"customers"_s, customer, u"name"_s).toString(), u"西安泵业"_s);
    QCOMPARE(b->column(u"deals"_s, deal, u"amount_minor"_s).toLongLong(), 500'000);
    QCOMPARE(b->column(u"deals"_s, deal, u"customer_id"_s).toString(), customer);
    QCOMPARE(b->pending(), 0);
    QVERIFY(!rowsB.isEmpty());
    QVERIFY(rowsB.constLast().at(0).toStringList().contains(u"deals"_s));

    // And back: B's edit reaches A.
    ChangeWriter writerB(*b->store, u"tester"_s);
    QVERIFY(writerB.update(u"deals"_s, deal, {{u"title"_s, u"Pumps, 2 units"_s}}));
    QVERIFY(runCycle(*b));
    QSignalSpy rowsA(a->replicator.get(), &Replicator::rowsChanged);
    QVERIFY(runCycle(*a));
    QCOMPARE(a->column(u"deals"_s, deal, u"title"_s).toString(), u"Pumps, 2 units"_s);
    QCOMPARE(rowsA.constLast().at(0).toStringList(), QStringList {u"deals"_s});
    QCOMPARE(a->count(u"sync_issues"_s), 0);
    QCOMPARE(b->count(u"sync_issues"_s), 0);
}

void TestReplicator::lostPushAnswerIsPushedAgainIdempotently()
{
    auto a = makeClient(u"a"_s);
    QVERIFY(runCycle(*a, true));
    for (int i = 0; i < 3; ++i)
        insertCustomer(*a, u"Customer %1"_s.arg(i));

    a->transport->loseNextAnswers(1); // the server applies the push; its answer is lost
    QVERIFY(!runCycle(*a));
    QCOMPARE(m_server->appliedOps(), 3);
    const qint64 seq = m_server->seq();
    QCOMPARE(a->pending(), 3);
    QCOMPARE(a->replicator->state(), Replicator::State::Offline);
    QCOMPARE(a->retryTimer()->interval(), 500);

    QSignalSpy finished(a->replicator.get(), &Replicator::cycleFinished);
    QVERIFY(a->retryTimer()->fire());
    QVERIFY(finished.wait(5000));
    QVERIFY(finished.constLast().at(0).toBool());
    // The same answers again: nothing applied twice.
    QCOMPARE(m_server->appliedOps(), 3);
    QCOMPARE(m_server->seq(), seq);
    QCOMPARE(a->pending(), 0);
    QCOMPARE(a->count(u"sync_issues"_s), 0);
    QCOMPARE(a->count(u"customers"_s), 3);
}

void TestReplicator::transientFailuresBackOff()
{
    auto a = makeClient(u"a"_s);
    a->transport->failNext(4, SyncFailure::network(u"Network unreachable"_s));
    QVERIFY(!runCycle(*a, true));
    QSignalSpy finished(a->replicator.get(), &Replicator::cycleFinished);
    for (int i = 0; i < 4; ++i) {
        QVERIFY(a->retryTimer()->fire());
        QVERIFY(finished.wait(5000));
    }
    QCOMPARE(a->retryTimer()->starts(), (QList<int> {500, 1000, 2000, 4000}));
    QVERIFY(finished.constLast().at(0).toBool());
    QCOMPARE(a->replicator->state(), Replicator::State::Idle);
    QVERIFY(!a->retryTimer()->isActive());
    QCOMPARE(a->pollTimer()->interval(), 30'000); // no poke channel: poll

    // A success resets the backoff.
    a->retryTimer()->clearStarts();
    a->transport->failNext(1, SyncFailure::network(u"Network unreachable"_s));
    QVERIFY(!runCycle(*a));
    QCOMPARE(a->retryTimer()->starts(), QList<int> {500});
}

void TestReplicator::failuresAreClassified_data()
{
    QTest::addColumn<SyncFailure>("failure");
    QTest::addColumn<Replicator::State>("state");
    QTest::addColumn<int>("retry"); // -1: no retry timer, the poll timer instead

    QTest::newRow("network") << SyncFailure::network(u"refused"_s) << Replicator::State::Offline
                             << 500;
    QTest::newRow("timeout") << SyncFailure::timeout(30) << Replicator::State::Offline << 500;
    QTest::newRow("503") << SyncFailure::fromHttp(503, u"unavailable"_s, {})
                         << Replicator::State::Offline << 500;
    QTest::newRow("500") << SyncFailure::fromHttp(500, u"internal"_s, {})
                         << Replicator::State::Error << 500;
    QTest::newRow("429 with Retry-After") << SyncFailure::fromHttp(429, u"rate_limited"_s, {}, 7000)
                                          << Replicator::State::Error << 7000;
    QTest::newRow("403") << SyncFailure::fromHttp(403, u"forbidden"_s, u"No."_s)
                         << Replicator::State::Error << -1;
    QTest::newRow("413") << SyncFailure::fromHttp(413, u"payload_too_large"_s, {})
                         << Replicator::State::Error << -1;
    QTest::newRow("malformed answer")
        << SyncFailure::badResponse(u"not JSON"_s) << Replicator::State::Error << -1;
}

void TestReplicator::failuresAreClassified()
{
    QFETCH(SyncFailure, failure);
    QFETCH(Replicator::State, state);
    QFETCH(int, retry);
    auto a = makeClient(u"a"_s);
    a->transport->failNext(1, failure);
    QVERIFY(!runCycle(*a, true));
    QCOMPARE(a->replicator->state(), state);
    QVERIFY(!a->replicator->stateDescription().isEmpty());
    if (retry >= 0) {
        QVERIFY(a->retryTimer()->isActive());
        QCOMPARE(a->retryTimer()->interval(), retry);
    } else {
        QVERIFY(!a->retryTimer()->isActive());
        QVERIFY(a->pollTimer()->isActive());
        QVERIFY(a->replicator->stateDescription().contains(failure.message));
    }
}

void TestReplicator::endedSessionWaitsForSignIn()
{
    auto a = makeClient(u"a"_s);
    QSignalSpy sessions(a->replicator.get(), &Replicator::sessionChanged);
    QVERIFY(runCycle(*a, true));
    QCOMPARE(sessions.size(), 1);
    QVERIFY(!sessions.constLast().at(0).toString().isEmpty());

    m_server->expireTokens();
    QVERIFY(!runCycle(*a));
    QCOMPARE(a->replicator->state(), Replicator::State::Error);
    QVERIFY(sessions.constLast().at(0).toString().isEmpty()); // forget the stored token
    QVERIFY(!a->retryTimer()->isActive());
    QVERIFY(!a->pollTimer()->isActive());
    a->replicator->syncNow(); // nothing without a sign-in
    QCOMPARE(a->replicator->state(), Replicator::State::Offline);

    QSignalSpy finished(a->replicator.get(), &Replicator::cycleFinished);
    a->replicator->signIn(login, password);
    QVERIFY(finished.wait(5000));
    QVERIFY(finished.constLast().at(0).toBool());
}

void TestReplicator::concurrentEditsBecomeConflicts()
{
    auto a = makeClient(u"a"_s);
    const QString deal = insertDeal(*a, {}, u"Pumps"_s, 500);
    QVERIFY(runCycle(*a, true));
    auto b = makeClient(u"b"_s);
    QVERIFY(runCycle(*b, true));

    // Both edit offline: the amount (critical: server wins) and the title (last writer wins).
    ChangeWriter writerA(*a->store, u"a"_s);
    ChangeWriter writerB(*b->store, u"b"_s);
    QVERIFY(writerA.update(u"deals"_s, deal, {{u"amount_minor"_s, 700}, {u"title"_s, u"A"_s}}));
    QVERIFY(writerB.update(u"deals"_s, deal, {{u"amount_minor"_s, 900}, {u"title"_s, u"B"_s}}));
    QVERIFY(runCycle(*a));
    QSignalSpy issuesB(b->replicator.get(), &Replicator::syncIssuesChanged);
    QVERIFY(runCycle(*b));
    QCOMPARE(issuesB.constLast().at(0).toLongLong(), 2);

    QCOMPARE(b->column(u"deals"_s, deal, u"amount_minor"_s).toLongLong(), 700);
    QCOMPARE(b->column(u"deals"_s, deal, u"title"_s).toString(), u"B"_s);
    QCOMPARE(m_server->row(u"deals"_s, deal)->fields.value(u"title"_s).toString(), u"B"_s);
    QCOMPARE(b->scalar(u"SELECT kept FROM sync_issues WHERE field = 'amount_minor'"_s).toString(),
             u"server"_s);
    QCOMPARE(b->scalar(u"SELECT count(*) FROM field_history WHERE origin = 'conflict'"_s).toInt(),
             2);
    QVERIFY(runCycle(*a));
    QCOMPARE(a->column(u"deals"_s, deal, u"title"_s).toString(), u"B"_s);
    QCOMPARE(a->column(u"deals"_s, deal, u"amount_minor"_s).toLongLong(), 700);
}

void TestReplicator::rejectedChangeBecomesAnIssue()
{
    auto a = makeClient(u"a"_s);
    const QString customer = insertCustomer(*a, u"Acme"_s);
    QVERIFY(runCycle(*a, true));
    m_server->rejectOp = [](const Protocol::PushOp &op) {
        return op.op == u"update"_s ? u"forbidden"_s : QString();
    };
    ChangeWriter writer(*a->store, u"a"_s);
    QVERIFY(writer.update(u"customers"_s, customer, {{u"name"_s, u"Acme (renamed)"_s}}));
    QSignalSpy issues(a->replicator.get(), &Replicator::syncIssuesChanged);
    QVERIFY(runCycle(*a));
    QCOMPARE(issues.constLast().at(0).toLongLong(), 1);
    QCOMPARE(a->pending(), 0);
    QCOMPARE(a->column(u"customers"_s, customer, u"name"_s).toString(), u"Acme"_s);
    SyncStore sync(*a->store);
    const auto list = sync.issues();
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->at(0).reason, u"forbidden"_s);
    QCOMPARE(list->at(0).localValues.value(u"name"_s).toString(), u"Acme (renamed)"_s);
    QCOMPARE(list->at(0).serverValues.value(u"name"_s).toString(), u"Acme"_s);
}

void TestReplicator::epochChangeResyncsAndPushesAgain()
{
    auto a = makeClient(u"a"_s);
    const QString first = insertCustomer(*a, u"Before the backup"_s);
    QVERIFY(runCycle(*a, true));
    const FakeSyncServer::Snapshot backup = m_server->snapshot();
    const QString second = insertCustomer(*a, u"After the backup"_s);
    QVERIFY(runCycle(*a));
    QVERIFY(m_server->row(u"customers"_s, second));

    // The server is restored from the backup: the second customer is gone there.
    m_server->restore(backup);
    QVERIFY(!m_server->row(u"customers"_s, second));
    const qsizetype before = a->transport->requests().size();
    QVERIFY(runCycle(*a));
    QCOMPARE(a->transport->requests().mid(before),
             (QStringList {u"pull %1"_s.arg(backup.seq + 1), u"push 2"_s, u"pull 0"_s}));
    QVERIFY(m_server->row(u"customers"_s, second)); // pushed again
    QCOMPARE(m_server->row(u"customers"_s, first)->seq,
             backup.rows.value({u"customers"_s, first}).seq);
    QCOMPARE(a->count(u"customers"_s), 2);
    QCOMPARE(a->pending(), 0);
    QCOMPARE(a->cursor(), m_server->seq());
    QCOMPARE(a->scalar(u"SELECT value FROM sync_state WHERE key = 'epoch'"_s).toString(),
             m_server->epoch());
}

void TestReplicator::stopWhileBusyAppliesNothing()
{
    const QString remoteCustomer = UuidV7::generate();
    m_server->seedRow(u"customers"_s, remoteCustomer, {{u"name"_s, u"From the server"_s}});
    auto a = makeClient(u"a"_s);
    insertCustomer(*a, u"Mine"_s);
    a->transport->setHeld(true);
    QSignalSpy finished(a->replicator.get(), &Replicator::cycleFinished);
    QSignalSpy stopped(a->replicator.get(), &Replicator::stopped);
    a->replicator->start();
    // Let the login and the push through; stop while the pull is in flight.
    for (const QString &expected : {u"login"_s, u"push 1"_s, u"pull 0"_s}) {
        QTRY_COMPARE(a->transport->heldCount(), 1);
        QCOMPARE(a->transport->requests().constLast(), expected);
        if (expected != u"pull 0"_s)
            a->transport->releaseAll();
    }
    QCOMPARE(a->replicator->state(), Replicator::State::Pulling);
    a->replicator->stop();
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(a->replicator->state(), Replicator::State::Offline);
    QVERIFY(!a->replicator->syncStore());
    a->transport->releaseAll();
    QCoreApplication::processEvents();
    QVERIFY(finished.isEmpty());
    QCOMPARE(a->cursor(), 0);
    QVERIFY(a->column(u"customers"_s, remoteCustomer, u"name"_s).isNull());
    QCOMPARE(a->pending(), 0); // the push had completed before the stop

    // Starting again picks up where it stopped.
    a->transport->setHeld(false);
    QVERIFY(runCycle(*a, true));
    QCOMPARE(a->column(u"customers"_s, remoteCustomer, u"name"_s).toString(), u"From the server"_s);
}

void TestReplicator::pokeTriggersAPull()
{
    auto a = makeClient(u"a"_s);
    QVERIFY(runCycle(*a, true));
    auto b = makeClient(u"b"_s);
    b->transport->setPokesAvailable(true);
    QVERIFY(runCycle(*b, true));
    QTRY_VERIFY(b->transport->pokesOpen());
    QTRY_COMPARE(b->replicator->state(), Replicator::State::Idle);

    const QString customer = insertCustomer(*a, u"Poked"_s);
    QSignalSpy finishedB(b->replicator.get(), &Replicator::cycleFinished);
    QVERIFY(runCycle(*a));
    // No timer fired and nobody called syncNow(): the poke did it.
    QTRY_COMPARE(b->column(u"customers"_s, customer, u"name"_s).toString(), u"Poked"_s);
    QVERIFY(!finishedB.isEmpty());
    QCOMPARE(b->pollTimer()->interval(), 300'000); // slow polling while pokes arrive
}

void TestReplicator::localChangesArePushedWhenIdle()
{
    auto a = makeClient(u"a"_s);
    QVERIFY(runCycle(*a, true));
    QSignalSpy pending(a->replicator.get(), &Replicator::pendingCountChanged);
    QSignalSpy finished(a->replicator.get(), &Replicator::cycleFinished);
    const QString customer = insertCustomer(*a, u"Typed in just now"_s);
    QVERIFY(a->localTimer()->fire());
    QVERIFY(finished.wait(5000));
    QVERIFY(m_server->row(u"customers"_s, customer));
    QCOMPARE(pending.size(), 2);
    QCOMPARE(pending.at(0).at(0).toLongLong(), 1);
    QCOMPARE(pending.at(1).at(0).toLongLong(), 0);
    QVERIFY(a->localTimer()->isActive()); // keeps watching
}

void TestReplicator::largePullReportsProgress()
{
    for (int i = 0; i < 2500; ++i)
        m_server->seedRow(u"customers"_s, UuidV7::generate(), {{u"name"_s, u"C%1"_s.arg(i)}});
    auto a = makeClient(u"a"_s, 1000);
    QSignalSpy progress(a->replicator.get(), &Replicator::pullProgress);
    QVERIFY(runCycle(*a, true));
    QCOMPARE(a->count(u"customers"_s), 2500);
    QCOMPARE(a->transport->requests(),
             (QStringList {u"login"_s, u"pull 0"_s, u"pull 1000"_s, u"pull 2000"_s}));
    QVERIFY(progress.size() >= 3);
    qint64 previous = 0;
    for (const QList<QVariant> &arguments : std::as_const(progress)) {
        const qint64 applied = arguments.at(0).toLongLong();
        QVERIFY(applied >= previous);
        QVERIFY(arguments.at(1).toLongLong() >= applied);
        previous = applied;
    }
    QCOMPARE(progress.constLast().at(0).toLongLong(), 2500);
    QCOMPARE(progress.constLast().at(1).toLongLong(), 2500);
}

void TestReplicator::nextPageIsRequestedBeforeTheCurrentIsApplied()
{
    for (int i = 0; i < 2500; ++i)
        m_server->seedRow(u"customers"_s, UuidV7::generate(), {{u"name"_s, u"C%1"_s.arg(i)}});
    auto a = makeClient(u"a"_s, 1000);
    // pullProgress is emitted once a page is written: by then the next one is on its way.
    QList<QStringList> requestsWhenApplied;
    connect(a->replicator.get(), &Replicator::pullProgress, this,
            [&] { requestsWhenApplied.append(a->transport->requests()); });
    QVERIFY(runCycle(*a, true));
    QCOMPARE(a->count(u"customers"_s), 2500);
    QVERIFY(requestsWhenApplied.size() >= 3);
    QVERIFY(requestsWhenApplied.at(0).contains(u"pull 1000"_s));
    QVERIFY(requestsWhenApplied.at(1).contains(u"pull 2000"_s));
    // Each page was asked for once, in order, and nothing after the last one.
    QCOMPARE(a->transport->requests(),
             (QStringList {u"login"_s, u"pull 0"_s, u"pull 1000"_s, u"pull 2000"_s}));
}

TestReplicator::Snapshot TestReplicator::makeSnapshot()
{
    auto builder = makeClient(u"builder"_s, 1000, false);
    if (!runCycle(*builder, true))
        qFatal("the snapshot's store did not sync");
    builder->replicator->stop();
    builder->replicator.reset();
    SyncStore sync(*builder->store);
    if (!sync.sealSnapshot())
        qFatal("cannot seal the snapshot");
    Protocol::SnapshotInfo info;
    info.epoch = sync.epoch();
    info.cursor = sync.cursor();
    info.schemaVersion = Schema::latestVersion();
    builder->store.reset();
    const QString path = m_dir->filePath(u"scope.sqlite"_s);
    if (!QFile::rename(builder->path, path))
        qFatal("cannot move the snapshot");
    return {path, info};
}

QString TestReplicator::acmeInASnapshot(Snapshot &snapshot)
{
    auto a = makeClient(u"a"_s);
    const QString customer = insertCustomer(*a, u"Acme"_s);
    if (!runCycle(*a, true))
        qFatal("Acme did not reach the server");
    snapshot = makeSnapshot();
    return customer;
}

std::unique_ptr<Client> TestReplicator::offeredClient(const QString &name, const Snapshot &snapshot)
{
    auto client = makeClient(name);
    client->transport->offerSnapshot(snapshot.path, snapshot.info);
    return client;
}

void TestReplicator::emptyStoreStartsFromTheSnapshot()
{
    auto a = makeClient(u"a"_s);
    const QString customer = insertCustomer(*a, u"西安泵业"_s);
    const QString before = insertDeal(*a, customer, u"Pumps"_s, 500'000);
    QVERIFY(runCycle(*a, true));
    const Snapshot snapshot = makeSnapshot();
    const Protocol::SnapshotInfo &info = snapshot.info;
    QCOMPARE(info.cursor, m_server->seq());
    // Changes after the snapshot come from pages.
    const QString after = insertDeal(*a, customer, u"Valves"_s, 90'000);
    QVERIFY(runCycle(*a));

    auto b = offeredClient(u"b"_s, snapshot);
    const QString deviceId = b->store->deviceId();
    QSignalSpy installed(b->replicator.get(), &Replicator::snapshotInstalled);
    QSignalSpy rows(b->replicator.get(), &Replicator::rowsChanged);
    QVERIFY(runCycle(*b, true));
    QCOMPARE(b->transport->snapshotRequests(), 1);
    QCOMPARE(installed.size(), 1);
    QCOMPARE(installed.constFirst().at(0).toLongLong(), info.cursor);
    QVERIFY(rows.constFirst().at(0).toStringList().contains(u"deals"_s));
    // Only the changes after the snapshot were pulled.
    QCOMPARE(b->transport->requests(), (QStringList {u"login"_s, u"pull %1"_s.arg(info.cursor)}));
    QCOMPARE(b->column(u"deals"_s, before, u"title"_s).toString(), u"Pumps"_s);
    QCOMPARE(b->column(u"deals"_s, after, u"title"_s).toString(), u"Valves"_s);
    QCOMPARE(b->cursor(), m_server->seq());
    QCOMPARE(b->store->deviceId(), deviceId);
    QVERIFY(!QFile::exists(b->path + u".snapshot"_s));
    // Its edits go out as this laptop's, based on the snapshot's versions.
    ChangeWriter writer(*b->store, u"tester"_s);
    QVERIFY(writer.update(u"deals"_s, before, {{u"title"_s, u"Pumps, 2 units"_s}}));
    QVERIFY(runCycle(*b));
    QCOMPARE(b->count(u"sync_issues"_s), 0);
    QCOMPARE(m_server->row(u"deals"_s, before)->fields.value(u"title"_s).toString(),
             u"Pumps, 2 units"_s);
    // A later cycle does not ask again.
    QVERIFY(runCycle(*b));
    QCOMPARE(b->transport->snapshotRequests(), 1);
}

void TestReplicator::withoutASnapshotEveryPageIsPulled()
{
    auto a = makeClient(u"a"_s);
    insertCustomer(*a, u"Acme"_s);
    QVERIFY(runCycle(*a, true));
    auto b = makeClient(u"b"_s);
    QVERIFY(runCycle(*b, true)); // the server answers snapshot_unavailable
    QCOMPARE(b->transport->snapshotRequests(), 1);
    QCOMPARE(b->transport->requests(), (QStringList {u"login"_s, u"pull 0"_s}));
    QCOMPARE(b->count(u"customers"_s), 1);
}

void TestReplicator::storeWithLocalChangesPullsPages()
{
    Snapshot snapshot;
    acmeInASnapshot(snapshot);
    auto b = offeredClient(u"b"_s, snapshot);
    const QString mine = insertCustomer(*b, u"Written offline"_s);
    QVERIFY(runCycle(*b, true));
    QCOMPARE(b->transport->snapshotRequests(), 0);
    QCOMPARE(b->count(u"customers"_s), 2);
    QVERIFY(m_server->row(u"customers"_s, mine));
}

void TestReplicator::brokenSnapshotFallsBackToPages()
{
    Snapshot snapshot;
    const QString customer = acmeInASnapshot(snapshot);
    snapshot.info.cursor += 5; // announces what the file does not hold
    auto b = offeredClient(u"b"_s, snapshot);
    QSignalSpy installed(b->replicator.get(), &Replicator::snapshotInstalled);
    QVERIFY(runCycle(*b, true));
    QCOMPARE(b->transport->snapshotRequests(), 1);
    QVERIFY(installed.isEmpty());
    QCOMPARE(b->transport->requests(), (QStringList {u"login"_s, u"pull 0"_s}));
    QCOMPARE(b->column(u"customers"_s, customer, u"name"_s).toString(), u"Acme"_s);
    QCOMPARE(b->cursor(), m_server->seq());
    QVERIFY(!QFile::exists(b->path + u".snapshot"_s));
}

void TestReplicator::cutDownloadIsAskedForAgain()
{
    Snapshot snapshot;
    const QString customer = acmeInASnapshot(snapshot);
    auto b = offeredClient(u"b"_s, snapshot);
    b->transport->failNextSnapshots(1, SyncFailure::network(u"Connection reset"_s));
    QSignalSpy installed(b->replicator.get(), &Replicator::snapshotInstalled);
    QVERIFY(!runCycle(*b, true));
    QCOMPARE(b->cursor(), 0); // no page was pulled meanwhile
    QVERIFY(b->retryTimer()->isActive());
    QSignalSpy finished(b->replicator.get(), &Replicator::cycleFinished);
    QVERIFY(b->retryTimer()->fire());
    QVERIFY(finished.wait(5000));
    QVERIFY(finished.constLast().at(0).toBool());
    QCOMPARE(b->transport->snapshotRequests(), 2);
    QCOMPARE(installed.size(), 1);
    QVERIFY(!b->transport->requests().contains(u"pull 0"_s));
    QCOMPARE(b->column(u"customers"_s, customer, u"name"_s).toString(), u"Acme"_s);
}

void TestReplicator::repeatedlyCutDownloadSettlesForPages()
{
    Snapshot snapshot;
    acmeInASnapshot(snapshot);
    auto b = offeredClient(u"b"_s, snapshot);
    b->transport->failNextSnapshots(10, SyncFailure::timeout(30));
    QVERIFY(!runCycle(*b, true));
    QSignalSpy finished(b->replicator.get(), &Replicator::cycleFinished);
    for (int attempt = 0; attempt < 2; ++attempt) {
        QVERIFY(b->retryTimer()->fire());
        QVERIFY(finished.wait(5000));
    }
    // The third cut download: pages instead, in the same cycle.
    QVERIFY(finished.constLast().at(0).toBool());
    QCOMPARE(b->transport->snapshotRequests(), 3);
    QVERIFY(b->transport->requests().contains(u"pull 0"_s));
    QCOMPARE(b->count(u"customers"_s), 1);
}

QTEST_GUILESS_MAIN(TestReplicator)
#include "tst_replicator.moc"
