#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QString>
#include <QVariantMap>

namespace Outpost {

class LocalStore;

/// The one write path for synced data. Each call writes, in one SQLite transaction (or inside
/// the caller's LocalStore::transaction), the row, its per-field versions, the field history
/// and exactly one outbox entry: {op id (UUIDv7), device id, device seq (gapless, monotonic,
/// persisted in the same transaction), table, row id, changed fields with the version each
/// was based on, HLC, schema version}.
///
/// Tables and fields are checked against Schema::syncedTables(); anything else is refused.
/// Lives on the thread of its LocalStore.
class ChangeWriter
{
    Q_DECLARE_TR_FUNCTIONS(ChangeWriter)

public:
    /// actorId is the user making the changes; it is recorded in the field history.
    explicit ChangeWriter(LocalStore &store, QString actorId = {});

    /// Creates a row. rowId must be a UUIDv7. fields are column values (no id, no timestamps).
    Result<void> insert(const QString &table, const QString &rowId, const QVariantMap &fields);
    /// Changes fields of a live row. Fields whose value does not change are left out; a call
    /// that changes nothing writes nothing (and no outbox entry).
    Result<void> update(const QString &table, const QString &rowId, const QVariantMap &fields);
    /// Like update(), but writes every given field even where the local value already equals
    /// it: sends a value again that the server did not keep (reapplying a sync issue).
    Result<void> rewrite(const QString &table, const QString &rowId, const QVariantMap &fields);
    /// Deletes a row as a recoverable tombstone.
    Result<void> remove(const QString &table, const QString &rowId);
    /// Recovers a deleted row.
    Result<void> restore(const QString &table, const QString &rowId);

    /// The device seq of the last outbox entry this writer wrote (0 if none).
    qint64 lastDeviceSeq() const { return m_lastDeviceSeq; }

private:
    struct Stamp
    {
        qint64 deviceSeq = 0;
        qint64 hlc = 0;
    };
    Result<Stamp> nextStamp();
    Result<void> writeOutbox(const Stamp &stamp, const QString &table, const QString &rowId,
                             const QString &op, const QByteArray &fieldsJson);
    Result<void> validate(const QString &table, const QVariantMap &fields) const;
    Result<void> setDeleted(const QString &table, const QString &rowId, bool deleted);
    Result<void> writeFields(const QString &table, const QString &rowId, const QVariantMap &fields,
                             bool unchangedToo);

    LocalStore &m_store;
    QString m_actorId;
    qint64 m_lastDeviceSeq = 0;
};

} // namespace Outpost
