#include "rawwritebaseline.h"

#include "localstore.h"

#include <QRegularExpression>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Outpost {

const QString RawWriteBaseline::tableName = u"bench_raw_writes"_s;

RawWriteBaseline::RawWriteBaseline(LocalStore &store)
    : m_store(store)
{ }

Result<void> RawWriteBaseline::create(const QStringList &columns)
{
    // Column names become SQL text, so only plain identifiers are accepted.
    static const QRegularExpression identifier(u"^[a-z_][a-z0-9_]{0,62}$"_s);
    for (const QString &column : columns) {
        if (!identifier.match(column).hasMatch() || column == u"seq"_s || column == u"row_id"_s) {
            return Error {ErrorCode::InvalidArgument,
                          tr("\"%1\" cannot be a column of the baseline table.").arg(column)};
        }
    }
    if (Result<void> dropped = drop(); !dropped)
        return dropped;
    QSqlQuery q = m_store.query();
    const QString definitions = columns.isEmpty() ? QString() : u", "_s + columns.join(u", "_s);
    if (!q.exec(u"CREATE TABLE %1 (seq INTEGER PRIMARY KEY, row_id TEXT NOT NULL%2)"_s.arg(
            tableName, definitions))) {
        return LocalStore::sqlError(q);
    }
    QStringList placeholders;
    placeholders.fill(u"?"_s, columns.size() + 1);
    m_columns = columns;
    m_sql = u"INSERT INTO %1 (row_id%2) VALUES (%3)"_s.arg(tableName, definitions,
                                                           placeholders.join(u", "_s));
    return {};
}

Result<void> RawWriteBaseline::insert(const QString &rowId, const QVariantMap &values)
{
    if (m_sql.isEmpty()) {
        return Error {ErrorCode::InvalidArgument,
                      tr("Internal error: the baseline table was not created.")};
    }
    QSqlQuery &q = m_store.prepared(m_sql);
    q.addBindValue(rowId);
    for (const QString &column : std::as_const(m_columns))
        q.addBindValue(values.value(column));
    if (!q.exec())
        return LocalStore::sqlError(q);
    return {};
}

Result<void> RawWriteBaseline::drop()
{
    QSqlQuery q = m_store.query();
    if (!q.exec(u"DROP TABLE IF EXISTS %1"_s.arg(tableName)))
        return LocalStore::sqlError(q);
    return {};
}

} // namespace Outpost
