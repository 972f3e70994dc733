#include "bulkloader.h"

#include "localstore.h"
#include "schema.h"
#include "sqlstatement.h"

using namespace Qt::StringLiterals;

namespace Outpost {

BulkLoader::BulkLoader(LocalStore &store)
    : m_store(store)
{ }

Result<void> BulkLoader::begin(const QString &table, const QStringList &columns)
{
    const Schema::SyncedTable *spec = Schema::syncedTable(table);
    if (!spec)
        return Error {ErrorCode::InvalidArgument, tr("Unknown table \"%1\".").arg(table)};
    static const QStringList bookkeeping
        = {u"id"_s, u"created_at"_s, u"updated_at"_s, u"deleted"_s};
    for (const QString &column : columns) {
        if (!spec->fields.contains(column) && !bookkeeping.contains(column)) {
            return Error {ErrorCode::InvalidArgument,
                          tr("The field \"%1\" cannot be written in \"%2\".").arg(column, table)};
        }
    }
    QStringList placeholders;
    placeholders.fill(u"?"_s, columns.size());
    SqlStatement &statement = m_store.statement(u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(
        table, columns.join(u", "_s), placeholders.join(u", "_s)));
    if (!statement.isValid()) {
        m_statement = nullptr;
        return LocalStore::sqlError(statement);
    }
    m_statement = &statement;
    m_columnCount = int(columns.size());
    return {};
}

Result<void> BulkLoader::insert(const QVariantList &values)
{
    if (!m_statement || values.size() != m_columnCount) {
        return Error {ErrorCode::InvalidArgument,
                      tr("Internal error: a seed row does not match its columns.")};
    }
    m_statement->reset();
    for (const QVariant &value : values)
        m_statement->bind(value);
    if (!m_statement->exec())
        return LocalStore::sqlError(*m_statement);
    return {};
}

} // namespace Outpost
