#include "changewriter.h"

#include "hybridclock.h"
#include "localstore.h"
#include "schema.h"
#include "sqlstatement.h"
#include "uuidv7.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// The outbox's JSON, byte for byte as QJsonDocument::Compact wrote it (keys sorted, so "base"
// before "value"), without a QJsonObject per change.
void appendJsonString(QByteArray &json, QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    json += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '"':
            json += "\\\"";
            break;
        case '\\':
            json += "\\\\";
            break;
        case '\b':
            json += "\\b";
            break;
        case '\f':
            json += "\\f";
            break;
        case '\n':
            json += "\\n";
            break;
        case '\r':
            json += "\\r";
            break;
        case '\t':
            json += "\\t";
            break;
        default:
            if (uchar(c) < 0x20) {
                json += "\\u00";
                json += hex[uchar(c) >> 4];
                json += hex[uchar(c) & 0x0f];
            } else {
                json += c;
            }
        }
    }
    json += '"';
}

void appendJsonValue(QByteArray &json, const QVariant &value)
{
    if (value.isNull()) {
        json += "null";
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        json += QByteArray::number(value.toLongLong());
        return;
    case QMetaType::Bool:
        json += value.toBool() ? '1' : '0';
        return;
    case QMetaType::Double: {
        const double number = value.toDouble();
        json += qIsFinite(number) ? QByteArray::number(number, 'g', QLocale::FloatingPointShortest)
                                  : QByteArray("null");
        return;
    }
    case QMetaType::QString:
        appendJsonString(json, *static_cast<const QString *>(value.constData()));
        return;
    default:
        appendJsonString(json, value.toString());
    }
}

void appendJsonField(QByteArray &json, const QString &field, const QVariant &value, qint64 base)
{
    json += json.size() > 1 ? ",\"" : "\"";
    json += field.toUtf8();
    json += "\":{\"base\":";
    json += QByteArray::number(base);
    json += ",\"value\":";
    appendJsonValue(json, value);
    json += '}';
}

// SQLite stores a bool as the integer 0 or 1; compare and record it as such.
QVariant columnValue(const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return QVariant(value.toBool() ? 1 : 0);
    return value;
}

void bindHistoryText(SqlStatement &statement, const QVariant &value)
{
    if (value.isNull())
        statement.bindNull();
    else
        statement.bind(columnValue(value).toString());
}

// Two column values are equal as SQLite stores them (integers and text compare by value).
bool sameValue(const QVariant &stored, const QVariant &incoming)
{
    if (stored.isNull() || incoming.isNull())
        return stored.isNull() == incoming.isNull();
    return stored.toString() == columnValue(incoming).toString();
}

// "(?, ?, ?), (?, ?, ?)": one VALUES row per field, so each table takes one statement per
// change whatever the number of fields.
QString valueRows(const QString &row, qsizetype count)
{
    QString rows;
    rows.reserve((row.size() + 2) * count);
    for (qsizetype i = 0; i < count; ++i) {
        if (i > 0)
            rows += u", "_s;
        rows += row;
    }
    return rows;
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
    // change leaves no gap and a restart continues where the last commit stopped. (Read back
    // by a SELECT: RETURNING builds a temporary table at every run, which cost more.)
    SqlStatement &advance = m_store.statement(
        u"UPDATE device_state SET device_seq = device_seq + 1, hlc = max(hlc + 1, ?) "
        u"WHERE id = 1"_s);
    if (!advance.bind(HybridClock::fromWallMs(m_store.nowMs())).exec())
        return LocalStore::sqlError(advance);
    SqlStatement &read
        = m_store.statement(u"SELECT device_seq, hlc FROM device_state WHERE id = 1"_s);
    if (!read.next()) // LocalStore::open() made sure the row exists
        return LocalStore::sqlError(read);
    const Stamp stamp {read.int64(0), read.int64(1)};
    read.reset();
    return stamp;
}

Result<void> ChangeWriter::writeOutbox(const Stamp &stamp, const QString &table,
                                       const QString &rowId, const QString &op,
                                       const QByteArray &fieldsJson)
{
    SqlStatement &q = m_store.statement(
        u"INSERT INTO outbox (device_seq, op_id, device_id, table_name, row_id, op, fields, hlc, "
        u"schema_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.bind(stamp.deviceSeq)
        .bind(UuidV7::generate())
        .bind(m_store.deviceId())
        .bind(table)
        .bind(rowId)
        .bind(op)
        .bind(QString::fromUtf8(fieldsJson))
        .bind(stamp.hlc)
        .bind(Schema::latestVersion())
        .bind(HybridClock::wallMs(stamp.hlc));
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
        SqlStatement &row = m_store.statement(
            u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(table, columns, placeholders));
        row.bind(rowId).bind(now).bind(now);
        for (const QVariant &value : fields)
            row.bind(value);
        if (!row.exec())
            return LocalStore::sqlError(row);

        QByteArray changed = "{";
        if (!fields.isEmpty()) {
            SqlStatement &versions = m_store.statement(
                u"INSERT OR REPLACE INTO field_versions (table_name, row_id, field, version, hlc) "
                u"VALUES "_s
                + valueRows(u"(?, ?, ?, 0, ?)"_s, fields.size()));
            for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
                versions.bind(table).bind(rowId).bind(it.key()).bind(stamp->hlc);
                appendJsonField(changed, it.key(), it.value(), 0);
            }
            if (!versions.exec())
                return LocalStore::sqlError(versions);
        }
        changed += '}';
        return writeOutbox(*stamp, table, rowId, u"insert"_s, changed);
    });
}

Result<void> ChangeWriter::update(const QString &table, const QString &rowId,
                                  const QVariantMap &fields)
{
    return writeFields(table, rowId, fields, false);
}

Result<void> ChangeWriter::rewrite(const QString &table, const QString &rowId,
                                   const QVariantMap &fields)
{
    return writeFields(table, rowId, fields, true);
}

Result<void> ChangeWriter::writeFields(const QString &table, const QString &rowId,
                                       const QVariantMap &fields, bool unchangedToo)
{
    if (Result<void> valid = validate(table, fields); !valid)
        return valid;
    if (fields.isEmpty())
        return {};

    return m_store.transaction([&]() -> Result<void> {
        struct Change
        {
            QString field;
            QVariant before;
            QVariant after;
            qint64 base = 0;
        };
        QList<Change> changes;
        changes.reserve(fields.size());
        qint64 rowVersion = 0; ///< the server version of fields without their own entry
        {
            QString columns;
            for (auto it = fields.cbegin(); it != fields.cend(); ++it)
                columns += (columns.isEmpty() ? QString() : u", "_s) + it.key();
            SqlStatement &current = m_store.statement(
                u"SELECT sync_version, %1 FROM %2 WHERE id = ? AND deleted = 0"_s.arg(columns,
                                                                                      table));
            current.bind(rowId);
            if (!current.next()) {
                if (current.failed())
                    return LocalStore::sqlError(current);
                return Error {ErrorCode::NotFound, tr("The record no longer exists.")};
            }
            rowVersion = current.int64(0);
            int column = 1;
            for (auto it = fields.cbegin(); it != fields.cend(); ++it, ++column) {
                QVariant old = current.value(column);
                if (unchangedToo || !sameValue(old, it.value()))
                    changes.append({it.key(), std::move(old), it.value(), 0});
            }
            current.reset();
        }
        if (changes.isEmpty())
            return {};

        const Result<Stamp> stamp = nextStamp();
        if (!stamp)
            return stamp.error();
        const qint64 now = HybridClock::wallMs(stamp->hlc);

        QString assignments;
        for (const Change &change : std::as_const(changes))
            assignments += change.field + u" = ?, "_s;
        SqlStatement &row = m_store.statement(
            u"UPDATE %1 SET %2updated_at = ? WHERE id = ?"_s.arg(table, assignments));
        for (const Change &change : std::as_const(changes))
            row.bind(change.after);
        row.bind(now).bind(rowId);
        if (!row.exec())
            return LocalStore::sqlError(row);

        // One upsert for every field; RETURNING gives the version each change was based on:
        // the field's own entry (the update leaves it alone) or else the row's version
        // (sync_version: 0 for a row never synced).
        SqlStatement &versions = m_store.statement(
            u"INSERT INTO field_versions (table_name, row_id, field, version, hlc) VALUES "_s
            + valueRows(u"(?, ?, ?, ?, ?)"_s, changes.size())
            + u" ON CONFLICT DO UPDATE SET hlc = excluded.hlc RETURNING field, version"_s);
        for (const Change &change : std::as_const(changes))
            versions.bind(table).bind(rowId).bind(change.field).bind(rowVersion).bind(stamp->hlc);
        while (versions.next()) {
            const QString field = versions.text(0);
            for (Change &change : changes) {
                if (change.field == field)
                    change.base = versions.int64(1);
            }
        }
        if (versions.failed())
            return LocalStore::sqlError(versions);

        SqlStatement &history = m_store.statement(
            u"INSERT INTO field_history (table_name, row_id, field, old_value, new_value, "
            u"changed_by, changed_at, hlc, origin) VALUES "_s
            + valueRows(u"(?, ?, ?, ?, ?, ?, ?, ?, 'local')"_s, changes.size()));
        QByteArray changed = "{";
        for (const Change &change : std::as_const(changes)) {
            history.bind(table).bind(rowId).bind(change.field);
            bindHistoryText(history, change.before);
            bindHistoryText(history, change.after);
            if (m_actorId.isEmpty())
                history.bindNull();
            else
                history.bind(m_actorId);
            history.bind(now).bind(stamp->hlc);
            appendJsonField(changed, change.field, change.after, change.base);
        }
        changed += '}';
        if (!history.exec())
            return LocalStore::sqlError(history);
        return writeOutbox(*stamp, table, rowId, u"update"_s, changed);
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
        SqlStatement &row = m_store.statement(
            u"UPDATE %1 SET deleted = ?, updated_at = ? WHERE id = ? AND deleted = ?"_s.arg(table));
        row.bind(deleted ? 1 : 0)
            .bind(HybridClock::wallMs(stamp->hlc))
            .bind(rowId)
            .bind(deleted ? 0 : 1);
        if (!row.exec())
            return LocalStore::sqlError(row);
        if (row.changes() != 1) {
            return Error {ErrorCode::NotFound,
                          deleted ? tr("The record no longer exists.")
                                  : tr("The record is not deleted.")};
        }
        SqlStatement &history = m_store.statement(
            u"INSERT INTO field_history (table_name, row_id, field, old_value, new_value, "
            u"changed_by, changed_at, hlc, origin) VALUES (?, ?, 'deleted', ?, ?, ?, ?, ?, 'local')"_s);
        history.bind(table)
            .bind(rowId)
            .bind(deleted ? u"0"_s : u"1"_s)
            .bind(deleted ? u"1"_s : u"0"_s);
        if (m_actorId.isEmpty())
            history.bindNull();
        else
            history.bind(m_actorId);
        history.bind(HybridClock::wallMs(stamp->hlc)).bind(stamp->hlc);
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
