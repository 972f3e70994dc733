#include "pipelineboardmodel.h"

#include "dealrepository.h"
#include "demogenerator.h"
#include "localstore.h"
#include "pipelinecolumnmodel.h"
#include "pipelineloader.h"
#include "pipelinesearcher.h"
#include "pipelinetablemodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QFile>
#include <QMimeData>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

const qint64 demoNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 dayMs = 86'400'000;
constexpr int demoDeals = 700;

using Tester = QAbstractItemModelTester;

// Totals as "row|currency" -> "count|sum|weighted", and "row" -> count, comparable as text.
using Totals = QMap<QString, QString>;

Totals boardTotals(const PipelineBoardModel &board)
{
    Totals totals;
    for (int row = 0; row < board.rowCount(); ++row) {
        const PipelineBoardModel::ColumnTotals &t = board.totals(row);
        if (t.count == 0)
            continue;
        totals.insert(QString::number(row), QString::number(t.count));
        for (const PipelineBoardModel::CurrencyTotal &sum : t.currencies) {
            totals.insert(u"%1|%2"_s.arg(row).arg(board.dataset().currencies.value(sum.currency)),
                          u"%1|%2"_s.arg(sum.amountMinor).arg(sum.weightedMinor));
        }
    }
    return totals;
}

} // namespace

class tst_PipelineBoardModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase() { m_sharedBoard.reset(); }

    void loadsEveryLiveDeal();
    void modelsPassTheTester();
    void totalsMatchSql_data();
    void totalsMatchSql();
    void columnsAreSorted_data();
    void columnsAreSorted();
    void updateMovesTheCardExactly();
    void removedDealLeavesTheBoard();
    void freshReadMergesCardByCard();
    void singleUnitUsesItsOwnStages();
    void dropAsksForAMove();
    void searchMatchesWords_data();
    void searchMatchesWords();
    void filterRoundTripsThroughSettings();
    void tableFollowsTheBoard();

private:
    PipelineFilter randomFilter(QRandomGenerator &random);
    Totals sqlTotals(const PipelineFilter &filter, const QList<qint64> *searchRowIds);
    QVariant scalar(const QString &sql, const QVariantList &bindings = {});
    QStringList column(const QString &sql);
    std::unique_ptr<PipelineBoardModel> loadBoard(const QStringList &units = {});

    QTemporaryDir m_templateDir;
    QString m_templatePath;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<PipelineBoardModel> m_sharedBoard;
};

void tst_PipelineBoardModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_templateDir.isValid());
    m_templatePath = m_templateDir.filePath(u"template.outpost"_s);
    Result<std::unique_ptr<LocalStore>> store = LocalStore::open(m_templatePath);
    QVERIFY(store.ok());
    DemoGenerator::Options options;
    options.deals = demoDeals;
    options.nowMs = demoNow;
    DemoGenerator generator(options);
    const Result<void> generated = generator.generate(*store.value());
    QVERIFY2(generated.ok(), qPrintable(generated.error().message));
    // Closing the only connection checkpoints the WAL, so the file alone is the store.
}

void tst_PipelineBoardModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"board.outpost"_s);
    QVERIFY(QFile::copy(m_templatePath, m_path));
    QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
    Result<std::unique_ptr<LocalStore>> store = LocalStore::open(m_path);
    QVERIFY(store.ok());
    m_store = std::move(store).value();
    m_store->setWallClock([] { return demoNow; });
}

void tst_PipelineBoardModel::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QVariant tst_PipelineBoardModel::scalar(const QString &sql, const QVariantList &bindings)
{
    QSqlQuery q = m_store->query();
    q.prepare(sql);
    for (const QVariant &value : bindings)
        q.addBindValue(value);
    if (!q.exec() || !q.next())
        return {};
    return q.value(0);
}

QStringList tst_PipelineBoardModel::column(const QString &sql)
{
    QSqlQuery q = m_store->query();
    QStringList values;
    if (q.exec(sql)) {
        while (q.next())
            values.append(q.value(0).toString());
    }
    return values;
}

std::unique_ptr<PipelineBoardModel> tst_PipelineBoardModel::loadBoard(const QStringList &units)
{
    Result<PipelineDataset> data = PipelineLoader::load(m_path, units);
    if (!data) {
        qWarning("%s", qPrintable(data.error().message));
        return nullptr;
    }
    auto board = std::make_unique<PipelineBoardModel>();
    board->setNow(demoNow);
    board->setDataset(std::move(data).value(), units);
    return board;
}

void tst_PipelineBoardModel::loadsEveryLiveDeal()
{
    // A deleted deal stays out.
    const QString deletedId = scalar(u"SELECT id FROM deals ORDER BY rowid LIMIT 1"_s).toString();
    QVERIFY(DealRepository(*m_store).remove(deletedId).ok());

    const auto board = loadBoard();
    QVERIFY(board);
    const PipelineDataset &data = board->dataset();
    QCOMPARE(qint64(data.cards.size()),
             scalar(u"SELECT count(*) FROM deals WHERE deleted = 0"_s).toLongLong());
    QCOMPARE(board->cardIndex(
                 scalar(u"SELECT rowid FROM deals WHERE id = ?"_s, {deletedId}).toLongLong()),
             -1);

    // Every card carries its deal's values and names.
    QSqlQuery q = m_store->query();
    QVERIFY(q.exec(u"SELECT d.rowid, d.title, coalesce(c.name, ''), d.amount_minor, d.currency, "
                   u"coalesce(st.name, ''), coalesce(u.name, ''), d.status, d.probability, "
                   u"coalesce(d.expected_close, 0), d.region FROM deals d "
                   u"LEFT JOIN customers c ON c.id = d.customer_id "
                   u"LEFT JOIN stages st ON st.id = d.stage_id "
                   u"LEFT JOIN users u ON u.id = d.owner_id WHERE d.deleted = 0"_s));
    int checked = 0;
    while (q.next()) {
        const int index = board->cardIndex(q.value(0).toLongLong());
        QVERIFY(index >= 0);
        const PipelineCard &card = board->card(index);
        QCOMPARE(data.title(card).toString(), q.value(1).toString());
        QCOMPARE(data.customerName(card), q.value(2).toString());
        QCOMPARE(card.amountMinor, q.value(3).toLongLong());
        QCOMPARE(data.currency(card), q.value(4).toString());
        QCOMPARE(data.stage(card.stage)->stage.name, q.value(5).toString());
        QCOMPARE(data.user(card.owner)->name, q.value(6).toString());
        QCOMPARE(Deal::statusName(Deal::Status(card.status)), q.value(7).toString());
        QCOMPARE(int(card.probability), q.value(8).toInt());
        QCOMPARE(card.expectedClose, q.value(9).toLongLong());
        QCOMPARE(data.region(card), q.value(10).toString());
        ++checked;
    }
    QCOMPARE(checked, int(data.cards.size()));

    // The next activity is the earliest open, dated one of an open deal.
    QVERIFY(q.exec(u"SELECT d.rowid, min(a.due_at) FROM activities a JOIN deals d "
                   u"ON d.id = a.deal_id WHERE a.done_at IS NULL AND a.deleted = 0 AND "
                   u"a.due_at IS NOT NULL AND d.status = 'open' AND d.deleted = 0 "
                   u"GROUP BY d.rowid"_s));
    int withActivity = 0;
    while (q.next()) {
        QCOMPARE(board->card(board->cardIndex(q.value(0).toLongLong())).nextActivityAt,
                 q.value(1).toLongLong());
        ++withActivity;
    }
    QVERIFY(withActivity > 0);
}

void tst_PipelineBoardModel::modelsPassTheTester()
{
    const auto board = loadBoard();
    QVERIFY(board);
    PipelineTableModel table(board.get());
    table.setActive(true);
    Tester boardTester(board.get(), Tester::FailureReportingMode::QtTest);
    Tester tableTester(&table, Tester::FailureReportingMode::QtTest);
    std::vector<std::unique_ptr<Tester>> columnTesters;
    const auto watchColumns = [&] {
        columnTesters.clear();
        for (int column = 0; column < board->stageColumnCount(); ++column) {
            columnTesters.push_back(std::make_unique<Tester>(board->columnModel(column),
                                                             Tester::FailureReportingMode::QtTest));
        }
    };
    watchColumns();
    connect(board.get(), &PipelineBoardModel::columnsReset, this, watchColumns);

    // Filters, sorts and single-deal edits all go through the testers.
    QRandomGenerator random(7);
    for (int i = 0; i < 12; ++i) {
        board->setFilter(randomFilter(random));
        board->setSort(PipelineBoardModel::SortKey(i % 4),
                       i % 2 ? Qt::DescendingOrder : Qt::AscendingOrder);
    }
    board->setFilter({});
    table.sort(int(PipelineTableModel::Column::Customer), Qt::DescendingOrder);
    DealRepository deals(*m_store);
    const QStringList ids = column(u"SELECT id FROM deals WHERE status = 'open' AND deleted = 0 "
                                   u"ORDER BY rowid LIMIT 6"_s);
    QCOMPARE(ids.size(), 6);
    const QStringList stages = column(u"SELECT id FROM stages WHERE unit_id IS NULL "
                                      u"ORDER BY position"_s);
    for (int i = 0; i < ids.size(); ++i) {
        QVariantMap change;
        if (i % 3 == 0)
            change = {{u"amount_minor"_s, 123400 + i}};
        else if (i % 3 == 1)
            change = {{u"status"_s, u"won"_s}};
        else
            change = {{u"expected_close"_s, demoNow + i * dayMs}};
        QVERIFY(deals.update(ids.at(i), change).ok());
        Result<PipelineCard> card = PipelineLoader::readCard(*m_store, ids.at(i), board->dataset());
        QVERIFY(card.ok());
        board->updateCard(card.value());
    }
    QVERIFY(deals.remove(ids.constLast()).ok());
    board->updateCard(
        PipelineLoader::readCard(*m_store, ids.constLast(), board->dataset()).value());
    QCOMPARE(board->matchCount(), table.rowCount());
}

PipelineFilter tst_PipelineBoardModel::randomFilter(QRandomGenerator &random)
{
    PipelineFilter filter;
    const auto pick = [&random](const QStringList &list) {
        return list.isEmpty() ? QString() : list.at(random.bounded(int(list.size())));
    };
    const auto chance = [&random](int percent) {
        return int(random.bounded(100)) < percent;
    };
    if (chance(30))
        filter.ownerId = pick(column(u"SELECT DISTINCT owner_id FROM deals"_s));
    if (chance(40)) {
        const QStringList units = column(u"SELECT DISTINCT unit_id FROM deals"_s);
        filter.unitIds.append(pick(units));
        if (chance(50))
            filter.unitIds.append(pick(units));
        filter.unitIds.removeDuplicates();
    }
    if (chance(30))
        filter.productLineId = pick(column(u"SELECT id FROM product_lines"_s));
    if (chance(30))
        filter.region = pick(column(u"SELECT DISTINCT region FROM deals"_s));
    if (chance(35))
        filter.minAmountMinor = qint64(random.bounded(2000)) * 10'000;
    if (chance(35))
        filter.maxAmountMinor = filter.minAmountMinor + qint64(random.bounded(100, 5000)) * 10'000;
    if (chance(35)) {
        const QDate today = QDateTime::fromMSecsSinceEpoch(demoNow).date();
        filter.closeFrom = today.addDays(random.bounded(-60, 30));
        if (chance(70))
            filter.closeTo = filter.closeFrom.addDays(random.bounded(0, 120));
    }
    filter.rottingOnly = chance(25);
    filter.status = PipelineFilter::Status(random.bounded(4));
    return filter;
}

Totals tst_PipelineBoardModel::sqlTotals(const PipelineFilter &filter,
                                         const QList<qint64> *searchRowIds)
{
    // The same filters, evaluated by SQLite. A deal's column is its stage's position within
    // its unit's stages (the board maps units' stages by position).
    const auto board = std::make_unique<PipelineBoardModel>();
    QStringList conditions {u"d.deleted = 0"_s};
    QVariantList bindings;
    if (!filter.ownerId.isEmpty()) {
        conditions.append(u"d.owner_id = ?"_s);
        bindings.append(filter.ownerId);
    }
    if (!filter.unitIds.isEmpty()) {
        QStringList marks;
        for (const QString &unit : filter.unitIds) {
            marks.append(u"?"_s);
            bindings.append(unit);
        }
        conditions.append(u"d.unit_id IN (%1)"_s.arg(marks.join(u", "_s)));
    }
    if (!filter.productLineId.isEmpty()) {
        conditions.append(u"p.line_id = ?"_s);
        bindings.append(filter.productLineId);
    }
    if (!filter.region.isEmpty()) {
        conditions.append(u"d.region = ?"_s);
        bindings.append(filter.region);
    }
    if (filter.minAmountMinor >= 0) {
        conditions.append(u"d.amount_minor >= ?"_s);
        bindings.append(filter.minAmountMinor);
    }
    if (filter.maxAmountMinor >= 0) {
        conditions.append(u"d.amount_minor <= ?"_s);
        bindings.append(filter.maxAmountMinor);
    }
    if (filter.closeFrom.isValid() || filter.closeTo.isValid())
        conditions.append(u"d.expected_close IS NOT NULL"_s);
    if (filter.closeFrom.isValid()) {
        conditions.append(u"d.expected_close >= ?"_s);
        bindings.append(QDateTime(filter.closeFrom, QTime(0, 0)).toMSecsSinceEpoch());
    }
    if (filter.closeTo.isValid()) {
        conditions.append(u"d.expected_close < ?"_s);
        bindings.append(QDateTime(filter.closeTo.addDays(1), QTime(0, 0)).toMSecsSinceEpoch());
    }
    if (filter.rottingOnly) {
        conditions.append(u"d.status = 'open' AND st.rotting_days > 0 AND "
                          u"? - max(d.updated_at, coalesce(d.last_activity_at, 0)) > "
                          u"st.rotting_days * 86400000"_s);
        bindings.append(demoNow);
    }
    if (searchRowIds) {
        QStringList ids;
        for (qint64 rowId : *searchRowIds)
            ids.append(QString::number(rowId));
        conditions.append(u"d.rowid IN (%1)"_s.arg(ids.isEmpty() ? u"NULL"_s : ids.join(u',')));
    }
    const int stageColumns
        = int(scalar(u"SELECT count(*) FROM stages WHERE unit_id IS NULL"_s).toInt());
    const QString columnExpression
        = u"min(%1, (SELECT count(*) FROM stages s2 WHERE coalesce(s2.unit_id, '') = "
          u"coalesce(st.unit_id, '') AND s2.deleted = 0 AND s2.position < st.position))"_s.arg(
              stageColumns - 1);
    QString statuses;
    switch (filter.status) {
    case PipelineFilter::Status::Open:
        statuses = u"'open'"_s;
        break;
    case PipelineFilter::Status::Won:
        statuses = u"'won'"_s;
        break;
    case PipelineFilter::Status::Lost:
        statuses = u"'lost'"_s;
        break;
    case PipelineFilter::Status::All:
        statuses = u"'open', 'won', 'lost'"_s;
        break;
    }
    const QString from = u"FROM deals d LEFT JOIN stages st ON st.id = d.stage_id "
                         u"LEFT JOIN products p ON p.id = d.product_id WHERE "_s
        + conditions.join(u" AND "_s);
    Totals totals;
    const auto collect = [&](const QString &sql, bool zone) {
        QSqlQuery q = m_store->query();
        q.prepare(sql);
        for (const QVariant &value : std::as_const(bindings))
            q.addBindValue(value);
        if (!q.exec()) {
            qWarning() << "check query failed" << sql;
            return;
        }
        QMap<QString, int> counts;
        while (q.next()) {
            const QString row = q.value(0).toString();
            counts[row] += q.value(2).toInt();
            totals.insert(row + u'|' + q.value(1).toString(),
                          u"%1|%2"_s.arg(q.value(3).toLongLong()).arg(q.value(4).toLongLong()));
        }
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            totals.insert(it.key(), QString::number(it.value()));
        Q_UNUSED(zone);
    };
    collect(u"SELECT "_s + columnExpression
                + u", d.currency, count(*), sum(d.amount_minor), "
                  u"sum(d.amount_minor * d.probability / 100) "_s
                + from + u" AND d.status IN ("_s + statuses + u") GROUP BY 1, 2"_s,
            false);
    // The Won and Lost rows: their deals matching everything but the status filter.
    collect(u"SELECT CASE d.status WHEN 'won' THEN %1 ELSE %2 END, d.currency, count(*), "
            u"sum(d.amount_minor), sum(d.amount_minor * d.probability / 100) "_s.arg(stageColumns)
                    .arg(stageColumns + 1)
                + from + u" AND d.status IN ('won', 'lost') GROUP BY 1, 2"_s,
            true);
    return totals;
}

void tst_PipelineBoardModel::totalsMatchSql_data()
{
    QTest::addColumn<int>("seed");
    for (int seed = 1; seed <= 40; ++seed)
        QTest::addRow("filter %d", seed) << seed;
}

void tst_PipelineBoardModel::totalsMatchSql()
{
    QFETCH(int, seed);
    // One load for every row of data (each row has a fresh copy of the same store).
    if (!m_sharedBoard)
        m_sharedBoard = loadBoard();
    PipelineBoardModel *board = m_sharedBoard.get();
    QVERIFY(board);
    QRandomGenerator random(quint32(seed) * 7919u);
    PipelineFilter filter = randomFilter(random);
    // Several units: HQ's template; the check maps stages by position the same way.
    if (filter.unitIds.size() == 1)
        filter.unitIds.append(column(u"SELECT id FROM units WHERE is_hq = 1"_s).value(0));
    QList<qint64> searchRowIds;
    const bool search = seed % 4 == 0;
    if (search) {
        filter.searchText = seed % 8 == 0 ? u"Co"_s : u"Cloud"_s;
        Result<QList<qint64>> found = PipelineSearcher::search(*m_store, filter.searchText);
        QVERIFY(found.ok());
        searchRowIds = found.value();
    }
    board->setFilter(filter);
    if (search) {
        QVERIFY(board->searchPending());
        board->setSearchMatches(filter.searchText, searchRowIds);
    }
    QVERIFY(!board->searchPending());
    const Totals expected = sqlTotals(filter, search ? &searchRowIds : nullptr);
    QCOMPARE(boardTotals(*board), expected);
    int shown = 0;
    for (int column = 0; column < board->stageColumnCount(); ++column)
        shown += board->columnModel(column)->rowCount();
    QCOMPARE(board->matchCount(), shown);
}

void tst_PipelineBoardModel::columnsAreSorted_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<bool>("descending");
    for (int key = 0; key < 4; ++key) {
        QTest::addRow("key %d ascending", key) << key << false;
        QTest::addRow("key %d descending", key) << key << true;
    }
}

void tst_PipelineBoardModel::columnsAreSorted()
{
    QFETCH(int, key);
    QFETCH(bool, descending);
    const auto board = loadBoard();
    QVERIFY(board);
    PipelineFilter all;
    all.status = PipelineFilter::Status::All;
    board->setFilter(all);
    board->setSort(PipelineBoardModel::SortKey(key),
                   descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    using Role = PipelineColumnModel::Role;
    const auto value = [key](const QModelIndex &index) -> std::optional<qint64> {
        switch (PipelineBoardModel::SortKey(key)) {
        case PipelineBoardModel::SortKey::ExpectedClose: {
            const qint64 close = index.data(int(Role::ExpectedClose)).toLongLong();
            return close == 0 ? std::nullopt : std::optional<qint64>(close);
        }
        case PipelineBoardModel::SortKey::Amount:
            return index.data(int(Role::AmountMinor)).toLongLong();
        case PipelineBoardModel::SortKey::DaysInStage:
            return index.data(int(Role::DaysInStage)).toLongLong();
        case PipelineBoardModel::SortKey::LastActivity: {
            const qint64 last = index.data(int(Role::LastActivityAt)).toLongLong();
            return last == 0 ? std::nullopt : std::optional<qint64>(last);
        }
        }
        return std::nullopt;
    };
    for (int column = 0; column < board->stageColumnCount(); ++column) {
        const PipelineColumnModel *model = board->columnModel(column);
        bool missingSeen = false;
        for (int row = 1; row < model->rowCount(); ++row) {
            const std::optional<qint64> previous = value(model->index(row - 1));
            const std::optional<qint64> current = value(model->index(row));
            // Deals without the value come last.
            missingSeen = missingSeen || !previous;
            if (missingSeen) {
                QVERIFY2(!current, "a deal with a value after one without");
                continue;
            }
            if (!current)
                continue;
            // Days in stage come from absolute times: closed deals count to their close.
            if (PipelineBoardModel::SortKey(key) == PipelineBoardModel::SortKey::DaysInStage)
                continue;
            QVERIFY(descending ? *previous >= *current : *previous <= *current);
        }
    }
}

void tst_PipelineBoardModel::updateMovesTheCardExactly()
{
    const auto board = loadBoard();
    QVERIFY(board);
    // An open deal in the first stage of HQ's template, moved to the second.
    const QString dealId = column(u"SELECT d.id FROM deals d JOIN stages st ON st.id = d.stage_id "
                                  u"WHERE d.status = 'open' AND st.unit_id IS NULL AND "
                                  u"st.position = 1 AND d.deleted = 0 LIMIT 1"_s)
                               .value(0);
    QVERIFY(!dealId.isEmpty());
    const qint64 rowId = scalar(u"SELECT rowid FROM deals WHERE id = ?"_s, {dealId}).toLongLong();
    const int cardIndex = board->cardIndex(rowId);
    PipelineColumnModel *first = board->columnModel(0);
    PipelineColumnModel *second = board->columnModel(1);
    const int oldRow = first->rowOfCard(cardIndex);
    QVERIFY(oldRow >= 0);
    const int firstCount = first->rowCount();
    const int secondCount = second->rowCount();
    const Totals before = boardTotals(*board);

    QSignalSpy removed(first, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(second, &QAbstractItemModel::rowsInserted);
    QSignalSpy firstReset(first, &QAbstractItemModel::modelReset);
    QSignalSpy totalsChanged(board.get(), &QAbstractItemModel::dataChanged);
    const QString secondStage = column(u"SELECT id FROM stages WHERE unit_id IS NULL "
                                       u"AND position = 2"_s)
                                    .value(0);
    QVERIFY(DealRepository(*m_store).update(dealId, {{u"stage_id"_s, secondStage}}).ok());
    board->updateCard(PipelineLoader::readCard(*m_store, dealId, board->dataset()).value());

    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), oldRow);
    QCOMPARE(inserted.count(), 1);
    const int newRow = inserted.at(0).at(1).toInt();
    QCOMPARE(second->cardAt(newRow), cardIndex);
    QCOMPARE(firstReset.count(), 0);
    QCOMPARE(first->rowCount(), firstCount - 1);
    QCOMPARE(second->rowCount(), secondCount + 1);
    QCOMPARE(totalsChanged.count(), 2); // the two columns' totals
    QVERIFY(boardTotals(*board) != before);
    QCOMPARE(boardTotals(*board), sqlTotals({}, nullptr));
    // The stage's probability came with the move.
    QCOMPARE(int(board->card(cardIndex).probability),
             scalar(u"SELECT win_probability FROM stages WHERE id = ?"_s, {secondStage}).toInt());

    // A change within the column moves the card there (or updates it in place).
    QSignalSpy moved(second, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(second, &QAbstractItemModel::dataChanged);
    QVERIFY(DealRepository(*m_store)
                .update(dealId, {{u"expected_close"_s, demoNow + 400 * dayMs}})
                .ok());
    board->updateCard(PipelineLoader::readCard(*m_store, dealId, board->dataset()).value());
    QCOMPARE(moved.count() + changed.count(), 1);
    QCOMPARE(second->rowCount(), secondCount + 1);
    QCOMPARE(boardTotals(*board), sqlTotals({}, nullptr));
}

void tst_PipelineBoardModel::removedDealLeavesTheBoard()
{
    const auto board = loadBoard();
    QVERIFY(board);
    const QString dealId = column(u"SELECT id FROM deals WHERE status = 'open' LIMIT 1"_s).value(0);
    const int before = board->matchCount();
    QVERIFY(DealRepository(*m_store).remove(dealId).ok());
    Result<PipelineCard> card = PipelineLoader::readCard(*m_store, dealId, board->dataset());
    QVERIFY(card.ok());
    QVERIFY(card->removed);
    board->updateCard(card.value());
    QCOMPARE(board->matchCount(), before - 1);
    QCOMPARE(boardTotals(*board), sqlTotals({}, nullptr));

    QVERIFY(DealRepository(*m_store).restore(dealId).ok());
    board->updateCard(PipelineLoader::readCard(*m_store, dealId, board->dataset()).value());
    QCOMPARE(board->matchCount(), before);
}

void tst_PipelineBoardModel::freshReadMergesCardByCard()
{
    // What a sync pull does behind the board's back: an edit, a rename, a delete, a new deal.
    const auto board = loadBoard();
    QVERIFY(board);
    Tester tester(board.get(), Tester::FailureReportingMode::QtTest);
    std::vector<std::unique_ptr<Tester>> columnTesters;
    for (int column = 0; column < board->stageColumnCount(); ++column) {
        columnTesters.push_back(std::make_unique<Tester>(board->columnModel(column),
                                                         Tester::FailureReportingMode::QtTest));
    }
    const QStringList open = column(u"SELECT id FROM deals WHERE status = 'open' AND deleted = 0 "
                                    u"ORDER BY rowid LIMIT 3"_s);
    DealRepository deals(*m_store);
    QVERIFY(deals.update(open.at(0), {{u"amount_minor"_s, 777'700}}).ok());
    QVERIFY(deals.update(open.at(1), {{u"title"_s, u"重新命名的商机"_s}}).ok());
    QVERIFY(deals.remove(open.at(2)).ok());
    Deal added = deals.deal(open.at(0)).value();
    added.id.clear();
    added.title = u"A deal from another laptop"_s;
    QVERIFY(deals.create(added).ok());

    QSignalSpy resets(board.get(), &QAbstractItemModel::modelReset);
    std::vector<std::unique_ptr<QSignalSpy>> columnResets;
    for (int column = 0; column < board->stageColumnCount(); ++column) {
        columnResets.push_back(std::make_unique<QSignalSpy>(board->columnModel(column),
                                                            &QAbstractItemModel::modelReset));
    }
    Result<PipelineDataset> fresh = PipelineLoader::load(m_path, {});
    QVERIFY(fresh.ok());
    QCOMPARE(board->mergeDataset(std::move(fresh).value(), {}), 4);
    QCOMPARE(resets.count(), 0);
    for (const auto &spy : columnResets)
        QCOMPARE(spy->count(), 0);
    QCOMPARE(boardTotals(*board), sqlTotals({}, nullptr));
    const auto cardOf = [&](const QString &id) {
        return board->card(
            board->cardIndex(scalar(u"SELECT rowid FROM deals WHERE id = ?"_s, {id}).toLongLong()));
    };
    QCOMPARE(cardOf(open.at(0)).amountMinor, 777'700);
    QCOMPARE(board->dataset().title(cardOf(open.at(1))).toString(), u"重新命名的商机"_s);
    QVERIFY(cardOf(open.at(2)).removed);
    // Nothing changed: nothing happens.
    QSignalSpy changes(board.get(), &PipelineBoardModel::cardChanged);
    QCOMPARE(board->mergeDataset(PipelineLoader::load(m_path, {}).value(), {}), 0);
    QCOMPARE(changes.count(), 0);
}

void tst_PipelineBoardModel::singleUnitUsesItsOwnStages()
{
    // The demo's South China unit has stages of its own.
    const QString unit
        = column(u"SELECT DISTINCT unit_id FROM stages WHERE unit_id IS NOT NULL"_s).value(0);
    QVERIFY(!unit.isEmpty());
    const QStringList own
        = column(u"SELECT name FROM stages WHERE unit_id = '%1' ORDER BY position"_s.arg(unit));
    const QStringList hq
        = column(u"SELECT name FROM stages WHERE unit_id IS NULL ORDER BY position"_s);
    QVERIFY(own != hq);

    const auto board = loadBoard({unit});
    QVERIFY(board);
    QStringList shown;
    for (int column = 0; column < board->stageColumnCount(); ++column)
        shown.append(board->index(column).data().toString());
    QCOMPARE(shown, own);

    // Several units: HQ's template.
    const auto all = loadBoard();
    QStringList template_;
    for (int column = 0; column < all->stageColumnCount(); ++column)
        template_.append(all->index(column).data().toString());
    QCOMPARE(template_, hq);
    QSignalSpy columnsReset(all.get(), &PipelineBoardModel::columnsReset);
    PipelineFilter oneUnit;
    oneUnit.unitIds = {unit};
    all->setFilter(oneUnit);
    QCOMPARE(columnsReset.count(), 1);
    QCOMPARE(all->index(0).data().toString(), own.constFirst());
    // A card moved to a column lands in its own unit's stage at that position.
    const PipelineColumnModel *first = all->columnModel(0);
    QVERIFY(first->rowCount() > 0);
    const PipelineCard &card = all->card(first->cardAt(0));
    QCOMPARE(all->dataset().stage(all->targetStage(card, 2))->stage.name, own.at(2));
}

void tst_PipelineBoardModel::dropAsksForAMove()
{
    const auto board = loadBoard();
    QVERIFY(board);
    PipelineColumnModel *first = board->columnModel(0);
    PipelineColumnModel *third = board->columnModel(2);
    QVERIFY(first->rowCount() >= 2);
    QSignalSpy requested(board.get(), &PipelineBoardModel::moveRequested);
    std::unique_ptr<QMimeData> data(first->mimeData({first->index(0), first->index(1)}));
    QVERIFY(data);
    QCOMPARE(first->mimeTypes(), QStringList {PipelineBoardModel::mimeType()});
    // On its own column nothing would change.
    QVERIFY(!first->canDropMimeData(data.get(), Qt::MoveAction, -1, -1, {}));
    QVERIFY(!first->dropMimeData(data.get(), Qt::MoveAction, -1, -1, {}));
    QVERIFY(third->canDropMimeData(data.get(), Qt::MoveAction, -1, -1, {}));
    QVERIFY(third->dropMimeData(data.get(), Qt::MoveAction, -1, -1, {}));
    QCOMPARE(requested.count(), 1);
    const QList<qint64> rowIds = requested.at(0).at(0).value<QList<qint64>>();
    QCOMPARE(
        rowIds,
        (QList<qint64> {board->card(first->cardAt(0)).rowId, board->card(first->cardAt(1)).rowId}));
    QCOMPARE(requested.at(0).at(1).toInt(), 2);
    // Nothing moved by itself.
    QCOMPARE(first->cardAt(0), board->cardIndex(rowIds.at(0)));
    // Another board's drag is not accepted.
    PipelineBoardModel other;
    std::unique_ptr<QMimeData> foreign(other.mimeDataForCards(rowIds));
    QVERIFY(!third->canDropMimeData(foreign.get(), Qt::MoveAction, -1, -1, {}));
    // Won and Lost take open deals.
    QVERIFY(board->canDropOn(data.get(), board->wonRow()));
    QVERIFY(board->canDropOn(data.get(), board->lostRow()));
}

void tst_PipelineBoardModel::searchMatchesWords_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("sql");
    const QString like = u"SELECT rowid FROM deals_fts WHERE (title LIKE '%1' OR customer LIKE "
                         u"'%1' OR notes LIKE '%1')"_s;
    QTest::newRow("trigram") << u"Cloud"_s
                             << u"SELECT rowid FROM deals_fts WHERE deals_fts MATCH '\"Cloud\"'"_s;
    QTest::newRow("short, LIKE") << u"Co"_s << like.arg(u"%Co%"_s);
    QTest::newRow("one Chinese character") << u"上"_s << like.arg(u"%上%"_s);
    QTest::newRow("two words")
        << u"Cloud  Co"_s
        << (u"SELECT rowid FROM deals_fts WHERE deals_fts MATCH '\"Cloud\"' AND rowid IN ("_s
            + like.arg(u"%Co%"_s) + u')');
    QTest::newRow("quotes are text") << u"\"x"_s << like.arg(u"%\"x%"_s);
    QTest::newRow("nothing") << u"   "_s << u"SELECT 1 WHERE 0"_s;
}

void tst_PipelineBoardModel::searchMatchesWords()
{
    QFETCH(QString, text);
    QFETCH(QString, sql);
    const Result<QList<qint64>> found = PipelineSearcher::search(*m_store, text);
    QVERIFY2(found.ok(), qPrintable(found.error().message));
    QList<qint64> expected;
    for (const QString &rowId : column(sql + u" ORDER BY 1"_s))
        expected.append(rowId.toLongLong());
    QCOMPARE(found.value(), expected);
}

void tst_PipelineBoardModel::filterRoundTripsThroughSettings()
{
    PipelineFilter filter;
    filter.ownerId = u"owner"_s;
    filter.unitIds = {u"a"_s, u"b"_s};
    filter.productLineId = u"line"_s;
    filter.region = u"华东"_s;
    filter.minAmountMinor = 100;
    filter.maxAmountMinor = 9900;
    filter.closeFrom = QDate(2026, 1, 1);
    filter.closeTo = QDate(2026, 3, 31);
    filter.closePreset = u"custom"_s;
    filter.rottingOnly = true;
    filter.status = PipelineFilter::Status::Lost;
    filter.searchText = u"上海"_s;
    QCOMPARE(PipelineFilter::fromVariantMap(filter.toVariantMap()), filter);
    QVERIFY(PipelineFilter().isDefault());
    QVERIFY(!filter.isDefault());

    // Malformed settings fall back to "any".
    const PipelineFilter bad = PipelineFilter::fromVariantMap({{u"minAmount"_s, u"lots"_s},
                                                               {u"maxAmount"_s, -5},
                                                               {u"closeFrom"_s, u"yesterday"_s},
                                                               {u"status"_s, u"maybe"_s},
                                                               {u"owner"_s, QString(500, u'x')},
                                                               {u"closePreset"_s, u"someday"_s}});
    QCOMPARE(bad, PipelineFilter());

    // Presets follow the day they are applied on.
    PipelineFilter month;
    month.closePreset = u"thisMonth"_s;
    month.applyClosePreset(QDate(2026, 2, 10));
    QCOMPARE(month.closeFrom, QDate(2026, 2, 1));
    QCOMPARE(month.closeTo, QDate(2026, 2, 28));
    PipelineFilter overdue;
    overdue.closePreset = u"overdue"_s;
    overdue.applyClosePreset(QDate(2026, 2, 10));
    QVERIFY(!overdue.closeFrom.isValid());
    QCOMPARE(overdue.closeTo, QDate(2026, 2, 9));
}

void tst_PipelineBoardModel::tableFollowsTheBoard()
{
    const auto board = loadBoard();
    QVERIFY(board);
    PipelineTableModel table(board.get());
    QCOMPARE(table.rowCount(), 0); // inactive
    table.setActive(true);
    QCOMPARE(table.rowCount(), board->matchCount());
    QSet<int> boardCards;
    for (int cardIndex : board->shownCards())
        boardCards.insert(cardIndex);
    QSet<int> tableCards;
    for (int row = 0; row < table.rowCount(); ++row)
        tableCards.insert(table.cardAt(row));
    QCOMPARE(tableCards, boardCards);

    using Column = PipelineTableModel::Column;
    using Role = PipelineTableModel::Role;
    table.sort(int(Column::Amount), Qt::DescendingOrder);
    for (int row = 1; row < table.rowCount(); ++row) {
        QVERIFY(table.index(row - 1, int(Column::Amount)).data(int(Role::SortValue)).toLongLong()
                >= table.index(row, int(Column::Amount)).data(int(Role::SortValue)).toLongLong());
    }
    QCOMPARE(table.index(0, int(Column::Amount)).data(int(Role::ExportValue)).toString(),
             u"%1.%2"_s.arg(board->card(table.cardAt(0)).amountMinor / 100)
                 .arg(board->card(table.cardAt(0)).amountMinor % 100, 2, 10, QLatin1Char('0')));

    // A filter picks from the sorted order; the order holds.
    PipelineFilter large;
    large.minAmountMinor = 50'000'00;
    board->setFilter(large);
    QCOMPARE(table.rowCount(), board->matchCount());
    for (int row = 1; row < table.rowCount(); ++row) {
        QVERIFY(board->card(table.cardAt(row - 1)).amountMinor
                >= board->card(table.cardAt(row)).amountMinor);
    }
}

QTEST_GUILESS_MAIN(tst_PipelineBoardModel)
#include "tst_pipelineboardmodel.moc"
