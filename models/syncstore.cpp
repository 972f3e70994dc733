#include "syncstore.h"

#include "changewriter.h"
#include "hybridclock.h"
#include "localstore.h"
#include "logging.h"
#include "schema.h"
#include "sqlstatement.h"

#include <QCborValue>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSqlError>
#include <QVarLengthArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString cursorKey = u"cursor"_s;
const QString epochKey = u"epoch"_s;
const QString lastSyncKey = u"last_sync_at"_s;
const QString deletedField = u"deleted"_s;
constexpr qint64 dayMs = 24LL * 3600 * 1000;

// The columns every synced table has besides its writable fields.
const QStringList bookkeepingColumns
    = {u"id"_s, u"created_at"_s, u"updated_at"_s, u"deleted"_s, u"sync_version"_s};

// SQLite stores a bool as the integer 0 or 1.
QVariant columnValue(const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return QVariant(qint64(value.toBool() ? 1 : 0));
    return value;
}

// Two column values are equal as SQLite stores them (integers and text compare by value).
bool sameValue(const QVariant &stored, const QVariant &incoming)
{
    if (stored.isNull() || incoming.isNull())
        return stored.isNull() == incoming.isNull();
    return stored.toString() == columnValue(incoming).toString();
}

QVariant historyText(const QVariant &value)
{
    return value.isNull() ? QVariant()
                          : LocalStore::bindable(QVariant(columnValue(value).toString()));
}

QJsonValue toJson(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Bool:
        return QJsonValue(columnValue(value).toLongLong());
    case QMetaType::Double: {
        const double number = value.toDouble();
        if (number == double(qint64(number)))
            return QJsonValue(qint64(number));
        return QJsonValue(number);
    }
    default:
        return QJsonValue(value.toString());
    }
}

// Integers come back as qint64 (HLCs and seqs exceed 2^53), never through a double.
QVariant fromJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Double: {
        const QCborValue number = QCborValue::fromJsonValue(value);
        if (number.isInteger())
            return QVariant(number.toInteger());
        return QVariant(value.toDouble());
    }
    case QJsonValue::String:
        return QVariant(value.toString());
    case QJsonValue::Bool:
        return QVariant(qint64(value.toBool() ? 1 : 0));
    default:
        return QVariant();
    }
}

QString toJsonText(const QVariantMap &values)
{
    QJsonObject object;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        object.insert(it.key(), toJson(it.value()));
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<QJsonObject> parseObject(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (!document.isObject())
        return std::nullopt;
    return document.object();
}

QVariantMap fromJsonText(const QString &text)
{
    QVariantMap values;
    if (const std::optional<QJsonObject> object = parseObject(text)) {
        for (auto it = object->constBegin(); it != object->constEnd(); ++it)
            values.insert(it.key(), fromJson(it.value()));
    }
    return values;
}

// The creation time a UUIDv7 carries in its first 48 bits (0 if the text is not one).
qint64 uuidTimestamp(const QString &id)
{
    if (id.size() < 13)
        return 0;
    bool ok = false;
    const qint64 ms = QStringView(id).left(8).toLongLong(&ok, 16) << 16;
    bool okLow = false;
    const qint64 low = QStringView(id).mid(9, 4).toLongLong(&okLow, 16);
    return ok && okLow ? ms | low : 0;
}

// An id of letters, digits and dashes (a UUID) can go into JSON text as it is.
bool plainId(const QString &id)
{
    return !id.isEmpty() && std::all_of(id.cbegin(), id.cend(), [](QChar c) {
        return (c.unicode() < 128 && c.isLetterOrNumber()) || c == u'-';
    });
}

QString issueKindText(SyncStore::IssueKind kind)
{
    return kind == SyncStore::IssueKind::Conflict ? u"conflict"_s : u"rejected"_s;
}

} // namespace

SyncStore::SyncStore(LocalStore &store)
    : m_store(store)
{ }

// ---- state ---------------------------------------------------------------------------------

QString SyncStore::state(const QString &key, const QString &fallback)
{
    QSqlQuery &q = m_store.prepared(u"SELECT value FROM sync_state WHERE key = ?"_s);
    q.addBindValue(key);
    QString value = fallback;
    if (q.exec() && q.next())
        value = q.value(0).toString();
    q.finish();
    return value;
}

Result<void> SyncStore::setState(const QString &key, const QString &value)
{
    QSqlQuery &q = m_store.prepared(u"INSERT INTO sync_state (key, value) VALUES (?, ?) "
                                    u"ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s);
    q.addBindValue(key);
    q.addBindValue(LocalStore::bindable(value));
    if (!q.exec())
        return LocalStore::sqlError(q);
    return {};
}

qint64 SyncStore::cursor()
{
    return state(cursorKey, u"0"_s).toLongLong();
}

QString SyncStore::epoch()
{
    return state(epochKey);
}

qint64 SyncStore::lastSyncAt()
{
    return state(lastSyncKey, u"0"_s).toLongLong();
}

Result<void> SyncStore::setLastSyncAt(qint64 utcMs)
{
    return setState(lastSyncKey, QString::number(utcMs));
}

qint64 SyncStore::parkedCount()
{
    QSqlQuery &q = m_store.prepared(u"SELECT count(*) FROM sync_parked"_s);
    const qint64 count = q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    return count;
}

Result<void> SyncStore::resetForEpoch(const QString &serverEpoch)
{
    // The restored server may have lost anything acknowledged after its backup: every
    // acknowledged op goes back to the outbox under its original device seq. The server
    // answers those it still has from its stored answers and applies the others.
    QSqlQuery requeue = m_store.query();
    if (!requeue.exec(u"INSERT OR IGNORE INTO outbox (device_seq, op_id, device_id, table_name, "
                      u"row_id, op, fields, hlc, schema_version, created_at) "
                      u"SELECT device_seq, op_id, device_id, table_name, row_id, op, fields, hlc, "
                      u"schema_version, created_at FROM sync_sent"_s))
        return LocalStore::sqlError(requeue);
    const int requeued = requeue.numRowsAffected();
    QSqlQuery clear = m_store.query();
    if (!clear.exec(u"DELETE FROM sync_sent"_s))
        return LocalStore::sqlError(clear);
    qCInfo(lcStore) << "epoch changed from" << epoch() << "to" << serverEpoch << "- requeued"
                    << requeued << "acknowledged ops, cursor reset to 0";
    if (Result<void> done = setState(cursorKey, u"0"_s); !done)
        return done;
    return setState(epochKey, serverEpoch);
}

Result<bool> SyncStore::adoptEpoch(const QString &serverEpoch)
{
    if (serverEpoch.isEmpty())
        return false;
    const QString known = epoch();
    if (known == serverEpoch)
        return false;
    Result<void> done = m_store.transaction([&]() -> Result<void> {
        if (known.isEmpty())
            return setState(epochKey, serverEpoch);
        return resetForEpoch(serverEpoch);
    });
    if (!done)
        return done.error();
    return !known.isEmpty();
}

Result<void> SyncStore::observeRemoteClock(qint64 serverTimeMs)
{
    const qint64 now = m_store.nowMs();
    if (serverTimeMs <= 0)
        return {};
    if (serverTimeMs > now + dayMs) {
        qCWarning(lcStore) << "ignoring a server clock more than a day ahead:" << serverTimeMs;
        return {};
    }
    return m_store.transaction([&]() -> Result<void> {
        QSqlQuery &read = m_store.prepared(u"SELECT hlc FROM device_state WHERE id = 1"_s);
        if (!read.exec() || !read.next())
            return LocalStore::sqlError(read);
        const qint64 last = read.value(0).toLongLong();
        read.finish();
        const qint64 remote = HybridClock::fromWallMs(serverTimeMs);
        if (remote <= last)
            return {};
        QSqlQuery &write = m_store.prepared(u"UPDATE device_state SET hlc = ? WHERE id = 1"_s);
        write.addBindValue(HybridClock::receive(last, remote, now));
        if (!write.exec())
            return LocalStore::sqlError(write);
        return {};
    });
}

// ---- outbox --------------------------------------------------------------------------------

Result<QList<SyncStore::PendingOp>> SyncStore::nextBatch(int maxOps, qsizetype maxBytes)
{
    QSqlQuery &q = m_store.prepared(
        u"SELECT device_seq, op_id, table_name, row_id, op, fields, hlc, schema_version "
        u"FROM outbox ORDER BY device_seq LIMIT ?"_s);
    q.addBindValue(std::max(1, maxOps));
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<PendingOp> batch;
    QSet<QString> touched;
    qsizetype bytes = 0;
    while (q.next()) {
        PendingOp op;
        op.deviceSeq = q.value(0).toLongLong();
        op.opId = q.value(1).toString();
        op.table = q.value(2).toString();
        op.rowId = q.value(3).toString();
        op.op = q.value(4).toString();
        const QString fieldsText = q.value(5).toString();
        const qsizetype fieldsBytes = fieldsText.toUtf8().size(); // as sent, not in QChars
        op.hlc = q.value(6).toLongLong();
        op.schemaVersion = q.value(7).toInt();
        const std::optional<QJsonObject> fields = parseObject(fieldsText);
        if (!fields) {
            q.finish();
            return Error {ErrorCode::Corrupt,
                          tr("The outbox entry %1 is damaged.").arg(op.deviceSeq)};
        }
        QStringList keys;
        for (auto it = fields->constBegin(); it != fields->constEnd(); ++it) {
            const QJsonObject change = it.value().toObject();
            op.fields.insert(it.key(),
                             {fromJson(change.value(u"value"_s)),
                              fromJson(change.value(u"base"_s)).toLongLong()});
            keys.append(op.table + u'\x1f' + op.rowId + u'\x1f' + it.key());
        }
        if (!batch.isEmpty()) {
            const bool repeats = std::any_of(keys.cbegin(), keys.cend(), [&](const QString &key) {
                return touched.contains(key);
            });
            if (repeats || bytes + fieldsBytes > maxBytes)
                break;
        }
        for (const QString &key : std::as_const(keys))
            touched.insert(key);
        bytes += fieldsBytes;
        batch.append(std::move(op));
    }
    q.finish();
    return batch;
}

Result<qint64> SyncStore::pendingCount()
{
    QSqlQuery &q = m_store.prepared(u"SELECT count(*) FROM outbox"_s);
    if (!q.exec() || !q.next())
        return LocalStore::sqlError(q);
    const qint64 count = q.value(0).toLongLong();
    q.finish();
    return count;
}

Result<std::optional<SyncStore::PendingOp>> SyncStore::outboxOp(qint64 deviceSeq)
{
    QSqlQuery &q = m_store.prepared(u"SELECT op_id, table_name, row_id, op, fields, hlc, "
                                    u"schema_version FROM outbox WHERE device_seq = ?"_s);
    q.addBindValue(deviceSeq);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return std::optional<PendingOp>();
    PendingOp op;
    op.deviceSeq = deviceSeq;
    op.opId = q.value(0).toString();
    op.table = q.value(1).toString();
    op.rowId = q.value(2).toString();
    op.op = q.value(3).toString();
    const QString fieldsText = q.value(4).toString();
    op.hlc = q.value(5).toLongLong();
    op.schemaVersion = q.value(6).toInt();
    q.finish();
    if (const std::optional<QJsonObject> fields = parseObject(fieldsText)) {
        for (auto it = fields->constBegin(); it != fields->constEnd(); ++it) {
            const QJsonObject change = it.value().toObject();
            op.fields.insert(it.key(),
                             {fromJson(change.value(u"value"_s)),
                              fromJson(change.value(u"base"_s)).toLongLong()});
        }
    }
    return std::optional<PendingOp>(std::move(op));
}

Result<SyncStore::PendingFields> SyncStore::pendingFields(const QString &table,
                                                          const QString &rowId)
{
    QSqlQuery &q
        = m_store.prepared(u"SELECT op, fields FROM outbox WHERE table_name = ? AND row_id = ?"_s);
    q.addBindValue(table);
    q.addBindValue(rowId);
    if (!q.exec())
        return LocalStore::sqlError(q);
    PendingFields pending;
    while (q.next()) {
        const QString op = q.value(0).toString();
        // A row this device created or (un)deleted keeps its local tombstone flag too.
        if (op != u"update"_s)
            pending.deletedPending = true;
        if (const std::optional<QJsonObject> fields = parseObject(q.value(1).toString())) {
            for (auto it = fields->constBegin(); it != fields->constEnd(); ++it)
                pending.fields.insert(it.key());
        }
    }
    q.finish();
    return pending;
}

// ---- push answers --------------------------------------------------------------------------

Result<SyncStore::PushOutcome> SyncStore::applyPushResults(const QString &serverEpoch,
                                                           qint64 serverTimeMs,
                                                           const QList<OpAnswer> &answers)
{
    PushOutcome outcome;
    QSet<QString> changedTables;
    Result<void> done = m_store.transaction([&]() -> Result<void> {
        // Restoring a rejected op's current row or tombstoning a rejected insert can leave
        // references dangling until settleForeignKeys() parks them, so checks wait for commit.
        QSqlQuery defer = m_store.query();
        if (!defer.exec(u"PRAGMA defer_foreign_keys = ON"_s))
            return LocalStore::sqlError(defer);

        const QString known = epoch();
        if (!serverEpoch.isEmpty() && known != serverEpoch) {
            Result<void> adopted
                = known.isEmpty() ? setState(epochKey, serverEpoch) : resetForEpoch(serverEpoch);
            if (!adopted)
                return adopted;
            outcome.epochChanged = !known.isEmpty();
        }
        if (Result<void> clock = observeRemoteClock(serverTimeMs); !clock)
            return clock;

        QList<OpAnswer> ordered = answers;
        std::sort(ordered.begin(), ordered.end(),
                  [](const OpAnswer &a, const OpAnswer &b) { return a.deviceSeq < b.deviceSeq; });
        QSet<RowKey> written;
        for (const OpAnswer &answer : std::as_const(ordered)) {
            if (Result<void> applied = applyAnswer(answer, outcome, changedTables, written);
                !applied)
                return applied;
        }
        if (Result<int> parked = settleForeignKeys(written, {}); !parked)
            return parked.error();

        QSqlQuery &prune = m_store.prepared(u"DELETE FROM sync_sent WHERE acked_at < ?"_s);
        prune.addBindValue(m_store.nowMs() - sentRetentionMs);
        if (!prune.exec())
            return LocalStore::sqlError(prune);
        return {};
    });
    if (!done)
        return done.error();
    outcome.changedTables = changedTables.values();
    outcome.changedTables.sort();
    return outcome;
}

Result<void> SyncStore::applyAnswer(const OpAnswer &answer, PushOutcome &outcome,
                                    QSet<QString> &changedTables, QSet<RowKey> &written)
{
    const Result<std::optional<PendingOp>> found = outboxOp(answer.deviceSeq);
    if (!found)
        return found.error();
    if (!found.value()) {
        // Already answered (a repeated answer after a lost response): nothing to do.
        return {};
    }
    const PendingOp &op = *found.value();
    QVariantMap opValues;
    for (auto it = op.fields.cbegin(); it != op.fields.cend(); ++it)
        opValues.insert(it.key(), it.value().value);

    const auto removeFromOutbox = [&]() -> Result<void> {
        QSqlQuery &remove = m_store.prepared(u"DELETE FROM outbox WHERE device_seq = ?"_s);
        remove.addBindValue(op.deviceSeq);
        if (!remove.exec())
            return LocalStore::sqlError(remove);
        return {};
    };

    if (answer.opId != op.opId) {
        // The server holds an answer under this device seq for another op (a store copied
        // from another laptop, for instance). Re-sending would only repeat that answer, so
        // the op becomes an issue the user can reapply as a new change.
        qCWarning(lcStore) << "push answer for device seq" << op.deviceSeq << "names op"
                           << answer.opId << "but the outbox holds" << op.opId;
        ++outcome.rejected;
        if (Result<void> recorded
            = recordIssue(IssueKind::Rejected, op, {}, opValues, std::nullopt, {}, u"op_mismatch"_s,
                          tr("The server recorded a different change under this change's number."));
            !recorded)
            return recorded;
        return removeFromOutbox();
    }

    if (answer.status == u"rejected"_s) {
        ++outcome.rejected;
        std::optional<QVariantMap> serverValues;
        if (answer.current && !answer.current->purge) {
            QVariantMap values;
            for (auto it = op.fields.cbegin(); it != op.fields.cend(); ++it)
                values.insert(it.key(), answer.current->fields.value(it.key()));
            if (op.fields.isEmpty())
                values.insert(deletedField, qint64(answer.current->deleted ? 1 : 0));
            serverValues = values;
        }
        if (Result<void> recorded = recordIssue(IssueKind::Rejected, op, {}, opValues, serverValues,
                                                {}, answer.reason, answer.message);
            !recorded)
            return recorded;
        if (Result<void> removed = removeFromOutbox(); !removed)
            return removed;
        // The server changed nothing: show its state again (fields with later ops in the
        // outbox keep their local value). A row the server does not have stays as a
        // tombstone, its values kept in the issue.
        if (answer.current && answer.current->table == op.table
            && answer.current->rowId == op.rowId) {
            bool skipped = false;
            return applyRemoteRow(*answer.current, changedTables, written, skipped);
        }
        if (op.op == u"insert"_s && Schema::syncedTable(op.table)) {
            QSqlQuery &tombstone = m_store.prepared(
                u"UPDATE %1 SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0"_s.arg(
                    op.table));
            tombstone.addBindValue(m_store.nowMs());
            tombstone.addBindValue(op.rowId);
            if (!tombstone.exec())
                return LocalStore::sqlError(tombstone);
            if (tombstone.numRowsAffected() > 0)
                changedTables.insert(op.table);
        }
        return {};
    }

    if (answer.status != u"applied"_s && answer.status != u"merged"_s) {
        qCWarning(lcStore) << "unknown push status" << answer.status << "for device seq"
                           << op.deviceSeq << "- the op stays in the outbox";
        ++outcome.unanswered;
        return {};
    }

    // The fields the server stored with this op's values.
    QSet<QString> stored(op.fields.keyBegin(), op.fields.keyEnd());
    bool deletedWins = false;
    for (const FieldConflict &conflict : answer.conflicts) {
        if (conflict.field == deletedField)
            deletedWins = true;
        else if (conflict.kept == u"server"_s)
            stored.remove(conflict.field);
    }
    if (deletedWins)
        stored.clear();
    if (Result<void> acked = acknowledge(op, answer, stored); !acked)
        return acked;
    ++(answer.status == u"merged"_s ? outcome.merged : outcome.applied);

    if (answer.conflicts.isEmpty())
        return {};
    // Only later ops still in the outbox count as pending now.
    const Result<PendingFields> pending = pendingFields(op.table, op.rowId);
    if (!pending)
        return pending.error();
    for (const FieldConflict &conflict : answer.conflicts) {
        const bool serverKept = conflict.kept == u"server"_s;
        QVariantMap local {{conflict.field, conflict.clientValue}};
        if (conflict.field == deletedField) {
            // Delete wins over edit: the edit's values stay in the issue for a reapply.
            local.insert(opValues);
            local.insert(deletedField, qint64(0));
        }
        if (Result<void> recorded = recordIssue(
                IssueKind::Conflict, op, conflict.field, local,
                QVariantMap {{conflict.field, conflict.serverValue}}, conflict.kept, {}, {});
            !recorded)
            return recorded;
        // The losing value stays in field history: the user's value when the server kept
        // its own, the overwritten server value when the user's value won.
        if (Result<void> history = serverKept
                ? writeHistory(op.table, op.rowId, conflict.field, conflict.clientValue,
                               conflict.serverValue, u"conflict"_s)
                : writeHistory(op.table, op.rowId, conflict.field, conflict.serverValue,
                               conflict.clientValue, u"conflict"_s);
            !history)
            return history;
        if (!serverKept)
            continue;
        if (conflict.field == deletedField) {
            if (pending->deletedPending)
                continue;
            // The server's values replace the edit it did not keep (fields of later ops in the
            // outbox keep their local value); the row was not changed there, so no pull brings
            // them.
            if (answer.current && answer.current->table == op.table
                && answer.current->rowId == op.rowId && !answer.current->purge) {
                bool skipped = false;
                if (Result<void> restored
                    = applyRemoteRow(*answer.current, changedTables, written, skipped);
                    !restored)
                    return restored;
            }
            QSqlQuery &tombstone = m_store.prepared(
                u"UPDATE %1 SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0"_s.arg(
                    op.table));
            tombstone.addBindValue(m_store.nowMs());
            tombstone.addBindValue(op.rowId);
            if (!tombstone.exec())
                return LocalStore::sqlError(tombstone);
        } else if (!pending->fields.contains(conflict.field)) {
            if (Result<void> set
                = setLocalField(op.table, op.rowId, conflict.field, conflict.serverValue);
                !set)
                return set;
        }
        changedTables.insert(op.table);
    }
    return {};
}

Result<void> SyncStore::acknowledge(const PendingOp &op, const OpAnswer &answer,
                                    const QSet<QString> &storedFields)
{
    QSqlQuery &journal = m_store.prepared(
        u"INSERT OR REPLACE INTO sync_sent (device_seq, op_id, device_id, table_name, row_id, op, "
        u"fields, hlc, schema_version, created_at, status, server_seq, acked_at) "
        u"SELECT device_seq, op_id, device_id, table_name, row_id, op, fields, hlc, "
        u"schema_version, created_at, ?, ?, ? FROM outbox WHERE device_seq = ?"_s);
    journal.addBindValue(answer.status);
    journal.addBindValue(answer.serverSeq);
    journal.addBindValue(m_store.nowMs());
    journal.addBindValue(op.deviceSeq);
    if (!journal.exec())
        return LocalStore::sqlError(journal);
    QSqlQuery &remove = m_store.prepared(u"DELETE FROM outbox WHERE device_seq = ?"_s);
    remove.addBindValue(op.deviceSeq);
    if (!remove.exec())
        return LocalStore::sqlError(remove);
    if (storedFields.isEmpty() || answer.serverSeq <= 0)
        return {};

    // Later ops on the same fields were based on this op's value, which now has the server
    // version serverSeq: rebase them, so the server does not see the user's second edit as a
    // conflict with the first.
    QSqlQuery &later
        = m_store.prepared(u"SELECT device_seq, fields FROM outbox "
                           u"WHERE table_name = ? AND row_id = ? AND device_seq > ?"_s);
    later.addBindValue(op.table);
    later.addBindValue(op.rowId);
    later.addBindValue(op.deviceSeq);
    if (!later.exec())
        return LocalStore::sqlError(later);
    QList<QPair<qint64, QString>> rebased;
    while (later.next()) {
        std::optional<QJsonObject> fields = parseObject(later.value(1).toString());
        if (!fields)
            continue;
        bool changed = false;
        for (const QString &field : storedFields) {
            if (!fields->contains(field))
                continue;
            QJsonObject change = fields->value(field).toObject();
            if (fromJson(change.value(u"base"_s)).toLongLong() < answer.serverSeq) {
                change.insert(u"base"_s, QJsonValue(answer.serverSeq));
                fields->insert(field, change);
                changed = true;
            }
        }
        if (changed) {
            rebased.append(
                {later.value(0).toLongLong(),
                 QString::fromUtf8(QJsonDocument(*fields).toJson(QJsonDocument::Compact))});
        }
    }
    later.finish();
    for (const auto &[deviceSeq, fieldsText] : std::as_const(rebased)) {
        QSqlQuery &update
            = m_store.prepared(u"UPDATE outbox SET fields = ? WHERE device_seq = ?"_s);
        update.addBindValue(fieldsText);
        update.addBindValue(deviceSeq);
        if (!update.exec())
            return LocalStore::sqlError(update);
    }

    QSqlQuery &version
        = m_store.prepared(u"INSERT INTO field_versions (table_name, row_id, field, version, hlc) "
                           u"VALUES (?, ?, ?, ?, 0) ON CONFLICT(table_name, row_id, field) "
                           u"DO UPDATE SET version = max(version, excluded.version)"_s);
    for (const QString &field : storedFields) {
        version.addBindValue(op.table);
        version.addBindValue(op.rowId);
        version.addBindValue(field);
        version.addBindValue(answer.serverSeq);
        if (!version.exec())
            return LocalStore::sqlError(version);
    }
    return {};
}

Result<void> SyncStore::recordIssue(IssueKind kind, const PendingOp &op, const QString &field,
                                    const QVariantMap &localValues,
                                    const std::optional<QVariantMap> &serverValues,
                                    const QString &kept, const QString &reason,
                                    const QString &message)
{
    QSqlQuery &q = m_store.prepared(
        u"INSERT INTO sync_issues (kind, op_id, device_seq, op, table_name, row_id, field, "
        u"local_values, server_values, kept, reason, message, created_at) "
        u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(op_id, field) DO NOTHING"_s);
    q.addBindValue(issueKindText(kind));
    q.addBindValue(op.opId);
    q.addBindValue(op.deviceSeq);
    q.addBindValue(op.op);
    q.addBindValue(op.table);
    q.addBindValue(op.rowId);
    q.addBindValue(LocalStore::bindable(field));
    q.addBindValue(toJsonText(localValues));
    q.addBindValue(serverValues ? QVariant(toJsonText(*serverValues)) : QVariant());
    q.addBindValue(LocalStore::bindable(kept));
    q.addBindValue(LocalStore::bindable(reason));
    q.addBindValue(LocalStore::bindable(message));
    q.addBindValue(m_store.nowMs());
    if (!q.exec())
        return LocalStore::sqlError(q);
    return {};
}

Result<void> SyncStore::writeHistory(const QString &table, const QString &rowId,
                                     const QString &field, const QVariant &oldValue,
                                     const QVariant &newValue, const QString &origin)
{
    QSqlQuery &q = m_store.prepared(
        u"INSERT INTO field_history (table_name, row_id, field, old_value, new_value, "
        u"changed_by, changed_at, hlc, origin) "
        u"VALUES (?, ?, ?, ?, ?, NULL, ?, (SELECT hlc FROM device_state WHERE id = 1), ?)"_s);
    q.addBindValue(table);
    q.addBindValue(rowId);
    q.addBindValue(field);
    q.addBindValue(historyText(oldValue));
    q.addBindValue(historyText(newValue));
    q.addBindValue(m_store.nowMs());
    q.addBindValue(origin);
    if (!q.exec())
        return LocalStore::sqlError(q);
    return {};
}

Result<void> SyncStore::setLocalField(const QString &table, const QString &rowId,
                                      const QString &field, const QVariant &value)
{
    const Schema::SyncedTable *spec = Schema::syncedTable(table);
    if (!spec || !spec->fields.contains(field))
        return {};
    QSqlQuery &q = m_store.prepared(
        u"UPDATE %1 SET %2 = ?, updated_at = ? WHERE id = ?"_s.arg(table, field));
    q.addBindValue(LocalStore::bindable(columnValue(value)));
    q.addBindValue(m_store.nowMs());
    q.addBindValue(rowId);
    if (!q.exec())
        return LocalStore::sqlError(q);
    return {};
}

// ---- pull ----------------------------------------------------------------------------------

Result<SyncStore::PageOutcome> SyncStore::applyPullPage(const PullPage &page)
{
    PageOutcome outcome;
    const QString known = epoch();
    if (!known.isEmpty() && !page.epoch.isEmpty() && page.epoch != known) {
        // The page answers a cursor of another dataset: it is not applied. The caller pushes
        // the requeued journal and pulls again from 0.
        const Result<bool> changed = adoptEpoch(page.epoch);
        if (!changed)
            return changed.error();
        outcome.epochChanged = true;
        return outcome;
    }
    if (page.resetRequired) {
        Result<void> reset = m_store.transaction([&]() -> Result<void> {
            if (known.isEmpty() && !page.epoch.isEmpty()) {
                if (Result<void> done = setState(epochKey, page.epoch); !done)
                    return done;
            }
            return setState(cursorKey, u"0"_s);
        });
        if (!reset)
            return reset.error();
        outcome.resetRequired = true;
        return outcome;
    }

    QSet<QString> changedTables;
    // Where a page's time goes, for the debug log: rows, foreign keys, the commit (which
    // includes the full-text index).
    QElapsedTimer timer;
    timer.start();
    qint64 rowsNs = 0;
    qint64 settleNs = 0;
    qint64 commitStartNs = 0;
    Result<void> done = m_store.transaction([&]() -> Result<void> {
        // Why deferred foreign keys and not dependency order: pull changes come in server
        // order, folded to each row's latest change, so a row can reference a parent that
        // comes later in the page (a customer edited after its deal was created), that
        // references itself (units.parent_id) or that comes in a later page. Deferring the
        // checks to COMMIT covers the first two; settleForeignKeys() parks the rows whose
        // parents are still missing at the end of the page, so the commit never fails on a
        // foreign key and the cursor can always advance. (The pragma ends with the
        // transaction.)
        QSqlQuery defer = m_store.query();
        if (!defer.exec(u"PRAGMA defer_foreign_keys = ON"_s))
            return LocalStore::sqlError(defer);
        if (known.isEmpty() && !page.epoch.isEmpty()) {
            if (Result<void> adopted = setState(epochKey, page.epoch); !adopted)
                return adopted;
        }

        QSet<RowKey> candidates;
        if (Result<void> unparked = unparkAll(candidates); !unparked)
            return unparked;
        Result<PageContext> context = pageContext(page.rows);
        if (!context)
            return context.error();
        QSet<QString> removedFrom;
        for (const RemoteRow &row : page.rows) {
            bool skipped = false;
            if (Result<void> applied
                = applyRemoteRow(row, changedTables, candidates, skipped, &context.value());
                !applied)
                return applied;
            if (skipped)
                ++outcome.skipped;
            else if (row.purge) {
                ++outcome.purged;
                removedFrom.insert(row.table);
            } else
                ++outcome.applied;
        }
        if (Result<void> versioned = flushVersions(context.value()); !versioned)
            return versioned;
        rowsNs = timer.nsecsElapsed();
        // Usually every parent is there (SQLite counts the rows whose deferred foreign keys
        // dangle): then nothing needs to be looked at row by row. A page that purged rows
        // always settles: settleForeignKeys() also parks what depended on them.
        if (!removedFrom.isEmpty() || !m_store.foreignKeysResolved()) {
            const Result<int> parked = settleForeignKeys(candidates, removedFrom);
            if (!parked)
                return parked.error();
        }
        commitStartNs = timer.nsecsElapsed();
        settleNs = commitStartNs - rowsNs;
        return setState(cursorKey, QString::number(page.cursor));
    });
    if (!done)
        return done.error();
    qCDebug(lcStore).nospace() << "applied a pull page of " << page.rows.size() << " rows in "
                               << timer.nsecsElapsed() / 1'000'000 << " ms (rows "
                               << rowsNs / 1'000'000 << ", foreign keys " << settleNs / 1'000'000
                               << ", commit " << (timer.nsecsElapsed() - commitStartNs) / 1'000'000
                               << ')';
    outcome.parked = int(parkedCount());
    outcome.changedTables = changedTables.values();
    outcome.changedTables.sort();
    return outcome;
}

Result<SyncStore::PageContext> SyncStore::pageContext(const QList<RemoteRow> &rows)
{
    // A page is up to thousands of rows: what can be asked once per page is not asked per row
    // (an initial sync is mostly rows the store does not have yet, with an empty outbox).
    PageContext context;
    const Result<qint64> pending = pendingCount();
    if (!pending)
        return pending.error();
    context.outboxEmpty = pending.value() == 0;
    QHash<QString, QStringList> idsByTable;
    for (const RemoteRow &row : rows) {
        if (!row.purge && Schema::syncedTable(row.table))
            idsByTable[row.table].append(row.rowId);
    }
    for (auto it = idsByTable.cbegin(); it != idsByTable.cend(); ++it) {
        QSqlQuery &q = m_store.prepared(
            u"SELECT id FROM %1 WHERE id IN (SELECT value FROM json_each(?))"_s.arg(it.key()));
        q.addBindValue(QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(it.value())).toJson(QJsonDocument::Compact)));
        if (!q.exec())
            return LocalStore::sqlError(q);
        QSet<QString> &existing = context.existing[it.key()];
        while (q.next())
            existing.insert(q.value(0).toString());
        q.finish();
    }
    return context;
}

Result<void> SyncStore::flushVersions(PageContext &context)
{
    if (context.versions.isEmpty())
        return {};
    // One statement for the whole page instead of one per field of every row.
    QSqlQuery &q = m_store.prepared(
        u"INSERT INTO field_versions (table_name, row_id, field, version, hlc) "
        u"SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
        u"json_extract(value, '$[2]'), json_extract(value, '$[3]'), 0 FROM json_each(?) "
        u"WHERE true ON CONFLICT(table_name, row_id, field) DO UPDATE SET version = "
        u"excluded.version"_s);
    q.addBindValue(QString::fromUtf8('[' + context.versions + ']'));
    context.versions.clear();
    if (!q.exec())
        return LocalStore::sqlError(q);
    return {};
}

const SyncStore::TableInfo *SyncStore::tableInfo(const QString &name)
{
    const auto found = m_tables.find(name);
    if (found != m_tables.end())
        return &found->second;
    const Schema::SyncedTable *spec = Schema::syncedTable(name);
    if (!spec)
        return nullptr;
    TableInfo info;
    info.spec = spec;
    info.fieldSet = QSet<QString>(spec->fields.cbegin(), spec->fields.cend());
    info.sortedFields = spec->fields;
    std::sort(info.sortedFields.begin(), info.sortedFields.end());
    info.insertSql
        = u"INSERT INTO %1 (id, created_at, updated_at, deleted, sync_version, %2) "
          u"VALUES (?, ?, ?, ?, ?%3)"_s.arg(name, info.sortedFields.join(u", "_s),
                                            QString(u", ?"_s).repeated(info.sortedFields.size()));
    return &m_tables.emplace(name, std::move(info)).first->second;
}

qint64 SyncStore::commonVersion(const QMap<QString, qint64> &versions, const QSet<QString> &fields)
{
    // The most frequent version among the row's fields (the smallest of equally frequent ones):
    // usually every field still has the version of the row's creation. Rows have few distinct
    // versions, so a short list beats a hash.
    QVarLengthArray<std::pair<qint64, int>, 8> counts;
    for (auto it = versions.cbegin(); it != versions.cend(); ++it) {
        if (!fields.contains(it.key()) && it.key() != deletedField)
            continue;
        auto found = std::find_if(counts.begin(), counts.end(),
                                  [&](const auto &entry) { return entry.first == it.value(); });
        if (found == counts.end())
            counts.append({it.value(), 1});
        else
            ++found->second;
    }
    qint64 common = 0;
    int most = 0;
    for (const auto &[version, count] : counts) {
        if (count > most || (count == most && version < common)) {
            common = version;
            most = count;
        }
    }
    return common;
}

Result<void> SyncStore::applyRemoteRow(const RemoteRow &row, QSet<QString> &changedTables,
                                       QSet<RowKey> &written, bool &skipped, PageContext *context)
{
    // Table and field names come from the network and end up in SQL text: only names from
    // the schema catalogue are used.
    const TableInfo *table = tableInfo(row.table);
    const Schema::SyncedTable *spec = table ? table->spec : nullptr;
    if (!spec) {
        qCWarning(lcStore) << "skipping a change of the unknown table" << row.table;
        skipped = true;
        return {};
    }
    if (row.purge) {
        changedTables.insert(row.table);
        return purgeRow(row.table, row.rowId);
    }
    const Result<PendingFields> pending = context && context->outboxEmpty
        ? Result<PendingFields>(PendingFields())
        : pendingFields(row.table, row.rowId);
    if (!pending)
        return pending.error();

    const QStringList &names = spec->fields;
    // Set when the row is inserted: the version its fields share, kept in the row itself.
    std::optional<qint64> rowVersion;
    bool exists = false;
    QVariantMap local;
    bool localDeleted = false;
    if (!context || context->existing.value(row.table).contains(row.rowId)) {
        QSqlQuery &current = m_store.prepared(
            u"SELECT deleted, %1 FROM %2 WHERE id = ?"_s.arg(names.join(u", "_s), row.table));
        current.addBindValue(row.rowId);
        if (!current.exec())
            return LocalStore::sqlError(current);
        exists = current.next();
        if (exists) {
            localDeleted = current.value(0).toInt() != 0;
            for (int i = 0; i < names.size(); ++i)
                local.insert(names.at(i), current.value(i + 1));
        }
        current.finish();
    }

    const qint64 now = m_store.nowMs();
    const qint64 updatedAt = row.fields.value(u"updated_at"_s, now).toLongLong();
    if (!exists && row.deleted && row.fields.isEmpty()) {
        // A tombstone without data of a row this store never had: nothing to keep.
        skipped = true;
        return {};
    }
    if (!exists) {
        // A row the server replaces while it waited for its parents. (A page first puts every
        // parked row back: nothing to drop then.)
        if (!context) {
            QSqlQuery &unpark = m_store.prepared(
                u"DELETE FROM sync_parked WHERE table_name = ? AND row_id = ?"_s);
            unpark.addBindValue(row.table);
            unpark.addBindValue(row.rowId);
            if (!unpark.exec())
                return LocalStore::sqlError(unpark);
        }

        qint64 createdAt = row.fields.value(u"created_at"_s).toLongLong();
        if (createdAt <= 0)
            createdAt = uuidTimestamp(row.rowId);
        rowVersion = commonVersion(row.versions, table->fieldSet);
        // Bound through SQLite's C API: this runs for every row of a first sync. The server
        // sends every field, so the statement naming them all (in the sorted order of
        // row.fields, so one walk pairs them up) is the one cached statement per table;
        // a row with fewer fields gets one of its own.
        QVarLengthArray<QVariant, 64> values;
        auto field = row.fields.cbegin();
        for (const QString &name : table->sortedFields) {
            while (field != row.fields.cend() && field.key() < name)
                ++field;
            if (field == row.fields.cend() || field.key() != name)
                break;
            values.append(columnValue(field.value()));
        }
        const bool everyField = values.size() == table->sortedFields.size();
        QString sql = table->insertSql;
        if (!everyField) {
            values.clear();
            sql = u"INSERT INTO "_s + row.table
                + u" (id, created_at, updated_at, deleted, sync_version"_s;
            QString placeholders = u"?, ?, ?, ?, ?"_s;
            for (const QString &name : table->sortedFields) {
                const auto value = row.fields.constFind(name);
                if (value == row.fields.cend())
                    continue;
                sql += u", "_s + name;
                placeholders += u", ?"_s;
                values.append(columnValue(*value));
            }
            sql += u") VALUES ("_s + placeholders + u')';
        }
        SqlStatement &insert = m_store.statement(sql);
        insert.bind(row.rowId)
            .bind(createdAt > 0 ? createdAt : now)
            .bind(updatedAt)
            .bind(qint64(row.deleted ? 1 : 0))
            .bind(*rowVersion);
        for (const QVariant &value : std::as_const(values))
            insert.bind(value);
        if (!insert.exec())
            return LocalStore::sqlError(insert);
        changedTables.insert(row.table);
    } else {
        QStringList assignments;
        QVariantList values;
        for (const QString &name : names) {
            if (!row.fields.contains(name) || pending->fields.contains(name))
                continue;
            const QVariant incoming = row.fields.value(name);
            if (sameValue(local.value(name), incoming))
                continue;
            assignments.append(name + u" = ?"_s);
            values.append(LocalStore::bindable(columnValue(incoming)));
            if (Result<void> history = writeHistory(row.table, row.rowId, name, local.value(name),
                                                    incoming, u"remote"_s);
                !history)
                return history;
        }
        if (!pending->deletedPending && localDeleted != row.deleted) {
            assignments.append(u"deleted = ?"_s);
            values.append(qint64(row.deleted ? 1 : 0));
            if (Result<void> history
                = writeHistory(row.table, row.rowId, deletedField, qint64(localDeleted ? 1 : 0),
                               qint64(row.deleted ? 1 : 0), u"remote"_s);
                !history)
                return history;
        }
        if (!assignments.isEmpty()) {
            QSqlQuery &update
                = m_store.prepared(u"UPDATE %1 SET %2, updated_at = ? WHERE id = ?"_s.arg(
                    row.table, assignments.join(u", "_s)));
            for (const QVariant &value : std::as_const(values))
                update.addBindValue(value);
            update.addBindValue(updatedAt);
            update.addBindValue(row.rowId);
            if (!update.exec())
                return LocalStore::sqlError(update);
            changedTables.insert(row.table);
        }
    }

    QSqlQuery &version = m_store.prepared(
        u"INSERT INTO field_versions (table_name, row_id, field, version, hlc) VALUES (?, ?, ?, ?, "
        u"0) "
        u"ON CONFLICT(table_name, row_id, field) DO UPDATE SET version = excluded.version"_s);
    for (auto it = row.versions.cbegin(); it != row.versions.cend(); ++it) {
        const bool known = table->fieldSet.contains(it.key()) || it.key() == deletedField;
        const bool keepLocal = it.key() == deletedField ? pending->deletedPending
                                                        : pending->fields.contains(it.key());
        if (!known || keepLocal || it.value() == rowVersion)
            continue;
        if (context && plainId(row.rowId)) {
            // Names are from the schema catalogue and the id is plain: nothing to escape.
            if (!context->versions.isEmpty())
                context->versions += ',';
            context->versions += "[\"" + row.table.toLatin1() + "\",\"" + row.rowId.toUtf8()
                + "\",\"" + it.key().toLatin1() + "\"," + QByteArray::number(it.value()) + ']';
            continue;
        }
        version.addBindValue(row.table);
        version.addBindValue(row.rowId);
        version.addBindValue(it.key());
        version.addBindValue(it.value());
        if (!version.exec())
            return LocalStore::sqlError(version);
    }
    written.insert({row.table, row.rowId});
    return {};
}

Result<void> SyncStore::purgeRow(const QString &table, const QString &rowId)
{
    // The row left the user's scope: its data goes, with everything that repeats it
    // (versions, history, parked copy, issues, acknowledged ops). secure_delete is on, so
    // SQLite overwrites the freed pages. Ops still in the outbox are the user's own and stay:
    // the server answers them (forbidden) and they become issues.
    QSqlQuery &row = m_store.prepared(u"DELETE FROM %1 WHERE id = ?"_s.arg(table));
    row.addBindValue(rowId);
    if (!row.exec())
        return LocalStore::sqlError(row);
    for (const QString &bookkeeping : {u"field_versions"_s, u"field_history"_s, u"sync_parked"_s,
                                       u"sync_issues"_s, u"sync_sent"_s}) {
        QSqlQuery &q = m_store.prepared(
            u"DELETE FROM %1 WHERE table_name = ? AND row_id = ?"_s.arg(bookkeeping));
        q.addBindValue(table);
        q.addBindValue(rowId);
        if (!q.exec())
            return LocalStore::sqlError(q);
    }
    return {};
}

// ---- foreign keys --------------------------------------------------------------------------

const QList<SyncStore::ForeignKey> &SyncStore::foreignKeys(const QString &table)
{
    auto it = m_foreignKeys.find(table);
    if (it != m_foreignKeys.end())
        return *it;
    QList<ForeignKey> keys;
    if (Schema::syncedTable(table)) {
        QSqlQuery q = m_store.query();
        if (q.exec(u"PRAGMA foreign_key_list(%1)"_s.arg(table))) {
            const QSqlRecord record = q.record();
            const int parentColumn = record.indexOf(u"table"_s);
            const int fromColumn = record.indexOf(u"from"_s);
            while (q.next())
                keys.append({q.value(fromColumn).toString(), q.value(parentColumn).toString()});
        }
    }
    return *m_foreignKeys.insert(table, keys);
}

QStringList SyncStore::childTables(const QString &parentTable)
{
    QStringList children;
    for (const Schema::SyncedTable &table : Schema::syncedTables()) {
        const QList<ForeignKey> &keys = foreignKeys(table.name);
        if (std::any_of(keys.cbegin(), keys.cend(),
                        [&](const ForeignKey &key) { return key.parentTable == parentTable; }))
            children.append(table.name);
    }
    return children;
}

Result<void> SyncStore::park(const QString &table, const QString &rowId)
{
    QSqlQuery &select = m_store.prepared(u"SELECT * FROM %1 WHERE id = ?"_s.arg(table));
    select.addBindValue(rowId);
    if (!select.exec())
        return LocalStore::sqlError(select);
    if (!select.next())
        return {};
    const QSqlRecord record = select.record();
    QVariantMap columns;
    for (int i = 0; i < record.count(); ++i)
        columns.insert(record.fieldName(i), select.value(i));
    select.finish();

    QSqlQuery &keep = m_store.prepared(u"INSERT OR REPLACE INTO sync_parked (table_name, row_id, "
                                       u"row_json, parked_at) VALUES (?, ?, ?, ?)"_s);
    keep.addBindValue(table);
    keep.addBindValue(rowId);
    keep.addBindValue(toJsonText(columns));
    keep.addBindValue(m_store.nowMs());
    if (!keep.exec())
        return LocalStore::sqlError(keep);
    QSqlQuery &remove = m_store.prepared(u"DELETE FROM %1 WHERE id = ?"_s.arg(table));
    remove.addBindValue(rowId);
    if (!remove.exec())
        return LocalStore::sqlError(remove);
    qCInfo(lcStore) << "parked" << table << rowId << "until its parent rows arrive";
    return {};
}

Result<void> SyncStore::unparkAll(QSet<RowKey> &candidates)
{
    QSqlQuery &list = m_store.prepared(u"SELECT table_name, row_id, row_json FROM sync_parked"_s);
    if (!list.exec())
        return LocalStore::sqlError(list);
    struct Parked
    {
        QString table;
        QString rowId;
        QVariantMap columns;
    };
    QList<Parked> parked;
    while (list.next()) {
        parked.append({list.value(0).toString(), list.value(1).toString(),
                       fromJsonText(list.value(2).toString())});
    }
    list.finish();

    // Every parked row goes back into its table; settleForeignKeys() parks again the ones
    // whose parents are still missing when the page is applied.
    for (const Parked &row : std::as_const(parked)) {
        QSqlQuery &forget
            = m_store.prepared(u"DELETE FROM sync_parked WHERE table_name = ? AND row_id = ?"_s);
        forget.addBindValue(row.table);
        forget.addBindValue(row.rowId);
        if (!forget.exec())
            return LocalStore::sqlError(forget);
        const Schema::SyncedTable *spec = Schema::syncedTable(row.table);
        if (!spec)
            continue;
        QSqlQuery &exists = m_store.prepared(u"SELECT 1 FROM %1 WHERE id = ?"_s.arg(row.table));
        exists.addBindValue(row.rowId);
        if (!exists.exec())
            return LocalStore::sqlError(exists);
        const bool present = exists.next();
        exists.finish();
        if (present)
            continue;
        QStringList columns;
        QVariantList values;
        for (auto it = row.columns.cbegin(); it != row.columns.cend(); ++it) {
            if (!spec->fields.contains(it.key()) && !bookkeepingColumns.contains(it.key()))
                continue;
            columns.append(it.key());
            values.append(LocalStore::bindable(it.value()));
        }
        QSqlQuery &insert = m_store.prepared(u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(
            row.table, columns.join(u", "_s), QStringList(columns.size(), u"?"_s).join(u", "_s)));
        for (const QVariant &value : std::as_const(values))
            insert.addBindValue(value);
        if (!insert.exec())
            return LocalStore::sqlError(insert);
        candidates.insert({row.table, row.rowId});
    }
    return {};
}

Result<int> SyncStore::settleForeignKeys(const QSet<RowKey> &candidates, QSet<QString> removedFrom)
{
    // The written rows that reference a missing parent: one query per table and foreign key
    // (rows no longer in their table, purged or parked, are not found and leave nothing
    // dangling).
    QSet<RowKey> toPark;
    QHash<QString, QStringList> idsByTable;
    for (const RowKey &key : candidates)
        idsByTable[key.first].append(key.second);
    for (auto it = idsByTable.cbegin(); it != idsByTable.cend(); ++it) {
        const QList<ForeignKey> &keys = foreignKeys(it.key());
        if (keys.isEmpty())
            continue;
        const QString ids = QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(it.value())).toJson(QJsonDocument::Compact));
        for (const ForeignKey &key : keys) {
            QSqlQuery &q = m_store.prepared(
                u"SELECT c.id FROM %1 c WHERE c.id IN (SELECT value FROM json_each(?)) AND "
                u"c.%2 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %3 p WHERE p.id = c.%2)"_s.arg(
                    it.key(), key.column, key.parentTable));
            q.addBindValue(ids);
            if (!q.exec())
                return LocalStore::sqlError(q);
            while (q.next())
                toPark.insert({it.key(), q.value(0).toString()});
            q.finish();
        }
    }
    int parkedRows = 0;
    // Removing rows (purged or parked) can leave their children dangling: those are parked
    // as well, until nothing dangles. Each round only looks at the children of what the
    // previous one removed.
    for (int round = 0; round < 64; ++round) {
        for (const QString &parent : std::as_const(removedFrom)) {
            for (const QString &child : childTables(parent)) {
                QSqlQuery check = m_store.query();
                if (!check.exec(u"PRAGMA foreign_key_check(%1)"_s.arg(child)))
                    return LocalStore::sqlError(check);
                QList<qint64> rowids;
                while (check.next())
                    rowids.append(check.value(1).toLongLong());
                check.finish();
                for (const qint64 rowid : std::as_const(rowids)) {
                    QSqlQuery &id
                        = m_store.prepared(u"SELECT id FROM %1 WHERE rowid = ?"_s.arg(child));
                    id.addBindValue(rowid);
                    if (!id.exec())
                        return LocalStore::sqlError(id);
                    if (id.next())
                        toPark.insert({child, id.value(0).toString()});
                    id.finish();
                }
            }
        }
        removedFrom.clear();
        if (toPark.isEmpty())
            break;
        for (const RowKey &key : std::as_const(toPark)) {
            if (Result<void> parked = park(key.first, key.second); !parked)
                return parked.error();
            removedFrom.insert(key.first);
            ++parkedRows;
        }
        toPark.clear();
    }
    return parkedRows;
}

Result<QMap<QString, SyncStore::TableChecksum>> SyncStore::checksums()
{
    QMap<QString, TableChecksum> result;
    for (const Schema::SyncedTable &table : Schema::syncedTables()) {
        QSqlQuery q = m_store.query();
        q.setForwardOnly(true);
        if (!q.exec(u"SELECT id, %1, deleted FROM %2 ORDER BY id"_s.arg(table.fields.join(u", "_s),
                                                                        table.name)))
            return LocalStore::sqlError(q);
        QCryptographicHash hash(QCryptographicHash::Sha256);
        TableChecksum checksum;
        const int columns = int(table.fields.size()) + 2;
        while (q.next()) {
            QString line = q.value(0).toString();
            for (int i = 1; i < columns; ++i) {
                const QVariant value = q.value(i);
                line += u'\x1f';
                line += value.isNull() ? u"\\N"_s : value.toString();
            }
            line += u'\n';
            hash.addData(line.toUtf8());
            ++checksum.rows;
        }
        checksum.sha256 = QString::fromLatin1(hash.result().toHex());
        result.insert(table.name, checksum);
    }
    return result;
}

// ---- sync issues ---------------------------------------------------------------------------

namespace {

const QString issueColumns
    = u"id, kind, op_id, device_seq, op, table_name, row_id, field, local_values, "
      u"server_values, kept, reason, message, created_at, resolved_at, resolution"_s;

SyncStore::Issue readIssue(const QSqlQuery &q)
{
    SyncStore::Issue issue;
    issue.id = q.value(0).toLongLong();
    issue.kind = q.value(1).toString() == u"conflict"_s ? SyncStore::IssueKind::Conflict
                                                        : SyncStore::IssueKind::Rejected;
    issue.opId = q.value(2).toString();
    issue.deviceSeq = q.value(3).toLongLong();
    issue.op = q.value(4).toString();
    issue.table = q.value(5).toString();
    issue.rowId = q.value(6).toString();
    issue.field = q.value(7).toString();
    issue.localValues = fromJsonText(q.value(8).toString());
    issue.serverValues = fromJsonText(q.value(9).toString());
    issue.kept = q.value(10).toString();
    issue.reason = q.value(11).toString();
    issue.message = q.value(12).toString();
    issue.createdAt = q.value(13).toLongLong();
    issue.resolvedAt = q.value(14).toLongLong();
    const QString resolution = q.value(15).toString();
    issue.resolution = resolution == u"reapplied"_s ? SyncStore::Resolution::Reapplied
        : resolution == u"dismissed"_s              ? SyncStore::Resolution::Dismissed
                                                    : SyncStore::Resolution::Open;
    return issue;
}

} // namespace

// ---- snapshots -----------------------------------------------------------------------------

namespace {

// Tables that belong to the laptop, not to the server's data: a snapshot gets the laptop's.
const QStringList laptopTables = {u"local_settings"_s, u"outbox"_s,        u"sync_sent"_s,
                                  u"sync_issues"_s,    u"field_history"_s, u"audit_log"_s};

} // namespace

Result<bool> SyncStore::isPristine()
{
    QStringList tables
        = {u"outbox"_s, u"sync_sent"_s, u"sync_issues"_s, u"sync_parked"_s, u"field_versions"_s};
    for (const Schema::SyncedTable &table : Schema::syncedTables())
        tables.append(table.name);
    QStringList probes;
    for (const QString &table : std::as_const(tables))
        probes.append(u"EXISTS (SELECT 1 FROM %1)"_s.arg(table));
    QSqlQuery q = m_store.query();
    if (!q.exec(u"SELECT "_s + probes.join(u" OR "_s)) || !q.next())
        return LocalStore::sqlError(q);
    return !q.value(0).toBool() && cursor() == 0;
}

Result<void> SyncStore::installSnapshot(const QString &path, const SnapshotFacts &facts)
{
    const auto refused = [&path](const QString &why) {
        return Error {ErrorCode::Corrupt, tr("The snapshot %1 cannot be used: %2").arg(path, why)};
    };
    if (facts.schemaVersion != Schema::latestVersion()) {
        return refused(tr("it was made for schema %1, this Outpost uses %2")
                           .arg(facts.schemaVersion)
                           .arg(Schema::latestVersion()));
    }
    // Reads the header first: a file that is not SQLite's is refused before SQLite opens it.
    const Result<int> fileVersion = LocalStore::fileSchemaVersion(path);
    if (!fileVersion)
        return refused(fileVersion.error().message);
    if (fileVersion.value() != facts.schemaVersion)
        return refused(
            tr("it holds schema %1, not %2").arg(fileVersion.value()).arg(facts.schemaVersion));

    return m_store.replaceContents(path, [&]() -> Result<void> {
        const Result<bool> pristine = isPristine();
        if (!pristine)
            return pristine.error();
        if (!pristine.value()) {
            return Error {ErrorCode::Conflict,
                          tr("The store already holds data; it cannot take a snapshot.")};
        }
        QSqlQuery attach = m_store.query();
        attach.prepare(u"ATTACH DATABASE ? AS snapshot"_s);
        attach.addBindValue(path);
        if (!attach.exec())
            return refused(attach.lastError().text());
        const auto detach = qScopeGuard([this] {
            QSqlQuery q = m_store.query();
            if (!q.exec(u"DETACH DATABASE snapshot"_s))
                qCWarning(lcStore) << "cannot detach the snapshot:" << q.lastError().text();
        });

        // The same tables, indexes and triggers, word for word.
        QSqlQuery check = m_store.query();
        const QString schemaDifference
            = u"SELECT count(*) FROM (SELECT type, name, tbl_name, sql FROM %1.sqlite_master "
              u"WHERE name NOT LIKE 'sqlite%' EXCEPT SELECT type, name, tbl_name, sql FROM "
              u"%2.sqlite_master)"_s;
        for (const auto &[from, to] :
             {std::pair {u"main"_s, u"snapshot"_s}, std::pair {u"snapshot"_s, u"main"_s}}) {
            if (!check.exec(schemaDifference.arg(from, to)) || !check.next())
                return refused(check.lastError().text());
            if (check.value(0).toLongLong() != 0)
                return refused(tr("its tables differ from this store's"));
        }
        if (!check.exec(u"SELECT (SELECT value FROM snapshot.sync_state WHERE key = 'cursor'), "
                        u"(SELECT value FROM snapshot.sync_state WHERE key = 'epoch')"_s)
            || !check.next()) {
            return refused(check.lastError().text());
        }
        if (check.value(0).toString() != QString::number(facts.cursor)
            || check.value(1).toString() != facts.epoch) {
            return refused(tr("it holds cursor %1 of epoch %2, not cursor %3 of epoch %4")
                               .arg(check.value(0).toString(), check.value(1).toString())
                               .arg(facts.cursor)
                               .arg(facts.epoch));
        }
        check.finish();

        return m_store.transaction([&]() -> Result<void> {
            QStringList statements;
            for (const QString &table : laptopTables) {
                // audit_log refuses deletes; a snapshot's is empty (the server writes none).
                if (table != u"audit_log"_s)
                    statements.append(u"DELETE FROM snapshot.%1"_s.arg(table));
                statements.append(u"INSERT INTO snapshot.%1 SELECT * FROM main.%1"_s.arg(table));
            }
            statements += {
                u"UPDATE snapshot.device_state SET device_id = laptop.device_id, "
                u"device_seq = laptop.device_seq, hlc = max(snapshot.device_state.hlc, "
                u"laptop.hlc) FROM main.device_state AS laptop"_s,
                u"INSERT OR REPLACE INTO snapshot.sync_state SELECT key, value FROM "
                u"main.sync_state WHERE key NOT IN ('cursor', 'epoch')"_s,
            };
            QSqlQuery q = m_store.query();
            for (const QString &statement : std::as_const(statements)) {
                if (!q.exec(statement))
                    return refused(q.lastError().text());
            }
            return {};
        });
    });
}

Result<void> SyncStore::sealSnapshot()
{
    if (Result<void> forgotten = m_store.transaction([this]() -> Result<void> {
            QSqlQuery q = m_store.query();
            if (!q.exec(u"DELETE FROM field_history"_s))
                return LocalStore::sqlError(q);
            return {};
        });
        !forgotten) {
        return forgotten;
    }
    QSqlQuery q = m_store.query();
    if (!q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s) || !q.next())
        return LocalStore::sqlError(q);
    if (q.value(0).toInt() != 0) {
        return Error {ErrorCode::Conflict,
                      tr("The snapshot %1 is still being read; try again.").arg(m_store.path())};
    }
    return {};
}

Result<QList<SyncStore::Issue>> SyncStore::issues(bool includeResolved, int limit)
{
    QSqlQuery &q = m_store.prepared(
        includeResolved
            ? u"SELECT %1 FROM sync_issues ORDER BY id DESC LIMIT ?"_s.arg(issueColumns)
            : u"SELECT %1 FROM sync_issues WHERE resolved_at IS NULL ORDER BY id DESC LIMIT ?"_s
                  .arg(issueColumns));
    q.addBindValue(std::max(0, limit));
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<Issue> list;
    while (q.next())
        list.append(readIssue(q));
    q.finish();
    return list;
}

Result<qint64> SyncStore::openIssueCount()
{
    QSqlQuery &q
        = m_store.prepared(u"SELECT count(*) FROM sync_issues WHERE resolved_at IS NULL"_s);
    if (!q.exec() || !q.next())
        return LocalStore::sqlError(q);
    const qint64 count = q.value(0).toLongLong();
    q.finish();
    return count;
}

Result<SyncStore::Issue> SyncStore::issue(qint64 issueId)
{
    QSqlQuery &q = m_store.prepared(u"SELECT %1 FROM sync_issues WHERE id = ?"_s.arg(issueColumns));
    q.addBindValue(issueId);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return Error {ErrorCode::NotFound, tr("The sync issue no longer exists.")};
    Issue found = readIssue(q);
    q.finish();
    return found;
}

Result<void> SyncStore::dismiss(qint64 issueId)
{
    QSqlQuery &q
        = m_store.prepared(u"UPDATE sync_issues SET resolved_at = ?, "
                           u"resolution = 'dismissed' WHERE id = ? AND resolved_at IS NULL"_s);
    q.addBindValue(m_store.nowMs());
    q.addBindValue(issueId);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (q.numRowsAffected() != 1)
        return Error {ErrorCode::NotFound,
                      tr("The sync issue no longer exists or is already resolved.")};
    return {};
}

Result<void> SyncStore::reapply(qint64 issueId, const QString &actorId)
{
    const Result<Issue> found = issue(issueId);
    if (!found)
        return found.error();
    const Issue &item = found.value();
    if (item.resolution != Resolution::Open)
        return Error {ErrorCode::InvalidArgument, tr("The sync issue is already resolved.")};
    if (!Schema::syncedTable(item.table))
        return Error {ErrorCode::InvalidArgument,
                      tr("Changes of \"%1\" cannot be sent by this version.").arg(item.table)};

    ChangeWriter writer(m_store, actorId);
    return m_store.transaction([&]() -> Result<void> {
        QVariantMap values = item.localValues;
        values.remove(deletedField);
        Result<void> written;
        if (item.kind == IssueKind::Conflict) {
            if (item.field == deletedField) {
                // Recover the row the other side deleted, then send the edit again.
                written = writer.restore(item.table, item.rowId);
                if (written && !values.isEmpty())
                    written = writer.rewrite(item.table, item.rowId, values);
            } else {
                written = writer.rewrite(item.table, item.rowId,
                                         {{item.field, item.localValues.value(item.field)}});
            }
        } else if (item.op == u"insert"_s) {
            // The server never had the row: create it again under the same id. Children may
            // reference the local copy, so foreign keys are checked at commit, when the row
            // exists again.
            QSqlQuery defer = m_store.query();
            if (!defer.exec(u"PRAGMA defer_foreign_keys = ON"_s))
                return LocalStore::sqlError(defer);
            QSqlQuery &row = m_store.prepared(u"DELETE FROM %1 WHERE id = ?"_s.arg(item.table));
            row.addBindValue(item.rowId);
            if (!row.exec())
                return LocalStore::sqlError(row);
            for (const QString &bookkeeping : {u"field_versions"_s, u"sync_parked"_s}) {
                QSqlQuery &q = m_store.prepared(
                    u"DELETE FROM %1 WHERE table_name = ? AND row_id = ?"_s.arg(bookkeeping));
                q.addBindValue(item.table);
                q.addBindValue(item.rowId);
                if (!q.exec())
                    return LocalStore::sqlError(q);
            }
            written = writer.insert(item.table, item.rowId, values);
        } else if (item.op == u"delete"_s) {
            written = writer.remove(item.table, item.rowId);
        } else if (item.op == u"undelete"_s) {
            written = writer.restore(item.table, item.rowId);
        } else {
            // rewrite(): the local value may already be the user's (the server did not send
            // its own), and it must still go out again.
            written = writer.rewrite(item.table, item.rowId, values);
        }
        if (!written)
            return written;
        if (writer.lastDeviceSeq() == 0) {
            return Error {ErrorCode::Conflict,
                          tr("There is nothing to send again. Dismiss the issue instead.")};
        }
        QSqlQuery &resolve = m_store.prepared(u"UPDATE sync_issues SET resolved_at = ?, "
                                              u"resolution = 'reapplied' WHERE id = ?"_s);
        resolve.addBindValue(m_store.nowMs());
        resolve.addBindValue(issueId);
        if (!resolve.exec())
            return LocalStore::sqlError(resolve);
        return {};
    });
}

} // namespace Outpost
