#pragma once

#include <QCollator>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace Outpost {

/// Filters customers as the user types and sorts by CustomerTableModel::Role::SortValue.
/// The search text is split into words; a customer matches when every word occurs
/// (case-insensitively) in its name, contact, e-mail, phone, city, region, industry, owner,
/// country or segment. Lives on the GUI thread.
class CustomerFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit CustomerFilterProxyModel(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_searchText;
    QStringList m_words;
    QCollator m_collator; ///< locale-aware text order (pinyin for Chinese under zh_CN)
};

} // namespace Outpost
