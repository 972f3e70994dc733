#include "logging.h"

namespace Outpost {
Q_LOGGING_CATEGORY(lcSyncProtocol, "outpost.sync.protocol")
} // namespace Outpost
