#include "sqliteserverstore.h"

#include "demogenerator.h"
#include "hybridclock.h"
#include "localstore.h"
#include "logging.h"
#include "merge.h"
#include "protocolcodec.h"
#include "schema.h"
#include "scopepolicy.h"
#include "sqlstatement.h"
#include "uuidv7.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using namespace Protocol;

// The server's own tables, next to the domain tables of Schema::migrations(). Ordered and
// append-only like Schema's; the applied version is server_meta's "server_schema".
struct ServerMigration
{
    int version;
    QStringList statements;
};

const QList<ServerMigration> &serverMigrations()
{
    static const QList<ServerMigration> list = {
        {1,
         {
             // Every row's replication state: the seq of its last change (the pull cursor),
             // its scope keys and the keys it had before its last scope change (whose
             // holders must purge it).
             uR"(CREATE TABLE row_meta (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    scope_unit TEXT NOT NULL,
    scope_unit2 TEXT,
    prev_scope_unit TEXT,
    prev_scope_unit2 TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (table_name, row_id)) WITHOUT ROWID)"_s,
             u"CREATE UNIQUE INDEX row_meta_seq ON row_meta(seq)"_s,
             // Per field, the server seq that last wrote it (the base clients send back).
             uR"(CREATE TABLE server_field_versions (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    version INTEGER NOT NULL,
    device_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (table_name, row_id, field)) WITHOUT ROWID)"_s,
             // The stored answer of every pushed op: a repeated push gets it back unchanged.
             uR"(CREATE TABLE op_results (
    device_id TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    op_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    server_seq INTEGER NOT NULL DEFAULT 0,
    result TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, device_seq)) WITHOUT ROWID)"_s,
             // Nothing is lost: overwritten values and values a merge did not store.
             uR"(CREATE TABLE server_field_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seq INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value,
    new_value,
    origin TEXT NOT NULL CHECK (origin IN ('write','overwritten','discarded')),
    user_id TEXT,
    device_id TEXT,
    hlc INTEGER NOT NULL DEFAULT 0,
    changed_at INTEGER NOT NULL))"_s,
             u"CREATE INDEX server_field_history_row ON server_field_history(table_name, row_id, id)"_s,
             uR"(CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seq INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    client_value,
    server_value,
    kept TEXT NOT NULL CHECK (kept IN ('server','client')),
    user_id TEXT,
    device_id TEXT,
    op_id TEXT,
    occurred_at INTEGER NOT NULL))"_s,
             u"CREATE INDEX conflicts_row ON conflicts(table_name, row_id)"_s,
             uR"(CREATE TABLE accounts (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id),
    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL))"_s,
             // Only SHA-256 hashes of tokens are stored.
             uR"(CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    pair_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('access','refresh')),
    device_id TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID)"_s,
             u"CREATE INDEX tokens_pair ON tokens(pair_id)"_s,
             u"CREATE INDEX tokens_expiry ON tokens(expires_at)"_s,
             uR"(CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    login TEXT NOT NULL COLLATE NOCASE,
    address TEXT NOT NULL,
    success INTEGER NOT NULL,
    at INTEGER NOT NULL))"_s,
             u"CREATE INDEX login_attempts_login ON login_attempts(login, at)"_s,
             u"CREATE INDEX login_attempts_address ON login_attempts(address, at)"_s,
         }},
    };
    return list;
}

int latestServerMigration()
{
    return serverMigrations().constLast().version;
}

// Attempts are only needed for the rate-limit window; older ones are dropped now and then.
constexpr qint64 loginAttemptRetentionMs = 24 * 60 * 60 * 1000;

// A row's replication state.
struct RowMeta
{
    qint64 seq = 0;
    QStringList scope;
    bool deleted = false;
};

QString nullableKey(const QStringList &scope, int index)
{
    return index < scope.size() ? scope.at(index) : QString();
}

QVariant bindKey(const QString &key)
{
    return key.isEmpty() ? QVariant() : QVariant(key);
}

bool isConstraintError(const QSqlError &error)
{
    return error.nativeErrorCode() == u"19"_s
        || error.databaseText().contains(u"constraint failed"_s, Qt::CaseInsensitive);
}

// An op was refused: the transaction of the op (its savepoint) is rolled back.
struct Rejection
{
    QString reason;
    QString message;
};

// Everything one connection does with rows, inside a transaction its caller opened. Holds all
// of the server's row SQL so the replication rules read in one place.
class RowWriter
{
public:
    RowWriter(LocalStore &db, const QHash<QString, QHash<QString, QString>> &columnTypes)
        : m_db(db)
        , m_columnTypes(columnTypes)
    { }

    Result<qint64> nextSeq()
    {
        QSqlQuery &q = m_db.prepared(u"UPDATE server_meta SET value = value + 1 "
                                     u"WHERE key = 'last_seq' RETURNING value"_s);
        if (!q.exec() || !q.next())
            return LocalStore::sqlError(q);
        const qint64 seq = q.value(0).toLongLong();
        q.finish();
        return seq;
    }

    Result<std::optional<RowMeta>> rowMeta(const QString &table, const QString &rowId)
    {
        QSqlQuery &q = m_db.prepared(u"SELECT seq, scope_unit, scope_unit2, deleted FROM row_meta "
                                     u"WHERE table_name = ? AND row_id = ?"_s);
        q.addBindValue(table);
        q.addBindValue(rowId);
        if (!q.exec())
            return LocalStore::sqlError(q);
        std::optional<RowMeta> meta;
        if (q.next()) {
            meta = RowMeta {q.value(0).toLongLong(), {q.value(1).toString()}, q.value(3).toBool()};
            if (!q.value(2).isNull())
                meta->scope.append(q.value(2).toString());
        }
        q.finish();
        return meta;
    }

    // The synced fields of a row, or nullopt if the table has no such row.
    Result<std::optional<QVariantMap>> rowValues(const Schema::SyncedTable &spec,
                                                 const QString &rowId, bool *deleted = nullptr)
    {
        QSqlQuery &q = m_db.prepared(
            u"SELECT %1, deleted FROM %2 WHERE id = ?"_s.arg(spec.fields.join(u", "_s), spec.name));
        q.addBindValue(rowId);
        if (!q.exec())
            return LocalStore::sqlError(q);
        std::optional<QVariantMap> values;
        if (q.next()) {
            values.emplace();
            for (qsizetype i = 0; i < spec.fields.size(); ++i) {
                const QVariant value = q.value(int(i));
                values->insert(spec.fields.at(i), value.isNull() ? QVariant() : value);
            }
            if (deleted)
                *deleted = q.value(int(spec.fields.size())).toBool();
        }
        q.finish();
        return values;
    }

    // Per field, its version; writtenBy (optional) receives the fields whose version was
    // written by the device deviceId.
    Result<QMap<QString, qint64>> versions(const QString &table, const QString &rowId,
                                           const QString &deviceId = {},
                                           QStringList *writtenBy = nullptr)
    {
        QSqlQuery &q = m_db.prepared(u"SELECT field, version, device_id FROM server_field_versions "
                                     u"WHERE table_name = ? AND row_id = ?"_s);
        q.addBindValue(table);
        q.addBindValue(rowId);
        if (!q.exec())
            return LocalStore::sqlError(q);
        QMap<QString, qint64> map;
        while (q.next()) {
            map.insert(q.value(0).toString(), q.value(1).toLongLong());
            if (writtenBy && !deviceId.isEmpty() && q.value(2).toString() == deviceId)
                writtenBy->append(q.value(0).toString());
        }
        q.finish();
        return map;
    }

    // The scope keys a row of table with these values has (ScopePolicy), looking up parents.
    Result<QStringList> scopeOf(const QString &table, const QVariantMap &values)
    {
        if (ScopePolicy::kind(table) != ScopePolicy::TableKind::Inherited)
            return ScopePolicy::ownScope(table, values);
        for (const ScopePolicy::Parent &parent : ScopePolicy::parents(table)) {
            const QVariant reference = values.value(parent.column);
            if (reference.isNull() || reference.toString().isEmpty())
                continue;
            if (parent.table == u"users"_s) {
                // Users are organization-wide; work of a user belongs to the user's unit.
                QSqlQuery &q = m_db.prepared(u"SELECT unit_id FROM users WHERE id = ?"_s);
                q.addBindValue(reference);
                if (!q.exec())
                    return LocalStore::sqlError(q);
                const QString unit = q.next() ? q.value(0).toString() : QString();
                q.finish();
                return QStringList {unit.isEmpty() ? ScopePolicy::hqOnly : unit};
            }
            const Result<std::optional<RowMeta>> meta = rowMeta(parent.table, reference.toString());
            if (!meta)
                return meta.error();
            // A missing parent fails its foreign key when the row is written.
            return meta.value() ? meta.value()->scope : QStringList {ScopePolicy::hqOnly};
        }
        return QStringList {ScopePolicy::hqOnly};
    }

    // Records the row's new seq, scope and tombstone flag; remembers the old scope when it
    // changes so that its former readers purge the row.
    Result<void> publish(const QString &table, const QString &rowId, qint64 seq,
                         const QStringList &scope, bool deleted, qint64 nowMs,
                         const std::optional<RowMeta> &old)
    {
        const bool moved = old && old->scope != scope;
        QSqlQuery &q = m_db.prepared(
            u"INSERT INTO row_meta (table_name, row_id, seq, scope_unit, scope_unit2, "
            u"prev_scope_unit, prev_scope_unit2, deleted, updated_at) "
            u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (table_name, row_id) DO UPDATE SET "
            u"seq = excluded.seq, scope_unit = excluded.scope_unit, "
            u"scope_unit2 = excluded.scope_unit2, "
            u"prev_scope_unit = CASE WHEN ? THEN excluded.prev_scope_unit ELSE prev_scope_unit "
            u"END, "
            u"prev_scope_unit2 = CASE WHEN ? THEN excluded.prev_scope_unit2 "
            u"ELSE prev_scope_unit2 END, "
            u"deleted = excluded.deleted, updated_at = excluded.updated_at"_s);
        q.addBindValue(table);
        q.addBindValue(rowId);
        q.addBindValue(seq);
        q.addBindValue(scope.value(0, ScopePolicy::hqOnly));
        q.addBindValue(bindKey(nullableKey(scope, 1)));
        q.addBindValue(moved ? bindKey(nullableKey(old->scope, 0)) : QVariant());
        q.addBindValue(moved ? bindKey(nullableKey(old->scope, 1)) : QVariant());
        q.addBindValue(deleted ? 1 : 0);
        q.addBindValue(nowMs);
        q.addBindValue(moved ? 1 : 0);
        q.addBindValue(moved ? 1 : 0);
        if (!q.exec())
            return LocalStore::sqlError(q);
        return {};
    }

    // deviceId: the device whose op wrote them (empty for the server's own writes).
    Result<void> setVersions(const QString &table, const QString &rowId, const QStringList &fields,
                             qint64 seq, const QString &deviceId = {})
    {
        QSqlQuery &q = m_db.prepared(
            u"INSERT INTO server_field_versions (table_name, row_id, field, version, device_id) "
            u"VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET version = excluded.version, "
            u"device_id = excluded.device_id"_s);
        for (const QString &field : fields) {
            q.addBindValue(table);
            q.addBindValue(rowId);
            q.addBindValue(field);
            q.addBindValue(seq);
            q.addBindValue(LocalStore::bindable(deviceId));
            if (!q.exec())
                return LocalStore::sqlError(q);
        }
        return {};
    }

    Result<void> history(qint64 seq, const QString &table, const QString &rowId,
                         const QString &field, const QVariant &oldValue, const QVariant &newValue,
                         const QString &origin, const QString &userId, const QString &deviceId,
                         qint64 hlc, qint64 nowMs)
    {
        QSqlQuery &q = m_db.prepared(
            u"INSERT INTO server_field_history (seq, table_name, row_id, field, old_value, "
            u"new_value, origin, user_id, device_id, hlc, changed_at) "
            u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
        for (const QVariant &value :
             {QVariant(seq), QVariant(table), QVariant(rowId), QVariant(field),
              LocalStore::bindable(oldValue), LocalStore::bindable(newValue), QVariant(origin),
              bindKey(userId), bindKey(deviceId), QVariant(hlc), QVariant(nowMs)})
            q.addBindValue(value);
        if (!q.exec())
            return LocalStore::sqlError(q);
        return {};
    }

    // Inserts or updates the row itself. A broken constraint (CHECK, NOT NULL, foreign key)
    // is a rejection, anything else an error.
    Result<std::optional<Rejection>> writeRow(const QString &table, const QString &rowId,
                                              bool insert, const QVariantMap &writes,
                                              std::optional<bool> deleted, qint64 nowMs)
    {
        QString sql;
        QVariantList binds;
        if (insert) {
            QString columns = u"id, created_at, updated_at, deleted"_s;
            QString placeholders = u"?, ?, ?, ?"_s;
            binds = {rowId, nowMs, nowMs, deleted.value_or(false) ? 1 : 0};
            for (auto it = writes.cbegin(); it != writes.cend(); ++it) {
                columns += u", "_s + it.key();
                placeholders += u", ?"_s;
                binds.append(LocalStore::bindable(it.value()));
            }
            sql = u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(table, columns, placeholders);
        } else {
            QStringList assignments = {u"updated_at = ?"_s};
            binds = {nowMs};
            if (deleted) {
                assignments.append(u"deleted = ?"_s);
                binds.append(*deleted ? 1 : 0);
            }
            for (auto it = writes.cbegin(); it != writes.cend(); ++it) {
                assignments.append(it.key() + u" = ?"_s);
                binds.append(LocalStore::bindable(it.value()));
            }
            binds.append(rowId);
            sql = u"UPDATE %1 SET %2 WHERE id = ?"_s.arg(table, assignments.join(u", "_s));
        }
        QSqlQuery &q = m_db.prepared(sql);
        for (const QVariant &value : std::as_const(binds))
            q.addBindValue(value);
        if (q.exec())
            return std::optional<Rejection>();
        const QSqlError error = q.lastError();
        if (isConstraintError(error)) {
            return std::optional<Rejection>(Rejection {
                u"invalid_value"_s,
                u"The change breaks a rule of %1: %2."_s.arg(table, error.databaseText())});
        }
        return LocalStore::sqlError(q);
    }

    // The row as pull sends it, or nullopt if the server has no such row.
    Result<std::optional<RowState>> rowState(const QString &table, const QString &rowId)
    {
        const Schema::SyncedTable *spec = Schema::syncedTable(table);
        if (!spec)
            return std::optional<RowState>();
        const Result<std::optional<RowMeta>> meta = rowMeta(table, rowId);
        if (!meta)
            return meta.error();
        if (!meta.value())
            return std::optional<RowState>();
        bool deleted = false;
        const Result<std::optional<QVariantMap>> values = rowValues(*spec, rowId, &deleted);
        if (!values)
            return values.error();
        if (!values.value())
            return std::optional<RowState>();
        const Result<QMap<QString, qint64>> fieldVersions = versions(table, rowId);
        if (!fieldVersions)
            return fieldVersions.error();
        RowState state;
        state.seq = meta.value()->seq;
        state.table = table;
        state.rowId = rowId;
        state.deleted = deleted;
        state.fields = *values.value();
        state.versions = fieldVersions.value();
        return std::optional<RowState>(std::move(state));
    }

    // Children inherit their scope from this row: when it moves, they move too (new seqs, so
    // their former readers purge them and their new readers receive them).
    Result<void> rescopeChildren(const QString &table, const QString &rowId, qint64 nowMs,
                                 QStringList &touched, int depth = 0)
    {
        if (depth > 4)
            return {};
        for (const ScopePolicy::Parent &child : ScopePolicy::children(table)) {
            const Schema::SyncedTable *spec = Schema::syncedTable(child.table);
            if (!spec)
                continue;
            QSqlQuery q = m_db.query();
            q.prepare(u"SELECT id FROM %1 WHERE %2 = ?"_s.arg(child.table, child.column));
            q.addBindValue(rowId);
            if (!q.exec())
                return LocalStore::sqlError(q);
            QStringList ids;
            while (q.next())
                ids.append(q.value(0).toString());
            q.finish();
            for (const QString &childId : std::as_const(ids)) {
                bool deleted = false;
                const Result<std::optional<QVariantMap>> values
                    = rowValues(*spec, childId, &deleted);
                if (!values)
                    return values.error();
                const Result<std::optional<RowMeta>> meta = rowMeta(child.table, childId);
                if (!meta)
                    return meta.error();
                if (!values.value() || !meta.value())
                    continue;
                const Result<QStringList> scope = scopeOf(child.table, *values.value());
                if (!scope)
                    return scope.error();
                if (scope.value() == meta.value()->scope)
                    continue;
                const Result<qint64> seq = nextSeq();
                if (!seq)
                    return seq.error();
                if (Result<void> done = publish(child.table, childId, seq.value(), scope.value(),
                                                deleted, nowMs, meta.value());
                    !done)
                    return done;
                touched += meta.value()->scope;
                touched += scope.value();
                if (Result<void> done
                    = rescopeChildren(child.table, childId, nowMs, touched, depth + 1);
                    !done)
                    return done;
            }
        }
        return {};
    }

    // Value checks that need no row: declared column types and the string size limit.
    std::optional<Rejection> checkValues(const QString &table,
                                         const QMap<QString, FieldChange> &fields) const
    {
        const QHash<QString, QString> types = m_columnTypes.value(table);
        for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
            const QVariant &value = it.value().value;
            if (value.isNull())
                continue;
            const QString type = types.value(it.key());
            const bool isText = value.typeId() == QMetaType::QString;
            if (type == u"INTEGER"_s && isText) {
                return Rejection {u"invalid_value"_s,
                                  u"The field %1 of %2 must be an integer."_s.arg(it.key(), table)};
            }
            if (type == u"TEXT"_s && !isText) {
                return Rejection {u"invalid_value"_s,
                                  u"The field %1 of %2 must be text."_s.arg(it.key(), table)};
            }
            if (isText && value.toString().size() > ProtocolCodec::maxStringValueChars) {
                return Rejection {u"invalid_value"_s,
                                  u"The field %1 is longer than %2 characters."_s.arg(it.key()).arg(
                                      ProtocolCodec::maxStringValueChars)};
            }
        }
        return std::nullopt;
    }

    LocalStore &db() { return m_db; }

private:
    LocalStore &m_db;
    const QHash<QString, QHash<QString, QString>> &m_columnTypes;
};

QByteArray encodeResult(const OpResult &result)
{
    PushResponse wrapper;
    wrapper.results.append(result);
    return ProtocolCodec::encode(wrapper);
}

std::optional<OpResult> decodeResult(const QByteArray &json)
{
    Result<PushResponse> wrapper = ProtocolCodec::decodePushResponse(json);
    if (!wrapper || wrapper->results.size() != 1)
        return std::nullopt;
    return wrapper->results.constFirst();
}

Result<void> exec(LocalStore &db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery q = db.query();
    if (!q.prepare(sql))
        return LocalStore::sqlError(q);
    for (const QVariant &value : binds)
        q.addBindValue(LocalStore::bindable(value)); // a null QString is '' here, not NULL
    if (!q.exec())
        return LocalStore::sqlError(q);
    return {};
}

Result<QVariant> scalar(LocalStore &db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery q = db.query();
    if (!q.prepare(sql))
        return LocalStore::sqlError(q);
    for (const QVariant &value : binds)
        q.addBindValue(LocalStore::bindable(value)); // a null QString is '' here, not NULL
    if (!q.exec())
        return LocalStore::sqlError(q);
    return q.next() ? q.value(0) : QVariant();
}

// One op in its own savepoint: the whole of docs/sync-protocol.md "Push" for a single op.
class OpApplier
{
public:
    OpApplier(RowWriter &rows, const AuthContext &user, const PushRequest &request, qint64 nowMs,
              ServerStore::PushOutcome &outcome)
        : m_rows(rows)
        , m_user(user)
        , m_request(request)
        , m_nowMs(nowMs)
        , m_outcome(outcome)
    { }

    Result<OpResult> apply(const PushOp &op)
    {
        // Idempotency: an answered op is answered again, never applied twice.
        {
            QSqlQuery &q = m_rows.db().prepared(
                u"SELECT user_id, result FROM op_results WHERE device_id = ? AND device_seq = ?"_s);
            q.addBindValue(m_request.deviceId);
            q.addBindValue(op.deviceSeq);
            if (!q.exec())
                return LocalStore::sqlError(q);
            if (q.next()) {
                const QString userId = q.value(0).toString();
                const QByteArray stored = q.value(1).toString().toUtf8();
                q.finish();
                if (userId != m_user.userId) {
                    return rejected(
                        op, {u"forbidden"_s, u"This device sequence was pushed by another user."_s},
                        false);
                }
                if (std::optional<OpResult> answer = decodeResult(stored))
                    return *answer;
                return Error {ErrorCode::Corrupt, u"A stored answer cannot be read."_s};
            }
        }

        if (m_request.schemaVersion > Schema::latestVersion()) {
            // Not stored: the same op succeeds once the server is upgraded.
            return rejected(op,
                            {u"schema_mismatch"_s,
                             u"The client's schema %1 is newer than the server's (%2)."_s
                                 .arg(m_request.schemaVersion)
                                 .arg(Schema::latestVersion())},
                            false);
        }
        if (HybridClock::wallMs(op.hlc) > m_nowMs + ServerStore::maxClockAheadMs) {
            return rejected(op,
                            {u"clock_skew"_s,
                             u"The change is dated %1 s ahead of the server's clock."_s.arg(
                                 (HybridClock::wallMs(op.hlc) - m_nowMs) / 1000)});
        }
        const Schema::SyncedTable *spec = Schema::syncedTable(op.table);
        if (!spec)
            return rejected(op, {u"unknown_table"_s, u"Unknown table %1."_s.arg(op.table)});
        for (auto it = op.fields.cbegin(); it != op.fields.cend(); ++it) {
            if (!spec->fields.contains(it.key())) {
                return rejected(
                    op,
                    {u"unknown_field"_s,
                     u"The field %1 cannot be written in %2."_s.arg(it.key(), op.table)});
            }
        }
        if (std::optional<Rejection> invalid = m_rows.checkValues(op.table, op.fields))
            return rejected(op, *invalid);

        if (Result<void> begin = exec(m_rows.db(), u"SAVEPOINT op"_s); !begin)
            return begin.error();
        Result<std::optional<Rejection>> applied = applyInSavepoint(op, *spec);
        if (!applied || applied.value()) {
            // Failing to roll back fails the outer transaction, which then rolls back.
            static_cast<void>(exec(m_rows.db(), u"ROLLBACK TO op"_s));
            static_cast<void>(exec(m_rows.db(), u"RELEASE op"_s));
            if (!applied)
                return applied.error();
            return rejected(op, *applied.value());
        }
        if (Result<void> release = exec(m_rows.db(), u"RELEASE op"_s); !release)
            return release.error();
        return m_result;
    }

private:
    Result<std::optional<Rejection>> applyInSavepoint(const PushOp &op,
                                                      const Schema::SyncedTable &spec)
    {
        const Rejection forbidden {u"forbidden"_s,
                                   u"The row belongs to a unit outside your scope."_s};
        bool deleted = false;
        const Result<std::optional<QVariantMap>> existing
            = m_rows.rowValues(spec, op.rowId, &deleted);
        if (!existing)
            return existing.error();
        const Result<std::optional<RowMeta>> meta = m_rows.rowMeta(op.table, op.rowId);
        if (!meta)
            return meta.error();
        const bool exists = existing.value().has_value();
        if (exists) {
            const QStringList oldScope
                = meta.value() ? meta.value()->scope : QStringList {ScopePolicy::hqOnly};
            if (!ScopePolicy::mayWrite(m_user, op.table, oldScope, *existing.value()))
                return std::optional<Rejection>(forbidden);
        }
        Result<QMap<QString, qint64>> versions = QMap<QString, qint64>();
        QStringList ownFields;
        if (exists) {
            versions = m_rows.versions(op.table, op.rowId, m_request.deviceId, &ownFields);
            if (!versions)
                return versions.error();
        }

        Merge::Input input;
        input.op = op.op;
        input.fields = op.fields;
        input.rowExists = exists;
        input.rowDeleted = deleted;
        input.serverValues = existing.value().value_or(QVariantMap());
        input.serverVersions = versions.value();
        input.ownFields = ownFields;
        input.criticalFields = spec.criticalFields;
        const Merge::Outcome merged = Merge::decide(input);

        QVariantMap newValues = existing.value().value_or(QVariantMap());
        for (auto it = merged.writes.cbegin(); it != merged.writes.cend(); ++it)
            newValues.insert(it.key(), it.value());
        const bool changes
            = merged.insertRow || !merged.writes.isEmpty() || merged.setDeleted.has_value();
        QStringList newScope;
        if (changes) {
            const Result<QStringList> scope = m_rows.scopeOf(op.table, newValues);
            if (!scope)
                return scope.error();
            newScope = scope.value();
            if (!ScopePolicy::mayWrite(m_user, op.table, newScope, newValues))
                return std::optional<Rejection>(forbidden);
        }

        m_result = OpResult {};
        m_result.deviceSeq = op.deviceSeq;
        m_result.opId = op.opId;
        m_result.status = merged.status;
        m_result.conflicts = merged.conflicts;

        qint64 seq = meta.value() ? meta.value()->seq : 0;
        if (changes) {
            const Result<qint64> next = m_rows.nextSeq();
            if (!next)
                return next.error();
            seq = next.value();
            const Result<std::optional<Rejection>> written = m_rows.writeRow(
                op.table, op.rowId, merged.insertRow, merged.writes, merged.setDeleted, m_nowMs);
            if (!written || written.value())
                return written;
            const QStringList versioned = merged.insertRow ? spec.fields : merged.writes.keys();
            if (Result<void> done
                = m_rows.setVersions(op.table, op.rowId, versioned, seq, m_request.deviceId);
                !done)
                return done.error();
            const bool nowDeleted = merged.setDeleted.value_or(deleted);
            if (Result<void> done = m_rows.publish(op.table, op.rowId, seq, newScope, nowDeleted,
                                                   m_nowMs, meta.value());
                !done)
                return done.error();
            m_outcome.touchedScopes += newScope;
            if (meta.value() && meta.value()->scope != newScope) {
                m_outcome.touchedScopes += meta.value()->scope;
                if (Result<void> done
                    = m_rows.rescopeChildren(op.table, op.rowId, m_nowMs, m_outcome.touchedScopes);
                    !done)
                    return done.error();
            }
        }

        // Nothing is lost: every overwritten value and every value the merge did not keep.
        const QVariantMap oldValues = existing.value().value_or(QVariantMap());
        for (auto it = merged.writes.cbegin(); it != merged.writes.cend(); ++it) {
            const bool contested
                = std::any_of(merged.conflicts.cbegin(), merged.conflicts.cend(),
                              [&](const Conflict &conflict) { return conflict.field == it.key(); });
            if (Result<void> done
                = m_rows.history(seq, op.table, op.rowId, it.key(), oldValues.value(it.key()),
                                 it.value(), contested ? u"overwritten"_s : u"write"_s,
                                 m_user.userId, m_request.deviceId, op.hlc, m_nowMs);
                !done)
                return done.error();
        }
        for (auto it = merged.discarded.cbegin(); it != merged.discarded.cend(); ++it) {
            if (Result<void> done = m_rows.history(
                    seq, op.table, op.rowId, it.key(), oldValues.value(it.key()), it.value(),
                    u"discarded"_s, m_user.userId, m_request.deviceId, op.hlc, m_nowMs);
                !done)
                return done.error();
        }
        for (const Conflict &conflict : merged.conflicts) {
            if (Result<void> done
                = exec(m_rows.db(),
                       u"INSERT INTO conflicts (seq, table_name, row_id, field, client_value, "
                       u"server_value, kept, user_id, device_id, op_id, occurred_at) "
                       u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                       {seq, op.table, op.rowId, conflict.field,
                        LocalStore::bindable(conflict.clientValue),
                        LocalStore::bindable(conflict.serverValue), conflict.kept, m_user.userId,
                        m_request.deviceId, op.opId, m_nowMs});
                !done)
                return done.error();
        }

        m_result.serverSeq = seq;
        if (changes)
            m_outcome.lastSeq = std::max(m_outcome.lastSeq, seq);
        if (std::any_of(merged.conflicts.cbegin(), merged.conflicts.cend(),
                        [](const Conflict &conflict) { return conflict.field == u"deleted"_s; })) {
            // An edit of a deleted row changed nothing here and gets no new seq, so the laptop
            // would not pull the row again: the answer carries the row, and the laptop puts the
            // server's values back in place of the edit (which stays in its sync issues).
            const Result<std::optional<RowState>> current = m_rows.rowState(op.table, op.rowId);
            if (!current)
                return current.error();
            m_result.current = current.value();
        }
        if (Result<void> stored = store(op, m_result); !stored)
            return stored.error();
        return std::optional<Rejection>();
    }

    Result<void> store(const PushOp &op, const OpResult &result)
    {
        return exec(m_rows.db(),
                    u"INSERT INTO op_results (device_id, device_seq, op_id, user_id, server_seq, "
                    u"result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                    {m_request.deviceId, op.deviceSeq, op.opId, m_user.userId, result.serverSeq,
                     QString::fromUtf8(encodeResult(result)), m_nowMs});
    }

    Result<OpResult> rejected(const PushOp &op, const Rejection &rejection, bool persist = true)
    {
        OpResult result;
        result.deviceSeq = op.deviceSeq;
        result.opId = op.opId;
        result.status = u"rejected"_s;
        result.reason = rejection.reason;
        result.message = rejection.message;
        // The client restores the server's values, if it may see them.
        const Result<std::optional<RowState>> current = m_rows.rowState(op.table, op.rowId);
        if (!current)
            return current.error();
        if (current.value()) {
            const Result<std::optional<RowMeta>> meta = m_rows.rowMeta(op.table, op.rowId);
            if (!meta)
                return meta.error();
            if (meta.value() && ScopePolicy::mayRead(m_user, meta.value()->scope))
                result.current = current.value();
        }
        if (persist) {
            if (Result<void> stored = store(op, result); !stored)
                return stored.error();
        }
        return result;
    }

    RowWriter &m_rows;
    const AuthContext &m_user;
    const PushRequest &m_request;
    qint64 m_nowMs;
    ServerStore::PushOutcome &m_outcome;
    OpResult m_result;
};

// Tables in an order where every parent is published before the rows that inherit its scope.
QStringList publicationOrder()
{
    QStringList first;
    QStringList inherited;
    for (const Schema::SyncedTable &table : Schema::syncedTables()) {
        if (ScopePolicy::kind(table.name) == ScopePolicy::TableKind::Inherited)
            inherited.append(table.name);
        else
            first.append(table.name);
    }
    // quotes before quote_versions; every other inherited table has non-inherited parents.
    inherited.removeAll(u"quotes"_s);
    inherited.prepend(u"quotes"_s);
    return first + inherited;
}

} // namespace

// ---- opening -------------------------------------------------------------------------------

SqliteServerStore::SqliteServerStore(QString path)
    : m_path(std::move(path))
{ }

SqliteServerStore::~SqliteServerStore()
{
    const std::lock_guard lock(m_connectionsMutex);
    m_connections.clear();
}

Result<std::unique_ptr<SqliteServerStore>> SqliteServerStore::open(const QString &path)
{
    std::unique_ptr<SqliteServerStore> store(
        new SqliteServerStore(QFileInfo(path).absoluteFilePath()));
    Result<LocalStore *> db = store->connection();
    if (!db)
        return db.error();
    if (Result<void> migrated = store->migrateServerTables(*db.value()); !migrated)
        return migrated.error();
    if (Result<void> loaded = store->loadColumnTypes(*db.value()); !loaded)
        return loaded.error();
    return store;
}

Result<LocalStore *> SqliteServerStore::connection()
{
    const std::lock_guard lock(m_connectionsMutex);
    const auto it = m_connections.find(std::this_thread::get_id());
    if (it != m_connections.end())
        return it->second.get();
    Result<std::unique_ptr<LocalStore>> opened = LocalStore::open(m_path);
    if (!opened)
        return opened.error();
    LocalStore *db = opened.value().get();
    m_connections.emplace(std::this_thread::get_id(), std::move(opened).value());
    return db;
}

void SqliteServerStore::releaseThreadResources()
{
    std::unique_ptr<LocalStore> db;
    {
        const std::lock_guard lock(m_connectionsMutex);
        const auto it = m_connections.find(std::this_thread::get_id());
        if (it == m_connections.end())
            return;
        db = std::move(it->second);
        m_connections.erase(it);
    }
    // Closed outside the lock, on its own thread.
    db.reset();
}

Result<void> SqliteServerStore::migrateServerTables(LocalStore &db)
{
    if (Result<void> done = exec(db,
                                 u"CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY "
                                 u"KEY NOT NULL, value NOT NULL) WITHOUT ROWID"_s);
        !done)
        return done;
    const Result<QVariant> stored
        = scalar(db, u"SELECT value FROM server_meta WHERE key = 'server_schema'"_s);
    if (!stored)
        return stored.error();
    const int current = stored.value().toInt();
    if (current > latestServerMigration()) {
        return Error {ErrorCode::NewerSchema,
                      tr("The server store %1 was written by a newer outpost-server (server "
                         "schema %2, this one knows %3).")
                          .arg(m_path)
                          .arg(current)
                          .arg(latestServerMigration())};
    }
    if (current == latestServerMigration())
        return {};
    const std::lock_guard writer(m_writeMutex);
    return db.transaction([&]() -> Result<void> {
        for (const ServerMigration &migration : serverMigrations()) {
            if (migration.version <= current)
                continue;
            for (const QString &statement : migration.statements) {
                if (Result<void> done = exec(db, statement); !done)
                    return done;
            }
        }
        qCInfo(lcServer) << "server tables of" << m_path << "at version" << latestServerMigration();
        return exec(db,
                    u"INSERT INTO server_meta (key, value) VALUES ('server_schema', ?) "
                    u"ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s,
                    {latestServerMigration()});
    });
}

Result<void> SqliteServerStore::loadColumnTypes(LocalStore &db)
{
    for (const Schema::SyncedTable &table : Schema::syncedTables()) {
        QSqlQuery q = db.query();
        if (!q.exec(u"PRAGMA table_info(%1)"_s.arg(table.name)))
            return LocalStore::sqlError(q);
        QHash<QString, QString> types;
        while (q.next())
            types.insert(q.value(1).toString(), q.value(2).toString().toUpper());
        m_columnTypes.insert(table.name, types);
    }
    return {};
}

Result<QString> SqliteServerStore::restoreBackup(const QString &backupPath, const QString &path)
{
    const QString target = QFileInfo(path).absoluteFilePath();
    const QString staging = target + u".restoring"_s;
    if (!QFileInfo::exists(backupPath))
        return Error {ErrorCode::NotFound, tr("The backup %1 does not exist.").arg(backupPath)};
    QFile::remove(staging);
    if (!QFile::copy(backupPath, staging)) {
        return Error {ErrorCode::Io,
                      tr("The backup %1 cannot be copied to %2.").arg(backupPath, staging)};
    }
    QString newEpoch;
    {
        Result<std::unique_ptr<SqliteServerStore>> restored = open(staging);
        if (!restored) {
            QFile::remove(staging);
            return restored.error();
        }
        const Result<bool> initialized = restored.value()->isInitialized();
        if (!initialized || !initialized.value()) {
            restored.value().reset();
            QFile::remove(staging);
            return Error {ErrorCode::Corrupt,
                          tr("The file %1 is not an outpost-server backup.").arg(backupPath)};
        }
        const Result<QString> epoch = restored.value()->renewEpoch();
        if (!epoch)
            return epoch.error();
        newEpoch = epoch.value();
    } // closed: its WAL is checkpointed into the file
    LocalStore::removeFiles(target);
    if (!QFile::rename(staging, target)) {
        return Error {
            ErrorCode::Io,
            tr("The restored store cannot be moved to %1; it is at %2.").arg(target, staging)};
    }
    return newEpoch;
}

// ---- dataset -------------------------------------------------------------------------------

Result<bool> SqliteServerStore::isInitialized()
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const Result<QVariant> epoch
        = scalar(*db.value(), u"SELECT value FROM server_meta WHERE key = 'epoch'"_s);
    if (!epoch)
        return epoch.error();
    return !epoch.value().isNull();
}

Result<QString> SqliteServerStore::initialize(qint64 nowMs)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const std::lock_guard writer(m_writeMutex);
    const QString epoch = UuidV7::generate();
    Result<void> done = db.value()->transaction([&]() -> Result<void> {
        const Result<QVariant> existing
            = scalar(*db.value(), u"SELECT value FROM server_meta WHERE key = 'epoch'"_s);
        if (!existing)
            return existing.error();
        if (!existing.value().isNull()) {
            return Error {ErrorCode::Conflict,
                          tr("The store %1 already holds a dataset (epoch %2).")
                              .arg(m_path, existing.value().toString())};
        }
        return exec(*db.value(),
                    u"INSERT INTO server_meta (key, value) VALUES ('epoch', ?), ('last_seq', 0), "
                    u"('created_at', ?)"_s,
                    {epoch, nowMs});
    });
    if (!done)
        return done.error();
    qCInfo(lcServer) << "initialized" << m_path << "epoch" << epoch;
    return epoch;
}

Result<QString> SqliteServerStore::epoch()
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const Result<QVariant> epoch
        = scalar(*db.value(), u"SELECT value FROM server_meta WHERE key = 'epoch'"_s);
    if (!epoch)
        return epoch.error();
    return epoch.value().toString();
}

Result<QString> SqliteServerStore::renewEpoch()
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const std::lock_guard writer(m_writeMutex);
    const QString epoch = UuidV7::generate();
    if (Result<void> done
        = exec(*db.value(), u"UPDATE server_meta SET value = ? WHERE key = 'epoch'"_s, {epoch});
        !done)
        return done.error();
    return epoch;
}

Result<void> SqliteServerStore::backup(const QString &targetPath)
{
    if (QFileInfo::exists(targetPath))
        return Error {ErrorCode::Conflict, tr("The file %1 already exists.").arg(targetPath)};
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    // A consistent snapshot while the server keeps running (readers do not block it).
    return exec(*db.value(), u"VACUUM INTO ?"_s, {QFileInfo(targetPath).absoluteFilePath()});
}

// ---- organization --------------------------------------------------------------------------

namespace {

// A row written by the server itself (command line, seeding), published like a pushed one.
Result<void> systemInsert(RowWriter &rows, const QString &table, const QString &rowId,
                          const QVariantMap &values, qint64 nowMs)
{
    const Schema::SyncedTable *spec = Schema::syncedTable(table);
    const Result<qint64> seq = rows.nextSeq();
    if (!seq)
        return seq.error();
    const Result<std::optional<Rejection>> written
        = rows.writeRow(table, rowId, true, values, false, nowMs);
    if (!written)
        return written.error();
    if (written.value())
        return Error {ErrorCode::InvalidArgument, written.value()->message};
    if (Result<void> done = rows.setVersions(table, rowId, spec->fields, seq.value()); !done)
        return done;
    const Result<QStringList> scope = rows.scopeOf(table, values);
    if (!scope)
        return scope.error();
    return rows.publish(table, rowId, seq.value(), scope.value(), false, nowMs, std::nullopt);
}

const QStringList &roles()
{
    static const QStringList list
        = {u"rep"_s, u"lead"_s, u"hq"_s, u"admin"_s, u"csm"_s, u"delivery"_s, u"strategist"_s};
    return list;
}

} // namespace

Result<QString> SqliteServerStore::addUnit(const UnitSpec &unit, qint64 nowMs)
{
    if (unit.name.trimmed().isEmpty() || unit.name.size() > 200)
        return Error {ErrorCode::InvalidArgument,
                      tr("A unit needs a name of 1 to 200 characters.")};
    if (unit.currency.size() != 3 || unit.currency.toUpper() != unit.currency) {
        return Error {ErrorCode::InvalidArgument,
                      tr("The currency must be a three-letter ISO code such as CNY.")};
    }
    if (unit.budgetLimitMinor < 0)
        return Error {ErrorCode::InvalidArgument, tr("The budget limit must not be negative.")};
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const std::lock_guard writer(m_writeMutex);
    const QString id = UuidV7::generate();
    RowWriter rows(*db.value(), m_columnTypes);
    Result<void> done = db.value()->transaction([&]() -> Result<void> {
        if (!unit.parentId.isEmpty()) {
            const Result<QVariant> parent
                = scalar(*db.value(), u"SELECT id FROM units WHERE id = ? AND deleted = 0"_s,
                         {unit.parentId});
            if (!parent)
                return parent.error();
            if (parent.value().isNull()) {
                return Error {ErrorCode::NotFound,
                              tr("There is no unit with the id %1.").arg(unit.parentId)};
            }
        }
        return systemInsert(rows, u"units"_s, id,
                            {{u"name"_s, unit.name.trimmed()},
                             {u"parent_id"_s, unit.parentId.isEmpty() ? QVariant() : unit.parentId},
                             {u"region"_s, unit.region},
                             {u"currency"_s, unit.currency},
                             {u"budget_limit_minor"_s, unit.budgetLimitMinor},
                             {u"is_hq"_s, unit.isHq ? 1 : 0}},
                            nowMs);
    });
    if (!done)
        return done.error();
    return id;
}

Result<QString> SqliteServerStore::addUser(const UserSpec &user, qint64 nowMs)
{
    if (user.login.trimmed().isEmpty() || user.login.size() > ProtocolCodec::maxLoginChars) {
        return Error {ErrorCode::InvalidArgument,
                      tr("A login needs 1 to %1 characters.").arg(ProtocolCodec::maxLoginChars)};
    }
    if (user.name.trimmed().isEmpty() || user.name.size() > 200)
        return Error {ErrorCode::InvalidArgument,
                      tr("A user needs a name of 1 to 200 characters.")};
    if (!roles().contains(user.role)) {
        return Error {ErrorCode::InvalidArgument,
                      tr("The role must be one of %1.").arg(roles().join(u", "_s))};
    }
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const std::lock_guard writer(m_writeMutex);
    const QString id = UuidV7::generate();
    RowWriter rows(*db.value(), m_columnTypes);
    Result<void> done = db.value()->transaction([&]() -> Result<void> {
        if (!user.unitId.isEmpty()) {
            const Result<QVariant> unit = scalar(
                *db.value(), u"SELECT id FROM units WHERE id = ? AND deleted = 0"_s, {user.unitId});
            if (!unit)
                return unit.error();
            if (unit.value().isNull())
                return Error {ErrorCode::NotFound,
                              tr("There is no unit with the id %1.").arg(user.unitId)};
        }
        const Result<QVariant> taken = scalar(
            *db.value(), u"SELECT user_id FROM accounts WHERE login = ?"_s, {user.login.trimmed()});
        if (!taken)
            return taken.error();
        if (!taken.value().isNull()) {
            return Error {ErrorCode::Conflict,
                          tr("The login %1 is already taken.").arg(user.login.trimmed())};
        }
        if (Result<void> inserted = systemInsert(
                rows, u"users"_s, id,
                {{u"name"_s, user.name.trimmed()},
                 {u"email"_s, user.login.contains(u'@') ? user.login.trimmed() : QString()},
                 {u"role"_s, user.role},
                 {u"unit_id"_s, user.unitId.isEmpty() ? QVariant() : user.unitId},
                 {u"active"_s, 1}},
                nowMs);
            !inserted)
            return inserted;
        return exec(*db.value(),
                    u"INSERT INTO accounts (user_id, login, password_hash, created_at, updated_at) "
                    u"VALUES (?, ?, ?, ?, ?)"_s,
                    {id, user.login.trimmed(), user.passwordHash, nowMs, nowMs});
    });
    if (!done)
        return done.error();
    return id;
}

Result<void> SqliteServerStore::setPasswordHash(const QString &login, const QString &passwordHash)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const std::lock_guard writer(m_writeMutex);
    QSqlQuery q = db.value()->query();
    q.prepare(u"UPDATE accounts SET password_hash = ? WHERE login = ?"_s);
    q.addBindValue(passwordHash);
    q.addBindValue(login);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (q.numRowsAffected() != 1)
        return Error {ErrorCode::NotFound, tr("There is no account with the login %1.").arg(login)};
    return {};
}

Result<ServerStore::SeedSummary>
SqliteServerStore::seedDemo(int deals, quint32 seed, const QString &passwordHash, qint64 nowMs)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    LocalStore &local = *db.value();
    const std::lock_guard writer(m_writeMutex);
    RowWriter rows(local, m_columnTypes);
    SeedSummary summary;
    Result<void> done = local.transaction([&]() -> Result<void> {
        DemoGenerator generator({deals, seed, nowMs});
        if (Result<void> generated = generator.generate(local); !generated)
            return generated;
        // Publish every seeded row: a seq, its scope and a version for each field.
        for (const QString &table : publicationOrder()) {
            const Schema::SyncedTable *spec = Schema::syncedTable(table);
            QSqlQuery q = local.query();
            q.setForwardOnly(true);
            if (!q.exec(u"SELECT id, deleted, %1 FROM %2 WHERE id NOT IN (SELECT row_id FROM "
                        u"row_meta WHERE table_name = '%2') ORDER BY id"_s.arg(
                            spec->fields.join(u", "_s), table)))
                return LocalStore::sqlError(q);
            while (q.next()) {
                QVariantMap values;
                for (qsizetype i = 0; i < spec->fields.size(); ++i)
                    values.insert(spec->fields.at(i), q.value(int(i + 2)));
                const QString rowId = q.value(0).toString();
                const Result<qint64> seq = rows.nextSeq();
                if (!seq)
                    return seq.error();
                const Result<QStringList> scope = rows.scopeOf(table, values);
                if (!scope)
                    return scope.error();
                if (Result<void> published = rows.publish(table, rowId, seq.value(), scope.value(),
                                                          q.value(1).toBool(), nowMs, std::nullopt);
                    !published)
                    return published;
                ++summary.rows;
            }
            q.finish();
            for (const QString &field : spec->fields) {
                if (Result<void> versioned = exec(
                        local,
                        u"INSERT OR IGNORE INTO server_field_versions (table_name, row_id, field, "
                        u"version) SELECT table_name, row_id, ?, seq FROM row_meta "
                        u"WHERE table_name = ?"_s,
                        {field, table});
                    !versioned)
                    return versioned;
            }
        }
        // An account for every user with an email, all with the documented demo password.
        QSqlQuery users = local.query();
        if (!users.exec(u"SELECT id, email FROM users WHERE email <> '' AND id NOT IN "
                        u"(SELECT user_id FROM accounts)"_s))
            return LocalStore::sqlError(users);
        QList<std::pair<QString, QString>> accounts;
        while (users.next())
            accounts.append({users.value(0).toString(), users.value(1).toString()});
        users.finish();
        for (const auto &[userId, email] : std::as_const(accounts)) {
            if (Result<void> inserted = exec(
                    local,
                    u"INSERT OR IGNORE INTO accounts (user_id, login, password_hash, created_at, "
                    u"updated_at) VALUES (?, ?, ?, ?, ?)"_s,
                    {userId, email, passwordHash, nowMs, nowMs});
                !inserted)
                return inserted;
            ++summary.accounts;
            if (userId == generator.demoUserId())
                summary.demoLogin = email;
        }
        return {};
    });
    if (!done)
        return done.error();
    return summary;
}

// ---- accounts and tokens -------------------------------------------------------------------

namespace {

// The accounts matching where (with key bound to its one parameter, if any).
Result<QList<ServerStore::Account>> readAccounts(LocalStore &db, const QString &where,
                                                 const std::optional<QString> &key)
{
    QSqlQuery &q = db.prepared(
        u"SELECT a.user_id, a.login, a.password_hash, u.name, u.role, coalesce(u.unit_id, ''), "
        u"u.active AND NOT u.deleted FROM accounts a JOIN users u ON u.id = a.user_id WHERE "_s
        + where + u" ORDER BY a.login"_s);
    if (key)
        q.addBindValue(*key);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<ServerStore::Account> accounts;
    while (q.next()) {
        accounts.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                         q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                         q.value(6).toBool()});
    }
    q.finish();
    return accounts;
}

Result<std::optional<ServerStore::Account>> readAccount(LocalStore &db, const QString &where,
                                                        const QString &key)
{
    const Result<QList<ServerStore::Account>> accounts = readAccounts(db, where, key);
    if (!accounts)
        return accounts.error();
    if (accounts->isEmpty())
        return std::optional<ServerStore::Account>();
    return std::optional<ServerStore::Account>(accounts->constFirst());
}

} // namespace

Result<std::optional<ServerStore::Account>> SqliteServerStore::findAccount(const QString &login)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    return readAccount(*db.value(), u"a.login = ?"_s, login);
}

Result<std::optional<ServerStore::Account>>
SqliteServerStore::findAccountByUserId(const QString &userId)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    return readAccount(*db.value(), u"a.user_id = ?"_s, userId);
}

Result<QList<ServerStore::Account>> SqliteServerStore::activeAccounts()
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    return readAccounts(*db.value(), u"u.active AND NOT u.deleted"_s, std::nullopt);
}

Result<void> SqliteServerStore::storeTokens(const QList<NewToken> &tokens)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const std::lock_guard writer(m_writeMutex);
    return db.value()->transaction([&]() -> Result<void> {
        for (const NewToken &token : tokens) {
            if (Result<void> done
                = exec(*db.value(),
                       u"INSERT INTO tokens (token_hash, pair_id, user_id, kind, device_id, "
                       u"created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                       {QString::fromLatin1(token.hash), token.pairId, token.userId, token.kind,
                        token.deviceId, token.createdAt, token.expiresAt});
                !done)
                return done;
        }
        // Expired tokens are of no use to anyone.
        return exec(*db.value(), u"DELETE FROM tokens WHERE expires_at < ?"_s,
                    {tokens.isEmpty() ? 0 : tokens.constFirst().createdAt - 24 * 3600 * 1000});
    });
}

Result<std::optional<ServerStore::TokenRecord>> SqliteServerStore::findToken(const QByteArray &hash)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    QSqlQuery &q = db.value()->prepared(u"SELECT pair_id, user_id, kind, device_id, expires_at, "
                                        u"revoked FROM tokens WHERE token_hash = ?"_s);
    q.addBindValue(QString::fromLatin1(hash));
    if (!q.exec())
        return LocalStore::sqlError(q);
    std::optional<TokenRecord> record;
    if (q.next()) {
        record = TokenRecord {q.value(0).toString(), q.value(1).toString(),   q.value(2).toString(),
                              q.value(3).toString(), q.value(4).toLongLong(), q.value(5).toBool()};
    }
    q.finish();
    return record;
}

Result<void> SqliteServerStore::revokeTokenPair(const QString &pairId)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const std::lock_guard writer(m_writeMutex);
    return exec(*db.value(), u"UPDATE tokens SET revoked = 1 WHERE pair_id = ?"_s, {pairId});
}

Result<ServerStore::LoginFailures> SqliteServerStore::loginFailuresByLogin(const QString &login,
                                                                           qint64 since)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    QSqlQuery &q = db.value()->prepared(
        u"SELECT count(*), coalesce(min(at), 0) FROM login_attempts WHERE login = ? AND "
        u"success = 0 AND at > max(?, coalesce((SELECT max(at) FROM login_attempts "
        u"WHERE login = ? AND success = 1), 0))"_s);
    q.addBindValue(login);
    q.addBindValue(since);
    q.addBindValue(login);
    if (!q.exec() || !q.next())
        return LocalStore::sqlError(q);
    const LoginFailures failures {q.value(0).toInt(), q.value(1).toLongLong()};
    q.finish();
    return failures;
}

Result<ServerStore::LoginFailures> SqliteServerStore::loginFailuresByAddress(const QString &address,
                                                                             qint64 since)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    QSqlQuery &q = db.value()->prepared(
        u"SELECT count(*), coalesce(min(at), 0) FROM login_attempts WHERE address = ? AND "
        u"success = 0 AND at > ?"_s);
    q.addBindValue(address);
    q.addBindValue(since);
    if (!q.exec() || !q.next())
        return LocalStore::sqlError(q);
    const LoginFailures failures {q.value(0).toInt(), q.value(1).toLongLong()};
    q.finish();
    return failures;
}

Result<void> SqliteServerStore::recordLoginAttempt(const QString &login, const QString &address,
                                                   bool success, qint64 nowMs)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const std::lock_guard writer(m_writeMutex);
    return db.value()->transaction([&]() -> Result<void> {
        if (Result<void> done = exec(*db.value(),
                                     u"INSERT INTO login_attempts (login, address, success, at) "
                                     u"VALUES (?, ?, ?, ?)"_s,
                                     {login, address, success ? 1 : 0, nowMs});
            !done)
            return done;
        return exec(*db.value(), u"DELETE FROM login_attempts WHERE at < ?"_s,
                    {nowMs - loginAttemptRetentionMs});
    });
}

// ---- replication ---------------------------------------------------------------------------

Result<ServerStore::PushOutcome>
SqliteServerStore::applyPush(const AuthContext &user, const PushRequest &request, qint64 nowMs)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const std::lock_guard writer(m_writeMutex);
    RowWriter rows(*db.value(), m_columnTypes);
    PushOutcome outcome;
    // One commit for the whole push; each op is atomic in its own savepoint, so a rejected op
    // changes nothing while the others stand.
    Result<void> done = db.value()->transaction([&]() -> Result<void> {
        // A push made for another epoch comes from a laptop that has not noticed a restore
        // yet: applying it now would put its newest ops before the older ones it is about to
        // push again (its journal). Nothing is applied; the answer's epoch tells it to requeue
        // the journal and push everything again in device-seq order.
        if (!request.epoch.isEmpty()) {
            const Result<QVariant> epoch
                = scalar(*db.value(), u"SELECT value FROM server_meta WHERE key = 'epoch'"_s);
            if (!epoch)
                return epoch.error();
            if (epoch.value().toString() != request.epoch)
                return {};
        }
        OpApplier applier(rows, user, request, nowMs, outcome);
        for (const PushOp &op : request.ops) {
            Result<OpResult> result = applier.apply(op);
            if (!result)
                return result.error();
            outcome.results.append(std::move(result).value());
        }
        return {};
    });
    if (!done)
        return done.error();
    outcome.touchedScopes.removeDuplicates();
    return outcome;
}

Result<PullResponse> SqliteServerStore::pull(const AuthContext &user, qint64 cursor, int limit,
                                             const QString &clientEpoch)
{
    // One code path: the structured page is the body the API sends, read back.
    const Result<QByteArray> body = pullBody(user, cursor, limit, clientEpoch);
    if (!body)
        return body.error();
    return ProtocolCodec::decodePullResponse(body.value());
}

namespace {

// A JSON string literal (for the few texts of a pull page the store does not render).
QByteArray jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

// The change of every row of one table, as a pull page sends it, rendered by SQLite: one
// statement and one result row per change instead of three queries and a JSON object built
// value by value (the whole difference for a laptop's first sync of a large organization).
// Same members and values as ProtocolCodec's encoding of a RowState.
QString rowJsonSql(const Schema::SyncedTable &table)
{
    QStringList fields;
    for (const QString &field : table.fields)
        fields.append(u"'%1', t.%1"_s.arg(field));
    return u"SELECT t.id, json_object('seq', m.seq, 'table', '%1', 'row_id', t.id, 'deleted', "
           u"json(CASE WHEN t.deleted THEN 'true' ELSE 'false' END), 'fields', json_object(%2), "
           u"'versions', (SELECT json_group_object(v.field, v.version) FROM "
           u"server_field_versions v WHERE v.table_name = '%1' AND v.row_id = t.id)) "
           u"FROM %1 t JOIN row_meta m ON m.table_name = '%1' AND m.row_id = t.id "
           u"WHERE t.id IN (SELECT value FROM json_each(?))"_s.arg(table.name,
                                                                   fields.join(u", "_s));
}

} // namespace

Result<QByteArray> SqliteServerStore::pullBody(const AuthContext &user, qint64 cursor, int limit,
                                               const QString &clientEpoch)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    LocalStore &local = *db.value();
    limit = std::clamp(limit, 1, ProtocolCodec::maxPullLimit);

    // One read transaction: the page, the epoch and the last seq form one snapshot.
    if (Result<void> begin = exec(local, u"BEGIN"_s); !begin)
        return begin.error();
    auto page = [&]() -> Result<QByteArray> {
        const Result<QVariant> epoch
            = scalar(local, u"SELECT value FROM server_meta WHERE key = 'epoch'"_s);
        const Result<QVariant> lastSeq
            = scalar(local, u"SELECT value FROM server_meta WHERE key = 'last_seq'"_s);
        if (!epoch)
            return epoch.error();
        if (!lastSeq)
            return lastSeq.error();
        const QString serverEpoch = epoch.value().toString();
        const qint64 last = lastSeq.value().toLongLong();
        const auto envelope = [&](const QByteArray &changes, qint64 nextCursor, bool hasMore,
                                  bool reset) -> QByteArray {
            return "{\"changes\":[" + changes + "],\"cursor\":" + QByteArray::number(nextCursor)
                + ",\"epoch\":" + jsonString(serverEpoch)
                + ",\"has_more\":" + (hasMore ? "true" : "false")
                + ",\"reset_required\":" + (reset ? "true" : "false") + '}';
        };
        if ((!clientEpoch.isEmpty() && clientEpoch != serverEpoch) || cursor > last) {
            // The cursor belongs to another dataset (a restored backup): start again from 0.
            return envelope({}, 0, false, true);
        }
        // Read through SQLite's C API: rows come out as the UTF-8 the page is made of, with
        // no detour through QString (a laptop's first sync reads every row of its scope).
        const bool everything = user.readsEverything();
        SqlStatement &q = local.statement(
            everything ? u"SELECT table_name, row_id, seq, scope_unit, scope_unit2 FROM row_meta "
                         u"WHERE seq > ? ORDER BY seq LIMIT ?"_s
                       : u"SELECT table_name, row_id, seq, scope_unit, scope_unit2 FROM row_meta "
                         u"WHERE seq > ? AND (scope_unit IN ('*', ?) OR scope_unit2 = ? "
                         u"OR prev_scope_unit = ? OR prev_scope_unit2 = ?) "
                         u"ORDER BY seq LIMIT ?"_s);
        q.bind(cursor);
        if (!everything) {
            const QString unit = user.unitId.isEmpty() ? u"-"_s : user.unitId;
            for (int i = 0; i < 4; ++i)
                q.bind(unit);
        }
        q.bind(limit + 1);
        struct Entry
        {
            const Schema::SyncedTable *table; ///< null: not a synced table (not expected)
            QByteArray tableName;
            QByteArray rowId;
            qint64 seq;
            bool readable;
        };
        QList<Entry> entries;
        entries.reserve(limit + 1);
        QHash<QByteArray, const Schema::SyncedTable *> tables;
        while (q.next()) {
            const QByteArray tableName = q.utf8(0);
            auto table = tables.constFind(tableName);
            if (table == tables.cend())
                table = tables.insert(tableName, Schema::syncedTable(QString::fromUtf8(tableName)));
            bool readable = everything;
            if (!readable) {
                QStringList scope {q.text(3)};
                if (!q.isNull(4))
                    scope.append(q.text(4));
                readable = ScopePolicy::mayRead(user, scope);
            }
            entries.append({table.value(), tableName, q.utf8(1), q.int64(2), readable});
        }
        if (q.failed())
            return LocalStore::sqlError(q);
        const bool hasMore = entries.size() > limit;
        if (hasMore)
            entries.resize(limit);

        // The readable rows, rendered per table. Ids are UUIDs (checked when written), so
        // their JSON array needs no escaping; anything else goes through the JSON writer.
        const auto jsonId = [](const QByteArray &id) -> QByteArray {
            const bool plain = std::all_of(id.cbegin(), id.cend(), [](char c) {
                return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-';
            });
            return plain ? '"' + id + '"' : jsonString(QString::fromUtf8(id));
        };
        QHash<const Schema::SyncedTable *, QByteArray> idsByTable;
        for (const Entry &entry : std::as_const(entries)) {
            if (!entry.readable || !entry.table)
                continue;
            QByteArray &ids = idsByTable[entry.table];
            ids += (ids.isEmpty() ? "[" : ",") + jsonId(entry.rowId);
        }
        QHash<const Schema::SyncedTable *, QHash<QByteArray, QByteArray>> rendered;
        for (auto it = idsByTable.cbegin(); it != idsByTable.cend(); ++it) {
            SqlStatement &rows = local.statement(rowJsonSql(*it.key()));
            rows.bindUtf8(QByteArray(it.value() + ']'));
            QHash<QByteArray, QByteArray> &byId = rendered[it.key()];
            while (rows.next())
                byId.insert(rows.utf8(0), rows.utf8(1));
            if (rows.failed())
                return LocalStore::sqlError(rows);
        }

        QByteArray changes;
        for (const Entry &entry : std::as_const(entries)) {
            if (!entry.readable) {
                // It left this user's scope: the laptop deletes it for good.
                changes += (changes.isEmpty() ? "" : ",")
                    + ("{\"deleted\":true,\"fields\":{},\"purge\":true,\"row_id\":"
                       + jsonId(entry.rowId) + ",\"seq\":" + QByteArray::number(entry.seq)
                       + ",\"table\":" + jsonString(QString::fromUtf8(entry.tableName))
                       + ",\"versions\":{}}");
                continue;
            }
            const QByteArray change = rendered.value(entry.table).value(entry.rowId);
            if (change.isEmpty())
                continue; // published but not in its table (not expected)
            if (!changes.isEmpty())
                changes += ',';
            changes += change;
        }
        // An empty or final page moves the cursor past changes outside the scope too.
        return envelope(changes, hasMore ? entries.constLast().seq : last, hasMore, false);
    };
    Result<QByteArray> body = page();
    static_cast<void>(exec(local, u"COMMIT"_s)); // a read transaction has nothing to lose
    return body;
}

Result<qint64> SqliteServerStore::latestSeqInScope(const AuthContext &user)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    const Result<QVariant> seq = user.readsEverything()
        ? scalar(*db.value(), u"SELECT coalesce(max(seq), 0) FROM row_meta"_s)
        : scalar(*db.value(),
                 u"SELECT coalesce(max(seq), 0) FROM row_meta WHERE scope_unit IN ('*', ?) "
                 u"OR scope_unit2 = ? OR prev_scope_unit = ? OR prev_scope_unit2 = ?"_s,
                 QVariantList(4, user.unitId.isEmpty() ? u"-"_s : user.unitId));
    if (!seq)
        return seq.error();
    return seq.value().toLongLong();
}

Result<ServerStore::Checksums> SqliteServerStore::checksums(const std::optional<AuthContext> &user)
{
    Result<LocalStore *> db = connection();
    if (!db)
        return db.error();
    LocalStore &local = *db.value();
    // One read transaction: every table, the epoch and the last seq form one snapshot.
    if (Result<void> begin = exec(local, u"BEGIN"_s); !begin)
        return begin.error();
    auto digest = [&]() -> Result<Checksums> {
        Checksums result;
        const Result<QVariant> epoch
            = scalar(local, u"SELECT value FROM server_meta WHERE key = 'epoch'"_s);
        if (!epoch)
            return epoch.error();
        const Result<QVariant> lastSeq
            = scalar(local, u"SELECT value FROM server_meta WHERE key = 'last_seq'"_s);
        if (!lastSeq)
            return lastSeq.error();
        result.epoch = epoch.value().toString();
        result.lastSeq = lastSeq.value().toLongLong();
        const bool everything = !user || user->readsEverything();
        const QString unit = user && !user->unitId.isEmpty() ? user->unitId : u"-"_s;
        for (const Schema::SyncedTable &table : Schema::syncedTables()) {
            // Only published rows replicate; a user's laptop holds those ScopePolicy::mayRead
            // lets them read. The canonical form is SyncStore::checksums()'s: rows in
            // ascending id, each "id", then every field in Schema order and "deleted", each
            // after a unit separator (NULL as \N), ended by a line feed.
            QStringList columns;
            for (const QString &field : table.fields)
                columns.append(u"t."_s + field);
            QSqlQuery q = local.query();
            q.setForwardOnly(true);
            q.prepare(u"SELECT t.id, %1, t.deleted FROM %2 t JOIN row_meta m "
                      u"ON m.table_name = '%2' AND m.row_id = t.id%3 ORDER BY t.id"_s.arg(
                          columns.join(u", "_s), table.name,
                          everything ? QString()
                                     : u" WHERE m.scope_unit IN ('*', ?) OR m.scope_unit2 "
                                       u"IN ('*', ?)"_s));
            if (!everything) {
                q.addBindValue(unit);
                q.addBindValue(unit);
            }
            if (!q.exec())
                return LocalStore::sqlError(q);
            QCryptographicHash hash(QCryptographicHash::Sha256);
            TableChecksum checksum;
            const int columnCount = int(table.fields.size()) + 2;
            while (q.next()) {
                QString line = q.value(0).toString();
                for (int i = 1; i < columnCount; ++i) {
                    const QVariant value = q.value(i);
                    line += u'\x1f';
                    line += value.isNull() ? u"\\N"_s : value.toString();
                }
                line += u'\n';
                hash.addData(line.toUtf8());
                ++checksum.rows;
            }
            checksum.sha256 = QString::fromLatin1(hash.result().toHex());
            result.tables.insert(table.name, checksum);
        }
        return result;
    };
    Result<Checksums> result = digest();
    static_cast<void>(exec(local, u"COMMIT"_s)); // a read transaction has nothing to lose
    return result;
}

} // namespace Outpost
