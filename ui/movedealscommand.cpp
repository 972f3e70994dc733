#include "movedealscommand.h"

namespace Outpost {

MoveDealsCommand::MoveDealsCommand(const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
{ }

void MoveDealsCommand::redo()
{
    QUndoCommand::redo();
    checkObsolete();
}

void MoveDealsCommand::undo()
{
    QUndoCommand::undo();
    checkObsolete();
}

void MoveDealsCommand::checkObsolete()
{
    for (int i = 0; i < childCount(); ++i) {
        if (!child(i)->isObsolete())
            return;
    }
    setObsolete(true);
}

} // namespace Outpost
