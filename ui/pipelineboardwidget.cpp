#include "pipelineboardwidget.h"

#include "pipelinecarddelegate.h"
#include "pipelinecardview.h"
#include "pipelinecolumnheader.h"
#include "pipelinedropzone.h"

#include "pipelineboardmodel.h"
#include "pipelinecolumnmodel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int columnSpacing = 10;

// Thin, quiet scroll bars and grey column wells: the cards are what the eye should find.
const QString boardStyleSheet = uR"(
#pipelineBoardContainer, #pipelineBoardScrollArea, #pipelineBoardScrollArea > QWidget > QWidget {
    background: transparent;
}
Outpost--PipelineCardView {
    background: #eef1f5;
    border: none;
    border-radius: 8px;
}
QScrollBar:vertical {
    background: transparent;
    width: 9px;
    margin: 2px 1px 2px 0px;
}
QScrollBar:horizontal {
    background: transparent;
    height: 10px;
    margin: 0px 2px 0px 2px;
}
QScrollBar::handle:vertical, QScrollBar::handle:horizontal {
    background: #c3cad5;
    border-radius: 4px;
    min-height: 28px;
    min-width: 28px;
}
QScrollBar::handle:hover {
    background: #9aa4b3;
}
QScrollBar::add-line, QScrollBar::sub-line {
    width: 0px;
    height: 0px;
}
QScrollBar::add-page, QScrollBar::sub-page {
    background: transparent;
}
)"_s;

} // namespace

PipelineBoardWidget::PipelineBoardWidget(PipelineBoardModel *board, QWidget *parent)
    : QWidget(parent)
    , m_board(board)
    , m_delegate(new PipelineCardDelegate(this))
    , m_scrollArea(new QScrollArea(this))
{
    setObjectName(u"pipelineBoardWidget"_s);
    setStyleSheet(boardStyleSheet);
    m_scrollArea->setObjectName(u"pipelineBoardScrollArea"_s);
    m_scrollArea->setFrameShape(QFrame::NoFrame);
    m_scrollArea->setWidgetResizable(false);
    m_scrollArea->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scrollArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_scrollArea, 1);
    // The viewport shrinks when the horizontal scroll bar appears: the columns follow.
    m_scrollArea->viewport()->installEventFilter(this);
    connect(m_board, &PipelineBoardModel::columnsReset, this, &PipelineBoardWidget::rebuild);
    connect(m_board, &PipelineBoardModel::cardsReset, this, &PipelineBoardWidget::restoreSelection);
    connect(m_board, &PipelineBoardModel::countsChanged, this,
            [this] { m_delegate->setNow(m_board->now()); });
    rebuild();
}

PipelineCardView *PipelineBoardWidget::cardView(int column) const
{
    return column >= 0 && column < m_views.size() ? m_views.at(column) : nullptr;
}

PipelineColumnHeader *PipelineBoardWidget::header(int column) const
{
    return column >= 0 && column < m_headers.size() ? m_headers.at(column) : nullptr;
}

void PipelineBoardWidget::rebuild()
{
    m_delegate->setNow(m_board->now());
    delete m_container;
    delete m_wonZone;
    delete m_lostZone;
    m_views.clear();
    m_headers.clear();
    m_columns.clear();

    m_container = new QWidget;
    m_container->setObjectName(u"pipelineBoardContainer"_s);
    auto *layout = new QHBoxLayout(m_container);
    layout->setContentsMargins(2, 8, 12, 6);
    layout->setSpacing(columnSpacing);
    for (int column = 0; column < m_board->stageColumnCount(); ++column) {
        auto *frame = new QWidget(m_container);
        frame->setObjectName(u"stage%1ColumnWidget"_s.arg(column));
        auto *frameLayout = new QVBoxLayout(frame);
        frameLayout->setContentsMargins(0, 0, 0, 0);
        frameLayout->setSpacing(6);
        auto *header = new PipelineColumnHeader(m_board, column, frame);
        header->setObjectName(u"stage%1PipelineColumnHeader"_s.arg(column));
        auto *view = new PipelineCardView(frame);
        view->setObjectName(u"stage%1PipelineCardView"_s.arg(column));
        view->setItemDelegate(m_delegate);
        view->setModel(m_board->columnModel(column));
        view->setPlaceholderText(tr("No deals in this stage"));
        view->setAccessibleName(header->nameText());
        frameLayout->addWidget(header);
        frameLayout->addWidget(view, 1);
        layout->addWidget(frame, 1);
        m_columns.append(frame);
        m_headers.append(header);
        m_views.append(view);

        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                [this, column] { viewSelectionChanged(column); });
        connect(view, &PipelineCardView::openRequested, this, [this](const QModelIndex &index) {
            Q_EMIT openRequested(index.data(int(PipelineColumnModel::Role::RowId)).toLongLong());
        });
        connect(view, &PipelineCardView::neighbourRequested, this, [this, column](int direction) {
            const int row = cardView(column)->currentIndex().row();
            focusColumn(column + direction, std::max(0, row));
        });
        // A reset empties the selection; what was selected comes back after the filter pass.
        connect(m_board->columnModel(column), &QAbstractItemModel::modelAboutToBeReset, this,
                [this] {
                    if (!m_restoring)
                        rememberSelection();
                    m_restoring = true;
                });
    }
    m_scrollArea->setWidget(m_container);

    // The drop zones stay in view however far the columns scroll.
    auto *zones = qobject_cast<QHBoxLayout *>(this->layout());
    m_wonZone = new PipelineDropZone(m_board, m_board->wonRow(), this);
    m_wonZone->setObjectName(u"wonPipelineDropZone"_s);
    m_lostZone = new PipelineDropZone(m_board, m_board->lostRow(), this);
    m_lostZone->setObjectName(u"lostPipelineDropZone"_s);
    auto *zonePanel = new QWidget(this);
    zonePanel->setObjectName(u"pipelineDropZonePanel"_s);
    auto *zoneLayout = new QVBoxLayout(zonePanel);
    zoneLayout->setContentsMargins(4, 8, 0, 6);
    zoneLayout->setSpacing(10);
    for (PipelineDropZone *zone : {m_wonZone, m_lostZone}) {
        zone->setParent(zonePanel);
        zoneLayout->addWidget(zone, 1);
        connect(zone, &PipelineDropZone::activated, this,
                [this, zone] { Q_EMIT zoneActivated(zone->row()); });
    }
    if (zones->count() > 1)
        delete zones->takeAt(1)->widget();
    zones->addWidget(zonePanel, 0);
    layOutColumns();
    m_container->show();
}

void PipelineBoardWidget::layOutColumns()
{
    if (!m_container)
        return;
    // Stage columns share the width between a comfortable minimum and maximum; when they do
    // not fit, the board scrolls sideways.
    const int character = fontMetrics().averageCharWidth();
    const int minimum = character * 36;
    const int maximum = character * 50;
    const int zone = character * 22;
    if (m_wonZone) {
        m_wonZone->setFixedWidth(zone);
        m_lostZone->setFixedWidth(zone);
    }
    const int columns = int(m_columns.size());
    const QMargins margins = m_container->layout()->contentsMargins();
    const int viewportWidth = m_scrollArea->viewport()->width();
    const int available = viewportWidth - margins.left() - margins.right()
        - std::max(0, columns - 1) * columnSpacing;
    const int width
        = columns == 0 ? minimum : std::clamp(available / std::max(1, columns), minimum, maximum);
    for (QWidget *column : std::as_const(m_columns))
        column->setFixedWidth(width);
    const int total = margins.left() + margins.right() + columns * width
        + std::max(0, columns - 1) * columnSpacing;
    m_container->resize(std::max(total, viewportWidth), m_scrollArea->viewport()->height());
}

void PipelineBoardWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layOutColumns();
}

bool PipelineBoardWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_scrollArea->viewport() && event->type() == QEvent::Resize && m_container) {
        const int height = m_scrollArea->viewport()->height();
        if (m_container->height() != height)
            m_container->resize(m_container->width(), height);
    }
    return QWidget::eventFilter(watched, event);
}

int PipelineBoardWidget::currentColumn() const
{
    // Only one column has a selection at a time: it is what commands act on.
    for (int column = 0; column < m_views.size(); ++column) {
        const QItemSelectionModel *selection = m_views.at(column)->selectionModel();
        if (selection && selection->hasSelection())
            return column;
    }
    for (int column = 0; column < m_views.size(); ++column) {
        if (m_views.at(column)->hasFocus())
            return column;
    }
    return m_lastColumn < m_views.size() ? m_lastColumn : -1;
}

QList<qint64> PipelineBoardWidget::selectedRowIds() const
{
    const int column = currentColumn();
    return column >= 0 ? m_views.at(column)->selectedRowIds() : QList<qint64>();
}

bool PipelineBoardWidget::selectRowId(qint64 rowId)
{
    const int cardIndex = m_board->cardIndex(rowId);
    if (cardIndex < 0 || !m_board->isShown(cardIndex))
        return false;
    const int column = m_board->columnOfCard(m_board->card(cardIndex));
    PipelineCardView *view = cardView(column);
    const bool hadFocus = std::any_of(m_views.cbegin(), m_views.cend(),
                                      [](const PipelineCardView *v) { return v->hasFocus(); });
    if (!view || !view->selectRowId(rowId))
        return false;
    // The focus follows the card (a keyboard user moves it on with the next key).
    if (hadFocus)
        view->setFocus(Qt::OtherFocusReason);
    m_lastColumn = column;
    m_scrollArea->ensureWidgetVisible(m_columns.at(column), 0, 0);
    return true;
}

void PipelineBoardWidget::focusColumn(int column, int row)
{
    PipelineCardView *view = cardView(column);
    if (!view)
        return;
    view->setFocus(Qt::OtherFocusReason);
    m_scrollArea->ensureWidgetVisible(m_columns.at(column), 0, 0);
    const int count = view->model()->rowCount();
    if (count > 0) {
        const QModelIndex index = view->model()->index(std::clamp(row, 0, count - 1), 0);
        view->setCurrentIndex(index);
        view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
        view->scrollTo(index);
    }
    m_lastColumn = column;
}

void PipelineBoardWidget::viewSelectionChanged(int column)
{
    if (m_restoring)
        return;
    PipelineCardView *view = cardView(column);
    if (view && view->selectionModel()->hasSelection()) {
        m_lastColumn = column;
        // One column at a time: the selection is what a move or a menu command acts on.
        for (int other = 0; other < m_views.size(); ++other) {
            if (other != column)
                m_views.at(other)->selectionModel()->clearSelection();
        }
    }
    rememberSelection();
    Q_EMIT selectionChanged();
}

void PipelineBoardWidget::rememberSelection()
{
    const int column = currentColumn();
    m_selectedRowIds = column >= 0 ? m_views.at(column)->selectedRowIds() : QList<qint64>();
    const QModelIndex current = column >= 0 ? m_views.at(column)->currentIndex() : QModelIndex();
    m_currentRowId
        = current.isValid() ? current.data(int(PipelineColumnModel::Role::RowId)).toLongLong() : -1;
}

void PipelineBoardWidget::restoreSelection()
{
    m_restoring = true;
    QList<qint64> kept;
    for (qint64 rowId : std::as_const(m_selectedRowIds)) {
        const int cardIndex = m_board->cardIndex(rowId);
        if (cardIndex < 0 || !m_board->isShown(cardIndex))
            continue;
        const int column = m_board->columnOfCard(m_board->card(cardIndex));
        PipelineColumnModel *model = m_board->columnModel(column);
        const int row = model ? model->rowOfCard(cardIndex) : -1;
        if (row < 0)
            continue;
        PipelineCardView *view = cardView(column);
        if (!view || view->model() != model)
            continue; // the columns are being rebuilt
        const QModelIndex index = model->index(row, 0);
        view->selectionModel()->select(index, QItemSelectionModel::Select);
        if (rowId == m_currentRowId)
            view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
        kept.append(rowId);
    }
    m_restoring = false;
    m_selectedRowIds = kept;
    Q_EMIT selectionChanged();
}

} // namespace Outpost
