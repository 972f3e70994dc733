#pragma once

#include <QStyledItemDelegate>

namespace Outpost {

/// Paints one deal of a CustomerDealsModel as a compact two-line card: title and amount, then
/// stage and expected close with a coloured status pill. Used on column 0 of a list view; the
/// other values are read from the row's sibling columns, the status from Role::Status.
class DealCardDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit DealCardDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Outpost
