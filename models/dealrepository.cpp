#include "dealrepository.h"

#include "changewriter.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int maxTitleLength = 200;
constexpr int maxReasonLength = 500;
constexpr int maxNotesLength = 20000;
constexpr qint64 maxAmountMinor = 100'000'000'000'000; // one trillion in major units

const QString dealSelect
    = u"SELECT id, title, coalesce(customer_id, ''), coalesce(unit_id, ''), coalesce(owner_id, "
      u"''), "
      u"coalesce(product_id, ''), coalesce(stage_id, ''), amount_minor, currency, region, "
      u"probability, coalesce(expected_close, 0), status, lost_reason, stage_entered_at, "
      u"coalesce(closed_at, 0), coalesce(last_activity_at, 0), notes, created_at, updated_at "
      u"FROM deals "_s;

Deal dealFrom(const QSqlQuery &q)
{
    Deal d;
    d.id = q.value(0).toString();
    d.title = q.value(1).toString();
    d.customerId = q.value(2).toString();
    d.unitId = q.value(3).toString();
    d.ownerId = q.value(4).toString();
    d.productId = q.value(5).toString();
    d.stageId = q.value(6).toString();
    d.amountMinor = q.value(7).toLongLong();
    d.currency = q.value(8).toString();
    d.region = q.value(9).toString();
    d.probability = q.value(10).toInt();
    d.expectedClose = q.value(11).toLongLong();
    d.status = Deal::statusFromName(q.value(12).toString());
    d.lostReason = q.value(13).toString();
    d.stageEnteredAt = q.value(14).toLongLong();
    d.closedAt = q.value(15).toLongLong();
    d.lastActivityAt = q.value(16).toLongLong();
    d.notes = q.value(17).toString();
    d.createdAt = q.value(18).toLongLong();
    d.updatedAt = q.value(19).toLongLong();
    return d;
}

} // namespace

DealRepository::DealRepository(LocalStore &store, QString actorId)
    : m_store(store)
    , m_actorId(std::move(actorId))
{ }

Result<void> DealRepository::validate(const QVariantMap &fields)
{
    const auto invalid = [](const QString &message) {
        return Error {ErrorCode::InvalidArgument, message};
    };
    if (fields.contains(u"title"_s)) {
        const QString title = fields.value(u"title"_s).toString().trimmed();
        if (title.isEmpty())
            return invalid(tr("A deal needs a title."));
        if (title.size() > maxTitleLength)
            return invalid(
                tr("The title is too long (at most %1 characters).").arg(maxTitleLength));
    }
    if (fields.contains(u"amount_minor"_s)) {
        bool isNumber = false;
        const qint64 amount = fields.value(u"amount_minor"_s).toLongLong(&isNumber);
        if (!isNumber || amount < 0 || amount > maxAmountMinor)
            return invalid(tr("The amount must be between 0 and 1,000,000,000,000."));
    }
    if (fields.contains(u"currency"_s)) {
        const QString currency = fields.value(u"currency"_s).toString();
        if (currency.size() != 3 || currency.toUpper() != currency)
            return invalid(tr("\"%1\" is not a currency code such as CNY or USD.").arg(currency));
    }
    if (fields.contains(u"probability"_s)) {
        const int probability = fields.value(u"probability"_s).toInt();
        if (probability < 0 || probability > 100)
            return invalid(tr("The probability must be between 0 and 100 percent."));
    }
    if (fields.contains(u"status"_s)) {
        const QString status = fields.value(u"status"_s).toString();
        if (status != u"open"_s && status != u"won"_s && status != u"lost"_s)
            return invalid(tr("\"%1\" is not a deal status.").arg(status));
        if (status == u"lost"_s && fields.value(u"lost_reason"_s).toString().trimmed().isEmpty())
            return invalid(tr("A lost deal needs a reason."));
    }
    if (fields.value(u"lost_reason"_s).toString().size() > maxReasonLength)
        return invalid(tr("The reason is too long (at most %1 characters).").arg(maxReasonLength));
    if (fields.value(u"notes"_s).toString().size() > maxNotesLength)
        return invalid(tr("The notes are too long (at most %1 characters).").arg(maxNotesLength));
    return {};
}

Result<Deal> DealRepository::deal(const QString &id)
{
    QSqlQuery &q = m_store.prepared(dealSelect + u"WHERE id = ? AND deleted = 0"_s);
    q.addBindValue(id);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return Error {ErrorCode::NotFound, tr("The deal does not exist.")};
    return dealFrom(q);
}

Result<QList<Deal>> DealRepository::dealsForCustomer(const QString &customerId)
{
    QSqlQuery &q = m_store.prepared(
        dealSelect
        + u"WHERE customer_id = ? AND deleted = 0 ORDER BY status = 'open' DESC, expected_close"_s);
    q.addBindValue(customerId);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<Deal> list;
    while (q.next())
        list.append(dealFrom(q));
    return list;
}

int DealRepository::count()
{
    QSqlQuery &q = m_store.prepared(u"SELECT count(*) FROM deals WHERE deleted = 0"_s);
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

Result<QString> DealRepository::create(Deal deal)
{
    if (deal.id.isEmpty())
        deal.id = UuidV7::generate();
    if (deal.stageEnteredAt == 0)
        deal.stageEnteredAt = m_store.nowMs();
    const QVariantMap fields = deal.toFields();
    if (Result<void> valid = validate(fields); !valid)
        return valid.error();
    ChangeWriter writer(m_store, m_actorId);
    if (Result<void> done = writer.insert(u"deals"_s, deal.id, fields); !done)
        return done.error();
    return deal.id;
}

Result<void> DealRepository::update(const QString &id, const QVariantMap &fields)
{
    return m_store.transaction([&]() -> Result<void> {
        const Result<Deal> current = deal(id);
        if (!current)
            return current.error();
        QVariantMap changes = fields;
        const QString status
            = changes.value(u"status"_s, Deal::statusName(current->status)).toString();
        if (!changes.contains(u"lost_reason"_s) && status == u"lost"_s)
            changes.insert(u"lost_reason"_s, current->lostReason);
        // Validated with the resulting status, so a lost deal cannot lose its reason.
        QVariantMap checked = changes;
        checked.insert(u"status"_s, status);
        if (Result<void> valid = validate(checked); !valid)
            return valid;

        const qint64 now = m_store.nowMs();
        const QString stageId = changes.value(u"stage_id"_s).toString();
        if (changes.contains(u"stage_id"_s) && stageId != current->stageId) {
            QSqlQuery &stage = m_store.prepared(
                u"SELECT win_probability FROM stages WHERE id = ? AND deleted = 0"_s);
            stage.addBindValue(stageId);
            if (!stage.exec())
                return LocalStore::sqlError(stage);
            if (!stage.next())
                return Error {ErrorCode::InvalidArgument, tr("The stage does not exist.")};
            changes.insert(u"stage_entered_at"_s, now);
            if (!changes.contains(u"probability"_s) && status == u"open"_s)
                changes.insert(u"probability"_s, stage.value(0).toInt());
            stage.finish();
        }
        if (changes.contains(u"status"_s) && status != Deal::statusName(current->status)) {
            if (status == u"open"_s) {
                changes.insert(u"closed_at"_s, QVariant());
                changes.insert(u"lost_reason"_s, QString());
                // Reopened, the deal is as likely as its stage says again, not 100 or 0 percent.
                if (!changes.contains(u"probability"_s)) {
                    QSqlQuery &stage = m_store.prepared(
                        u"SELECT win_probability FROM stages WHERE id = ? AND deleted = 0"_s);
                    stage.addBindValue(changes.value(u"stage_id"_s, current->stageId));
                    if (!stage.exec())
                        return LocalStore::sqlError(stage);
                    if (stage.next())
                        changes.insert(u"probability"_s, stage.value(0).toInt());
                    stage.finish();
                }
            } else {
                changes.insert(u"closed_at"_s, now);
                changes.insert(u"probability"_s, status == u"won"_s ? 100 : 0);
                if (status == u"won"_s)
                    changes.insert(u"lost_reason"_s, QString());
            }
        }
        ChangeWriter writer(m_store, m_actorId);
        return writer.update(u"deals"_s, id, changes);
    });
}

Result<void> DealRepository::remove(const QString &id)
{
    ChangeWriter writer(m_store, m_actorId);
    return writer.remove(u"deals"_s, id);
}

Result<void> DealRepository::restore(const QString &id)
{
    ChangeWriter writer(m_store, m_actorId);
    return writer.restore(u"deals"_s, id);
}

Result<QList<FieldChange>> DealRepository::history(const QString &id)
{
    QSqlQuery &q
        = m_store.prepared(u"SELECT h.field, h.old_value, h.new_value, coalesce(h.changed_by, ''), "
                           u"coalesce(u.name, ''), h.changed_at, h.origin FROM field_history h "
                           u"LEFT JOIN users u ON u.id = h.changed_by "
                           u"WHERE h.table_name = 'deals' AND h.row_id = ? ORDER BY h.seq DESC"_s);
    q.addBindValue(id);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<FieldChange> list;
    while (q.next()) {
        list.append(FieldChange {q.value(0).toString(), q.value(1), q.value(2),
                                 q.value(3).toString(), q.value(4).toString(),
                                 q.value(5).toLongLong(), q.value(6).toString()});
    }
    return list;
}

} // namespace Outpost
