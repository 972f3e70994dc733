#pragma once

#include <QLoggingCategory>

namespace Outpost {
Q_DECLARE_LOGGING_CATEGORY(lcStore)
} // namespace Outpost
