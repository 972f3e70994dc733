#include "changewriter.h"
#include "dealhistorymodel.h"
#include "httpsynctransport.h"
#include "localstore.h"
#include "manualtimer.h"
#include "replicator.h"
#include "syncstore.h"
#include "uuidv7.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

const QString password = u"replication-secret"_s;
constexpr int cycleTimeoutMs = 60'000;

// The real HTTP transport with switches for the tests: pokes off unless asked for (the test
// then decides when each laptop syncs, so the server order of concurrent edits is known),
// offline (every request fails as without a network), and losing push answers (the server
// applied the push, the laptop never heard). It keeps the answers to pushes and counts pulls.
class TestTransport : public HttpSyncTransport
{
public:
    using HttpSyncTransport::HttpSyncTransport;

    bool pokesEnabled = false;
    bool offline = false;
    int answersToLose = 0;
    int pulls = 0;
    QList<QList<Protocol::OpResult>> pushAnswers;

    void openPokes() override
    {
        if (pokesEnabled)
            HttpSyncTransport::openPokes();
    }

    void login(const Protocol::LoginRequest &request, LoginHandler done) override
    {
        if (offline)
            return unreachable(std::move(done));
        HttpSyncTransport::login(request, std::move(done));
    }

    void push(const Protocol::PushRequest &request, PushHandler done) override
    {
        if (offline)
            return unreachable(std::move(done));
        HttpSyncTransport::push(
            request, [this, done = std::move(done)](const Reply<Protocol::PushResponse> &reply) {
                if (reply.ok())
                    pushAnswers.append(reply.value->results);
                if (reply.ok() && answersToLose > 0) {
                    --answersToLose;
                    done(Reply<Protocol::PushResponse>::fail(
                        SyncFailure::network(u"Connection reset"_s)));
                    return;
                }
                done(reply);
            });
    }

    void pull(qint64 cursor, int limit, const QString &epoch, PullHandler done) override
    {
        if (offline)
            return unreachable(std::move(done));
        ++pulls;
        HttpSyncTransport::pull(cursor, limit, epoch, std::move(done));
    }

private:
    template<typename T> void unreachable(std::function<void(const Reply<T> &)> done)
    {
        // Later, from the event loop, as the contract of SyncTransport asks.
        QTimer::singleShot(0, this, [done = std::move(done)] {
            done(Reply<T>::fail(SyncFailure::network(u"Network is unreachable"_s)));
        });
    }
};

// One laptop: the replicator (on the test thread, timers fired by hand only, so nothing syncs
// unless the test or a poke says so) and the "GUI" connection the user edits and reads
// through.
struct Client
{
    QString login;
    QString userId;
    QString path;
    std::unique_ptr<LocalStore> store;
    TestTransport *transport = nullptr;
    std::unique_ptr<Replicator> replicator;

    // One sync cycle (push the outbox, pull every page); true if it completed.
    bool sync()
    {
        QSignalSpy finished(replicator.get(), &Replicator::cycleFinished);
        if (replicator->isRunning())
            replicator->syncNow();
        else
            replicator->start();
        if (finished.isEmpty() && !finished.wait(cycleTimeoutMs))
            return false;
        return finished.constFirst().at(0).toBool();
    }

    SyncStore syncStore() const { return SyncStore(*store); }

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
    QVariant deal(const QString &id, const QString &field) const
    {
        return scalar(u"SELECT %1 FROM deals WHERE id = ?"_s.arg(field), {id});
    }
    bool hasRow(const QString &table, const QString &id) const
    {
        return scalar(u"SELECT count(*) FROM %1 WHERE id = ?"_s.arg(table), {id}).toInt() == 1;
    }
    qint64 pending() const { return scalar(u"SELECT count(*) FROM outbox"_s).toLongLong(); }
    qint64 cursor() const { return syncStore().cursor(); }
    QList<SyncStore::Issue> issues() const { return syncStore().issues().value(); }

    // The store's per-table checksums in the shape outpost-server checksums prints.
    QJsonObject checksums() const
    {
        QJsonObject tables;
        const auto sums = syncStore().checksums();
        if (!sums)
            return tables;
        for (auto it = sums->cbegin(); it != sums->cend(); ++it)
            tables.insert(it.key(), QJsonObject {{u"rows"_s, it->rows}, {u"sha256"_s, it->sha256}});
        return tables;
    }

    // Values this deal's field had in the user's history view, with their origins.
    QStringList history(const QString &dealId, const QString &field) const
    {
        DealHistoryModel model(*store);
        if (!model.load(dealId))
            return {};
        QStringList entries;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, 0);
            if (index.data(int(DealHistoryModel::Role::Field)).toString() != field)
                continue;
            entries.append(u"%1: %2 -> %3"_s.arg(
                index.data(int(DealHistoryModel::Role::Origin)).toString(),
                index.data(int(DealHistoryModel::Role::OldValue)).toString(),
                index.data(int(DealHistoryModel::Role::NewValue)).toString()));
        }
        return entries;
    }
};

// The names of the tables whose checksums differ, for failure messages.
QByteArray differences(const QJsonObject &a, const QJsonObject &b)
{
    QStringList names;
    for (auto it = a.constBegin(); it != a.constEnd(); ++it) {
        if (b.value(it.key()) != it.value()) {
            names.append(u"%1 (%2 vs %3 rows)"_s.arg(it.key())
                             .arg(it.value().toObject().value(u"rows"_s).toInteger())
                             .arg(b.value(it.key()).toObject().value(u"rows"_s).toInteger()));
        }
    }
    if (a.size() != b.size())
        names.append(u"table lists differ"_s);
    return (u"differing tables: "_s + names.join(u", "_s)).toUtf8();
}

bool sameAnswers(const QList<Protocol::OpResult> &a, const QList<Protocol::OpResult> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).deviceSeq != b.at(i).deviceSeq || a.at(i).opId != b.at(i).opId
            || a.at(i).status != b.at(i).status || a.at(i).serverSeq != b.at(i).serverSeq
            || a.at(i).reason != b.at(i).reason
            || a.at(i).conflicts.size() != b.at(i).conflicts.size())
            return false;
    }
    return true;
}

} // namespace

// Laptops replicating through the real outpost-server: the server process is started by the
// test (init, units, users, serve on a free loopback port); each laptop is the desktop's own
// Replicator, SyncStore and HttpSyncTransport, in this process, with its own store.
class tst_Replication : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void editsOfDifferentFieldsBothSurvive();
    void sameFieldFollowsTheMergeRule_data();
    void sameFieldFollowsTheMergeRule();
    void deleteWinsOverEditAndUndeleteRecovers();
    void editDuringThePullOfADeleteConverges();
    void otherUnitIsInvisibleAndCannotBeWritten();
    void offlineClientCatchesUpWithAThousandChanges();
    void repeatedPushChangesNothing();
    void clockInTheFutureIsRejected();
    void convergenceAfterQuiescence();
    void firstSyncStartsFromTheServersSnapshot(); // restarts the server
    void restoredBackupResyncsWithNothingLost(); // restarts the server: keep it last

private:
    int runServerCommand(const QStringList &arguments, QByteArray *output = nullptr,
                         const QByteArray &input = {});
    bool startServer(quint16 port);
    bool stopServer();
    QJsonObject serverChecksums(const QString &login = {});
    Client &addClient(const QString &login, int pullPageSize = 1000, bool pokes = false);
    QString insertDeal(Client &client, const QString &title, const QString &unitId,
                       const QVariantMap &extra = {});

    QTemporaryDir m_serverDir;
    QString m_db;
    QProcess m_server;
    quint16 m_port = 0;
    QString m_east, m_west;
    QMap<QString, QString> m_userIds; // login -> user id
    QStringList m_stages;
    std::unique_ptr<QTemporaryDir> m_dir; // the laptops' stores, fresh for every test
    std::vector<std::unique_ptr<Client>> m_clients;
};

namespace {
const QString east1 = u"li.na@east.example"_s;
const QString east2 = u"zhang.wei@east.example"_s;
const QString west1 = u"chen.jie@west.example"_s;
const QString hq1 = u"wang.fang@hq.example"_s;
} // namespace

int tst_Replication::runServerCommand(const QStringList &arguments, QByteArray *output,
                                      const QByteArray &input)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"OUTPOST_PASSWORD"_s);
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(QStringLiteral(OUTPOST_SERVER_EXECUTABLE), arguments);
    if (!process.waitForStarted(10000))
        return -1;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return -1;
    if (output)
        *output = process.readAllStandardOutput().trimmed();
    if (process.exitCode() != 0)
        qWarning().noquote() << QString::fromUtf8(process.readAllStandardError());
    return process.exitCode();
}

bool tst_Replication::startServer(quint16 port)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_LOGGING_RULES"_s, u"outpost.*.debug=false;outpost.*.info=false"_s);
    m_server.setProcessEnvironment(environment);
    m_server.setProgram(QStringLiteral(OUTPOST_SERVER_EXECUTABLE));
    m_server.setArguments(
        {u"serve"_s, u"--db"_s, m_db, u"--listen"_s, u"127.0.0.1:%1"_s.arg(port)});
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its log in ours
    m_server.start();
    if (!m_server.waitForStarted(10000))
        return false;
    QByteArray output;
    // "listening on 127.0.0.1:PORT" once it accepts connections.
    QDeadlineTimer deadline(15000);
    while (!output.contains('\n') && !deadline.hasExpired()
           && m_server.state() == QProcess::Running) {
        m_server.waitForReadyRead(int(std::max<qint64>(deadline.remainingTime(), 1)));
        output += m_server.readAllStandardOutput();
    }
    const QByteArray line = output.left(output.indexOf('\n'));
    if (!line.startsWith("listening on 127.0.0.1:")) {
        qWarning() << "the server did not start:" << line;
        return false;
    }
    m_port = quint16(line.mid(line.lastIndexOf(':') + 1).toUInt());
    return m_port > 0 && (port == 0 || m_port == port);
}

bool tst_Replication::stopServer()
{
    m_server.terminate(); // SIGTERM: a clean stop
    return m_server.waitForFinished(15000) && m_server.exitCode() == 0;
}

QJsonObject tst_Replication::serverChecksums(const QString &login)
{
    QStringList arguments {u"checksums"_s, u"--db"_s, m_db};
    if (!login.isEmpty())
        arguments << u"--login"_s << login;
    QByteArray output;
    if (runServerCommand(arguments, &output) != 0)
        return {};
    return QJsonDocument::fromJson(output).object();
}

Client &tst_Replication::addClient(const QString &login, int pullPageSize, bool pokes)
{
    auto client = std::make_unique<Client>();
    client->login = login;
    client->userId = m_userIds.value(login);
    client->path
        = m_dir->filePath(u"%1-%2.outpost"_s.arg(login.section(u'@', 0, 0)).arg(m_clients.size()));
    auto opened = LocalStore::open(client->path);
    if (!opened)
        qFatal("cannot open the store: %s", qPrintable(opened.error().message));
    client->store = std::move(opened).value();
    client->transport = new TestTransport(QUrl(u"http://127.0.0.1:%1"_s.arg(m_port)));
    client->transport->pokesEnabled = pokes;
    Replicator::Options options;
    options.storePath = client->path;
    options.pullPageSize = pullPageSize;
    options.timerFactory = [](QObject *parent) {
        return new ManualTimer(parent);
    };
    client->replicator = std::make_unique<Replicator>(options, client->transport);
    client->replicator->signIn(login, password);
    m_clients.push_back(std::move(client));
    return *m_clients.back();
}

QString tst_Replication::insertDeal(Client &client, const QString &title, const QString &unitId,
                                    const QVariantMap &extra)
{
    const QString id = UuidV7::generate();
    QVariantMap fields {{u"title"_s, title},
                        {u"unit_id"_s, unitId},
                        {u"owner_id"_s, client.userId},
                        {u"stage_id"_s, m_stages.value(0)},
                        {u"amount_minor"_s, qint64(100'000)},
                        {u"stage_entered_at"_s, QDateTime::currentMSecsSinceEpoch()}};
    fields.insert(extra);
    ChangeWriter writer(*client.store, client.userId);
    if (const Result<void> done = writer.insert(u"deals"_s, id, fields); !done) {
        qWarning() << "cannot insert the deal:" << done.error().message;
        return {};
    }
    return id;
}

void tst_Replication::initTestCase()
{
    // Request-level logs of both sides would bury the test's own messages.
    QLoggingCategory::setFilterRules(u"outpost.*.debug=false"_s);
    QStandardPaths::setTestModeEnabled(true);
    qRegisterMetaType<Replicator::State>();
    QVERIFY(m_serverDir.isValid());
    m_db = u"sqlite:"_s + m_serverDir.filePath(u"server.sqlite"_s);
    QCOMPARE(runServerCommand({u"init"_s, u"--db"_s, m_db}), 0);
    QByteArray id;
    QCOMPARE(runServerCommand({u"add-unit"_s, u"--db"_s, m_db, u"--name"_s, u"华东 East"_s}, &id),
             0);
    m_east = QString::fromLatin1(id);
    QCOMPARE(runServerCommand({u"add-unit"_s, u"--db"_s, m_db, u"--name"_s, u"West"_s}, &id), 0);
    m_west = QString::fromLatin1(id);
    const QList<std::pair<QString, QStringList>> users = {
        {east1, {u"--role"_s, u"rep"_s, u"--unit"_s, m_east}},
        {east2, {u"--role"_s, u"rep"_s, u"--unit"_s, m_east}},
        {west1, {u"--role"_s, u"rep"_s, u"--unit"_s, m_west}},
        {hq1, {u"--role"_s, u"hq"_s}},
    };
    for (const auto &[login, role] : users) {
        QCOMPARE(runServerCommand(QStringList {u"add-user"_s, u"--db"_s, m_db, u"--login"_s, login,
                                               u"--name"_s, login.section(u'@', 0, 0),
                                               u"--password-stdin"_s}
                                      + role,
                                  &id, password.toUtf8() + '\n'),
                 0);
        QVERIFY(UuidV7::isValid(QString::fromLatin1(id)));
        m_userIds.insert(login, QString::fromLatin1(id));
    }
    QVERIFY(startServer(0));

    // HQ sets up the organization's stages (organization-wide rows, written by HQ only).
    m_dir = std::make_unique<QTemporaryDir>();
    Client &hq = addClient(hq1);
    ChangeWriter writer(*hq.store, hq.userId);
    const QStringList names = {u"Qualify"_s, u"Propose 报价"_s, u"Negotiate"_s};
    for (int i = 0; i < names.size(); ++i) {
        const QString stage = UuidV7::generate();
        QVERIFY(writer.insert(u"stages"_s, stage,
                              {{u"name"_s, names.at(i)},
                               {u"position"_s, i + 1},
                               {u"win_probability"_s, 20 * (i + 1)}}));
        m_stages.append(stage);
    }
    QVERIFY(hq.sync());
    QCOMPARE(hq.pending(), 0);
    QCOMPARE(hq.issues().size(), 0);
    cleanup();
}

void tst_Replication::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Replication::cleanup()
{
    m_clients.clear(); // replicators stop, stores close
    m_dir.reset();
}

void tst_Replication::cleanupTestCase()
{
    if (m_server.state() != QProcess::NotRunning)
        QVERIFY(stopServer());
}

void tst_Replication::editsOfDifferentFieldsBothSurvive()
{
    Client &a = addClient(east1);
    Client &b = addClient(east2);
    QVERIFY(a.sync()); // signs in and pulls the organization
    QVERIFY(b.sync());
    const QString deal = insertDeal(a, u"Compressors for Suzhou"_s, m_east);
    QVERIFY(!deal.isEmpty());
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    QCOMPARE(b.deal(deal, u"title"_s).toString(), u"Compressors for Suzhou"_s);

    // Both edit the deal before either syncs: different fields.
    QVERIFY(ChangeWriter(*a.store, a.userId)
                .update(u"deals"_s, deal, {{u"title"_s, u"Compressors for Suzhou plant 2"_s}}));
    QVERIFY(
        ChangeWriter(*b.store, b.userId)
            .update(u"deals"_s, deal,
                    {{u"notes"_s, u"客户要求周二回电"_s}, {u"amount_minor"_s, qint64(420'000)}}));
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    QVERIFY(a.sync());

    for (const Client *client : {&a, &b}) {
        QCOMPARE(client->deal(deal, u"title"_s).toString(), u"Compressors for Suzhou plant 2"_s);
        QCOMPARE(client->deal(deal, u"notes"_s).toString(), u"客户要求周二回电"_s);
        QCOMPARE(client->deal(deal, u"amount_minor"_s).toLongLong(), 420'000);
        QCOMPARE(client->issues().size(), 0);
        QCOMPARE(client->pending(), 0);
    }
    const QJsonObject server = serverChecksums(east1).value(u"tables"_s).toObject();
    QCOMPARE(a.checksums().value(u"deals"_s), server.value(u"deals"_s));
    QCOMPARE(b.checksums().value(u"deals"_s), server.value(u"deals"_s));
}

void tst_Replication::sameFieldFollowsTheMergeRule_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("valueA"); // pushed first
    QTest::addColumn<QVariant>("valueB"); // pushed second, based on the old value
    QTest::addColumn<QString>("kept"); // client: B's value wins; server: A's value stays

    QTest::newRow("title: last writer wins") << u"title"_s << QVariant(u"Pumps, A's title"_s)
                                             << QVariant(u"Pumps, B's title"_s) << u"client"_s;
    QTest::newRow("expected_close: last writer wins")
        << u"expected_close"_s << QVariant(qint64(1'790'000'000'000))
        << QVariant(qint64(1'795'000'000'000)) << u"client"_s;
    QTest::newRow("amount_minor: server wins") << u"amount_minor"_s << QVariant(qint64(250'000))
                                               << QVariant(qint64(390'000)) << u"server"_s;
    QTest::newRow("stage_id: server wins") << u"stage_id"_s << QVariant(m_stages.value(1))
                                           << QVariant(m_stages.value(2)) << u"server"_s;
    QTest::newRow("owner_id: server wins") << u"owner_id"_s << QVariant(m_userIds.value(east2))
                                           << QVariant(m_userIds.value(hq1)) << u"server"_s;
}

void tst_Replication::sameFieldFollowsTheMergeRule()
{
    QFETCH(QString, field);
    QFETCH(QVariant, valueA);
    QFETCH(QVariant, valueB);
    QFETCH(QString, kept);

    Client &a = addClient(east1);
    Client &b = addClient(east2);
    QVERIFY(a.sync()); // signs in and pulls the organization
    QVERIFY(b.sync());
    const QString deal = insertDeal(a, u"Pumps"_s, m_east);
    QVERIFY(!deal.isEmpty());
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    QVERIFY(b.hasRow(u"deals"_s, deal));

    QVERIFY(ChangeWriter(*a.store, a.userId).update(u"deals"_s, deal, {{field, valueA}}));
    QVERIFY(ChangeWriter(*b.store, b.userId).update(u"deals"_s, deal, {{field, valueB}}));
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    QVERIFY(a.sync());

    const QVariant winner = kept == u"server"_s ? valueA : valueB;
    const QVariant loser = kept == u"server"_s ? valueB : valueA;
    QCOMPARE(a.deal(deal, field).toString(), winner.toString());
    QCOMPARE(b.deal(deal, field).toString(), winner.toString());
    QCOMPARE(a.issues().size(), 0);
    // The conflict is in B's sync issues (B's push met A's newer value) with both values.
    const QList<SyncStore::Issue> issues = b.issues();
    QCOMPARE(issues.size(), 1);
    const SyncStore::Issue &issue = issues.constFirst();
    QCOMPARE(issue.kind, SyncStore::IssueKind::Conflict);
    QCOMPARE(issue.rowId, deal);
    QCOMPARE(issue.field, field);
    QCOMPARE(issue.kept, kept);
    QCOMPARE(issue.localValues.value(field).toString(), valueB.toString());
    QCOMPARE(issue.serverValues.value(field).toString(), valueA.toString());
    // The losing value stays in the history of the laptop that lost it.
    Client &losing = kept == u"server"_s ? b : a;
    const QStringList history = losing.history(deal, field);
    const bool kept_in_history
        = std::any_of(history.cbegin(), history.cend(), [&](const QString &entry) {
              return entry.contains(u": %1 -> %2"_s.arg(loser.toString(), winner.toString()));
          });
    QVERIFY2(kept_in_history, qPrintable(history.join(u"; "_s)));
}

void tst_Replication::deleteWinsOverEditAndUndeleteRecovers()
{
    Client &a = addClient(east1);
    Client &b = addClient(east2);
    QVERIFY(a.sync()); // signs in and pulls the organization
    QVERIFY(b.sync());
    const QString deal = insertDeal(a, u"Boilers"_s, m_east);
    QVERIFY(!deal.isEmpty());
    QVERIFY(a.sync());
    QVERIFY(b.sync());

    QVERIFY(ChangeWriter(*a.store, a.userId).remove(u"deals"_s, deal));
    QVERIFY(ChangeWriter(*b.store, b.userId)
                .update(u"deals"_s, deal, {{u"title"_s, u"Boilers, two units"_s}}));
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    QVERIFY(a.sync());

    // The delete won on both laptops...
    QCOMPARE(a.deal(deal, u"deleted"_s).toInt(), 1);
    QCOMPARE(b.deal(deal, u"deleted"_s).toInt(), 1);
    // ...and B's edit is kept: in its history and in the sync issue that offers to recover it.
    QVERIFY(b.history(deal, u"title"_s).contains(u"local: Boilers -> Boilers, two units"_s));
    const QList<SyncStore::Issue> issues = b.issues();
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.constFirst().kind, SyncStore::IssueKind::Conflict);
    QCOMPARE(issues.constFirst().field, u"deleted"_s);
    QCOMPARE(issues.constFirst().kept, u"server"_s);
    QCOMPARE(issues.constFirst().localValues.value(u"title"_s).toString(), u"Boilers, two units"_s);

    // Undelete: B reapplies its edit from the sync issue; the deal comes back everywhere.
    QVERIFY(b.syncStore().reapply(issues.constFirst().id, b.userId));
    QCOMPARE(b.deal(deal, u"deleted"_s).toInt(), 0);
    QVERIFY(b.sync());
    QVERIFY(a.sync());
    for (const Client *client : {&a, &b}) {
        QCOMPARE(client->deal(deal, u"deleted"_s).toInt(), 0);
        QCOMPARE(client->deal(deal, u"title"_s).toString(), u"Boilers, two units"_s);
        QCOMPARE(client->pending(), 0);
        QCOMPARE(client->syncStore().openIssueCount().value(), 0);
    }
}

void tst_Replication::editDuringThePullOfADeleteConverges()
{
    Client &a = addClient(east1);
    Client &b = addClient(east2);
    QVERIFY(a.sync()); // signs in and pulls the organization
    QVERIFY(b.sync());
    const QString deal = insertDeal(a, u"Chillers"_s, m_east);
    QVERIFY(!deal.isEmpty());
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    QVERIFY(ChangeWriter(*a.store, a.userId).remove(u"deals"_s, deal));
    QVERIFY(a.sync());

    // B's user edits the deal just as B starts receiving the delete: the page arrives while the
    // edit waits in the outbox, and the edit is pushed after it.
    bool edited = false;
    const QMetaObject::Connection editing = connect(
        b.replicator.get(), &Replicator::stateChanged, this, [&](Replicator::State state) {
            if (state != Replicator::State::Pulling || edited)
                return;
            edited = true;
            QVERIFY(ChangeWriter(*b.store, b.userId)
                        .update(u"deals"_s, deal, {{u"notes"_s, u"call the plant manager"_s}}));
            b.replicator->checkLocalChanges(); // what the app does after an edit
        });
    QVERIFY(b.sync());
    disconnect(editing);
    QVERIFY(edited);
    // The edit goes out without waiting for the next poll (which never comes in this test).
    QTRY_COMPARE_WITH_TIMEOUT(b.pending(), 0, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(b.replicator->state(), Replicator::State::Idle, 15000);

    // The delete won, the edit is in B's sync issues, and B holds exactly the server's rows.
    QCOMPARE(b.deal(deal, u"deleted"_s).toInt(), 1);
    const QList<SyncStore::Issue> issues = b.issues();
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.constFirst().field, u"deleted"_s);
    QCOMPARE(issues.constFirst().localValues.value(u"notes"_s).toString(),
             u"call the plant manager"_s);
    const QJsonObject server = serverChecksums(east2).value(u"tables"_s).toObject();
    QVERIFY2(b.checksums() == server, differences(b.checksums(), server).constData());
}

void tst_Replication::otherUnitIsInvisibleAndCannotBeWritten()
{
    Client &a = addClient(east1);
    Client &w = addClient(west1);
    QVERIFY(a.sync()); // signs in and pulls the organization
    QVERIFY(w.sync());
    const QString customer = UuidV7::generate();
    QVERIFY(ChangeWriter(*a.store, a.userId)
                .insert(u"customers"_s, customer,
                        {{u"name"_s, u"苏州精密机械"_s}, {u"unit_id"_s, m_east}}));
    const QString deal = insertDeal(a, u"Lathes"_s, m_east, {{u"customer_id"_s, customer}});
    QVERIFY(!deal.isEmpty());
    QVERIFY(a.sync());
    QVERIFY(w.sync());

    // West's laptop has the organization (units, users, stages) but nothing of East's.
    QVERIFY(w.scalar(u"SELECT count(*) FROM units"_s).toInt() >= 2);
    QCOMPARE(w.scalar(u"SELECT count(*) FROM stages"_s).toInt(), m_stages.size());
    QVERIFY(a.scalar(u"SELECT count(*) FROM deals WHERE unit_id = ?"_s, {m_east}).toInt() >= 1);
    QCOMPARE(w.scalar(u"SELECT count(*) FROM deals WHERE unit_id = ?"_s, {m_east}).toInt(), 0);
    QCOMPARE(w.scalar(u"SELECT count(*) FROM customers WHERE unit_id = ?"_s, {m_east}).toInt(), 0);
    QVERIFY(!w.hasRow(u"deals"_s, deal));
    QVERIFY(!w.hasRow(u"customers"_s, customer));
    const QJsonObject eastBefore = serverChecksums(east1).value(u"tables"_s).toObject();
    QVERIFY(!eastBefore.isEmpty());

    // West tries to write East's rows: a new deal in East, and East's deal under its id.
    ChangeWriter writer(*w.store, w.userId);
    const QString intruder = insertDeal(w, u"Poached lathes"_s, m_east);
    QVERIFY(!intruder.isEmpty());
    QVERIFY(writer.insert(u"deals"_s, deal,
                          {{u"title"_s, u"Lathes (ours now)"_s},
                           {u"unit_id"_s, m_west},
                           {u"stage_entered_at"_s, QDateTime::currentMSecsSinceEpoch()}}));
    QVERIFY(w.sync());
    QCOMPARE(w.pending(), 0);
    const QList<SyncStore::Issue> issues = w.issues();
    QCOMPARE(issues.size(), 2);
    QStringList rows;
    for (const SyncStore::Issue &issue : issues) {
        QCOMPARE(issue.kind, SyncStore::IssueKind::Rejected);
        QCOMPARE(issue.reason, u"forbidden"_s);
        QVERIFY(!issue.message.isEmpty());
        QVERIFY(issue.serverValues.isEmpty()); // West may not even see East's values
        rows.append(issue.rowId);
    }
    rows.sort();
    QStringList expected {intruder, deal};
    expected.sort();
    QCOMPARE(rows, expected);

    // Nothing changed for East.
    QCOMPARE(serverChecksums(east1).value(u"tables"_s).toObject(), eastBefore);
    QVERIFY(a.sync());
    QCOMPARE(a.deal(deal, u"title"_s).toString(), u"Lathes"_s);
    QCOMPARE(a.deal(deal, u"unit_id"_s).toString(), m_east);
    QVERIFY(!a.hasRow(u"deals"_s, intruder));
}

void tst_Replication::offlineClientCatchesUpWithAThousandChanges()
{
    constexpr int changes = 1000;
    constexpr int pageSize = 200;
    Client &a = addClient(east1);
    Client &b = addClient(east2, pageSize);
    QVERIFY(a.sync()); // signs in and pulls the organization
    QVERIFY(b.sync());
    const qint64 cursorBefore = b.cursor();

    b.transport->offline = true;
    QVERIFY(!b.sync());
    QCOMPARE(b.replicator->state(), Replicator::State::Offline);

    QVERIFY(a.store->transaction([&]() -> Result<void> {
        for (int i = 0; i < changes; ++i) {
            if (insertDeal(a, u"Offline deal %1"_s.arg(i, 4, 10, QChar(u'0')), m_east).isEmpty())
                return Error {ErrorCode::Sql, u"insert failed"_s};
        }
        return {};
    }));
    QCOMPARE(a.pending(), changes);
    QVERIFY(a.sync());
    QCOMPARE(a.pending(), 0);
    qsizetype pushed = 0;
    for (const QList<Protocol::OpResult> &answers : std::as_const(a.transport->pushAnswers)) {
        QVERIFY(answers.size() <= 500); // batches of at most 500
        pushed += answers.size();
    }
    QCOMPARE(pushed, changes);

    QVERIFY(!b.sync()); // still offline: nothing arrives, nothing is lost
    QCOMPARE(b.scalar(u"SELECT count(*) FROM deals WHERE title LIKE 'Offline deal %'"_s).toInt(),
             0);

    b.transport->offline = false;
    const int pullsBefore = b.transport->pulls;
    QSignalSpy progress(b.replicator.get(), &Replicator::pullProgress);
    QVERIFY(b.sync());
    QCOMPARE(b.scalar(u"SELECT count(*) FROM deals WHERE title LIKE 'Offline deal %' "
                      u"AND deleted = 0"_s)
                 .toInt(),
             changes);
    QVERIFY(b.cursor() > cursorBefore);
    QCOMPARE(b.cursor(), a.cursor()); // a pulled last after its push: the server's newest seq
    QVERIFY2(b.transport->pulls - pullsBefore >= changes / pageSize,
             qPrintable(u"%1 pulls"_s.arg(b.transport->pulls - pullsBefore)));
    QVERIFY(progress.size() >= changes / pageSize);
    QCOMPARE(progress.constLast().at(0).toLongLong(), progress.constLast().at(1).toLongLong());
    QCOMPARE(b.issues().size(), 0);
}

void tst_Replication::repeatedPushChangesNothing()
{
    Client &a = addClient(east1);
    QVERIFY(a.sync()); // signs in and pulls the organization
    const QJsonObject before = serverChecksums(east1);
    const QString deal = insertDeal(a, u"Valves"_s, m_east);
    QVERIFY(!deal.isEmpty());
    // (Another field than the insert's: a second change of a field waits for the next batch.)
    QVERIFY(ChangeWriter(*a.store, a.userId)
                .update(u"deals"_s, deal, {{u"notes"_s, u"DN50, stainless"_s}}));
    QVERIFY(ChangeWriter(*a.store, a.userId)
                .insert(u"customers"_s, UuidV7::generate(),
                        {{u"name"_s, u"Valve Works"_s}, {u"unit_id"_s, m_east}}));
    QCOMPARE(a.pending(), 3);

    // The server applies the push, but its answer never reaches the laptop.
    a.transport->answersToLose = 1;
    QVERIFY(!a.sync());
    QCOMPARE(a.pending(), 3);
    const QJsonObject applied = serverChecksums(east1);
    QVERIFY(applied.value(u"last_seq"_s).toInteger() > before.value(u"last_seq"_s).toInteger());
    QVERIFY(applied.value(u"tables"_s) != before.value(u"tables"_s));

    // The laptop pushes the same ops again: the same answers, and the server is unchanged.
    QVERIFY(a.sync());
    QList<QList<Protocol::OpResult>> answers;
    for (const QList<Protocol::OpResult> &answer : std::as_const(a.transport->pushAnswers)) {
        if (!answer.isEmpty()) // the empty pushes that learn the epoch
            answers.append(answer);
    }
    QCOMPARE(answers.size(), 2);
    QCOMPARE(answers.at(0).size(), 3);
    QVERIFY(sameAnswers(answers.at(0), answers.at(1)));
    const QJsonObject after = serverChecksums(east1);
    QCOMPARE(after.value(u"last_seq"_s), applied.value(u"last_seq"_s));
    QCOMPARE(after.value(u"tables"_s), applied.value(u"tables"_s));
    QCOMPARE(a.pending(), 0);
    QCOMPARE(a.issues().size(), 0);
    QCOMPARE(a.deal(deal, u"notes"_s).toString(), u"DN50, stainless"_s);
    QCOMPARE(a.checksums(), after.value(u"tables"_s).toObject());
}

void tst_Replication::clockInTheFutureIsRejected()
{
    Client &a = addClient(east1);
    Client &skewed = addClient(east2);
    QVERIFY(a.sync()); // signs in and pulls the organization
    QVERIFY(skewed.sync());
    const QJsonObject before = serverChecksums(east1);

    // The laptop's clock runs an hour ahead: its change carries that time.
    const qint64 hourMs = 3600 * 1000;
    skewed.store->setWallClock([hourMs] { return QDateTime::currentMSecsSinceEpoch() + hourMs; });
    const QString deal = insertDeal(skewed, u"From the future"_s, m_east);
    QVERIFY(!deal.isEmpty());
    QVERIFY(skewed.sync()); // the rejection is an answer, not a failed sync
    QCOMPARE(skewed.pending(), 0);
    const QList<SyncStore::Issue> issues = skewed.issues();
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.constFirst().kind, SyncStore::IssueKind::Rejected);
    QCOMPARE(issues.constFirst().reason, u"clock_skew"_s);
    QCOMPARE(issues.constFirst().rowId, deal);
    QVERIFY2(issues.constFirst().message.contains(u"ahead"_s),
             qPrintable(issues.constFirst().message));
    QCOMPARE(issues.constFirst().localValues.value(u"title"_s).toString(), u"From the future"_s);

    // The server took nothing; the other laptop never sees the deal.
    const QJsonObject after = serverChecksums(east1);
    QCOMPARE(after.value(u"tables"_s), before.value(u"tables"_s));
    QVERIFY(a.sync());
    QVERIFY(!a.hasRow(u"deals"_s, deal));
}

void tst_Replication::convergenceAfterQuiescence()
{
    // Three laptops with pokes on: each pulls when the server announces changes.
    Client &a = addClient(east1, 1000, true);
    Client &b = addClient(east2, 1000, true);
    Client &w = addClient(west1, 1000, true);
    QVERIFY(a.sync()); // signs in and pulls the organization
    QVERIFY(b.sync());
    QVERIFY(w.sync());
    const QString customer = UuidV7::generate();
    QVERIFY(ChangeWriter(*a.store, a.userId)
                .insert(u"customers"_s, customer,
                        {{u"name"_s, u"杭州新材料"_s}, {u"unit_id"_s, m_east}}));
    QStringList deals;
    for (int i = 0; i < 4; ++i) {
        deals.append(
            insertDeal(a, u"Membranes %1"_s.arg(i), m_east, {{u"customer_id"_s, customer}}));
    }
    const QString westDeal = insertDeal(w, u"Turbines"_s, m_west);
    QVERIFY(a.sync());
    QVERIFY(w.sync());
    QVERIFY(b.sync());
    for (const QString &deal : std::as_const(deals))
        QVERIFY(b.hasRow(u"deals"_s, deal));

    // Concurrent edits, overlapping on purpose, then every laptop pushes.
    ChangeWriter writerA(*a.store, a.userId);
    ChangeWriter writerB(*b.store, b.userId);
    QVERIFY(writerA.update(u"deals"_s, deals.at(0), {{u"title"_s, u"Membranes, A"_s}}));
    QVERIFY(writerB.update(u"deals"_s, deals.at(0), {{u"title"_s, u"Membranes, B"_s}}));
    QVERIFY(writerA.update(u"deals"_s, deals.at(1), {{u"amount_minor"_s, qint64(300'000)}}));
    QVERIFY(
        writerB.update(u"deals"_s, deals.at(1),
                       {{u"amount_minor"_s, qint64(310'000)}, {u"stage_id"_s, m_stages.at(1)}}));
    QVERIFY(writerA.remove(u"deals"_s, deals.at(2)));
    QVERIFY(writerB.update(u"deals"_s, deals.at(2), {{u"notes"_s, u"still interested"_s}}));
    QVERIFY(writerB.update(u"customers"_s, customer, {{u"notes"_s, u"宁波分厂"_s}}));
    QVERIFY(ChangeWriter(*w.store, w.userId)
                .update(u"deals"_s, westDeal, {{u"amount_minor"_s, qint64(9'900'000)}}));
    const QString lateDeal = insertDeal(b, u"Filters"_s, m_east);
    QVERIFY(!lateDeal.isEmpty());
    for (Client *client : {&a, &b, &w})
        client->replicator->checkLocalChanges(); // what the app does after an edit
    for (Client *client : {&a, &b, &w})
        client->sync();

    // Quiescence: nothing left to push, so the server holds its final state; then every
    // laptop holds exactly the server's rows in its scope, with no one asking (pokes did it).
    // Cursors may differ: a change outside a laptop's scope pokes only the others.
    const auto describe = [&] {
        QStringList states;
        for (const Client *client : {&a, &b, &w}) {
            states.append(
                u"%1: %2, %3 pending, cursor %4"_s
                    .arg(client->login, Replicator::stateName(client->replicator->state()))
                    .arg(client->pending())
                    .arg(client->cursor()));
        }
        return states.join(u"; "_s).toUtf8();
    };
    QTRY_VERIFY2_WITH_TIMEOUT(a.pending() == 0 && b.pending() == 0 && w.pending() == 0,
                              describe().constData(), 30000);
    QMap<QString, QJsonObject> server;
    for (const Client *client : {&a, &b, &w}) {
        server.insert(client->login, serverChecksums(client->login).value(u"tables"_s).toObject());
        QVERIFY(!server.value(client->login).isEmpty());
    }
    const auto converged = [&] {
        for (const Client *client : {&a, &b, &w}) {
            if (client->replicator->state() != Replicator::State::Idle
                || client->checksums() != server.value(client->login))
                return false;
        }
        return true;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(converged(), describe().constData(), 30000);
    for (const Client *client : {&a, &b, &w}) {
        const QJsonObject local = client->checksums();
        QVERIFY2(local == server.value(client->login),
                 differences(local, server.value(client->login)).constData());
        QVERIFY(client->cursor() <= serverChecksums().value(u"last_seq"_s).toInteger());
    }
    QCOMPARE(a.checksums(), b.checksums());
    QVERIFY(a.checksums().value(u"deals"_s) != w.checksums().value(u"deals"_s));
    QCOMPARE(a.deal(deals.at(0), u"title"_s), b.deal(deals.at(0), u"title"_s));
    QCOMPARE(a.deal(deals.at(2), u"deleted"_s).toInt(), 1);
    QVERIFY(a.hasRow(u"deals"_s, lateDeal));
    QCOMPARE(w.deal(westDeal, u"amount_minor"_s).toLongLong(), 9'900'000);
    QVERIFY(!w.hasRow(u"deals"_s, lateDeal));
}

void tst_Replication::firstSyncStartsFromTheServersSnapshot()
{
    Client &a = addClient(east1);
    QVERIFY(a.sync());
    const QString before = insertDeal(a, u"Before the snapshot 快照"_s, m_east);
    QVERIFY(a.sync());

    // The administrator builds the snapshots while the server is down (it keeps its
    // directory to itself while it runs).
    QVERIFY(stopServer());
    QByteArray built;
    QCOMPARE(runServerCommand({u"snapshot"_s, u"--db"_s, m_db}, &built), 0);
    QVERIFY2(built.contains(QByteArray(QByteArray("unit:") + m_east.toLatin1())),
             built.constData());
    QVERIFY(built.contains("all:"));
    const quint16 port = m_port;
    QVERIFY(startServer(port));

    // Work after the snapshot comes page by page.
    const QString after = insertDeal(a, u"After the snapshot"_s, m_east);
    QVERIFY(a.sync());
    const QJsonObject server = serverChecksums(east2);

    Client &b = addClient(east2);
    const QString deviceId = b.store->deviceId();
    QSignalSpy installed(b.replicator.get(), &Replicator::snapshotInstalled);
    QVERIFY(b.sync());
    QCOMPARE(installed.size(), 1);
    const qint64 snapshotCursor = installed.constFirst().at(0).toLongLong();
    QVERIFY(snapshotCursor > 0);
    QVERIFY(snapshotCursor < server.value(u"last_seq"_s).toInteger());
    QVERIFY(b.hasRow(u"deals"_s, before));
    QVERIFY(b.hasRow(u"deals"_s, after));
    QCOMPARE(b.store->deviceId(), deviceId);
    QVERIFY2(b.checksums() == server.value(u"tables"_s).toObject(),
             differences(b.checksums(), server.value(u"tables"_s).toObject()).constData());

    // B works on as any laptop: its edit reaches A.
    QVERIFY(ChangeWriter(*b.store, b.userId)
                .update(u"deals"_s, before, {{u"title"_s, u"Edited after the snapshot"_s}}));
    QVERIFY(b.sync());
    QCOMPARE(b.pending(), 0);
    QVERIFY(b.issues().isEmpty());
    QVERIFY(a.sync());
    QCOMPARE(a.deal(before, u"title"_s).toString(), u"Edited after the snapshot"_s);

    // An HQ laptop gets the snapshot of everything, equal to the server's rows.
    Client &hq = addClient(hq1);
    QSignalSpy hqInstalled(hq.replicator.get(), &Replicator::snapshotInstalled);
    QVERIFY(hq.sync());
    QCOMPARE(hqInstalled.size(), 1);
    const QJsonObject all = serverChecksums(hq1);
    QVERIFY2(hq.checksums() == all.value(u"tables"_s).toObject(),
             differences(hq.checksums(), all.value(u"tables"_s).toObject()).constData());
}

void tst_Replication::restoredBackupResyncsWithNothingLost()
{
    Client &a = addClient(east1);
    Client &b = addClient(east2);
    QVERIFY(a.sync()); // signs in and pulls the organization
    QVERIFY(b.sync());
    const QString deal = insertDeal(a, u"Before the backup"_s, m_east);
    QVERIFY(!deal.isEmpty());
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    const QString epoch = a.syncStore().epoch();
    QVERIFY(!epoch.isEmpty());

    const QString backup = m_serverDir.filePath(u"backup.sqlite"_s);
    QCOMPARE(runServerCommand({u"backup"_s, u"--db"_s, m_db, u"--to"_s, backup}), 0);

    // Work the backup does not have: pushed, acknowledged, seen by B.
    QVERIFY(ChangeWriter(*a.store, a.userId)
                .update(u"deals"_s, deal, {{u"title"_s, u"After the backup"_s}}));
    const QString later = insertDeal(a, u"Made after the backup"_s, m_east);
    QVERIFY(!later.isEmpty());
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    QVERIFY(b.hasRow(u"deals"_s, later));

    // The server is restored from the backup: a new epoch, the later work gone from it.
    QVERIFY(stopServer());
    QByteArray restored;
    QCOMPARE(
        runServerCommand({u"restore-backup"_s, u"--db"_s, m_db, u"--from"_s, backup}, &restored),
        0);
    const quint16 port = m_port;
    QVERIFY(startServer(port)); // the laptops know the server by its address
    const QJsonObject fresh = serverChecksums();
    QVERIFY(fresh.value(u"epoch"_s).toString() != epoch);
    QVERIFY(restored.contains(fresh.value(u"epoch"_s).toString().toLatin1()));

    // A keeps working: the same field again, and another one.
    QVERIFY(ChangeWriter(*a.store, a.userId)
                .update(u"deals"_s, deal,
                        {{u"title"_s, u"After the restore"_s}, {u"notes"_s, u"re-sent"_s}}));
    QVERIFY(a.sync());
    QCOMPARE(a.syncStore().epoch(), fresh.value(u"epoch"_s).toString());
    QCOMPARE(a.pending(), 0);
    QVERIFY(b.sync());
    QCOMPARE(b.syncStore().epoch(), fresh.value(u"epoch"_s).toString());

    // Nothing lost, the newest value everywhere.
    for (const Client *client : {&a, &b}) {
        QVERIFY(client->hasRow(u"deals"_s, later));
        QCOMPARE(client->deal(later, u"deleted"_s).toInt(), 0);
        QCOMPARE(client->deal(deal, u"title"_s).toString(), u"After the restore"_s);
        QCOMPARE(client->deal(deal, u"notes"_s).toString(), u"re-sent"_s);
        QCOMPARE(client->issues().size(), 0);
    }
    const QJsonObject server = serverChecksums(east1).value(u"tables"_s).toObject();
    QVERIFY2(a.checksums() == server, differences(a.checksums(), server).constData());
    QVERIFY2(b.checksums() == server, differences(b.checksums(), server).constData());
}

QTEST_GUILESS_MAIN(tst_Replication)
#include "tst_replication.moc"
