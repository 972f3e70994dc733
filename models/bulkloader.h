#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QStringList>
#include <QVariantList>

namespace Outpost {

class LocalStore;
class SqlStatement;

/// Loads a snapshot of rows into synced tables without outbox entries: for the demo
/// generator's seed data, which stands for data the organization already had (a demo store
/// with no server is a sandbox, so nothing in it is pushed anywhere). Local edits of seeded
/// rows then go through ChangeWriter like any other edit, based on version 0.
///
/// Call inside LocalStore::transaction for speed. Lives on the thread of its LocalStore.
class BulkLoader
{
    Q_DECLARE_TR_FUNCTIONS(BulkLoader)

public:
    explicit BulkLoader(LocalStore &store);

    /// Prepares the insert statement for table and columns. Columns must be synced fields
    /// of table or id, created_at, updated_at, deleted.
    Result<void> begin(const QString &table, const QStringList &columns);
    /// Inserts one row; values in the order of the columns given to begin(), bound as
    /// LocalStore::bindable() means them (invalid: NULL; a null QString: empty text).
    Result<void> insert(const QVariantList &values);

private:
    LocalStore &m_store;
    // Bound through SQLite's C API: QtSql's binding was a quarter of a large demo's time.
    SqlStatement *m_statement = nullptr; ///< owned by m_store's statement cache
    int m_columnCount = 0;
};

} // namespace Outpost
