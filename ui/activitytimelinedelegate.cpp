#include "activitytimelinedelegate.h"

#include "pipelinecarddelegate.h"

#include "dealactivitymodel.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QTextLayout>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using Role = DealActivityModel::Role;

constexpr int badgeSize = 28;
constexpr int gutter = 44;
constexpr int padding = 8;
constexpr int maxNoteLines = 3;

QColor kindColor(const QString &kind)
{
    if (kind == u"call"_s)
        return QColor(0x2f, 0x6f, 0xe4);
    if (kind == u"meeting"_s)
        return QColor(0x8a, 0x4f, 0xd1);
    if (kind == u"email"_s)
        return QColor(0x0f, 0x7f, 0x9e);
    if (kind == u"task"_s)
        return QColor(0xc2, 0x5b, 0x1e);
    return QColor(0x5a, 0x6b, 0x7d);
}

QFont boldFont(const QFont &base)
{
    QFont font = base;
    font.setWeight(QFont::DemiBold);
    return font;
}

QFont smallFont(const QFont &base)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.9);
    return font;
}

int noteLines(const QString &notes)
{
    if (notes.trimmed().isEmpty())
        return 0;
    return std::min(maxNoteLines, int(notes.trimmed().count(u'\n')) + 1);
}

} // namespace

ActivityTimelineDelegate::ActivityTimelineDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QSize ActivityTimelineDelegate::sizeHint(const QStyleOptionViewItem &option,
                                         const QModelIndex &index) const
{
    const QFontMetrics bold(boldFont(option.font));
    const QFontMetrics small(smallFont(option.font));
    const QFontMetrics body(option.font);
    const int notes = noteLines(index.data(int(Role::Notes)).toString());
    const int height = padding * 2 + std::max(badgeSize, bold.height() + 2 + small.height())
        + (notes > 0 ? 4 + notes * body.lineSpacing() : 0);
    return {bold.averageCharWidth() * 40, height};
}

void ActivityTimelineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect rect = option.rect;
    if (option.state.testFlag(QStyle::State_Selected))
        painter->fillRect(rect, QColor(0xee, 0xf3, 0xfd));

    const QString kind = index.data(int(Role::Kind)).toString();
    const bool planned = index.data(int(Role::Planned)).toBool();
    const bool overdue = index.data(int(Role::Overdue)).toBool();
    const QColor color = kindColor(kind);

    // The timeline: a line through every badge.
    const int centerX = rect.left() + gutter / 2;
    painter->setPen(QPen(QColor(0xdc, 0xe1, 0xe8), 2));
    painter->drawLine(centerX, rect.top(), centerX, rect.bottom());
    const QRectF badge(centerX - badgeSize / 2.0, rect.top() + padding, badgeSize, badgeSize);
    painter->setPen(planned ? QPen(color, 1.5, Qt::DashLine) : Qt::NoPen);
    painter->setBrush(planned ? QColor(255, 255, 255) : color);
    painter->drawEllipse(badge);
    PipelineCardDelegate::drawGlyph(painter, badge.adjusted(7, 7, -7, -7), kind,
                                    planned ? color : QColor(255, 255, 255));

    const QFont bold = boldFont(option.font);
    const QFont small = smallFont(option.font);
    const QFontMetrics boldMetrics(bold);
    const QFontMetrics smallMetrics(small);
    const QRect content(rect.left() + gutter, rect.top() + padding, rect.width() - gutter - padding,
                        rect.height() - 2 * padding);

    // When: done at, or due at (overdue in red).
    const qint64 when = index.data(int(Role::When)).toLongLong();
    const QLocale locale;
    QString whenText = when == 0
        ? QString()
        : locale.toString(QDateTime::fromMSecsSinceEpoch(when), QLocale::ShortFormat);
    if (planned && !whenText.isEmpty())
        whenText = overdue ? tr("Overdue since %1").arg(whenText) : tr("Due %1").arg(whenText);
    painter->setFont(small);
    painter->setPen(overdue ? QColor(0xc7, 0x2e, 0x1f) : QColor(0x6b, 0x75, 0x85));
    const int whenWidth = smallMetrics.horizontalAdvance(whenText);
    painter->drawText(
        QRect(content.right() - whenWidth, content.top(), whenWidth + 1, boldMetrics.height()),
        Qt::AlignRight | Qt::AlignVCenter, whenText);

    painter->setFont(bold);
    painter->setPen(QColor(0x17, 0x1f, 0x2b));
    const QRect subject(content.left(), content.top(), content.width() - whenWidth - 12,
                        boldMetrics.height());
    painter->drawText(subject, Qt::AlignLeft | Qt::AlignVCenter,
                      boldMetrics.elidedText(index.data(int(Role::Subject)).toString(),
                                             Qt::ElideRight, subject.width()));

    QStringList meta {index.data(int(Role::KindLabel)).toString()};
    if (const QString user = index.data(int(Role::UserName)).toString(); !user.isEmpty())
        meta.append(user);
    painter->setFont(small);
    painter->setPen(QColor(0x6b, 0x75, 0x85));
    const QRect metaRect(content.left(), subject.bottom() + 3, content.width(),
                         smallMetrics.height());
    painter->drawText(
        metaRect, Qt::AlignLeft | Qt::AlignVCenter,
        smallMetrics.elidedText(meta.join(u"  ·  "_s), Qt::ElideRight, metaRect.width()));

    const QString notes = index.data(int(Role::Notes)).toString().trimmed();
    if (!notes.isEmpty()) {
        const QFontMetrics body(option.font);
        painter->setFont(option.font);
        painter->setPen(QColor(0x33, 0x3d, 0x4c));
        const QStringList lines = notes.split(u'\n');
        int y = std::max(metaRect.bottom(), int(badge.bottom())) + 5;
        for (int i = 0; i < std::min(maxNoteLines, int(lines.size())); ++i) {
            QString line = lines.at(i);
            if (i == maxNoteLines - 1 && lines.size() > maxNoteLines)
                line += u" …"_s;
            painter->drawText(QRect(content.left(), y, content.width(), body.height()),
                              Qt::AlignLeft | Qt::AlignVCenter,
                              body.elidedText(line, Qt::ElideRight, content.width()));
            y += body.lineSpacing();
        }
    }
    painter->restore();
}

} // namespace Outpost
