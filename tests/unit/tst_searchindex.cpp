#include "searchindex.h"

#include "changewriter.h"
#include "customerrepository.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

constexpr qint64 t0 = 1'718'000'000'000;

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

QList<QStringList> rows(LocalStore &store, const QString &sql)
{
    QSqlQuery q = store.query();
    QList<QStringList> result;
    if (!q.exec(sql))
        return {{u"error: "_s + sql}};
    while (q.next()) {
        QStringList row;
        for (int i = 0; i < 4; ++i)
            row.append(q.value(i).toString());
        result.append(row);
    }
    return result;
}

// What the index holds, and what it should hold for the rows as they are now.
const QString dealsIndexed
    = u"SELECT rowid, title, customer, notes FROM deals_fts ORDER BY rowid"_s;
const QString dealsExpected
    = u"SELECT d.rowid, d.title, coalesce(c.name, ''), d.notes FROM deals d "
      u"LEFT JOIN customers c ON c.id = d.customer_id ORDER BY d.rowid"_s;
const QString customersIndexed
    = u"SELECT rowid, name, contact, notes FROM customers_fts ORDER BY rowid"_s;
const QString customersExpected
    = u"SELECT rowid, name, contact_name, notes FROM customers ORDER BY rowid"_s;

int pending(LocalStore &store)
{
    return scalar(store, u"SELECT count(*) FROM search_pending"_s).toInt();
}

} // namespace

class tst_SearchIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void commitLeavesIndexComplete();
    void manyEditsInOneTransaction();
    void rollbackLeavesIndexAsItWas();
    void renameReindexesTheCustomersDeals();
    void purgedRowsLeaveTheIndex();
    void unchangedTextNotesNothing();
    void writesOutsideTransactionsWaitForCatchUp();
    void readOnlyConnectionSeesCommittedIndex();

private:
    LocalStore &store() { return *m_store; }
    QString createCustomer(const QString &name, const QString &notes = {});
    QString createDeal(const QString &title, const QString &customerId, const QString &notes = {});
    void verifyIndexComplete();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ChangeWriter> m_writer;
    qint64 m_wallMs = t0;
};

void tst_SearchIndex::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_SearchIndex::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"profile.sqlite"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_wallMs = t0;
    m_store->setWallClock([this] { return m_wallMs++; });
    m_writer = std::make_unique<ChangeWriter>(store(), u"actor"_s);
}

void tst_SearchIndex::cleanup()
{
    m_writer.reset();
    m_store.reset();
    m_dir.reset();
}

QString tst_SearchIndex::createCustomer(const QString &name, const QString &notes)
{
    const QString id = UuidV7::generate();
    const Result<void> done
        = m_writer->insert(u"customers"_s, id,
                           {{u"name"_s, name},
                            {u"contact_name"_s, QString(u"Contact of "_s + name)},
                            {u"notes"_s, notes}});
    return done.ok() ? id : QString();
}

QString tst_SearchIndex::createDeal(const QString &title, const QString &customerId,
                                    const QString &notes)
{
    const QString id = UuidV7::generate();
    const Result<void> done
        = m_writer->insert(u"deals"_s, id,
                           {{u"title"_s, title},
                            {u"customer_id"_s, customerId.isEmpty() ? QVariant() : customerId},
                            {u"notes"_s, notes},
                            {u"stage_entered_at"_s, t0}});
    return done.ok() ? id : QString();
}

void tst_SearchIndex::verifyIndexComplete()
{
    QCOMPARE(pending(store()), 0);
    QCOMPARE(rows(store(), dealsIndexed), rows(store(), dealsExpected));
    QCOMPARE(rows(store(), customersIndexed), rows(store(), customersExpected));
}

void tst_SearchIndex::commitLeavesIndexComplete()
{
    const QString customer = createCustomer(u"华信科技有限公司"_s, u"年度预算在三月确定。"_s);
    QVERIFY(!customer.isEmpty());
    const QString deal = createDeal(u"Pumps for the harbour"_s, customer, u"Needs a DPA"_s);
    QVERIFY(!deal.isEmpty());
    verifyIndexComplete();
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM deals_fts WHERE deals_fts MATCH '\"华信科\"'"_s)
                 .toInt(),
             1);

    QVERIFY(m_writer->update(u"deals"_s, deal, {{u"notes"_s, u"Signed the DPA"_s}}).ok());
    verifyIndexComplete();
    QVERIFY(m_writer->update(u"customers"_s, customer, {{u"notes"_s, u"预算已批"_s}}).ok());
    verifyIndexComplete();
    // Edits the index does not carry note nothing.
    QVERIFY(m_writer->update(u"deals"_s, deal, {{u"amount_minor"_s, 500'000}}).ok());
    verifyIndexComplete();
}

void tst_SearchIndex::manyEditsInOneTransaction()
{
    QStringList customers;
    QStringList deals;
    const Result<void> done = store().transaction([&]() -> Result<void> {
        for (int i = 0; i < 20; ++i) {
            customers.append(createCustomer(u"Customer %1"_s.arg(i)));
            deals.append(createDeal(u"Deal %1"_s.arg(i), customers.constLast()));
        }
        // Later statements of the transaction see the rows but the index waits for the commit.
        if (pending(store()) != 40)
            return Error {ErrorCode::Conflict, u"rows were not noted"_s};
        for (int i = 0; i < 20; i += 2) {
            if (Result<void> r = m_writer->update(u"deals"_s, deals.at(i),
                                                  {{u"title"_s, u"Renamed deal %1"_s.arg(i)}});
                !r) {
                return r;
            }
        }
        return m_writer->update(u"customers"_s, customers.at(3), {{u"name"_s, u"Northwind"_s}});
    });
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    verifyIndexComplete();
    QCOMPARE(scalar(store(),
                    u"SELECT customer FROM deals_fts WHERE rowid = "
                    u"(SELECT rowid FROM deals WHERE id = ?)"_s,
                    {deals.at(3)})
                 .toString(),
             u"Northwind"_s);
}

void tst_SearchIndex::rollbackLeavesIndexAsItWas()
{
    const QString customer = createCustomer(u"Initech"_s);
    const QString deal = createDeal(u"Printers"_s, customer);
    const QList<QStringList> before = rows(store(), dealsIndexed);
    const Result<void> done = store().transaction([&]() -> Result<void> {
        if (Result<void> r = m_writer->update(u"deals"_s, deal, {{u"title"_s, u"Staplers"_s}}); !r)
            return r;
        createDeal(u"Fax machines"_s, customer);
        return Error {ErrorCode::InvalidArgument, u"changed my mind"_s};
    });
    QVERIFY(!done.ok());
    QCOMPARE(rows(store(), dealsIndexed), before);
    verifyIndexComplete();
}

void tst_SearchIndex::renameReindexesTheCustomersDeals()
{
    const QString renamed = createCustomer(u"旧名称贸易公司"_s);
    const QString other = createCustomer(u"Other Co"_s);
    createDeal(u"ERP rollout"_s, renamed);
    createDeal(u"CRM rollout"_s, renamed);
    createDeal(u"Other rollout"_s, other);
    QVERIFY(m_writer->update(u"customers"_s, renamed, {{u"name"_s, u"新名称贸易公司"_s}}).ok());
    verifyIndexComplete();
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM deals_fts WHERE deals_fts MATCH '\"新名称\"'"_s)
                 .toInt(),
             2);
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM deals_fts WHERE deals_fts MATCH '\"旧名称\"'"_s)
                 .toInt(),
             0);
}

void tst_SearchIndex::purgedRowsLeaveTheIndex()
{
    const QString customer = createCustomer(u"Umbrella"_s);
    const QString deal = createDeal(u"Vaccines"_s, customer);
    // A tombstone stays searchable (the board lists deleted deals too)...
    QVERIFY(m_writer->remove(u"deals"_s, deal).ok());
    verifyIndexComplete();
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM deals_fts"_s).toInt(), 1);
    // ...a purged row (replication deletes it for good) leaves the index with the row.
    const Result<void> purged = store().transaction([&]() -> Result<void> {
        QSqlQuery q = store().query();
        q.prepare(u"DELETE FROM deals WHERE id = ?"_s);
        q.addBindValue(deal);
        if (!q.exec())
            return LocalStore::sqlError(q);
        q.prepare(u"DELETE FROM customers WHERE id = ?"_s);
        q.addBindValue(customer);
        if (!q.exec())
            return LocalStore::sqlError(q);
        return {};
    });
    QVERIFY2(purged.ok(), qPrintable(purged.error().message));
    verifyIndexComplete();
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM deals_fts"_s).toInt(), 0);
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM customers_fts"_s).toInt(), 0);
}

void tst_SearchIndex::unchangedTextNotesNothing()
{
    const QString customer = createCustomer(u"Globex"_s);
    createDeal(u"Hammock"_s, customer);
    QSqlQuery q = store().query();
    QVERIFY(q.exec(u"UPDATE deals SET title = title, notes = notes"_s));
    QVERIFY(q.exec(u"UPDATE customers SET name = name, contact_name = contact_name"_s));
    QCOMPARE(pending(store()), 0);
}

void tst_SearchIndex::writesOutsideTransactionsWaitForCatchUp()
{
    const QString customer = createCustomer(u"Acme"_s);
    // Raw SQL in autocommit mode (no Outpost code writes like this) is only noted...
    QSqlQuery q = store().query();
    QVERIFY(q.exec(u"UPDATE customers SET name = 'Acme Rockets' WHERE name = 'Acme'"_s));
    QCOMPARE(pending(store()), 1);
    QVERIFY(SearchIndex::hasPending(store()).value());
    // ...until a search on a writable connection (or the next transaction) folds it in.
    CustomerRepository customers(store());
    QCOMPARE(customers.search(u"Rockets"_s).value(), QStringList {customer});
    QVERIFY(!SearchIndex::hasPending(store()).value());
    verifyIndexComplete();

    QVERIFY(q.exec(u"UPDATE customers SET notes = 'coyote' WHERE id = '%1'"_s.arg(customer)));
    QVERIFY(SearchIndex::catchUp(store()).ok());
    verifyIndexComplete();
    QVERIFY(SearchIndex::catchUp(store()).ok()); // nothing to do
    QVERIFY(!store().inTransaction());
}

void tst_SearchIndex::readOnlyConnectionSeesCommittedIndex()
{
    auto reader = LocalStore::open(store().path(), LocalStore::OpenMode::ReadOnly);
    QVERIFY2(reader.ok(), qPrintable(reader.error().message));
    const QString customer = createCustomer(u"Soylent"_s);
    createDeal(u"Green crackers"_s, customer);
    QCOMPARE(scalar(*reader.value(),
                    u"SELECT count(*) FROM deals_fts WHERE deals_fts MATCH '\"crackers\"'"_s)
                 .toInt(),
             1);
    QCOMPARE(scalar(*reader.value(),
                    u"SELECT count(*) FROM deals_fts WHERE deals_fts MATCH '\"Soylent\"'"_s)
                 .toInt(),
             1);
    // A read-only connection with nothing pending searches without trying to write.
    CustomerRepository customers(*reader.value());
    QCOMPARE(customers.search(u"Soylent"_s).value(), QStringList {customer});
}

QTEST_GUILESS_MAIN(tst_SearchIndex)
#include "tst_searchindex.moc"
