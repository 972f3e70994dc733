#pragma once

#include <QAbstractTableModel>
#include <QCollator>
#include <QCollatorSortKey>

#include <vector>

namespace Outpost {

class PipelineBoardModel;
struct PipelineCard;

/// The deals the pipeline board shows (same filters), as a sortable table for the list view
/// and for CSV export. sort() orders every card of the board once; a filter change then only
/// picks the shown ones from that order, so filtering never re-sorts. One deal's change moves,
/// inserts, removes or updates its row exactly.
///
/// While inactive (setActive(false): the list is not on screen) it ignores the board and
/// catches up with one reset when activated. GUI thread only.
class PipelineTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column {
        Title,
        Customer,
        Stage,
        Status,
        Amount,
        Currency,
        Probability,
        Owner,
        Unit,
        Product,
        Region,
        ExpectedClose,
        DaysInStage,
        LastActivity,
        NextActivity,
        Count
    };
    Q_ENUM(Column)

    enum class Role {
        RowId = Qt::UserRole + 1, ///< qint64: deals.rowid
        CardIndex, ///< int: the card's index in the board's dataset
        SortValue, ///< the column's value for sorting (numbers stay numbers)
        ExportValue, ///< the column's value for CSV: plain numbers, ISO dates, codes
        Rotting, ///< bool
    };
    Q_ENUM(Role)

    explicit PipelineTableModel(PipelineBoardModel *board, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    int sortColumn() const { return int(m_sortColumn); }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    /// Follows the board while active; catches up with a reset when activated.
    void setActive(bool active);
    bool isActive() const { return m_active; }

    int cardAt(int row) const { return m_rows[size_t(row)]; }
    int rowOfCard(int cardIndex) const;

    /// Re-announces translated headers and texts after a language change.
    void retranslate();

private:
    QVariant displayValue(const PipelineCard &card, Column column) const;
    QVariant exportValue(const PipelineCard &card, Column column) const;
    QVariant sortValue(const PipelineCard &card, Column column) const;
    bool isTextColumn(Column column) const;
    bool lessThan(int left, int right) const;
    void computeTextKey(int cardIndex);
    void sortAll();
    void rebuild();
    void boardCardChanged(int cardIndex, bool wasShown, bool isShown);
    void boardReset();

    PipelineBoardModel *m_board;
    Column m_sortColumn = Column::ExpectedClose;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_active = false;
    bool m_stale = true;
    std::vector<int> m_order; ///< every card, sorted
    std::vector<int> m_rows; ///< the shown cards, in m_order's order
    std::vector<QCollatorSortKey> m_textKeys; ///< per card, when sorting by a text column
    QCollator m_collator; ///< the locale's text order (pinyin for Chinese under zh_CN)
};

} // namespace Outpost
