#include "syncissuespage.h"
#include "ui_syncissuespage.h"

#include "theme.h"
#include "uilogging.h"

#include "localstore.h"
#include "syncissuesmodel.h"
#include "syncstore.h"

#include <QAction>
#include <QDateTime>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSet>
#include <QSortFilterProxyModel>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using Column = SyncIssuesModel::Column;

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

SyncIssuesPage::SyncIssuesPage(LocalStore &store, QString actorId, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SyncIssuesPage>())
    , m_store(store)
    , m_actorId(std::move(actorId))
    , m_model(new SyncIssuesModel(store, this))
    , m_proxyModel(new QSortFilterProxyModel(this))
{
    m_ui->setupUi(this);
    setObjectName(u"syncIssuesPage"_s);
    m_ui->emptyIssuesIconLabel->setPixmap(Theme::icon(u"sync-clear"_s).pixmap(96, 96));
    m_ui->reapplyPushButton->setDefault(false);
    setUpTable();

    connect(m_ui->reapplyPushButton, &QPushButton::clicked, this, &SyncIssuesPage::reapplySelected);
    connect(m_ui->dismissPushButton, &QPushButton::clicked, this, &SyncIssuesPage::dismissSelected);
    // Every change of the rows may change what the buttons and the details say.
    const auto rowsChanged = [this] {
        updateActions();
        updateDetails();
    };
    connect(m_proxyModel, &QAbstractItemModel::rowsInserted, this, rowsChanged);
    connect(m_proxyModel, &QAbstractItemModel::rowsRemoved, this, rowsChanged);
    connect(m_proxyModel, &QAbstractItemModel::modelReset, this, rowsChanged);
    connect(m_proxyModel, &QAbstractItemModel::dataChanged, this, &SyncIssuesPage::updateDetails);

    reload();
    retranslate();
}

SyncIssuesPage::~SyncIssuesPage() = default;

void SyncIssuesPage::setUpTable()
{
    QTableView *view = m_ui->syncIssuesTableView;
    m_proxyModel->setSourceModel(m_model);
    m_proxyModel->setSortRole(int(SyncIssuesModel::Role::SortValue));
    m_proxyModel->setSortLocaleAware(true);
    view->setModel(m_proxyModel);

    const QFontMetrics metrics(view->font());
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(metrics.height() + 14);
    QHeaderView *header = view->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setHighlightSections(false);
    header->setMinimumSectionSize(metrics.averageCharWidth() * 6);
    const int character = metrics.averageCharWidth();
    const QFontMetrics headerMetrics(header->font());
    const auto setWidth = [this, header, character, headerMetrics](Column column, int characters) {
        const QString title = m_model->headerData(int(column), Qt::Horizontal).toString();
        header->resizeSection(
            int(column), qMax(character * characters, headerMetrics.horizontalAdvance(title) + 40));
    };
    // A date and time of this locale as wide as they get, and room for the sort arrow.
    const QString widestWhen
        = QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)), QLocale::ShortFormat);
    header->resizeSection(int(Column::When), metrics.horizontalAdvance(widestWhen) + 44);
    setWidth(Column::Record, 30);
    setWidth(Column::Field, 12);
    setWidth(Column::Kind, 9);
    setWidth(Column::Reason, 40);
    setWidth(Column::YourValue, 24);
    setWidth(Column::ServerValue, 24);
    header->setStretchLastSection(true);
    header->setSortIndicator(int(Column::When), Qt::DescendingOrder);
    view->sortByColumn(int(Column::When), Qt::DescendingOrder);

    // Delete dismisses, as in a mail client; the context menu offers both actions.
    auto *dismissAction = new QAction(view);
    dismissAction->setObjectName(u"dismissIssueAction"_s);
    dismissAction->setShortcut(QKeySequence::Delete);
    dismissAction->setShortcutContext(Qt::WidgetShortcut);
    connect(dismissAction, &QAction::triggered, this, &SyncIssuesPage::dismissSelected);
    view->addAction(dismissAction);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this, view](QPoint pos) {
        if (selectedIssueIds().isEmpty())
            return;
        QMenu menu(this);
        QAction *reapply = menu.addAction(m_ui->reapplyPushButton->text());
        QAction *dismiss = menu.addAction(m_ui->dismissPushButton->text());
        connect(reapply, &QAction::triggered, this, &SyncIssuesPage::reapplySelected);
        connect(dismiss, &QAction::triggered, this, &SyncIssuesPage::dismissSelected);
        menu.exec(view->viewport()->mapToGlobal(pos));
    });

    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SyncIssuesPage::updateDetails);
}

void SyncIssuesPage::reload()
{
    if (Result<void> loaded = m_model->reload(); !loaded) {
        qCWarning(lcUi) << "cannot read the sync issues:" << loaded.error().message;
        // Shown in place of the details: a failed refresh must not interrupt with a dialog.
        m_ui->syncIssueDetailTitleLabel->setText(tr("The sync issues cannot be read"));
        m_ui->syncIssueDetailLabel->setText(escaped(loaded.error().message));
        return;
    }
    const int count = openIssueCount();
    m_ui->syncIssuesStackedWidget->setCurrentWidget(count > 0 ? m_ui->issueListPage
                                                              : m_ui->emptyIssuesPage);
    // A first issue arriving while the page is open gets selected, so the details show it.
    QTableView *view = m_ui->syncIssuesTableView;
    if (count > 0 && !view->selectionModel()->hasSelection())
        view->selectRow(0);
    updateCountLabel();
    updateActions();
    updateDetails();
    if (count != m_lastCount) {
        m_lastCount = count;
        Q_EMIT openIssueCountChanged(count);
    }
}

int SyncIssuesPage::openIssueCount() const
{
    return m_model->rowCount();
}

QList<qint64> SyncIssuesPage::selectedIssueIds() const
{
    QModelIndexList rows = m_ui->syncIssuesTableView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<qint64> ids;
    for (const QModelIndex &index : std::as_const(rows))
        ids.append(index.data(int(SyncIssuesModel::Role::IssueId)).toLongLong());
    return ids;
}

void SyncIssuesPage::reapplySelected()
{
    const QList<qint64> ids = selectedIssueIds();
    if (ids.isEmpty())
        return;
    SyncStore sync(m_store);
    QSet<QString> tables;
    QStringList failures;
    for (const qint64 id : ids) {
        const int row = m_model->rowOfIssue(id);
        const QString record = row >= 0 ? m_model->recordText(m_model->issue(row)) : QString();
        if (Result<void> done = sync.reapply(id, m_actorId); !done) {
            failures.append(tr("%1: %2").arg(record, done.error().message));
            continue;
        }
        if (row >= 0)
            tables.insert(m_model->issue(row).table);
    }
    if (!tables.isEmpty()) {
        QStringList changed(tables.cbegin(), tables.cend());
        std::sort(changed.begin(), changed.end());
        Q_EMIT changesWritten(changed);
    }
    afterResolving(failures, tr("Some values cannot be re-applied"));
}

void SyncIssuesPage::dismissSelected()
{
    const QList<qint64> ids = selectedIssueIds();
    if (ids.isEmpty())
        return;
    SyncStore sync(m_store);
    QStringList failures;
    for (const qint64 id : ids) {
        if (Result<void> done = sync.dismiss(id); !done)
            failures.append(done.error().message);
    }
    afterResolving(failures, tr("Some issues cannot be dismissed"));
}

void SyncIssuesPage::afterResolving(const QStringList &failures, const QString &failureTitle)
{
    reload();
    if (failures.isEmpty())
        return;
    QMessageBox box(QMessageBox::Warning, failureTitle, failureTitle, QMessageBox::Close, this);
    box.setInformativeText(failures.mid(0, 10).join(u'\n'));
    box.exec();
}

void SyncIssuesPage::updateActions()
{
    const int selected = int(selectedIssueIds().size());
    m_ui->reapplyPushButton->setEnabled(selected > 0);
    m_ui->dismissPushButton->setEnabled(selected > 0);
    m_ui->reapplyPushButton->setText(selected > 1 ? tr("&Re-apply My Values (%1)").arg(selected)
                                                  : tr("&Re-apply My Value"));
    m_ui->dismissPushButton->setText(selected > 1 ? tr("&Dismiss (%1)").arg(selected)
                                                  : tr("&Dismiss"));
}

void SyncIssuesPage::updateCountLabel()
{
    const int count = openIssueCount();
    m_ui->syncIssueCountLabel->setText(count > 0 ? tr("%Ln open issue(s)", nullptr, count)
                                                 : QString());
}

void SyncIssuesPage::updateDetails()
{
    const QModelIndex current = m_ui->syncIssuesTableView->currentIndex();
    const QModelIndex source = m_proxyModel->mapToSource(current);
    if (!source.isValid()) {
        m_ui->syncIssueDetailTitleLabel->setText(tr("No issue selected"));
        m_ui->syncIssueDetailLabel->setText(
            escaped(tr("Select an issue to see what happened and both values.")));
        return;
    }
    const SyncStore::Issue &issue = m_model->issue(source.row());
    m_ui->syncIssueDetailTitleLabel->setText(m_model->recordText(issue));

    QStringList lines;
    QString reason = u"<b>%1</b>"_s.arg(escaped(SyncIssuesModel::reasonText(issue)));
    if (!issue.message.isEmpty())
        reason += u" — "_s + escaped(tr("the server said: %1").arg(issue.message));
    lines.append(reason);
    const QString field = m_model->index(source.row(), int(Column::Field)).data().toString();
    lines.append(
        tr("Your value (%1): %2").arg(escaped(field), escaped(m_model->yourValueText(issue))));
    lines.append(tr("Server value: %1").arg(escaped(m_model->serverValueText(issue))));
    lines.append(u"<span style=\"color:#677185\">%1</span>"_s.arg(
        escaped(SyncIssuesModel::reasonDescription(issue))));
    m_ui->syncIssueDetailLabel->setText(lines.join(u"<br>"_s));
}

void SyncIssuesPage::retranslate()
{
    m_model->retranslate();
    updateActions();
    updateCountLabel();
    updateDetails();
}

void SyncIssuesPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
    }
    QWidget::changeEvent(event);
}

} // namespace Outpost
