#pragma once

#include <QIcon>
#include <QList>
#include <QMainWindow>
#include <QUrl>

#include <functional>

class QActionGroup;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QMenu;
class QStackedWidget;
class QUndoStack;

namespace Outpost {

class CustomersPage;
class LanguageManager;
class LocalStore;
class PipelinePage;
class SyncIssuesPage;
class SyncSession;
class SyncStatusWidget;

/// The main window: navigation on the left, one page at a time on the right, menus, and a
/// status bar with the sync state, the profile, the signed-in user and their unit. Owns the
/// QUndoStack that every edit in the window goes through (each edit tells the replicator, so it
/// is pushed promptly) and the profile's SyncSession; rows received from the server are
/// refreshed in the open pages in place (remoteRowsChanged()). Saves its geometry in QSettings on
/// close and retranslates itself on QEvent::LanguageChange. GUI thread only.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// store: the profile's store (GUI thread connection); profileName: shown in the status
    /// bar; userId: the signed-in user (empty: nobody signed in).
    MainWindow(LocalStore &store, const QString &profileName, const QString &userId,
               LanguageManager &languages, QWidget *parent = nullptr);
    ~MainWindow() override;

    QUndoStack *undoStack() const { return m_undoStack; }

    /// Adds a page to the navigation and the View menu (Ctrl+1 for the first, and so on).
    /// title is called again on every language change. Returns the page's index.
    int addPage(QWidget *page, const QIcon &icon, std::function<QString()> title);
    void showPage(int index);
    int currentPageIndex() const;
    int pageCount() const { return int(m_pages.size()); }

    CustomersPage *customersPage() const { return m_customersPage; }
    PipelinePage *pipelinePage() const { return m_pipelinePage; }
    SyncIssuesPage *syncIssuesPage() const { return m_syncIssuesPage; }
    SyncSession *syncSession() const { return m_syncSession; }

    /// Starts replication for the profile (see SyncSession::start()): the remembered or given
    /// server, a stored session, or a sign-in with login and password. Without a server known
    /// but with a login, opens the sign-in dialog.
    void startSync(const QUrl &server = {}, const QString &login = {},
                   const QString &password = {});
    /// File > Sign In.
    void showSignIn();
    /// File > Sign Out (asks first when changes are still waiting to be sent).
    void signOut();

    /// Opens Edit > Preferences; applies and stores a new language when accepted.
    void showPreferences();
    void showAbout();

Q_SIGNALS:
    /// Rows of these tables changed in the store behind the pages' backs (received from the
    /// sync server, or re-applied from a sync issue): open pages refresh them in place,
    /// keeping selection and scroll position. Coalesced, at most a few times per second.
    void remoteRowsChanged(const QStringList &tables);
    /// The server confirmed who is signed in: edits are recorded under this user from now on.
    void signedInUserChanged(const QString &userId);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    struct Page
    {
        QWidget *widget = nullptr;
        std::function<QString()> title;
        QListWidgetItem *item = nullptr;
        QAction *action = nullptr;
    };

    void createNavigation();
    void createActions();
    void createMenus();
    void createStatusBar();
    void retranslate();
    void updateStatusBar();
    void updateUndoActions();
    void updateWindowTitle();
    void restoreWindowState();
    void createSync();
    void retranslateSync();
    void updateSyncActions();
    void updatePageTitles();
    void refreshUserNames();
    void setSignedInUser(const QString &userId, const QString &name, const QString &role,
                         const QString &unitId);
    QString syncIssuesTitle() const;
    /// The translated name of a user role ("rep" -> "Sales rep").
    static QString roleLabel(const QString &role);

    LocalStore &m_store;
    LanguageManager &m_languages;
    QString m_profileName;
    QString m_userId;
    QUndoStack *m_undoStack;

    QListWidget *m_navigation = nullptr;
    QLabel *m_brandLabel = nullptr;
    QStackedWidget *m_stack = nullptr;
    QList<Page> m_pages;
    CustomersPage *m_customersPage = nullptr;
    PipelinePage *m_pipelinePage = nullptr;
    SyncIssuesPage *m_syncIssuesPage = nullptr;
    SyncSession *m_syncSession = nullptr;
    SyncStatusWidget *m_syncStatus = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_preferencesAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QActionGroup *m_pageActions = nullptr;
    QAction *m_signInAction = nullptr;
    QAction *m_signOutAction = nullptr;
    QAction *m_syncNowAction = nullptr;

    QLabel *m_profileLabel = nullptr;
    QLabel *m_userLabel = nullptr;
    QLabel *m_unitLabel = nullptr;
    QString m_userName;
    QString m_userRole;
    QString m_unitName;
};

} // namespace Outpost
