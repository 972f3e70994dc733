#include "pipelinescope.h"

#include "organizationrepository.h"

using namespace Qt::StringLiterals;

namespace Outpost {

bool PipelineScope::seesAllUnits(const QString &role)
{
    return role == u"hq"_s || role == u"admin"_s;
}

Result<QStringList> PipelineScope::visibleUnitIds(LocalStore &store, const QString &userId)
{
    if (userId.isEmpty())
        return QStringList();
    OrganizationRepository organization(store);
    const Result<User> user = organization.user(userId);
    if (!user)
        return user.error();
    if (seesAllUnits(user->role))
        return QStringList();
    if (user->unitId.isEmpty())
        return Error {ErrorCode::NotFound,
                      tr("%1 belongs to no unit, so no pipeline can be shown.").arg(user->name)};
    QStringList units {user->unitId};
    if (user->role != u"lead"_s)
        return units;
    // A lead also sees the units under theirs, at any depth.
    const Result<QList<Unit>> all = organization.units();
    if (!all)
        return all.error();
    for (bool grew = true; grew;) {
        grew = false;
        for (const Unit &unit : all.value()) {
            if (!units.contains(unit.id) && units.contains(unit.parentId)) {
                units.append(unit.id);
                grew = true;
            }
        }
    }
    return units;
}

} // namespace Outpost
