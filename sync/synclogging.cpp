#include "synclogging.h"

namespace Outpost {
Q_LOGGING_CATEGORY(lcSync, "outpost.sync")
Q_LOGGING_CATEGORY(lcSyncNet, "outpost.sync.net")
} // namespace Outpost
