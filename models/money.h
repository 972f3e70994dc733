#pragma once

#include <QLocale>
#include <QString>

namespace Outpost {

/// Money is an integer in minor units (fen, cents) plus an ISO 4217 currency code.
/// No floating point touches an amount; formatting is for display only.
struct Money
{
    qint64 minor = 0;
    QString currency = QStringLiteral("CNY");

    /// "¥1,234.50", "US$1,234.50": the currency symbol of the locale, grouped digits.
    static QString format(qint64 minor, const QString &currency, const QLocale &locale = {});
    /// A compact form for tight spaces: "¥1.2M", "¥980K".
    static QString formatCompact(qint64 minor, const QString &currency, const QLocale &locale = {});
    /// Parses user input in major units ("1234.5", "1,234.50") to minor units.
    /// Returns false for anything that is not a non-negative amount with at most 2 decimals.
    static bool parse(const QString &text, const QLocale &locale, qint64 *minor);
    static QString symbol(const QString &currency);
};

} // namespace Outpost
