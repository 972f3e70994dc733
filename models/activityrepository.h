#pragma once

#include "activity.h"
#include "result.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

namespace Outpost {

class LocalStore;

/// Activities (calls, meetings, e-mails, tasks, notes) of deals. Every change goes through
/// ChangeWriter. Recording done work also moves the deal's last_activity_at forward (through
/// DealRepository, in the same transaction), which keeps the deal from rotting.
/// Lives on the thread of its LocalStore.
class ActivityRepository
{
    Q_DECLARE_TR_FUNCTIONS(ActivityRepository)

public:
    /// actorId: the user making changes, recorded in the field history.
    ActivityRepository(LocalStore &store, QString actorId = {});

    /// The live activities of a deal: planned ones first (soonest due first), then done ones
    /// (most recent first).
    Result<QList<Activity>> activitiesForDeal(const QString &dealId);
    Result<Activity> activity(const QString &id);

    /// Records an activity (a new UUIDv7 id when activity.id is empty; customerId defaults to
    /// the deal's) and returns its id.
    Result<QString> create(Activity activity);
    /// Deletes an activity (a recoverable tombstone) and restores the deal's last activity time
    /// to dealLastActivityAt when given (>= 0).
    Result<void> remove(const QString &id, qint64 dealLastActivityAt = -1);
    /// Recovers a deleted activity and moves the deal's last activity time as create() does.
    Result<void> restore(const QString &id);

    /// The stored kinds in their display order.
    static QStringList kinds();
    /// The translated name of a kind ("call" -> "Call").
    static QString kindLabel(const QString &kind);
    static Result<void> validate(const Activity &activity);

    static constexpr int maxSubjectLength = 200;
    static constexpr int maxNotesLength = 20000;

private:
    Result<void> touchDeal(const QString &dealId, qint64 doneAt);

    LocalStore &m_store;
    QString m_actorId;
};

} // namespace Outpost
