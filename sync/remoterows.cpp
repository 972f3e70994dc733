#include "remoterows.h"

namespace Outpost {

SyncStore::RemoteRow toRemoteRow(const Protocol::RowState &state)
{
    return {state.seq,   state.table,  state.rowId,   state.deleted,
            state.purge, state.fields, state.versions};
}

SyncStore::PullPage toPullPage(const Protocol::PullResponse &response)
{
    SyncStore::PullPage page {
        response.epoch, response.cursor, response.hasMore, response.resetRequired, {}};
    page.rows.reserve(response.changes.size());
    for (const Protocol::RowState &row : response.changes)
        page.rows.append(toRemoteRow(row));
    return page;
}

} // namespace Outpost
