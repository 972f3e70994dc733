#pragma once

#include <QPixmap>
#include <QString>

namespace Outpost {

/// A round avatar with a person's or company's initials, in a colour derived from a stable key
/// (the record id), so the same customer always looks the same. GUI thread only.
class Avatar
{
public:
    /// name: the text the initials come from (the first letter of the first two words; one
    /// character for CJK names). size in device-independent pixels; devicePixelRatio of the
    /// screen the pixmap is shown on.
    static QPixmap pixmap(const QString &name, const QString &key, int size,
                          qreal devicePixelRatio = 1.0);
    static QString initials(const QString &name);
};

} // namespace Outpost
