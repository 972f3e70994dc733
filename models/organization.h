#pragma once

#include <QString>

namespace Outpost {

/// A sales unit: a small team that owns its pipeline and budget up to a limit. HQ is a unit too.
struct Unit
{
    QString id;
    QString name;
    QString parentId;
    QString region;
    QString currency = QStringLiteral("CNY");
    qint64 budgetLimitMinor = 0;
    bool isHq = false;
};

/// A person who signs in. role is one of rep, lead, hq, admin, csm, delivery, strategist.
struct User
{
    QString id;
    QString name;
    QString email;
    QString role;
    QString unitId;
    bool active = true;
};

} // namespace Outpost
