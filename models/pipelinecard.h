#pragma once

#include <QtGlobal>

namespace Outpost {

/// One deal as the pipeline board keeps it in memory: about a hundred bytes, numbers and small
/// indices only, so that a board of a million deals stays compact. Texts live in the
/// PipelineDataset (the title in its text arena, names in its lookup tables). Times are UTC
/// milliseconds; 0 means "not set".
struct PipelineCard
{
    qint64 rowId = 0; ///< deals.rowid: stable for the life of the row, the key of the board
    qint64 amountMinor = 0;
    qint64 expectedClose = 0;
    qint64 stageEnteredAt = 0;
    qint64 updatedAt = 0;
    qint64 lastActivityAt = 0;
    qint64 closedAt = 0;
    qint64 nextActivityAt = 0; ///< due time of the earliest open activity
    quint32 titleOffset = 0; ///< the title in PipelineDataset::text()
    quint32 titleLength = 0;
    qint32 customer = -1; ///< customers.rowid, -1: none
    qint32 owner = -1; ///< users.rowid, -1: none
    qint32 unit = -1; ///< units.rowid, -1: none
    qint32 stage = -1; ///< stages.rowid, -1: none
    qint32 product = -1; ///< products.rowid, -1: none
    quint8 currency = 0; ///< index into PipelineDataset::currencies()
    quint8 region = 0; ///< index into PipelineDataset::regions()
    quint8 status = 0; ///< Deal::Status
    quint8 probability = 0; ///< 0..100
    qint8 nextActivityKind = -1; ///< index into PipelineDataset::activityKinds(), -1: none
    bool removed = false; ///< deleted (or moved out of scope) since the board loaded
};

} // namespace Outpost
