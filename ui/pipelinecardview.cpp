#include "pipelinecardview.h"

#include "pipelinecarddelegate.h"
#include "pipelinecolumnmodel.h"

#include <QDrag>
#include <QDragEnterEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace Outpost {

PipelineCardView::PipelineCardView(QWidget *parent)
    : QListView(parent)
{
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(false);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::MoveAction);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMouseTracking(true);
    setFrameShape(QFrame::NoFrame);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    viewport()->setAttribute(Qt::WA_Hover);
}

QList<qint64> PipelineCardView::selectedRowIds() const
{
    QModelIndexList indexes
        = selectionModel() ? selectionModel()->selectedIndexes() : QModelIndexList();
    std::sort(indexes.begin(), indexes.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<qint64> rowIds;
    for (const QModelIndex &index : std::as_const(indexes))
        rowIds.append(index.data(int(PipelineColumnModel::Role::RowId)).toLongLong());
    return rowIds;
}

bool PipelineCardView::selectRowId(qint64 rowId)
{
    QAbstractItemModel *columnModel = model();
    if (!columnModel)
        return false;
    const QModelIndexList found
        = columnModel->match(columnModel->index(0, 0), int(PipelineColumnModel::Role::RowId), rowId,
                             1, Qt::MatchExactly);
    if (found.isEmpty())
        return false;
    setCurrentIndex(found.constFirst());
    selectionModel()->select(found.constFirst(), QItemSelectionModel::ClearAndSelect);
    scrollTo(found.constFirst());
    return true;
}

void PipelineCardView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    viewport()->update();
}

void PipelineCardView::keyPressEvent(QKeyEvent *event)
{
    const bool plain
        = event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier;
    if (plain && (event->key() == Qt::Key_Left || event->key() == Qt::Key_Right)) {
        Q_EMIT neighbourRequested(event->key() == Qt::Key_Left ? -1 : 1);
        event->accept();
        return;
    }
    if (plain && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)) {
        if (currentIndex().isValid())
            Q_EMIT openRequested(currentIndex());
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}

void PipelineCardView::mouseDoubleClickEvent(QMouseEvent *event)
{
    QListView::mouseDoubleClickEvent(event);
    const QModelIndex index = indexAt(event->position().toPoint());
    if (index.isValid())
        Q_EMIT openRequested(index);
}

void PipelineCardView::startDrag(Qt::DropActions supportedActions)
{
    QModelIndexList indexes = selectionModel()->selectedIndexes();
    if (indexes.isEmpty() || !model())
        return;
    std::sort(indexes.begin(), indexes.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QMimeData *data = model()->mimeData(indexes);
    if (!data)
        return;

    // The picture under the cursor: the first card, with a count when there are more.
    const QModelIndex first
        = currentIndex().isValid() && selectionModel()->isSelected(currentIndex())
        ? currentIndex()
        : indexes.constFirst();
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = QRect(QPoint(0, 0), visualRect(first).size());
    option.state |= QStyle::State_Selected;
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap(option.rect.size() * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    {
        QPainter painter(&pixmap);
        painter.setOpacity(0.92);
        itemDelegateForIndex(first)->paint(&painter, option, first);
        if (indexes.size() > 1) {
            painter.setOpacity(1.0);
            painter.setRenderHint(QPainter::Antialiasing);
            const QString count = QString::number(indexes.size());
            QFont font = this->font();
            font.setWeight(QFont::Bold);
            painter.setFont(font);
            const int size = std::max(22, QFontMetrics(font).horizontalAdvance(count) + 12);
            const QRect badge(option.rect.right() - size - 2, 0, size, size);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(0x2f, 0x6f, 0xe4));
            painter.drawEllipse(badge);
            painter.setPen(Qt::white);
            painter.drawText(badge, Qt::AlignCenter, count);
        }
    }
    auto *drag = new QDrag(this);
    drag->setMimeData(data);
    drag->setPixmap(pixmap);
    const QPoint cursor = viewport()->mapFromGlobal(QCursor::pos()) - visualRect(first).topLeft();
    drag->setHotSpot(option.rect.contains(cursor) ? cursor : QPoint(option.rect.width() / 2, 20));
    // The model moves nothing itself (the board commits the edit): ignore the action's result.
    drag->exec(supportedActions, Qt::MoveAction);
}

bool PipelineCardView::accepts(const QMimeData *data) const
{
    return model() && model()->canDropMimeData(data, Qt::MoveAction, -1, -1, QModelIndex());
}

void PipelineCardView::setDropHighlight(bool on)
{
    if (m_dropHighlight == on)
        return;
    m_dropHighlight = on;
    viewport()->update();
}

void PipelineCardView::dragEnterEvent(QDragEnterEvent *event)
{
    if (!accepts(event->mimeData())) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::MoveAction);
    event->accept();
    setDropHighlight(true);
}

void PipelineCardView::dragMoveEvent(QDragMoveEvent *event)
{
    if (!accepts(event->mimeData())) {
        event->ignore();
        setDropHighlight(false);
        return;
    }
    // Anywhere in the column will do.
    event->setDropAction(Qt::MoveAction);
    event->accept();
    setDropHighlight(true);
}

void PipelineCardView::dragLeaveEvent(QDragLeaveEvent *event)
{
    setDropHighlight(false);
    QListView::dragLeaveEvent(event);
}

void PipelineCardView::dropEvent(QDropEvent *event)
{
    setDropHighlight(false);
    if (!model() || !accepts(event->mimeData())) {
        event->ignore();
        return;
    }
    if (model()->dropMimeData(event->mimeData(), Qt::MoveAction, -1, -1, QModelIndex())) {
        // Copy, not move: the source view must not remove rows; the board updates both.
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void PipelineCardView::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    if (model() && model()->rowCount() == 0 && !m_placeholder.isEmpty()) {
        painter.setPen(QColor(0x8a, 0x94, 0xa3));
        painter.drawText(viewport()->rect().adjusted(12, 24, -12, -12),
                         Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_placeholder);
    }
    if (m_dropHighlight) {
        QPainterPath outline;
        outline.addRoundedRect(QRectF(viewport()->rect()).adjusted(2, 2, -2, -2), 8, 8);
        painter.fillPath(outline, QColor(0x2f, 0x6f, 0xe4, 18));
        painter.setPen(QPen(QColor(0x2f, 0x6f, 0xe4), 2, Qt::DashLine));
        painter.drawPath(outline);
    }
}

} // namespace Outpost
