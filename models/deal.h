#pragma once

#include <QString>
#include <QVariantMap>

namespace Outpost {

/// A sales opportunity. Amounts in minor units; times in UTC milliseconds (0: not set).
struct Deal
{
    enum class Status { Open, Won, Lost };

    QString id;
    QString title;
    QString customerId;
    QString unitId;
    QString ownerId;
    QString productId;
    QString stageId;
    qint64 amountMinor = 0;
    QString currency = QStringLiteral("CNY");
    QString region;
    int probability = 0;
    qint64 expectedClose = 0;
    Status status = Status::Open;
    QString lostReason;
    qint64 stageEnteredAt = 0;
    qint64 closedAt = 0;
    qint64 lastActivityAt = 0;
    QString notes;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    static QString statusName(Status status);
    static Status statusFromName(const QString &name);
    /// The synced fields as column values (what ChangeWriter takes).
    QVariantMap toFields() const;
};

} // namespace Outpost
