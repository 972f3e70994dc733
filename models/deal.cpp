#include "deal.h"

using namespace Qt::StringLiterals;

namespace Outpost {

QString Deal::statusName(Status status)
{
    switch (status) {
    case Status::Won:
        return u"won"_s;
    case Status::Lost:
        return u"lost"_s;
    case Status::Open:
        break;
    }
    return u"open"_s;
}

Deal::Status Deal::statusFromName(const QString &name)
{
    if (name == u"won"_s)
        return Status::Won;
    if (name == u"lost"_s)
        return Status::Lost;
    return Status::Open;
}

QVariantMap Deal::toFields() const
{
    const auto optionalId = [](const QString &id) {
        return id.isEmpty() ? QVariant() : QVariant(id);
    };
    const auto optionalTime = [](qint64 ms) {
        return ms == 0 ? QVariant() : QVariant(ms);
    };
    return {
        {u"title"_s, title},
        {u"customer_id"_s, optionalId(customerId)},
        {u"unit_id"_s, optionalId(unitId)},
        {u"owner_id"_s, optionalId(ownerId)},
        {u"product_id"_s, optionalId(productId)},
        {u"stage_id"_s, optionalId(stageId)},
        {u"amount_minor"_s, amountMinor},
        {u"currency"_s, currency},
        {u"region"_s, region},
        {u"probability"_s, probability},
        {u"expected_close"_s, optionalTime(expectedClose)},
        {u"status"_s, statusName(status)},
        {u"lost_reason"_s, lostReason},
        {u"stage_entered_at"_s, stageEnteredAt},
        {u"closed_at"_s, optionalTime(closedAt)},
        {u"last_activity_at"_s, optionalTime(lastActivityAt)},
        {u"notes"_s, notes},
    };
}

} // namespace Outpost
