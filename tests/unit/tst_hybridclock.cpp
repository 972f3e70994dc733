#include "hybridclock.h"

#include <QTest>

using namespace Outpost;

namespace {
constexpr qint64 t0 = 1'700'000'000'000; // 2023-11-14, a realistic wall clock in ms
constexpr qint64 hlc(qint64 wallMs, int counter)
{
    return HybridClock::fromWallMs(wallMs) + counter;
}
} // namespace

// The clock is constexpr: it can be checked at compile time too.
static_assert(HybridClock::tick(hlc(t0, 5), t0 - 1000) == hlc(t0, 6));
static_assert(HybridClock::wallMs(hlc(t0, 42)) == t0);
static_assert(HybridClock::counter(hlc(t0, 42)) == 42);

class tst_HybridClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void packing_data();
    void packing();
    void tick_data();
    void tick();
    void receive_data();
    void receive();
    void monotonicUnderJitteringWallClock();
};

void tst_HybridClock::packing_data()
{
    QTest::addColumn<qint64>("wallMs");
    QTest::addColumn<int>("counter");

    QTest::newRow("zero") << qint64(0) << 0;
    QTest::newRow("now") << t0 << 0;
    QTest::newRow("now, counter 1") << t0 << 1;
    QTest::newRow("now, counter max") << t0 << 0xffff;
    // 47 bits of milliseconds (the sign bit stays clear) reach beyond the year 6000.
    QTest::newRow("year 4000") << qint64(64'060'588'800'000) << 7;
}

void tst_HybridClock::packing()
{
    QFETCH(qint64, wallMs);
    QFETCH(int, counter);
    const qint64 packed = hlc(wallMs, counter);
    QCOMPARE(HybridClock::wallMs(packed), wallMs);
    QCOMPARE(HybridClock::counter(packed), counter);
    // Packed values order like (wall, counter) pairs.
    QVERIFY(packed < HybridClock::fromWallMs(wallMs + 1));
    if (counter < 0xffff)
        QVERIFY(packed < hlc(wallMs, counter + 1));
}

void tst_HybridClock::tick_data()
{
    QTest::addColumn<qint64>("last");
    QTest::addColumn<qint64>("wallNowMs");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("first event takes the wall clock") << qint64(0) << t0 << hlc(t0, 0);
    QTest::newRow("wall clock ahead") << hlc(t0, 3) << t0 + 1 << hlc(t0 + 1, 0);
    QTest::newRow("same millisecond counts up") << hlc(t0, 0) << t0 << hlc(t0, 1);
    QTest::newRow("same millisecond, counter 9") << hlc(t0, 9) << t0 << hlc(t0, 10);
    QTest::newRow("wall clock behind by 1 s") << hlc(t0, 2) << t0 - 1000 << hlc(t0, 3);
    QTest::newRow("wall clock reset to 1970") << hlc(t0, 2) << qint64(0) << hlc(t0, 3);
    QTest::newRow("counter overflow carries into ms") << hlc(t0, 0xffff) << t0 << hlc(t0 + 1, 0);
    QTest::newRow("zero clock, zero wall") << qint64(0) << qint64(0) << qint64(1);
}

void tst_HybridClock::tick()
{
    QFETCH(qint64, last);
    QFETCH(qint64, wallNowMs);
    QFETCH(qint64, expected);
    const qint64 next = HybridClock::tick(last, wallNowMs);
    QCOMPARE(next, expected);
    QVERIFY(next > last);
    QVERIFY(next >= HybridClock::fromWallMs(wallNowMs));
}

void tst_HybridClock::receive_data()
{
    QTest::addColumn<qint64>("last");
    QTest::addColumn<qint64>("remote");
    QTest::addColumn<qint64>("wallNowMs");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("wall clock ahead of both")
        << hlc(t0, 1) << hlc(t0, 5) << t0 + 10 << hlc(t0 + 10, 0);
    QTest::newRow("remote ahead") << hlc(t0, 1) << hlc(t0 + 500, 4) << t0 << hlc(t0 + 500, 5);
    QTest::newRow("local ahead") << hlc(t0 + 500, 4) << hlc(t0, 9) << t0 << hlc(t0 + 500, 5);
    QTest::newRow("equal clocks") << hlc(t0, 7) << hlc(t0, 7) << t0 << hlc(t0, 8);
    QTest::newRow("remote from the past") << hlc(t0, 0) << hlc(t0 - 60'000, 3) << t0 << hlc(t0, 1);
    QTest::newRow("remote with full counter")
        << hlc(t0, 0) << hlc(t0, 0xffff) << t0 << hlc(t0 + 1, 0);
    QTest::newRow("never ticked, remote only") << qint64(0) << hlc(t0, 2) << t0 - 5 << hlc(t0, 3);
}

void tst_HybridClock::receive()
{
    QFETCH(qint64, last);
    QFETCH(qint64, remote);
    QFETCH(qint64, wallNowMs);
    QFETCH(qint64, expected);
    const qint64 next = HybridClock::receive(last, remote, wallNowMs);
    QCOMPARE(next, expected);
    QVERIFY(next > last);
    QVERIFY(next > remote);
}

void tst_HybridClock::monotonicUnderJitteringWallClock()
{
    // A laptop clock that jumps back and forth (NTP corrections, manual changes) never makes
    // the HLC go backwards, and the HLC never falls behind the wall clock it has seen.
    const qint64 offsets[] = {0, 5, -3000, 2, 2, -86'400'000, 10, 10, 10, 7, 60'000, -1, 0};
    qint64 last = 0;
    qint64 highestWall = 0;
    for (const qint64 offset : offsets) {
        const qint64 wall = t0 + offset;
        const qint64 next = HybridClock::tick(last, wall);
        QVERIFY(next > last);
        highestWall = std::max(highestWall, wall);
        QVERIFY(HybridClock::wallMs(next) >= highestWall);
        last = next;
    }
    QCOMPARE(HybridClock::wallMs(last), t0 + 60'000);
}

QTEST_GUILESS_MAIN(tst_HybridClock)
#include "tst_hybridclock.moc"
