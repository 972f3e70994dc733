#pragma once

#include "pipelinedataset.h"
#include "pipelinefilter.h"

#include <QAbstractListModel>
#include <QList>
#include <QSet>

#include <memory>
#include <vector>

class QMimeData;

namespace Outpost {

class PipelineColumnModel;

/// The pipeline board: one row per board column (the stages of the board's stage set, then
/// the Won and Lost drop zones) with the column's name and live totals (count, sum and
/// probability-weighted sum per currency), plus one PipelineColumnModel per stage column with
/// the cards shown in it.
///
/// It owns the PipelineDataset and does everything in memory: filtering (one pass over the
/// cards, which are kept per column in sort order so that a filter change needs no sorting),
/// sorting within columns, totals, and exact updates when one deal changes (updateCard():
/// a card moves between column models with beginRemoveRows/beginInsertRows, within one with
/// beginMoveRows, or changes in place with dataChanged; totals change incrementally).
///
/// The stage columns are the stages of the one unit selected (by the scope or the unit
/// filter); with several units, HQ's template, each unit's stages mapped to it by position.
/// Won and lost deals appear in the column of their last stage when the status filter shows
/// them; the Won and Lost rows count the won and lost deals matching the other filters.
///
/// A drop of cards on a column (dropOnColumn(), used by the column models' dropMimeData())
/// does not change anything itself: it emits moveRequested(), and the UI asks for what the
/// target stage requires and commits an undoable edit. GUI thread only.
class PipelineBoardModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Role {
        Kind = Qt::UserRole + 1, ///< int: ColumnKind
        StageId, ///< QString: the board stage's id (stage columns)
        Count, ///< int: deals in the column that match the filters
        AmountText, ///< QString: the sum, per currency ("¥1.2M · HK$80K")
        WeightedText, ///< QString: the probability-weighted sum, per currency
        AmountToolTip, ///< QString: exact sums and weighted sums, one currency per line
        Totals, ///< QVariantList of {currency, amountMinor, weightedMinor} maps
        WinProbability, ///< int: the stage's win probability in percent
        RottingDays, ///< int: the stage's rotting days (0: never rots)
        RottingCount, ///< int: rotting deals in the column
        RequiredFields, ///< QStringList: the stage's required deal columns
    };
    Q_ENUM(Role)

    enum class ColumnKind { Stage, Won, Lost };
    Q_ENUM(ColumnKind)

    enum class SortKey { ExpectedClose, Amount, DaysInStage, LastActivity };
    Q_ENUM(SortKey)

    /// Per-currency totals of one column.
    struct CurrencyTotal
    {
        quint8 currency = 0;
        qint64 amountMinor = 0;
        qint64 weightedMinor = 0; ///< sum of amount × probability / 100, each rounded down
    };
    struct ColumnTotals
    {
        int count = 0;
        int rotting = 0;
        std::vector<CurrencyTotal> currencies;
    };

    explicit PipelineBoardModel(QObject *parent = nullptr);
    ~PipelineBoardModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Replaces everything: the deals of the units scopeUnitIds (empty: the dataset's deals are
    /// all in scope). Resets this model and recreates the column models.
    void setDataset(PipelineDataset dataset, const QStringList &scopeUnitIds = {});
    const PipelineDataset &dataset() const { return m_data; }
    PipelineDataset &dataset() { return m_data; }
    QStringList scopeUnitIds() const { return m_scopeUnitIds; }

    /// Brings the board up to date with fresh, a newer read of the same scope, changing as
    /// little as it can: changed, new and deleted deals are updated one by one (views keep
    /// selection and scroll position). When the stages changed, or more than a few thousand
    /// deals did, it is setDataset(). Returns the number of cards that changed.
    int mergeDataset(PipelineDataset fresh, const QStringList &scopeUnitIds);

    /// Applies filter. A changed search text hides nothing until setSearchMatches() delivers
    /// the matches for it (searchPending() is true meanwhile); an empty one shows everything.
    void setFilter(const PipelineFilter &filter);
    const PipelineFilter &filter() const { return m_filter; }
    /// The deals (rowids, ascending) whose texts match text; ignored unless text is the
    /// filter's current search text.
    void setSearchMatches(const QString &text, const QList<qint64> &rowIds);
    bool searchPending() const { return m_searchPending; }

    void setSort(SortKey key, Qt::SortOrder order);
    SortKey sortKey() const { return m_sortKey; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    /// Re-announces the column names, totals and card texts after a language change.
    void retranslate();

    /// "Now" for days in stage and rotting (UTC ms); refilters. Defaults to the wall clock.
    void setNow(qint64 nowMs);
    qint64 now() const { return m_now; }

    int stageColumnCount() const { return int(m_boardStages.size()); }
    int wonRow() const { return stageColumnCount(); }
    int lostRow() const { return stageColumnCount() + 1; }
    ColumnKind kind(int row) const;
    /// The cards of stage column column (nullptr for the Won and Lost rows).
    PipelineColumnModel *columnModel(int column) const;
    /// The stage shown as column column (HQ's template or the selected unit's).
    const Stage *boardStage(int column) const;
    const ColumnTotals &totals(int row) const { return m_totals[size_t(row)]; }
    /// Deals matching every filter (what the board shows).
    int matchCount() const { return m_matchCount; }

    // Cards
    const PipelineCard &card(int cardIndex) const { return m_data.cards[size_t(cardIndex)]; }
    int cardIndex(qint64 rowId) const { return m_data.cardIndex(rowId); }
    /// The stage column a card stands in (by its stage's position).
    int columnOfCard(const PipelineCard &card) const;
    bool isRotting(const PipelineCard &card) const;
    int daysInStage(const PipelineCard &card) const;
    int idleDays(const PipelineCard &card) const;
    /// The stage a card enters when moved to stage column column: its unit's stage at that
    /// position (-1 if none).
    qint32 targetStage(const PipelineCard &card, int column) const;
    /// The cards shown, in board order (column by column, each in sort order).
    std::vector<int> shownCards() const;
    bool isShown(int cardIndex) const;

    /// Replaces (or adds) the card with card.rowId after an edit and updates the column
    /// models, the totals and the match count exactly.
    void updateCard(const PipelineCard &card);
    /// Takes the card of rowId off the board (the deal was deleted).
    void removeCard(qint64 rowId);

    // Drag and drop
    static QString mimeType();
    /// Mime data carrying the deals rowIds (only this model accepts it).
    QMimeData *mimeDataForCards(const QList<qint64> &rowIds) const;
    /// The rowids a mime data of this model carries (empty for anything else).
    QList<qint64> rowIdsFromMimeData(const QMimeData *data) const;
    /// The deals of rowIds that moving to row would change (closed deals dropped on a stage
    /// are reopened there).
    QList<qint64> movableCards(const QList<qint64> &rowIds, int row) const;
    /// True if dropping data on row would change at least one deal.
    bool canDropOn(const QMimeData *data, int row) const;
    /// Emits moveRequested() for the deals in data that dropping on row changes.
    bool dropOn(const QMimeData *data, int row);

Q_SIGNALS:
    /// The user dropped (or asked to move) the cards rowIds on board row row.
    void moveRequested(const QList<qint64> &rowIds, int row);
    /// The match count or a column total changed.
    void countsChanged();
    /// The shown cards changed wholesale (filter, sort or dataset): per-card signals were not
    /// sent.
    void cardsReset();
    /// One card changed (updateCard()/removeCard()); wasShown and isShown tell whether it was
    /// and is on the board.
    void cardChanged(int cardIndex, bool wasShown, bool isShown);
    /// The stage columns were recreated (dataset or unit selection changed).
    void columnsReset();

private:
    struct CompiledFilter;
    bool lessThan(int left, int right) const;
    bool passesFilters(const PipelineCard &card) const;
    bool passesSearch(int cardIndex) const;
    void compileFilter();
    std::vector<qint32> wantedBoardStages() const;
    void applyBoardStages(std::vector<qint32> stages);
    /// Adds (sign 1) or removes (-1) the card's share of the totals and the match count.
    void contribute(int cardIndex, int sign);
    bool wouldShow(int cardIndex) const;
    void rebuildColumnOrder();
    void refilter();
    void addToTotals(int row, const PipelineCard &card, int sign);
    void sortTotals(int row);
    /// Where cardIndex is or would be in the sorted vector list (by the card's current values).
    std::vector<int>::iterator findSorted(std::vector<int> &list, int cardIndex);
    std::vector<int>::iterator insertionPoint(std::vector<int> &list, int cardIndex);

    PipelineDataset m_data;
    QStringList m_scopeUnitIds;
    PipelineFilter m_filter;
    std::unique_ptr<CompiledFilter> m_compiled;
    std::vector<quint8> m_searchMatches; ///< per card: 1 if it matches the search text
    bool m_searchActive = false;
    bool m_searchPending = false;
    SortKey m_sortKey = SortKey::ExpectedClose;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    qint64 m_now = 0;

    std::vector<qint32> m_boardStages; ///< stage rowids of the columns
    std::vector<std::vector<int>> m_columnOrder; ///< per column: every card in it, sorted
    std::vector<quint8> m_shown; ///< per card: 1 if on the board
    QList<PipelineColumnModel *> m_columnModels;
    std::vector<ColumnTotals> m_totals; ///< per row
    int m_matchCount = 0;
    QSet<int> m_dirtyRows; ///< rows whose totals updateCard() changed
};

} // namespace Outpost
