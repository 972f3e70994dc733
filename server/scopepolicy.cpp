#include "scopepolicy.h"

#include "schema.h"

using namespace Qt::StringLiterals;

namespace Outpost {

const QString ScopePolicy::everyone = u"*"_s;
const QString ScopePolicy::hqOnly = u"hq"_s;

ScopePolicy::TableKind ScopePolicy::kind(QStringView table)
{
    if (table == u"units" || table == u"users" || table == u"stages" || table == u"product_lines"
        || table == u"products")
        return TableKind::OrgWide;
    if (table == u"customers" || table == u"deals" || table == u"budget_requests"
        || table == u"automation_rules")
        return TableKind::Unit;
    if (table == u"collaboration_requests")
        return TableKind::UnitPair;
    return TableKind::Inherited;
}

QList<ScopePolicy::Parent> ScopePolicy::parents(QStringView table)
{
    // The most specific parent first: an activity of a deal belongs where the deal belongs.
    if (table == u"activities")
        return {{u"deal_id"_s, u"deals"_s},
                {u"customer_id"_s, u"customers"_s},
                {u"user_id"_s, u"users"_s}};
    if (table == u"interactions" || table == u"quotes" || table == u"proposals")
        return {{u"deal_id"_s, u"deals"_s}, {u"customer_id"_s, u"customers"_s}};
    if (table == u"quote_versions")
        return {{u"quote_id"_s, u"quotes"_s}};
    if (table == u"data_grants" || table == u"confirmations" || table == u"nps_responses"
        || table == u"service_tickets")
        return {{u"customer_id"_s, u"customers"_s}};
    if (table == u"automation_log")
        return {{u"rule_id"_s, u"automation_rules"_s}};
    return {};
}

QList<ScopePolicy::Parent> ScopePolicy::children(QStringView table)
{
    QList<Parent> list;
    for (const Schema::SyncedTable &synced : Schema::syncedTables()) {
        if (kind(synced.name) != TableKind::Inherited)
            continue;
        for (const Parent &parent : parents(synced.name)) {
            if (parent.table == table)
                list.append({parent.column, synced.name});
        }
    }
    return list;
}

QStringList ScopePolicy::ownScope(QStringView table, const QVariantMap &values)
{
    const auto unit = [&values](const QString &column) {
        const QVariant value = values.value(column);
        return value.isNull() ? QString() : value.toString();
    };
    switch (kind(table)) {
    case TableKind::OrgWide:
        return {everyone};
    case TableKind::Unit: {
        const QString unitId = unit(u"unit_id"_s);
        if (!unitId.isEmpty())
            return {unitId};
        // A rule without a unit is HQ's template for everyone; other rows without a unit are
        // HQ's own.
        return {table == u"automation_rules" ? everyone : hqOnly};
    }
    case TableKind::UnitPair: {
        QStringList keys;
        for (const QString &column : {u"from_unit_id"_s, u"to_unit_id"_s}) {
            const QString unitId = unit(column);
            if (!unitId.isEmpty() && !keys.contains(unitId))
                keys.append(unitId);
        }
        return keys.isEmpty() ? QStringList {hqOnly} : keys;
    }
    case TableKind::Inherited:
        break;
    }
    return {hqOnly};
}

bool ScopePolicy::mayRead(const AuthContext &user, const QStringList &scope)
{
    if (user.readsEverything())
        return true;
    return scope.contains(everyone) || (!user.unitId.isEmpty() && scope.contains(user.unitId));
}

bool ScopePolicy::mayWrite(const AuthContext &user, QStringView table, const QStringList &scope,
                           const QVariantMap &values)
{
    if (kind(table) == TableKind::OrgWide) {
        if (user.readsEverything())
            return true;
        // A lead shapes their own unit's process.
        return table == u"stages" && user.role == u"lead"_s && !user.unitId.isEmpty()
            && values.value(u"unit_id"_s).toString() == user.unitId;
    }
    // HQ reads through but writes only organization-wide tables.
    if (user.readsEverything() || user.unitId.isEmpty())
        return false;
    return scope.contains(user.unitId);
}

} // namespace Outpost
