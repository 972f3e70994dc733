#include "pipelinecolumnheader.h"

#include "pipelineboardmodel.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using Role = PipelineBoardModel::Role;
using Kind = PipelineBoardModel::ColumnKind;

constexpr int paddingX = 12;
constexpr int paddingY = 8;
constexpr int arrow = 9; // depth of the chevron on the right edge

QFont scaled(const QFont &base, qreal factor, QFont::Weight weight)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setWeight(weight);
    return font;
}

} // namespace

PipelineColumnHeader::PipelineColumnHeader(PipelineBoardModel *board, int row, QWidget *parent)
    : QWidget(parent)
    , m_board(board)
    , m_row(row)
{
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(m_board, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (topLeft.row() <= m_row && m_row <= bottomRight.row())
                    refresh();
            });
    connect(m_board, &QAbstractItemModel::modelReset, this, &PipelineColumnHeader::refresh);
    refresh();
}

QVariant PipelineColumnHeader::value(int role) const
{
    return m_board->index(m_row).data(role);
}

QString PipelineColumnHeader::nameText() const
{
    return value(Qt::DisplayRole).toString();
}

QString PipelineColumnHeader::countText() const
{
    return QLocale().toString(value(int(Role::Count)).toInt());
}

QString PipelineColumnHeader::amountText() const
{
    return value(int(Role::AmountText)).toString();
}

QString PipelineColumnHeader::weightedText() const
{
    return value(int(Role::WeightedText)).toString();
}

void PipelineColumnHeader::refresh()
{
    const int count = value(int(Role::Count)).toInt();
    const int rotting = value(int(Role::RottingCount)).toInt();
    QStringList tip {nameText(), tr("%Ln deal(s)", nullptr, count),
                     value(int(Role::AmountToolTip)).toString()};
    if (rotting > 0)
        tip.append(tr("%Ln rotting", nullptr, rotting));
    const int rottingDays = value(int(Role::RottingDays)).toInt();
    if (rottingDays > 0)
        tip.append(tr("Deals rot after %n day(s) without an update", nullptr, rottingDays));
    tip.removeAll(QString());
    setToolTip(tip.join(u'\n'));
    setAccessibleName(nameText());
    setAccessibleDescription(
        tr("%1 deals, %2, weighted %3").arg(countText(), amountText(), weightedText()));
    update();
}

QSize PipelineColumnHeader::sizeHint() const
{
    const QFontMetrics name(scaled(font(), 1.05, QFont::DemiBold));
    const QFontMetrics amount(scaled(font(), 1.0, QFont::DemiBold));
    const QFontMetrics small(scaled(font(), 0.9, QFont::Normal));
    return {fontMetrics().averageCharWidth() * 26,
            paddingY * 2 + name.height() + 3 + amount.height() + 2 + small.height() + 8};
}

QSize PipelineColumnHeader::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 12, sizeHint().height()};
}

bool PipelineColumnHeader::event(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::LocaleChange)
        refresh();
    return QWidget::event(event);
}

void PipelineColumnHeader::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const auto kind = Kind(value(int(Role::Kind)).toInt());
    QColor accent(0x2f, 0x6f, 0xe4);
    QColor fill(0xff, 0xff, 0xff);
    if (kind == Kind::Won) {
        accent = QColor(0x16, 0x8a, 0x4a);
        fill = QColor(0xe9, 0xf7, 0xee);
    } else if (kind == Kind::Lost) {
        accent = QColor(0xc2, 0x33, 0x22);
        fill = QColor(0xfd, 0xee, 0xec);
    }

    // A chevron: stages read as steps from left to right.
    const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath shape;
    if (kind == Kind::Stage) {
        shape.moveTo(r.topLeft());
        shape.lineTo(r.right() - arrow, r.top());
        shape.lineTo(r.right(), r.center().y());
        shape.lineTo(r.right() - arrow, r.bottom());
        shape.lineTo(r.bottomLeft());
        shape.closeSubpath();
    } else {
        shape.addRoundedRect(r, 6, 6);
    }
    painter.fillPath(shape, fill);
    painter.setPen(QPen(QColor(0xdc, 0xe1, 0xe8), 1));
    painter.drawPath(shape);

    const QFont nameFont = scaled(font(), 1.05, QFont::DemiBold);
    const QFont amountFont = scaled(font(), 1.0, QFont::DemiBold);
    const QFont smallFont = scaled(font(), 0.9, QFont::Normal);
    const QFontMetrics nameMetrics(nameFont);
    const QFontMetrics amountMetrics(amountFont);
    const QFontMetrics smallMetrics(smallFont);
    const int right = width() - paddingX - (kind == Kind::Stage ? arrow : 0);
    int y = paddingY;

    // Name, and the count in a pill on the right.
    const QString count = countText();
    const int pillWidth = smallMetrics.horizontalAdvance(count) + 14;
    const QRect pill(right - pillWidth, y + (nameMetrics.height() - smallMetrics.height() - 4) / 2,
                     pillWidth, smallMetrics.height() + 4);
    QPainterPath pillPath;
    pillPath.addRoundedRect(QRectF(pill), pill.height() / 2.0, pill.height() / 2.0);
    painter.fillPath(pillPath,
                     kind == Kind::Stage ? QColor(0xe8, 0xee, 0xf9) : QColor(255, 255, 255));
    painter.setFont(scaled(font(), 0.9, QFont::DemiBold));
    painter.setPen(accent);
    painter.drawText(pill, Qt::AlignCenter, count);

    painter.setFont(nameFont);
    painter.setPen(kind == Kind::Stage ? QColor(0x15, 0x1c, 0x28) : accent);
    const QRect nameRect(paddingX, y, pill.left() - 8 - paddingX, nameMetrics.height());
    painter.drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                     nameMetrics.elidedText(nameText(), Qt::ElideRight, nameRect.width()));
    y += nameMetrics.height() + 3;

    // The sum, then the weighted sum and the rotting count.
    painter.setFont(amountFont);
    painter.setPen(QColor(0x24, 0x2e, 0x3d));
    const QRect amountRect(paddingX, y, right - paddingX, amountMetrics.height());
    painter.drawText(amountRect, Qt::AlignLeft | Qt::AlignVCenter,
                     amountMetrics.elidedText(amountText(), Qt::ElideRight, amountRect.width()));
    y += amountMetrics.height() + 2;

    painter.setFont(smallFont);
    const QRect smallRect(paddingX, y, right - paddingX, smallMetrics.height());
    int reserved = 0;
    const int rotting = value(int(Role::RottingCount)).toInt();
    if (rotting > 0 && kind == Kind::Stage) {
        const QString text = tr("%Ln rotting", nullptr, rotting);
        reserved = smallMetrics.horizontalAdvance(text) + 12;
        painter.setPen(QColor(0xd9, 0x3b, 0x2b));
        painter.drawText(smallRect, Qt::AlignRight | Qt::AlignVCenter, text);
    }
    if (kind != Kind::Lost) {
        //: %1 is a probability-weighted amount of money
        const QString weighted = tr("Weighted %1").arg(weightedText());
        painter.setPen(QColor(0x5f, 0x6b, 0x7b));
        painter.drawText(
            smallRect.adjusted(0, 0, -reserved, 0), Qt::AlignLeft | Qt::AlignVCenter,
            smallMetrics.elidedText(weighted, Qt::ElideRight, smallRect.width() - reserved));
    }

    // The stage's win probability as a thin bar along the bottom.
    if (kind == Kind::Stage) {
        const int probability = value(int(Role::WinProbability)).toInt();
        const QRectF track(paddingX, height() - 5.0, right - paddingX, 2.5);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0xe3, 0xe8, 0xf0));
        painter.drawRoundedRect(track, 1.2, 1.2);
        painter.setBrush(accent);
        painter.drawRoundedRect(
            QRectF(track.left(), track.top(), track.width() * probability / 100.0, track.height()),
            1.2, 1.2);
    }
}

} // namespace Outpost
