#pragma once

#include <QString>
#include <QStringList>

namespace Outpost {

/// A pipeline stage of a unit (unitId empty: HQ's template, used by units without their own).
struct Stage
{
    QString id;
    QString unitId;
    QString name;
    int position = 0;
    int winProbability = 0; ///< 0..100, applied to a deal entering the stage
    int rottingDays = 0; ///< 0: never rots
    QStringList requiredFields; ///< deal fields that must be set before entering
};

} // namespace Outpost
