#pragma once

#include "deal.h"
#include "result.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Outpost {

class DealRepository;
class StageRepository;

/// The deals of one customer (open deals first, then by expected close), one row each, for the
/// customer detail pane. reload() keeps the rows in place (dataChanged only) when the same
/// deals come back, so a view keeps its selection after an edit. Lives on the GUI thread.
class CustomerDealsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column { Title, Stage, Amount, Status, ExpectedClose, Count };
    Q_ENUM(Column)

    enum class Role {
        Id = Qt::UserRole + 1, ///< QString: the deal id
        SortValue, ///< the column's value for sorting (numbers stay numbers)
        Status, ///< int: Deal::Status
    };
    Q_ENUM(Role)

    explicit CustomerDealsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Reads the deals of customerId with their stage names. On error the model is unchanged.
    Result<void> reload(DealRepository &deals, StageRepository &stages, const QString &customerId);
    /// Empties the model (no customer selected).
    void clear();

    QString customerId() const { return m_customerId; }
    const Deal &deal(int row) const { return m_rows.at(row).deal; }
    int rowOfId(const QString &id) const;
    int openDealCount() const;

    /// Re-announces translated headers and texts after a language change.
    void retranslate();

    /// The translated label of a deal status ("Open", "Won", "Lost").
    static QString statusLabel(Deal::Status status);

private:
    struct Row
    {
        Deal deal;
        QString stageName;
    };
    QVariant displayValue(const Row &row, Column column) const;
    QVariant sortValue(const Row &row, Column column) const;

    QString m_customerId;
    QList<Row> m_rows;
};

} // namespace Outpost
