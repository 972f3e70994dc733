#pragma once

#include "authcontext.h"
#include "result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QLockFile>
#include <QSet>
#include <QString>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace Outpost {

class ServerStore;

/// Snapshots of scopes for first syncs (docs/sync-protocol.md, "Snapshot"): for each scope a
/// user can have (every unit, or everything for hq and admin), a desktop store holding every
/// row of the scope up to a cursor, with its versions, parked rows and full-text index. A
/// laptop with an empty store downloads it (GET /api/v1/snapshot), installs it whole and pulls
/// only the changes after its cursor, instead of applying the scope row by row.
///
/// Snapshots are kept and sent compressed with zstd (ZstdStream): about a third of the store's
/// size. A snapshot is built the way a laptop fills its store: by pulling the scope's pages from
/// the ServerStore and applying them with the desktop's own SyncStore, so it holds exactly what a
/// page-by-page first sync would. A newer snapshot starts from a copy of the previous one and
/// pulls only what changed since. Files are published under new names and never changed: a
/// download in progress keeps reading its file while a newer one replaces it (the one before
/// the current stays on disk until the next is published).
///
/// Builds run on one background thread, queued when a snapshot is asked for and there is none
/// (for datasets of at least Options::minSeq changes) or it is more than Options::refreshAfter
/// changes behind the scope; build() also runs one on the calling thread
/// (outpost-server snapshot). The directory is locked for the life of the service.
///
/// Thread-safe.
class SnapshotService
{
    Q_DECLARE_TR_FUNCTIONS(SnapshotService)

public:
    struct Options
    {
        QString directory;
        /// No snapshot is built on request while the dataset's newest seq is below this: a
        /// small scope is pulled page by page in a moment.
        qint64 minSeq = 20'000;
        /// A snapshot this many seqs behind its scope's newest is rebuilt in the background
        /// when it is asked for (laptops still get it meanwhile, and pull the difference).
        qint64 refreshAfter = 20'000;
        int pageSize = 5000; ///< changes per page pulled while building
    };

    struct Snapshot
    {
        QString scope; ///< scopeKey()
        QString path;
        QString epoch;
        qint64 cursor = 0;
        int schemaVersion = 0;
        qint64 bytes = 0; ///< of the file at path: the store compressed with zstd
        qint64 databaseBytes = 0; ///< of the store it decompresses to
        QByteArray sha256; ///< hex, of the file at path
        qint64 builtAt = 0; ///< UTC ms
    };

    /// Opens (creating) the directory, locks it and loads the snapshots published there.
    static Result<std::unique_ptr<SnapshotService>> open(ServerStore &store, Options options);
    ~SnapshotService();
    SnapshotService(const SnapshotService &) = delete;
    SnapshotService &operator=(const SnapshotService &) = delete;

    /// "all" for users who read everything, "unit:<id>" for a unit's users, "none" for users
    /// without a unit (they see organization-wide rows only).
    static QString scopeKey(const AuthContext &user);

    /// The current snapshot of user's scope, if there is one of the dataset's epoch; queues a
    /// build in the background when there is none or it is behind (see Options).
    Result<std::optional<Snapshot>> find(const AuthContext &user);

    /// Builds, or brings up to date, the snapshot of user's scope now, on the calling thread,
    /// and publishes it.
    Result<Snapshot> build(const AuthContext &user);

    /// Waits until no build is queued or running (tests, the command line).
    void waitUntilIdle();

private:
    SnapshotService(ServerStore &store, Options options);
    Result<void> load();
    void queue(const AuthContext &user);
    void run();
    /// Pulls user's scope of the dataset's epoch into the store at path (from previous, if
    /// given, decompressed there) and seals it.
    Result<Snapshot> pullInto(const AuthContext &user, const QString &epoch, const QString &path,
                              const std::optional<Snapshot> &previous);
    Result<void> publish(Snapshot &snapshot, const QString &builtPath);
    QString stem(const QString &scope) const;

    ServerStore &m_store;
    Options m_options;
    std::unique_ptr<QLockFile> m_lock;

    std::mutex m_mutex; ///< guards everything below
    std::condition_variable m_changed;
    QHash<QString, Snapshot> m_published; ///< scope -> current
    QHash<QString, QString> m_retired; ///< scope -> the file before the current
    std::deque<AuthContext> m_queue;
    QSet<QString> m_queued; ///< scopes in m_queue or being built by the thread
    bool m_busy = false; ///< the thread is building
    bool m_stopping = false;
    std::thread m_thread;
    std::mutex m_buildMutex; ///< one build at a time
};

} // namespace Outpost
