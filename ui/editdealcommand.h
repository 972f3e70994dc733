#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QUndoCommand>
#include <QVariantMap>

#include <functional>

namespace Outpost {

class LocalStore;

/// One edit of a deal (the fields a form or a drag changed) as an undoable command.
///
/// The first redo() (QUndoStack::push) applies the changes through DealRepository::update, so
/// business side effects (stage entered time, stage probability, closed time) happen exactly
/// as for any other edit. The command remembers the row's values before (read at
/// construction, for the changed fields and their side-effect fields) and after the first
/// apply; undo() and later redo() write those values back through the one write path, so
/// the row returns exactly to either state. Each undo and redo is a new change with its own
/// outbox entry, as replication requires.
///
/// If applying fails (the deal was deleted meanwhile, the store is read-only, ...), nothing
/// is written, the error is kept in lastError() and handed to the failure callback, and the
/// command makes itself obsolete so that QUndoStack drops it and stays consistent. Note that
/// QUndoStack deletes an obsolete command at once: use the callback, not the pointer.
///
/// The store must outlive the command (the window owning the undo stack owns the store).
/// Lives on the thread of its LocalStore.
class EditDealCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(EditDealCommand)

public:
    /// Called after the deal was changed by redo() or undo(), so views can refresh it.
    using AppliedCallback = std::function<void(const QString &dealId)>;
    /// Called when redo() or undo() could not change the deal.
    using FailedCallback = std::function<void(const QString &dealId, const Error &error)>;

    /// changes: synced column names and new values, as for DealRepository::update.
    EditDealCommand(LocalStore &store, const QString &dealId, const QString &actorId,
                    const QVariantMap &changes, AppliedCallback onApplied = {},
                    QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

    void setOnFailed(FailedCallback onFailed) { m_onFailed = std::move(onFailed); }

    QString dealId() const { return m_dealId; }
    /// The changes as requested.
    QVariantMap changes() const { return m_changes; }
    /// The row's values before the edit (changed fields and their side-effect fields).
    QVariantMap before() const { return m_before; }
    /// The row's values after the first apply (empty until then).
    QVariantMap after() const { return m_after; }
    /// The error of the last redo() or undo(); code None if it succeeded.
    const Error &lastError() const { return m_lastError; }

    /// The fields DealRepository::update may change besides changes themselves.
    static QStringList sideEffectFields(const QVariantMap &changes);

private:
    void finish(const Result<void> &outcome);
    QString describe(const QString &title) const;

    LocalStore &m_store;
    QString m_dealId;
    QString m_actorId;
    QVariantMap m_changes;
    QVariantMap m_before;
    QVariantMap m_after;
    QString m_stageName; ///< the target stage's name when the edit moves the deal
    Error m_lastError;
    bool m_applied = false;
    AppliedCallback m_onApplied;
    FailedCallback m_onFailed;
};

} // namespace Outpost
