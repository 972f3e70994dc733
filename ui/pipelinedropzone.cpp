#include "pipelinedropzone.h"

#include "pipelinecolumnheader.h"

#include "pipelineboardmodel.h"

#include <QDragEnterEvent>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Outpost {

PipelineDropZone::PipelineDropZone(PipelineBoardModel *board, int row, QWidget *parent)
    : QWidget(parent)
    , m_board(board)
    , m_row(row)
    , m_header(new PipelineColumnHeader(board, row, this))
{
    m_header->setObjectName(isWon() ? u"wonPipelineColumnHeader"_s : u"lostPipelineColumnHeader"_s);
    setAcceptDrops(true);
    setFocusPolicy(Qt::TabFocus);
    setCursor(Qt::PointingHandCursor);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addStretch(1);
    setToolTip(isWon() ? tr("Drop deals here to mark them won. Click to show won deals.")
                       : tr("Drop deals here to mark them lost. Click to show lost deals."));
    setAccessibleName(isWon() ? tr("Won") : tr("Lost"));
}

bool PipelineDropZone::isWon() const
{
    return m_board->kind(m_row) == PipelineBoardModel::ColumnKind::Won;
}

QSize PipelineDropZone::sizeHint() const
{
    return {fontMetrics().averageCharWidth() * 20, m_header->sizeHint().height() + 200};
}

QRect PipelineDropZone::targetRect() const
{
    return rect().adjusted(2, m_header->height() + 8, -2, -2);
}

void PipelineDropZone::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor accent = isWon() ? QColor(0x16, 0x8a, 0x4a) : QColor(0xc2, 0x33, 0x22);
    QColor fill = isWon() ? QColor(0xe9, 0xf7, 0xee) : QColor(0xfd, 0xee, 0xec);
    const QRectF target = QRectF(targetRect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath area;
    area.addRoundedRect(target, 10, 10);
    fill.setAlpha(m_dragging ? 255 : 120);
    painter.fillPath(area, fill);
    painter.setPen(QPen(accent, m_dragging ? 2.0 : 1.2, Qt::DashLine));
    painter.drawPath(area);

    // A check mark or a cross in a circle, and what dropping does.
    const qreal size = std::min<qreal>(44, target.width() * 0.4);
    const QRectF circle(target.center().x() - size / 2, target.top() + 36, size, size);
    painter.setPen(QPen(accent, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(circle);
    const QRectF mark = circle.adjusted(size * 0.28, size * 0.28, -size * 0.28, -size * 0.28);
    if (isWon()) {
        painter.drawPolyline(QList<QPointF> {{mark.left(), mark.center().y()},
                                             {mark.left() + mark.width() * 0.4, mark.bottom()},
                                             {mark.right(), mark.top()}});
    } else {
        painter.drawLine(mark.topLeft(), mark.bottomRight());
        painter.drawLine(mark.topRight(), mark.bottomLeft());
    }
    painter.setPen(accent);
    const QString text = m_dragging
        ? (isWon() ? tr("Release to mark as won") : tr("Release to mark as lost"))
        : (isWon() ? tr("Drop here to mark as won") : tr("Drop here to mark as lost"));
    painter.drawText(QRectF(target.left() + 10, circle.bottom() + 12, target.width() - 20, 80),
                     Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, text);
}

void PipelineDropZone::dragEnterEvent(QDragEnterEvent *event)
{
    if (!m_board->canDropOn(event->mimeData(), m_row)) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::MoveAction);
    event->accept();
    m_dragging = true;
    update();
}

void PipelineDropZone::dragMoveEvent(QDragMoveEvent *event)
{
    event->setDropAction(Qt::MoveAction);
    event->accept();
}

void PipelineDropZone::dragLeaveEvent(QDragLeaveEvent *)
{
    m_dragging = false;
    update();
}

void PipelineDropZone::dropEvent(QDropEvent *event)
{
    m_dragging = false;
    update();
    if (m_board->dropOn(event->mimeData(), m_row)) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void PipelineDropZone::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT activated();
    QWidget::mouseReleaseEvent(event);
}

void PipelineDropZone::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter
        || event->key() == Qt::Key_Space) {
        Q_EMIT activated();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace Outpost
