#include "backoff.h"

#include <QTest>

using namespace Outpost;

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delaysDoubleFromHalfASecondToAMinute_data();
    void delaysDoubleFromHalfASecondToAMinute();
    void jitterStaysWithinThirtyPercent_data();
    void jitterStaysWithinThirtyPercent();
    void retryAfterIsHonouredWhenLonger();
    void resetStartsOver();
};

void TestBackoff::delaysDoubleFromHalfASecondToAMinute_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<int>("delay");
    QTest::newRow("first") << 0 << 500;
    QTest::newRow("second") << 1 << 1000;
    QTest::newRow("third") << 2 << 2000;
    QTest::newRow("seventh") << 6 << 32'000;
    QTest::newRow("eighth reaches the cap") << 7 << 60'000;
    QTest::newRow("stays at the cap") << 40 << 60'000;
}

void TestBackoff::delaysDoubleFromHalfASecondToAMinute()
{
    QFETCH(int, attempt);
    QFETCH(int, delay);
    Backoff backoff(500, 60'000, 0.3, [] { return 0.5; }); // 0.5: no jitter
    int last = 0;
    for (int i = 0; i <= attempt; ++i)
        last = backoff.next();
    QCOMPARE(last, delay);
    QCOMPARE(backoff.baseDelay(attempt), delay);
}

void TestBackoff::jitterStaysWithinThirtyPercent_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<int>("delay");
    QTest::newRow("lowest") << 0.0 << 700; // 1000 * 0.7
    QTest::newRow("middle") << 0.5 << 1000;
    QTest::newRow("highest") << 0.999999 << 1300;
}

void TestBackoff::jitterStaysWithinThirtyPercent()
{
    QFETCH(double, random);
    QFETCH(int, delay);
    Backoff backoff(500, 60'000, 0.3, [random] { return random; });
    backoff.next();
    QCOMPARE(backoff.next(), delay);
}

void TestBackoff::retryAfterIsHonouredWhenLonger()
{
    Backoff backoff(500, 60'000, 0.3, [] { return 0.5; });
    QCOMPARE(backoff.next(10'000), 10'000);
    QCOMPARE(backoff.next(100), 1000);
    QCOMPARE(backoff.next(24LL * 3600 * 1000), 3600 * 1000); // bounded to an hour
}

void TestBackoff::resetStartsOver()
{
    Backoff backoff(500, 60'000, 0.3, [] { return 0.5; });
    backoff.next();
    backoff.next();
    QCOMPARE(backoff.attempts(), 2);
    backoff.reset();
    QCOMPARE(backoff.next(), 500);
}

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
