#include "demogenerator.h"

#include "customerrepository.h"
#include "dealrepository.h"
#include "localstore.h"
#include "organizationrepository.h"
#include "schema.h"
#include "stagerepository.h"
#include "uuidv7.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

// A fixed "now" so that runs compare byte for byte.
const qint64 demoNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();

// A read-only SQLite connection beside the store, to inspect what was committed.
class Inspector
{
public:
    explicit Inspector(const QString &path)
        : m_name(u"inspector-%1"_s.arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        db.open();
    }
    ~Inspector() { QSqlDatabase::removeDatabase(m_name); }
    Inspector(const Inspector &) = delete;
    Inspector &operator=(const Inspector &) = delete;

    // Every row of every result, fields separated, so any difference shows.
    QList<QStringList> rows(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        QList<QStringList> result;
        if (!q.exec(sql)) {
            qWarning() << "inspection failed:" << sql;
            return result;
        }
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < q.record().count(); ++i) {
                const QVariant value = q.value(i);
                row.append(value.isNull() ? u"\\N"_s : value.toString());
            }
            result.append(row);
        }
        return result;
    }

    qint64 number(const QString &sql) const
    {
        const QList<QStringList> result = rows(sql);
        return result.isEmpty() || result.first().isEmpty() ? -1
                                                            : result.first().first().toLongLong();
    }

    // A SHA-256 over every synced table, rows in id order.
    QMap<QString, QByteArray> canonicalDump() const
    {
        QMap<QString, QByteArray> dump;
        for (const Schema::SyncedTable &table : Schema::syncedTables()) {
            QCryptographicHash hash(QCryptographicHash::Sha256);
            const QList<QStringList> all = rows(u"SELECT * FROM %1 ORDER BY id"_s.arg(table.name));
            for (const QStringList &row : all) {
                hash.addData(row.join(QChar(0x1f)).toUtf8());
                hash.addData(QByteArrayView("\x1e"));
            }
            dump.insert(table.name, hash.result().toHex() + ':' + QByteArray::number(all.size()));
        }
        return dump;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

} // namespace

class tst_DemoGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void identifiersFromParts();
    void generatesConsistentData_data();
    void generatesConsistentData();
    void sameOptionsGiveIdenticalData();
    void refusesNonEmptyStore();
    void cancelLeavesStoreEmpty();
    void rejectsBadOptions_data();
    void rejectsBadOptions();

private:
    std::unique_ptr<LocalStore> openStore(const QString &name);

    QTemporaryDir m_dir;
};

void tst_DemoGenerator::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_DemoGenerator::identifiersFromParts()
{
    // The generator's ids are pure functions of (time, random bits): same parts, same id.
    const QString id = UuidV7::fromParts(0x0123'4567'89ab, 0x0cde, 0x0123'4567'89ab'cdefULL);
    QCOMPARE(id, u"01234567-89ab-7cde-8123-456789abcdef"_s);
    QVERIFY(UuidV7::isValid(id));
    // Bits beyond the fields are ignored, so version and variant always hold.
    QCOMPARE(UuidV7::fromParts(0x7fff'0123'4567'89ab, 0xfcde, 0xc123'4567'89ab'cdefULL), id);
    QVERIFY(UuidV7::isValid(UuidV7::fromParts(0, 0, 0)));
    QVERIFY(UuidV7::isValid(UuidV7::fromParts(0xffff'ffff'ffff, 0x0fff, ~0ULL)));
}

std::unique_ptr<LocalStore> tst_DemoGenerator::openStore(const QString &name)
{
    Result<std::unique_ptr<LocalStore>> store = LocalStore::open(m_dir.filePath(name));
    if (!store) {
        qWarning() << store.error().message;
        return nullptr;
    }
    return std::move(store).value();
}

void tst_DemoGenerator::generatesConsistentData_data()
{
    QTest::addColumn<int>("deals");
    QTest::newRow("empty pipeline") << 0;
    QTest::newRow("one deal") << 1;
    QTest::newRow("50 deals") << 50;
    QTest::newRow("2000 deals") << 2000;
}

void tst_DemoGenerator::generatesConsistentData()
{
    QFETCH(int, deals);
    const QString name = u"consistent-%1.db"_s.arg(deals);
    std::unique_ptr<LocalStore> store = openStore(name);
    QVERIFY(store);

    DemoGenerator generator({deals, 7, demoNow});
    QList<int> reported;
    const Result<void> done = generator.generate(*store, [&reported](int percent) {
        reported.append(percent);
        return true;
    });
    QVERIFY2(done.ok(), qPrintable(done.error().message));

    // Progress runs from 0 to 100 and never goes back.
    QVERIFY(!reported.isEmpty());
    QCOMPARE(reported.first(), 0);
    QCOMPARE(reported.last(), 100);
    QVERIFY(std::is_sorted(reported.cbegin(), reported.cend()));

    DealRepository dealRepository(*store);
    CustomerRepository customerRepository(*store);
    QCOMPARE(dealRepository.count(), deals);
    QCOMPARE(customerRepository.count(), std::max(20, deals / 5));

    // The signed-in user is a rep.
    OrganizationRepository organization(*store);
    QVERIFY(!generator.demoUserId().isEmpty());
    QCOMPARE(organization.currentUserId(), generator.demoUserId());
    const Result<User> demoUser = organization.user(generator.demoUserId());
    QVERIFY(demoUser.ok());
    QCOMPARE(demoUser->role, u"rep"_s);

    // HQ plus six regional units, each with stages: HQ's template of 8, one unit its own 8.
    const Result<QList<Unit>> units = organization.units();
    QVERIFY(units.ok());
    QCOMPARE(units->size(), 7);
    StageRepository stageRepository(*store);
    QHash<QString, QSet<QString>> stagesOfUnit;
    int unitsWithOwnStages = 0;
    for (const Unit &unit : *units) {
        QCOMPARE(unit.isHq, unit.parentId.isEmpty());
        const Result<QList<Stage>> stages = stageRepository.stagesForUnit(unit.id);
        QVERIFY(stages.ok());
        QCOMPARE(stages->size(), 8);
        if (stages->first().unitId == unit.id)
            ++unitsWithOwnStages;
        for (const Stage &stage : *stages)
            stagesOfUnit[unit.id].insert(stage.id);
    }
    QCOMPARE(unitsWithOwnStages, 1);

    const Inspector inspector(store->path());
    QCOMPARE(inspector.number(u"SELECT count(*) FROM stages WHERE unit_id IS NULL"_s), 8);

    // Every deal's owner is a rep of the deal's unit, and the unit is the customer's.
    QCOMPARE(inspector.number(u"SELECT count(*) FROM deals d JOIN users u ON u.id = d.owner_id "
                              u"WHERE u.unit_id IS NOT d.unit_id OR u.role <> 'rep'"_s),
             0);
    QCOMPARE(inspector.number(u"SELECT count(*) FROM deals d JOIN customers c "
                              u"ON c.id = d.customer_id WHERE c.unit_id IS NOT d.unit_id"_s),
             0);
    // Every open deal is on a stage of its unit's board, at that stage's probability.
    const QList<QStringList> openDeals = inspector.rows(
        u"SELECT DISTINCT d.unit_id, d.stage_id, d.probability = s.win_probability "
        u"FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.status = 'open'"_s);
    for (const QStringList &row : openDeals) {
        QVERIFY2(stagesOfUnit.value(row.at(0)).contains(row.at(1)), qPrintable(row.join(u' ')));
        QCOMPARE(row.at(2), u"1"_s);
    }
    if (deals >= 2000) {
        // A believable mix: mostly open, a fifth won, the rest lost with a reason.
        const qint64 open = inspector.number(u"SELECT count(*) FROM deals WHERE status = 'open'"_s);
        const qint64 won = inspector.number(u"SELECT count(*) FROM deals WHERE status = 'won'"_s);
        QVERIFY2(open > deals * 55 / 100 && open < deals * 75 / 100,
                 qPrintable(QString::number(open)));
        QVERIFY2(won > deals * 14 / 100 && won < deals * 26 / 100,
                 qPrintable(QString::number(won)));
        QVERIFY(inspector.number(u"SELECT count(*) FROM quotes"_s) > 0);
        QVERIFY(inspector.number(u"SELECT count(*) FROM activities"_s) > deals * 8 / 10);
        QVERIFY(inspector.number(u"SELECT count(*) FROM interactions"_s) > deals / 2);
        QVERIFY(inspector.number(u"SELECT count(*) FROM activities WHERE done_at IS NULL"_s) > 0);
        QVERIFY(inspector.number(u"SELECT count(*) FROM data_grants WHERE revoked_at IS NOT NULL"_s)
                > 0);
        QVERIFY(
            inspector.number(u"SELECT count(*) FROM budget_requests WHERE status = 'escalated'"_s)
            > 0);
    }
    QCOMPARE(inspector.number(
                 u"SELECT count(*) FROM deals WHERE status = 'lost' AND lost_reason = ''"_s),
             0);
    QCOMPARE(inspector.number(
                 u"SELECT count(*) FROM deals WHERE status <> 'open' AND closed_at IS NULL"_s),
             0);

    // Every record: a valid UUIDv7 id, created no later than "now", never updated before
    // it was created.
    for (const Schema::SyncedTable &table : Schema::syncedTables()) {
        const QList<QStringList> all
            = inspector.rows(u"SELECT id, created_at, updated_at FROM %1"_s.arg(table.name));
        for (const QStringList &row : all) {
            QVERIFY2(UuidV7::isValid(row.at(0)), qPrintable(table.name + u' ' + row.at(0)));
            QVERIFY2(row.at(1).toLongLong() <= demoNow, qPrintable(table.name + u' ' + row.at(0)));
            QVERIFY2(row.at(2).toLongLong() >= row.at(1).toLongLong(),
                     qPrintable(table.name + u' ' + row.at(0)));
        }
    }
    // A quote version's hash seals its line items.
    const QList<QStringList> versions
        = inspector.rows(u"SELECT line_items, document_hash FROM quote_versions"_s);
    for (const QStringList &row : versions) {
        QCOMPARE(
            QString::fromLatin1(
                QCryptographicHash::hash(row.at(0).toUtf8(), QCryptographicHash::Sha256).toHex()),
            row.at(1));
    }

    // Search works on the generated rows: the full-text tables hold exactly what indexing the
    // rows one by one would have written, nothing waits to be indexed, and the triggers and
    // indexes (set aside during the load) are in place as in a new store.
    QCOMPARE(
        inspector.rows(u"SELECT rowid, title, customer, notes FROM deals_fts ORDER BY rowid"_s),
        inspector.rows(u"SELECT d.rowid, d.title, coalesce(c.name, ''), d.notes FROM deals d "
                       u"LEFT JOIN customers c ON c.id = d.customer_id ORDER BY d.rowid"_s));
    QCOMPARE(
        inspector.rows(u"SELECT rowid, name, contact, notes FROM customers_fts ORDER BY rowid"_s),
        inspector.rows(u"SELECT rowid, name, contact_name, notes FROM customers ORDER BY rowid"_s));
    QCOMPARE(inspector.number(u"SELECT count(*) FROM search_pending"_s), 0);
    const QString schema = u"SELECT type, name, tbl_name, sql FROM sqlite_master "
                           u"WHERE type IN ('trigger', 'index') ORDER BY type, name"_s;
    std::unique_ptr<LocalStore> fresh = openStore(u"fresh-%1.db"_s.arg(deals));
    QVERIFY(fresh);
    QCOMPARE(inspector.rows(schema), Inspector(fresh->path()).rows(schema));
    const QList<QStringList> someCustomer
        = inspector.rows(u"SELECT id, name FROM customers ORDER BY id LIMIT 1"_s);
    QCOMPARE(someCustomer.size(), 1);
    const Result<QStringList> found = customerRepository.search(someCustomer.first().at(1));
    QVERIFY(found.ok());
    QVERIFY(found->contains(someCustomer.first().at(0)));

    // Seed data is a snapshot, not local changes: nothing waits to be pushed.
    QCOMPARE(inspector.number(u"SELECT count(*) FROM outbox"_s), 0);
    QVERIFY(inspector.rows(u"PRAGMA foreign_key_check"_s).isEmpty());
    const Result<void> integrity = store->checkIntegrity();
    QVERIFY2(integrity.ok(), qPrintable(integrity.error().message));
}

void tst_DemoGenerator::sameOptionsGiveIdenticalData()
{
    const DemoGenerator::Options options {1500, 42, demoNow};
    QMap<QString, QByteArray> dumps[3];
    QString demoUsers[3];
    for (int run = 0; run < 3; ++run) {
        std::unique_ptr<LocalStore> store = openStore(u"same-%1.db"_s.arg(run));
        QVERIFY(store);
        DemoGenerator::Options runOptions = options;
        if (run == 2)
            runOptions.seed = 43;
        DemoGenerator generator(runOptions);
        const Result<void> done = generator.generate(*store);
        QVERIFY2(done.ok(), qPrintable(done.error().message));
        demoUsers[run] = generator.demoUserId();
        dumps[run] = Inspector(store->path()).canonicalDump();
    }
    QCOMPARE(dumps[0].size(), Schema::syncedTables().size());
    for (auto it = dumps[0].cbegin(); it != dumps[0].cend(); ++it)
        QVERIFY2(dumps[1].value(it.key()) == it.value(), qPrintable(it.key()));
    QCOMPARE(demoUsers[1], demoUsers[0]);

    // Another seed gives other data (and other identifiers).
    QVERIFY(dumps[2].value(u"deals"_s) != dumps[0].value(u"deals"_s));
    QVERIFY(dumps[2].value(u"customers"_s) != dumps[0].value(u"customers"_s));
    QVERIFY(demoUsers[2] != demoUsers[0]);
}

void tst_DemoGenerator::refusesNonEmptyStore()
{
    std::unique_ptr<LocalStore> store = openStore(u"twice.db"_s);
    QVERIFY(store);
    DemoGenerator first({30, 1, demoNow});
    const Result<void> filled = first.generate(*store);
    QVERIFY2(filled.ok(), qPrintable(filled.error().message));
    const QMap<QString, QByteArray> before = Inspector(store->path()).canonicalDump();

    DemoGenerator second({30, 2, demoNow});
    const Result<void> again = second.generate(*store);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!again.error().message.isEmpty());
    QCOMPARE(Inspector(store->path()).canonicalDump(), before);
    QCOMPARE(OrganizationRepository(*store).currentUserId(), first.demoUserId());
}

void tst_DemoGenerator::cancelLeavesStoreEmpty()
{
    std::unique_ptr<LocalStore> store = openStore(u"cancelled.db"_s);
    QVERIFY(store);
    DemoGenerator generator({2000, 3, demoNow});
    int calls = 0;
    // Cancel midway through the deals, when most tables already have rows.
    const Result<void> done = generator.generate(*store, [&calls](int percent) {
        ++calls;
        return percent < 50;
    });
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::Conflict);
    QCOMPARE(done.error().message, u"Generation was cancelled."_s);
    QVERIFY(calls > 1);

    const Inspector inspector(store->path());
    for (const Schema::SyncedTable &table : Schema::syncedTables())
        QCOMPARE(inspector.number(u"SELECT count(*) FROM %1"_s.arg(table.name)), 0);
    QCOMPARE(OrganizationRepository(*store).currentUserId(), QString());
    // The indexes the generator sets aside during the load are back, the triggers untouched,
    // and no row waits to be indexed.
    const QString schema = u"SELECT type, name, tbl_name, sql FROM sqlite_master "
                           u"WHERE type IN ('trigger', 'index') ORDER BY type, name"_s;
    std::unique_ptr<LocalStore> fresh = openStore(u"fresh-cancelled.db"_s);
    QVERIFY(fresh);
    QCOMPARE(inspector.rows(schema), Inspector(fresh->path()).rows(schema));
    QCOMPARE(inspector.number(u"SELECT count(*) FROM search_pending"_s), 0);

    // The store is still usable: a second attempt fills it.
    DemoGenerator retry({20, 3, demoNow});
    const Result<void> filled = retry.generate(*store);
    QVERIFY2(filled.ok(), qPrintable(filled.error().message));
    QCOMPARE(DealRepository(*store).count(), 20);
}

void tst_DemoGenerator::rejectsBadOptions_data()
{
    QTest::addColumn<int>("deals");
    QTest::addColumn<qint64>("nowMs");
    QTest::newRow("negative deals") << -1 << demoNow;
    QTest::newRow("too many deals") << DemoGenerator::maxDeals + 1 << demoNow;
    QTest::newRow("now before 2000") << 10 << qint64(86'400'000);
    QTest::newRow("negative now") << 10 << qint64(-5);
}

void tst_DemoGenerator::rejectsBadOptions()
{
    QFETCH(int, deals);
    QFETCH(qint64, nowMs);
    std::unique_ptr<LocalStore> store
        = openStore(u"bad-%1.db"_s.arg(QString::fromUtf8(QTest::currentDataTag())));
    QVERIFY(store);
    DemoGenerator generator({deals, 1, nowMs});
    bool progressed = false;
    const Result<void> done = generator.generate(*store, [&progressed](int) {
        progressed = true;
        return true;
    });
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!done.error().message.isEmpty());
    QVERIFY(!progressed);
    QCOMPARE(Inspector(store->path()).number(u"SELECT count(*) FROM units"_s), 0);
}

QTEST_GUILESS_MAIN(tst_DemoGenerator)
#include "tst_demogenerator.moc"
