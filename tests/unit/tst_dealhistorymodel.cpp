#include "changewriter.h"
#include "dealhistorymodel.h"
#include "dealrepository.h"
#include "localstore.h"
#include "money.h"
#include "productrepository.h"
#include "uuidv7.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

class TestDealHistoryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void newDealHasNoHistory();
    void showsHumanLabelsAndNames();
    void formatsMoneyTimesAndStatus();
    void newestFirstAndReloads();
    void unknownAndEmptyValues();
    void rolesKeepRawValues();
    void headersAndRetranslate();
    void productRepositoryListsLiveProducts();

private:
    QString insert(const QString &table, const QVariantMap &fields);
    int rowOf(const DealHistoryModel &model, const QString &field) const;
    QString text(const DealHistoryModel &model, int row, DealHistoryModel::Column column) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    qint64 m_now = 0;
    QString m_unitId;
    QString m_repId;
    QString m_leadId;
    QString m_qualifiedId;
    QString m_proposalId;
    QString m_customerId;
    QString m_productId;
    QString m_otherProductId;
    QString m_dealId;
};

QString TestDealHistoryModel::insert(const QString &table, const QVariantMap &fields)
{
    const QString id = UuidV7::generate();
    ChangeWriter writer(*m_store);
    const Result<void> done = writer.insert(table, id, fields);
    if (!done)
        qWarning("%s", qPrintable(done.error().message));
    return done ? id : QString();
}

void TestDealHistoryModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"store.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_now = QDateTime(QDate(2026, 3, 10), QTime(9, 30)).toMSecsSinceEpoch();
    m_store->setWallClock([this] { return m_now; });

    m_unitId = insert(u"units"_s, {{u"name"_s, u"East"_s}, {u"currency"_s, u"CNY"_s}});
    m_repId = insert(u"users"_s,
                     {{u"name"_s, u"Li Na"_s}, {u"role"_s, u"rep"_s}, {u"unit_id"_s, m_unitId}});
    m_leadId
        = insert(u"users"_s,
                 {{u"name"_s, u"Zhang Wei"_s}, {u"role"_s, u"lead"_s}, {u"unit_id"_s, m_unitId}});
    const auto stage = [this](const QString &name, int position, int probability) {
        return insert(u"stages"_s,
                      {{u"unit_id"_s, m_unitId},
                       {u"name"_s, name},
                       {u"position"_s, position},
                       {u"win_probability"_s, probability},
                       {u"required_fields"_s, u"[]"_s}});
    };
    m_qualifiedId = stage(u"Qualified"_s, 1, 20);
    m_proposalId = stage(u"Proposal"_s, 2, 50);
    m_customerId = insert(
        u"customers"_s,
        {{u"unit_id"_s, m_unitId}, {u"owner_id"_s, m_repId}, {u"name"_s, u"Contoso Retail"_s}});
    m_productId = insert(
        u"products"_s,
        {{u"name"_s, u"Outpost Cloud"_s}, {u"sku"_s, u"OC-1"_s}, {u"list_price_minor"_s, 100000}});
    m_otherProductId = insert(u"products"_s,
                              {{u"name"_s, u"Outpost On-Premise"_s},
                               {u"sku"_s, u"OP-1"_s},
                               {u"list_price_minor"_s, 500000}});
    QVERIFY(!m_productId.isEmpty() && !m_otherProductId.isEmpty() && !m_customerId.isEmpty());

    Deal deal;
    deal.title = u"Store rollout"_s;
    deal.customerId = m_customerId;
    deal.unitId = m_unitId;
    deal.ownerId = m_repId;
    deal.productId = m_productId;
    deal.stageId = m_qualifiedId;
    deal.amountMinor = 1'234'550;
    deal.probability = 20;
    const Result<QString> created = DealRepository(*m_store, m_repId).create(deal);
    QVERIFY2(created.ok(), qPrintable(created.error().message));
    m_dealId = created.value();
}

void TestDealHistoryModel::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

int TestDealHistoryModel::rowOf(const DealHistoryModel &model, const QString &field) const
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(int(DealHistoryModel::Role::Field)).toString() == field)
            return row;
    }
    return -1;
}

QString TestDealHistoryModel::text(const DealHistoryModel &model, int row,
                                   DealHistoryModel::Column column) const
{
    return model.index(row, int(column)).data().toString();
}

void TestDealHistoryModel::newDealHasNoHistory()
{
    DealHistoryModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.load(m_dealId).ok());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(DealHistoryModel::Column::Count));
    QCOMPARE(model.dealId(), m_dealId);
}

void TestDealHistoryModel::showsHumanLabelsAndNames()
{
    m_now += 86'400'000;
    DealRepository deals(*m_store, m_leadId);
    QVERIFY(deals.update(m_dealId,
                         {{u"stage_id"_s, m_proposalId},
                          {u"owner_id"_s, m_leadId},
                          {u"product_id"_s, m_otherProductId}}));

    DealHistoryModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.load(m_dealId).ok());

    using Column = DealHistoryModel::Column;
    const int stageRow = rowOf(model, u"stage_id"_s);
    QVERIFY(stageRow >= 0);
    QCOMPARE(text(model, stageRow, Column::Field), u"Stage"_s);
    QCOMPARE(text(model, stageRow, Column::From), u"Qualified"_s);
    QCOMPARE(text(model, stageRow, Column::To), u"Proposal"_s);
    QCOMPARE(text(model, stageRow, Column::Who), u"Zhang Wei"_s);

    const int ownerRow = rowOf(model, u"owner_id"_s);
    QCOMPARE(text(model, ownerRow, Column::Field), u"Owner"_s);
    QCOMPARE(text(model, ownerRow, Column::From), u"Li Na"_s);
    QCOMPARE(text(model, ownerRow, Column::To), u"Zhang Wei"_s);

    const int productRow = rowOf(model, u"product_id"_s);
    QCOMPARE(text(model, productRow, Column::Field), u"Product"_s);
    QCOMPARE(text(model, productRow, Column::From), u"Outpost Cloud"_s);
    QCOMPARE(text(model, productRow, Column::To), u"Outpost On-Premise"_s);

    // The stage's side effects are history too, with their own labels.
    const int probabilityRow = rowOf(model, u"probability"_s);
    QCOMPARE(text(model, probabilityRow, Column::Field), u"Probability"_s);
    QCOMPARE(text(model, probabilityRow, Column::From), u"20 %"_s);
    QCOMPARE(text(model, probabilityRow, Column::To), u"50 %"_s);
    QCOMPARE(text(model, rowOf(model, u"stage_entered_at"_s), Column::Field), u"Stage entered"_s);
}

void TestDealHistoryModel::formatsMoneyTimesAndStatus()
{
    const QDate closeDate(2026, 6, 30);
    const qint64 closeMs = QDateTime(closeDate, QTime(12, 0)).toMSecsSinceEpoch();
    DealRepository deals(*m_store, m_repId);
    QVERIFY(deals.update(m_dealId,
                         {{u"amount_minor"_s, 9'900'000},
                          {u"expected_close"_s, closeMs},
                          {u"status"_s, u"lost"_s},
                          {u"lost_reason"_s, u"Budget frozen"_s}}));

    DealHistoryModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.load(m_dealId).ok());
    using Column = DealHistoryModel::Column;
    const QLocale locale;

    const int amountRow = rowOf(model, u"amount_minor"_s);
    QCOMPARE(text(model, amountRow, Column::Field), u"Amount"_s);
    QCOMPARE(text(model, amountRow, Column::From), Money::format(1'234'550, u"CNY"_s, locale));
    QCOMPARE(text(model, amountRow, Column::To), Money::format(9'900'000, u"CNY"_s, locale));

    const int closeRow = rowOf(model, u"expected_close"_s);
    QCOMPARE(text(model, closeRow, Column::Field), u"Expected close date"_s);
    QCOMPARE(text(model, closeRow, Column::From), u"(empty)"_s);
    QCOMPARE(text(model, closeRow, Column::To), locale.toString(closeDate, QLocale::ShortFormat));

    const int statusRow = rowOf(model, u"status"_s);
    QCOMPARE(text(model, statusRow, Column::Field), u"Status"_s);
    QCOMPARE(text(model, statusRow, Column::From), u"Open"_s);
    QCOMPARE(text(model, statusRow, Column::To), u"Lost"_s);
    QCOMPARE(text(model, rowOf(model, u"lost_reason"_s), Column::To), u"Budget frozen"_s);
    QCOMPARE(text(model, rowOf(model, u"closed_at"_s), Column::To),
             locale.toString(QDateTime::fromMSecsSinceEpoch(m_now).date(), QLocale::ShortFormat));

    // When: the change's time in local time.
    QCOMPARE(text(model, statusRow, Column::When),
             locale.toString(QDateTime::fromMSecsSinceEpoch(m_now), QLocale::ShortFormat));
}

void TestDealHistoryModel::newestFirstAndReloads()
{
    DealRepository deals(*m_store, m_repId);
    QVERIFY(deals.update(m_dealId, {{u"title"_s, u"Store rollout, phase 1"_s}}));
    DealHistoryModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.load(m_dealId).ok());
    QCOMPARE(model.rowCount(), 1);

    m_now += 60'000;
    QVERIFY(deals.update(m_dealId, {{u"notes"_s, u"Call back in May"_s}}));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(model.reload().ok());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data(int(DealHistoryModel::Role::Field)).toString(), u"notes"_s);
    QCOMPARE(model.index(1, 0).data(int(DealHistoryModel::Role::Field)).toString(), u"title"_s);
    QVERIFY(model.index(0, 0).data(int(DealHistoryModel::Role::SortValue)).toLongLong()
            > model.index(1, 0).data(int(DealHistoryModel::Role::SortValue)).toLongLong());
}

void TestDealHistoryModel::unknownAndEmptyValues()
{
    DealHistoryModel model(*m_store);
    QCOMPARE(model.displayValue(u"stage_id"_s, u"0190aaaa-0000-7000-8000-000000000000"_s),
             u"(not available)"_s);
    QCOMPARE(model.displayValue(u"product_id"_s, QVariant()), u"(empty)"_s);
    QCOMPARE(model.displayValue(u"notes"_s, QString()), u"(empty)"_s);
    QCOMPARE(model.displayValue(u"deleted"_s, u"1"_s), u"Yes"_s);
    QCOMPARE(model.displayValue(u"region"_s, u"华东"_s), u"华东"_s);

    // A deal without history (or an unknown deal) loads as empty, not as an error.
    QVERIFY(model.load(UuidV7::generate()).ok());
    QCOMPARE(model.rowCount(), 0);

    // Removing and restoring are history too.
    DealRepository deals(*m_store, m_repId);
    QVERIFY(deals.remove(m_dealId));
    QVERIFY(deals.restore(m_dealId));
    QVERIFY(model.load(m_dealId).ok());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(text(model, 0, DealHistoryModel::Column::Field), u"Deleted"_s);
    QCOMPARE(text(model, 0, DealHistoryModel::Column::To), u"No"_s);
}

void TestDealHistoryModel::rolesKeepRawValues()
{
    DealRepository deals(*m_store, m_repId);
    QVERIFY(deals.update(m_dealId, {{u"stage_id"_s, m_proposalId}}));
    DealHistoryModel model(*m_store);
    QVERIFY(model.load(m_dealId).ok());
    const QModelIndex stage = model.index(rowOf(model, u"stage_id"_s), 3);
    QCOMPARE(stage.data(int(DealHistoryModel::Role::OldValue)).toString(), m_qualifiedId);
    QCOMPARE(stage.data(int(DealHistoryModel::Role::NewValue)).toString(), m_proposalId);
    QCOMPARE(stage.data(int(DealHistoryModel::Role::ChangedAt)).toLongLong(), m_now);
    QCOMPARE(stage.data(int(DealHistoryModel::Role::ChangedBy)).toString(), m_repId);
    QCOMPARE(stage.data(int(DealHistoryModel::Role::Origin)).toString(), u"local"_s);
    QVERIFY(model.roleNames().contains(int(DealHistoryModel::Role::Field)));
}

void TestDealHistoryModel::headersAndRetranslate()
{
    DealHistoryModel model(*m_store);
    using Column = DealHistoryModel::Column;
    const QStringList expected {u"When"_s, u"Who"_s, u"Field"_s, u"From"_s, u"To"_s};
    for (int section = 0; section < int(Column::Count); ++section)
        QCOMPARE(model.headerData(section, Qt::Horizontal).toString(), expected.at(section));

    QVERIFY(DealRepository(*m_store, m_repId).update(m_dealId, {{u"title"_s, u"Renamed"_s}}));
    QVERIFY(model.load(m_dealId).ok());
    QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
    QSignalSpy data(&model, &QAbstractItemModel::dataChanged);
    model.retranslate();
    QCOMPARE(headers.count(), 1);
    QCOMPARE(data.count(), 1);
}

void TestDealHistoryModel::productRepositoryListsLiveProducts()
{
    ProductRepository products(*m_store);
    Result<QList<Product>> list = products.products();
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 2);
    QCOMPARE(list->at(0).name, u"Outpost Cloud"_s);
    QCOMPARE(list->at(0).sku, u"OC-1"_s);
    QCOMPARE(list->at(0).listPriceMinor, 100000);

    QVERIFY(ChangeWriter(*m_store).remove(u"products"_s, m_productId));
    list = products.products();
    QCOMPARE(list->size(), 1);
    // A removed product still has its name, for deals and history that refer to it.
    const Result<Product> removed = products.product(m_productId);
    QVERIFY(removed.ok());
    QCOMPARE(removed->name, u"Outpost Cloud"_s);
    QCOMPARE(products.product(UuidV7::generate()).error().code, ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestDealHistoryModel)
#include "tst_dealhistorymodel.moc"
