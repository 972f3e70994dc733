#pragma once

#include <QUndoCommand>

namespace Outpost {

/// Groups the EditDealCommands of a move of several deals into one undo step ("Move 3 deals
/// to Proposal"). The children do the work; the group makes itself obsolete when none of them
/// could be applied, so QUndoStack drops it instead of keeping a step that does nothing.
class MoveDealsCommand : public QUndoCommand
{
public:
    explicit MoveDealsCommand(const QString &text, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    void checkObsolete();
};

} // namespace Outpost
