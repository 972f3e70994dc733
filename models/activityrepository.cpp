#include "activityrepository.h"

#include "changewriter.h"
#include "dealrepository.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString activitiesTable = u"activities"_s;

const QString activitySelect
    = u"SELECT a.id, coalesce(a.deal_id, ''), coalesce(a.customer_id, ''), "
      u"coalesce(a.user_id, ''), coalesce(u.name, ''), a.kind, a.subject, coalesce(a.due_at, 0), "
      u"coalesce(a.done_at, 0), a.notes, a.created_at, a.updated_at FROM activities a "
      u"LEFT JOIN users u ON u.id = a.user_id "_s;

Activity activityFrom(const QSqlQuery &q)
{
    Activity a;
    a.id = q.value(0).toString();
    a.dealId = q.value(1).toString();
    a.customerId = q.value(2).toString();
    a.userId = q.value(3).toString();
    a.userName = q.value(4).toString();
    a.kind = q.value(5).toString();
    a.subject = q.value(6).toString();
    a.dueAt = q.value(7).toLongLong();
    a.doneAt = q.value(8).toLongLong();
    a.notes = q.value(9).toString();
    a.createdAt = q.value(10).toLongLong();
    a.updatedAt = q.value(11).toLongLong();
    return a;
}

QVariant optional(const QString &id)
{
    return id.isEmpty() ? QVariant() : QVariant(id);
}

QVariant optionalTime(qint64 ms)
{
    return ms == 0 ? QVariant() : QVariant(ms);
}

} // namespace

ActivityRepository::ActivityRepository(LocalStore &store, QString actorId)
    : m_store(store)
    , m_actorId(std::move(actorId))
{ }

QStringList ActivityRepository::kinds()
{
    return {u"call"_s, u"meeting"_s, u"email"_s, u"task"_s, u"note"_s};
}

QString ActivityRepository::kindLabel(const QString &kind)
{
    if (kind == u"call"_s)
        return tr("Call");
    if (kind == u"meeting"_s)
        return tr("Meeting");
    if (kind == u"email"_s)
        return tr("E-mail");
    if (kind == u"task"_s)
        return tr("Task");
    if (kind == u"note"_s)
        return tr("Note");
    return kind;
}

Result<void> ActivityRepository::validate(const Activity &activity)
{
    const auto invalid = [](const QString &message) {
        return Error {ErrorCode::InvalidArgument, message};
    };
    if (!kinds().contains(activity.kind))
        return invalid(tr("\"%1\" is not a kind of activity.").arg(activity.kind));
    if (activity.dealId.isEmpty())
        return invalid(tr("An activity belongs to a deal."));
    const QString subject = activity.subject.trimmed();
    if (subject.isEmpty() && activity.notes.trimmed().isEmpty())
        return invalid(tr("Enter a subject or a note."));
    if (subject.size() > maxSubjectLength) {
        return invalid(
            tr("The subject is too long (at most %1 characters).").arg(maxSubjectLength));
    }
    if (activity.notes.size() > maxNotesLength)
        return invalid(tr("The notes are too long (at most %1 characters).").arg(maxNotesLength));
    if (activity.dueAt == 0 && activity.doneAt == 0)
        return invalid(tr("An activity is either done or due at a time."));
    if (activity.dueAt < 0 || activity.doneAt < 0)
        return invalid(tr("The time of the activity is not valid."));
    return {};
}

Result<QList<Activity>> ActivityRepository::activitiesForDeal(const QString &dealId)
{
    QSqlQuery &q = m_store.prepared(
        activitySelect
        + u"WHERE a.deal_id = ? AND a.deleted = 0 ORDER BY a.done_at IS NOT NULL, "
          u"CASE WHEN a.done_at IS NULL THEN a.due_at END, a.done_at DESC, a.created_at DESC"_s);
    q.addBindValue(dealId);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<Activity> list;
    while (q.next())
        list.append(activityFrom(q));
    return list;
}

Result<Activity> ActivityRepository::activity(const QString &id)
{
    QSqlQuery &q = m_store.prepared(activitySelect + u"WHERE a.id = ? AND a.deleted = 0"_s);
    q.addBindValue(id);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return Error {ErrorCode::NotFound, tr("The activity does not exist.")};
    Activity a = activityFrom(q);
    q.finish();
    return a;
}

Result<void> ActivityRepository::touchDeal(const QString &dealId, qint64 doneAt)
{
    if (doneAt == 0)
        return {};
    DealRepository deals(m_store, m_actorId);
    const Result<Deal> deal = deals.deal(dealId);
    if (!deal)
        return deal.error();
    if (deal->lastActivityAt >= doneAt)
        return {};
    return deals.update(dealId, {{u"last_activity_at"_s, doneAt}});
}

Result<QString> ActivityRepository::create(Activity activity)
{
    activity.subject = activity.subject.trimmed();
    if (Result<void> valid = validate(activity); !valid)
        return valid.error();
    if (activity.id.isEmpty())
        activity.id = UuidV7::generate();
    if (activity.userId.isEmpty())
        activity.userId = m_actorId;
    Result<void> done = m_store.transaction([&]() -> Result<void> {
        const Result<Deal> deal = DealRepository(m_store).deal(activity.dealId);
        if (!deal)
            return deal.error();
        if (activity.customerId.isEmpty())
            activity.customerId = deal->customerId;
        ChangeWriter writer(m_store, m_actorId);
        const Result<void> inserted
            = writer.insert(activitiesTable, activity.id,
                            {{u"deal_id"_s, activity.dealId},
                             {u"customer_id"_s, optional(activity.customerId)},
                             {u"user_id"_s, optional(activity.userId)},
                             {u"kind"_s, activity.kind},
                             {u"subject"_s, activity.subject},
                             {u"due_at"_s, optionalTime(activity.dueAt)},
                             {u"done_at"_s, optionalTime(activity.doneAt)},
                             {u"notes"_s, activity.notes}});
        if (!inserted)
            return inserted;
        return touchDeal(activity.dealId, activity.doneAt);
    });
    if (!done)
        return done.error();
    return activity.id;
}

Result<void> ActivityRepository::remove(const QString &id, qint64 dealLastActivityAt)
{
    return m_store.transaction([&]() -> Result<void> {
        const Result<Activity> current = activity(id);
        if (!current)
            return current.error();
        ChangeWriter writer(m_store, m_actorId);
        if (Result<void> removed = writer.remove(activitiesTable, id); !removed)
            return removed;
        if (dealLastActivityAt < 0)
            return {};
        return DealRepository(m_store, m_actorId)
            .update(current->dealId, {{u"last_activity_at"_s, optionalTime(dealLastActivityAt)}});
    });
}

Result<void> ActivityRepository::restore(const QString &id)
{
    return m_store.transaction([&]() -> Result<void> {
        ChangeWriter writer(m_store, m_actorId);
        if (Result<void> restored = writer.restore(activitiesTable, id); !restored)
            return restored;
        const Result<Activity> current = activity(id);
        if (!current)
            return current.error();
        return touchDeal(current->dealId, current->doneAt);
    });
}

} // namespace Outpost
