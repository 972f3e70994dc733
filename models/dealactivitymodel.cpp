#include "dealactivitymodel.h"

#include "activityrepository.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Outpost {

DealActivityModel::DealActivityModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int DealActivityModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant DealActivityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Activity &a = m_rows.at(index.row());
    const qint64 now = m_now != 0 ? m_now : QDateTime::currentMSecsSinceEpoch();
    switch (role) {
    case Qt::DisplayRole:
    case int(Role::Subject):
        return a.subject.isEmpty() ? ActivityRepository::kindLabel(a.kind) : a.subject;
    case Qt::ToolTipRole:
        return a.notes;
    case Qt::AccessibleTextRole: {
        const qint64 when = a.doneAt != 0 ? a.doneAt : a.dueAt;
        return QStringList {
            ActivityRepository::kindLabel(a.kind), a.subject,
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(when), QLocale::ShortFormat)}
            .join(u", "_s);
    }
    case int(Role::Id):
        return a.id;
    case int(Role::Kind):
        return a.kind;
    case int(Role::KindLabel):
        return ActivityRepository::kindLabel(a.kind);
    case int(Role::Notes):
        return a.notes;
    case int(Role::DueAt):
        return a.dueAt;
    case int(Role::DoneAt):
        return a.doneAt;
    case int(Role::When):
        return a.doneAt != 0 ? a.doneAt : a.dueAt;
    case int(Role::UserName):
        return a.userName;
    case int(Role::Planned):
        return a.isPlanned();
    case int(Role::Overdue):
        return a.isPlanned() && a.dueAt != 0 && a.dueAt < now;
    default:
        return {};
    }
}

QHash<int, QByteArray> DealActivityModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(int(Role::Id), "activityId");
    names.insert(int(Role::Kind), "kind");
    names.insert(int(Role::KindLabel), "kindLabel");
    names.insert(int(Role::Subject), "subject");
    names.insert(int(Role::Notes), "notes");
    names.insert(int(Role::DueAt), "dueAt");
    names.insert(int(Role::DoneAt), "doneAt");
    names.insert(int(Role::When), "when");
    names.insert(int(Role::UserName), "userName");
    names.insert(int(Role::Planned), "planned");
    names.insert(int(Role::Overdue), "overdue");
    return names;
}

Result<void> DealActivityModel::reload(ActivityRepository &repository, const QString &dealId)
{
    Result<QList<Activity>> activities = repository.activitiesForDeal(dealId);
    if (!activities)
        return activities.error();
    beginResetModel();
    m_dealId = dealId;
    m_rows = std::move(activities).value();
    endResetModel();
    return {};
}

void DealActivityModel::retranslate()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
}

} // namespace Outpost
