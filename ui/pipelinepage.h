#pragma once

#include "pipelinefilter.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include <memory>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;
class QUndoCommand;
class QUndoStack;

namespace Outpost {

class LocalStore;
class PipelineBoardModel;
class PipelineBoardWidget;
class PipelineDataset;
class PipelineFilterBar;
class PipelineMover;
class PipelineSearcher;
class PipelineTableModel;
struct Error;

/// The Pipeline page: the kanban board of the deals the signed-in user sees (the stages of
/// their unit, or HQ's template across several units, plus Won and Lost), the filters above
/// it, and the same deals as a sortable list with CSV export.
///
/// The deals are read off the GUI thread (PipelineLoader on the thread pool; the search on
/// PipelineSearcher's thread); filtering, sorting and totals then happen in memory
/// (PipelineBoardModel). Moves go through PipelineMover: the same undoable edit as in the deal
/// dialog. Every change on the window's undo stack (a move here, an edit in a deal dialog, an
/// undo or redo) refreshes exactly the deals it touched. Filters, sort order and view are
/// remembered per user in QSettings. GUI thread only.
class PipelinePage : public QWidget
{
    Q_OBJECT

public:
    /// actorId: the signed-in user (empty: nobody; every unit is shown).
    PipelinePage(LocalStore &store, QUndoStack *undoStack, QString actorId,
                 QWidget *parent = nullptr);
    ~PipelinePage() override;

    /// Reads the deals again (in the background; loaded() follows). A board already shown is
    /// brought up to date card by card, keeping selection and scroll position.
    void reload();
    /// Rows of these tables changed behind the page's back (received by sync): the board reads
    /// the deals again once things have been quiet for a moment.
    void refreshRows(const QStringList &tables);
    /// The signed-in user changed: edits are recorded under them, and the board shows what they
    /// see with the filters they left.
    void setActorId(const QString &actorId);
    bool isLoading() const { return m_loading; }

    PipelineBoardModel *boardModel() const { return m_board; }
    PipelineTableModel *tableModel() const { return m_tableModel; }
    PipelineBoardWidget *boardWidget() const { return m_boardWidget; }
    PipelineFilterBar *filterBar() const { return m_filterBar; }
    PipelineMover *mover() const { return m_mover; }
    PipelineSearcher *searcher() const { return m_searcher; }
    QTableView *tableView() const { return m_tableView; }

    /// The Pipeline menu of the main window (deal commands, views, export).
    QMenu *menu() const { return m_menu; }
    QAction *openDealAction() const { return m_openAction; }
    QAction *moveNextAction() const { return m_moveNextAction; }
    QAction *movePreviousAction() const { return m_movePreviousAction; }
    QAction *markWonAction() const { return m_markWonAction; }
    QAction *markLostAction() const { return m_markLostAction; }
    QAction *reopenAction() const { return m_reopenAction; }
    QAction *findAction() const { return m_findAction; }
    QAction *exportAction() const { return m_exportAction; }

    /// Focuses the search field and selects its text (Edit > Find on this page).
    void focusSearch();
    void showBoard();
    void showList();
    bool isListShown() const;

    /// The deals selected on the board (or in the list), as deals.rowid.
    QList<qint64> selectedRowIds() const;
    /// Opens the deal dialog for the deal of rowId.
    void openDeal(qint64 rowId);
    /// Writes the deals shown in the list (its visible columns, in its order) to path as CSV.
    bool exportCsv(const QString &path, QString *errorMessage = nullptr);

    /// The QSettings group of this user's board settings.
    QString settingsGroup() const;

Q_SIGNALS:
    /// The deals were read and the board shows them.
    void loaded();
    /// Reading the deals failed; the message is translated.
    void loadFailed(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct LoadOutcome;
    void createActions();
    void createLayout();
    void retranslate();
    void restoreSettings();
    void saveSettings() const;
    void applyFilter(const PipelineFilter &filter);
    void computeScope();
    void searchFinished(quint64 generation, const QString &text, const QList<qint64> &rowIds);
    void loadFinished();
    void updateCount();
    void updateActions();
    void undoIndexChanged(int index);
    void collectDeals(const QUndoCommand *command, QStringList &dealIds) const;
    void refreshDeal(const QString &dealId);
    void showMessage(const QString &text, bool error);
    void exportWithDialog();
    void fillSortComboBox();
    void showContextMenu(const QPoint &globalPos);

    LocalStore &m_store;
    QPointer<QUndoStack> m_undoStack;
    QString m_actorId;
    QStringList m_scopeUnitIds;
    PipelineBoardModel *m_board;
    PipelineTableModel *m_tableModel;
    PipelineSearcher *m_searcher;
    PipelineMover *m_mover;
    QFutureWatcher<std::shared_ptr<LoadOutcome>> m_loadWatcher;
    bool m_loading = false;
    bool m_loadedOnce = false;
    bool m_reloadPending = false;
    bool m_scopeStale = false; ///< users or units changed: read the scope again at the next load
    quint64 m_searchGeneration = 0;
    int m_undoIndex = 0;

    QLabel *m_titleLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_messageLabel = nullptr;
    QTimer *m_messageTimer = nullptr;
    QTimer *m_saveTimer = nullptr;
    QTimer *m_clockTimer = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QToolButton *m_boardButton = nullptr;
    QToolButton *m_listButton = nullptr;
    QLabel *m_sortLabel = nullptr;
    QComboBox *m_sortComboBox = nullptr;
    QToolButton *m_sortOrderButton = nullptr;
    QToolButton *m_exportButton = nullptr;
    PipelineFilterBar *m_filterBar = nullptr;
    QStackedWidget *m_stack = nullptr;
    PipelineBoardWidget *m_boardWidget = nullptr;
    QTableView *m_tableView = nullptr;
    QLabel *m_loadingLabel = nullptr;

    QMenu *m_menu = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_moveNextAction = nullptr;
    QAction *m_movePreviousAction = nullptr;
    QAction *m_markWonAction = nullptr;
    QAction *m_markLostAction = nullptr;
    QAction *m_reopenAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_boardViewAction = nullptr;
    QAction *m_listViewAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_clearFiltersAction = nullptr;
    QActionGroup *m_viewGroup = nullptr;
};

} // namespace Outpost
