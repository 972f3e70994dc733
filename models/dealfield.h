#pragma once

#include <QCoreApplication>
#include <QString>

namespace Outpost {

/// Human names for the synced columns of a deal, for history lists, error messages and
/// stage gates ("Stage", not "stage_id"). Translated at call time, so callers re-ask after a
/// language change. Any thread.
class DealField
{
    Q_DECLARE_TR_FUNCTIONS(DealField)

public:
    /// The translated label of a deals column ("stage_id" -> "Stage"); unknown names unchanged.
    static QString label(const QString &column);
    /// The translated label of a status name ("open", "won", "lost").
    static QString statusLabel(const QString &status);
    /// The synced column a stage's required field means: the column itself or a short alias
    /// ("amount" -> "amount_minor", "owner" -> "owner_id"); empty if it names no deal column.
    static QString column(const QString &name);
};

} // namespace Outpost
