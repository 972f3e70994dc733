#pragma once

#include <QIcon>
#include <QString>

class QApplication;

namespace Outpost {

/// The application's look: the Fusion style with a light palette and the Outpost stylesheet,
/// plus access to the icons compiled into outpost_ui. GUI thread only.
class Theme
{
public:
    /// Makes the resources of outpost_ui available (idempotent; a static library's resources
    /// are not registered until something references them).
    static void initResources();
    /// Applies style, palette, stylesheet and window icon to the whole application.
    static void apply(QApplication &application);

    /// An icon from resources/icons by base name, for instance icon(u"customers"_s).
    static QIcon icon(const QString &name);
    static QIcon applicationIcon();
};

} // namespace Outpost
