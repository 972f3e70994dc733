#include "syncstore.h"

#include "changewriter.h"
#include "hybridclock.h"
#include "localstore.h"
#include "schema.h"
#include "uuidv7.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <future>
#include <memory>
#include <thread>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

constexpr qint64 t0 = 1'718'000'000'000; // 2024-06-10
constexpr qsizetype anyBytes = 1 << 24;

QVariant scalar(LocalStore &store, const QString &sql, const QVariantList &bindings = {})
{
    QSqlQuery q = store.query();
    q.prepare(sql);
    for (const QVariant &value : bindings)
        q.addBindValue(value);
    if (!q.exec() || !q.next())
        return {};
    return q.value(0);
}

int count(LocalStore &store, const QString &table)
{
    return scalar(store, u"SELECT count(*) FROM %1"_s.arg(table)).toInt();
}

QVariant column(LocalStore &store, const QString &table, const QString &id, const QString &name)
{
    return scalar(store, u"SELECT %1 FROM %2 WHERE id = ?"_s.arg(name, table), {id});
}

// The server version a field is based on: its own entry, or else its row's (sync_version).
qint64 version(LocalStore &store, const QString &table, const QString &id, const QString &field)
{
    return scalar(
               store,
               u"SELECT coalesce((SELECT version FROM field_versions WHERE table_name = ? AND "
               u"row_id = ? AND field = ?), (SELECT sync_version FROM %1 WHERE id = ?), 0)"_s.arg(
                   table),
               {table, id, field, id})
        .toLongLong();
}

SyncStore::OpAnswer applied(const SyncStore::PendingOp &op, qint64 serverSeq)
{
    SyncStore::OpAnswer answer;
    answer.deviceSeq = op.deviceSeq;
    answer.opId = op.opId;
    answer.status = u"applied"_s;
    answer.serverSeq = serverSeq;
    return answer;
}

SyncStore::OpAnswer rejected(const SyncStore::PendingOp &op, const QString &reason,
                             std::optional<SyncStore::RemoteRow> current = std::nullopt)
{
    SyncStore::OpAnswer answer;
    answer.deviceSeq = op.deviceSeq;
    answer.opId = op.opId;
    answer.status = u"rejected"_s;
    answer.reason = reason;
    answer.message = u"Refused for a test."_s;
    answer.current = std::move(current);
    return answer;
}

SyncStore::RemoteRow remote(const QString &table, const QString &id, qint64 seq,
                            const QVariantMap &fields)
{
    SyncStore::RemoteRow row;
    row.seq = seq;
    row.table = table;
    row.rowId = id;
    row.fields = fields;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        row.versions.insert(it.key(), seq);
    return row;
}

SyncStore::PullPage page(const QString &epoch, qint64 cursor, QList<SyncStore::RemoteRow> rows)
{
    SyncStore::PullPage result;
    result.epoch = epoch;
    result.cursor = cursor;
    result.rows = std::move(rows);
    return result;
}

} // namespace

class TestSyncStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void nextBatchIsOrderedAndEndsBeforeARepeatedField();
    void nextBatchIsBounded();
    void appliedOpsLeaveTheOutboxForTheJournal();
    void conflictsBecomeIssuesWithBothValues_data();
    void conflictsBecomeIssuesWithBothValues();
    void serverKeptValueDoesNotOverwriteALaterLocalEdit();
    void deleteWinsOverEditAndCanBeReapplied();
    void rejectionBecomesIssueAndRestoresServerState();
    void rejectedInsertIsTombstonedAndReapplied();
    void repeatedAnswersRecordNothingTwice();
    void dismissResolvesIssue();
    void pullPageAndCursorAreAtomic();
    void pullInsertsRowsWithVersionsAndRecordsRemoteHistory();
    void pulledRowKeepsItsCommonVersionOnce();
    void pendingLocalFieldsSurviveAPull();
    void purgeDeletesRowVersionsAndHistory();
    void childBeforeParentInOnePage();
    void rowWaitsForAParentFromALaterPage();
    void purgedParentParksItsChildren();
    void epochChangeKeepsRowsAndRequeuesTheJournal();
    void pageOfAnotherEpochIsNotApplied();
    void resetRequiredRewindsTheCursor();
    void remoteClockAdvancesTheHybridClock();
    void snapshotReplacesAPristineStore();
    void snapshotIsRefusedByAStoreWithData();
    void snapshotIsRefusedWhenItDoesNotMatch_data();
    void snapshotIsRefusedWhenItDoesNotMatch();
    void writesWaitWhileTheStoreIsReplaced();

private:
    /// A snapshot as the server makes one: a store filled by a pull page, then sealed. Its
    /// cursor is 40; customerId and dealId get the ids of its two rows.
    QString makeSnapshot(const QString &name, QString *customerId = nullptr,
                         QString *dealId = nullptr);
    QString insertCustomer(const QString &name, const QVariantMap &more = {});
    QString insertDeal(const QString &customerId, const QString &title, qint64 amount);
    QList<SyncStore::PendingOp> batch(int maxOps = 1000);
    void acknowledgeAll(qint64 firstServerSeq = 100);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ChangeWriter> m_writer;
    std::unique_ptr<SyncStore> m_sync;
    qint64 m_now = t0;
    const QString m_epoch = UuidV7::generate();
};

QString TestSyncStore::makeSnapshot(const QString &name, QString *customerId, QString *dealId)
{
    const QString path = m_dir->filePath(name);
    const QString customer = UuidV7::generate();
    const QString deal = UuidV7::generate();
    auto opened = LocalStore::open(path);
    if (!opened)
        qFatal("cannot open the snapshot: %s", qPrintable(opened.error().message));
    {
        SyncStore sync(*opened.value());
        const bool built = sync.adoptEpoch(m_epoch).ok()
            && sync.applyPullPage(
                       page(m_epoch, 40,
                            {remote(u"customers"_s, customer, 30,
                                    {{u"name"_s, u"快照 Snapshot Ltd"_s}, {u"city"_s, u"Xi'an"_s}}),
                             remote(u"deals"_s, deal, 40,
                                    {{u"title"_s, u"Snapshot pumps"_s},
                                     {u"customer_id"_s, customer},
                                     {u"amount_minor"_s, qint64(700'000)},
                                     {u"stage_entered_at"_s, t0}})}))
                   .ok()
            && sync.sealSnapshot().ok();
        if (!built)
            qFatal("cannot build the snapshot");
    }
    opened.value().reset();
    if (customerId)
        *customerId = customer;
    if (dealId)
        *dealId = deal;
    return path;
}

void TestSyncStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestSyncStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"profile.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_now = t0;
    m_store->setWallClock([this] { return m_now; });
    m_writer = std::make_unique<ChangeWriter>(*m_store, u"user-1"_s);
    m_sync = std::make_unique<SyncStore>(*m_store);
}

void TestSyncStore::cleanup()
{
    m_sync.reset();
    m_writer.reset();
    m_store.reset();
    m_dir.reset();
}

QString TestSyncStore::insertCustomer(const QString &name, const QVariantMap &more)
{
    const QString id = UuidV7::generate();
    QVariantMap fields = more;
    fields.insert(u"name"_s, name);
    const Result<void> done = m_writer->insert(u"customers"_s, id, fields);
    if (!done)
        qWarning() << done.error().message;
    return id;
}

QString TestSyncStore::insertDeal(const QString &customerId, const QString &title, qint64 amount)
{
    const QString id = UuidV7::generate();
    QVariantMap fields {
        {u"title"_s, title}, {u"amount_minor"_s, amount}, {u"stage_entered_at"_s, t0}};
    if (!customerId.isEmpty())
        fields.insert(u"customer_id"_s, customerId);
    const Result<void> done = m_writer->insert(u"deals"_s, id, fields);
    if (!done)
        qWarning() << done.error().message;
    return id;
}

QList<SyncStore::PendingOp> TestSyncStore::batch(int maxOps)
{
    const Result<QList<SyncStore::PendingOp>> ops = m_sync->nextBatch(maxOps, anyBytes);
    if (!ops)
        qWarning() << ops.error().message;
    return ops ? ops.value() : QList<SyncStore::PendingOp>();
}

void TestSyncStore::acknowledgeAll(qint64 firstServerSeq)
{
    for (QList<SyncStore::PendingOp> ops = batch(); !ops.isEmpty(); ops = batch()) {
        QList<SyncStore::OpAnswer> answers;
        for (const SyncStore::PendingOp &op : std::as_const(ops))
            answers.append(applied(op, firstServerSeq++));
        const auto outcome = m_sync->applyPushResults(m_epoch, m_now, answers);
        QVERIFY2(outcome.ok(), qPrintable(outcome.error().message));
    }
}

void TestSyncStore::nextBatchIsOrderedAndEndsBeforeARepeatedField()
{
    const QString customer = insertCustomer(u"Acme"_s);
    QVERIFY(m_writer->update(u"customers"_s, customer, {{u"name"_s, u"Acme Ltd"_s}}));
    const QString deal = insertDeal(customer, u"Pumps"_s, 500);

    // The second edit of "name" waits for the first one's answer, so it can be rebased.
    QList<SyncStore::PendingOp> ops = batch();
    QCOMPARE(ops.size(), 1);
    QCOMPARE(ops.at(0).deviceSeq, 1);
    QCOMPARE(ops.at(0).op, u"insert"_s);
    QCOMPARE(ops.at(0).fields.value(u"name"_s).value, QVariant(u"Acme"_s));

    QVERIFY(m_sync->applyPushResults(m_epoch, m_now, {applied(ops.at(0), 90)}).ok());
    ops = batch();
    QCOMPARE(ops.size(), 2);
    QCOMPARE(ops.at(0).deviceSeq, 2);
    QCOMPARE(ops.at(0).fields.value(u"name"_s).value, QVariant(u"Acme Ltd"_s));
    QCOMPARE(ops.at(0).fields.value(u"name"_s).base, 90); // rebased on the first edit
    QCOMPARE(ops.at(1).deviceSeq, 3);
    QCOMPARE(ops.at(1).rowId, deal);
    QCOMPARE(ops.at(1).fields.value(u"amount_minor"_s).value.toLongLong(), 500);
}

void TestSyncStore::nextBatchIsBounded()
{
    for (int i = 0; i < 5; ++i)
        insertCustomer(u"Customer %1"_s.arg(i));
    QCOMPARE(batch(3).size(), 3);
    // At least one op even when it alone exceeds the byte bound.
    const auto tiny = m_sync->nextBatch(100, 1);
    QVERIFY(tiny.ok());
    QCOMPARE(tiny->size(), 1);
    QCOMPARE(m_sync->pendingCount().value(), 5);
}

void TestSyncStore::appliedOpsLeaveTheOutboxForTheJournal()
{
    const QString customer = insertCustomer(u"Acme"_s, {{u"city"_s, u"Shanghai"_s}});
    QCOMPARE(m_sync->pendingCount().value(), 1);
    const QList<SyncStore::PendingOp> ops = batch();
    const auto outcome = m_sync->applyPushResults(m_epoch, m_now, {applied(ops.at(0), 77)});
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->applied, 1);
    QCOMPARE(m_sync->pendingCount().value(), 0);
    QCOMPARE(count(*m_store, u"sync_sent"_s), 1);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"name"_s), 77);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"city"_s), 77);
    QCOMPARE(m_sync->epoch(), m_epoch);
    QCOMPARE(m_sync->openIssueCount().value(), 0);
}

void TestSyncStore::conflictsBecomeIssuesWithBothValues_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("mine");
    QTest::addColumn<QVariant>("theirs");
    QTest::addColumn<QString>("kept");
    QTest::newRow("critical field: server kept")
        << u"amount_minor"_s << QVariant(qint64(600)) << QVariant(qint64(750)) << u"server"_s;
    QTest::newRow("ordinary field: last writer wins")
        << u"title"_s << QVariant(u"Mine"_s) << QVariant(u"Theirs"_s) << u"client"_s;
}

void TestSyncStore::conflictsBecomeIssuesWithBothValues()
{
    QFETCH(QString, field);
    QFETCH(QVariant, mine);
    QFETCH(QVariant, theirs);
    QFETCH(QString, kept);

    const QString deal = insertDeal({}, u"Pumps"_s, 500);
    acknowledgeAll();
    QVERIFY(m_writer->update(u"deals"_s, deal, {{field, mine}}));
    const QList<SyncStore::PendingOp> ops = batch();
    QCOMPARE(ops.size(), 1);

    SyncStore::OpAnswer answer = applied(ops.at(0), 300);
    answer.status = u"merged"_s;
    answer.conflicts = {{field, mine, theirs, kept}};
    const auto outcome = m_sync->applyPushResults(m_epoch, m_now, {answer});
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->merged, 1);
    QCOMPARE(m_sync->pendingCount().value(), 0);

    const auto issues = m_sync->issues();
    QVERIFY(issues.ok());
    QCOMPARE(issues->size(), 1);
    const SyncStore::Issue &issue = issues->at(0);
    QCOMPARE(issue.kind, SyncStore::IssueKind::Conflict);
    QCOMPARE(issue.table, u"deals"_s);
    QCOMPARE(issue.rowId, deal);
    QCOMPARE(issue.field, field);
    QCOMPARE(issue.localValues.value(field).toString(), mine.toString());
    QCOMPARE(issue.serverValues.value(field).toString(), theirs.toString());
    QCOMPARE(issue.kept, kept);
    QCOMPARE(issue.opId, ops.at(0).opId);

    // The store shows what the server kept; the losing value stays in field history.
    const QVariant shown = kept == u"server"_s ? theirs : mine;
    QCOMPARE(column(*m_store, u"deals"_s, deal, field).toString(), shown.toString());
    QSqlQuery history = m_store->query();
    QVERIFY(history.exec(u"SELECT old_value, new_value FROM field_history WHERE origin = "
                         u"'conflict' AND row_id = '%1' AND field = '%2'"_s.arg(deal, field)));
    QVERIFY(history.next());
    const QVariant lost = kept == u"server"_s ? mine : theirs;
    QCOMPARE(history.value(0).toString(), lost.toString());
    QCOMPARE(history.value(1).toString(), shown.toString());
}

void TestSyncStore::serverKeptValueDoesNotOverwriteALaterLocalEdit()
{
    const QString deal = insertDeal({}, u"Pumps"_s, 500);
    acknowledgeAll();
    QVERIFY(m_writer->update(u"deals"_s, deal, {{u"amount_minor"_s, 600}}));
    QVERIFY(m_writer->update(u"deals"_s, deal, {{u"amount_minor"_s, 650}}));
    const QList<SyncStore::PendingOp> ops = batch();
    QCOMPARE(ops.size(), 1);
    SyncStore::OpAnswer answer = applied(ops.at(0), 300);
    answer.status = u"merged"_s;
    answer.conflicts = {{u"amount_minor"_s, qint64(600), qint64(750), u"server"_s}};
    QVERIFY(m_sync->applyPushResults(m_epoch, m_now, {answer}).ok());
    // The user's newer value still waits in the outbox and stays on screen.
    QCOMPARE(column(*m_store, u"deals"_s, deal, u"amount_minor"_s).toLongLong(), 650);
    QCOMPARE(m_sync->pendingCount().value(), 1);
}

void TestSyncStore::deleteWinsOverEditAndCanBeReapplied()
{
    const QString deal = insertDeal({}, u"Pumps"_s, 500);
    acknowledgeAll();
    QVERIFY(m_writer->update(u"deals"_s, deal, {{u"title"_s, u"Pumps, 2 units"_s}}));
    const QList<SyncStore::PendingOp> ops = batch();
    SyncStore::OpAnswer answer = applied(ops.at(0), 300);
    answer.status = u"merged"_s;
    answer.conflicts = {{u"deleted"_s, qint64(0), qint64(1), u"server"_s}};
    QVERIFY(m_sync->applyPushResults(m_epoch, m_now, {answer}).ok());
    QCOMPARE(column(*m_store, u"deals"_s, deal, u"deleted"_s).toInt(), 1);

    const auto issues = m_sync->issues();
    QCOMPARE(issues->size(), 1);
    QCOMPARE(issues->at(0).field, u"deleted"_s);
    QCOMPARE(issues->at(0).localValues.value(u"title"_s).toString(), u"Pumps, 2 units"_s);

    const Result<void> reapplied = m_sync->reapply(issues->at(0).id, u"user-1"_s);
    QVERIFY2(reapplied.ok(), qPrintable(reapplied.error().message));
    QCOMPARE(column(*m_store, u"deals"_s, deal, u"deleted"_s).toInt(), 0);
    QCOMPARE(column(*m_store, u"deals"_s, deal, u"title"_s).toString(), u"Pumps, 2 units"_s);
    // The row is recovered, then the edit goes out again.
    const QList<SyncStore::PendingOp> again = batch();
    QCOMPARE(again.size(), 2);
    QCOMPARE(again.at(0).op, u"undelete"_s);
    QCOMPARE(again.at(1).op, u"update"_s);
    QCOMPARE(again.at(1).fields.value(u"title"_s).value.toString(), u"Pumps, 2 units"_s);
    QCOMPARE(m_sync->openIssueCount().value(), 0);
}

void TestSyncStore::rejectionBecomesIssueAndRestoresServerState()
{
    const QString customer = insertCustomer(u"Acme"_s);
    acknowledgeAll(10);
    QVERIFY(m_writer->update(u"customers"_s, customer, {{u"name"_s, u"Mine"_s}}));
    const QList<SyncStore::PendingOp> ops = batch();

    SyncStore::RemoteRow current
        = remote(u"customers"_s, customer, 90, {{u"name"_s, u"Server name"_s}});
    const auto outcome
        = m_sync->applyPushResults(m_epoch, m_now, {rejected(ops.at(0), u"forbidden"_s, current)});
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->rejected, 1);
    QCOMPARE(outcome->changedTables, QStringList {u"customers"_s});
    QCOMPARE(m_sync->pendingCount().value(), 0);
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"name"_s).toString(), u"Server name"_s);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"name"_s), 90);

    const auto issues = m_sync->issues();
    QCOMPARE(issues->size(), 1);
    const SyncStore::Issue issue = issues->at(0);
    QCOMPARE(issue.kind, SyncStore::IssueKind::Rejected);
    QCOMPARE(issue.reason, u"forbidden"_s);
    QCOMPARE(issue.message, u"Refused for a test."_s);
    QCOMPARE(issue.op, u"update"_s);
    QCOMPARE(issue.localValues, (QVariantMap {{u"name"_s, u"Mine"_s}}));
    QCOMPARE(issue.serverValues, (QVariantMap {{u"name"_s, u"Server name"_s}}));

    // Reapplying writes the user's value again as a new change based on the server version.
    QVERIFY(m_sync->reapply(issue.id, u"user-1"_s).ok());
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"name"_s).toString(), u"Mine"_s);
    const QList<SyncStore::PendingOp> again = batch();
    QCOMPARE(again.size(), 1);
    QVERIFY(again.at(0).deviceSeq > ops.at(0).deviceSeq);
    QVERIFY(again.at(0).opId != ops.at(0).opId);
    QCOMPARE(again.at(0).fields.value(u"name"_s).base, 90);
    QCOMPARE(m_sync->issue(issue.id)->resolution, SyncStore::Resolution::Reapplied);
    QVERIFY(!m_sync->reapply(issue.id, u"user-1"_s).ok()); // only once
}

void TestSyncStore::rejectedInsertIsTombstonedAndReapplied()
{
    const QString customer = insertCustomer(u"Acme"_s, {{u"city"_s, u"Xi'an"_s}});
    const QString deal = insertDeal(customer, u"Pumps"_s, 500);
    const QList<SyncStore::PendingOp> ops = batch();
    QCOMPARE(ops.size(), 2);
    // The server refuses the customer (it may not see it): current is null.
    QVERIFY(m_sync
                ->applyPushResults(m_epoch, m_now,
                                   {rejected(ops.at(0), u"invalid_value"_s), applied(ops.at(1), 5)})
                .ok());
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"deleted"_s).toInt(), 1);
    QCOMPARE(count(*m_store, u"deals"_s), 1);

    const auto issues = m_sync->issues();
    QCOMPARE(issues->size(), 1);
    QCOMPARE(issues->at(0).localValues.value(u"city"_s).toString(), u"Xi'an"_s);
    QVERIFY(issues->at(0).serverValues.isEmpty());

    // Recreated under the same id (the deal still refers to it) as a new insert.
    const Result<void> reapplied = m_sync->reapply(issues->at(0).id, u"user-1"_s);
    QVERIFY2(reapplied.ok(), qPrintable(reapplied.error().message));
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"deleted"_s).toInt(), 0);
    QCOMPARE(column(*m_store, u"deals"_s, deal, u"customer_id"_s).toString(), customer);
    const QList<SyncStore::PendingOp> again = batch();
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.at(0).op, u"insert"_s);
    QCOMPARE(again.at(0).rowId, customer);
    QCOMPARE(again.at(0).fields.value(u"name"_s).value.toString(), u"Acme"_s);
    QVERIFY(m_store->checkIntegrity().ok());
}

void TestSyncStore::repeatedAnswersRecordNothingTwice()
{
    const QString deal = insertDeal({}, u"Pumps"_s, 500);
    const QList<SyncStore::PendingOp> ops = batch();
    SyncStore::OpAnswer answer = applied(ops.at(0), 300);
    answer.status = u"merged"_s;
    answer.conflicts = {{u"title"_s, u"Pumps"_s, u"Valves"_s, u"client"_s}};
    QVERIFY(m_sync->applyPushResults(m_epoch, m_now, {answer}).ok());
    // A lost response: the same stored answer again (the op is no longer in the outbox).
    QVERIFY(m_sync->applyPushResults(m_epoch, m_now, {answer}).ok());
    // After an epoch change the journal is pushed again and may get the same answer.
    QVERIFY(m_sync->adoptEpoch(UuidV7::generate()).value());
    QCOMPARE(m_sync->pendingCount().value(), 1);
    QVERIFY(m_sync->applyPushResults(m_sync->epoch(), m_now, {answer}).ok());
    QCOMPARE(m_sync->openIssueCount().value(), 1);
    QCOMPARE(m_sync->pendingCount().value(), 0);
    Q_UNUSED(deal)
}

void TestSyncStore::dismissResolvesIssue()
{
    insertCustomer(u"Acme"_s);
    const QList<SyncStore::PendingOp> ops = batch();
    QVERIFY(m_sync->applyPushResults(m_epoch, m_now, {rejected(ops.at(0), u"forbidden"_s)}).ok());
    const qint64 id = m_sync->issues()->at(0).id;
    QVERIFY(m_sync->dismiss(id).ok());
    QCOMPARE(m_sync->openIssueCount().value(), 0);
    QCOMPARE(m_sync->issues()->size(), 0);
    QCOMPARE(m_sync->issues(true)->size(), 1);
    QCOMPARE(m_sync->issue(id)->resolution, SyncStore::Resolution::Dismissed);
    QVERIFY(!m_sync->dismiss(id).ok());
}

void TestSyncStore::pullPageAndCursorAreAtomic()
{
    const QString customer = UuidV7::generate();
    const QString deal = UuidV7::generate();
    // The second change breaks a CHECK constraint: the whole page must leave no trace.
    SyncStore::PullPage broken = page(
        m_epoch, 42,
        {remote(u"customers"_s, customer, 41, {{u"name"_s, u"Acme"_s}}),
         remote(
             u"deals"_s, deal, 42,
             {{u"title"_s, u"Pumps"_s}, {u"status"_s, u"bogus"_s}, {u"stage_entered_at"_s, t0}})});
    QVERIFY(!m_sync->applyPullPage(broken).ok());
    QCOMPARE(m_sync->cursor(), 0);
    QCOMPARE(count(*m_store, u"customers"_s), 0);
    QCOMPARE(count(*m_store, u"deals"_s), 0);
    QCOMPARE(count(*m_store, u"field_versions"_s), 0);

    broken.rows[1].fields.insert(u"status"_s, u"open"_s);
    const auto outcome = m_sync->applyPullPage(broken);
    QVERIFY2(outcome.ok(), qPrintable(outcome.error().message));
    QCOMPARE(outcome->applied, 2);
    QCOMPARE(outcome->changedTables, (QStringList {u"customers"_s, u"deals"_s}));
    QCOMPARE(m_sync->cursor(), 42);
    QCOMPARE(count(*m_store, u"deals"_s), 1);
    QCOMPARE(m_sync->pendingCount().value(), 0); // remote rows are not local changes
}

void TestSyncStore::pulledRowKeepsItsCommonVersionOnce()
{
    // Most fields still have the version of the row's creation; one was edited later.
    const QString customer = UuidV7::generate();
    SyncStore::RemoteRow row
        = remote(u"customers"_s, customer, 30,
                 {{u"name"_s, u"Acme"_s}, {u"city"_s, u"Xi'an"_s}, {u"notes"_s, u"VIP"_s}});
    row.versions = {{u"name"_s, 10}, {u"city"_s, 10}, {u"notes"_s, 30}, {u"deleted"_s, 10}};
    QVERIFY(m_sync->applyPullPage(page(m_epoch, 30, {row})).ok());
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"sync_version"_s).toLongLong(), 10);
    QCOMPARE(scalar(*m_store,
                    u"SELECT group_concat(field || '=' || version) FROM field_versions "
                    u"WHERE row_id = ?"_s,
                    {customer})
                 .toString(),
             u"notes=30"_s);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"name"_s), 10);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"notes"_s), 30);

    // A local edit is based on the version each field really has.
    QVERIFY(m_writer
                ->update(u"customers"_s, customer,
                         {{u"name"_s, u"Acme Ltd"_s}, {u"notes"_s, u"VIP since 2020"_s}})
                .ok());
    const auto ops = m_sync->nextBatch(10, 1 << 20);
    QVERIFY(ops.ok());
    QCOMPARE(ops->size(), 1);
    QCOMPARE(ops->at(0).fields.value(u"name"_s).base, 10);
    QCOMPARE(ops->at(0).fields.value(u"notes"_s).base, 30);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"name"_s), 10);
}

void TestSyncStore::pullInsertsRowsWithVersionsAndRecordsRemoteHistory()
{
    const QString customer = UuidV7::generate();
    QVERIFY(
        m_sync
            ->applyPullPage(page(m_epoch, 10,
                                 {remote(u"customers"_s, customer, 10,
                                         {{u"name"_s, u"李娜的公司"_s}, {u"city"_s, u"Xi'an"_s}})}))
            .ok());
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"name"_s).toString(), u"李娜的公司"_s);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"city"_s), 10);
    // created_at comes from the UUIDv7 when the server does not send it.
    QVERIFY(column(*m_store, u"customers"_s, customer, u"created_at"_s).toLongLong() > 0);
    QCOMPARE(count(*m_store, u"field_history"_s), 0); // a first copy is not a change

    QVERIFY(m_sync
                ->applyPullPage(
                    page(m_epoch, 11,
                         {remote(u"customers"_s, customer, 11,
                                 {{u"name"_s, u"李娜的公司"_s}, {u"city"_s, u"Beijing"_s}})}))
                .ok());
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"city"_s).toString(), u"Beijing"_s);
    QCOMPARE(scalar(*m_store,
                    u"SELECT count(*) FROM field_history WHERE origin = 'remote' AND "
                    u"field = 'city' AND old_value = 'Xi''an'"_s)
                 .toInt(),
             1);
}

void TestSyncStore::pendingLocalFieldsSurviveAPull()
{
    const QString customer = insertCustomer(u"Acme"_s, {{u"city"_s, u"Xi'an"_s}});
    acknowledgeAll(20);
    QVERIFY(m_writer->update(u"customers"_s, customer, {{u"name"_s, u"Acme (mine)"_s}}));

    SyncStore::RemoteRow row = remote(u"customers"_s, customer, 30,
                                      {{u"name"_s, u"Acme (server)"_s}, {u"city"_s, u"Beijing"_s}});
    QVERIFY(m_sync->applyPullPage(page(m_epoch, 30, {row})).ok());
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"name"_s).toString(), u"Acme (mine)"_s);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"name"_s), 20); // still the base
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"city"_s).toString(), u"Beijing"_s);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"city"_s), 30);
    const QList<SyncStore::PendingOp> ops = batch();
    QCOMPARE(ops.size(), 1);
    QCOMPARE(ops.at(0).fields.value(u"name"_s).base, 20);
}

void TestSyncStore::purgeDeletesRowVersionsAndHistory()
{
    const QString customer = UuidV7::generate();
    QVERIFY(m_sync
                ->applyPullPage(
                    page(m_epoch, 1, {remote(u"customers"_s, customer, 1, {{u"name"_s, u"A"_s}})}))
                .ok());
    QVERIFY(m_sync
                ->applyPullPage(
                    page(m_epoch, 2, {remote(u"customers"_s, customer, 2, {{u"name"_s, u"B"_s}})}))
                .ok());
    QVERIFY(count(*m_store, u"field_history"_s) > 0);
    SyncStore::RemoteRow gone;
    gone.seq = 3;
    gone.table = u"customers"_s;
    gone.rowId = customer;
    gone.deleted = true;
    gone.purge = true;
    const auto outcome = m_sync->applyPullPage(page(m_epoch, 3, {gone}));
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->purged, 1);
    QCOMPARE(count(*m_store, u"customers"_s), 0);
    QCOMPARE(count(*m_store, u"field_versions"_s), 0);
    QCOMPARE(count(*m_store, u"field_history"_s), 0);
    QCOMPARE(scalar(*m_store, u"SELECT count(*) FROM customers_fts"_s).toInt(), 0);
}

void TestSyncStore::childBeforeParentInOnePage()
{
    const QString customer = UuidV7::generate();
    const QString deal = UuidV7::generate();
    // Server order: the deal's last change comes before the customer's.
    const auto outcome = m_sync->applyPullPage(page(
        m_epoch, 2,
        {remote(
             u"deals"_s, deal, 1,
             {{u"title"_s, u"Pumps"_s}, {u"customer_id"_s, customer}, {u"stage_entered_at"_s, t0}}),
         remote(u"customers"_s, customer, 2, {{u"name"_s, u"Acme"_s}})}));
    QVERIFY2(outcome.ok(), qPrintable(outcome.error().message));
    QCOMPARE(outcome->parked, 0);
    QCOMPARE(count(*m_store, u"deals"_s), 1);
    QVERIFY(m_store->checkIntegrity().ok());
}

void TestSyncStore::rowWaitsForAParentFromALaterPage()
{
    const QString customer = UuidV7::generate();
    const QString deal = UuidV7::generate();
    auto outcome = m_sync->applyPullPage(page(m_epoch, 1,
                                              {remote(u"deals"_s, deal, 1,
                                                      {{u"title"_s, u"Pumps"_s},
                                                       {u"customer_id"_s, customer},
                                                       {u"stage_entered_at"_s, t0}})}));
    QVERIFY2(outcome.ok(), qPrintable(outcome.error().message));
    QCOMPARE(outcome->parked, 1);
    QCOMPARE(m_sync->cursor(), 1); // the cursor moves on
    QCOMPARE(count(*m_store, u"deals"_s), 0);

    outcome = m_sync->applyPullPage(
        page(m_epoch, 2, {remote(u"customers"_s, customer, 2, {{u"name"_s, u"Acme"_s}})}));
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->parked, 0);
    QCOMPARE(column(*m_store, u"deals"_s, deal, u"customer_id"_s).toString(), customer);
    QCOMPARE(version(*m_store, u"deals"_s, deal, u"title"_s), 1);
    QCOMPARE(scalar(*m_store, u"SELECT count(*) FROM deals_fts WHERE title = 'Pumps'"_s).toInt(),
             1);
}

void TestSyncStore::purgedParentParksItsChildren()
{
    const QString customer = UuidV7::generate();
    const QString deal = UuidV7::generate();
    QVERIFY(m_sync
                ->applyPullPage(page(m_epoch, 2,
                                     {remote(u"customers"_s, customer, 1, {{u"name"_s, u"Acme"_s}}),
                                      remote(u"deals"_s, deal, 2,
                                             {{u"title"_s, u"Pumps"_s},
                                              {u"customer_id"_s, customer},
                                              {u"stage_entered_at"_s, t0}})}))
                .ok());
    SyncStore::RemoteRow gone;
    gone.seq = 3;
    gone.table = u"customers"_s;
    gone.rowId = customer;
    gone.deleted = gone.purge = true;
    const auto outcome = m_sync->applyPullPage(page(m_epoch, 3, {gone}));
    QVERIFY2(outcome.ok(), qPrintable(outcome.error().message));
    QCOMPARE(count(*m_store, u"customers"_s), 0);
    QCOMPARE(count(*m_store, u"deals"_s), 0);
    QCOMPARE(outcome->parked, 1);
    QVERIFY(m_store->checkIntegrity().ok());
}

void TestSyncStore::epochChangeKeepsRowsAndRequeuesTheJournal()
{
    const QString customer = insertCustomer(u"Acme"_s);
    insertDeal(customer, u"Pumps"_s, 500);
    acknowledgeAll(50);
    QVERIFY(m_sync->applyPullPage(page(m_epoch, 51, {})).ok());
    QCOMPARE(m_sync->cursor(), 51);
    QCOMPARE(m_sync->pendingCount().value(), 0);
    insertCustomer(u"Later"_s); // not pushed yet

    const QString restored = UuidV7::generate();
    const Result<bool> changed = m_sync->adoptEpoch(restored);
    QVERIFY(changed.ok());
    QVERIFY(changed.value());
    QCOMPARE(m_sync->epoch(), restored);
    QCOMPARE(m_sync->cursor(), 0);
    QCOMPARE(count(*m_store, u"customers"_s), 2);
    QCOMPARE(count(*m_store, u"deals"_s), 1);
    // Everything goes out again, in the original order and under the original seqs.
    const QList<SyncStore::PendingOp> ops = batch();
    QCOMPARE(m_sync->pendingCount().value(), 3);
    QCOMPARE(ops.size(), 3);
    QCOMPARE(ops.at(0).deviceSeq, 1);
    QCOMPARE(ops.at(2).deviceSeq, 3);
    QCOMPARE(count(*m_store, u"sync_sent"_s), 0);

    QVERIFY(!m_sync->adoptEpoch(restored).value()); // the same epoch again: nothing
}

void TestSyncStore::pageOfAnotherEpochIsNotApplied()
{
    insertCustomer(u"Acme"_s);
    acknowledgeAll();
    QVERIFY(m_sync->applyPullPage(page(m_epoch, 100, {})).ok());
    const QString other = UuidV7::generate();
    const auto outcome = m_sync->applyPullPage(
        page(other, 5, {remote(u"customers"_s, UuidV7::generate(), 5, {{u"name"_s, u"X"_s}})}));
    QVERIFY(outcome.ok());
    QVERIFY(outcome->epochChanged);
    QCOMPARE(outcome->applied, 0);
    QCOMPARE(count(*m_store, u"customers"_s), 1);
    QCOMPARE(m_sync->cursor(), 0);
    QCOMPARE(m_sync->epoch(), other);
    QCOMPARE(m_sync->pendingCount().value(), 1);
}

void TestSyncStore::resetRequiredRewindsTheCursor()
{
    QVERIFY(m_sync
                ->applyPullPage(
                    page(m_epoch, 9,
                         {remote(u"customers"_s, UuidV7::generate(), 9, {{u"name"_s, u"Acme"_s}})}))
                .ok());
    SyncStore::PullPage reset = page(m_epoch, 0, {});
    reset.resetRequired = true;
    const auto outcome = m_sync->applyPullPage(reset);
    QVERIFY(outcome.ok());
    QVERIFY(outcome->resetRequired);
    QCOMPARE(m_sync->cursor(), 0);
    QCOMPARE(count(*m_store, u"customers"_s), 1);
}

void TestSyncStore::remoteClockAdvancesTheHybridClock()
{
    const auto hlc = [this] {
        return scalar(*m_store, u"SELECT hlc FROM device_state"_s).toLongLong();
    };
    // This laptop's clock is ten minutes behind the server's.
    const qint64 serverTime = t0 + 10 * 60'000;
    QVERIFY(m_sync->observeRemoteClock(serverTime).ok());
    QVERIFY(hlc() > HybridClock::fromWallMs(serverTime));
    insertCustomer(u"After"_s);
    QVERIFY(batch().at(0).hlc > HybridClock::fromWallMs(serverTime));

    // An older server time never moves the clock back; a wild one is ignored.
    const qint64 before = hlc();
    QVERIFY(m_sync->observeRemoteClock(t0 - 3600'000).ok());
    QCOMPARE(hlc(), before);
    QVERIFY(m_sync->observeRemoteClock(t0 + 3LL * 24 * 3600'000).ok());
    QCOMPARE(hlc(), before);
}

void TestSyncStore::snapshotReplacesAPristineStore()
{
    // Signed in (the epoch and a local setting are known) but never synced.
    QVERIFY(m_sync->adoptEpoch(m_epoch).ok());
    QVERIFY(m_store->setLocalSetting(u"signed_in_user"_s, u"user-1"_s).ok());
    const QString deviceId = m_store->deviceId();
    QVERIFY(m_sync->isPristine().value());
    QString customer;
    QString deal;
    const QString snapshot = makeSnapshot(u"scope.sqlite"_s, &customer, &deal);

    // The GUI's connection, with a statement it keeps.
    auto gui = LocalStore::open(m_store->path());
    QVERIFY(gui.ok());
    const auto guiDeals = [&gui] {
        QSqlQuery &q = gui.value()->prepared(u"SELECT count(*) FROM deals"_s);
        return q.exec() && q.next() ? q.value(0).toInt() : -1;
    };
    QCOMPARE(guiDeals(), 0);

    const Result<void> installed
        = m_sync->installSnapshot(snapshot, {m_epoch, 40, Schema::latestVersion()});
    QVERIFY2(installed.ok(), qPrintable(installed.error().message));
    QCOMPARE(m_sync->cursor(), 40);
    QCOMPARE(m_sync->epoch(), m_epoch);
    QCOMPARE(column(*m_store, u"customers"_s, customer, u"name"_s).toString(),
             u"快照 Snapshot Ltd"_s);
    QCOMPARE(column(*m_store, u"deals"_s, deal, u"customer_id"_s).toString(), customer);
    QCOMPARE(version(*m_store, u"deals"_s, deal, u"title"_s), 40);
    QCOMPARE(version(*m_store, u"customers"_s, customer, u"city"_s), 30);
    // The laptop's own state survives: identity, settings; nothing of the server's history.
    QCOMPARE(m_store->deviceId(), deviceId);
    QCOMPARE(scalar(*m_store, u"SELECT device_id FROM device_state"_s).toString(), deviceId);
    QCOMPARE(m_store->localSetting(u"signed_in_user"_s), u"user-1"_s);
    QCOMPARE(count(*m_store, u"field_history"_s), 0);
    QCOMPARE(count(*m_store, u"outbox"_s), 0);
    // The full-text index came with it.
    QCOMPARE(
        scalar(*m_store, u"SELECT count(*) FROM deals_fts WHERE deals_fts MATCH 'pumps'"_s).toInt(),
        1);
    // The other connection sees the new store once it reads again.
    gui.value()->releaseReads();
    QCOMPARE(guiDeals(), 1);
    QCOMPARE(gui.value()->deviceId(), deviceId);
    QVERIFY(!m_sync->isPristine().value());

    // A local edit is based on the versions the snapshot brought.
    QVERIFY(m_writer->update(u"deals"_s, deal, {{u"title"_s, u"Snapshot pumps, 3 units"_s}}).ok());
    const auto ops = m_sync->nextBatch(10, anyBytes);
    QVERIFY(ops.ok());
    QCOMPARE(ops->size(), 1);
    QCOMPARE(ops->at(0).fields.value(u"title"_s).base, 40);
    QCOMPARE(ops->at(0).deviceSeq, 1);
}

void TestSyncStore::snapshotIsRefusedByAStoreWithData()
{
    QVERIFY(m_sync->adoptEpoch(m_epoch).ok());
    const QString mine = insertCustomer(u"Mine"_s);
    QVERIFY(!m_sync->isPristine().value());
    const QString snapshot = makeSnapshot(u"scope.sqlite"_s);
    const Result<void> installed
        = m_sync->installSnapshot(snapshot, {m_epoch, 40, Schema::latestVersion()});
    QVERIFY(!installed.ok());
    QCOMPARE(installed.error().code, ErrorCode::Conflict);
    QVERIFY(!installed.error().message.isEmpty());
    // Nothing of the user's was lost.
    QCOMPARE(count(*m_store, u"customers"_s), 1);
    QCOMPARE(column(*m_store, u"customers"_s, mine, u"name"_s).toString(), u"Mine"_s);
    QCOMPARE(m_sync->pendingCount().value(), 1);
    QCOMPARE(m_sync->cursor(), 0);
}

void TestSyncStore::snapshotIsRefusedWhenItDoesNotMatch_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<int>("schemaVersion");
    QTest::addColumn<qint64>("cursor");
    QTest::addColumn<bool>("otherEpoch");
    QTest::newRow("not a database") << u"text"_s << Schema::latestVersion() << qint64(40) << false;
    QTest::newRow("truncated") << u"truncate"_s << Schema::latestVersion() << qint64(40) << false;
    QTest::newRow("another schema announced")
        << QString() << Schema::latestVersion() + 1 << qint64(40) << false;
    QTest::newRow("another cursor") << QString() << Schema::latestVersion() << qint64(41) << false;
    QTest::newRow("another epoch") << QString() << Schema::latestVersion() << qint64(40) << true;
    QTest::newRow("other tables") << u"table"_s << Schema::latestVersion() << qint64(40) << false;
}

void TestSyncStore::snapshotIsRefusedWhenItDoesNotMatch()
{
    QFETCH(QString, damage);
    QFETCH(int, schemaVersion);
    QFETCH(qint64, cursor);
    QFETCH(bool, otherEpoch);
    QVERIFY(m_sync->adoptEpoch(m_epoch).ok());
    const QString deviceId = m_store->deviceId();
    const QString snapshot = makeSnapshot(u"scope.sqlite"_s);
    if (damage == u"text"_s) {
        QFile file(snapshot);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("<html>a proxy's error page</html>");
    } else if (damage == u"truncate"_s) {
        QFile file(snapshot);
        QVERIFY(file.resize(50));
    } else if (damage == u"table"_s) {
        auto opened = LocalStore::open(snapshot);
        QVERIFY(opened.ok());
        QVERIFY(opened.value()->query().exec(u"CREATE TABLE extra (x INTEGER)"_s));
    }
    const Result<void> installed = m_sync->installSnapshot(
        snapshot, {otherEpoch ? UuidV7::generate() : m_epoch, cursor, schemaVersion});
    QVERIFY(!installed.ok());
    QVERIFY(!installed.error().message.isEmpty());
    // The store is as it was, and still takes a good snapshot.
    QVERIFY(m_sync->isPristine().value());
    QCOMPARE(m_store->deviceId(), deviceId);
    QFile::remove(snapshot);
    const QString good = makeSnapshot(u"good.sqlite"_s);
    QVERIFY(m_sync->installSnapshot(good, {m_epoch, 40, Schema::latestVersion()}).ok());
    QCOMPARE(count(*m_store, u"deals"_s), 1);
}

void TestSyncStore::writesWaitWhileTheStoreIsReplaced()
{
    const QString snapshot = makeSnapshot(u"scope.sqlite"_s);
    const QString path = m_store->path();
    std::promise<bool> written;
    std::future<bool> writeDone = written.get_future();
    std::thread writer;
    const Result<void> replaced = m_store->replaceContents(snapshot, [&]() -> Result<void> {
        // Another thread of the application writes meanwhile: it must wait, or the
        // replacement would erase what it wrote.
        writer = std::thread([&written, path] {
            auto other = LocalStore::open(path);
            written.set_value(other.ok()
                              && other.value()->setLocalSetting(u"late"_s, u"kept"_s).ok());
        });
        if (writeDone.wait_for(std::chrono::milliseconds(300)) != std::future_status::timeout)
            return Error {ErrorCode::Conflict, u"the write did not wait"_s};
        return {};
    });
    if (writer.joinable())
        writer.join();
    QVERIFY2(replaced.ok(), qPrintable(replaced.error().message));
    QVERIFY(writeDone.get());
    QCOMPARE(count(*m_store, u"deals"_s), 1);
    QCOMPARE(m_store->localSetting(u"late"_s), u"kept"_s);
}

QTEST_GUILESS_MAIN(TestSyncStore)
#include "tst_syncstore.moc"
