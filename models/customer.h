#pragma once

#include <QString>

namespace Outpost {

/// A customer organization with its main contact. Field-level data grants govern its use.
struct Customer
{
    QString id;
    QString unitId;
    QString ownerId;
    QString name;
    QString segment; ///< enterprise, mid-market, small business, public sector
    QString region;
    QString industry;
    QString contactName;
    QString email;
    QString phone;
    QString address;
    QString city;
    QString country;
    QString notes;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
};

} // namespace Outpost
