#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QStringList>

namespace Outpost {

class LocalStore;

/// Which units' deals a user's pipeline board shows (what the user may see; the server
/// enforces the same when it decides what reaches the laptop). HQ and administrators see every
/// unit and pick units with a filter; a unit lead sees their unit and the units under it; anyone
/// else sees their own unit's pipeline. Lives on the thread of its LocalStore.
class PipelineScope
{
    Q_DECLARE_TR_FUNCTIONS(PipelineScope)

public:
    /// The unit ids userId sees; empty means every unit (HQ, administrators, or no user signed
    /// in on a local profile).
    static Result<QStringList> visibleUnitIds(LocalStore &store, const QString &userId);
    /// True for roles that see every unit.
    static bool seesAllUnits(const QString &role);
};

} // namespace Outpost
