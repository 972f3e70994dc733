#pragma once

#include "customerrepository.h"

#include <QAbstractTableModel>
#include <QList>

namespace Outpost {

/// All live customers of the store with their deal figures, one row each.
/// Filled by reload(); a single row is refreshed in place after an edit (dataChanged), so
/// views keep their selection and scroll position. Lives on the GUI thread.
class CustomerTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column {
        Name,
        Contact,
        Segment,
        Industry,
        Region,
        City,
        Owner,
        Unit,
        OpenDeals,
        Pipeline,
        LastInteraction,
        Count
    };
    Q_ENUM(Column)

    enum class Role {
        Id = Qt::UserRole + 1, ///< QString: the customer id
        SortValue, ///< the column's value for sorting (numbers stay numbers)
        Summary, ///< QVariant holding the whole CustomerSummary
        SearchText, ///< case-folded text the search matches against
    };
    Q_ENUM(Role)

    explicit CustomerTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    Result<void> reload(CustomerRepository &repository);
    const CustomerSummary &summary(int row) const { return m_rows.at(row).summary; }
    int rowOfId(const QString &id) const;
    /// Re-reads one customer: updates its row, removes it if it was deleted, or appends it.
    Result<void> refreshCustomer(CustomerRepository &repository, const QString &id);
    /// Re-reads every customer and updates the rows in place (after changes received from the
    /// server): exact row removals, insertions at the end and dataChanged for the rows whose
    /// figures changed, never a reset, so views keep their selection and scroll position.
    Result<void> update(CustomerRepository &repository);
    /// Re-announces translated headers and texts after a language change.
    void retranslate();

    /// The display label of a stored segment key ("enterprise" -> "Enterprise", translated).
    static QString segmentLabel(const QString &segment);

private:
    struct Row
    {
        CustomerSummary summary;
        QString searchText;
    };
    static Row makeRow(CustomerSummary summary);
    QVariant displayValue(const CustomerSummary &summary, Column column) const;
    QVariant sortValue(const Row &row, Column column) const;

    QList<Row> m_rows;
    QHash<QString, int> m_rowById;
};

} // namespace Outpost

Q_DECLARE_METATYPE(Outpost::CustomerSummary)
