#include "changewriter.h"
#include "customerdealsmodel.h"
#include "customerrepository.h"
#include "dealrepository.h"
#include "localstore.h"
#include "stagerepository.h"
#include "uuidv7.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

class TestCustomerDealsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
    void init();
    void cleanup();
    void showsTheCustomersDealsOpenFirst();
    void passesModelTester();
    void reloadOfTheSameDealsKeepsRows();
    void otherCustomerResetsAndClearEmpties();

private:
    QString addDeal(const QString &customerId, const QString &title, qint64 amountMinor,
                    Deal::Status status, qint64 expectedClose);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    QString m_unitId;
    QString m_stageId;
    QString m_customerId;
    QString m_otherCustomerId;
};

void TestCustomerDealsModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"store.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    ChangeWriter writer(*m_store);
    m_unitId = UuidV7::generate();
    QVERIFY(writer.insert(u"units"_s, m_unitId, {{u"name"_s, u"East"_s}}));
    m_stageId = UuidV7::generate();
    QVERIFY(writer.insert(u"stages"_s, m_stageId,
                          {{u"unit_id"_s, m_unitId},
                           {u"name"_s, u"Proposal"_s},
                           {u"position"_s, 1},
                           {u"win_probability"_s, 40},
                           {u"required_fields"_s, u"[]"_s}}));
    CustomerRepository customers(*m_store);
    Customer customer;
    customer.unitId = m_unitId;
    customer.name = u"Contoso Retail"_s;
    m_customerId = customers.create(customer).value();
    customer.name = u"Northwind Logistics"_s;
    m_otherCustomerId = customers.create(customer).value();
}

void TestCustomerDealsModel::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QString TestCustomerDealsModel::addDeal(const QString &customerId, const QString &title,
                                        qint64 amountMinor, Deal::Status status,
                                        qint64 expectedClose)
{
    Deal deal;
    deal.title = title;
    deal.customerId = customerId;
    deal.unitId = m_unitId;
    deal.stageId = m_stageId;
    deal.amountMinor = amountMinor;
    deal.status = status;
    deal.expectedClose = expectedClose;
    if (status == Deal::Status::Lost)
        deal.lostReason = u"Budget cut"_s;
    const Result<QString> id = DealRepository(*m_store).create(deal);
    if (!id)
        qWarning("%s", qPrintable(id.error().message));
    return id ? id.value() : QString();
}

void TestCustomerDealsModel::showsTheCustomersDealsOpenFirst()
{
    const qint64 day = 24 * 3600 * 1000;
    const qint64 now = m_store->nowMs();
    addDeal(m_customerId, u"Renewal 2025"_s, 120000, Deal::Status::Won, now - 30 * day);
    const QString openId = addDeal(m_customerId, u"Warehouse scanners"_s, 4500050,
                                   Deal::Status::Open, now + 20 * day);
    addDeal(m_otherCustomerId, u"Someone else's deal"_s, 100, Deal::Status::Open, now);

    CustomerDealsModel model;
    DealRepository deals(*m_store);
    StageRepository stages(*m_store);
    QVERIFY(model.reload(deals, stages, m_customerId).ok());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(CustomerDealsModel::Column::Count));
    QCOMPARE(model.customerId(), m_customerId);
    QCOMPARE(model.openDealCount(), 1);

    using Column = CustomerDealsModel::Column;
    const auto cell = [&model](int row, Column column, int role = Qt::DisplayRole) {
        return model.index(row, int(column)).data(role);
    };
    QCOMPARE(cell(0, Column::Title).toString(), u"Warehouse scanners"_s);
    QCOMPARE(cell(0, Column::Title, int(CustomerDealsModel::Role::Id)).toString(), openId);
    QCOMPARE(model.rowOfId(openId), 0);
    QCOMPARE(cell(0, Column::Stage).toString(), u"Proposal"_s);
    QCOMPARE(cell(0, Column::Status).toString(), u"Open"_s);
    QCOMPARE(cell(1, Column::Status).toString(), u"Won"_s);
    QCOMPARE(cell(1, Column::Status, int(CustomerDealsModel::Role::Status)).toInt(),
             int(Deal::Status::Won));
    QVERIFY(cell(0, Column::Amount).toString().contains(u"45,000.50"_s));
    QCOMPARE(cell(0, Column::Amount, int(CustomerDealsModel::Role::SortValue)).toLongLong(),
             4500050);
    QCOMPARE(cell(0, Column::Amount, Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
    QVERIFY(!cell(0, Column::ExpectedClose).toString().isEmpty());
    QCOMPARE(model.headerData(int(Column::ExpectedClose), Qt::Horizontal).toString(),
             u"Expected close"_s);
}

void TestCustomerDealsModel::passesModelTester()
{
    addDeal(m_customerId, u"A"_s, 100, Deal::Status::Open, 0);
    addDeal(m_customerId, u"B"_s, 200, Deal::Status::Lost, 0);
    addDeal(m_otherCustomerId, u"C"_s, 300, Deal::Status::Open, 0);
    CustomerDealsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    DealRepository deals(*m_store);
    StageRepository stages(*m_store);
    QVERIFY(model.reload(deals, stages, m_customerId).ok());
    QVERIFY(model.reload(deals, stages, m_customerId).ok());
    QVERIFY(model.reload(deals, stages, m_otherCustomerId).ok());
    model.retranslate();
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestCustomerDealsModel::reloadOfTheSameDealsKeepsRows()
{
    const QString id = addDeal(m_customerId, u"Scanners"_s, 100, Deal::Status::Open, 0);
    CustomerDealsModel model;
    DealRepository deals(*m_store);
    StageRepository stages(*m_store);
    QVERIFY(model.reload(deals, stages, m_customerId).ok());
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(deals.update(id, {{u"amount_minor"_s, 999900}}).ok());
    QVERIFY(model.reload(deals, stages, m_customerId).ok());
    QCOMPARE(resets.count(), 0);
    QCOMPARE(changes.count(), 1);
    QCOMPARE(model.deal(0).amountMinor, 999900);
}

void TestCustomerDealsModel::otherCustomerResetsAndClearEmpties()
{
    addDeal(m_customerId, u"Scanners"_s, 100, Deal::Status::Open, 0);
    CustomerDealsModel model;
    DealRepository deals(*m_store);
    StageRepository stages(*m_store);
    QVERIFY(model.reload(deals, stages, m_customerId).ok());
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QVERIFY(model.reload(deals, stages, m_otherCustomerId).ok());
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.customerId(), m_otherCustomerId);
    model.clear();
    QCOMPARE(resets.count(), 2);
    QVERIFY(model.customerId().isEmpty());
}

QTEST_GUILESS_MAIN(TestCustomerDealsModel)
#include "tst_customerdealsmodel.moc"
