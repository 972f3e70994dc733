#pragma once

#include "result.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QVariantMap>

class QUndoStack;
class QWidget;

namespace Outpost {

class LocalStore;
class PipelineBoardModel;

/// Turns moves on the board into edits: a drop (or a keyboard command) of deals on a stage,
/// Won or Lost becomes ONE undoable command on the window's undo stack, made of one
/// EditDealCommand per deal, so it has exactly the side effects of changing the stage (or the
/// status) in the deal dialog: DealRepository::update resets the stage entered time, applies
/// the stage's probability, records the history and writes the outbox.
///
/// Before anything is committed it asks, per deal, for the fields the target stage requires
/// and the deal lacks (StageGateDialog over StageGate::missingRequiredFields), and once for
/// the reason when deals are marked lost; cancelling any of these leaves every deal where it
/// was. Closed deals moved to a stage are reopened there. GUI thread only.
class PipelineMover : public QObject
{
    Q_OBJECT

public:
    PipelineMover(LocalStore &store, QUndoStack *undoStack, QString actorId,
                  PipelineBoardModel *board, QWidget *dialogParent);

    /// Moves the deals rowIds to board row row (a stage column, wonRow() or lostRow()).
    /// Returns true if a command was pushed.
    bool move(const QList<qint64> &rowIds, int row);
    /// Moves open deals one stage on (delta 1) or back (-1) within their unit's stages.
    bool moveBy(const QList<qint64> &rowIds, int delta);
    /// Reopens closed deals in their stage.
    bool reopen(const QList<qint64> &rowIds);

    /// The user whose edits these are (recorded in the field history).
    void setActorId(const QString &actorId) { m_actorId = actorId; }

    /// How long the last committed move took from the request to the committed edit
    /// (milliseconds, without the time the user spent in dialogs).
    double lastCommitMs() const { return m_lastCommitMs; }

Q_SIGNALS:
    /// A move could not be made (the message is translated, for the user).
    void failed(const QString &message);

private:
    struct Edit
    {
        QString dealId;
        QString title;
        QVariantMap changes;
    };
    bool commit(QList<Edit> edits, const QString &text);

    LocalStore &m_store;
    QPointer<QUndoStack> m_undoStack;
    QString m_actorId;
    PipelineBoardModel *m_board;
    QPointer<QWidget> m_dialogParent;
    double m_lastCommitMs = 0;
};

} // namespace Outpost
