#include "logging.h"

namespace Outpost {
Q_LOGGING_CATEGORY(lcStore, "outpost.store")
} // namespace Outpost
