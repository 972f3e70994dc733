#include "money.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Outpost {

QString Money::symbol(const QString &currency)
{
    if (currency == u"CNY"_s)
        return u"¥"_s;
    if (currency == u"USD"_s)
        return u"US$"_s;
    if (currency == u"EUR"_s)
        return u"€"_s;
    if (currency == u"HKD"_s)
        return u"HK$"_s;
    if (currency == u"JPY"_s)
        return u"JP¥"_s;
    if (currency == u"GBP"_s)
        return u"£"_s;
    return currency + u' ';
}

QString Money::format(qint64 minor, const QString &currency, const QLocale &locale)
{
    const bool negative = minor < 0;
    // Negate in unsigned arithmetic: -minor overflows for the smallest qint64.
    const quint64 absolute = negative ? 0 - quint64(minor) : quint64(minor);
    const QString major = locale.toString(qulonglong(absolute / 100));
    const QString cents = u"%1"_s.arg(absolute % 100, 2, 10, QLatin1Char('0'));
    return (negative ? u"-"_s : QString()) + symbol(currency) + major + locale.decimalPoint()
        + cents;
}

QString Money::formatCompact(qint64 minor, const QString &currency, const QLocale &locale)
{
    const double major = double(minor) / 100.0;
    const double magnitude = major < 0 ? -major : major;
    QString text;
    // Thresholds allow for rounding, so 999,999.99 shows as 1.0M rather than 1000K.
    if (magnitude >= 999.95e6)
        text = locale.toString(magnitude / 1e9, 'f', 1) + u'B';
    else if (magnitude >= 999.5e3)
        text = locale.toString(magnitude / 1e6, 'f', 1) + u'M';
    else if (magnitude >= 9999.5)
        text = locale.toString(magnitude / 1e3, 'f', 0) + u'K';
    else
        text = locale.toString(magnitude, 'f', 0);
    // The sign goes before the symbol, as in format().
    return (minor < 0 ? u"-"_s : QString()) + symbol(currency) + text;
}

bool Money::parse(const QString &text, const QLocale &locale, qint64 *minor)
{
    QString cleaned = text.trimmed();
    cleaned.remove(locale.groupSeparator());
    // A comma also groups ("1,234.50" typed anywhere) unless it is this locale's decimal point.
    if (locale.decimalPoint() != u","_s)
        cleaned.remove(u',');
    cleaned.replace(locale.decimalPoint(), u"."_s);
    static const QRegularExpression pattern(u"^(\\d{1,15})(?:\\.(\\d{1,2}))?$"_s);
    const QRegularExpressionMatch match = pattern.match(cleaned);
    if (!match.hasMatch())
        return false;
    qint64 value = match.captured(1).toLongLong() * 100;
    const QString fraction = match.captured(2);
    if (!fraction.isEmpty())
        value += fraction.size() == 1 ? fraction.toLongLong() * 10 : fraction.toLongLong();
    *minor = value;
    return true;
}

} // namespace Outpost
