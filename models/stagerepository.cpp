#include "stagerepository.h"

#include "localstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString stageColumns = u"SELECT id, coalesce(unit_id, ''), name, position, win_probability, "
                             u"rotting_days, required_fields FROM stages "_s;

Stage stageFrom(const QSqlQuery &q)
{
    Stage stage {q.value(0).toString(),
                 q.value(1).toString(),
                 q.value(2).toString(),
                 q.value(3).toInt(),
                 q.value(4).toInt(),
                 q.value(5).toInt(),
                 {}};
    const QJsonArray required = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).array();
    for (const QJsonValue &field : required)
        stage.requiredFields.append(field.toString());
    return stage;
}

} // namespace

StageRepository::StageRepository(LocalStore &store)
    : m_store(store)
{ }

Result<QList<Stage>> StageRepository::stagesForUnit(const QString &unitId)
{
    // The unit's own stages win over the template: pick the set with the unit's id if any.
    QSqlQuery &q = m_store.prepared(
        stageColumns
        + u"WHERE deleted = 0 AND coalesce(unit_id, '') = CASE WHEN EXISTS (SELECT 1 FROM stages "
          u"WHERE unit_id = ? AND deleted = 0) THEN ? ELSE '' END ORDER BY position"_s);
    q.addBindValue(unitId);
    q.addBindValue(unitId);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<Stage> list;
    while (q.next())
        list.append(stageFrom(q));
    return list;
}

Result<Stage> StageRepository::stage(const QString &id)
{
    QSqlQuery &q = m_store.prepared(stageColumns + u"WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return Error {ErrorCode::NotFound, tr("The stage does not exist.")};
    return stageFrom(q);
}

} // namespace Outpost
