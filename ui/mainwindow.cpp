#include "mainwindow.h"

#include "aboutdialog.h"
#include "customerspage.h"
#include "languagemanager.h"
#include "pipelinepage.h"
#include "preferencesdialog.h"
#include "signindialog.h"
#include "syncissuespage.h"
#include "syncsession.h"
#include "syncstatuswidget.h"
#include "theme.h"

#include "localstore.h"
#include "organizationrepository.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString geometryKey = u"mainWindow/geometry"_s;
const QString stateKey = u"mainWindow/state"_s;
const QString pageKey = u"mainWindow/page"_s;

// A status bar entry: a small icon and a text label (returned) in a widget added to bar.
QLabel *addStatusEntry(QStatusBar *bar, const QString &iconName, const QString &objectName)
{
    auto *entry = new QWidget(bar);
    auto *layout = new QHBoxLayout(entry);
    layout->setContentsMargins(10, 0, 10, 0);
    layout->setSpacing(6);
    auto *icon = new QLabel(entry);
    const int size = entry->fontMetrics().height();
    icon->setPixmap(Theme::icon(iconName).pixmap(size, size));
    auto *text = new QLabel(entry);
    text->setObjectName(objectName);
    layout->addWidget(icon);
    layout->addWidget(text);
    bar->addPermanentWidget(entry);
    return text;
}

} // namespace

MainWindow::MainWindow(LocalStore &store, const QString &profileName, const QString &userId,
                       LanguageManager &languages, QWidget *parent)
    : QMainWindow(parent)
    , m_store(store)
    , m_languages(languages)
    , m_profileName(profileName)
    , m_userId(userId)
    , m_undoStack(new QUndoStack(this))
{
    Theme::initResources();
    setObjectName(u"mainWindow"_s);
    setWindowIcon(Theme::applicationIcon());
    createNavigation();
    createActions();
    createMenus();
    createStatusBar();

    // The pipeline is where a rep works: the first page, and its menu before Help.
    m_pipelinePage = new PipelinePage(m_store, m_undoStack, m_userId, this);
    addPage(m_pipelinePage, Theme::icon(u"pipeline"_s), [] { return tr("Pipeline"); });
    menuBar()->insertMenu(m_helpMenu->menuAction(), m_pipelinePage->menu());
    connect(this, &MainWindow::remoteRowsChanged, m_pipelinePage, &PipelinePage::refreshRows);

    m_customersPage = new CustomersPage(m_store, m_undoStack, m_userId, this);
    addPage(m_customersPage, Theme::icon(u"customers"_s), [] { return tr("Customers"); });

    // Replication: File menu entries, the sync state in the status bar, and the Sync Issues
    // page, which stays the last page.
    createSync();

    retranslate();
    restoreWindowState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createNavigation()
{
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *navigationFrame = new QFrame(central);
    navigationFrame->setObjectName(u"navigationFrame"_s);
    auto *navigationLayout = new QVBoxLayout(navigationFrame);
    navigationLayout->setContentsMargins(0, 0, 0, 0);
    navigationLayout->setSpacing(0);

    // The brand at the top of the navigation: the mark and the product name.
    auto *brand = new QWidget(navigationFrame);
    brand->setObjectName(u"brandWidget"_s);
    auto *brandLayout = new QHBoxLayout(brand);
    brandLayout->setContentsMargins(18, 16, 18, 8);
    brandLayout->setSpacing(10);
    auto *brandIcon = new QLabel(brand);
    brandIcon->setPixmap(Theme::applicationIcon().pixmap(28, 28));
    m_brandLabel = new QLabel(u"Outpost"_s, brand);
    m_brandLabel->setObjectName(u"brandLabel"_s);
    QFont brandFont = m_brandLabel->font();
    brandFont.setPointSizeF(brandFont.pointSizeF() * 1.3);
    brandFont.setWeight(QFont::DemiBold);
    m_brandLabel->setFont(brandFont);
    brandLayout->addWidget(brandIcon);
    brandLayout->addWidget(m_brandLabel, 1);
    navigationLayout->addWidget(brand);

    m_navigation = new QListWidget(navigationFrame);
    m_navigation->setObjectName(u"navigationListWidget"_s);
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setSelectionMode(QAbstractItemView::SingleSelection);
    m_navigation->setUniformItemSizes(true);
    navigationLayout->addWidget(m_navigation, 1);
    navigationFrame->setFixedWidth(qMax(200, fontMetrics().averageCharWidth() * 26));

    m_stack = new QStackedWidget(central);
    m_stack->setObjectName(u"pageStackedWidget"_s);
    layout->addWidget(navigationFrame);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_pages.size())
            showPage(row);
    });
}

void MainWindow::createActions()
{
    m_quitAction = new QAction(this);
    m_quitAction->setObjectName(u"quitAction"_s);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_undoAction = new QAction(this);
    m_undoAction->setObjectName(u"undoAction"_s);
    m_undoAction->setShortcuts(QKeySequence::Undo);
    connect(m_undoAction, &QAction::triggered, m_undoStack, &QUndoStack::undo);

    m_redoAction = new QAction(this);
    m_redoAction->setObjectName(u"redoAction"_s);
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    const QKeySequence ctrlShiftZ(Qt::CTRL | Qt::SHIFT | Qt::Key_Z);
    if (!redoKeys.contains(ctrlShiftZ))
        redoKeys.append(ctrlShiftZ);
    m_redoAction->setShortcuts(redoKeys);
    connect(m_redoAction, &QAction::triggered, m_undoStack, &QUndoStack::redo);

    connect(m_undoStack, &QUndoStack::canUndoChanged, this, &MainWindow::updateUndoActions);
    connect(m_undoStack, &QUndoStack::canRedoChanged, this, &MainWindow::updateUndoActions);
    connect(m_undoStack, &QUndoStack::undoTextChanged, this, &MainWindow::updateUndoActions);
    connect(m_undoStack, &QUndoStack::redoTextChanged, this, &MainWindow::updateUndoActions);

    m_findAction = new QAction(this);
    m_findAction->setObjectName(u"findAction"_s);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        if (m_pipelinePage && m_stack->currentWidget() == m_pipelinePage) {
            m_pipelinePage->focusSearch();
            return;
        }
        if (!m_customersPage)
            return;
        showPage(m_stack->indexOf(m_customersPage));
        m_customersPage->focusSearch();
    });

    m_preferencesAction = new QAction(this);
    m_preferencesAction->setObjectName(u"preferencesAction"_s);
    // Not every platform defines a Preferences key; Ctrl+, is the common choice elsewhere.
    m_preferencesAction->setShortcuts(
        QKeySequence::keyBindings(QKeySequence::Preferences).isEmpty()
            ? QList<QKeySequence> {QKeySequence(Qt::CTRL | Qt::Key_Comma)}
            : QKeySequence::keyBindings(QKeySequence::Preferences));
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    connect(m_preferencesAction, &QAction::triggered, this, &MainWindow::showPreferences);

    m_aboutAction = new QAction(this);
    m_aboutAction->setObjectName(u"aboutAction"_s);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_aboutQtAction = new QAction(this);
    m_aboutQtAction->setObjectName(u"aboutQtAction"_s);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);

    m_pageActions = new QActionGroup(this);
    m_pageActions->setExclusive(true);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(u"fileMenu"_s);
    m_fileMenu->addAction(m_quitAction);

    m_editMenu = menuBar()->addMenu(QString());
    m_editMenu->setObjectName(u"editMenu"_s);
    m_editMenu->addAction(m_undoAction);
    m_editMenu->addAction(m_redoAction);
    m_editMenu->addSeparator();
    m_editMenu->addAction(m_findAction);
    m_editMenu->addSeparator();
    m_editMenu->addAction(m_preferencesAction);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(u"viewMenu"_s);

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(u"helpMenu"_s);
    m_helpMenu->addAction(m_aboutAction);
    m_helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::createStatusBar()
{
    QStatusBar *bar = statusBar();
    bar->setSizeGripEnabled(true);
    // Left: transient messages (and, later, the sync state). Right: who and where.
    m_userLabel = addStatusEntry(bar, u"user"_s, u"userStatusLabel"_s);
    m_unitLabel = addStatusEntry(bar, u"unit"_s, u"unitStatusLabel"_s);
    m_profileLabel = addStatusEntry(bar, u"profile"_s, u"profileStatusLabel"_s);

    refreshUserNames();
}

void MainWindow::refreshUserNames()
{
    OrganizationRepository organization(m_store);
    if (!m_userId.isEmpty()) {
        if (const Result<User> user = organization.user(m_userId)) {
            m_userName = user->name;
            m_userRole = user->role;
            if (const Result<Unit> unit = organization.unit(user->unitId))
                m_unitName = unit->name;
        }
    }
}

int MainWindow::addPage(QWidget *page, const QIcon &icon, std::function<QString()> title)
{
    const int index = int(m_pages.size());
    Page entry;
    entry.widget = page;
    entry.title = std::move(title);
    entry.item = new QListWidgetItem(icon, entry.title(), m_navigation);
    entry.item->setSizeHint(QSize(0, fontMetrics().height() + 18));
    entry.action = new QAction(icon, entry.title(), m_pageActions);
    entry.action->setObjectName(u"showPage%1Action"_s.arg(index + 1));
    entry.action->setCheckable(true);
    if (index < 9)
        entry.action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    connect(entry.action, &QAction::triggered, this, [this, index] { showPage(index); });
    m_viewMenu->addAction(entry.action);
    m_stack->addWidget(page);
    m_pages.append(entry);
    if (index == 0)
        showPage(0);
    return index;
}

void MainWindow::showPage(int index)
{
    if (index < 0 || index >= m_pages.size())
        return;
    const Page &page = m_pages.at(index);
    m_stack->setCurrentWidget(page.widget);
    if (m_navigation->currentRow() != index)
        m_navigation->setCurrentRow(index);
    page.action->setChecked(true);
    // Edit > Find searches what the page shows.
    m_findAction->setText(page.widget == m_pipelinePage ? tr("&Find Deals…")
                                                        : tr("&Find Customer…"));
    updateWindowTitle();
}

int MainWindow::currentPageIndex() const
{
    return m_stack->currentIndex();
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(this);
    dialog.setLanguageCode(m_languages.code());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString code = dialog.languageCode();
    LanguageManager::storeCode(code);
    if (code != m_languages.code())
        m_languages.apply(code);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(m_store.sqliteVersion(), this);
    dialog.exec();
}

QString MainWindow::roleLabel(const QString &role)
{
    if (role == u"rep"_s)
        return tr("Sales rep");
    if (role == u"lead"_s)
        return tr("Unit lead");
    if (role == u"hq"_s)
        return tr("Headquarters");
    if (role == u"admin"_s)
        return tr("Administrator");
    if (role == u"csm"_s)
        return tr("Customer success manager");
    if (role == u"delivery"_s)
        return tr("Delivery specialist");
    if (role == u"strategist"_s)
        return tr("Data strategist");
    return role;
}

void MainWindow::retranslate()
{
    m_fileMenu->setTitle(tr("&File"));
    m_editMenu->setTitle(tr("&Edit"));
    m_viewMenu->setTitle(tr("&View"));
    m_helpMenu->setTitle(tr("&Help"));
    m_quitAction->setText(tr("&Quit"));
    m_findAction->setText(m_pipelinePage && m_stack->currentWidget() == m_pipelinePage
                              ? tr("&Find Deals…")
                              : tr("&Find Customer…"));
    m_preferencesAction->setText(tr("&Preferences…"));
    m_aboutAction->setText(tr("&About Outpost"));
    m_aboutQtAction->setText(tr("About &Qt"));
    m_navigation->setAccessibleName(tr("Navigation"));
    retranslateSync();
    updatePageTitles();
    updateUndoActions();
    updateStatusBar();
    updateWindowTitle();
}

void MainWindow::updatePageTitles()
{
    for (const Page &page : std::as_const(m_pages)) {
        const QString title = page.title();
        page.item->setText(title);
        page.action->setText(title);
        page.action->setStatusTip(tr("Show %1").arg(title));
    }
    updateWindowTitle();
}

void MainWindow::updateUndoActions()
{
    m_undoAction->setEnabled(m_undoStack->canUndo());
    m_redoAction->setEnabled(m_undoStack->canRedo());
    const QString undoText = m_undoStack->undoText();
    const QString redoText = m_undoStack->redoText();
    m_undoAction->setText(undoText.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(undoText));
    m_redoAction->setText(redoText.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(redoText));
}

void MainWindow::updateStatusBar()
{
    if (m_userName.isEmpty()) {
        m_userLabel->setText(tr("Not signed in"));
        m_userLabel->setToolTip(QString());
    } else {
        const QString role = roleLabel(m_userRole);
        m_userLabel->setText(tr("%1 (%2)").arg(m_userName, role));
        m_userLabel->setToolTip(tr("Signed in as %1, %2").arg(m_userName, role));
    }
    m_unitLabel->setText(m_unitName.isEmpty() ? tr("No unit") : m_unitName);
    m_unitLabel->setToolTip(tr("Your sales unit"));
    m_profileLabel->setText(m_profileName);
    m_profileLabel->setToolTip(tr("Profile %1, stored in %2").arg(m_profileName, m_store.path()));
}

void MainWindow::updateWindowTitle()
{
    const int index = currentPageIndex();
    // QApplication::applicationDisplayName ("Outpost") is appended by the platform.
    setWindowTitle(index >= 0 && index < m_pages.size() ? m_pages.at(index).title() : QString());
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(geometryKey).toByteArray())) {
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
        const QSize size(qMin(1480, available.width() * 9 / 10),
                         qMin(900, available.height() * 9 / 10));
        resize(size);
        move(available.center() - QPoint(size.width() / 2, size.height() / 2));
    }
    restoreState(settings.value(stateKey).toByteArray());
    showPage(qBound(0, settings.value(pageKey, 0).toInt(), int(m_pages.size()) - 1));
}

void MainWindow::createSync()
{
    m_syncSession = new SyncSession(m_store, m_profileName, this);

    m_signInAction = new QAction(this);
    m_signInAction->setObjectName(u"signInAction"_s);
    connect(m_signInAction, &QAction::triggered, this, &MainWindow::showSignIn);
    m_signOutAction = new QAction(this);
    m_signOutAction->setObjectName(u"signOutAction"_s);
    connect(m_signOutAction, &QAction::triggered, this, &MainWindow::signOut);
    m_syncNowAction = new QAction(this);
    m_syncNowAction->setObjectName(u"syncNowAction"_s);
    QList<QKeySequence> syncKeys {QKeySequence(Qt::Key_F5)};
    for (const QKeySequence &key : QKeySequence::keyBindings(QKeySequence::Refresh)) {
        if (!syncKeys.contains(key))
            syncKeys.append(key);
    }
    m_syncNowAction->setShortcuts(syncKeys);
    connect(m_syncNowAction, &QAction::triggered, this, [this] {
        if (m_syncSession->isSignedIn())
            m_syncSession->syncNow();
        else
            showSignIn();
    });
    m_fileMenu->insertAction(m_quitAction, m_syncNowAction);
    m_fileMenu->insertSeparator(m_quitAction);
    m_fileMenu->insertAction(m_syncNowAction, m_signInAction);
    m_fileMenu->insertAction(m_syncNowAction, m_signOutAction);
    m_fileMenu->insertSeparator(m_syncNowAction);

    // Before the user, unit and profile: always visible, unlike transient messages.
    m_syncStatus = new SyncStatusWidget(*m_syncSession, statusBar());
    statusBar()->insertPermanentWidget(0, m_syncStatus);
    connect(m_syncStatus, &SyncStatusWidget::syncRequested, m_syncSession, &SyncSession::syncNow);
    connect(m_syncStatus, &SyncStatusWidget::signInRequested, this, &MainWindow::showSignIn);

    m_syncIssuesPage = new SyncIssuesPage(m_store, m_userId, this);
    addPage(m_syncIssuesPage, Theme::icon(u"sync-issues"_s), [this] { return syncIssuesTitle(); });
    connect(m_syncIssuesPage, &SyncIssuesPage::openIssueCountChanged, this,
            &MainWindow::updatePageTitles);
    connect(m_syncIssuesPage, &SyncIssuesPage::changesWritten, this,
            [this](const QStringList &tables) {
                m_syncSession->notifyLocalChanges();
                m_customersPage->refreshRows(tables);
                Q_EMIT remoteRowsChanged(tables);
            });

    connect(m_syncSession, &SyncSession::signedInChanged, this, &MainWindow::updateSyncActions);
    connect(m_syncSession, &SyncSession::syncIssuesChanged, m_syncIssuesPage,
            &SyncIssuesPage::reload);
    connect(m_syncSession, &SyncSession::rowsChanged, this, [this](const QStringList &tables) {
        m_customersPage->refreshRows(tables);
        m_syncIssuesPage->reload();
        if (tables.contains(u"users"_s) || tables.contains(u"units"_s)) {
            refreshUserNames();
            updateStatusBar();
        }
        Q_EMIT remoteRowsChanged(tables);
    });
    connect(m_syncSession, &SyncSession::userChanged, this, &MainWindow::setSignedInUser);
    connect(m_syncSession, &SyncSession::keychainUnavailable, this,
            [this](const QString &message) { statusBar()->showMessage(message, 20'000); });
    // Every edit, undo and redo wrote to the outbox: push it soon.
    connect(m_undoStack, &QUndoStack::indexChanged, m_syncSession,
            &SyncSession::notifyLocalChanges);
    connect(this, &MainWindow::signedInUserChanged, this, [this](const QString &userId) {
        m_customersPage->setActorId(userId);
        m_syncIssuesPage->setActorId(userId);
        m_pipelinePage->setActorId(userId);
    });
    updateSyncActions();
}

QString MainWindow::syncIssuesTitle() const
{
    const int open = m_syncIssuesPage ? m_syncIssuesPage->openIssueCount() : 0;
    return open > 0 ? tr("Sync Issues (%1)").arg(QLocale().toString(open)) : tr("Sync Issues");
}

void MainWindow::retranslateSync()
{
    m_signInAction->setText(tr("Sign &In…"));
    m_signInAction->setStatusTip(tr("Sign in to the sync server to share changes with your team"));
    m_signOutAction->setText(tr("Sign &Out"));
    m_signOutAction->setStatusTip(tr("End the session with the sync server"));
    m_syncNowAction->setText(tr("&Sync Now"));
    m_syncNowAction->setStatusTip(tr("Send your changes and receive your team's now"));
}

void MainWindow::updateSyncActions()
{
    const bool signedIn = m_syncSession->isSignedIn();
    m_signInAction->setEnabled(!signedIn);
    m_signOutAction->setEnabled(signedIn);
}

void MainWindow::startSync(const QUrl &server, const QString &login, const QString &password)
{
    m_syncSession->start(server, login, password);
    if (!m_syncSession->hasServer() && !login.isEmpty())
        QTimer::singleShot(0, this, &MainWindow::showSignIn);
}

void MainWindow::showSignIn()
{
    if (m_syncSession->isSignedIn())
        return;
    SignInDialog dialog(*m_syncSession, this);
    dialog.exec();
}

void MainWindow::signOut()
{
    if (!m_syncSession->isSignedIn())
        return;
    if (const qint64 pending = m_syncSession->pendingCount(); pending > 0) {
        QMessageBox box(QMessageBox::Question, tr("Sign Out"),
                        tr("%n change(s) have not reached the server yet.", nullptr, int(pending)),
                        QMessageBox::Cancel, this);
        box.setInformativeText(tr("They stay on this computer and are sent after you sign in "
                                  "again. Sign out now?"));
        QPushButton *signOutButton = box.addButton(tr("Sign Out"), QMessageBox::AcceptRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != signOutButton)
            return;
    }
    m_syncSession->signOut();
}

void MainWindow::setSignedInUser(const QString &userId, const QString &name, const QString &role,
                                 const QString &unitId)
{
    m_userId = userId;
    // The server's word first; the store may not hold the user's row before the first pull.
    m_userName = name;
    m_userRole = role;
    if (const Result<Unit> unit = OrganizationRepository(m_store).unit(unitId))
        m_unitName = unit->name;
    updateStatusBar();
    Q_EMIT signedInUserChanged(userId);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState());
    settings.setValue(pageKey, currentPageIndex());
    QMainWindow::closeEvent(event);
}

} // namespace Outpost
