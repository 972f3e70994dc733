#pragma once

#include "deal.h"
#include "stage.h"

#include <QCoreApplication>
#include <QStringList>
#include <QVariantMap>

namespace Outpost {

/// The entry check of a pipeline stage: the fields a stage requires must be set on a deal
/// before it may enter. Shared by the deal dialog and the board's stage-gate dialog, so both
/// refuse the same moves. Pure functions; any thread.
class StageGate
{
    Q_DECLARE_TR_FUNCTIONS(StageGate)

public:
    /// The deals columns of stage.requiredFields that would still be empty once changes
    /// (synced column names, as given to DealRepository::update) are applied to deal, in the
    /// stage's order, without duplicates. Aliases such as "amount" are resolved
    /// (DealField::column); names that mean no deal column are ignored, since no form could
    /// ever fill them in and they would lock the stage.
    static QStringList missingRequiredFields(const Deal &deal, const Stage &stage,
                                             const QVariantMap &changes);

    /// True if value counts as "not filled in" for column: null, blank text, or zero for the
    /// amount and for times (0 means "not set" for them).
    static bool isEmpty(const QString &column, const QVariant &value);

    /// A translated message naming the missing fields, e.g. "Before the deal can enter
    /// “Proposal”, fill in: Amount, Expected close date."
    static QString message(const Stage &stage, const QStringList &missingColumns);
};

} // namespace Outpost
