#include "theme.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE must be used outside any namespace.
static void initOutpostResources()
{
    Q_INIT_RESOURCE(outpost);
}

namespace Outpost {

void Theme::initResources()
{
    static const bool initialized = [] {
        initOutpostResources();
        return true;
    }();
    Q_UNUSED(initialized);
}

void Theme::apply(QApplication &application)
{
    initResources();
    if (QStyle *fusion = QStyleFactory::create(u"Fusion"_s))
        QApplication::setStyle(fusion);

    QPalette palette = QApplication::style()->standardPalette();
    palette.setColor(QPalette::Window, QColor(0xf7, 0xf8, 0xfa));
    palette.setColor(QPalette::WindowText, QColor(0x1f, 0x27, 0x33));
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf8, 0xfb));
    palette.setColor(QPalette::Text, QColor(0x1f, 0x27, 0x33));
    palette.setColor(QPalette::Button, QColor(0xf3, 0xf5, 0xf8));
    palette.setColor(QPalette::ButtonText, QColor(0x1f, 0x27, 0x33));
    palette.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xe4));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x1f, 0x5f, 0xd1));
    palette.setColor(QPalette::ToolTipBase, QColor(0x1f, 0x27, 0x33));
    palette.setColor(QPalette::ToolTipText, Qt::white);
    palette.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x93, 0xa3));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x9a, 0xa1, 0xad));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x9a, 0xa1, 0xad));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x9a, 0xa1, 0xad));
    QApplication::setPalette(palette);

    QFile styleSheet(u":/styles/light.qss"_s);
    if (styleSheet.open(QIODevice::ReadOnly | QIODevice::Text))
        application.setStyleSheet(QString::fromUtf8(styleSheet.readAll()));
    QApplication::setWindowIcon(applicationIcon());
}

QIcon Theme::icon(const QString &name)
{
    initResources();
    return QIcon(u":/icons/"_s + name + u".svg"_s);
}

QIcon Theme::applicationIcon()
{
    return icon(u"outpost"_s);
}

} // namespace Outpost
