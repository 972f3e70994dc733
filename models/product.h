#pragma once

#include <QString>

namespace Outpost {

/// A product a deal can be about. Prices in minor units of currency.
struct Product
{
    QString id;
    QString lineId;
    QString name;
    QString sku;
    qint64 listPriceMinor = 0;
    QString currency = QStringLiteral("CNY");
};

} // namespace Outpost
