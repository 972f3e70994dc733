#include "pipelineboardmodel.h"

#include "deal.h"
#include "money.h"
#include "pipelinecolumnmodel.h"

#include <QDataStream>
#include <QDateTime>
#include <QIODevice>
#include <QLocale>
#include <QMimeData>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr qint64 dayMs = 24 * 60 * 60 * 1000;
constexpr quint8 openStatus = quint8(Deal::Status::Open);
constexpr quint8 wonStatus = quint8(Deal::Status::Won);
constexpr quint8 lostStatus = quint8(Deal::Status::Lost);

qint64 localDayStart(const QDate &date)
{
    return QDateTime(date, QTime(0, 0)).toMSecsSinceEpoch();
}

} // namespace

struct PipelineBoardModel::CompiledFilter
{
    bool nothing = false; ///< a criterion names something this board does not know
    qint32 owner = -1;
    std::vector<quint8> units; ///< by unit rowid; empty: every unit
    std::vector<quint8> products; ///< by product rowid; empty: any product
    int region = -1;
    qint64 minAmount = -1;
    qint64 maxAmount = -1;
    qint64 closeFrom = std::numeric_limits<qint64>::min();
    qint64 closeTo = std::numeric_limits<qint64>::max();
    bool closeSet = false;
    bool rottingOnly = false;
    bool showOpen = true;
    bool showWon = false;
    bool showLost = false;
    std::vector<qint32> unitList; ///< the units the filter leaves (empty: all)

    bool showsStatus(quint8 status) const
    {
        return status == wonStatus ? showWon : status == lostStatus ? showLost : showOpen;
    }
};

PipelineBoardModel::PipelineBoardModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_compiled(std::make_unique<CompiledFilter>())
    , m_now(QDateTime::currentMSecsSinceEpoch())
{
    m_totals.resize(2);
}

PipelineBoardModel::~PipelineBoardModel() = default;

int PipelineBoardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : stageColumnCount() + 2;
}

PipelineBoardModel::ColumnKind PipelineBoardModel::kind(int row) const
{
    if (row == wonRow())
        return ColumnKind::Won;
    if (row == lostRow())
        return ColumnKind::Lost;
    return ColumnKind::Stage;
}

PipelineColumnModel *PipelineBoardModel::columnModel(int column) const
{
    return column >= 0 && column < m_columnModels.size() ? m_columnModels.at(column) : nullptr;
}

const Stage *PipelineBoardModel::boardStage(int column) const
{
    if (column < 0 || column >= stageColumnCount())
        return nullptr;
    const PipelineDataset::StageInfo *info = m_data.stage(m_boardStages[size_t(column)]);
    return info ? &info->stage : nullptr;
}

QVariant PipelineBoardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const ColumnKind columnKind = kind(row);
    const Stage *stage = boardStage(row);
    const ColumnTotals &total = m_totals[size_t(row)];
    const QLocale locale;
    const auto joined = [&](bool weighted) {
        QStringList parts;
        for (const CurrencyTotal &sum : total.currencies) {
            parts.append(Money::formatCompact(weighted ? sum.weightedMinor : sum.amountMinor,
                                              m_data.currencies.value(sum.currency), locale));
        }
        if (parts.isEmpty()) {
            // An empty column shows a zero in the board's main currency.
            parts.append(Money::formatCompact(0, m_data.currencies.value(0, u"CNY"_s), locale));
        }
        return parts.join(u" · "_s);
    };

    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        if (columnKind == ColumnKind::Won)
            return tr("Won");
        if (columnKind == ColumnKind::Lost)
            return tr("Lost");
        return stage ? stage->name : QString();
    case int(Role::Kind):
        return int(columnKind);
    case int(Role::StageId):
        return stage ? stage->id : QString();
    case int(Role::Count):
        return total.count;
    case int(Role::AmountText):
        return joined(false);
    case int(Role::WeightedText):
        return joined(true);
    case Qt::ToolTipRole:
    case int(Role::AmountToolTip): {
        QStringList lines;
        for (const CurrencyTotal &sum : total.currencies) {
            const QString code = m_data.currencies.value(sum.currency);
            //: %1 is an amount of money, %2 the probability-weighted amount
            lines.append(tr("%1 (weighted %2)")
                             .arg(Money::format(sum.amountMinor, code, locale),
                                  Money::format(sum.weightedMinor, code, locale)));
        }
        return lines.join(u'\n');
    }
    case int(Role::Totals): {
        QVariantList list;
        for (const CurrencyTotal &sum : total.currencies) {
            list.append(QVariantMap {{u"currency"_s, m_data.currencies.value(sum.currency)},
                                     {u"amountMinor"_s, sum.amountMinor},
                                     {u"weightedMinor"_s, sum.weightedMinor}});
        }
        return list;
    }
    case int(Role::WinProbability):
        if (columnKind == ColumnKind::Won)
            return 100;
        return stage ? stage->winProbability : 0;
    case int(Role::RottingDays):
        return stage ? stage->rottingDays : 0;
    case int(Role::RottingCount):
        return total.rotting;
    case int(Role::RequiredFields):
        return stage ? stage->requiredFields : QStringList();
    default:
        return {};
    }
}

QHash<int, QByteArray> PipelineBoardModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(int(Role::Kind), "kind");
    names.insert(int(Role::StageId), "stageId");
    names.insert(int(Role::Count), "count");
    names.insert(int(Role::AmountText), "amountText");
    names.insert(int(Role::WeightedText), "weightedText");
    names.insert(int(Role::AmountToolTip), "amountToolTip");
    names.insert(int(Role::Totals), "totals");
    names.insert(int(Role::WinProbability), "winProbability");
    names.insert(int(Role::RottingDays), "rottingDays");
    names.insert(int(Role::RottingCount), "rottingCount");
    names.insert(int(Role::RequiredFields), "requiredFields");
    return names;
}

// ---- Cards

int PipelineBoardModel::columnOfCard(const PipelineCard &card) const
{
    // A unit's own stages map to the board's columns by position.
    return qBound(0, m_data.stageIndex(card), std::max(0, stageColumnCount() - 1));
}

int PipelineBoardModel::idleDays(const PipelineCard &card) const
{
    const qint64 last = std::max(card.updatedAt, card.lastActivityAt);
    return last <= 0 ? 0 : int(std::max<qint64>(0, m_now - last) / dayMs);
}

bool PipelineBoardModel::isRotting(const PipelineCard &card) const
{
    if (card.status != openStatus)
        return false;
    const int rottingDays = m_data.rottingDays(card);
    const qint64 last = std::max(card.updatedAt, card.lastActivityAt);
    return rottingDays > 0 && m_now - last > qint64(rottingDays) * dayMs;
}

int PipelineBoardModel::daysInStage(const PipelineCard &card) const
{
    const qint64 end = card.status == openStatus || card.closedAt == 0 ? m_now : card.closedAt;
    return int(std::max<qint64>(0, end - card.stageEnteredAt) / dayMs);
}

qint32 PipelineBoardModel::targetStage(const PipelineCard &card, int column) const
{
    if (column < 0 || column >= stageColumnCount())
        return -1;
    return m_data.stageAt(card.unit, column);
}

bool PipelineBoardModel::isShown(int cardIndex) const
{
    return cardIndex >= 0 && size_t(cardIndex) < m_shown.size() && m_shown[size_t(cardIndex)];
}

std::vector<int> PipelineBoardModel::shownCards() const
{
    std::vector<int> list;
    list.reserve(size_t(m_matchCount));
    for (const PipelineColumnModel *model : m_columnModels)
        list.insert(list.end(), model->cards().begin(), model->cards().end());
    return list;
}

// ---- Set-up, filtering and sorting

void PipelineBoardModel::setDataset(PipelineDataset dataset, const QStringList &scopeUnitIds)
{
    beginResetModel();
    m_data = std::move(dataset);
    m_scopeUnitIds = scopeUnitIds;
    m_searchMatches.clear();
    m_searchActive = false;
    m_searchPending = !m_filter.searchNeedle().isEmpty();
    compileFilter();
    applyBoardStages(wantedBoardStages());
    rebuildColumnOrder();
    refilter();
    endResetModel();
    Q_EMIT columnsReset();
}

namespace {

bool sameValues(const PipelineCard &a, const PipelineCard &b)
{
    return a.amountMinor == b.amountMinor && a.expectedClose == b.expectedClose
        && a.stageEnteredAt == b.stageEnteredAt && a.updatedAt == b.updatedAt
        && a.lastActivityAt == b.lastActivityAt && a.closedAt == b.closedAt
        && a.nextActivityAt == b.nextActivityAt && a.customer == b.customer && a.owner == b.owner
        && a.unit == b.unit && a.stage == b.stage && a.product == b.product
        && a.currency == b.currency && a.region == b.region && a.status == b.status
        && a.probability == b.probability && a.nextActivityKind == b.nextActivityKind
        && a.removed == b.removed;
}

bool sameStages(const PipelineDataset &a, const PipelineDataset &b)
{
    if (a.stageSets != b.stageSets || a.stages.size() != b.stages.size())
        return false;
    for (size_t i = 0; i < a.stages.size(); ++i) {
        const Stage &x = a.stages[i].stage;
        const Stage &y = b.stages[i].stage;
        if (x.id != y.id || x.name != y.name || x.rottingDays != y.rottingDays
            || x.winProbability != y.winProbability || x.requiredFields != y.requiredFields
            || a.stages[i].index != b.stages[i].index)
            return false;
    }
    for (size_t i = 0; i < std::max(a.units.size(), b.units.size()); ++i) {
        const bool inA = i < a.units.size() && !a.units[i].id.isEmpty();
        const bool inB = i < b.units.size() && !b.units[i].id.isEmpty();
        if (inA != inB || (inA && a.units[i].stageSet != b.units[i].stageSet))
            return false;
    }
    return true;
}

constexpr int maxMergedCards = 3000;

} // namespace

int PipelineBoardModel::mergeDataset(PipelineDataset fresh, const QStringList &scopeUnitIds)
{
    if (scopeUnitIds != m_scopeUnitIds || stageColumnCount() == 0 || !sameStages(m_data, fresh)) {
        const int count = int(fresh.cards.size());
        setDataset(std::move(fresh), scopeUnitIds);
        return count;
    }
    // The fresh cards' currencies and regions index the fresh lists: translate them.
    std::vector<quint8> currencies(size_t(fresh.currencies.size()));
    for (qsizetype i = 0; i < fresh.currencies.size(); ++i)
        currencies[size_t(i)] = m_data.internCurrency(fresh.currencies.at(i));
    std::vector<quint8> regions(size_t(fresh.regions.size()));
    for (qsizetype i = 0; i < fresh.regions.size(); ++i)
        regions[size_t(i)] = m_data.internRegion(fresh.regions.at(i));

    std::vector<PipelineCard> changed;
    for (PipelineCard card : fresh.cards) {
        card.currency = currencies[card.currency];
        card.region = regions[card.region];
        const QStringView title = fresh.title(card);
        const int index = m_data.cardIndex(card.rowId);
        if (index >= 0) {
            const PipelineCard &old = m_data.cards[size_t(index)];
            if (sameValues(old, card) && m_data.title(old) == title)
                continue;
            card.titleOffset = old.titleOffset;
            card.titleLength = old.titleLength;
        } else {
            card.titleOffset = 0;
            card.titleLength = 0;
        }
        m_data.setTitle(card, title);
        changed.push_back(card);
        if (changed.size() > size_t(maxMergedCards))
            break;
    }
    std::vector<qint64> gone;
    for (const PipelineCard &card : m_data.cards) {
        if (!card.removed && fresh.cardIndex(card.rowId) < 0)
            gone.push_back(card.rowId);
    }
    if (changed.size() + gone.size() > size_t(maxMergedCards)) {
        const int count = int(fresh.cards.size());
        setDataset(std::move(fresh), scopeUnitIds);
        return count;
    }

    // Names, products and people may have changed too: take the fresh lookup tables.
    const bool filterInputsChanged = [&] {
        if (fresh.products.size() != m_data.products.size()
            || fresh.users.size() != m_data.users.size())
            return true;
        for (size_t i = 0; i < fresh.products.size(); ++i) {
            if (fresh.products[i].line != m_data.products[i].line)
                return true;
        }
        return false;
    }();
    m_data.units = std::move(fresh.units);
    m_data.users = std::move(fresh.users);
    m_data.stages = std::move(fresh.stages);
    m_data.products = std::move(fresh.products);
    m_data.productLines = std::move(fresh.productLines);
    m_data.customerNames = std::move(fresh.customerNames);
    compileFilter();
    for (const PipelineCard &card : changed)
        updateCard(card);
    for (qint64 rowId : gone)
        removeCard(rowId);
    if (filterInputsChanged)
        refilter();
    else
        retranslate(); // names on cards and headers
    return int(changed.size() + gone.size());
}

void PipelineBoardModel::compileFilter()
{
    CompiledFilter compiled;
    const PipelineFilter &f = m_filter;

    // Units: the filter's choice within the scope; ids the board does not know are ignored
    // (a remembered filter may name a unit the user no longer sees).
    QStringList units;
    for (const QString &id : f.unitIds) {
        if (m_scopeUnitIds.isEmpty() || m_scopeUnitIds.contains(id))
            units.append(id);
    }
    if (units.isEmpty())
        units = m_scopeUnitIds;
    for (const QString &id : std::as_const(units)) {
        const qint32 rowId = m_data.unitRowId(id);
        if (rowId < 0)
            continue;
        if (size_t(rowId) >= compiled.units.size())
            compiled.units.resize(size_t(rowId) + 1, 0);
        compiled.units[size_t(rowId)] = 1;
        compiled.unitList.push_back(rowId);
    }
    if (!units.isEmpty() && compiled.unitList.empty())
        compiled.nothing = true;

    if (!f.ownerId.isEmpty()) {
        compiled.owner = m_data.userRowId(f.ownerId);
        compiled.nothing = compiled.nothing || compiled.owner < 0;
    }
    if (!f.productLineId.isEmpty()) {
        const qint32 line = m_data.productLineRowId(f.productLineId);
        compiled.products.assign(m_data.products.size() + 1, 0);
        for (size_t i = 0; i < m_data.products.size(); ++i) {
            if (line >= 0 && m_data.products[i].line == line)
                compiled.products[i] = 1;
        }
        compiled.nothing = compiled.nothing || line < 0;
    }
    if (!f.region.isEmpty()) {
        compiled.region = int(m_data.regions.indexOf(f.region));
        compiled.nothing = compiled.nothing || compiled.region < 0;
    }
    compiled.minAmount = f.minAmountMinor;
    compiled.maxAmount = f.maxAmountMinor;
    if (f.closeFrom.isValid()) {
        compiled.closeFrom = localDayStart(f.closeFrom);
        compiled.closeSet = true;
    }
    if (f.closeTo.isValid()) {
        compiled.closeTo = localDayStart(f.closeTo.addDays(1)) - 1;
        compiled.closeSet = true;
    }
    compiled.rottingOnly = f.rottingOnly;
    compiled.showOpen
        = f.status == PipelineFilter::Status::Open || f.status == PipelineFilter::Status::All;
    compiled.showWon
        = f.status == PipelineFilter::Status::Won || f.status == PipelineFilter::Status::All;
    compiled.showLost
        = f.status == PipelineFilter::Status::Lost || f.status == PipelineFilter::Status::All;
    *m_compiled = std::move(compiled);
}

bool PipelineBoardModel::passesFilters(const PipelineCard &card) const
{
    const CompiledFilter &f = *m_compiled;
    if (card.removed || f.nothing)
        return false;
    if (!f.units.empty()
        && (card.unit < 0 || size_t(card.unit) >= f.units.size() || !f.units[size_t(card.unit)])) {
        return false;
    }
    if (f.owner >= 0 && card.owner != f.owner)
        return false;
    if (!f.products.empty()
        && (card.product < 0 || size_t(card.product) >= f.products.size()
            || !f.products[size_t(card.product)])) {
        return false;
    }
    if (f.region >= 0 && card.region != f.region)
        return false;
    if (f.minAmount >= 0 && card.amountMinor < f.minAmount)
        return false;
    if (f.maxAmount >= 0 && card.amountMinor > f.maxAmount)
        return false;
    if (f.closeSet
        && (card.expectedClose == 0 || card.expectedClose < f.closeFrom
            || card.expectedClose > f.closeTo)) {
        return false;
    }
    if (f.rottingOnly && !isRotting(card))
        return false;
    return true;
}

bool PipelineBoardModel::passesSearch(int cardIndex) const
{
    return !m_searchActive
        || (size_t(cardIndex) < m_searchMatches.size() && m_searchMatches[size_t(cardIndex)]);
}

std::vector<qint32> PipelineBoardModel::wantedBoardStages() const
{
    // One unit: its own stages. Several: HQ's template, the units' stages mapped by position.
    std::vector<qint32> units = m_compiled->unitList;
    if (units.empty()) {
        for (size_t i = 0; i < m_data.units.size(); ++i) {
            if (!m_data.units[i].id.isEmpty())
                units.push_back(qint32(i));
        }
    }
    const int set = units.size() == 1 ? m_data.stageSetOfUnit(units.front()) : 0;
    std::vector<qint32> stages;
    if (size_t(set) < m_data.stageSets.size()) {
        for (int rowId : m_data.stageSets[size_t(set)])
            stages.push_back(rowId);
    }
    return stages;
}

void PipelineBoardModel::applyBoardStages(std::vector<qint32> stages)
{
    m_boardStages = std::move(stages);
    // The views drop their pointers when the models are destroyed.
    qDeleteAll(m_columnModels);
    m_columnModels.clear();
    for (int column = 0; column < stageColumnCount(); ++column)
        m_columnModels.append(new PipelineColumnModel(this, column, this));
    m_totals.assign(size_t(stageColumnCount()) + 2, ColumnTotals());
}

bool PipelineBoardModel::lessThan(int left, int right) const
{
    const PipelineCard &a = card(left);
    const PipelineCard &b = card(right);
    qint64 keyA = 0;
    qint64 keyB = 0;
    bool missingA = false;
    bool missingB = false;
    switch (m_sortKey) {
    case SortKey::ExpectedClose:
        keyA = a.expectedClose;
        keyB = b.expectedClose;
        missingA = keyA == 0;
        missingB = keyB == 0;
        break;
    case SortKey::Amount:
        keyA = a.amountMinor;
        keyB = b.amountMinor;
        break;
    case SortKey::DaysInStage:
        // More days in the stage = entered earlier.
        keyA = -a.stageEnteredAt;
        keyB = -b.stageEnteredAt;
        break;
    case SortKey::LastActivity:
        keyA = a.lastActivityAt;
        keyB = b.lastActivityAt;
        missingA = keyA == 0;
        missingB = keyB == 0;
        break;
    }
    // Deals without the value go last in either order; equal keys keep a stable order.
    if (missingA != missingB)
        return missingB;
    if (keyA != keyB)
        return m_sortOrder == Qt::AscendingOrder ? keyA < keyB : keyA > keyB;
    return a.rowId < b.rowId;
}

std::vector<int>::iterator PipelineBoardModel::insertionPoint(std::vector<int> &list, int cardIndex)
{
    return std::lower_bound(list.begin(), list.end(), cardIndex,
                            [this](int left, int right) { return lessThan(left, right); });
}

std::vector<int>::iterator PipelineBoardModel::findSorted(std::vector<int> &list, int cardIndex)
{
    const auto it = insertionPoint(list, cardIndex);
    return it != list.end() && *it == cardIndex ? it : list.end();
}

void PipelineBoardModel::rebuildColumnOrder()
{
    m_columnOrder.assign(size_t(stageColumnCount()), {});
    if (m_columnOrder.empty())
        return;
    // Sorting keys gathered once (lessThan's order: missing values last, then the key in
    // the chosen direction, then rowid) sort far faster than comparing cards.
    struct Entry
    {
        qint64 key;
        qint64 rowId;
        int index;
    };
    constexpr qint64 last = std::numeric_limits<qint64>::max();
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    std::vector<std::vector<Entry>> columns(m_columnOrder.size());
    for (size_t i = 0; i < m_data.cards.size(); ++i) {
        const PipelineCard &c = m_data.cards[i];
        if (c.removed)
            continue;
        qint64 key = 0;
        bool missing = false;
        switch (m_sortKey) {
        case SortKey::ExpectedClose:
            key = c.expectedClose;
            missing = key == 0;
            break;
        case SortKey::Amount:
            key = c.amountMinor;
            break;
        case SortKey::DaysInStage:
            key = -c.stageEnteredAt;
            break;
        case SortKey::LastActivity:
            key = c.lastActivityAt;
            missing = key == 0;
            break;
        }
        // Keys are far from the extremes (times, amounts), so negating cannot overflow.
        columns[size_t(columnOfCard(c))].push_back({missing          ? last
                                                        : descending ? -key
                                                                     : key,
                                                    c.rowId, int(i)});
    }
    for (size_t column = 0; column < columns.size(); ++column) {
        std::vector<Entry> &entries = columns[column];
        std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
            return a.key != b.key ? a.key < b.key : a.rowId < b.rowId;
        });
        std::vector<int> &order = m_columnOrder[column];
        order.reserve(entries.size());
        for (const Entry &entry : entries)
            order.push_back(entry.index);
    }
}

void PipelineBoardModel::addToTotals(int row, const PipelineCard &card, int sign)
{
    ColumnTotals &total = m_totals[size_t(row)];
    total.count += sign;
    if (isRotting(card))
        total.rotting += sign;
    auto sum
        = std::find_if(total.currencies.begin(), total.currencies.end(),
                       [&card](const CurrencyTotal &t) { return t.currency == card.currency; });
    if (sum == total.currencies.end()) {
        total.currencies.push_back({card.currency, 0, 0});
        sum = total.currencies.end() - 1;
    }
    sum->amountMinor += sign * card.amountMinor;
    sum->weightedMinor += sign * (card.amountMinor * card.probability / 100);
    if (sign < 0 && total.count == 0)
        total.currencies.clear();
}

void PipelineBoardModel::sortTotals(int row)
{
    // The largest currency first: the one the header names first.
    std::vector<CurrencyTotal> &currencies = m_totals[size_t(row)].currencies;
    std::stable_sort(currencies.begin(), currencies.end(),
                     [](const CurrencyTotal &a, const CurrencyTotal &b) {
                         return a.amountMinor > b.amountMinor;
                     });
}

void PipelineBoardModel::refilter()
{
    const size_t cardCount = m_data.cards.size();
    m_shown.assign(cardCount, 0);
    for (ColumnTotals &total : m_totals)
        total = ColumnTotals();
    m_matchCount = 0;
    const CompiledFilter &f = *m_compiled;
    for (int column = 0; column < stageColumnCount(); ++column) {
        std::vector<int> shown;
        for (int index : m_columnOrder[size_t(column)]) {
            const PipelineCard &c = m_data.cards[size_t(index)];
            if (!passesSearch(index) || !passesFilters(c))
                continue;
            if (c.status == wonStatus)
                addToTotals(wonRow(), c, 1);
            else if (c.status == lostStatus)
                addToTotals(lostRow(), c, 1);
            if (!f.showsStatus(c.status))
                continue;
            shown.push_back(index);
            m_shown[size_t(index)] = 1;
            addToTotals(column, c, 1);
        }
        m_matchCount += int(shown.size());
        m_columnModels.at(column)->resetCards(std::move(shown));
    }
    for (int row = 0; row < rowCount(); ++row)
        sortTotals(row);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
    Q_EMIT cardsReset();
    Q_EMIT countsChanged();
}

void PipelineBoardModel::setFilter(const PipelineFilter &filter)
{
    const bool searchChanged = filter.searchNeedle() != m_filter.searchNeedle();
    PipelineFilter withOldSearch = filter;
    withOldSearch.searchText = m_filter.searchText;
    // A new search text alone changes nothing until its matches arrive: no pass needed.
    const bool onlySearchChanged = withOldSearch == m_filter && !filter.searchNeedle().isEmpty();
    m_filter = filter;
    if (searchChanged) {
        // Until the matches for the new text arrive, the previous matches stay applied, so
        // the board does not flicker while the user types.
        m_searchPending = !m_filter.searchNeedle().isEmpty();
        if (m_filter.searchNeedle().isEmpty())
            m_searchActive = false;
    }
    if (onlySearchChanged && searchChanged) {
        Q_EMIT countsChanged(); // the count now says "searching"
        return;
    }
    compileFilter();
    std::vector<qint32> stages = wantedBoardStages();
    if (stages == m_boardStages) {
        refilter();
        return;
    }
    beginResetModel();
    applyBoardStages(std::move(stages));
    rebuildColumnOrder();
    refilter();
    endResetModel();
    Q_EMIT columnsReset();
}

void PipelineBoardModel::setSearchMatches(const QString &text, const QList<qint64> &rowIds)
{
    if (text.trimmed() != m_filter.searchNeedle() || m_filter.searchNeedle().isEmpty())
        return;
    m_searchMatches.assign(m_data.cards.size(), 0);
    for (qint64 rowId : rowIds) {
        const int index = m_data.cardIndex(rowId);
        if (index >= 0)
            m_searchMatches[size_t(index)] = 1;
    }
    m_searchActive = true;
    m_searchPending = false;
    refilter();
}

void PipelineBoardModel::setSort(SortKey key, Qt::SortOrder order)
{
    if (key == m_sortKey && order == m_sortOrder)
        return;
    m_sortKey = key;
    m_sortOrder = order;
    rebuildColumnOrder();
    refilter();
}

void PipelineBoardModel::retranslate()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
    for (PipelineColumnModel *model : std::as_const(m_columnModels))
        model->retranslate();
}

void PipelineBoardModel::setNow(qint64 nowMs)
{
    if (nowMs == m_now)
        return;
    m_now = nowMs;
    // Days in stage and rotting depend on it; the order does not (it uses absolute times).
    refilter();
}

// ---- Exact updates

void PipelineBoardModel::contribute(int cardIndex, int sign)
{
    const PipelineCard &c = card(cardIndex);
    if (c.removed || !passesSearch(cardIndex) || !passesFilters(c))
        return;
    if (c.status == wonStatus) {
        addToTotals(wonRow(), c, sign);
        m_dirtyRows.insert(wonRow());
    } else if (c.status == lostStatus) {
        addToTotals(lostRow(), c, sign);
        m_dirtyRows.insert(lostRow());
    }
    if (m_compiled->showsStatus(c.status) && stageColumnCount() > 0) {
        const int column = columnOfCard(c);
        addToTotals(column, c, sign);
        m_dirtyRows.insert(column);
        m_matchCount += sign;
    }
}

bool PipelineBoardModel::wouldShow(int cardIndex) const
{
    const PipelineCard &c = card(cardIndex);
    return stageColumnCount() > 0 && !c.removed && passesSearch(cardIndex) && passesFilters(c)
        && m_compiled->showsStatus(c.status);
}

void PipelineBoardModel::updateCard(const PipelineCard &incoming)
{
    int index = m_data.cardIndex(incoming.rowId);
    if (stageColumnCount() == 0 || (incoming.removed && index < 0))
        return;
    // A removed card keeps its values (to find where it was); only the flag changes.
    PipelineCard fresh = incoming;
    if (incoming.removed) {
        fresh = card(index);
        fresh.removed = true;
    }
    const bool wasShown = isShown(index);
    int oldColumn = -1;
    int oldRow = -1;
    m_dirtyRows.clear();
    if (index >= 0 && !card(index).removed) {
        // Find the card by its old values before they change.
        oldColumn = columnOfCard(card(index));
        std::vector<int> &order = m_columnOrder[size_t(oldColumn)];
        if (const auto it = findSorted(order, index); it != order.end())
            order.erase(it);
        if (wasShown) {
            std::vector<int> rows = columnModel(oldColumn)->cards();
            const auto it = findSorted(rows, index);
            oldRow = it != rows.end() ? int(it - rows.begin()) : -1;
        }
        contribute(index, -1);
    }
    if (index < 0) {
        index = m_data.appendCard(fresh);
        m_shown.resize(m_data.cards.size(), 0);
        if (m_searchActive)
            m_searchMatches.resize(m_data.cards.size(), 0);
    } else {
        m_data.cards[size_t(index)] = fresh;
    }

    const bool nowShown = wouldShow(index);
    const int newColumn = fresh.removed ? -1 : columnOfCard(card(index));
    if (newColumn >= 0) {
        std::vector<int> &order = m_columnOrder[size_t(newColumn)];
        order.insert(insertionPoint(order, index), index);
    }
    contribute(index, 1);
    m_shown[size_t(index)] = nowShown ? 1 : 0;

    if (wasShown && nowShown && oldColumn == newColumn && oldRow >= 0) {
        PipelineColumnModel *model = columnModel(newColumn);
        std::vector<int> rows = model->cards();
        rows.erase(rows.begin() + oldRow);
        const int newRow = int(insertionPoint(rows, index) - rows.begin());
        if (newRow == oldRow)
            model->cardChanged(oldRow);
        else
            model->moveCard(oldRow, newRow);
    } else {
        if (wasShown && oldRow >= 0)
            columnModel(oldColumn)->removeCard(oldRow);
        if (nowShown) {
            PipelineColumnModel *model = columnModel(newColumn);
            std::vector<int> rows = model->cards();
            model->insertCard(int(insertionPoint(rows, index) - rows.begin()), index);
        }
    }
    for (int row : std::as_const(m_dirtyRows)) {
        sortTotals(row);
        Q_EMIT dataChanged(this->index(row), this->index(row));
    }
    Q_EMIT cardChanged(index, wasShown, nowShown);
    Q_EMIT countsChanged();
}

void PipelineBoardModel::removeCard(qint64 rowId)
{
    const int index = m_data.cardIndex(rowId);
    if (index < 0 || card(index).removed)
        return;
    PipelineCard gone = card(index);
    gone.removed = true;
    updateCard(gone);
}

// ---- Drag and drop

QString PipelineBoardModel::mimeType()
{
    return u"application/x-outpost-pipeline-cards"_s;
}

QMimeData *PipelineBoardModel::mimeDataForCards(const QList<qint64> &rowIds) const
{
    QByteArray payload;
    QDataStream stream(&payload, QIODevice::WriteOnly);
    // The board's address tells its own drags from another window's.
    stream << quint64(quintptr(this)) << rowIds;
    auto *data = new QMimeData;
    data->setData(mimeType(), payload);
    return data;
}

QList<qint64> PipelineBoardModel::rowIdsFromMimeData(const QMimeData *data) const
{
    if (!data || !data->hasFormat(mimeType()))
        return {};
    QDataStream stream(data->data(mimeType()));
    quint64 board = 0;
    QList<qint64> rowIds;
    stream >> board >> rowIds;
    if (stream.status() != QDataStream::Ok || board != quint64(quintptr(this)))
        return {};
    return rowIds;
}

QList<qint64> PipelineBoardModel::movableCards(const QList<qint64> &rowIds, int row) const
{
    QList<qint64> movable;
    for (qint64 rowId : rowIds) {
        const int index = m_data.cardIndex(rowId);
        if (index < 0 || card(index).removed)
            continue;
        const PipelineCard &c = card(index);
        bool changes = false;
        switch (kind(row)) {
        case ColumnKind::Won:
            changes = c.status != wonStatus;
            break;
        case ColumnKind::Lost:
            changes = c.status != lostStatus;
            break;
        case ColumnKind::Stage:
            // A closed deal dropped on a stage is reopened there, even in its own stage.
            changes = c.status != openStatus || columnOfCard(c) != row;
            break;
        }
        if (changes && !movable.contains(rowId))
            movable.append(rowId);
    }
    return movable;
}

bool PipelineBoardModel::canDropOn(const QMimeData *data, int row) const
{
    return row >= 0 && row < rowCount() && !movableCards(rowIdsFromMimeData(data), row).isEmpty();
}

bool PipelineBoardModel::dropOn(const QMimeData *data, int row)
{
    if (row < 0 || row >= rowCount())
        return false;
    const QList<qint64> rowIds = movableCards(rowIdsFromMimeData(data), row);
    if (rowIds.isEmpty())
        return false;
    Q_EMIT moveRequested(rowIds, row);
    return true;
}

} // namespace Outpost
