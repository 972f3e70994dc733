#pragma once

#include "deal.h"
#include "result.h"

#include <QCoreApplication>
#include <QList>
#include <QVariantMap>

namespace Outpost {

class LocalStore;

/// One entry of a record's field history: who changed which field when, from what to what.
struct FieldChange
{
    QString field;
    QVariant oldValue;
    QVariant newValue;
    QString changedBy; ///< user id (empty: unknown or system)
    QString changedByName; ///< display name of changedBy
    qint64 changedAt = 0;
    QString origin; ///< local, remote or conflict
};

/// Deals. Every change goes through ChangeWriter; stage and status changes carry their side
/// effects here, so a form edit and a drag on the board do exactly the same thing.
/// Lives on the thread of its LocalStore.
class DealRepository
{
    Q_DECLARE_TR_FUNCTIONS(DealRepository)

public:
    DealRepository(LocalStore &store, QString actorId = {});

    Result<Deal> deal(const QString &id);
    Result<QList<Deal>> dealsForCustomer(const QString &customerId);
    int count();

    /// Creates a deal (a new UUIDv7 id when deal.id is empty); returns its id.
    Result<QString> create(Deal deal);

    /// Changes fields (synced column names). When stage_id changes, stage_entered_at is reset
    /// and the stage's win probability applied; when status changes, closed_at follows and
    /// probability becomes 100 (won), 0 (lost) or the stage's win probability (reopened).
    /// Lost needs a lost_reason; won or reopened clears it.
    Result<void> update(const QString &id, const QVariantMap &fields);
    Result<void> remove(const QString &id);
    Result<void> restore(const QString &id);

    /// The field history of a deal, newest first.
    Result<QList<FieldChange>> history(const QString &id);

    static Result<void> validate(const QVariantMap &fields);

private:
    LocalStore &m_store;
    QString m_actorId;
};

} // namespace Outpost
