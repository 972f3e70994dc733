#include "dealcarddelegate.h"

#include "customerdealsmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using Column = CustomerDealsModel::Column;

constexpr int horizontalPadding = 12;
constexpr int verticalPadding = 9;
constexpr int lineSpacing = 4;

QString text(const QModelIndex &index, Column column)
{
    return index.siblingAtColumn(int(column)).data().toString();
}

struct PillColors
{
    QColor text;
    QColor background;
};

PillColors pillColors(Deal::Status status)
{
    switch (status) {
    case Deal::Status::Won:
        return {QColor(0x16, 0x7a, 0x3e), QColor(0xe3, 0xf4, 0xea)};
    case Deal::Status::Lost:
        return {QColor(0xb4, 0x23, 0x18), QColor(0xfd, 0xec, 0xea)};
    case Deal::Status::Open:
        break;
    }
    return {QColor(0x1f, 0x5f, 0xd1), QColor(0xe8, 0xef, 0xfc)};
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
    font.setPointSizeF(base.pointSizeF() * 0.92);
    return font;
}

} // namespace

DealCardDelegate::DealCardDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QSize DealCardDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics title(boldFont(option.font));
    const QFontMetrics detail(smallFont(option.font));
    return {title.averageCharWidth() * 30,
            verticalPadding * 2 + title.height() + lineSpacing + detail.height() + 4};
}

void DealCardDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect rect = option.rect;
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const bool hovered = option.state.testFlag(QStyle::State_MouseOver);
    if (selected)
        painter->fillRect(rect, QColor(0xe3, 0xec, 0xfc));
    else if (hovered)
        painter->fillRect(rect, QColor(0xf5, 0xf7, 0xfa));
    else
        painter->fillRect(rect, option.palette.base());
    painter->setPen(QColor(0xec, 0xef, 0xf3));
    painter->drawLine(rect.bottomLeft(), rect.bottomRight());
    if (selected) {
        // An accent bar marks the selected card even where colour contrast is low.
        painter->fillRect(QRect(rect.left(), rect.top(), 3, rect.height()),
                          QColor(0x2f, 0x6f, 0xe4));
    }

    const auto status = Deal::Status(index.data(int(CustomerDealsModel::Role::Status)).toInt());
    const bool closed = status != Deal::Status::Open;
    const QColor primary = closed ? QColor(0x5b, 0x64, 0x72) : QColor(0x17, 0x1f, 0x2b);
    const QColor secondary(0x6b, 0x72, 0x80);

    const QRect content
        = rect.adjusted(horizontalPadding, verticalPadding, -horizontalPadding, -verticalPadding);
    const QFont titleFont = boldFont(option.font);
    const QFont detailFont = smallFont(option.font);
    const QFontMetrics titleMetrics(titleFont);
    const QFontMetrics detailMetrics(detailFont);

    // Line 1: title (elided) and amount.
    const QRect firstLine(content.left(), content.top(), content.width(), titleMetrics.height());
    const QString amount = text(index, Column::Amount);
    const int amountWidth = titleMetrics.horizontalAdvance(amount);
    painter->setFont(titleFont);
    painter->setPen(primary);
    painter->drawText(firstLine, Qt::AlignRight | Qt::AlignVCenter, amount);
    const QRect titleRect = firstLine.adjusted(0, 0, -(amountWidth + 16), 0);
    painter->drawText(
        titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        titleMetrics.elidedText(text(index, Column::Title), Qt::ElideRight, titleRect.width()));

    // Line 2: stage and expected close, then the status pill on the right.
    const QRect secondLine(content.left(), firstLine.bottom() + 1 + lineSpacing, content.width(),
                           detailMetrics.height() + 4);
    const QString statusText = text(index, Column::Status);
    const int pillWidth = detailMetrics.horizontalAdvance(statusText) + 16;
    const QRect pill(secondLine.right() - pillWidth + 1, secondLine.top(), pillWidth,
                     secondLine.height());
    const PillColors colors = pillColors(status);
    QPainterPath pillPath;
    pillPath.addRoundedRect(QRectF(pill), pill.height() / 2.0, pill.height() / 2.0);
    painter->fillPath(pillPath, colors.background);
    painter->setFont(boldFont(detailFont));
    painter->setPen(colors.text);
    painter->drawText(pill, Qt::AlignCenter, statusText);

    QStringList details;
    if (const QString stage = text(index, Column::Stage); !stage.isEmpty())
        details.append(stage);
    if (const QString close = text(index, Column::ExpectedClose); !close.isEmpty())
        details.append(tr("Expected close %1").arg(close));
    const QRect detailRect = secondLine.adjusted(0, 0, -(pillWidth + 12), 0);
    painter->setFont(detailFont);
    painter->setPen(secondary);
    painter->drawText(
        detailRect, Qt::AlignLeft | Qt::AlignVCenter,
        detailMetrics.elidedText(details.join(u"  ·  "_s), Qt::ElideRight, detailRect.width()));
    painter->restore();
}

} // namespace Outpost
