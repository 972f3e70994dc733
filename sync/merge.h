#pragma once

#include "protocol.h"

#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace Outpost {

/// The server's per-field merge rules (docs/sync-protocol.md, "Merge per field"), as a pure
/// function so both the server and tests can use it:
///  - a field whose server version is greater than the op's base is a conflict, unless that
///    version was written by the same device (Input::ownFields) or both values are equal;
///  - ordinary fields: last writer wins (the op's value is written, kept "client");
///  - critical fields: the server value is kept and a conflict recorded (kept "server");
///  - delete wins over edit: an insert/update of a deleted row writes nothing and reports a
///    conflict on "deleted" (kept "server"); undelete recovers the row;
///  - an insert of an existing row is merged as an update; an update of a row the server does
///    not have is written as an insert (constraints then decide).
/// Status is merged when there is at least one conflict, applied otherwise.
/// Reentrant, no state: callable from any thread.
class Merge
{
public:
    struct Input
    {
        QString op; ///< insert, update, delete, undelete
        QMap<QString, Protocol::FieldChange> fields;
        bool rowExists = false;
        bool rowDeleted = false;
        QVariantMap serverValues; ///< current values of the row's fields on the server
        QMap<QString, qint64> serverVersions; ///< per field, the server seq that last wrote it
        /// Fields whose server version was written by an earlier op of the op's own device: the
        /// device saw its own change, so they are no conflict (an insert and the edits that
        /// followed it offline all carry base 0).
        QStringList ownFields;
        QStringList criticalFields;
    };

    struct Outcome
    {
        QString status; ///< applied or merged
        bool insertRow = false; ///< the row must be created (with writes as its fields)
        QVariantMap writes; ///< fields to write with their new values
        std::optional<bool> setDeleted; ///< the tombstone flag to write, if it changes
        QList<Protocol::Conflict> conflicts;
        /// Client values that were not stored (critical conflicts, edits of a deleted row):
        /// the server keeps them in its field history so nothing is lost.
        QVariantMap discarded;
    };

    static Outcome decide(const Input &input);

    /// Two field values are equal as SQLite stores them (integers and text compare by value).
    static bool sameValue(const QVariant &a, const QVariant &b);
};

} // namespace Outpost
