#pragma once

#include <QLoggingCategory>

namespace Outpost {
/// The client replicator's categories: outpost.sync (the sync cycle, the store side) and
/// outpost.sync.net (HTTP and WebSocket traffic). The codec logs to outpost.sync.protocol.
Q_DECLARE_LOGGING_CATEGORY(lcSync)
Q_DECLARE_LOGGING_CATEGORY(lcSyncNet)
} // namespace Outpost
