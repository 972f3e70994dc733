#pragma once

#include <QPersistentModelIndex>
#include <QWidget>

namespace Outpost {

class PipelineBoardModel;

/// The header of one board column, painted from its PipelineBoardModel row: the stage name
/// with the number of deals, the sum and the probability-weighted sum in the unit's currency
/// (several currencies side by side), a red count of rotting deals and a bar for the stage's
/// win probability. Won and Lost headers are green and red. Repaints when the row changes.
class PipelineColumnHeader : public QWidget
{
    Q_OBJECT

public:
    PipelineColumnHeader(PipelineBoardModel *board, int row, QWidget *parent = nullptr);

    int row() const { return m_row; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    /// The texts painted, for tests and accessibility: name, count, sum and weighted sum.
    QString nameText() const;
    QString countText() const;
    QString amountText() const;
    QString weightedText() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QVariant value(int role) const;
    void refresh();

    PipelineBoardModel *m_board;
    int m_row;
};

} // namespace Outpost
