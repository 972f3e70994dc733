#include "activityrepository.h"

#include "changewriter.h"
#include "dealactivitymodel.h"
#include "dealrepository.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QAbstractItemModelTester>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

constexpr qint64 t0 = 1'780'000'000'000;
constexpr qint64 hour = 3'600'000;

} // namespace

class tst_ActivityRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void createRecordsThroughTheOneWritePath();
    void doneWorkMovesTheDealsLastActivity();
    void plannedWorkLeavesTheDealAlone();
    void removeAndRestore();
    void invalidInputWritesNothing_data();
    void invalidInputWritesNothing();
    void timelineOrdersPlannedFirst();

private:
    QVariant scalar(const QString &sql, const QVariantList &bindings = {});
    Activity activity(const QString &kind, qint64 doneAt, qint64 dueAt = 0) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    QString m_dealId;
    QString m_userId;
    qint64 m_now = t0;
};

void tst_ActivityRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    Result<std::unique_ptr<LocalStore>> store = LocalStore::open(m_dir->filePath(u"a.outpost"_s));
    QVERIFY(store.ok());
    m_store = std::move(store).value();
    m_now = t0;
    m_store->setWallClock([this] { return m_now; });
    ChangeWriter writer(*m_store);
    const QString unit = UuidV7::generate();
    QVERIFY(writer.insert(u"units"_s, unit, {{u"name"_s, u"East"_s}}).ok());
    m_userId = UuidV7::generate();
    QVERIFY(writer
                .insert(u"users"_s, m_userId,
                        {{u"name"_s, u"Li Wei"_s}, {u"role"_s, u"rep"_s}, {u"unit_id"_s, unit}})
                .ok());
    Deal deal;
    deal.title = u"Renewal"_s;
    deal.unitId = unit;
    deal.ownerId = m_userId;
    deal.lastActivityAt = t0 - 10 * hour;
    const Result<QString> id = DealRepository(*m_store, m_userId).create(deal);
    QVERIFY(id.ok());
    m_dealId = id.value();
}

void tst_ActivityRepository::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QVariant tst_ActivityRepository::scalar(const QString &sql, const QVariantList &bindings)
{
    QSqlQuery q = m_store->query();
    q.prepare(sql);
    for (const QVariant &value : bindings)
        q.addBindValue(value);
    if (!q.exec() || !q.next())
        return {};
    return q.value(0);
}

Activity tst_ActivityRepository::activity(const QString &kind, qint64 doneAt, qint64 dueAt) const
{
    Activity a;
    a.dealId = m_dealId;
    a.kind = kind;
    a.subject = u"Pricing call"_s;
    a.doneAt = doneAt;
    a.dueAt = dueAt;
    return a;
}

void tst_ActivityRepository::createRecordsThroughTheOneWritePath()
{
    const int outbox = scalar(u"SELECT count(*) FROM outbox"_s).toInt();
    ActivityRepository repository(*m_store, m_userId);
    const Result<QString> id = repository.create(activity(u"call"_s, t0));
    QVERIFY2(id.ok(), qPrintable(id.error().message));
    const Result<Activity> read = repository.activity(id.value());
    QVERIFY(read.ok());
    QCOMPARE(read->kind, u"call"_s);
    QCOMPARE(read->userId, m_userId);
    QCOMPARE(read->userName, u"Li Wei"_s);
    QCOMPARE(read->doneAt, t0);
    QCOMPARE(scalar(u"SELECT count(*) FROM outbox WHERE table_name = 'activities' AND row_id = ?"_s,
                    {id.value()})
                 .toInt(),
             1);
    // The activity and the deal's last activity time: two changes, one transaction.
    QCOMPARE(scalar(u"SELECT count(*) FROM outbox"_s).toInt(), outbox + 2);
}

void tst_ActivityRepository::doneWorkMovesTheDealsLastActivity()
{
    ActivityRepository repository(*m_store, m_userId);
    QVERIFY(repository.create(activity(u"meeting"_s, t0 - hour)).ok());
    QCOMPARE(DealRepository(*m_store).deal(m_dealId)->lastActivityAt, t0 - hour);
    // Older work does not move it back.
    QVERIFY(repository.create(activity(u"note"_s, t0 - 20 * hour)).ok());
    QCOMPARE(DealRepository(*m_store).deal(m_dealId)->lastActivityAt, t0 - hour);
}

void tst_ActivityRepository::plannedWorkLeavesTheDealAlone()
{
    ActivityRepository repository(*m_store, m_userId);
    const int outbox = scalar(u"SELECT count(*) FROM outbox"_s).toInt();
    QVERIFY(repository.create(activity(u"call"_s, 0, t0 + 24 * hour)).ok());
    QCOMPARE(DealRepository(*m_store).deal(m_dealId)->lastActivityAt, t0 - 10 * hour);
    QCOMPARE(scalar(u"SELECT count(*) FROM outbox"_s).toInt(), outbox + 1);
}

void tst_ActivityRepository::removeAndRestore()
{
    ActivityRepository repository(*m_store, m_userId);
    const Result<QString> id = repository.create(activity(u"call"_s, t0));
    QVERIFY(id.ok());
    QVERIFY(repository.remove(id.value(), t0 - 10 * hour).ok());
    QVERIFY(!repository.activity(id.value()).ok());
    QCOMPARE(DealRepository(*m_store).deal(m_dealId)->lastActivityAt, t0 - 10 * hour);
    QVERIFY(repository.activitiesForDeal(m_dealId)->isEmpty());
    QVERIFY(repository.restore(id.value()).ok());
    QCOMPARE(repository.activitiesForDeal(m_dealId)->size(), 1);
    QCOMPARE(DealRepository(*m_store).deal(m_dealId)->lastActivityAt, t0);
}

void tst_ActivityRepository::invalidInputWritesNothing_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<qint64>("doneAt");
    QTest::addColumn<qint64>("dueAt");
    QTest::addColumn<bool>("otherDeal");
    QTest::newRow("unknown kind") << u"fax"_s << u"x"_s << t0 << qint64(0) << false;
    QTest::newRow("nothing said") << u"note"_s << u"  "_s << t0 << qint64(0) << false;
    QTest::newRow("no time") << u"call"_s << u"x"_s << qint64(0) << qint64(0) << false;
    QTest::newRow("subject too long")
        << u"call"_s << QString(201, u'x') << t0 << qint64(0) << false;
    QTest::newRow("no such deal") << u"call"_s << u"x"_s << t0 << qint64(0) << true;
}

void tst_ActivityRepository::invalidInputWritesNothing()
{
    QFETCH(QString, kind);
    QFETCH(QString, subject);
    QFETCH(qint64, doneAt);
    QFETCH(qint64, dueAt);
    QFETCH(bool, otherDeal);
    const int outbox = scalar(u"SELECT count(*) FROM outbox"_s).toInt();
    Activity a = activity(kind, doneAt, dueAt);
    a.subject = subject;
    if (otherDeal)
        a.dealId = UuidV7::generate();
    const Result<QString> id = ActivityRepository(*m_store, m_userId).create(a);
    QVERIFY(!id.ok());
    QVERIFY(!id.error().message.isEmpty());
    QCOMPARE(scalar(u"SELECT count(*) FROM outbox"_s).toInt(), outbox);
    QCOMPARE(scalar(u"SELECT count(*) FROM activities"_s).toInt(), 0);
}

void tst_ActivityRepository::timelineOrdersPlannedFirst()
{
    ActivityRepository repository(*m_store, m_userId);
    QVERIFY(repository.create(activity(u"note"_s, t0 - 3 * hour)).ok());
    QVERIFY(repository.create(activity(u"call"_s, 0, t0 + 48 * hour)).ok());
    QVERIFY(repository.create(activity(u"meeting"_s, t0 - hour)).ok());
    QVERIFY(repository.create(activity(u"call"_s, 0, t0 + 2 * hour)).ok());
    DealActivityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNow(t0 + 3 * hour);
    QVERIFY(model.reload(repository, m_dealId).ok());
    QCOMPARE(model.rowCount(), 4);
    using Role = DealActivityModel::Role;
    const auto at = [&model](int row, Role role) {
        return model.index(row).data(int(role));
    };
    // Planned, soonest due first (the first one is already overdue), then done, newest first.
    QCOMPARE(at(0, Role::DueAt).toLongLong(), t0 + 2 * hour);
    QVERIFY(at(0, Role::Overdue).toBool());
    QCOMPARE(at(1, Role::DueAt).toLongLong(), t0 + 48 * hour);
    QVERIFY(!at(1, Role::Overdue).toBool());
    QCOMPARE(at(2, Role::DoneAt).toLongLong(), t0 - hour);
    QCOMPARE(at(3, Role::DoneAt).toLongLong(), t0 - 3 * hour);
    QCOMPARE(at(2, Role::KindLabel).toString(), u"Meeting"_s);
    QCOMPARE(at(3, Role::UserName).toString(), u"Li Wei"_s);
}

QTEST_GUILESS_MAIN(tst_ActivityRepository)
#include "tst_activityrepository.moc"
