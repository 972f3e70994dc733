#pragma once

#include <QLoggingCategory>

namespace Outpost {
/// The server library's category: outpost.server.
Q_DECLARE_LOGGING_CATEGORY(lcServer)
} // namespace Outpost
