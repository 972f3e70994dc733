#include "changewriter.h"

#include "hybridclock.h"
#include "localstore.h"
#include "schema.h"
#include "uuidv7.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

QJsonValue toJson(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return QJsonValue(value.toLongLong());
    case QMetaType::Bool:
        return QJsonValue(value.toBool() ? 1 : 0);
    case QMetaType::Double:
        return QJsonValue(value.toDouble());
    default:
        return QJsonValue(value.toString());
    }
}

QVariant historyText(const QVariant &value)
{
    return value.isNull() ? QVariant() : QVariant(value.toString());
}

// Two column values are equal as SQLite stores them (integers and text compare by value).
bool sameValue(const QVariant &stored, const QVariant &incoming)
{
    if (stored.isNull() || incoming.isNull())
        return stored.isNull() == incoming.isNull();
    return stored.toString() == incoming.toString();
}

} // namespace

ChangeWriter::ChangeWriter(LocalStore &store, QString actorId)
    : m_store(store)
    , m_actorId(std::move(actorId))
{ }

Result<void> ChangeWriter::validate(const QString &table, const QVariantMap &fields) const
{
    const Schema::SyncedTable *spec = Schema::syncedTable(table);
    if (!spec)
        return Error {ErrorCode::InvalidArgument, tr("Unknown table \"%1\".").arg(table)};
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        if (!spec->fields.contains(it.key())) {
            return Error {ErrorCode::InvalidArgument,
                          tr("The field \"%1\" cannot be written in \"%2\".").arg(it.key(), table)};
        }
    }
    return {};
}

Result<ChangeWriter::Stamp> ChangeWriter::nextStamp()
{
    // The counter and the clock advance inside the caller's transaction, so a rolled back
    // change leaves no gap and a restart continues where the last commit stopped.
    QSqlQuery &q = m_store.prepared(
        u"UPDATE device_state SET device_seq = device_seq + 1, hlc = max(hlc + 1, ?) "
        u"WHERE id = 1 RETURNING device_seq, hlc"_s);
    q.addBindValue(HybridClock::fromWallMs(m_store.nowMs()));
    if (!q.exec() || !q.next())
        return LocalStore::sqlError(q);
    Stamp stamp {q.value(0).toLongLong(), q.value(1).toLongLong()};
    q.finish();
    return stamp;
}

Result<void> ChangeWriter::writeOutbox(const Stamp &stamp, const QString &table,
                                       const QString &rowId, const QString &op,
                                       const QByteArray &fieldsJson)
{
    QSqlQuery &q = m_store.prepared(
        u"INSERT INTO outbox (device_seq, op_id, device_id, table_name, row_id, op, fields, hlc, "
        u"schema_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(stamp.deviceSeq);
    q.addBindValue(UuidV7::generate());
    q.addBindValue(m_store.deviceId());
    q.addBindValue(table);
    q.addBindValue(rowId);
    q.addBindValue(op);
    q.addBindValue(QString::fromUtf8(fieldsJson));
    q.addBindValue(stamp.hlc);
    q.addBindValue(Schema::latestVersion());
    q.addBindValue(HybridClock::wallMs(stamp.hlc));
    if (!q.exec())
        return LocalStore::sqlError(q);
    m_lastDeviceSeq = stamp.deviceSeq;
    return {};
}

Result<void> ChangeWriter::insert(const QString &table, const QString &rowId,
                                  const QVariantMap &fields)
{
    if (Result<void> valid = validate(table, fields); !valid)
        return valid;
    if (!UuidV7::isValid(rowId))
        return Error {ErrorCode::InvalidArgument,
                      tr("\"%1\" is not a valid record id.").arg(rowId)};

    return m_store.transaction([&]() -> Result<void> {
        const Result<Stamp> stamp = nextStamp();
        if (!stamp)
            return stamp.error();
        const qint64 now = HybridClock::wallMs(stamp->hlc);

        QString columns = u"id, created_at, updated_at"_s;
        QString placeholders = u"?, ?, ?"_s;
        for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
            columns += u", "_s + it.key();
            placeholders += u", ?"_s;
        }
        QSqlQuery &row = m_store.prepared(
            u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(table, columns, placeholders));
        row.addBindValue(rowId);
        row.addBindValue(now);
        row.addBindValue(now);
        for (const QVariant &value : fields)
            row.addBindValue(LocalStore::bindable(value));
        if (!row.exec())
            return LocalStore::sqlError(row);

        QSqlQuery &version = m_store.prepared(
            u"INSERT OR REPLACE INTO field_versions (table_name, row_id, field, version, hlc) "
            u"VALUES (?, ?, ?, 0, ?)"_s);
        QJsonObject changed;
        for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
            version.addBindValue(table);
            version.addBindValue(rowId);
            version.addBindValue(it.key());
            version.addBindValue(stamp->hlc);
            if (!version.exec())
                return LocalStore::sqlError(version);
            changed.insert(it.key(),
                           QJsonObject {{u"value"_s, toJson(it.value())}, {u"base"_s, 0}});
        }
        return writeOutbox(*stamp, table, rowId, u"insert"_s,
                           QJsonDocument(changed).toJson(QJsonDocument::Compact));
    });
}

Result<void> ChangeWriter::update(const QString &table, const QString &rowId,
                                  const QVariantMap &fields)
{
    if (Result<void> valid = validate(table, fields); !valid)
        return valid;
    if (fields.isEmpty())
        return {};

    return m_store.transaction([&]() -> Result<void> {
        const QStringList names = fields.keys();
        QSqlQuery &current = m_store.prepared(
            u"SELECT %1 FROM %2 WHERE id = ? AND deleted = 0"_s.arg(names.join(u", "_s), table));
        current.addBindValue(rowId);
        if (!current.exec())
            return LocalStore::sqlError(current);
        if (!current.next())
            return Error {ErrorCode::NotFound, tr("The record no longer exists.")};
        QVariantMap before;
        QVariantMap after;
        for (int i = 0; i < names.size(); ++i) {
            const QVariant old = current.value(i);
            const QVariant incoming = fields.value(names.at(i));
            if (!sameValue(old, incoming)) {
                before.insert(names.at(i), old);
                after.insert(names.at(i), incoming);
            }
        }
        current.finish();
        if (after.isEmpty())
            return {};

        const Result<Stamp> stamp = nextStamp();
        if (!stamp)
            return stamp.error();
        const qint64 now = HybridClock::wallMs(stamp->hlc);

        QStringList assignments;
        for (auto it = after.cbegin(); it != after.cend(); ++it)
            assignments.append(it.key() + u" = ?"_s);
        QSqlQuery &row = m_store.prepared(u"UPDATE %1 SET %2, updated_at = ? WHERE id = ?"_s.arg(
            table, assignments.join(u", "_s)));
        for (const QVariant &value : std::as_const(after))
            row.addBindValue(LocalStore::bindable(value));
        row.addBindValue(now);
        row.addBindValue(rowId);
        if (!row.exec())
            return LocalStore::sqlError(row);

        QSqlQuery &baseVersion = m_store.prepared(
            u"SELECT version FROM field_versions WHERE table_name = ? AND row_id = ? AND field = ?"_s);
        QSqlQuery &version = m_store.prepared(
            u"INSERT INTO field_versions (table_name, row_id, field, version, hlc) "
            u"VALUES (?, ?, ?, 0, ?) ON CONFLICT DO UPDATE SET hlc = excluded.hlc"_s);
        QSqlQuery &history = m_store.prepared(
            u"INSERT INTO field_history (table_name, row_id, field, old_value, new_value, "
            u"changed_by, changed_at, hlc, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'local')"_s);
        QJsonObject changed;
        for (auto it = after.cbegin(); it != after.cend(); ++it) {
            baseVersion.addBindValue(table);
            baseVersion.addBindValue(rowId);
            baseVersion.addBindValue(it.key());
            if (!baseVersion.exec())
                return LocalStore::sqlError(baseVersion);
            const qint64 base = baseVersion.next() ? baseVersion.value(0).toLongLong() : 0;
            baseVersion.finish();

            version.addBindValue(table);
            version.addBindValue(rowId);
            version.addBindValue(it.key());
            version.addBindValue(stamp->hlc);
            if (!version.exec())
                return LocalStore::sqlError(version);

            history.addBindValue(table);
            history.addBindValue(rowId);
            history.addBindValue(it.key());
            history.addBindValue(historyText(before.value(it.key())));
            history.addBindValue(historyText(it.value()));
            history.addBindValue(m_actorId.isEmpty() ? QVariant() : QVariant(m_actorId));
            history.addBindValue(now);
            history.addBindValue(stamp->hlc);
            if (!history.exec())
                return LocalStore::sqlError(history);

            changed.insert(it.key(),
                           QJsonObject {{u"value"_s, toJson(it.value())}, {u"base"_s, base}});
        }
        return writeOutbox(*stamp, table, rowId, u"update"_s,
                           QJsonDocument(changed).toJson(QJsonDocument::Compact));
    });
}

Result<void> ChangeWriter::setDeleted(const QString &table, const QString &rowId, bool deleted)
{
    if (Result<void> valid = validate(table, {}); !valid)
        return valid;
    return m_store.transaction([&]() -> Result<void> {
        const Result<Stamp> stamp = nextStamp();
        if (!stamp)
            return stamp.error();
        QSqlQuery &row = m_store.prepared(
            u"UPDATE %1 SET deleted = ?, updated_at = ? WHERE id = ? AND deleted = ?"_s.arg(table));
        row.addBindValue(deleted ? 1 : 0);
        row.addBindValue(HybridClock::wallMs(stamp->hlc));
        row.addBindValue(rowId);
        row.addBindValue(deleted ? 0 : 1);
        if (!row.exec())
            return LocalStore::sqlError(row);
        if (row.numRowsAffected() != 1) {
            return Error {ErrorCode::NotFound,
                          deleted ? tr("The record no longer exists.")
                                  : tr("The record is not deleted.")};
        }
        QSqlQuery &history = m_store.prepared(
            u"INSERT INTO field_history (table_name, row_id, field, old_value, new_value, "
            u"changed_by, changed_at, hlc, origin) VALUES (?, ?, 'deleted', ?, ?, ?, ?, ?, 'local')"_s);
        history.addBindValue(table);
        history.addBindValue(rowId);
        history.addBindValue(deleted ? u"0"_s : u"1"_s);
        history.addBindValue(deleted ? u"1"_s : u"0"_s);
        history.addBindValue(m_actorId.isEmpty() ? QVariant() : QVariant(m_actorId));
        history.addBindValue(HybridClock::wallMs(stamp->hlc));
        history.addBindValue(stamp->hlc);
        if (!history.exec())
            return LocalStore::sqlError(history);
        return writeOutbox(*stamp, table, rowId, deleted ? u"delete"_s : u"undelete"_s, "{}");
    });
}

Result<void> ChangeWriter::remove(const QString &table, const QString &rowId)
{
    return setDeleted(table, rowId, true);
}

Result<void> ChangeWriter::restore(const QString &table, const QString &rowId)
{
    return setDeleted(table, rowId, false);
}

} // namespace Outpost
