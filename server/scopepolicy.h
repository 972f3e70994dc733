#pragma once

#include "authcontext.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace Outpost {

/// Who may see and write which rows (docs/sync-protocol.md, "Scope"). Every row has scope keys:
/// "*" (organization-wide reference data, visible to all), a unit id, two unit ids
/// (collaboration requests), or "hq" (a unit-scoped row without a unit: only hq and admin see
/// it). Tables that have no unit of their own inherit the keys of their parent row.
///
/// hq and admin read everything and write only organization-wide tables; a lead may also write
/// the stages of their own unit; everyone else reads and writes their unit's rows.
/// Pure functions: callable from any thread.
class ScopePolicy
{
public:
    enum class TableKind {
        OrgWide, ///< units, users, stages, product_lines, products
        Unit, ///< scoped by their own unit_id
        UnitPair, ///< collaboration_requests: from_unit_id and to_unit_id
        Inherited, ///< the scope of the first parent row that is set
    };

    /// A column that references the row a child inherits its scope from.
    struct Parent
    {
        QString column;
        QString table;
    };

    static const QString everyone; ///< "*"
    static const QString hqOnly; ///< "hq"

    static TableKind kind(QStringView table);
    /// For Inherited tables, the parent references in order of preference.
    static QList<Parent> parents(QStringView table);
    /// Tables (and their column) that inherit their scope from rows of table.
    static QList<Parent> children(QStringView table);

    /// The scope keys of a row of an OrgWide, Unit or UnitPair table from its values.
    static QStringList ownScope(QStringView table, const QVariantMap &values);

    static bool mayRead(const AuthContext &user, const QStringList &scope);
    /// May user write a row of table whose scope is scope and whose values are values?
    static bool mayWrite(const AuthContext &user, QStringView table, const QStringList &scope,
                         const QVariantMap &values);
};

} // namespace Outpost
