#include "addactivitycommand.h"

#include "activityrepository.h"
#include "dealrepository.h"
#include "localstore.h"

using namespace Qt::StringLiterals;

namespace Outpost {

AddActivityCommand::AddActivityCommand(LocalStore &store, Activity activity, QString actorId,
                                       QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_store(store)
    , m_activity(std::move(activity))
    , m_actorId(std::move(actorId))
{
    const QString what = m_activity.subject.trimmed().isEmpty()
        ? ActivityRepository::kindLabel(m_activity.kind)
        : m_activity.subject.trimmed();
    //: %1 is the kind of activity (Call, Meeting, Note), %2 its subject
    setText(tr("Add %1 “%2”").arg(ActivityRepository::kindLabel(m_activity.kind).toLower(), what));
}

void AddActivityCommand::redo()
{
    ActivityRepository activities(m_store, m_actorId);
    if (m_applied) {
        finish(activities.restore(m_activity.id));
        return;
    }
    DealRepository deals(m_store);
    const Result<Deal> before = deals.deal(m_activity.dealId);
    if (!before) {
        finish(before.error());
        return;
    }
    const Result<QString> id = activities.create(m_activity);
    if (!id) {
        finish(id.error());
        return;
    }
    m_activity.id = id.value();
    m_applied = true;
    const Result<Deal> after = deals.deal(m_activity.dealId);
    if (after && after->lastActivityAt != before->lastActivityAt)
        m_restoreLastActivityAt = before->lastActivityAt;
    finish({});
}

void AddActivityCommand::undo()
{
    if (!m_applied)
        return;
    finish(ActivityRepository(m_store, m_actorId).remove(m_activity.id, m_restoreLastActivityAt));
}

void AddActivityCommand::finish(const Result<void> &outcome)
{
    if (outcome) {
        m_lastError = {};
        return;
    }
    m_lastError = outcome.error();
    setObsolete(true);
    if (m_onFailed)
        m_onFailed(m_lastError);
}

} // namespace Outpost
