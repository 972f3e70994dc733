#include "uilogging.h"

namespace Outpost {
Q_LOGGING_CATEGORY(lcUi, "outpost.ui")
} // namespace Outpost
