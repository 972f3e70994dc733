#include "avatar.h"

#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPainter>
#include <QStringList>

#include <array>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// Muted colours that carry white text well.
constexpr std::array<QRgb, 8> palette {0xff3b6fd8, 0xff0e9f8e, 0xff8a5cd1, 0xffd9822b,
                                       0xffc2415d, 0xff2f8fbf, 0xff5b7a2e, 0xff6b6fd8};

bool isCjk(QChar character)
{
    const char16_t code = character.unicode();
    return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

} // namespace

QString Avatar::initials(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return u"?"_s;
    if (isCjk(trimmed.at(0)))
        return trimmed.left(1);
    QString letters;
    const QStringList words = trimmed.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (letters.size() == 2)
            break;
        if (word.at(0).isLetterOrNumber())
            letters.append(word.at(0).toUpper());
    }
    return letters.isEmpty() ? trimmed.left(1).toUpper() : letters;
}

QPixmap Avatar::pixmap(const QString &name, const QString &key, int size, qreal devicePixelRatio)
{
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor::fromRgb(palette.at(qHash(key) % palette.size())));
    painter.drawEllipse(QRectF(0, 0, size, size));
    QFont font = QGuiApplication::font();
    font.setPixelSize(size * 2 / 5);
    font.setWeight(QFont::DemiBold);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, initials(name));
    return pixmap;
}

} // namespace Outpost
