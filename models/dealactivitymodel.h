#pragma once

#include "activity.h"
#include "result.h"

#include <QAbstractListModel>
#include <QList>

namespace Outpost {

class ActivityRepository;

/// The activity timeline of one deal: planned activities first (soonest due first), then
/// done ones, newest first. Filled by reload(). Lives on the GUI thread.
class DealActivityModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Role {
        Id = Qt::UserRole + 1, ///< QString: the activity id
        Kind, ///< QString: call, meeting, email, task or note
        KindLabel, ///< QString: translated kind
        Subject, ///< QString
        Notes, ///< QString
        DueAt, ///< qint64: UTC ms, 0 if not planned
        DoneAt, ///< qint64: UTC ms, 0 while planned
        When, ///< qint64: DoneAt, or DueAt for planned ones
        UserName, ///< QString: who did or will do it
        Planned, ///< bool
        Overdue, ///< bool: planned and due before now
    };
    Q_ENUM(Role)

    explicit DealActivityModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Reads the activities of dealId. On error the model is unchanged.
    Result<void> reload(ActivityRepository &repository, const QString &dealId);
    QString dealId() const { return m_dealId; }
    const Activity &activity(int row) const { return m_rows.at(row); }
    /// "Now" for overdue marks (UTC ms); the wall clock by default.
    void setNow(qint64 nowMs) { m_now = nowMs; }
    /// Re-announces translated texts after a language change.
    void retranslate();

private:
    QString m_dealId;
    QList<Activity> m_rows;
    qint64 m_now = 0;
};

} // namespace Outpost
