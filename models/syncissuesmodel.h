#pragma once

#include "result.h"
#include "syncstore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Outpost {

class LocalStore;

/// The open sync issues of a profile (SyncStore::issues()), newest first: when, the record (its
/// kind and a readable name such as the deal's title or the customer's name), the field (a
/// human label), the kind (rejected or conflict), the reason (translated from the server's
/// reason code; the server's own message is in the tooltip and Role::ServerMessage), the
/// user's value and the server's value, shown as a user reads them (names for ids, money,
/// local dates).
///
/// reload() compares the new list with the rows shown and emits exact row insertions,
/// removals and dataChanged, so views keep their selection and scroll position when the
/// replicator adds issues or the user resolves some. Record names are resolved from the store
/// once per reload. Lives on the GUI thread (the thread of its LocalStore).
class SyncIssuesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column { When, Record, Field, Kind, Reason, YourValue, ServerValue, Count };
    Q_ENUM(Column)

    enum class Role {
        IssueId = Qt::UserRole + 1, ///< qint64: the sync issue's id
        Kind, ///< QString: rejected or conflict
        Table, ///< QString: the synced table ("deals")
        RowId, ///< QString: the record's id
        Field, ///< QString: the column name ("stage_id"); empty for a whole change
        ReasonCode, ///< QString: the server's reason code (forbidden, …); empty for conflicts
        ServerMessage, ///< QString: the server's explanation (English), may be empty
        LocalValues, ///< QVariantMap: the user's values
        ServerValues, ///< QVariantMap: the server's values (empty when it sent none)
        CreatedAt, ///< qint64: when the issue arose, UTC milliseconds
        SortValue, ///< the column's value for sorting (times stay numbers)
    };
    Q_ENUM(Role)

    explicit SyncIssuesModel(LocalStore &store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Reads the open issues again and updates the rows in place. On error the model keeps
    /// what it showed.
    Result<void> reload();
    const SyncStore::Issue &issue(int row) const { return m_issues.at(row); }
    int rowOfIssue(qint64 issueId) const;

    /// Re-announces translated headers and texts after a language change.
    void retranslate();

    /// The translated name of a kind of record ("deals" -> "Deal").
    static QString tableLabel(const QString &table);
    /// The translated label of a synced column ("stage_id" -> "Stage"); DealField for deals.
    static QString fieldLabel(const QString &table, const QString &field);
    /// Why the issue arose in a few words, translated from its reason code (or the conflict's
    /// outcome), for the table.
    static QString reasonText(const SyncStore::Issue &issue);
    /// The same explained in full, with what the user can do about it.
    static QString reasonDescription(const SyncStore::Issue &issue);

    /// "Deal · Renewal 2026": the kind of record and its readable name.
    QString recordText(const SyncStore::Issue &issue) const;
    /// The user's value(s) and the server's, as a user reads them.
    QString yourValueText(const SyncStore::Issue &issue) const;
    QString serverValueText(const SyncStore::Issue &issue) const;
    /// A stored value of table.field as a user reads it (names for ids, money, local dates).
    QString displayValue(const QString &table, const QString &field, const QVariant &value,
                         const QString &currency = {}) const;

private:
    struct Record
    {
        QString name;
        QString currency;
    };
    void resolveNames(const QList<SyncStore::Issue> &issues);
    QString lookUpName(const QString &table, const QString &id);
    QString currencyOf(const SyncStore::Issue &issue) const;
    QString valuesText(const SyncStore::Issue &issue, const QVariantMap &values) const;
    QVariant displayData(const SyncStore::Issue &issue, Column column) const;
    void rebuildIndex();

    LocalStore &m_store;
    QList<SyncStore::Issue> m_issues;
    QHash<qint64, int> m_rowById;
    QHash<QString, Record> m_records; ///< "table/id" -> name and currency
};

} // namespace Outpost
