#include "localstore.h"

#include "logging.h"
#include "schema.h"
#include "searchindex.h"
#include "sqlstatement.h"
#include "uuidv7.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>

#include <sqlite3.h>

#include <atomic>
#include <map>
#include <mutex>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

std::atomic<int> s_connectionCounter {0};

// POSIX advisory locks belong to the process, and closing ANY descriptor of a file drops all of
// the process's locks on it. Reading the raw header with QFile while a connection of this
// process has the store open would silently drop SQLite's locks: another process (a second
// instance, outpost-server's command line next to its server) could then take the store as
// unused, checkpoint and delete the WAL under the open connections ("disk I/O error", or
// worse). So the header is read only while no connection of this process has the file open;
// later connections rely on the same check through SQLite after configure(). The mutex also
// keeps a header read from racing another thread's open.
std::recursive_mutex s_openFilesMutex;
std::map<QString, int> s_openFiles; // absolute path -> open connections

QString fileKey(const QString &path)
{
    return QFileInfo(path).absoluteFilePath();
}

// One write gate per file for the whole process (see LocalStore::replaceContents()). Entries
// stay for the life of the process: a few bytes per store ever opened.
std::mutex s_writeGatesMutex;
std::map<QString, std::shared_ptr<std::shared_mutex>> s_writeGates;

std::shared_ptr<std::shared_mutex> writeGate(const QString &path)
{
    const std::lock_guard lock(s_writeGatesMutex);
    std::shared_ptr<std::shared_mutex> &gate = s_writeGates[fileKey(path)];
    if (!gate)
        gate = std::make_shared<std::shared_mutex>();
    return gate;
}

// SQLite's file header: 16 bytes of magic, user_version at offset 60 (big endian).
constexpr int sqliteHeaderSize = 100;
constexpr char sqliteMagic[] = "SQLite format 3";

} // namespace

LocalStore::LocalStore(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
    , m_writeGate(writeGate(m_path))
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{ }

LocalStore::~LocalStore()
{
    // SQLite refuses to close a connection with statements left unfinalized.
    m_sqlStatements.clear();
    m_statements.clear();
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    if (m_registered) {
        const std::lock_guard lock(s_openFilesMutex);
        const auto it = s_openFiles.find(fileKey(m_path));
        if (it != s_openFiles.end() && --it->second <= 0)
            s_openFiles.erase(it);
    }
}

void LocalStore::removeFiles(const QString &path)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s})
        QFile::remove(path + suffix);
}

Result<int> LocalStore::fileSchemaVersion(const QString &path)
{
    const std::lock_guard lock(s_openFilesMutex);
    // Open here: it was checked and migrated when it was opened (see s_openFiles).
    if (s_openFiles.count(fileKey(path)) > 0)
        return Schema::latestVersion();
    QFile file(path);
    if (!file.exists())
        return 0;
    if (!file.open(QIODevice::ReadOnly)) {
        return Error {ErrorCode::Io,
                      tr("The store %1 cannot be read: %2").arg(path, file.errorString())};
    }
    const QByteArray header = file.read(sqliteHeaderSize);
    if (header.isEmpty())
        return 0; // an empty file becomes a new store
    if (header.size() < sqliteHeaderSize || !header.startsWith(QByteArrayView(sqliteMagic))) {
        return Error {
            ErrorCode::Corrupt,
            tr("The file %1 is not an Outpost store (not an SQLite database).").arg(path)};
    }
    const auto byte = [&header](int i) {
        return quint32(quint8(header.at(i)));
    };
    return int(byte(60) << 24 | byte(61) << 16 | byte(62) << 8 | byte(63));
}

Result<std::unique_ptr<LocalStore>> LocalStore::open(const QString &path, OpenMode mode)
{
    // Check the version from the raw header first: a newer store must not be touched at all,
    // not even by switching its journal mode.
    const auto newerSchema = [&path](int version) {
        return Error {ErrorCode::NewerSchema,
                      tr("The store %1 was written by a newer version of Outpost (schema %2; this "
                         "version understands up to %3). It was left untouched; please update "
                         "Outpost to open it.")
                          .arg(path)
                          .arg(version)
                          .arg(Schema::latestVersion())};
    };
    const std::lock_guard lock(s_openFilesMutex);
    const Result<int> version = fileSchemaVersion(path);
    if (!version)
        return version.error();
    if (version.value() > Schema::latestVersion())
        return newerSchema(version.value());
    if (mode == OpenMode::ReadWrite) {
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir)) {
            return Error {ErrorCode::Io,
                          tr("The folder %1 cannot be created for the store.").arg(dir)};
        }
    }

    const QString connectionName = u"outpost-store-%1"_s.arg(s_connectionCounter.fetch_add(1));
    std::unique_ptr<LocalStore> store(new LocalStore(path, connectionName));
    store->m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
    store->m_db.setDatabaseName(path);
    if (mode == OpenMode::ReadOnly)
        store->m_db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
    if (!store->m_db.open())
        return sqlError(store->m_db);
    // QSQLITE and Outpost both use the system's libsqlite3 (Debian builds Qt with
    // -system-sqlite), so the driver's connection can take statements of our own.
    const QVariant handle = store->m_db.driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        store->m_handle = *static_cast<sqlite3 *const *>(handle.constData());
    if (!store->m_handle) {
        return Error {
            ErrorCode::Io,
            tr("The store %1 cannot be opened: %2").arg(path, u"no SQLite connection handle"_s)};
    }

    if (Result<void> configured = store->configure(mode); !configured)
        return configured.error();
    // The header lags behind a WAL that a newer Outpost left uncheckpointed (it was killed), so
    // ask SQLite, which reads the WAL, before migrate() could write an older version number.
    if (const int stored = store->schemaVersion(); stored > Schema::latestVersion())
        return newerSchema(stored);
    if (mode == OpenMode::ReadWrite) {
        if (Result<void> migrated = store->migrate(); !migrated)
            return migrated.error();
    }
    QSqlQuery device = store->query();
    if (!device.exec(u"SELECT device_id FROM device_state WHERE id = 1"_s) || !device.next()) {
        return Error {ErrorCode::Corrupt,
                      tr("The store %1 has no device identity; it is damaged.").arg(path)};
    }
    store->m_deviceId = device.value(0).toString();
    device.finish();
    // A store made before full-text indexing was deferred keeps its direct triggers.
    store->m_deferredSearchIndex
        = device.exec(u"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                      u"'search_pending'"_s)
        && device.next();
    device.finish();
    ++s_openFiles[fileKey(path)];
    store->m_registered = true;
    qCInfo(lcStore) << "opened" << path << "schema" << store->schemaVersion() << "on thread"
                    << QThread::currentThread();
    return store;
}

Result<void> LocalStore::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return sqlError(q);
    return {};
}

Result<void> LocalStore::configure(OpenMode mode)
{
    if (Result<void> done = exec(u"PRAGMA busy_timeout = 5000"_s); !done)
        return done;
    // A file that SQLite cannot read fails here, as Corrupt, before a pragma reads it (or
    // switching the journal mode could write to it).
    QSqlQuery probe(m_db);
    if (!probe.exec(u"SELECT count(*) FROM sqlite_master"_s)) {
        return Error {ErrorCode::Corrupt,
                      tr("The store %1 cannot be read: %2").arg(m_path, probe.lastError().text())};
    }
    probe.finish();
    QStringList pragmas = {u"PRAGMA foreign_keys = ON"_s};
    if (mode == OpenMode::ReadWrite) {
        pragmas += {u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = FULL"_s,
                    u"PRAGMA secure_delete = ON"_s};
    }
    pragmas += {u"PRAGMA cache_size = -32768"_s, u"PRAGMA temp_store = MEMORY"_s};
    for (const QString &pragma : std::as_const(pragmas)) {
        if (Result<void> done = exec(pragma); !done)
            return done;
    }
    return {};
}

Result<void> LocalStore::migrate()
{
    const int current = schemaVersion();
    if (current == Schema::latestVersion())
        return {};
    return transaction([&]() -> Result<void> {
        for (const Schema::Migration &migration : Schema::migrations()) {
            if (migration.version <= current)
                continue;
            for (const QString &statement : migration.statements) {
                if (Result<void> done = exec(statement); !done) {
                    qCWarning(lcStore)
                        << "migration" << migration.version << "failed:" << done.error().message;
                    return done;
                }
            }
            qCInfo(lcStore) << "migrated" << m_path << "to schema" << migration.version;
        }
        if (current == 0) {
            QSqlQuery device(m_db);
            device.prepare(u"INSERT INTO device_state (id, device_id) VALUES (1, ?)"_s);
            device.addBindValue(UuidV7::generate());
            if (!device.exec())
                return sqlError(device);
        }
        return exec(u"PRAGMA user_version = %1"_s.arg(Schema::latestVersion()));
    });
}

int LocalStore::schemaVersion() const
{
    QSqlQuery q(m_db);
    if (q.exec(u"PRAGMA user_version"_s) && q.next())
        return q.value(0).toInt();
    return -1;
}

QString LocalStore::sqliteVersion() const
{
    QSqlQuery q(m_db);
    if (q.exec(u"SELECT sqlite_version()"_s) && q.next())
        return q.value(0).toString();
    return {};
}

QSqlQuery &LocalStore::prepared(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery q(m_db);
        if (!q.prepare(sql))
            qCWarning(lcStore) << "cannot prepare" << sql << q.lastError().text();
        it = m_statements.emplace(sql, std::move(q)).first;
    } else {
        it->second.finish();
    }
    return it->second;
}

void LocalStore::releaseReads()
{
    if (m_transactionDepth > 0)
        return;
    for (auto &[sql, query] : m_statements)
        query.finish();
    for (auto &[sql, statement] : m_sqlStatements)
        statement->reset();
}

QSqlQuery LocalStore::query() const
{
    return QSqlQuery(m_db);
}

SqlStatement &LocalStore::statement(const QString &sql)
{
    auto it = m_sqlStatements.find(sql);
    if (it == m_sqlStatements.end()) {
        it = m_sqlStatements.emplace(sql, std::make_unique<SqlStatement>(m_handle, sql)).first;
    } else if (!it->second->isValid()) {
        // Failed before (a table not created yet, say): try again rather than fail forever.
        it->second = std::make_unique<SqlStatement>(m_handle, sql);
    } else {
        it->second->reset();
    }
    return *it->second;
}

Result<void> LocalStore::transaction(const std::function<Result<void>()> &fn)
{
    if (m_transactionDepth == 0) {
        if (!m_replacing)
            m_writeHold = std::shared_lock(*m_writeGate);
        QSqlQuery begin(m_db);
        if (!begin.exec(u"BEGIN IMMEDIATE"_s)) {
            m_writeHold = {};
            return sqlError(begin);
        }
        m_transactionFailed = false;
    }
    ++m_transactionDepth;
    Result<void> result = fn();
    // Triggers only note which rows the full-text index lacks; folding them in here, once per
    // transaction, is what keeps a thousand edits from costing a thousand index flushes.
    if (result && m_transactionDepth == 1 && !m_transactionFailed && m_deferredSearchIndex)
        result = SearchIndex::catchUp(*this);
    --m_transactionDepth;
    if (!result)
        m_transactionFailed = true;
    if (m_transactionDepth > 0)
        return result;

    // Statements still holding read cursors would keep the transaction open.
    for (auto &[sql, statement] : m_statements)
        statement.finish();
    for (auto &[sql, statement] : m_sqlStatements) {
        if (statement->isActive())
            statement->reset();
    }
    const auto releaseGate = qScopeGuard([this] { m_writeHold = {}; });
    QSqlQuery end(m_db);
    if (m_transactionFailed) {
        if (!end.exec(u"ROLLBACK"_s))
            qCWarning(lcStore) << "rollback failed:" << end.lastError().text();
        return result.ok() ? Error {ErrorCode::Conflict, tr("The change was rolled back.")}
                           : result;
    }
    if (!end.exec(u"COMMIT"_s)) {
        Error error = sqlError(end);
        QSqlQuery rollback(m_db);
        rollback.exec(u"ROLLBACK"_s);
        return error;
    }
    return {};
}

QString LocalStore::localSetting(const QString &key, const QString &fallback)
{
    QSqlQuery &q = prepared(u"SELECT value FROM local_settings WHERE key = ?"_s);
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return fallback;
}

Result<void> LocalStore::setLocalSetting(const QString &key, const QString &value)
{
    std::shared_lock<std::shared_mutex> hold;
    if (m_transactionDepth == 0 && !m_replacing)
        hold = std::shared_lock(*m_writeGate);
    QSqlQuery &q = prepared(u"INSERT INTO local_settings (key, value) VALUES (?, ?) "
                            u"ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s);
    q.addBindValue(key);
    q.addBindValue(bindable(value));
    if (!q.exec())
        return sqlError(q);
    return {};
}

QVariant LocalStore::bindable(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString && value.toString().isNull())
        return QVariant(u""_s);
    return value;
}

Error LocalStore::sqlError(const QSqlQuery &query)
{
    const QSqlError error = query.lastError();
    qCWarning(lcStore) << "SQL error:" << error.text() << "in" << query.lastQuery();
    return Error {ErrorCode::Sql, tr("The store reported an error: %1").arg(error.text())};
}

Error LocalStore::sqlError(const SqlStatement &statement)
{
    qCWarning(lcStore) << "SQL error:" << statement.errorText() << "in" << statement.sql();
    return Error {ErrorCode::Sql, tr("The store reported an error: %1").arg(statement.errorText())};
}

Error LocalStore::sqlError(const QSqlDatabase &database)
{
    const QSqlError error = database.lastError();
    qCWarning(lcStore) << "SQL error:" << error.text() << "opening" << database.databaseName();
    return Error {
        ErrorCode::Io,
        tr("The store %1 cannot be opened: %2").arg(database.databaseName(), error.text())};
}

bool LocalStore::foreignKeysResolved() const
{
    int current = 0;
    int highest = 0;
    if (!m_handle
        || sqlite3_db_status(m_handle, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0)
            != SQLITE_OK)
        return false; // unknown: the caller checks row by row
    return current == 0;
}

Result<void> LocalStore::setDurability(Durability durability)
{
    return exec(durability == Durability::Full ? u"PRAGMA synchronous = FULL"_s
                                               : u"PRAGMA synchronous = NORMAL"_s);
}

Result<void> LocalStore::replaceContents(const QString &sourcePath,
                                         const std::function<Result<void>()> &prepare)
{
    Q_ASSERT(m_transactionDepth == 0);
    const std::unique_lock exclusive(*m_writeGate);
    m_replacing = true;
    const auto done = qScopeGuard([this] { m_replacing = false; });
    if (Result<void> ready = prepare(); !ready)
        return ready;

    // SQLite refuses to write a backup into a connection that is still reading.
    for (auto &[sql, statement] : m_statements)
        statement.finish();
    for (auto &[sql, statement] : m_sqlStatements)
        statement->reset();

    sqlite3 *source = nullptr;
    const QByteArray sourceName = QFile::encodeName(sourcePath);
    int rc = sqlite3_open_v2(sourceName.constData(), &source, SQLITE_OPEN_READONLY, nullptr);
    const auto closeSource = qScopeGuard([&source] { sqlite3_close_v2(source); });
    if (rc != SQLITE_OK) {
        return Error {ErrorCode::Io,
                      tr("The file %1 cannot be opened: %2")
                          .arg(sourcePath, QString::fromUtf8(sqlite3_errstr(rc)))};
    }
    sqlite3_busy_timeout(source, 5000);
    sqlite3_backup *backup = sqlite3_backup_init(m_handle, "main", source, "main");
    if (!backup) {
        return Error {ErrorCode::Sql,
                      tr("The store %1 cannot be replaced: %2")
                          .arg(m_path, QString::fromUtf8(sqlite3_errmsg(m_handle)))};
    }
    // One step copies every page under one lock: other connections never see half of it.
    rc = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE || finished != SQLITE_OK) {
        return Error {
            ErrorCode::Sql,
            tr("The store %1 cannot be replaced: %2")
                .arg(m_path, QString::fromUtf8(sqlite3_errstr(rc != SQLITE_DONE ? rc : finished)))};
    }
    // The whole store went through the WAL: give the disk space back now rather than at some
    // later checkpoint (a reader elsewhere may hold it back; then it is simply left for later).
    QSqlQuery checkpoint(m_db);
    if (!checkpoint.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s))
        qCInfo(lcStore) << "no checkpoint after the replacement:" << checkpoint.lastError().text();
    checkpoint.finish();
    QSqlQuery device(m_db);
    if (device.exec(u"SELECT device_id FROM device_state WHERE id = 1"_s) && device.next())
        m_deviceId = device.value(0).toString();
    qCInfo(lcStore) << "replaced the contents of" << m_path << "with" << sourcePath;
    return {};
}

Result<void> LocalStore::checkIntegrity()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"PRAGMA integrity_check"_s))
        return sqlError(q);
    if (q.next() && q.value(0).toString() == u"ok"_s)
        return {};
    return Error {ErrorCode::Corrupt,
                  tr("The store failed its integrity check: %1").arg(q.value(0).toString())};
}

} // namespace Outpost
