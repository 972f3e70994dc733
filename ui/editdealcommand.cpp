#include "editdealcommand.h"

#include "changewriter.h"
#include "dealrepository.h"
#include "localstore.h"
#include "stagerepository.h"

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString dealsTable = u"deals"_s;

// The given columns of a deal, as stored (ids and unset times as null).
QVariantMap fieldsOf(const Deal &deal, const QStringList &columns)
{
    const QVariantMap all = deal.toFields();
    QVariantMap fields;
    for (const QString &column : columns)
        fields.insert(column, all.value(column));
    return fields;
}

} // namespace

EditDealCommand::EditDealCommand(LocalStore &store, const QString &dealId, const QString &actorId,
                                 const QVariantMap &changes, AppliedCallback onApplied,
                                 QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_store(store)
    , m_dealId(dealId)
    , m_actorId(actorId)
    , m_changes(changes)
    , m_onApplied(std::move(onApplied))
{
    QString title;
    const Result<Deal> deal = DealRepository(m_store).deal(m_dealId);
    if (deal) {
        QStringList columns = m_changes.keys();
        for (const QString &column : sideEffectFields(m_changes)) {
            if (!columns.contains(column))
                columns.append(column);
        }
        m_before = fieldsOf(*deal, columns);
        title = deal->title;
    } else {
        // Reported by the first redo(), which then refuses to write anything.
        m_lastError = deal.error();
    }
    if (m_changes.contains(u"stage_id"_s)) {
        if (const Result<Stage> stage
            = StageRepository(m_store).stage(m_changes.value(u"stage_id"_s).toString())) {
            m_stageName = stage->name;
        }
    }
    setText(describe(title));
}

QStringList EditDealCommand::sideEffectFields(const QVariantMap &changes)
{
    QStringList fields;
    if (changes.contains(u"stage_id"_s))
        fields << u"stage_entered_at"_s << u"probability"_s;
    if (changes.contains(u"status"_s))
        fields << u"closed_at"_s << u"probability"_s << u"lost_reason"_s;
    fields.removeDuplicates();
    return fields;
}

QString EditDealCommand::describe(const QString &title) const
{
    QStringList changed = m_changes.keys();
    const QString newTitle = m_changes.value(u"title"_s, title).toString();
    if (changed == QStringList {u"title"_s})
        return tr("Rename deal “%1” to “%2”").arg(title, newTitle);
    if (changed == QStringList {u"stage_id"_s} && !m_stageName.isEmpty())
        return tr("Move “%1” to %2").arg(newTitle, m_stageName);
    changed.removeOne(u"lost_reason"_s);
    if (changed == QStringList {u"status"_s}) {
        const QString status = m_changes.value(u"status"_s).toString();
        if (status == u"won"_s)
            return tr("Mark “%1” as won").arg(newTitle);
        if (status == u"lost"_s)
            return tr("Mark “%1” as lost").arg(newTitle);
        return tr("Reopen “%1”").arg(newTitle);
    }
    return tr("Edit deal “%1”").arg(newTitle);
}

void EditDealCommand::redo()
{
    if (!m_applied) {
        if (m_lastError.code != ErrorCode::None) {
            finish(m_lastError);
            return;
        }
        // The first apply carries the business rules; it records what they produced so that
        // a later redo restores exactly this state.
        DealRepository deals(m_store, m_actorId);
        const Result<void> applied = deals.update(m_dealId, m_changes);
        if (applied) {
            m_applied = true;
            const Result<Deal> deal = deals.deal(m_dealId);
            m_after = deal ? fieldsOf(*deal, m_before.keys()) : m_changes;
        }
        finish(applied);
        return;
    }
    ChangeWriter writer(m_store, m_actorId);
    finish(writer.update(dealsTable, m_dealId, m_after));
}

void EditDealCommand::undo()
{
    if (!m_applied)
        return;
    ChangeWriter writer(m_store, m_actorId);
    finish(writer.update(dealsTable, m_dealId, m_before));
}

void EditDealCommand::finish(const Result<void> &outcome)
{
    if (!outcome) {
        m_lastError = outcome.error();
        // The row is not in the state the stack expects; QUndoStack drops obsolete commands.
        setObsolete(true);
        if (m_onFailed)
            m_onFailed(m_dealId, m_lastError);
        return;
    }
    m_lastError = {};
    if (m_onApplied)
        m_onApplied(m_dealId);
}

} // namespace Outpost
