#include "money.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {
const QLocale enUS(QLocale::English, QLocale::UnitedStates);
const QLocale zhCN(QLocale::Chinese, QLocale::China);
const QLocale deDE(QLocale::German, QLocale::Germany);
const QLocale frFR(QLocale::French, QLocale::France);
} // namespace

class tst_Money : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void format_data();
    void format();
    void formatCompact_data();
    void formatCompact();
    void parse_data();
    void parse();
    void parseFormattedAmounts_data();
    void parseFormattedAmounts();
};

void tst_Money::format_data()
{
    QTest::addColumn<qint64>("minor");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("expected");

    QTest::newRow("zero") << qint64(0) << u"CNY"_s << zhCN << u"¥0.00"_s;
    QTest::newRow("one fen") << qint64(1) << u"CNY"_s << zhCN << u"¥0.01"_s;
    QTest::newRow("ten fen") << qint64(10) << u"CNY"_s << zhCN << u"¥0.10"_s;
    QTest::newRow("grouped zh_CN") << qint64(123450) << u"CNY"_s << zhCN << u"¥1,234.50"_s;
    QTest::newRow("grouped en_US") << qint64(123456789) << u"USD"_s << enUS << u"US$1,234,567.89"_s;
    QTest::newRow("de_DE separators") << qint64(123450) << u"EUR"_s << deDE << u"€1.234,50"_s;
    QTest::newRow("negative") << qint64(-1205) << u"USD"_s << enUS << u"-US$12.05"_s;
    QTest::newRow("HKD") << qint64(100) << u"HKD"_s << enUS << u"HK$1.00"_s;
    QTest::newRow("JPY") << qint64(100) << u"JPY"_s << enUS << u"JP¥1.00"_s;
    QTest::newRow("GBP") << qint64(100) << u"GBP"_s << enUS << u"£1.00"_s;
    QTest::newRow("unknown currency uses its code")
        << qint64(250) << u"CHF"_s << enUS << u"CHF 2.50"_s;
    QTest::newRow("largest") << std::numeric_limits<qint64>::max() << u"CNY"_s << enUS
                             << u"¥92,233,720,368,547,758.07"_s;
    QTest::newRow("smallest") << std::numeric_limits<qint64>::min() << u"CNY"_s << enUS
                              << u"-¥92,233,720,368,547,758.08"_s;
}

void tst_Money::format()
{
    QFETCH(qint64, minor);
    QFETCH(QString, currency);
    QFETCH(QLocale, locale);
    QFETCH(QString, expected);
    QCOMPARE(Money::format(minor, currency, locale), expected);
}

void tst_Money::formatCompact_data()
{
    QTest::addColumn<qint64>("minor");
    QTest::addColumn<QString>("expected");

    QTest::newRow("small") << qint64(1234) << u"¥12"_s;
    QTest::newRow("below ten thousand") << qint64(999'900) << u"¥9,999"_s;
    QTest::newRow("thousands") << qint64(98'000'000) << u"¥980K"_s;
    QTest::newRow("millions") << qint64(123'456'789) << u"¥1.2M"_s;
    QTest::newRow("billions") << qint64(250'000'000'000) << u"¥2.5B"_s;
    QTest::newRow("negative millions") << qint64(-350'000'000) << u"-¥3.5M"_s;
    QTest::newRow("negative small") << qint64(-1234) << u"-¥12"_s;
    QTest::newRow("rounds up to millions") << qint64(99'999'999) << u"¥1.0M"_s;
    QTest::newRow("rounds up to billions") << qint64(99'996'000'000) << u"¥1.0B"_s;
    QTest::newRow("rounds up to thousands") << qint64(999'990) << u"¥10K"_s;
}

void tst_Money::formatCompact()
{
    QFETCH(qint64, minor);
    QFETCH(QString, expected);
    QCOMPARE(Money::formatCompact(minor, u"CNY"_s, enUS), expected);
}

void tst_Money::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("minor");

    QTest::newRow("integer") << u"1234"_s << enUS << true << qint64(123400);
    QTest::newRow("one decimal") << u"1234.5"_s << enUS << true << qint64(123450);
    QTest::newRow("two decimals") << u"1234.56"_s << enUS << true << qint64(123456);
    QTest::newRow("grouped") << u"1,234.50"_s << enUS << true << qint64(123450);
    QTest::newRow("zero") << u"0"_s << enUS << true << qint64(0);
    QTest::newRow("one cent") << u"0.01"_s << enUS << true << qint64(1);
    QTest::newRow("surrounding spaces") << u"  12 "_s << enUS << true << qint64(1200);
    QTest::newRow("zh_CN grouped") << u"1,234.50"_s << zhCN << true << qint64(123450);
    QTest::newRow("15 digits") << u"999999999999999.99"_s << enUS << true
                               << qint64(99'999'999'999'999'999);
    QTest::newRow("de_DE decimal comma") << u"1234,5"_s << deDE << true << qint64(123450);
    QTest::newRow("de_DE grouped") << u"1.234,50"_s << deDE << true << qint64(123450);
    QTest::newRow("de_DE point groups") << u"1.234"_s << deDE << true << qint64(123400);
    QTest::newRow("fr_FR decimal comma") << u"12,5"_s << frFR << true << qint64(1250);
    QTest::newRow("fr_FR grouped") << u"1\u202f234,50"_s << frFR << true << qint64(123450);

    QTest::newRow("negative") << u"-1"_s << enUS << false << qint64(0);
    QTest::newRow("plus sign") << u"+1"_s << enUS << false << qint64(0);
    QTest::newRow("three decimals") << u"1.234"_s << enUS << false << qint64(0);
    QTest::newRow("letters") << u"abc"_s << enUS << false << qint64(0);
    QTest::newRow("exponent") << u"1e5"_s << enUS << false << qint64(0);
    QTest::newRow("empty") << QString() << enUS << false << qint64(0);
    QTest::newRow("blank") << u"   "_s << enUS << false << qint64(0);
    QTest::newRow("only a point") << u"."_s << enUS << false << qint64(0);
    QTest::newRow("leading point") << u".5"_s << enUS << false << qint64(0);
    QTest::newRow("trailing point") << u"5."_s << enUS << false << qint64(0);
    QTest::newRow("two points") << u"1.2.3"_s << enUS << false << qint64(0);
    QTest::newRow("currency symbol") << u"¥12"_s << zhCN << false << qint64(0);
    QTest::newRow("16 digits") << u"1000000000000000"_s << enUS << false << qint64(0);
    QTest::newRow("huge") << u"99999999999999999999999999999"_s << enUS << false << qint64(0);
    QTest::newRow("hex") << u"0x10"_s << enUS << false << qint64(0);
    QTest::newRow("full-width digits") << u"１２"_s << zhCN << false << qint64(0);
    QTest::newRow("inner space") << u"1 000"_s << enUS << false << qint64(0);
    QTest::newRow("nan") << u"nan"_s << enUS << false << qint64(0);
    QTest::newRow("de_DE English input is ambiguous")
        << u"1,234.50"_s << deDE << false << qint64(0);
}

void tst_Money::parse()
{
    QFETCH(QString, text);
    QFETCH(QLocale, locale);
    QFETCH(bool, ok);
    QFETCH(qint64, minor);

    constexpr qint64 untouched = -4242;
    qint64 parsed = untouched;
    QCOMPARE(Money::parse(text, locale, &parsed), ok);
    // A refused input leaves the output alone.
    QCOMPARE(parsed, ok ? minor : untouched);
}

void tst_Money::parseFormattedAmounts_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::newRow("en_US") << enUS;
    QTest::newRow("zh_CN") << zhCN;
    QTest::newRow("de_DE") << deDE;
    QTest::newRow("fr_FR") << frFR;
    QTest::newRow("C") << QLocale::c();
}

void tst_Money::parseFormattedAmounts()
{
    // What format() shows (without its symbol) parses back to the same amount in each locale.
    QFETCH(QLocale, locale);
    const QString symbol = Money::symbol(u"EUR"_s);
    for (const qint64 minor : {qint64(0), qint64(5), qint64(120), qint64(123456),
                               qint64(100'000'000'01), qint64(99'999'999'999'999'999)}) {
        const QString shown = Money::format(minor, u"EUR"_s, locale);
        QVERIFY(shown.startsWith(symbol));
        qint64 parsed = -1;
        QVERIFY2(Money::parse(shown.mid(symbol.size()), locale, &parsed), qPrintable(shown));
        QCOMPARE(parsed, minor);
    }
}

QTEST_GUILESS_MAIN(tst_Money)
#include "tst_money.moc"
