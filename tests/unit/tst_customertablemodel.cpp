#include "changewriter.h"
#include "customerfilterproxymodel.h"
#include "customerrepository.h"
#include "customertablemodel.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

class TestCustomerTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void loadsEveryLiveCustomer();
    void passesModelTester();
    void figuresComeFromOpenDeals();
    void refreshUpdatesInsertsAndRemovesRows();
    void filtersByEveryWord_data();
    void filtersByEveryWord();
    void sortsNumbersAsNumbers();

private:
    QString addCustomer(const QString &name, const QString &contact, const QString &city);
    void addDeal(const QString &customerId, qint64 amountMinor, const QString &status);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    QString m_unitId;
};

void TestCustomerTableModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"store.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_unitId = UuidV7::generate();
    ChangeWriter writer(*m_store);
    QVERIFY(
        writer.insert(u"units"_s, m_unitId, {{u"name"_s, u"East"_s}, {u"currency"_s, u"CNY"_s}}));
    addCustomer(u"上海华信科技有限公司"_s, u"王芳"_s, u"上海"_s);
    addCustomer(u"Northwind Logistics Ltd"_s, u"Anna Berg"_s, u"Hamburg"_s);
    addCustomer(u"Contoso Retail"_s, u"Li Wei"_s, u"Shenzhen"_s);
}

void TestCustomerTableModel::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QString TestCustomerTableModel::addCustomer(const QString &name, const QString &contact,
                                            const QString &city)
{
    CustomerRepository repository(*m_store);
    Customer customer;
    customer.unitId = m_unitId;
    customer.name = name;
    customer.contactName = contact;
    customer.city = city;
    customer.segment = u"enterprise"_s;
    auto id = repository.create(customer);
    return id ? id.value() : QString();
}

void TestCustomerTableModel::addDeal(const QString &customerId, qint64 amountMinor,
                                     const QString &status)
{
    ChangeWriter writer(*m_store);
    QVariantMap fields {{u"title"_s, u"Deal"_s},       {u"customer_id"_s, customerId},
                        {u"unit_id"_s, m_unitId},      {u"amount_minor"_s, amountMinor},
                        {u"status"_s, status},         {u"stage_entered_at"_s, 1},
                        {u"lost_reason"_s, u"price"_s}};
    QVERIFY(writer.insert(u"deals"_s, UuidV7::generate(), fields));
}

void TestCustomerTableModel::loadsEveryLiveCustomer()
{
    CustomerRepository repository(*m_store);
    const QString removed = addCustomer(u"Gone Corp"_s, {}, {});
    QVERIFY(repository.remove(removed));
    CustomerTableModel model;
    QVERIFY(model.reload(repository));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOfId(removed), -1);
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, int(CustomerTableModel::Column::Name)).data().toString());
    QVERIFY(names.contains(u"Northwind Logistics Ltd"_s));
    QVERIFY(!names.contains(u"Gone Corp"_s));
    QCOMPARE(model.headerData(int(CustomerTableModel::Column::Name), Qt::Horizontal).toString(),
             u"Customer"_s);
}

void TestCustomerTableModel::passesModelTester()
{
    CustomerRepository repository(*m_store);
    CustomerTableModel model;
    CustomerFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester sourceTester(&model,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.reload(repository));
    proxy.setSearchText(u"north"_s);
    proxy.sort(int(CustomerTableModel::Column::Name));
    const QString id = addCustomer(u"Northern Star"_s, {}, {});
    QVERIFY(model.refreshCustomer(repository, id));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setSearchText({});
    QCOMPARE(proxy.rowCount(), 4);
}

void TestCustomerTableModel::figuresComeFromOpenDeals()
{
    CustomerRepository repository(*m_store);
    CustomerTableModel model;
    QVERIFY(model.reload(repository));
    const QString id = model.index(model.rowOfId(model.summary(0).customer.id), 0)
                           .data(int(CustomerTableModel::Role::Id))
                           .toString();
    addDeal(id, 150000, u"open"_s);
    addDeal(id, 250050, u"open"_s);
    addDeal(id, 990000, u"won"_s);
    addDeal(id, 770000, u"lost"_s);
    QVERIFY(model.refreshCustomer(repository, id));
    const CustomerSummary &summary = model.summary(model.rowOfId(id));
    QCOMPARE(summary.openDeals, 2);
    QCOMPARE(summary.openPipelineMinor, 400050);
    const QModelIndex pipeline
        = model.index(model.rowOfId(id), int(CustomerTableModel::Column::Pipeline));
    QCOMPARE(pipeline.data(int(CustomerTableModel::Role::SortValue)).toLongLong(), 400050);
    QVERIFY(pipeline.data().toString().contains(u"4,000.50"_s));
}

void TestCustomerTableModel::refreshUpdatesInsertsAndRemovesRows()
{
    CustomerRepository repository(*m_store);
    CustomerTableModel model;
    QVERIFY(model.reload(repository));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    const QString id = model.summary(1).customer.id;
    QVERIFY(repository.update(id, {{u"name"_s, u"Renamed Ltd"_s}}));
    QVERIFY(model.refreshCustomer(repository, id));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.summary(1).customer.name, u"Renamed Ltd"_s);

    const QString added = addCustomer(u"Added Inc"_s, {}, {});
    QVERIFY(model.refreshCustomer(repository, added));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowOfId(added), 3);

    QVERIFY(repository.remove(id));
    QVERIFY(model.refreshCustomer(repository, id));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOfId(id), -1);
    QCOMPARE(model.summary(model.rowOfId(added)).customer.name, u"Added Inc"_s);
}

void TestCustomerTableModel::filtersByEveryWord_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("matches");
    QTest::newRow("empty") << QString() << 3;
    QTest::newRow("case-insensitive") << u"NORTHWIND"_s << 1;
    QTest::newRow("contact") << u"anna"_s << 1;
    QTest::newRow("chinese substring") << u"华信"_s << 1;
    QTest::newRow("city") << u"shenzhen"_s << 1;
    QTest::newRow("two words, both needed") << u"li shenzhen"_s << 1;
    QTest::newRow("two words, one missing") << u"li hamburg"_s << 0;
    QTest::newRow("segment label") << u"enterprise"_s << 3;
    QTest::newRow("no match") << u"zzz"_s << 0;
}

void TestCustomerTableModel::filtersByEveryWord()
{
    QFETCH(QString, search);
    QFETCH(int, matches);
    CustomerRepository repository(*m_store);
    CustomerTableModel model;
    QVERIFY(model.reload(repository));
    CustomerFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSearchText(search);
    QCOMPARE(proxy.rowCount(), matches);
    QCOMPARE(proxy.searchText(), search);
}

void TestCustomerTableModel::sortsNumbersAsNumbers()
{
    CustomerRepository repository(*m_store);
    CustomerTableModel model;
    QVERIFY(model.reload(repository));
    addDeal(model.summary(0).customer.id, 900, u"open"_s);
    addDeal(model.summary(1).customer.id, 100000, u"open"_s);
    QVERIFY(model.reload(repository));
    CustomerFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(int(CustomerTableModel::Column::Pipeline), Qt::DescendingOrder);
    const auto amountAt = [&](int row) {
        return proxy.index(row, int(CustomerTableModel::Column::Pipeline))
            .data(int(CustomerTableModel::Role::SortValue))
            .toLongLong();
    };
    QCOMPARE(amountAt(0), 100000);
    QCOMPARE(amountAt(1), 900);
    QCOMPARE(amountAt(2), 0);
}

QTEST_GUILESS_MAIN(TestCustomerTableModel)
#include "tst_customertablemodel.moc"
