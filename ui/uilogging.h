#pragma once

#include <QLoggingCategory>

namespace Outpost {
/// The desktop UI's category, outpost.ui (sign-in, keychain, live refreshes).
Q_DECLARE_LOGGING_CATEGORY(lcUi)
} // namespace Outpost
