#include "stagegate.h"

#include "dealfield.h"

using namespace Qt::StringLiterals;

namespace Outpost {

bool StageGate::isEmpty(const QString &column, const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return true;
    if (column == u"amount_minor"_s || column == u"expected_close"_s || column.endsWith(u"_at"_s)) {
        bool isNumber = false;
        const qint64 number = value.toLongLong(&isNumber);
        return !isNumber || number == 0;
    }
    return value.toString().trimmed().isEmpty();
}

QStringList StageGate::missingRequiredFields(const Deal &deal, const Stage &stage,
                                             const QVariantMap &changes)
{
    const QVariantMap current = deal.toFields();
    QStringList missing;
    for (const QString &required : stage.requiredFields) {
        const QString column = DealField::column(required);
        if (column.isEmpty() || missing.contains(column))
            continue;
        const QVariant value
            = changes.contains(column) ? changes.value(column) : current.value(column);
        if (isEmpty(column, value))
            missing.append(column);
    }
    return missing;
}

QString StageGate::message(const Stage &stage, const QStringList &missingColumns)
{
    QStringList labels;
    labels.reserve(missingColumns.size());
    for (const QString &column : missingColumns)
        labels.append(DealField::label(column));
    //: %1 is a stage name, %2 a list of field names
    return tr("Before the deal can enter “%1”, fill in: %2.")
        .arg(stage.name, labels.join(tr(", ", "list separator")));
}

} // namespace Outpost
