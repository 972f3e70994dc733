#pragma once

#include <QWidget>

namespace Outpost {

class PipelineBoardModel;
class PipelineColumnHeader;

/// The Won or Lost drop zone at the end of the board: a header with the count and sums of the
/// won (or lost) deals matching the filters, and a target area that marks the deals dropped on
/// it won or lost (through PipelineBoardModel::dropOn, so the page asks what it must, e.g. the
/// reason for losing). Clicking it shows those deals (activated()).
class PipelineDropZone : public QWidget
{
    Q_OBJECT

public:
    /// row: the board model's wonRow() or lostRow().
    PipelineDropZone(PipelineBoardModel *board, int row, QWidget *parent = nullptr);

    int row() const { return m_row; }
    PipelineColumnHeader *header() const { return m_header; }
    QSize sizeHint() const override;

Q_SIGNALS:
    void activated();

protected:
    void paintEvent(QPaintEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    bool isWon() const;
    QRect targetRect() const;

    PipelineBoardModel *m_board;
    int m_row;
    PipelineColumnHeader *m_header;
    bool m_dragging = false;
};

} // namespace Outpost
