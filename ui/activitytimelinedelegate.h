#pragma once

#include <QStyledItemDelegate>

namespace Outpost {

/// Paints one entry of a DealActivityModel as a timeline item: a round badge with the kind's
/// glyph on a vertical line, the subject, when it was done (or is due; overdue in red), who,
/// and the first lines of the notes. Reads DealActivityModel roles only.
class ActivityTimelineDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ActivityTimelineDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Outpost
