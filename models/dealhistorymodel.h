#pragma once

#include "dealrepository.h"
#include "result.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Outpost {

class LocalStore;

/// The field history of one deal, newest first: when (local time), who, which field (a
/// translated label such as "Stage"), from and to. Stage, owner, product, customer and unit
/// ids are shown as names, amounts as money in the deal's currency, times as local dates.
/// Raw values stay available through the roles. Rows recorded as conflicts (a value that a
/// concurrent edit overwrote) are marked, so nothing is silently lost.
///
/// Filled by load(); names are resolved once per load. Lives on the GUI thread (the thread
/// of its LocalStore).
class DealHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column { When, Who, Field, From, To, Count };
    Q_ENUM(Column)

    enum class Role {
        Field = Qt::UserRole + 1, ///< QString: the synced column name ("stage_id")
        OldValue, ///< QVariant: the stored value before (text as in the history, or null)
        NewValue, ///< QVariant: the stored value after
        ChangedAt, ///< qint64: UTC milliseconds
        ChangedBy, ///< QString: user id (empty: system or unknown)
        Origin, ///< QString: local, remote or conflict
        SortValue, ///< the column's value for sorting (times stay numbers)
    };
    Q_ENUM(Role)

    explicit DealHistoryModel(LocalStore &store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Reads the history of dealId (replacing the rows). On error the model is empty.
    Result<void> load(const QString &dealId);
    /// Reads the history of the current deal again.
    Result<void> reload() { return load(m_dealId); }
    QString dealId() const { return m_dealId; }
    const FieldChange &change(int row) const { return m_changes.at(row); }

    /// Re-announces translated headers and texts after a language change.
    void retranslate();

    /// A stored history value of column as a user reads it (translated, localized).
    QString displayValue(const QString &column, const QVariant &value) const;

private:
    QString actorName(const FieldChange &change) const;
    void resolveNames();

    LocalStore &m_store;
    QString m_dealId;
    QString m_currency = QStringLiteral("CNY");
    QList<FieldChange> m_changes;
    QHash<QString, QString> m_names; ///< "column/id" -> display name
};

} // namespace Outpost
