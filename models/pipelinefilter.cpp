#include "pipelinefilter.h"

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// Settings keys. Bounded on read: a settings file is external input.
const QString ownerKey = u"owner"_s;
const QString unitsKey = u"units"_s;
const QString productLineKey = u"productLine"_s;
const QString regionKey = u"region"_s;
const QString minAmountKey = u"minAmount"_s;
const QString maxAmountKey = u"maxAmount"_s;
const QString closeFromKey = u"closeFrom"_s;
const QString closeToKey = u"closeTo"_s;
const QString rottingKey = u"rottingOnly"_s;
const QString statusKey = u"status"_s;
const QString searchKey = u"search"_s;
const QString closePresetKey = u"closePreset"_s;

constexpr int maxIdLength = 64;
constexpr int maxTextLength = 200;
constexpr int maxUnits = 1000;
constexpr qint64 maxAmountMinor = 100'000'000'000'000;

QString boundedText(const QVariant &value, int limit)
{
    const QString text = value.toString();
    return text.size() <= limit ? text : QString();
}

qint64 amountFrom(const QVariant &value)
{
    bool ok = false;
    const qint64 amount = value.toLongLong(&ok);
    return ok && amount >= 0 && amount <= maxAmountMinor ? amount : -1;
}

} // namespace

bool PipelineFilter::isDefault() const
{
    return *this == PipelineFilter();
}

int PipelineFilter::activeCount() const
{
    int count = 0;
    count += ownerId.isEmpty() ? 0 : 1;
    count += unitIds.isEmpty() ? 0 : 1;
    count += productLineId.isEmpty() ? 0 : 1;
    count += region.isEmpty() ? 0 : 1;
    count += minAmountMinor >= 0 || maxAmountMinor >= 0 ? 1 : 0;
    count += closeFrom.isValid() || closeTo.isValid() || !closePreset.isEmpty() ? 1 : 0;
    count += rottingOnly ? 1 : 0;
    return count;
}

QStringList PipelineFilter::closePresets()
{
    return {u"overdue"_s,     u"thisWeek"_s,    u"thisMonth"_s, u"next30Days"_s,
            u"thisQuarter"_s, u"nextQuarter"_s, u"thisYear"_s};
}

void PipelineFilter::applyClosePreset(const QDate &today)
{
    const auto quarterStart = [](const QDate &day) {
        return QDate(day.year(), (day.month() - 1) / 3 * 3 + 1, 1);
    };
    if (closePreset == u"overdue"_s) {
        closeFrom = QDate();
        closeTo = today.addDays(-1);
    } else if (closePreset == u"thisWeek"_s) {
        closeFrom = today.addDays(1 - today.dayOfWeek());
        closeTo = closeFrom.addDays(6);
    } else if (closePreset == u"thisMonth"_s) {
        closeFrom = QDate(today.year(), today.month(), 1);
        closeTo = closeFrom.addMonths(1).addDays(-1);
    } else if (closePreset == u"next30Days"_s) {
        closeFrom = today;
        closeTo = today.addDays(30);
    } else if (closePreset == u"thisQuarter"_s) {
        closeFrom = quarterStart(today);
        closeTo = closeFrom.addMonths(3).addDays(-1);
    } else if (closePreset == u"nextQuarter"_s) {
        closeFrom = quarterStart(today).addMonths(3);
        closeTo = closeFrom.addMonths(3).addDays(-1);
    } else if (closePreset == u"thisYear"_s) {
        closeFrom = QDate(today.year(), 1, 1);
        closeTo = QDate(today.year(), 12, 31);
    }
}

QString PipelineFilter::statusName(Status status)
{
    switch (status) {
    case Status::Won:
        return u"won"_s;
    case Status::Lost:
        return u"lost"_s;
    case Status::All:
        return u"all"_s;
    case Status::Open:
        break;
    }
    return u"open"_s;
}

PipelineFilter::Status PipelineFilter::statusFromName(const QString &name)
{
    if (name == u"won"_s)
        return Status::Won;
    if (name == u"lost"_s)
        return Status::Lost;
    if (name == u"all"_s)
        return Status::All;
    return Status::Open;
}

QVariantMap PipelineFilter::toVariantMap() const
{
    return {
        {ownerKey, ownerId},
        {unitsKey, unitIds},
        {productLineKey, productLineId},
        {regionKey, region},
        {minAmountKey, minAmountMinor},
        {maxAmountKey, maxAmountMinor},
        {closeFromKey, closeFrom.isValid() ? closeFrom.toString(Qt::ISODate) : QString()},
        {closeToKey, closeTo.isValid() ? closeTo.toString(Qt::ISODate) : QString()},
        {rottingKey, rottingOnly},
        {statusKey, statusName(status)},
        {searchKey, searchText},
        {closePresetKey, closePreset},
    };
}

PipelineFilter PipelineFilter::fromVariantMap(const QVariantMap &map)
{
    PipelineFilter filter;
    filter.ownerId = boundedText(map.value(ownerKey), maxIdLength);
    const QStringList units = map.value(unitsKey).toStringList();
    if (units.size() <= maxUnits) {
        for (const QString &unit : units) {
            if (!unit.isEmpty() && unit.size() <= maxIdLength)
                filter.unitIds.append(unit);
        }
    }
    filter.productLineId = boundedText(map.value(productLineKey), maxIdLength);
    filter.region = boundedText(map.value(regionKey), maxTextLength);
    filter.minAmountMinor = amountFrom(map.value(minAmountKey, -1));
    filter.maxAmountMinor = amountFrom(map.value(maxAmountKey, -1));
    filter.closeFrom = QDate::fromString(map.value(closeFromKey).toString(), Qt::ISODate);
    filter.closeTo = QDate::fromString(map.value(closeToKey).toString(), Qt::ISODate);
    filter.rottingOnly = map.value(rottingKey).toBool();
    filter.status = statusFromName(map.value(statusKey).toString());
    filter.searchText = boundedText(map.value(searchKey), maxTextLength);
    const QString preset = map.value(closePresetKey).toString();
    if (closePresets().contains(preset) || preset == u"custom"_s)
        filter.closePreset = preset;
    return filter;
}

} // namespace Outpost
