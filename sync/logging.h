#pragma once

#include <QLoggingCategory>

namespace Outpost {
/// The sync library's category: outpost.sync.protocol.
Q_DECLARE_LOGGING_CATEGORY(lcSyncProtocol)
} // namespace Outpost
