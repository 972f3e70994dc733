#include "logging.h"

namespace Outpost {
Q_LOGGING_CATEGORY(lcServer, "outpost.server")
} // namespace Outpost
