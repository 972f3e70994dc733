#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QStringList>
#include <QVariantMap>

namespace Outpost {

class LocalStore;

/// A benchmark baseline, not part of the application: raw prepared INSERTs into a plain
/// scratch table (no outbox, no field versions, no history, no triggers), so the benchmark
/// can state what the one write path (ChangeWriter) costs over writing the same values bare.
/// The table lives in the store's own file, so it shares its journal mode, synchronous
/// setting and page cache; drop() removes it again. Never use it on a user's store.
///
/// Lives on the thread of its LocalStore.
class RawWriteBaseline
{
    Q_DECLARE_TR_FUNCTIONS(RawWriteBaseline)

public:
    static const QString tableName;

    explicit RawWriteBaseline(LocalStore &store);

    /// (Re)creates the scratch table with row_id and the given value columns (plain
    /// lowercase identifiers), and prepares its insert.
    Result<void> create(const QStringList &columns);
    /// Inserts one row: rowId plus values by column name (missing columns are NULL).
    Result<void> insert(const QString &rowId, const QVariantMap &values);
    /// Drops the scratch table.
    Result<void> drop();

private:
    LocalStore &m_store;
    QStringList m_columns;
    QString m_sql;
};

} // namespace Outpost
