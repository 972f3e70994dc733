#pragma once

#include "activity.h"
#include "result.h"

#include <QCoreApplication>
#include <QUndoCommand>

#include <functional>

namespace Outpost {

class LocalStore;

/// Adding an activity (a call, meeting or note) to a deal, as an undoable command. The first
/// redo() records it through ActivityRepository (one write path; done work also moves the
/// deal's last activity time, which keeps it from rotting); undo() deletes it again as a
/// tombstone and puts the deal's last activity time back; a later redo() recovers it. Each
/// step is a change of its own with its own outbox entry. A step that fails makes the command
/// obsolete (QUndoStack drops it) and keeps the error in lastError().
/// The store must outlive the command. Lives on the thread of its LocalStore.
class AddActivityCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(AddActivityCommand)

public:
    AddActivityCommand(LocalStore &store, Activity activity, QString actorId,
                       QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

    QString dealId() const { return m_activity.dealId; }
    /// The activity's id (set by the first redo()).
    QString activityId() const { return m_activity.id; }
    const Error &lastError() const { return m_lastError; }
    /// Called when redo() or undo() fails (QUndoStack may delete the command right after).
    void setOnFailed(std::function<void(const Error &error)> onFailed)
    {
        m_onFailed = std::move(onFailed);
    }

private:
    void finish(const Result<void> &outcome);

    LocalStore &m_store;
    Activity m_activity;
    QString m_actorId;
    qint64 m_restoreLastActivityAt = -1; ///< the deal's value before, if the add changed it
    bool m_applied = false;
    Error m_lastError;
    std::function<void(const Error &error)> m_onFailed;
};

} // namespace Outpost
