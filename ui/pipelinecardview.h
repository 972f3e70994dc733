#pragma once

#include <QListView>

namespace Outpost {

/// The cards of one board column: a QListView with uniform item sizes (so twenty thousand
/// cards lay out instantly and only the visible ones are painted), extended selection and
/// drag and drop of whole columns (a drop lands on the column; the order is the sort order).
/// While cards are dragged over it the column is outlined. Left and Right move the focus to
/// the neighbouring columns, Return opens the current card. An empty column says so.
class PipelineCardView : public QListView
{
    Q_OBJECT

public:
    explicit PipelineCardView(QWidget *parent = nullptr);

    /// The rowids (PipelineColumnModel::Role::RowId) of the selected cards, in row order.
    QList<qint64> selectedRowIds() const;
    /// Selects the card with rowId (and makes it current); false if it is not in the column.
    bool selectRowId(qint64 rowId);

    /// The text shown when the column is empty.
    void setPlaceholderText(const QString &text);

Q_SIGNALS:
    /// Left (-1) or Right (+1) was pressed: move the focus to the neighbouring column.
    void neighbourRequested(int direction);
    /// Return or a double click on a card.
    void openRequested(const QModelIndex &index);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void startDrag(Qt::DropActions supportedActions) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    bool accepts(const QMimeData *data) const;
    void setDropHighlight(bool on);

    QString m_placeholder;
    bool m_dropHighlight = false;
};

} // namespace Outpost
