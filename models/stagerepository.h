#pragma once

#include "result.h"
#include "stage.h"

#include <QCoreApplication>
#include <QList>

namespace Outpost {

class LocalStore;

/// Pipeline stages. A unit uses its own stages, or HQ's template when it has none.
/// Lives on the thread of its LocalStore.
class StageRepository
{
    Q_DECLARE_TR_FUNCTIONS(StageRepository)

public:
    explicit StageRepository(LocalStore &store);

    /// The stages of unitId in board order (HQ's template if the unit has none of its own).
    Result<QList<Stage>> stagesForUnit(const QString &unitId);
    Result<Stage> stage(const QString &id);

private:
    LocalStore &m_store;
};

} // namespace Outpost
