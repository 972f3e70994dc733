#pragma once

#include <QList>
#include <QWidget>

class QScrollArea;

namespace Outpost {

class PipelineBoardModel;
class PipelineCardDelegate;
class PipelineCardView;
class PipelineColumnHeader;
class PipelineDropZone;

/// The kanban board: one column per stage of a PipelineBoardModel (a header and a
/// PipelineCardView over the column's model, scrolling on its own; the columns scroll
/// sideways when they do not fit) and, pinned on the right so they are always within reach
/// of a drag, the Won and Lost drop zones. Cards are selected in one column at a time; the
/// selection survives filtering when the cards stay on the board. Rebuilds its columns when
/// the board's stages change. GUI thread only.
class PipelineBoardWidget : public QWidget
{
    Q_OBJECT

public:
    explicit PipelineBoardWidget(PipelineBoardModel *board, QWidget *parent = nullptr);

    int columnCount() const { return int(m_views.size()); }
    PipelineCardView *cardView(int column) const;
    PipelineColumnHeader *header(int column) const;
    PipelineDropZone *wonZone() const { return m_wonZone; }
    PipelineDropZone *lostZone() const { return m_lostZone; }
    PipelineCardDelegate *delegate() const { return m_delegate; }

    /// The column with the selection (or the focus), -1 if none.
    int currentColumn() const;
    /// The selected cards (in the current column), in row order.
    QList<qint64> selectedRowIds() const;
    /// Selects the card of rowId wherever it is shown; false if it is not on the board.
    bool selectRowId(qint64 rowId);
    /// Focuses column column, selecting its card at row (clamped) if it has cards.
    void focusColumn(int column, int row = 0);

Q_SIGNALS:
    void openRequested(qint64 rowId);
    /// The Won (board wonRow()) or Lost zone was clicked.
    void zoneActivated(int row);
    void selectionChanged();

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();
    void viewSelectionChanged(int column);
    void rememberSelection();
    void restoreSelection();
    void layOutColumns();

    PipelineBoardModel *m_board;
    PipelineCardDelegate *m_delegate;
    QScrollArea *m_scrollArea;
    QWidget *m_container = nullptr;
    QList<PipelineCardView *> m_views;
    QList<PipelineColumnHeader *> m_headers;
    QList<QWidget *> m_columns;
    PipelineDropZone *m_wonZone = nullptr;
    PipelineDropZone *m_lostZone = nullptr;
    QList<qint64> m_selectedRowIds;
    qint64 m_currentRowId = -1;
    bool m_restoring = false;
    int m_lastColumn = -1;
};

} // namespace Outpost
