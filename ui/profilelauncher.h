#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace Outpost {

class LanguageManager;
class LocalStore;
class MainWindow;
struct Error;

/// Starts the desktop client for one profile: resolves the store path
/// <dataDir>/<profile>.outpost, opens (and migrates) the store, fills an empty demo profile
/// with demo data on a worker thread behind a cancellable progress dialog, and shows the main
/// window signed in as the profile's current user. Then starts replication for the profile
/// (MainWindow::startSync): the remembered or given server, a session from the keychain, or a
/// sign-in with the given login and password.
///
/// Any failure (a store written by a newer Outpost, a damaged or unwritable file) is shown in a
/// message box with the translated reason and leaves the store untouched; launch() then
/// returns false with exitCode() 1. GUI thread only; owns the GUI thread's LocalStore and the
/// main window (destroyed in that order: window first).
class ProfileLauncher : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString dataDir; ///< empty: QStandardPaths::AppDataLocation
        QString profile = QStringLiteral("demo");
        int demoDeals = 10000; ///< deals to generate into an empty demo profile
        QUrl server; ///< --server: the sync server, remembered for the profile
        QString login; ///< --login: signs in at start (unless a session is stored)
        QString password; ///< with login, from OUTPOST_PASSWORD; never from an argument
    };

    ProfileLauncher(Options options, LanguageManager &languages, QObject *parent = nullptr);
    ~ProfileLauncher() override;

    /// Opens the profile and shows the main window. Returns false if the application should
    /// exit instead, with exitCode(): 1 after an error, 0 if the user cancelled.
    bool launch();
    int exitCode() const { return m_exitCode; }

    MainWindow *mainWindow() const { return m_window.get(); }
    LocalStore *store() const { return m_store.get(); }
    QString storePath() const;

    static QString defaultDataDir();
    static QString storePath(const QString &dataDir, const QString &profile);
    /// Names of the form [A-Za-z0-9_-]{1,64}: they become file names.
    static bool isValidProfileName(const QString &profile);
    /// Profiles named "demo" or "demo…" are filled with demo data when empty.
    static bool isDemoProfile(const QString &profile);

private:
    enum class GenerationOutcome { Done, Cancelled, Failed };
    GenerationOutcome generateDemoData(Error *error);
    void fail(const QString &what, const Error &error);

    Options m_options;
    LanguageManager &m_languages;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<MainWindow> m_window;
    int m_exitCode = 0;
};

} // namespace Outpost
