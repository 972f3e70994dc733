#pragma once

#include <QStyledItemDelegate>

namespace Outpost {

/// Paints one deal of a PipelineColumnModel as a board card: title, customer, amount and the
/// owner's avatar, then the expected close date, days in stage and the next activity. A deal
/// idle for longer than its stage's rotting days gets a red edge, a tinted card and a
/// "rotting" badge; won and lost deals (shown when the status filter asks for them) a status
/// badge. Every card has the same height (the views use uniform item sizes), measured from
/// the fonts, so Chinese text is never clipped. Reads PipelineColumnModel roles only.
class PipelineCardDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit PipelineCardDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The card's rectangle inside an item rectangle (the rest is the gap between cards).
    static QRect cardRect(const QRect &itemRect);
    /// Two letters for an avatar ("Li Wei" -> "LW", "王伟" -> "王").
    static QString initials(const QString &name);
    /// A stable colour for a person's avatar.
    static QColor avatarColor(const QString &name);
    /// A small line glyph: "calendar", "clock", "warning" or an activity kind ("call",
    /// "meeting", "email", "task", "note").
    static void drawGlyph(QPainter *painter, const QRectF &box, const QString &name,
                          const QColor &color);

    /// "Now" for relative dates (UTC ms); the wall clock when 0.
    void setNow(qint64 nowMs) { m_now = nowMs; }

private:
    qint64 m_now = 0;
};

} // namespace Outpost
