#include "merge.h"

using namespace Qt::StringLiterals;

namespace Outpost {

bool Merge::sameValue(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    return a.toString() == b.toString();
}

Merge::Outcome Merge::decide(const Input &input)
{
    Outcome outcome;
    const bool isDelete = input.op == u"delete"_s;
    const bool isUndelete = input.op == u"undelete"_s;

    if (isDelete || isUndelete) {
        // Deleting what is deleted (or recovering what is live) changes nothing; a row the
        // server never had has nothing to delete.
        if (input.rowExists && input.rowDeleted != isDelete)
            outcome.setDeleted = isDelete;
        outcome.status = u"applied"_s;
        return outcome;
    }

    if (!input.rowExists) {
        outcome.insertRow = true;
        for (auto it = input.fields.cbegin(); it != input.fields.cend(); ++it)
            outcome.writes.insert(it.key(), it.value().value);
        outcome.status = u"applied"_s;
        return outcome;
    }

    if (input.rowDeleted) {
        // Delete wins over edit: the row stays deleted, the edit goes to history.
        for (auto it = input.fields.cbegin(); it != input.fields.cend(); ++it)
            outcome.discarded.insert(it.key(), it.value().value);
        outcome.conflicts.append(
            {u"deleted"_s, QVariant(qint64(0)), QVariant(qint64(1)), u"server"_s});
        outcome.status = u"merged"_s;
        return outcome;
    }

    for (auto it = input.fields.cbegin(); it != input.fields.cend(); ++it) {
        const QString &field = it.key();
        const QVariant &clientValue = it.value().value;
        const QVariant serverValue = input.serverValues.value(field);
        const qint64 serverVersion = input.serverVersions.value(field, 0);
        if (serverVersion <= it.value().base || input.ownFields.contains(field)) {
            if (!sameValue(serverValue, clientValue))
                outcome.writes.insert(field, clientValue);
            continue;
        }
        // The server has a change the client had not seen when it made this one.
        if (sameValue(serverValue, clientValue))
            continue; // both sides agree: nothing to decide
        if (input.criticalFields.contains(field)) {
            outcome.conflicts.append({field, clientValue, serverValue, u"server"_s});
            outcome.discarded.insert(field, clientValue);
        } else {
            outcome.conflicts.append({field, clientValue, serverValue, u"client"_s});
            outcome.writes.insert(field, clientValue);
        }
    }
    outcome.status = outcome.conflicts.isEmpty() ? u"applied"_s : u"merged"_s;
    return outcome;
}

} // namespace Outpost
