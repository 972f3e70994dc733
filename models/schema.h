#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Outpost {

/// The local store's schema: ordered migrations and the catalogue of synced tables.
/// Migration N brings a store from PRAGMA user_version N-1 to N. Migrations are append-only:
/// a released migration is never edited, a change is a new migration.
class Schema
{
public:
    struct Migration
    {
        int version;
        QStringList statements;
    };

    /// The synced tables and the fields a change may carry. The write path and, later, the
    /// replication codec refuse any table or field not listed here.
    struct SyncedTable
    {
        QString name;
        QStringList fields; ///< Writable fields, excluding id and the bookkeeping columns.
        QStringList criticalFields; ///< Fields where a conflict keeps the server value.
    };

    static int latestVersion();
    static const QList<Migration> &migrations();
    static const QList<SyncedTable> &syncedTables();
    static const SyncedTable *syncedTable(QStringView name);
};

} // namespace Outpost
