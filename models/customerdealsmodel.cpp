#include "customerdealsmodel.h"

#include "dealrepository.h"
#include "money.h"
#include "stagerepository.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Outpost {

CustomerDealsModel::CustomerDealsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int CustomerDealsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CustomerDealsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QString CustomerDealsModel::statusLabel(Deal::Status status)
{
    switch (status) {
    case Deal::Status::Won:
        return tr("Won");
    case Deal::Status::Lost:
        return tr("Lost");
    case Deal::Status::Open:
        break;
    }
    return tr("Open");
}

QVariant CustomerDealsModel::displayValue(const Row &row, Column column) const
{
    const Deal &deal = row.deal;
    switch (column) {
    case Column::Title:
        return deal.title;
    case Column::Stage:
        return row.stageName;
    case Column::Amount:
        return Money::format(deal.amountMinor, deal.currency, QLocale());
    case Column::Status:
        return statusLabel(deal.status);
    case Column::ExpectedClose:
        if (deal.expectedClose == 0)
            return QString();
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(deal.expectedClose).date(),
                                  QLocale::ShortFormat);
    case Column::Count:
        break;
    }
    return {};
}

QVariant CustomerDealsModel::sortValue(const Row &row, Column column) const
{
    switch (column) {
    case Column::Amount:
        return row.deal.amountMinor;
    case Column::Status:
        return int(row.deal.status);
    case Column::ExpectedClose:
        return row.deal.expectedClose;
    default:
        return displayValue(row, column);
    }
}

QVariant CustomerDealsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, column);
    case Qt::ToolTipRole:
        if (column == Column::Title)
            return row.deal.title;
        return {};
    case Qt::TextAlignmentRole:
        if (column == Column::Amount)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case int(Role::Id):
        return row.deal.id;
    case int(Role::SortValue):
        return sortValue(row, column);
    case int(Role::Status):
        return int(row.deal.status);
    default:
        return {};
    }
}

QVariant CustomerDealsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= int(Column::Count))
        return {};
    if (role == Qt::TextAlignmentRole) {
        if (Column(section) == Column::Amount)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Title:
        return tr("Deal");
    case Column::Stage:
        return tr("Stage");
    case Column::Amount:
        return tr("Amount");
    case Column::Status:
        return tr("Status");
    case Column::ExpectedClose:
        return tr("Expected close");
    case Column::Count:
        break;
    }
    return {};
}

QHash<int, QByteArray> CustomerDealsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(int(Role::Id), "dealId");
    names.insert(int(Role::SortValue), "sortValue");
    names.insert(int(Role::Status), "status");
    return names;
}

Result<void> CustomerDealsModel::reload(DealRepository &deals, StageRepository &stages,
                                        const QString &customerId)
{
    Result<QList<Deal>> list = deals.dealsForCustomer(customerId);
    if (!list)
        return list.error();

    QHash<QString, QString> stageNames;
    QList<Row> rows;
    rows.reserve(list->size());
    for (Deal &deal : list.value()) {
        QString stageName;
        if (!deal.stageId.isEmpty()) {
            auto cached = stageNames.constFind(deal.stageId);
            if (cached == stageNames.cend()) {
                const Result<Stage> stage = stages.stage(deal.stageId);
                // A stage deleted elsewhere leaves the cell empty rather than failing the list.
                cached = stageNames.insert(deal.stageId, stage ? stage->name : QString());
            }
            stageName = cached.value();
        }
        rows.append(Row {std::move(deal), std::move(stageName)});
    }

    const bool sameRows = customerId == m_customerId && rows.size() == m_rows.size()
        && std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(),
                      [](const Row &a, const Row &b) { return a.deal.id == b.deal.id; });
    if (sameRows) {
        m_rows = std::move(rows);
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return {};
    }
    beginResetModel();
    m_customerId = customerId;
    m_rows = std::move(rows);
    endResetModel();
    return {};
}

void CustomerDealsModel::clear()
{
    if (m_customerId.isEmpty() && m_rows.isEmpty())
        return;
    beginResetModel();
    m_customerId.clear();
    m_rows.clear();
    endResetModel();
}

int CustomerDealsModel::rowOfId(const QString &id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).deal.id == id)
            return row;
    }
    return -1;
}

int CustomerDealsModel::openDealCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Row &row) { return row.deal.status == Deal::Status::Open; }));
}

void CustomerDealsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, int(Column::Count) - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

} // namespace Outpost
