#include "pipelinecolumnmodel.h"

#include "deal.h"
#include "money.h"
#include "pipelineboardmodel.h"

#include <QDateTime>
#include <QLocale>
#include <QMimeData>

using namespace Qt::StringLiterals;

namespace Outpost {

PipelineColumnModel::PipelineColumnModel(PipelineBoardModel *board, int column, QObject *parent)
    : QAbstractListModel(parent)
    , m_board(board)
    , m_column(column)
{ }

int PipelineColumnModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PipelineColumnModel::rowOfCard(int cardIndex) const
{
    const auto it = std::find(m_rows.begin(), m_rows.end(), cardIndex);
    return it == m_rows.end() ? -1 : int(it - m_rows.begin());
}

QVariant PipelineColumnModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int cardIndex = m_rows[size_t(index.row())];
    const PipelineDataset &data = m_board->dataset();
    const PipelineCard &card = m_board->card(cardIndex);
    const auto ownerName = [&] {
        const PipelineDataset::UserInfo *user = data.user(card.owner);
        return user ? user->name : QString();
    };
    const auto stageName = [&] {
        const PipelineDataset::StageInfo *stage = data.stage(card.stage);
        return stage ? stage->stage.name : QString();
    };

    switch (role) {
    case Qt::DisplayRole:
    case int(Role::Title):
        return data.title(card).toString();
    case Qt::ToolTipRole: {
        const QLocale locale;
        QStringList lines {data.title(card).toString(), data.customerName(card),
                           Money::format(card.amountMinor, data.currency(card), locale)};
        if (card.expectedClose != 0) {
            lines.append(
                tr("Expected close: %1")
                    .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(card.expectedClose).date(),
                                         QLocale::ShortFormat)));
        }
        lines.append(tr("Owner: %1").arg(ownerName()));
        if (card.status == quint8(Deal::Status::Open)) {
            if (card.nextActivityAt == 0) {
                lines.append(tr("No activity planned"));
            } else {
                lines.append(
                    tr("Next activity: %1")
                        .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(card.nextActivityAt),
                                             QLocale::ShortFormat)));
            }
        }
        if (m_board->isRotting(card)) {
            lines.append(tr("Rotting: no update for %n day(s)", nullptr, m_board->idleDays(card)));
        }
        lines.removeAll(QString());
        return lines.join(u'\n');
    }
    case Qt::AccessibleTextRole:
        return QStringList {data.title(card).toString(), data.customerName(card),
                            Money::format(card.amountMinor, data.currency(card))}
            .join(u", "_s);
    case int(Role::RowId):
        return card.rowId;
    case int(Role::CardIndex):
        return cardIndex;
    case int(Role::Customer):
        return data.customerName(card);
    case int(Role::AmountMinor):
        return card.amountMinor;
    case int(Role::Currency):
        return data.currency(card);
    case int(Role::AmountText): {
        // Whole amounts without ".00": cards are read at a glance.
        const QLocale locale;
        if (card.amountMinor % 100 == 0) {
            return QString(Money::symbol(data.currency(card))
                           + locale.toString(qlonglong(card.amountMinor / 100)));
        }
        return Money::format(card.amountMinor, data.currency(card), locale);
    }
    case int(Role::Owner):
        return ownerName();
    case int(Role::OwnerId): {
        const PipelineDataset::UserInfo *user = data.user(card.owner);
        return user ? user->id : QString();
    }
    case int(Role::ExpectedClose):
        return card.expectedClose;
    case int(Role::DaysInStage):
        return m_board->daysInStage(card);
    case int(Role::IdleDays):
        return m_board->idleDays(card);
    case int(Role::Rotting):
        return m_board->isRotting(card);
    case int(Role::RottingDays):
        return data.rottingDays(card);
    case int(Role::NextActivityAt):
        return card.nextActivityAt;
    case int(Role::NextActivityKind):
        return card.nextActivityKind >= 0
            ? PipelineDataset::activityKinds().value(card.nextActivityKind)
            : QString();
    case int(Role::LastActivityAt):
        return card.lastActivityAt;
    case int(Role::Status):
        return int(card.status);
    case int(Role::Probability):
        return int(card.probability);
    case int(Role::Stage):
        return stageName();
    case int(Role::Unit): {
        const PipelineDataset::UnitInfo *unit = data.unit(card.unit);
        return unit ? unit->name : QString();
    }
    case int(Role::Product): {
        const PipelineDataset::ProductInfo *product = data.product(card.product);
        return product ? product->name : QString();
    }
    case int(Role::Region):
        return data.region(card);
    default:
        return {};
    }
}

QHash<int, QByteArray> PipelineColumnModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(int(Role::RowId), "rowId");
    names.insert(int(Role::CardIndex), "cardIndex");
    names.insert(int(Role::Title), "title");
    names.insert(int(Role::Customer), "customer");
    names.insert(int(Role::AmountMinor), "amountMinor");
    names.insert(int(Role::Currency), "currency");
    names.insert(int(Role::AmountText), "amountText");
    names.insert(int(Role::Owner), "owner");
    names.insert(int(Role::OwnerId), "ownerId");
    names.insert(int(Role::ExpectedClose), "expectedClose");
    names.insert(int(Role::DaysInStage), "daysInStage");
    names.insert(int(Role::IdleDays), "idleDays");
    names.insert(int(Role::Rotting), "rotting");
    names.insert(int(Role::RottingDays), "rottingDays");
    names.insert(int(Role::NextActivityAt), "nextActivityAt");
    names.insert(int(Role::NextActivityKind), "nextActivityKind");
    names.insert(int(Role::LastActivityAt), "lastActivityAt");
    names.insert(int(Role::Status), "status");
    names.insert(int(Role::Probability), "probability");
    names.insert(int(Role::Stage), "stage");
    names.insert(int(Role::Unit), "unit");
    names.insert(int(Role::Product), "product");
    names.insert(int(Role::Region), "region");
    return names;
}

Qt::ItemFlags PipelineColumnModel::flags(const QModelIndex &index) const
{
    // Drops land on the column, not between cards: its order is the sort order.
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled
        | Qt::ItemNeverHasChildren;
}

QStringList PipelineColumnModel::mimeTypes() const
{
    return {PipelineBoardModel::mimeType()};
}

QMimeData *PipelineColumnModel::mimeData(const QModelIndexList &indexes) const
{
    QList<qint64> rowIds;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && index.model() == this)
            rowIds.append(m_board->card(m_rows[size_t(index.row())]).rowId);
    }
    if (rowIds.isEmpty())
        return nullptr;
    return m_board->mimeDataForCards(rowIds);
}

Qt::DropActions PipelineColumnModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions PipelineColumnModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

bool PipelineColumnModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                          const QModelIndex &) const
{
    return action == Qt::MoveAction && m_board->canDropOn(data, m_column);
}

bool PipelineColumnModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row,
                                       int column, const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    // The board decides and commits the move (or not); the rows change when the deals do.
    return m_board->dropOn(data, m_column);
}

void PipelineColumnModel::resetCards(std::vector<int> cards)
{
    beginResetModel();
    m_rows = std::move(cards);
    endResetModel();
}

void PipelineColumnModel::insertCard(int row, int cardIndex)
{
    beginInsertRows({}, row, row);
    m_rows.insert(m_rows.begin() + row, cardIndex);
    endInsertRows();
}

void PipelineColumnModel::removeCard(int row)
{
    beginRemoveRows({}, row, row);
    m_rows.erase(m_rows.begin() + row);
    endRemoveRows();
}

void PipelineColumnModel::moveCard(int from, int to)
{
    // beginMoveRows takes the row before which the card lands, counted before the move.
    if (!beginMoveRows({}, from, from, {}, to > from ? to + 1 : to))
        return;
    const int cardIndex = m_rows[size_t(from)];
    m_rows.erase(m_rows.begin() + from);
    m_rows.insert(m_rows.begin() + to, cardIndex);
    endMoveRows();
}

void PipelineColumnModel::cardChanged(int row)
{
    Q_EMIT dataChanged(index(row), index(row));
}

void PipelineColumnModel::retranslate()
{
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
}

} // namespace Outpost
