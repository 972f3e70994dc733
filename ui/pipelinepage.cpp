#include "pipelinepage.h"

#include "addactivitycommand.h"
#include "dealdialog.h"
#include "editdealcommand.h"
#include "pipelineboardwidget.h"
#include "pipelinecardview.h"
#include "pipelinefilterbar.h"
#include "pipelinemover.h"
#include "theme.h"

#include "csvwriter.h"
#include "localstore.h"
#include "pipelineboardmodel.h"
#include "organizationrepository.h"
#include "pipelineloader.h"
#include "pipelinescope.h"
#include "pipelinesearcher.h"
#include "pipelinetablemodel.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using SortKey = PipelineBoardModel::SortKey;

const QString filterKey = u"filter"_s;
const QString sortKeyKey = u"sortKey"_s;
const QString sortOrderKey = u"sortOrder"_s;
const QString viewKey = u"view"_s;
const QString tableHeaderKey = u"tableHeader"_s;
const QString listView = u"list"_s;

constexpr int clockIntervalMs = 10 * 60 * 1000;
constexpr int saveDelayMs = 600;
constexpr int messageTimeoutMs = 8000;
constexpr int refreshDelayMs = 1500;

QFont scaledFont(const QFont &base, qreal factor, QFont::Weight weight)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setWeight(weight);
    return font;
}

} // namespace

struct PipelinePage::LoadOutcome
{
    PipelineDataset dataset;
    Error error;
};

PipelinePage::PipelinePage(LocalStore &store, QUndoStack *undoStack, QString actorId,
                           QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_undoStack(undoStack)
    , m_actorId(std::move(actorId))
    , m_board(new PipelineBoardModel(this))
    , m_tableModel(new PipelineTableModel(m_board, this))
    , m_searcher(new PipelineSearcher(store.path(), this))
    , m_mover(new PipelineMover(store, undoStack, m_actorId, m_board, this))
{
    setObjectName(u"pipelinePage"_s);
    createActions();
    createLayout();

    // Queued: a drop finishes before the stage-gate dialog opens.
    connect(
        m_board, &PipelineBoardModel::moveRequested, this,
        [this](const QList<qint64> &rowIds, int row) {
            if (m_mover->move(rowIds, row))
                m_boardWidget->selectRowId(rowIds.constFirst());
        },
        Qt::QueuedConnection);
    connect(m_board, &PipelineBoardModel::countsChanged, this, &PipelinePage::updateCount);
    connect(m_filterBar, &PipelineFilterBar::filterChanged, this, &PipelinePage::applyFilter);
    connect(m_searcher, &PipelineSearcher::finished, this, &PipelinePage::searchFinished);
    connect(
        m_searcher, &PipelineSearcher::failed, this,
        [this](quint64, const QString &, const QString &message) { showMessage(message, true); });
    connect(m_mover, &PipelineMover::failed, this,
            [this](const QString &message) { showMessage(message, true); });
    connect(&m_loadWatcher, &QFutureWatcherBase::finished, this, &PipelinePage::loadFinished);
    if (m_undoStack) {
        m_undoIndex = m_undoStack->index();
        connect(m_undoStack, &QUndoStack::indexChanged, this, &PipelinePage::undoIndexChanged);
    }

    computeScope();
    restoreSettings();
    retranslate();
    reload();
}

void PipelinePage::computeScope()
{
    m_scopeStale = false;
    // Without a scope nothing may be shown: an id that matches no unit shows an empty board.
    const QStringList nothing {u"-"_s};
    // A user who signed in on a new profile is not in the store until the first pull brings
    // them: an empty board for now, no error, and the scope is read again when they arrive.
    if (!m_actorId.isEmpty() && !OrganizationRepository(m_store).user(m_actorId)) {
        m_scopeUnitIds = nothing;
        return;
    }
    const Result<QStringList> scope = PipelineScope::visibleUnitIds(m_store, m_actorId);
    m_scopeUnitIds = scope ? scope.value() : nothing;
    if (!scope)
        showMessage(scope.error().message, true);
}

void PipelinePage::setActorId(const QString &actorId)
{
    if (actorId == m_actorId)
        return;
    saveSettings();
    m_actorId = actorId;
    m_mover->setActorId(actorId);
    computeScope();
    restoreSettings();
    m_loadedOnce = false; // another user's board: read it whole
    reload();
}

void PipelinePage::refreshRows(const QStringList &tables)
{
    static const QStringList shown
        = {u"deals"_s, u"activities"_s, u"customers"_s, u"stages"_s,
           u"units"_s, u"users"_s,      u"products"_s,  u"product_lines"_s};
    const bool relevant = std::any_of(tables.cbegin(), tables.cend(),
                                      [](const QString &table) { return shown.contains(table); });
    // The user's role or unit may have changed (or arrived with the first pull).
    if (tables.contains(u"users"_s) || tables.contains(u"units"_s))
        m_scopeStale = true;
    // A pull arrives in pages: read once things are quiet, not for every page.
    if (relevant)
        m_refreshTimer->start();
}

PipelinePage::~PipelinePage()
{
    saveSettings();
    m_loadWatcher.waitForFinished();
}

QString PipelinePage::settingsGroup() const
{
    return u"pipeline/"_s + (m_actorId.isEmpty() ? u"nobody"_s : m_actorId);
}

// ---- Building the page

void PipelinePage::createActions()
{
    const auto action = [this](const QString &name) {
        auto *a = new QAction(this);
        a->setObjectName(name);
        return a;
    };
    m_openAction = action(u"openDealAction"_s);
    m_moveNextAction = action(u"moveToNextStageAction"_s);
    m_moveNextAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right));
    m_movePreviousAction = action(u"moveToPreviousStageAction"_s);
    m_movePreviousAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Left));
    m_markWonAction = action(u"markWonAction"_s);
    m_markLostAction = action(u"markLostAction"_s);
    m_reopenAction = action(u"reopenDealAction"_s);
    m_findAction = action(u"findDealsAction"_s);
    m_findAction->setShortcut(QKeySequence(Qt::Key_Slash));
    m_boardViewAction = action(u"boardViewAction"_s);
    m_listViewAction = action(u"listViewAction"_s);
    m_exportAction = action(u"exportCsvAction"_s);
    m_clearFiltersAction = action(u"clearFiltersAction"_s);
    m_viewGroup = new QActionGroup(this);
    for (QAction *view : {m_boardViewAction, m_listViewAction}) {
        view->setCheckable(true);
        m_viewGroup->addAction(view);
    }
    m_boardViewAction->setChecked(true);

    connect(m_openAction, &QAction::triggered, this, [this] {
        const QList<qint64> rowIds = selectedRowIds();
        if (!rowIds.isEmpty())
            openDeal(rowIds.constFirst());
    });
    const auto moveBy = [this](int delta) {
        const QList<qint64> rowIds = selectedRowIds();
        if (m_mover->moveBy(rowIds, delta))
            m_boardWidget->selectRowId(rowIds.constFirst());
    };
    connect(m_moveNextAction, &QAction::triggered, this, [moveBy] { moveBy(1); });
    connect(m_movePreviousAction, &QAction::triggered, this, [moveBy] { moveBy(-1); });
    connect(m_markWonAction, &QAction::triggered, this,
            [this] { m_mover->move(selectedRowIds(), m_board->wonRow()); });
    connect(m_markLostAction, &QAction::triggered, this,
            [this] { m_mover->move(selectedRowIds(), m_board->lostRow()); });
    connect(m_reopenAction, &QAction::triggered, this,
            [this] { m_mover->reopen(selectedRowIds()); });
    connect(m_findAction, &QAction::triggered, this, &PipelinePage::focusSearch);
    connect(m_boardViewAction, &QAction::triggered, this, &PipelinePage::showBoard);
    connect(m_listViewAction, &QAction::triggered, this, &PipelinePage::showList);
    connect(m_exportAction, &QAction::triggered, this, &PipelinePage::exportWithDialog);
    connect(m_clearFiltersAction, &QAction::triggered, this, [this] {
        PipelineFilter cleared;
        m_filterBar->setFilter(cleared);
        applyFilter(cleared);
    });

    m_menu = new QMenu(this);
    m_menu->setObjectName(u"pipelineMenu"_s);
    m_menu->addAction(m_openAction);
    m_menu->addSeparator();
    m_menu->addAction(m_moveNextAction);
    m_menu->addAction(m_movePreviousAction);
    m_menu->addAction(m_markWonAction);
    m_menu->addAction(m_markLostAction);
    m_menu->addAction(m_reopenAction);
    m_menu->addSeparator();
    m_menu->addAction(m_findAction);
    m_menu->addAction(m_clearFiltersAction);
    m_menu->addSeparator();
    m_menu->addAction(m_boardViewAction);
    m_menu->addAction(m_listViewAction);
    m_menu->addSeparator();
    m_menu->addAction(m_exportAction);
}

void PipelinePage::createLayout()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 8);
    layout->setSpacing(10);

    // Title, count, sort and view.
    auto *top = new QHBoxLayout;
    top->setSpacing(10);
    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(u"pipelineTitleLabel"_s);
    m_titleLabel->setProperty("role", u"pageTitle"_s);
    m_titleLabel->setFont(scaledFont(font(), 1.55, QFont::DemiBold));
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(u"matchCountLabel"_s);
    m_countLabel->setProperty("muted", true);
    m_sortLabel = new QLabel(this);
    m_sortComboBox = new QComboBox(this);
    m_sortComboBox->setObjectName(u"sortComboBox"_s);
    m_sortComboBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sortLabel->setBuddy(m_sortComboBox);
    m_sortOrderButton = new QToolButton(this);
    m_sortOrderButton->setObjectName(u"sortOrderToolButton"_s);
    m_sortOrderButton->setAutoRaise(true);
    m_boardButton = new QToolButton(this);
    m_boardButton->setObjectName(u"boardViewToolButton"_s);
    m_boardButton->setDefaultAction(m_boardViewAction);
    m_listButton = new QToolButton(this);
    m_listButton->setObjectName(u"listViewToolButton"_s);
    m_listButton->setDefaultAction(m_listViewAction);
    m_exportButton = new QToolButton(this);
    m_exportButton->setObjectName(u"exportCsvToolButton"_s);
    m_exportButton->setDefaultAction(m_exportAction);
    for (QToolButton *button : {m_boardButton, m_listButton, m_exportButton})
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    top->addWidget(m_titleLabel);
    top->addWidget(m_countLabel, 0, Qt::AlignBottom);
    top->addStretch(1);
    top->addWidget(m_sortLabel);
    top->addWidget(m_sortComboBox);
    top->addWidget(m_sortOrderButton);
    top->addSpacing(12);
    top->addWidget(m_boardButton);
    top->addWidget(m_listButton);
    top->addSpacing(12);
    top->addWidget(m_exportButton);
    layout->addLayout(top);

    m_filterBar = new PipelineFilterBar(this);
    layout->addWidget(m_filterBar);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(u"pipelineMessageLabel"_s);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->hide();
    layout->addWidget(m_messageLabel);
    m_messageTimer = new QTimer(this);
    m_messageTimer->setSingleShot(true);
    connect(m_messageTimer, &QTimer::timeout, m_messageLabel, &QWidget::hide);

    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(u"pipelineStackedWidget"_s);
    m_boardWidget = new PipelineBoardWidget(m_board, m_stack);
    m_boardWidget->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tableView = new QTableView(m_stack);
    m_tableView->setObjectName(u"pipelineTableView"_s);
    m_tableView->setModel(m_tableModel);
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tableView->setAlternatingRowColors(true);
    m_tableView->setShowGrid(false);
    m_tableView->setWordWrap(false);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tableView->verticalHeader()->hide();
    m_tableView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_tableView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 14);
    QHeaderView *header = m_tableView->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    const int character = fontMetrics().averageCharWidth();
    using Column = PipelineTableModel::Column;
    const QList<std::pair<Column, int>> widths
        = {{Column::Title, 36},      {Column::Customer, 26},     {Column::Stage, 16},
           {Column::Status, 8},      {Column::Amount, 16},       {Column::Currency, 8},
           {Column::Probability, 9}, {Column::Owner, 14},        {Column::Unit, 18},
           {Column::Product, 20},    {Column::Region, 14},       {Column::ExpectedClose, 13},
           {Column::DaysInStage, 9}, {Column::LastActivity, 13}, {Column::NextActivity, 18}};
    for (const auto &[column, characters] : widths)
        header->resizeSection(int(column), character * characters);
    header->setSortIndicator(int(Column::ExpectedClose), Qt::AscendingOrder);
    m_tableView->setSortingEnabled(true);
    m_loadingLabel = new QLabel(m_stack);
    m_loadingLabel->setObjectName(u"pipelineLoadingLabel"_s);
    m_loadingLabel->setAlignment(Qt::AlignCenter);
    m_loadingLabel->setProperty("muted", true);
    m_stack->addWidget(m_boardWidget);
    m_stack->addWidget(m_tableView);
    m_stack->addWidget(m_loadingLabel);
    m_stack->setCurrentWidget(m_loadingLabel);
    layout->addWidget(m_stack, 1);

    // Keyboard commands act where the cards are, never while typing in a filter.
    for (QAction *command : {m_openAction, m_moveNextAction, m_movePreviousAction, m_markWonAction,
                             m_markLostAction, m_reopenAction, m_findAction}) {
        command->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_boardWidget->addAction(command);
        m_tableView->addAction(command);
    }

    connect(m_boardWidget, &PipelineBoardWidget::openRequested, this, &PipelinePage::openDeal);
    connect(m_boardWidget, &PipelineBoardWidget::selectionChanged, this,
            &PipelinePage::updateActions);
    connect(m_boardWidget, &PipelineBoardWidget::zoneActivated, this, [this](int row) {
        PipelineFilter filter = m_board->filter();
        filter.status
            = row == m_board->wonRow() ? PipelineFilter::Status::Won : PipelineFilter::Status::Lost;
        m_filterBar->setFilter(filter);
        applyFilter(filter);
    });
    connect(m_boardWidget, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { showContextMenu(m_boardWidget->mapToGlobal(pos)); });
    connect(m_tableView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        showContextMenu(m_tableView->viewport()->mapToGlobal(pos));
    });
    connect(m_tableView, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        openDeal(index.data(int(PipelineTableModel::Role::RowId)).toLongLong());
    });
    connect(m_tableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PipelinePage::updateActions);
    connect(header, &QWidget::customContextMenuRequested, this, [this, header](const QPoint &pos) {
        // Which columns the list shows (and the CSV export writes).
        QMenu menu(this);
        for (int section = 0; section < m_tableModel->columnCount(); ++section) {
            QAction *toggle
                = menu.addAction(m_tableModel->headerData(section, Qt::Horizontal).toString());
            toggle->setCheckable(true);
            toggle->setChecked(!header->isSectionHidden(section));
            toggle->setEnabled(section != int(PipelineTableModel::Column::Title));
            connect(toggle, &QAction::toggled, header,
                    [header, section](bool shown) { header->setSectionHidden(section, !shown); });
        }
        menu.exec(header->mapToGlobal(pos));
    });

    connect(m_sortComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_board->setSort(SortKey(m_sortComboBox->currentData().toInt()), m_board->sortOrder());
        m_saveTimer->start();
    });
    connect(m_sortOrderButton, &QToolButton::clicked, this, [this] {
        const Qt::SortOrder order
            = m_board->sortOrder() == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
        m_board->setSort(m_board->sortKey(), order);
        retranslate();
        m_saveTimer->start();
    });

    m_saveTimer = new QTimer(this);
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(saveDelayMs);
    connect(m_saveTimer, &QTimer::timeout, this, &PipelinePage::saveSettings);
    m_clockTimer = new QTimer(this);
    m_clockTimer->setInterval(clockIntervalMs);
    // Days in stage and rotting move with the clock.
    connect(m_clockTimer, &QTimer::timeout, this,
            [this] { m_board->setNow(QDateTime::currentMSecsSinceEpoch()); });
    m_clockTimer->start();
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(refreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &PipelinePage::reload);
}

void PipelinePage::fillSortComboBox()
{
    const QSignalBlocker blocker(m_sortComboBox);
    m_sortComboBox->clear();
    m_sortComboBox->addItem(tr("Expected close"), int(SortKey::ExpectedClose));
    m_sortComboBox->addItem(tr("Amount"), int(SortKey::Amount));
    m_sortComboBox->addItem(tr("Days in stage"), int(SortKey::DaysInStage));
    m_sortComboBox->addItem(tr("Last activity"), int(SortKey::LastActivity));
    m_sortComboBox->setCurrentIndex(std::max(0, m_sortComboBox->findData(int(m_board->sortKey()))));
}

void PipelinePage::retranslate()
{
    m_titleLabel->setText(tr("Pipeline"));
    m_sortLabel->setText(tr("&Sort by"));
    fillSortComboBox();
    const bool ascending = m_board->sortOrder() == Qt::AscendingOrder;
    m_sortOrderButton->setIcon(Theme::icon(ascending ? u"sort-up"_s : u"sort-down"_s));
    m_sortOrderButton->setToolTip(ascending ? tr("Ascending: click for descending")
                                            : tr("Descending: click for ascending"));
    m_sortOrderButton->setAccessibleName(ascending ? tr("Ascending") : tr("Descending"));
    m_openAction->setText(tr("&Open Deal"));
    m_openAction->setStatusTip(tr("Open the selected deal (Return or double-click)"));
    m_moveNextAction->setText(tr("Move to &Next Stage"));
    m_movePreviousAction->setText(tr("Move to &Previous Stage"));
    m_markWonAction->setText(tr("Mark as &Won"));
    m_markLostAction->setText(tr("Mark as &Lost…"));
    m_reopenAction->setText(tr("&Reopen"));
    m_findAction->setText(tr("&Search Deals"));
    m_clearFiltersAction->setText(tr("&Clear Filters"));
    m_boardViewAction->setText(tr("&Board"));
    m_boardViewAction->setToolTip(tr("Show the deals as a board"));
    m_listViewAction->setText(tr("&List"));
    m_listViewAction->setToolTip(tr("Show the deals as a list"));
    m_exportAction->setText(tr("&Export to CSV…"));
    m_exportAction->setToolTip(tr("Save the deals shown in the list as a CSV file"));
    m_menu->setTitle(tr("&Pipeline"));
    m_loadingLabel->setText(tr("Loading the pipeline…"));
    updateCount();
}

void PipelinePage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        m_tableModel->retranslate();
        m_board->retranslate();
    }
    QWidget::changeEvent(event);
}

void PipelinePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_tableModel->setActive(isListShown());
}

// ---- Settings

void PipelinePage::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup());
    PipelineFilter filter = PipelineFilter::fromVariantMap(settings.value(filterKey).toMap());
    filter.applyClosePreset(QDate::currentDate());
    const int sortKey = settings.value(sortKeyKey, int(SortKey::ExpectedClose)).toInt();
    const bool descending = settings.value(sortOrderKey).toString() == u"descending"_s;
    // Set before the deals arrive, so the first pass already filters and sorts.
    m_board->setSort(sortKey >= 0 && sortKey <= int(SortKey::LastActivity) ? SortKey(sortKey)
                                                                           : SortKey::ExpectedClose,
                     descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    m_board->setFilter(filter);
    m_filterBar->setFilter(filter);
    m_tableView->horizontalHeader()->restoreState(settings.value(tableHeaderKey).toByteArray());
    if (settings.value(viewKey).toString() == listView) {
        m_listViewAction->setChecked(true);
    }
}

void PipelinePage::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup());
    settings.setValue(filterKey, m_board->filter().toVariantMap());
    settings.setValue(sortKeyKey, int(m_board->sortKey()));
    settings.setValue(sortOrderKey,
                      m_board->sortOrder() == Qt::DescendingOrder ? u"descending"_s
                                                                  : u"ascending"_s);
    settings.setValue(viewKey, isListShown() ? listView : u"board"_s);
    settings.setValue(tableHeaderKey, m_tableView->horizontalHeader()->saveState());
}

// ---- Loading

void PipelinePage::reload()
{
    if (m_loading) {
        m_reloadPending = true; // what is being read may already be out of date
        return;
    }
    if (m_scopeStale)
        computeScope();
    m_loading = true;
    if (!m_loadedOnce)
        m_stack->setCurrentWidget(m_loadingLabel);
    const QString path = m_store.path();
    const QStringList units = m_scopeUnitIds;
    m_loadWatcher.setFuture(QtConcurrent::run([path, units] {
        auto outcome = std::make_shared<LoadOutcome>();
        Result<PipelineDataset> data = PipelineLoader::load(path, units);
        if (data)
            outcome->dataset = std::move(data).value();
        else
            outcome->error = data.error();
        return outcome;
    }));
}

void PipelinePage::loadFinished()
{
    m_loading = false;
    const std::shared_ptr<LoadOutcome> outcome = m_loadWatcher.result();
    if (!outcome || outcome->error.code != ErrorCode::None) {
        const QString message = outcome ? outcome->error.message : tr("The deals cannot be read.");
        showMessage(tr("The pipeline cannot be shown: %1").arg(message), true);
        if (!m_loadedOnce)
            m_loadingLabel->setText(tr("The pipeline cannot be shown."));
        Q_EMIT loadFailed(message);
        return;
    }
    if (m_loadedOnce)
        m_board->mergeDataset(std::move(outcome->dataset), m_scopeUnitIds);
    else
        m_board->setDataset(std::move(outcome->dataset), m_scopeUnitIds);
    m_filterBar->setChoices(m_board->dataset(), m_scopeUnitIds, m_actorId);
    m_loadedOnce = true;
    if (!m_board->filter().searchNeedle().isEmpty())
        m_searchGeneration = m_searcher->request(m_board->filter().searchNeedle());
    if (m_reloadPending) {
        m_reloadPending = false;
        QTimer::singleShot(0, this, &PipelinePage::reload);
    }
    if (m_listViewAction->isChecked())
        showList();
    else
        showBoard();
    updateCount();
    updateActions();
    Q_EMIT loaded();
}

// ---- Filtering

void PipelinePage::applyFilter(const PipelineFilter &filter)
{
    const bool searchChanged = filter.searchNeedle() != m_board->filter().searchNeedle();
    m_board->setFilter(filter);
    if (searchChanged && !filter.searchNeedle().isEmpty() && m_loadedOnce)
        m_searchGeneration = m_searcher->request(filter.searchNeedle());
    updateCount();
    m_saveTimer->start();
}

void PipelinePage::searchFinished(quint64 generation, const QString &text,
                                  const QList<qint64> &rowIds)
{
    if (generation != m_searchGeneration)
        return; // a newer search is on its way
    m_board->setSearchMatches(text, rowIds);
}

void PipelinePage::updateCount()
{
    if (!m_loadedOnce) {
        m_countLabel->clear();
        return;
    }
    const int count = m_board->matchCount();
    QString text;
    if (m_board->searchPending())
        text = tr("Searching…");
    else if (m_board->filter().isDefault())
        text = tr("%Ln open deal(s)", nullptr, count);
    else
        text = tr("%Ln deal(s) match", nullptr, count);
    m_countLabel->setText(text);
    m_countLabel->setAccessibleName(text);
}

// ---- Views and selection

void PipelinePage::focusSearch()
{
    m_filterBar->searchLineEdit()->setFocus(Qt::ShortcutFocusReason);
    m_filterBar->searchLineEdit()->selectAll();
}

void PipelinePage::showBoard()
{
    m_boardViewAction->setChecked(true);
    m_tableModel->setActive(false);
    if (m_loadedOnce)
        m_stack->setCurrentWidget(m_boardWidget);
    updateActions();
    m_saveTimer->start();
}

void PipelinePage::showList()
{
    m_listViewAction->setChecked(true);
    m_tableModel->setActive(true);
    if (m_loadedOnce)
        m_stack->setCurrentWidget(m_tableView);
    updateActions();
    m_saveTimer->start();
}

bool PipelinePage::isListShown() const
{
    return m_listViewAction->isChecked();
}

QList<qint64> PipelinePage::selectedRowIds() const
{
    if (!isListShown())
        return m_boardWidget->selectedRowIds();
    QModelIndexList rows = m_tableView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<qint64> rowIds;
    for (const QModelIndex &index : std::as_const(rows))
        rowIds.append(index.data(int(PipelineTableModel::Role::RowId)).toLongLong());
    return rowIds;
}

void PipelinePage::updateActions()
{
    const QList<qint64> rowIds = selectedRowIds();
    bool anyClosed = false;
    bool anyNotWon = false;
    bool anyNotLost = false;
    bool canAdvance = false;
    bool canGoBack = false;
    for (qint64 rowId : rowIds) {
        const int cardIndex = m_board->cardIndex(rowId);
        if (cardIndex < 0)
            continue;
        const PipelineCard &card = m_board->card(cardIndex);
        const bool open = card.status == quint8(Deal::Status::Open);
        anyClosed = anyClosed || !open;
        anyNotWon = anyNotWon || card.status != quint8(Deal::Status::Won);
        anyNotLost = anyNotLost || card.status != quint8(Deal::Status::Lost);
        const int column = m_board->columnOfCard(card);
        canAdvance = canAdvance || (open && column + 1 < m_board->stageColumnCount());
        canGoBack = canGoBack || (open && column > 0);
    }
    m_openAction->setEnabled(!rowIds.isEmpty());
    m_moveNextAction->setEnabled(canAdvance);
    m_movePreviousAction->setEnabled(canGoBack);
    m_markWonAction->setEnabled(anyNotWon);
    m_markLostAction->setEnabled(anyNotLost);
    m_reopenAction->setEnabled(anyClosed);
    m_exportAction->setEnabled(m_loadedOnce);
}

void PipelinePage::showContextMenu(const QPoint &globalPos)
{
    updateActions();
    if (selectedRowIds().isEmpty())
        return;
    QMenu menu(this);
    menu.addAction(m_openAction);
    menu.addSeparator();
    menu.addAction(m_moveNextAction);
    menu.addAction(m_movePreviousAction);
    menu.addAction(m_markWonAction);
    menu.addAction(m_markLostAction);
    menu.addAction(m_reopenAction);
    menu.exec(globalPos);
}

void PipelinePage::openDeal(qint64 rowId)
{
    const Result<QString> dealId = PipelineLoader::dealId(m_store, rowId);
    if (!dealId) {
        showMessage(dealId.error().message, true);
        return;
    }
    DealDialog dialog(m_store, dealId.value(), m_undoStack, m_actorId, this);
    dialog.exec();
}

// ---- Following edits

void PipelinePage::collectDeals(const QUndoCommand *command, QStringList &dealIds) const
{
    if (!command)
        return;
    if (const auto *edit = dynamic_cast<const EditDealCommand *>(command))
        dealIds.append(edit->dealId());
    if (const auto *activity = dynamic_cast<const AddActivityCommand *>(command))
        dealIds.append(activity->dealId());
    for (int i = 0; i < command->childCount(); ++i)
        collectDeals(command->child(i), dealIds);
}

void PipelinePage::undoIndexChanged(int index)
{
    const int from = std::min(index, m_undoIndex);
    const int to = std::max(index, m_undoIndex);
    m_undoIndex = index;
    if (!m_loadedOnce)
        return;
    QStringList dealIds;
    for (int i = from; i < to; ++i)
        collectDeals(m_undoStack->command(i), dealIds);
    dealIds.removeDuplicates();
    for (const QString &dealId : std::as_const(dealIds))
        refreshDeal(dealId);
    updateActions();
}

void PipelinePage::refreshDeal(const QString &dealId)
{
    Result<PipelineCard> card = PipelineLoader::readCard(m_store, dealId, m_board->dataset());
    if (!card) {
        if (card.error().code != ErrorCode::NotFound)
            showMessage(card.error().message, true);
        return;
    }
    if (!m_scopeUnitIds.isEmpty()) {
        // A deal handed to a unit this user does not see leaves the board.
        const PipelineDataset::UnitInfo *unit = m_board->dataset().unit(card->unit);
        if (!unit || !m_scopeUnitIds.contains(unit->id))
            card.value().removed = true;
    }
    m_board->updateCard(card.value());
}

// ---- Messages and export

void PipelinePage::showMessage(const QString &text, bool error)
{
    m_messageLabel->setText(text);
    m_messageLabel->setStyleSheet(
        error ? u"QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bc; "
                u"border-radius: 6px; padding: 6px 10px; }"_s
              : u"QLabel { background: #e8f0fd; color: #153e8a; border: 1px solid #c4d6f7; "
                u"border-radius: 6px; padding: 6px 10px; }"_s);
    m_messageLabel->show();
    m_messageTimer->start(error ? messageTimeoutMs * 2 : messageTimeoutMs);
}

bool PipelinePage::exportCsv(const QString &path, QString *errorMessage)
{
    // The list is what gets written: bring it up to date even when the board is shown.
    const bool wasActive = m_tableModel->isActive();
    m_tableModel->setActive(true);
    const QHeaderView *header = m_tableView->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    const Result<void> written = CsvWriter::writeFile(path, *m_tableModel, columns,
                                                      int(PipelineTableModel::Role::ExportValue));
    const int rows = m_tableModel->rowCount();
    m_tableModel->setActive(wasActive);
    if (!written) {
        if (errorMessage)
            *errorMessage = written.error().message;
        return false;
    }
    showMessage(
        tr("Exported %Ln deal(s) to %1.", nullptr, rows).arg(QDir::toNativeSeparators(path)),
        false);
    return true;
}

void PipelinePage::exportWithDialog()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    //: the suggested file name of a CSV export; %1 is today's date
    const QString suggested = QDir(folder).filePath(
        tr("pipeline-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate)));
    QString path = QFileDialog::getSaveFileName(this, tr("Export Deals"), suggested,
                                                tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(u".csv"_s, Qt::CaseInsensitive) && !QFileInfo::exists(path))
        path += u".csv"_s;
    QString error;
    if (!exportCsv(path, &error)) {
        QMessageBox box(QMessageBox::Warning, tr("Export Deals"),
                        tr("The deals could not be exported."), QMessageBox::Close, this);
        box.setInformativeText(error);
        box.exec();
    }
}

} // namespace Outpost
