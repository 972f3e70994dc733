#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <memory>
#include <shared_mutex>
#include <unordered_map>

struct sqlite3;

namespace Outpost {

class SqlStatement;

/// One profile's SQLite store: opens the file (WAL, foreign keys, synchronous=FULL,
/// busy_timeout), runs pending migrations in one transaction and refuses a store written by
/// a newer version without touching it.
///
/// Threading: an instance belongs to the thread that opened it and must only be used there.
/// Another thread opens its own LocalStore on the same file (WAL lets readers and one writer
/// work side by side).
///
/// Only code in models/ uses the SQL surface (query(), prepared()); everything else goes
/// through repositories, and every change to synced data through ChangeWriter.
class LocalStore
{
    Q_DECLARE_TR_FUNCTIONS(LocalStore)

public:
    enum class OpenMode { ReadWrite, ReadOnly };

    /// Opens (creating if needed) the store at path and migrates it to the latest schema.
    static Result<std::unique_ptr<LocalStore>> open(const QString &path,
                                                    OpenMode mode = OpenMode::ReadWrite);

    /// Deletes the SQLite file at path with its -wal, -shm and -journal files. Only for a file
    /// no connection has open (a temporary store, one about to be replaced).
    static void removeFiles(const QString &path);

    /// The schema version of the file at path without opening it for writing, or an error.
    /// A missing file has version 0.
    static Result<int> fileSchemaVersion(const QString &path);

    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    QString path() const { return m_path; }
    QString deviceId() const { return m_deviceId; }
    int schemaVersion() const;
    QString sqliteVersion() const;

    /// A cached prepared statement for sql (models/ only). The query is reset before reuse.
    QSqlQuery &prepared(const QString &sql);
    /// A one-off query on this connection (models/ only).
    QSqlQuery query() const;
    /// A cached statement for sql through SQLite's C API (models/ only), rewound with its
    /// bindings cleared: for hot paths, where QtSql's per-value binding cost shows.
    SqlStatement &statement(const QString &sql);

    /// Ends the read of every cached statement, so that the next read on this connection sees
    /// what other connections committed since. A cached statement left on a row keeps its read
    /// transaction, and with it an old WAL snapshot, open until it is reused: call this before
    /// a view re-reads what another thread wrote (the replicator's changes). Does nothing inside
    /// a transaction; never call it while iterating a cached statement.
    void releaseReads();

    /// Runs fn inside a transaction (BEGIN IMMEDIATE). Nested calls join the outer transaction;
    /// the outermost commits if every fn succeeded and rolls back otherwise. Before it commits,
    /// it brings the full-text index up to date (SearchIndex::catchUp) in the same transaction,
    /// so every committed transaction leaves the index complete for every connection.
    Result<void> transaction(const std::function<Result<void>()> &fn);
    bool inTransaction() const { return m_transactionDepth > 0; }

    /// Local, unsynced profile settings (for instance the signed-in user).
    QString localSetting(const QString &key, const QString &fallback = {});
    Result<void> setLocalSetting(const QString &key, const QString &value);

    /// Wall clock in UTC milliseconds; replaceable so tests can move time.
    qint64 nowMs() const { return m_clock(); }
    void setWallClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

    /// The value to bind for a column value: an invalid QVariant is SQL NULL, while a null
    /// QString (which Qt would bind as NULL) is the empty text the caller meant.
    static QVariant bindable(const QVariant &value);

    /// An Error of code Sql (or Io) with a translated message and the driver's text.
    static Error sqlError(const QSqlQuery &query);
    static Error sqlError(const QSqlDatabase &database);
    static Error sqlError(const SqlStatement &statement);

    /// PRAGMA integrity_check: ok, or the first problem reported.
    Result<void> checkIntegrity();

    /// False while the open transaction holds rows whose deferred foreign keys point at
    /// missing parents (SQLite's SQLITE_DBSTATUS_DEFERRED_FKS): a commit would then fail.
    bool foreignKeysResolved() const;

    /// When a commit on this connection waits for the disk.
    enum class Durability {
        Full, ///< every commit is on disk when it returns (the default: synchronous=FULL)
        /// WAL's synchronous=NORMAL: the disk is synced at checkpoints, so a power loss may roll
        /// back the last commits (each whole, never half). For connections whose writes can
        /// be had again, such as the replicator's (pulled pages, answers to repeatable pushes).
        Checkpoint,
    };
    Result<void> setDurability(Durability durability);

    /// Replaces everything in this store by the SQLite database at sourcePath, page by page
    /// (SQLite's online backup), as one write that other connections see whole: before it they
    /// read the old store, after it the new one. For a first sync from a server's snapshot.
    ///
    /// Meanwhile every write of this process to the store (transaction(), setLocalSetting())
    /// waits: prepare runs first, inside that exclusion, and may use this connection (its
    /// transactions do not wait) to check that the replacement may go ahead and to ready the
    /// source; an error from it stops the replacement with nothing changed. Not inside a
    /// transaction. Other processes are not held back: the profile belongs to one application
    /// instance.
    Result<void> replaceContents(const QString &sourcePath,
                                 const std::function<Result<void>()> &prepare);

private:
    explicit LocalStore(QString path, QString connectionName);
    Result<void> configure(OpenMode mode);
    Result<void> migrate();
    Result<void> exec(const QString &sql);

    QString m_path;
    QString m_connectionName;
    QString m_deviceId;
    QSqlDatabase m_db;
    // Node-based so references handed out by prepared() stay valid as the cache grows.
    std::unordered_map<QString, QSqlQuery> m_statements;
    std::unordered_map<QString, std::unique_ptr<SqlStatement>> m_sqlStatements;
    sqlite3 *m_handle = nullptr; ///< the connection QtSql opened, for statement()
    bool m_deferredSearchIndex = false; ///< the schema defers full-text indexing (see SearchIndex)
    int m_transactionDepth = 0;
    bool m_transactionFailed = false;
    bool m_registered = false; ///< counted among the process's open files (see open())
    /// Shared by this process's connections to the file: transactions hold it shared,
    /// replaceContents() exclusively.
    std::shared_ptr<std::shared_mutex> m_writeGate;
    std::shared_lock<std::shared_mutex> m_writeHold; ///< held while a transaction is open
    bool m_replacing = false; ///< inside replaceContents(): this connection holds the gate
    std::function<qint64()> m_clock;
};

} // namespace Outpost
