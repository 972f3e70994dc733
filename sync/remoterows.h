#pragma once

#include "protocol.h"
#include "syncstore.h"

namespace Outpost {

/// models/ cannot see the protocol structs (it sits below sync/), so SyncStore has plain types
/// of its own; these convert the pulled rows. Used by the Replicator and by the server when it
/// builds snapshots (a store filled the way a laptop fills its own).
SyncStore::RemoteRow toRemoteRow(const Protocol::RowState &state);
SyncStore::PullPage toPullPage(const Protocol::PullResponse &response);

} // namespace Outpost
