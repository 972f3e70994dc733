#include "customerfilterproxymodel.h"

#include "customertablemodel.h"

namespace Outpost {

CustomerFilterProxyModel::CustomerFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(int(CustomerTableModel::Role::SortValue));
    setDynamicSortFilter(true);
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
}

void CustomerFilterProxyModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    m_words = text.toCaseFolded().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    // Qt 6.4 lacks begin/endFilterChange; invalidateFilter re-runs filterAcceptsRow.
    invalidateFilter();
}

bool CustomerFilterProxyModel::filterAcceptsRow(int sourceRow,
                                                const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QString text = sourceModel()
                             ->index(sourceRow, 0, sourceParent)
                             .data(int(CustomerTableModel::Role::SearchText))
                             .toString();
    for (const QString &word : m_words) {
        if (!text.contains(word))
            return false;
    }
    return true;
}

bool CustomerFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.typeId() == QMetaType::QString || b.typeId() == QMetaType::QString) {
        return m_collator.compare(a.toString(), b.toString()) < 0;
    }
    return QVariant::compare(a, b) == QPartialOrdering::Less;
}

} // namespace Outpost
