#include "snapshotservice.h"

#include "hybridclock.h"
#include "localstore.h"
#include "schema.h"
#include "sqliteserverstore.h"
#include "syncstore.h"
#include "uuidv7.h"
#include "zstdstream.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

constexpr qint64 t0 = 1'764'148'000'000;
const QString fakeHash = u"$argon2id$v=19$m=65536,t=2,p=1$test"_s;

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return hash.result().toHex();
}

} // namespace

// SnapshotService on a real SqliteServerStore seeded with a small demo organization: what a
// snapshot holds, how it is renewed, when builds are queued, and what survives a restart.
class tst_SnapshotService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void snapshotHoldsWhatAFirstSyncHolds();
    void newerSnapshotStartsFromThePreviousOne();
    void askingQueuesABuildForLargeScopesOnly();
    void staleSnapshotIsServedWhileItIsRenewed();
    void publishedSnapshotsSurviveARestart();
    void newEpochRetiresSnapshots();
    void directoryBelongsToOneServer();

private:
    std::unique_ptr<SnapshotService> openService(qint64 minSeq = 1'000'000'000,
                                                 qint64 refreshAfter = 1'000'000'000);
    AuthContext account(const QString &login);
    /// The synced rows of the snapshot's file, digested as a laptop's store digests its own,
    /// against the server's rows for user.
    void compareWithServer(const SnapshotService::Snapshot &snapshot, const AuthContext &user);
    /// A change in the rep's unit: a new deal.
    qint64 addDeal(const AuthContext &rep, const QString &title);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteServerStore> m_store;
    QString m_snapshotDir;
    AuthContext m_hq;
    AuthContext m_rep;
    qint64 m_deviceSeq = 0;
};

void tst_SnapshotService::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto store = SqliteServerStore::open(m_dir->filePath(u"server.sqlite"_s));
    QVERIFY2(store.ok(), qPrintable(store.error().message));
    m_store = std::move(store).value();
    QVERIFY(m_store->initialize(t0).ok());
    const auto seeded = m_store->seedDemo(200, 7, fakeHash, t0);
    QVERIFY2(seeded.ok(), qPrintable(seeded.error().message));
    m_rep = account(seeded->demoLogin);
    QVERIFY(!m_rep.unitId.isEmpty());
    const Result<QString> hq
        = m_store->addUser({u"hq@x.example"_s, u"HQ"_s, u"hq"_s, {}, fakeHash}, t0);
    QVERIFY(hq.ok());
    m_hq = account(u"hq@x.example"_s);
    m_snapshotDir = m_dir->filePath(u"snapshots"_s);
    m_deviceSeq = 0;
}

void tst_SnapshotService::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

std::unique_ptr<SnapshotService> tst_SnapshotService::openService(qint64 minSeq,
                                                                  qint64 refreshAfter)
{
    SnapshotService::Options options;
    options.directory = m_snapshotDir;
    options.minSeq = minSeq;
    options.refreshAfter = refreshAfter;
    options.pageSize = 500;
    auto service = SnapshotService::open(*m_store, options);
    if (!service)
        qFatal("cannot open the snapshot service: %s", qPrintable(service.error().message));
    return std::move(service).value();
}

AuthContext tst_SnapshotService::account(const QString &login)
{
    const auto found = m_store->findAccount(login);
    if (!found || !found.value())
        qFatal("no account %s", qPrintable(login));
    const ServerStore::Account &account = *found.value();
    return {account.userId, account.name, account.role, account.unitId, UuidV7::generate()};
}

void tst_SnapshotService::compareWithServer(const SnapshotService::Snapshot &snapshot,
                                            const AuthContext &user)
{
    // The file is compressed; what a laptop decompresses it to is a desktop store.
    const QString copy = m_dir->filePath(u"copy-%1.outpost"_s.arg(UuidV7::generate()));
    const Result<void> unpacked
        = ZstdStream::decompressFile(snapshot.path, copy, snapshot.databaseBytes);
    QVERIFY2(unpacked.ok(), qPrintable(unpacked.error().message));
    QCOMPARE(QFileInfo(copy).size(), snapshot.databaseBytes);
    QVERIFY(snapshot.bytes < snapshot.databaseBytes / 2);
    auto opened = LocalStore::open(copy);
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    SyncStore sync(*opened.value());
    QCOMPARE(sync.cursor(), snapshot.cursor);
    QCOMPARE(sync.epoch(), snapshot.epoch);
    const auto laptop = sync.checksums();
    QVERIFY(laptop.ok());
    const auto server = m_store->checksums(user);
    QVERIFY(server.ok());
    QCOMPARE(laptop->size(), server->tables.size());
    for (auto it = server->tables.cbegin(); it != server->tables.cend(); ++it) {
        QVERIFY2(laptop->contains(it.key()), qPrintable(it.key()));
        QCOMPARE(laptop->value(it.key()).rows, it->rows);
        QVERIFY2(laptop->value(it.key()).sha256 == it->sha256, qPrintable(it.key()));
    }
    QSqlQuery q = opened.value()->query();
    QVERIFY(q.exec(u"SELECT count(*) FROM field_history"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

qint64 tst_SnapshotService::addDeal(const AuthContext &rep, const QString &title)
{
    Protocol::PushOp op;
    op.opId = UuidV7::generate();
    op.deviceSeq = ++m_deviceSeq;
    op.table = u"deals"_s;
    op.rowId = UuidV7::generate();
    op.op = u"insert"_s;
    op.hlc = HybridClock::fromWallMs(t0) + m_deviceSeq;
    op.fields = {{u"title"_s, {title, 0}},
                 {u"unit_id"_s, {rep.unitId, 0}},
                 {u"amount_minor"_s, {qint64(250'000), 0}},
                 {u"stage_entered_at"_s, {t0, 0}}};
    const auto outcome
        = m_store->applyPush(rep, Protocol::PushRequest {u"device-of-the-test"_s, {}, 3, {op}}, t0);
    if (!outcome || outcome->results.value(0).status != u"applied"_s)
        qFatal("the deal was not applied");
    return outcome->lastSeq;
}

void tst_SnapshotService::snapshotHoldsWhatAFirstSyncHolds()
{
    auto service = openService();
    for (const AuthContext &user : {m_hq, m_rep}) {
        const auto snapshot = service->build(user);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        QCOMPARE(snapshot->scope, SnapshotService::scopeKey(user));
        QCOMPARE(snapshot->cursor, m_store->latestSeqInScope(user).value());
        QCOMPARE(snapshot->epoch, m_store->epoch().value());
        QCOMPARE(snapshot->schemaVersion, Schema::latestVersion());
        QCOMPARE(snapshot->bytes, QFileInfo(snapshot->path).size());
        QCOMPARE(snapshot->sha256, sha256Of(snapshot->path));
        QCOMPARE(QFileInfo(snapshot->path).absolutePath(), QDir(m_snapshotDir).absolutePath());
        compareWithServer(snapshot.value(), user);
    }
    QCOMPARE(SnapshotService::scopeKey(m_hq), u"all"_s);
    QCOMPARE(SnapshotService::scopeKey(m_rep), u"unit:"_s + m_rep.unitId);
    // A rep's snapshot holds only their unit's rows.
    const auto hqDeals = service->build(m_hq);
    const auto repDeals = service->build(m_rep);
    QVERIFY(repDeals->bytes < hqDeals->bytes);
}

void tst_SnapshotService::newerSnapshotStartsFromThePreviousOne()
{
    auto service = openService();
    const auto first = service->build(m_rep);
    QVERIFY(first.ok());
    // Nothing new: the same snapshot.
    const auto same = service->build(m_rep);
    QVERIFY(same.ok());
    QCOMPARE(same->path, first->path);

    const qint64 seq = addDeal(m_rep, u"After the first snapshot"_s);
    const auto second = service->build(m_rep);
    QVERIFY2(second.ok(), qPrintable(second.error().message));
    QCOMPARE(second->cursor, seq);
    QVERIFY(second->path != first->path);
    compareWithServer(second.value(), m_rep);
    // The file before stays for downloads still reading it, until the next one.
    QVERIFY(QFile::exists(first->path));
    addDeal(m_rep, u"After the second snapshot"_s);
    const auto third = service->build(m_rep);
    QVERIFY(third.ok());
    QVERIFY(!QFile::exists(first->path));
    QVERIFY(QFile::exists(second->path));
    compareWithServer(third.value(), m_rep);
}

void tst_SnapshotService::askingQueuesABuildForLargeScopesOnly()
{
    {
        auto small = openService(/*minSeq*/ 1'000'000'000);
        QVERIFY(!small->find(m_rep).value().has_value());
        small->waitUntilIdle();
        QVERIFY(!small->find(m_rep).value().has_value());
        QVERIFY(QDir(m_snapshotDir).entryList({u"*.sqlite"_s}).isEmpty());
    }
    auto service = openService(/*minSeq*/ 0);
    QVERIFY(!service->find(m_rep).value().has_value()); // none yet: built in the background
    service->waitUntilIdle();
    const auto found = service->find(m_rep);
    QVERIFY(found.ok());
    QVERIFY(found->has_value());
    compareWithServer(**found, m_rep);
}

void tst_SnapshotService::staleSnapshotIsServedWhileItIsRenewed()
{
    auto service = openService(0, /*refreshAfter*/ 2);
    const auto first = service->build(m_rep);
    QVERIFY(first.ok());
    addDeal(m_rep, u"One"_s);
    // One change behind: still current.
    QCOMPARE(service->find(m_rep).value()->path, first->path);
    service->waitUntilIdle();
    QCOMPARE(service->find(m_rep).value()->path, first->path);
    const qint64 seq = addDeal(m_rep, u"Two"_s);
    // Two behind: served, and renewed in the background.
    QCOMPARE(service->find(m_rep).value()->path, first->path);
    service->waitUntilIdle();
    const auto renewed = service->find(m_rep);
    QCOMPARE(renewed.value()->cursor, seq);
    compareWithServer(**renewed, m_rep);
}

void tst_SnapshotService::publishedSnapshotsSurviveARestart()
{
    SnapshotService::Snapshot built;
    {
        auto service = openService();
        built = service->build(m_hq).value();
        service->build(m_rep).value();
    }
    // A leftover of a build that was cut short is cleared.
    QFile leftover(QDir(m_snapshotDir).filePath(u"all.building.sqlite"_s));
    QVERIFY(leftover.open(QIODevice::WriteOnly));
    leftover.close();
    {
        auto service = openService();
        const auto found = service->find(m_hq);
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE(found.value()->path, built.path);
        QCOMPARE(found.value()->sha256, built.sha256);
        QCOMPARE(found.value()->cursor, built.cursor);
        QVERIFY(!leftover.exists());
    }
    // A description that does not match its file is ignored.
    QFile description(QDir(m_snapshotDir).filePath(u"all.json"_s));
    QVERIFY(description.open(QIODevice::ReadWrite));
    QByteArray text = description.readAll();
    text.replace(QByteArray::number(built.bytes), QByteArray::number(built.bytes + 1));
    QVERIFY(description.resize(0));
    description.write(text);
    description.close();
    auto service = openService();
    QVERIFY(!service->find(m_hq).value().has_value());
    QVERIFY(service->find(m_rep).value().has_value());
}

void tst_SnapshotService::newEpochRetiresSnapshots()
{
    auto service = openService();
    QVERIFY(service->build(m_rep).ok());
    QVERIFY(service->find(m_rep).value().has_value());
    QVERIFY(m_store->renewEpoch().ok());
    QVERIFY(!service->find(m_rep).value().has_value());
    const auto rebuilt = service->build(m_rep);
    QVERIFY(rebuilt.ok());
    QCOMPARE(rebuilt->epoch, m_store->epoch().value());
    compareWithServer(rebuilt.value(), m_rep);
}

void tst_SnapshotService::directoryBelongsToOneServer()
{
    auto service = openService();
    SnapshotService::Options options;
    options.directory = m_snapshotDir;
    const auto second = SnapshotService::open(*m_store, options);
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, ErrorCode::Conflict);
    QVERIFY(second.error().message.contains(m_snapshotDir));
}

QTEST_GUILESS_MAIN(tst_SnapshotService)
#include "tst_snapshotservice.moc"
