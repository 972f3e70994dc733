#pragma once

#include <QDate>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace Outpost {

/// The filters above the pipeline board, as the user set them. Empty strings and invalid dates
/// mean "any"; every criterion that is set must hold (they combine with AND). A value type that
/// round-trips through QSettings (toVariantMap()/fromVariantMap()) so each user's filters are
/// remembered. Any thread.
struct PipelineFilter
{
    /// Which deals the board shows: open ones (the pipeline), won, lost or all.
    enum class Status { Open, Won, Lost, All };

    QString ownerId; ///< users.id; empty: everyone
    QStringList unitIds; ///< units.id; empty: every unit the user sees
    QString productLineId; ///< product_lines.id
    QString region; ///< deals.region
    qint64 minAmountMinor = -1; ///< -1: no lower bound
    qint64 maxAmountMinor = -1; ///< -1: no upper bound
    QDate closeFrom; ///< expected close on or after this local date
    QDate closeTo; ///< expected close on or before this local date
    /// A range relative to today ("overdue", "thisWeek", "thisMonth", "next30Days",
    /// "thisQuarter", "nextQuarter", "thisYear"), or empty/"custom" for the dates as set.
    QString closePreset;
    bool rottingOnly = false;
    Status status = Status::Open;
    QString searchText; ///< title, customer and notes contain it (full-text search)

    /// True when only the defaults are set (open deals, nothing else).
    bool isDefault() const;
    /// The number of criteria set besides the status and the search text.
    int activeCount() const;
    /// The search text as it is matched: trimmed.
    QString searchNeedle() const { return searchText.trimmed(); }

    /// Sets closeFrom/closeTo from closePreset for the day today (no-op for custom ranges).
    void applyClosePreset(const QDate &today);
    /// The preset names applyClosePreset() knows, in menu order.
    static QStringList closePresets();

    /// The filter as settings values (dates ISO, amounts as numbers).
    QVariantMap toVariantMap() const;
    /// Reads what toVariantMap() wrote; unknown or malformed values are left at their defaults.
    static PipelineFilter fromVariantMap(const QVariantMap &map);

    static QString statusName(Status status);
    static Status statusFromName(const QString &name);

    friend bool operator==(const PipelineFilter &, const PipelineFilter &) = default;
};

} // namespace Outpost
