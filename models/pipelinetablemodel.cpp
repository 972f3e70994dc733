#include "pipelinetablemodel.h"

#include "activityrepository.h"
#include "deal.h"
#include "dealfield.h"
#include "money.h"
#include "pipelineboardmodel.h"

#include <QCollator>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

QDate localDate(qint64 utcMs)
{
    return utcMs == 0 ? QDate() : QDateTime::fromMSecsSinceEpoch(utcMs).toLocalTime().date();
}

QString shortDate(qint64 utcMs)
{
    return utcMs == 0 ? QString() : QLocale().toString(localDate(utcMs), QLocale::ShortFormat);
}

QString isoDate(qint64 utcMs)
{
    return utcMs == 0 ? QString() : localDate(utcMs).toString(Qt::ISODate);
}

// Major units with two decimals and a dot, whatever the locale: what spreadsheets parse.
QString plainAmount(qint64 minor)
{
    const bool negative = minor < 0;
    const quint64 absolute = negative ? 0 - quint64(minor) : quint64(minor);
    return (negative ? u"-"_s : QString()) + QString::number(absolute / 100) + u'.'
        + u"%1"_s.arg(absolute % 100, 2, 10, QLatin1Char('0'));
}

} // namespace

PipelineTableModel::PipelineTableModel(PipelineBoardModel *board, QObject *parent)
    : QAbstractTableModel(parent)
    , m_board(board)
{
    connect(m_board, &PipelineBoardModel::cardsReset, this, &PipelineTableModel::boardReset);
    connect(m_board, &PipelineBoardModel::modelReset, this, [this] {
        // A new dataset: the order covers other cards now.
        m_order.clear();
        m_textKeys.clear();
        boardReset();
    });
    connect(m_board, &PipelineBoardModel::cardChanged, this, &PipelineTableModel::boardCardChanged);
}

int PipelineTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PipelineTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

int PipelineTableModel::rowOfCard(int cardIndex) const
{
    const auto it = std::find(m_rows.begin(), m_rows.end(), cardIndex);
    return it == m_rows.end() ? -1 : int(it - m_rows.begin());
}

QVariant PipelineTableModel::displayValue(const PipelineCard &card, Column column) const
{
    const PipelineDataset &data = m_board->dataset();
    switch (column) {
    case Column::Title:
        return data.title(card).toString();
    case Column::Customer:
        return data.customerName(card);
    case Column::Stage: {
        const PipelineDataset::StageInfo *stage = data.stage(card.stage);
        return stage ? stage->stage.name : QString();
    }
    case Column::Status:
        return DealField::statusLabel(Deal::statusName(Deal::Status(card.status)));
    case Column::Amount:
        return Money::format(card.amountMinor, data.currency(card), QLocale());
    case Column::Currency:
        return data.currency(card);
    case Column::Probability:
        return QString(QLocale().toString(int(card.probability)) + QLocale().percent());
    case Column::Owner: {
        const PipelineDataset::UserInfo *user = data.user(card.owner);
        return user ? user->name : QString();
    }
    case Column::Unit: {
        const PipelineDataset::UnitInfo *unit = data.unit(card.unit);
        return unit ? unit->name : QString();
    }
    case Column::Product: {
        const PipelineDataset::ProductInfo *product = data.product(card.product);
        return product ? product->name : QString();
    }
    case Column::Region:
        return data.region(card);
    case Column::ExpectedClose:
        return shortDate(card.expectedClose);
    case Column::DaysInStage:
        return QLocale().toString(m_board->daysInStage(card));
    case Column::LastActivity:
        return shortDate(card.lastActivityAt);
    case Column::NextActivity:
        if (card.nextActivityKind < 0)
            return QString();
        //: %1 is an activity kind (Call, Meeting, ...), %2 its due date
        return tr("%1 · %2").arg(ActivityRepository::kindLabel(
                                     PipelineDataset::activityKinds().value(card.nextActivityKind)),
                                 shortDate(card.nextActivityAt));
    case Column::Count:
        break;
    }
    return {};
}

QVariant PipelineTableModel::exportValue(const PipelineCard &card, Column column) const
{
    switch (column) {
    case Column::Amount:
        return plainAmount(card.amountMinor);
    case Column::Probability:
        return int(card.probability);
    case Column::ExpectedClose:
        return isoDate(card.expectedClose);
    case Column::DaysInStage:
        return m_board->daysInStage(card);
    case Column::LastActivity:
        return isoDate(card.lastActivityAt);
    case Column::NextActivity:
        if (card.nextActivityKind < 0)
            return QString();
        return QString(ActivityRepository::kindLabel(
                           PipelineDataset::activityKinds().value(card.nextActivityKind))
                       + u' ' + isoDate(card.nextActivityAt));
    default:
        return displayValue(card, column);
    }
}

QVariant PipelineTableModel::sortValue(const PipelineCard &card, Column column) const
{
    switch (column) {
    case Column::Status:
        return int(card.status);
    case Column::Amount:
        return card.amountMinor;
    case Column::Probability:
        return int(card.probability);
    case Column::ExpectedClose:
        return card.expectedClose;
    case Column::DaysInStage:
        return -card.stageEnteredAt;
    case Column::LastActivity:
        return card.lastActivityAt;
    case Column::NextActivity:
        return card.nextActivityAt;
    case Column::Stage:
        return m_board->dataset().stageIndex(card);
    default:
        return displayValue(card, column);
    }
}

bool PipelineTableModel::isTextColumn(Column column) const
{
    switch (column) {
    case Column::Title:
    case Column::Customer:
    case Column::Currency:
    case Column::Owner:
    case Column::Unit:
    case Column::Product:
    case Column::Region:
        return true;
    default:
        return false;
    }
}

QVariant PipelineTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int cardIndex = m_rows[size_t(index.row())];
    const PipelineCard &card = m_board->card(cardIndex);
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(card, column);
    case Qt::TextAlignmentRole:
        if (column == Column::Amount || column == Column::Probability
            || column == Column::DaysInStage) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == Column::DaysInStage && m_board->isRotting(card))
            return tr("Rotting: no update for %n day(s)", nullptr, m_board->idleDays(card));
        return {};
    case int(Role::RowId):
        return card.rowId;
    case int(Role::CardIndex):
        return cardIndex;
    case int(Role::SortValue):
        return sortValue(card, column);
    case int(Role::ExportValue):
        return exportValue(card, column);
    case int(Role::Rotting):
        return m_board->isRotting(card);
    default:
        return {};
    }
}

QVariant PipelineTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= int(Column::Count))
        return {};
    const auto column = Column(section);
    if (role == Qt::TextAlignmentRole) {
        if (column == Column::Amount || column == Column::Probability
            || column == Column::DaysInStage) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Column::Title:
        return tr("Deal");
    case Column::Customer:
        return tr("Customer");
    case Column::Stage:
        return tr("Stage");
    case Column::Status:
        return tr("Status");
    case Column::Amount:
        return tr("Amount");
    case Column::Currency:
        return tr("Currency");
    case Column::Probability:
        return tr("Probability");
    case Column::Owner:
        return tr("Owner");
    case Column::Unit:
        return tr("Unit");
    case Column::Product:
        return tr("Product");
    case Column::Region:
        return tr("Region");
    case Column::ExpectedClose:
        return tr("Expected close");
    case Column::DaysInStage:
        return tr("Days in stage");
    case Column::LastActivity:
        return tr("Last activity");
    case Column::NextActivity:
        return tr("Next activity");
    case Column::Count:
        break;
    }
    return {};
}

QHash<int, QByteArray> PipelineTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(int(Role::RowId), "rowId");
    names.insert(int(Role::CardIndex), "cardIndex");
    names.insert(int(Role::SortValue), "sortValue");
    names.insert(int(Role::ExportValue), "exportValue");
    names.insert(int(Role::Rotting), "rotting");
    return names;
}

// ---- Sorting

bool PipelineTableModel::lessThan(int left, int right) const
{
    int order = 0;
    if (isTextColumn(m_sortColumn) && size_t(std::max(left, right)) < m_textKeys.size()) {
        order = m_textKeys[size_t(left)].compare(m_textKeys[size_t(right)]);
    } else {
        const QVariant a = sortValue(m_board->card(left), m_sortColumn);
        const QVariant b = sortValue(m_board->card(right), m_sortColumn);
        if (a.typeId() == QMetaType::QString) {
            order = QString::localeAwareCompare(a.toString(), b.toString());
        } else {
            const qint64 x = a.toLongLong();
            const qint64 y = b.toLongLong();
            // Unset dates go last in either order.
            const bool optional = m_sortColumn == Column::ExpectedClose
                || m_sortColumn == Column::LastActivity || m_sortColumn == Column::NextActivity;
            if (optional && (x == 0) != (y == 0))
                return y == 0;
            order = x < y ? -1 : x > y ? 1 : 0;
        }
    }
    if (order != 0)
        return m_sortOrder == Qt::AscendingOrder ? order < 0 : order > 0;
    return m_board->card(left).rowId < m_board->card(right).rowId;
}

void PipelineTableModel::computeTextKey(int cardIndex)
{
    if (!isTextColumn(m_sortColumn))
        return;
    const QString text = displayValue(m_board->card(cardIndex), m_sortColumn).toString();
    if (size_t(cardIndex) < m_textKeys.size())
        m_textKeys[size_t(cardIndex)] = m_collator.sortKey(text);
    else
        m_textKeys.push_back(m_collator.sortKey(text));
}

void PipelineTableModel::sortAll()
{
    const std::vector<PipelineCard> &cards = m_board->dataset().cards;
    m_textKeys.clear();
    m_collator = QCollator(QLocale());
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    if (isTextColumn(m_sortColumn)) {
        // Collation keys once per card (locale order: pinyin for Chinese under zh_CN), then
        // cheap comparisons.
        m_textKeys.reserve(cards.size());
        for (size_t i = 0; i < cards.size(); ++i)
            computeTextKey(int(i));
    }
    m_order.clear();
    m_order.reserve(cards.size());
    for (size_t i = 0; i < cards.size(); ++i)
        m_order.push_back(int(i));
    std::sort(m_order.begin(), m_order.end(),
              [this](int left, int right) { return lessThan(left, right); });
}

void PipelineTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= int(Column::Count))
        return;
    m_sortColumn = Column(column);
    m_sortOrder = order;
    if (!m_active) {
        m_stale = true;
        m_order.clear();
        return;
    }
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList persistent = persistentIndexList();
    std::vector<int> persistentCards;
    persistentCards.reserve(size_t(persistent.size()));
    for (const QModelIndex &index : persistent)
        persistentCards.push_back(m_rows[size_t(index.row())]);
    sortAll();
    m_rows.clear();
    for (int cardIndex : m_order) {
        if (m_board->isShown(cardIndex))
            m_rows.push_back(cardIndex);
    }
    std::vector<int> rowOf(m_board->dataset().cards.size(), -1);
    for (size_t row = 0; row < m_rows.size(); ++row)
        rowOf[size_t(m_rows[row])] = int(row);
    QModelIndexList moved;
    moved.reserve(persistent.size());
    for (qsizetype i = 0; i < persistent.size(); ++i) {
        const int row = rowOf[size_t(persistentCards[size_t(i)])];
        moved.append(row < 0 ? QModelIndex() : index(row, persistent.at(i).column()));
    }
    changePersistentIndexList(persistent, moved);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

// ---- Following the board

void PipelineTableModel::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    if (m_active && m_stale)
        rebuild();
}

void PipelineTableModel::rebuild()
{
    beginResetModel();
    if (m_order.size() != m_board->dataset().cards.size())
        sortAll();
    m_rows.clear();
    m_rows.reserve(size_t(m_board->matchCount()));
    for (int cardIndex : m_order) {
        if (m_board->isShown(cardIndex))
            m_rows.push_back(cardIndex);
    }
    m_stale = false;
    endResetModel();
}

void PipelineTableModel::boardReset()
{
    if (!m_active) {
        m_stale = true;
        return;
    }
    rebuild();
}

void PipelineTableModel::boardCardChanged(int cardIndex, bool wasShown, bool isShown)
{
    if (!m_active || m_stale) {
        m_stale = true;
        return;
    }
    // The card's values changed already: find its old places by index, not by value.
    if (const auto it = std::find(m_order.begin(), m_order.end(), cardIndex); it != m_order.end())
        m_order.erase(it);
    computeTextKey(cardIndex);
    m_order.insert(std::lower_bound(m_order.begin(), m_order.end(), cardIndex,
                                    [this](int left, int right) { return lessThan(left, right); }),
                   cardIndex);

    const int oldRow = wasShown ? rowOfCard(cardIndex) : -1;
    std::vector<int> others = m_rows;
    if (oldRow >= 0)
        others.erase(others.begin() + oldRow);
    const int newRow
        = int(std::lower_bound(others.begin(), others.end(), cardIndex,
                               [this](int left, int right) { return lessThan(left, right); })
              - others.begin());
    if (oldRow >= 0 && isShown) {
        if (oldRow != newRow
            && beginMoveRows({}, oldRow, oldRow, {}, newRow > oldRow ? newRow + 1 : newRow)) {
            m_rows = std::move(others);
            m_rows.insert(m_rows.begin() + newRow, cardIndex);
            endMoveRows();
        }
        const int row = rowOfCard(cardIndex);
        Q_EMIT dataChanged(index(row, 0), index(row, int(Column::Count) - 1));
    } else if (oldRow >= 0) {
        beginRemoveRows({}, oldRow, oldRow);
        m_rows.erase(m_rows.begin() + oldRow);
        endRemoveRows();
    } else if (isShown) {
        beginInsertRows({}, newRow, newRow);
        m_rows.insert(m_rows.begin() + newRow, cardIndex);
        endInsertRows();
    }
}

void PipelineTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, int(Column::Count) - 1);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, int(Column::Count) - 1));
}

} // namespace Outpost
