#pragma once

#include <QAbstractListModel>

#include <vector>

namespace Outpost {

class PipelineBoardModel;

/// The cards shown in one stage column of a PipelineBoardModel, in the board's sort order.
/// Each row reads its card from the board's dataset; the board calls the row operations,
/// which emit exact row signals. Cards can be dragged out of and dropped onto the column: a
/// drop asks the board to move the deals (PipelineBoardModel::moveRequested), it changes no
/// row itself. GUI thread only.
class PipelineColumnModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Role {
        RowId = Qt::UserRole + 1, ///< qint64: deals.rowid
        CardIndex, ///< int: the card's index in the board's dataset
        Title, ///< QString
        Customer, ///< QString: the customer's name
        AmountMinor, ///< qint64
        Currency, ///< QString: ISO code
        AmountText, ///< QString: formatted with the currency
        Owner, ///< QString: the owner's name
        OwnerId, ///< QString: users.id
        ExpectedClose, ///< qint64: UTC ms, 0 if not set
        DaysInStage, ///< int
        IdleDays, ///< int: days since the deal was last updated or worked on
        Rotting, ///< bool: idle longer than the stage's rotting days
        RottingDays, ///< int: the stage's rotting days (0: never rots)
        NextActivityAt, ///< qint64: UTC ms of the next open activity, 0 if none
        NextActivityKind, ///< QString: "call", "meeting", "email", "task", "note" or empty
        LastActivityAt, ///< qint64: UTC ms, 0 if none
        Status, ///< int: Deal::Status
        Probability, ///< int: percent
        Stage, ///< QString: the stage's name
        Unit, ///< QString: the unit's name
        Product, ///< QString: the product's name
        Region, ///< QString
    };
    Q_ENUM(Role)

    PipelineColumnModel(PipelineBoardModel *board, int column, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    int column() const { return m_column; }
    /// The card index at row.
    int cardAt(int row) const { return m_rows[size_t(row)]; }
    /// The row of cardIndex, -1 if not in this column.
    int rowOfCard(int cardIndex) const;
    const std::vector<int> &cards() const { return m_rows; }

    // Called by the board; each emits the exact signals.
    void resetCards(std::vector<int> cards);
    void insertCard(int row, int cardIndex);
    void removeCard(int row);
    void moveCard(int from, int to);
    void cardChanged(int row);
    /// Every card's texts changed (a language change).
    void retranslate();

private:
    PipelineBoardModel *m_board;
    int m_column;
    std::vector<int> m_rows;
};

} // namespace Outpost
