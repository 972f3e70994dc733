#include "dealfield.h"

#include "schema.h"

using namespace Qt::StringLiterals;

namespace Outpost {

QString DealField::label(const QString &column)
{
    if (column == u"title"_s)
        return tr("Title");
    if (column == u"customer_id"_s)
        return tr("Customer");
    if (column == u"unit_id"_s)
        return tr("Unit");
    if (column == u"owner_id"_s)
        return tr("Owner");
    if (column == u"product_id"_s)
        return tr("Product");
    if (column == u"stage_id"_s)
        return tr("Stage");
    if (column == u"amount_minor"_s)
        return tr("Amount");
    if (column == u"currency"_s)
        return tr("Currency");
    if (column == u"region"_s)
        return tr("Region");
    if (column == u"probability"_s)
        return tr("Probability");
    if (column == u"expected_close"_s)
        return tr("Expected close date");
    if (column == u"status"_s)
        return tr("Status");
    if (column == u"lost_reason"_s)
        return tr("Lost reason");
    if (column == u"stage_entered_at"_s)
        return tr("Stage entered");
    if (column == u"closed_at"_s)
        return tr("Closed");
    if (column == u"last_activity_at"_s)
        return tr("Last activity");
    if (column == u"notes"_s)
        return tr("Notes");
    if (column == u"deleted"_s)
        return tr("Deleted");
    return column;
}

QString DealField::statusLabel(const QString &status)
{
    if (status == u"open"_s)
        return tr("Open");
    if (status == u"won"_s)
        return tr("Won");
    if (status == u"lost"_s)
        return tr("Lost");
    return status;
}

QString DealField::column(const QString &name)
{
    const QString key = name.trimmed().toLower();
    const Schema::SyncedTable *deals = Schema::syncedTable(u"deals");
    if (deals && deals->fields.contains(key))
        return key;
    static const QHash<QString, QString> aliases {
        {u"amount"_s, u"amount_minor"_s},
        {u"value"_s, u"amount_minor"_s},
        {u"customer"_s, u"customer_id"_s},
        {u"owner"_s, u"owner_id"_s},
        {u"product"_s, u"product_id"_s},
        {u"stage"_s, u"stage_id"_s},
        {u"unit"_s, u"unit_id"_s},
        {u"close_date"_s, u"expected_close"_s},
        {u"expected_close_date"_s, u"expected_close"_s},
    };
    return aliases.value(key);
}

} // namespace Outpost
