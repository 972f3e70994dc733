#include "organizationrepository.h"

#include "localstore.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString unitColumns = u"id, name, coalesce(parent_id, ''), region, currency, "
                            u"budget_limit_minor, is_hq FROM units"_s;
const QString userColumns = u"id, name, email, role, coalesce(unit_id, ''), active FROM users"_s;
const QString currentUserKey = u"current_user_id"_s;

Unit unitFrom(const QSqlQuery &q)
{
    return Unit {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                 q.value(3).toString(), q.value(4).toString(), q.value(5).toLongLong(),
                 q.value(6).toBool()};
}

User userFrom(const QSqlQuery &q)
{
    return User {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                 q.value(3).toString(), q.value(4).toString(), q.value(5).toBool()};
}

} // namespace

OrganizationRepository::OrganizationRepository(LocalStore &store)
    : m_store(store)
{ }

Result<QList<Unit>> OrganizationRepository::units()
{
    QSqlQuery &q = m_store.prepared(u"SELECT "_s + unitColumns
                                    + u" WHERE deleted = 0 ORDER BY is_hq DESC, name"_s);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<Unit> list;
    while (q.next())
        list.append(unitFrom(q));
    return list;
}

Result<Unit> OrganizationRepository::unit(const QString &id)
{
    QSqlQuery &q = m_store.prepared(u"SELECT "_s + unitColumns + u" WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return Error {ErrorCode::NotFound, tr("The unit does not exist.")};
    return unitFrom(q);
}

Result<QList<User>> OrganizationRepository::users()
{
    QSqlQuery &q
        = m_store.prepared(u"SELECT "_s + userColumns + u" WHERE deleted = 0 ORDER BY name"_s);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<User> list;
    while (q.next())
        list.append(userFrom(q));
    return list;
}

Result<User> OrganizationRepository::user(const QString &id)
{
    QSqlQuery &q = m_store.prepared(u"SELECT "_s + userColumns + u" WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return Error {ErrorCode::NotFound, tr("The user does not exist.")};
    return userFrom(q);
}

QString OrganizationRepository::currentUserId()
{
    return m_store.localSetting(currentUserKey);
}

Result<void> OrganizationRepository::setCurrentUserId(const QString &userId)
{
    return m_store.setLocalSetting(currentUserKey, userId);
}

} // namespace Outpost
