#pragma once

#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace Outpost {

class LocalStore;
class SyncController;

/// The "sync" scenario: a real outpost-server process on loopback, seeded with the demo
/// organization, and desktop replicators (SyncController, Replicator, HttpSyncTransport: the
/// app's own code) in this process. Measures the initial sync of an HQ user into an empty
/// store against the same rows bulk-inserted locally, the time from an edit on one laptop to
/// its arrival on another (poked over the WebSocket, no polling), and push throughput.
/// Runs on the main thread; each replicator runs on its own thread as in the app. Everything
/// lives in a temporary folder that is removed at the end.
class SyncBench
{
public:
    struct Options
    {
        QString serverExecutable;
        int deals = 100'000; ///< deals of the seeded organization
        int edits = 1'000; ///< edits for edit-to-visible
        int editPaceMs = 60; ///< an edit starts at least this long after the previous one
        int pushOps = 10'000; ///< ops for the push throughput
        int pullPageSize = 2'000; ///< the desktop's page size (Replicator::Options)
    };

    explicit SyncBench(Options options);
    ~SyncBench();

    /// Measures and prints every figure; returns the process exit code (1 if a step failed).
    int run();

private:
    struct Laptop;

    bool setUpServer();
    bool startServer();
    void stopServer();
    int runServerCommand(const QStringList &arguments, QByteArray *output = nullptr,
                         const QProcessEnvironment &environment = {});
    /// A laptop with an empty store, signed in as login, after its first sync. snapshot: the
    /// replicator may start from the server's snapshot (as the application does).
    std::unique_ptr<Laptop> signIn(const QString &name, const QString &login, double *seconds,
                                   bool snapshot = true);
    bool buildSnapshots();
    bool measureInitialSync();
    bool measureInitialPageSync();
    bool measureLocalInsert();
    bool measureEditToVisible();
    bool measurePush();

    Options m_options;
    QTemporaryDir m_dir;
    QString m_db;
    QProcess m_server;
    quint16 m_port = 0;
    QString m_password;
    QString m_hqLogin;
    QString m_repLogin;
    double m_seedSeconds = 0;
    double m_snapshotSeconds = 0;
    qint64 m_snapshotCursor = -1; ///< of the HQ laptop's snapshot, once installed
    qint64 m_seededRows = 0;

    std::unique_ptr<Laptop> m_hq; ///< the HQ laptop of the initial sync (receives the edits)
    std::unique_ptr<Laptop> m_rep; ///< the rep who edits and pushes
    double m_initialSeconds = 0;
    qint64 m_initialRows = 0;
};

} // namespace Outpost
