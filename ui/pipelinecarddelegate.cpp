#include "pipelinecarddelegate.h"

#include "deal.h"
#include "pipelinecolumnmodel.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using Role = PipelineColumnModel::Role;

constexpr int cardMarginX = 8;
constexpr int cardMarginY = 4;
constexpr int paddingX = 11;
constexpr int paddingY = 9;
constexpr int lineGap = 3;
constexpr int sectionGap = 7;
constexpr qreal radius = 7.0;

namespace Color {
const QColor card(0xff, 0xff, 0xff);
const QColor cardBorder(0xdd, 0xe2, 0xea);
const QColor cardHoverBorder(0xb9, 0xc3, 0xd2);
const QColor selectedBorder(0x2f, 0x6f, 0xe4);
const QColor selectedFill(0xf3, 0xf7, 0xff);
const QColor title(0x17, 0x1f, 0x2b);
const QColor muted(0x5f, 0x6b, 0x7b);
const QColor faint(0x8a, 0x94, 0xa3);
const QColor rotting(0xd9, 0x3b, 0x2b);
const QColor rottingFill(0xff, 0xf5, 0xf3);
const QColor rottingBadge(0xfd, 0xe3, 0xdf);
const QColor overdue(0xc7, 0x2e, 0x1f);
const QColor today(0x13, 0x80, 0x4a);
const QColor warning(0xb4, 0x6a, 0x00);
const QColor won(0x16, 0x7a, 0x3e);
const QColor wonFill(0xe3, 0xf4, 0xea);
const QColor lost(0xb4, 0x23, 0x18);
const QColor lostFill(0xfd, 0xec, 0xea);
} // namespace Color

struct Fonts
{
    QFont title;
    QFont body;
    QFont amount;
    QFont small;
    QFont smallBold;
};

Fonts fontsFor(const QFont &base)
{
    Fonts fonts;
    fonts.body = base;
    fonts.title = base;
    fonts.title.setWeight(QFont::DemiBold);
    fonts.amount = base;
    fonts.amount.setWeight(QFont::DemiBold);
    fonts.small = base;
    fonts.small.setPointSizeF(base.pointSizeF() * 0.9);
    fonts.smallBold = fonts.small;
    fonts.smallBold.setWeight(QFont::DemiBold);
    return fonts;
}

QDate localDate(qint64 utcMs)
{
    return QDateTime::fromMSecsSinceEpoch(utcMs).toLocalTime().date();
}

// A short date for the card: "12 Dec" (or the translator's format, "12月12日").
QString cardDate(qint64 utcMs)
{
    const QDate date = localDate(utcMs);
    const QDate today = QDate::currentDate();
    const QString format = date.year() == today.year()
        ? PipelineCardDelegate::tr("d MMM", "short date on a card, this year")
        : PipelineCardDelegate::tr("d MMM yyyy", "short date on a card, another year");
    return QLocale().toString(date, format);
}

} // namespace

void PipelineCardDelegate::drawGlyph(QPainter *painter, const QRectF &box, const QString &name,
                                     const QColor &color)
{
    painter->save();
    QPen pen(color, 1.3);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    const QRectF r = box.adjusted(1.5, 1.5, -1.5, -1.5);
    if (name == u"calendar"_s) {
        painter->drawRoundedRect(r.adjusted(0, 1, 0, 0), 1.5, 1.5);
        painter->drawLine(QPointF(r.left(), r.top() + r.height() * 0.38),
                          QPointF(r.right(), r.top() + r.height() * 0.38));
        painter->drawLine(QPointF(r.left() + r.width() * 0.3, r.top()),
                          QPointF(r.left() + r.width() * 0.3, r.top() + 2));
        painter->drawLine(QPointF(r.right() - r.width() * 0.3, r.top()),
                          QPointF(r.right() - r.width() * 0.3, r.top() + 2));
    } else if (name == u"clock"_s) {
        painter->drawEllipse(r);
        const QPointF c = r.center();
        painter->drawLine(c, QPointF(c.x(), r.top() + r.height() * 0.22));
        painter->drawLine(c, QPointF(r.right() - r.width() * 0.25, c.y()));
    } else if (name == u"call"_s) {
        QPainterPath path;
        path.moveTo(r.left() + r.width() * 0.15, r.top());
        path.lineTo(r.left() + r.width() * 0.38, r.top() + r.height() * 0.25);
        path.lineTo(r.left() + r.width() * 0.28, r.top() + r.height() * 0.42);
        path.quadTo(r.left() + r.width() * 0.45, r.top() + r.height() * 0.62,
                    r.left() + r.width() * 0.6, r.top() + r.height() * 0.72);
        path.lineTo(r.left() + r.width() * 0.76, r.top() + r.height() * 0.62);
        path.lineTo(r.right(), r.bottom() - r.height() * 0.12);
        path.lineTo(r.right() - r.width() * 0.15, r.bottom());
        path.quadTo(r.left(), r.bottom() - r.height() * 0.2, r.left(), r.top() + r.height() * 0.12);
        path.closeSubpath();
        painter->drawPath(path);
    } else if (name == u"meeting"_s) {
        painter->drawEllipse(
            QRectF(r.left() + r.width() * 0.1, r.top(), r.width() * 0.4, r.height() * 0.4));
        painter->drawArc(
            QRectF(r.left(), r.top() + r.height() * 0.5, r.width() * 0.6, r.height() * 0.9), 0,
            180 * 16);
        painter->drawEllipse(QRectF(r.left() + r.width() * 0.55, r.top() + r.height() * 0.1,
                                    r.width() * 0.32, r.height() * 0.32));
        painter->drawArc(QRectF(r.left() + r.width() * 0.48, r.top() + r.height() * 0.52,
                                r.width() * 0.52, r.height() * 0.8),
                         0, 180 * 16);
    } else if (name == u"email"_s) {
        painter->drawRect(r.adjusted(0, r.height() * 0.15, 0, -r.height() * 0.15));
        painter->drawPolyline(QList<QPointF> {{r.left(), r.top() + r.height() * 0.15},
                                              {r.center().x(), r.center().y() + 1},
                                              {r.right(), r.top() + r.height() * 0.15}});
    } else if (name == u"task"_s) {
        painter->drawRoundedRect(r, 1.5, 1.5);
        painter->drawPolyline(QList<QPointF> {{r.left() + r.width() * 0.25, r.center().y()},
                                              {r.left() + r.width() * 0.45, r.bottom() - 2.5},
                                              {r.right() - r.width() * 0.2, r.top() + 2.5}});
    } else if (name == u"warning"_s) {
        QPolygonF triangle {
            {r.center().x(), r.top()}, {r.right(), r.bottom()}, {r.left(), r.bottom()}};
        painter->drawPolygon(triangle);
        painter->drawLine(QPointF(r.center().x(), r.top() + r.height() * 0.38),
                          QPointF(r.center().x(), r.top() + r.height() * 0.65));
        painter->drawPoint(QPointF(r.center().x(), r.bottom() - r.height() * 0.15));
    } else { // note
        painter->drawRect(r.adjusted(r.width() * 0.1, 0, -r.width() * 0.1, 0));
        for (qreal y : {0.3, 0.5, 0.7}) {
            painter->drawLine(QPointF(r.left() + r.width() * 0.3, r.top() + r.height() * y),
                              QPointF(r.right() - r.width() * 0.3, r.top() + r.height() * y));
        }
    }
    painter->restore();
}

namespace {

// A rounded badge with text; returns its width.
int drawBadge(QPainter *painter, const QRect &line, int right, const QString &text,
              const QFont &font, const QColor &foreground, const QColor &background)
{
    const QFontMetrics metrics(font);
    const int width = metrics.horizontalAdvance(text) + 12;
    const QRect badge(right - width, line.top(), width, line.height());
    QPainterPath path;
    path.addRoundedRect(QRectF(badge), badge.height() / 2.0, badge.height() / 2.0);
    painter->fillPath(path, background);
    painter->setFont(font);
    painter->setPen(foreground);
    painter->drawText(badge, Qt::AlignCenter, text);
    return width;
}

} // namespace

PipelineCardDelegate::PipelineCardDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QRect PipelineCardDelegate::cardRect(const QRect &itemRect)
{
    return itemRect.adjusted(cardMarginX, cardMarginY, -cardMarginX, -cardMarginY);
}

QString PipelineCardDelegate::initials(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return u"?"_s;
    // Chinese names: the family name, one character, reads as the person's mark.
    if (trimmed.front().script() == QChar::Script_Han)
        return trimmed.left(1);
    const QStringList words = trimmed.split(u' ', Qt::SkipEmptyParts);
    QString letters = words.constFirst().left(1);
    if (words.size() > 1)
        letters += words.constLast().left(1);
    return letters.toUpper();
}

QColor PipelineCardDelegate::avatarColor(const QString &name)
{
    static const QColor palette[] = {
        QColor(0x3b, 0x6f, 0xd8), QColor(0x16, 0x8a, 0x6b), QColor(0x8a, 0x4f, 0xd1),
        QColor(0xc2, 0x5b, 0x1e), QColor(0x0f, 0x7f, 0x9e), QColor(0xb8, 0x3a, 0x76),
        QColor(0x5a, 0x6b, 0x1f), QColor(0x6b, 0x5b, 0xd6),
    };
    return palette[qHash(name) % std::size(palette)];
}

QSize PipelineCardDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const Fonts fonts = fontsFor(option.font);
    const QFontMetrics title(fonts.title);
    const QFontMetrics body(fonts.body);
    const QFontMetrics small(fonts.small);
    const int height = paddingY * 2 + title.height() + lineGap + body.height() + sectionGap
        + std::max(title.height(), 22) + sectionGap + small.height() + 4 + cardMarginY * 2;
    return {title.averageCharWidth() * 28, height};
}

void PipelineCardDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);

    const Fonts fonts = fontsFor(option.font);
    const QFontMetrics titleMetrics(fonts.title);
    const QFontMetrics bodyMetrics(fonts.body);
    const QFontMetrics smallMetrics(fonts.small);

    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const bool hovered = option.state.testFlag(QStyle::State_MouseOver);
    const bool rotting = index.data(int(Role::Rotting)).toBool();
    const auto status = Deal::Status(index.data(int(Role::Status)).toInt());

    // The card: white, rounded, a hairline border; rotting ones tinted with a red edge.
    const QRect card = cardRect(option.rect);
    QPainterPath shape;
    shape.addRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    if (hovered && !selected) {
        QPainterPath shadow;
        shadow.addRoundedRect(QRectF(card).translated(0, 1.5), radius, radius);
        painter->fillPath(shadow, QColor(0x10, 0x20, 0x40, 22));
    }
    painter->fillPath(shape,
                      selected      ? Color::selectedFill
                          : rotting ? Color::rottingFill
                                    : Color::card);
    painter->setPen(QPen(selected      ? Color::selectedBorder
                             : hovered ? Color::cardHoverBorder
                                       : Color::cardBorder,
                         selected ? 1.6 : 1.0));
    painter->drawPath(shape);
    if (rotting) {
        QPainterPath edge;
        edge.addRoundedRect(QRectF(card.left(), card.top(), 8, card.height()), radius, radius);
        QPainterPath clip;
        clip.addRect(QRectF(card.left(), card.top(), 4, card.height()));
        painter->fillPath(edge.intersected(clip), Color::rotting);
    }

    const QRect content = card.adjusted(paddingX, paddingY, -paddingX, -paddingY);
    int y = content.top();

    // Line 1: title, and the status badge of a closed deal.
    QRect line(content.left(), y, content.width(), titleMetrics.height());
    int titleRight = line.right();
    if (status != Deal::Status::Open) {
        const bool isWon = status == Deal::Status::Won;
        const QRect badgeLine(line.left(), line.top() + 1, line.width(), smallMetrics.height() + 2);
        const int width = drawBadge(
            painter, badgeLine, line.right() + 1, isWon ? tr("Won") : tr("Lost"), fonts.smallBold,
            isWon ? Color::won : Color::lost, isWon ? Color::wonFill : Color::lostFill);
        titleRight -= width + 6;
    }
    painter->setFont(fonts.title);
    painter->setPen(Color::title);
    const QRect titleRect(line.left(), line.top(), titleRight - line.left() + 1, line.height());
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      titleMetrics.elidedText(index.data(int(Role::Title)).toString(),
                                              Qt::ElideRight, titleRect.width()));
    y = line.bottom() + 1 + lineGap;

    // Line 2: the customer, and the rotting badge on the right.
    line = QRect(content.left(), y, content.width(), bodyMetrics.height());
    int customerRight = line.right() + 1;
    if (rotting) {
        const int idle = index.data(int(Role::IdleDays)).toInt();
        const QRect badgeLine(line.left(), line.center().y() - (smallMetrics.height() + 2) / 2,
                              line.width(), smallMetrics.height() + 2);
        //: a badge on a card: the deal has had no update for %n days
        const int width
            = drawBadge(painter, badgeLine, customerRight, tr("Rotting %nd", nullptr, idle),
                        fonts.smallBold, Color::rotting, Color::rottingBadge);
        customerRight -= width + 6;
    }
    painter->setFont(fonts.body);
    painter->setPen(Color::muted);
    const QRect customerRect(line.left(), line.top(), customerRight - line.left(), line.height());
    painter->drawText(customerRect, Qt::AlignLeft | Qt::AlignVCenter,
                      bodyMetrics.elidedText(index.data(int(Role::Customer)).toString(),
                                             Qt::ElideRight, customerRect.width()));
    y = line.bottom() + 1 + sectionGap;

    // Line 3: the amount, and the owner's avatar on the right.
    const int avatarSize = std::max(titleMetrics.height(), 22);
    line = QRect(content.left(), y, content.width(), avatarSize);
    const QString owner = index.data(int(Role::Owner)).toString();
    const QRect avatar(line.right() - avatarSize + 1, line.top(), avatarSize, avatarSize);
    if (!owner.isEmpty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(avatarColor(owner));
        painter->drawEllipse(avatar);
        QFont avatarFont = fonts.smallBold;
        avatarFont.setPointSizeF(fonts.small.pointSizeF() * 0.92);
        painter->setFont(avatarFont);
        painter->setPen(Qt::white);
        painter->drawText(avatar, Qt::AlignCenter, initials(owner));
    }
    const int amountRight = avatar.left() - 8;
    painter->setFont(fonts.amount);
    painter->setPen(Color::title);
    const QRect amountRect(line.left(), line.top(), amountRight - line.left(), line.height());
    painter->drawText(amountRect, Qt::AlignLeft | Qt::AlignVCenter,
                      titleMetrics.elidedText(index.data(int(Role::AmountText)).toString(),
                                              Qt::ElideRight, amountRect.width()));
    y = line.bottom() + 1 + sectionGap;

    // Line 4: expected close and days in stage on the left, the next activity on the right.
    line = QRect(content.left(), y, content.width(), smallMetrics.height() + 4);
    const qint64 now = m_now != 0 ? m_now : QDateTime::currentMSecsSinceEpoch();
    const int glyph = smallMetrics.height() - 2;
    int right = line.right() + 1;
    const auto glyphRect = [&](int x) {
        return QRectF(x, line.center().y() - glyph / 2.0 + 0.5, glyph, glyph);
    };
    if (status == Deal::Status::Open) {
        const qint64 next = index.data(int(Role::NextActivityAt)).toLongLong();
        const QString kind = index.data(int(Role::NextActivityKind)).toString();
        QString when;
        QString glyphName = kind.isEmpty() ? u"task"_s : kind;
        QColor color = Color::muted;
        if (next == 0) {
            // Every open deal should have a next step: a quiet warning sign when it has none
            // (the card's tooltip says so).
            glyphName = u"warning"_s;
            color = Color::warning;
        } else {
            const qint64 days = localDate(now).daysTo(localDate(next));
            if (days < 0) {
                when = tr("%n d overdue", nullptr, int(-days));
                color = Color::overdue;
            } else if (days == 0) {
                when = tr("Today");
                color = Color::today;
            } else if (days == 1) {
                when = tr("Tomorrow");
            } else {
                when = cardDate(next);
            }
        }
        // The activity keeps its place; its text gives way first when space is short.
        const int half = line.width() / 2;
        const QString text = smallMetrics.elidedText(when, Qt::ElideRight, half - glyph - 3);
        const int width = glyph + (text.isEmpty() ? 0 : 3 + smallMetrics.horizontalAdvance(text));
        const int x = right - width;
        drawGlyph(painter, glyphRect(x), glyphName, color);
        painter->setFont(fonts.small);
        painter->setPen(color);
        painter->drawText(QRect(x + glyph + 3, line.top(), width, line.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, text);
        right = x - 10;
    }
    int x = line.left();
    const auto item = [&](const QString &glyphName, const QString &text, const QColor &color) {
        const int width = glyph + 3 + smallMetrics.horizontalAdvance(text);
        if (x + width > right)
            return;
        drawGlyph(painter, glyphRect(x), glyphName, color);
        painter->setFont(fonts.small);
        painter->setPen(color);
        painter->drawText(QRect(x + glyph + 3, line.top(), width, line.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, text);
        x += width + 10;
    };
    const qint64 expectedClose = index.data(int(Role::ExpectedClose)).toLongLong();
    if (expectedClose != 0) {
        const bool overdue
            = status == Deal::Status::Open && localDate(expectedClose) < localDate(now);
        item(u"calendar"_s, cardDate(expectedClose), overdue ? Color::overdue : Color::muted);
    }
    if (status == Deal::Status::Open) {
        //: days a deal has been in its stage, as short as possible
        item(u"clock"_s, tr("%nd", nullptr, index.data(int(Role::DaysInStage)).toInt()),
             Color::muted);
    }
    painter->restore();
}

} // namespace Outpost
