#include "uuidv7.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

// RFC 9562 version 7: 48-bit milliseconds, version nibble 7, variant bits 10.
const QRegularExpression
    canonical(u"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);

qint64 timestampOf(const QString &uuid)
{
    const QString hex = uuid.left(8) + uuid.mid(9, 4);
    bool ok = false;
    const qint64 ms = hex.toLongLong(&ok, 16);
    return ok ? ms : -1;
}

} // namespace

class tst_UuidV7 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generateHasCanonicalFormat();
    void generateEmbedsCurrentTime();
    void generateAtEmbedsGivenTime_data();
    void generateAtEmbedsGivenTime();
    void strictlyIncreasing();
    void uniqueAcrossThreads();
    void isValid_data();
    void isValid();
};

void tst_UuidV7::generateHasCanonicalFormat()
{
    for (int i = 0; i < 1000; ++i) {
        const QString id = UuidV7::generate();
        QCOMPARE(id.size(), 36);
        QVERIFY2(canonical.match(id).hasMatch(), qPrintable(id));
        QVERIFY2(UuidV7::isValid(id), qPrintable(id));
    }
}

void tst_UuidV7::generateEmbedsCurrentTime()
{
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const QString id = UuidV7::generate();
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    const qint64 embedded = timestampOf(id);
    // The generator may borrow a few milliseconds ahead when a millisecond's counter runs out.
    QVERIFY2(embedded >= before && embedded <= after + 100,
             qPrintable(u"%1 not in [%2, %3]"_s.arg(embedded).arg(before).arg(after)));
}

void tst_UuidV7::generateAtEmbedsGivenTime_data()
{
    QTest::addColumn<qint64>("unixMs");
    // Far in the future so the process-wide monotonic state never holds the timestamp back.
    QTest::newRow("2100-01-01") << qint64(4102444800000);
    QTest::newRow("2200-06-15") << qint64(7263216000000);
    QTest::newRow("max 48 bit") << qint64(0xffff'ffff'ffffLL - 10);
}

void tst_UuidV7::generateAtEmbedsGivenTime()
{
    QFETCH(qint64, unixMs);
    const QString id = UuidV7::generateAt(unixMs);
    QVERIFY2(UuidV7::isValid(id), qPrintable(id));
    QCOMPARE(timestampOf(id), unixMs);
}

void tst_UuidV7::strictlyIncreasing()
{
    // Identifiers sort by creation: even many within one millisecond stay ordered (as text,
    // which is how SQLite compares the TEXT primary keys).
    QString previous = UuidV7::generate();
    QSet<QString> seen {previous};
    seen.reserve(100'001);
    for (int i = 0; i < 100'000; ++i) {
        const QString next = UuidV7::generate();
        if (!(previous < next))
            QFAIL(qPrintable(u"#%1: %2 is not after %3"_s.arg(i).arg(next, previous)));
        seen.insert(next);
        previous = next;
    }
    QCOMPARE(seen.size(), 100'001);
}

void tst_UuidV7::uniqueAcrossThreads()
{
    constexpr int threadCount = 4;
    constexpr int perThread = 10'000;
    std::vector<QStringList> generated(threadCount);
    std::vector<std::thread> threads;
    for (int t = 0; t < threadCount; ++t) {
        threads.emplace_back([&generated, t] {
            generated[t].reserve(perThread);
            for (int i = 0; i < perThread; ++i)
                generated[t].append(UuidV7::generate());
        });
    }
    for (std::thread &thread : threads)
        thread.join();

    QSet<QString> all;
    for (const QStringList &list : generated) {
        for (qsizetype i = 0; i < list.size(); ++i) {
            QVERIFY(UuidV7::isValid(list.at(i)));
            if (i > 0)
                QVERIFY2(list.at(i - 1) < list.at(i), "not increasing within a thread");
            all.insert(list.at(i));
        }
    }
    QCOMPARE(all.size(), threadCount * perThread);
}

void tst_UuidV7::isValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");

    QTest::newRow("canonical") << u"01890a5d-ac96-774b-bcce-b302099a8057"_s << true;
    QTest::newRow("variant 9") << u"01890a5d-ac96-774b-9cce-b302099a8057"_s << true;
    QTest::newRow("variant a") << u"01890a5d-ac96-774b-acce-b302099a8057"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("uppercase") << u"01890A5D-AC96-774B-BCCE-B302099A8057"_s << false;
    QTest::newRow("version 4") << u"01890a5d-ac96-474b-bcce-b302099a8057"_s << false;
    QTest::newRow("nil") << u"00000000-0000-0000-0000-000000000000"_s << false;
    QTest::newRow("variant c (microsoft)") << u"01890a5d-ac96-774b-ccce-b302099a8057"_s << false;
    QTest::newRow("variant 7 (ncs)") << u"01890a5d-ac96-774b-7cce-b302099a8057"_s << false;
    QTest::newRow("no dashes") << u"01890a5dac96774bbcceb302099a8057"_s << false;
    QTest::newRow("braces") << u"{01890a5d-ac96-774b-bcce-b302099a8057}"_s << false;
    QTest::newRow("dash misplaced") << u"01890a5da-c96-774b-bcce-b302099a8057"_s << false;
    QTest::newRow("too short") << u"01890a5d-ac96-774b-bcce-b302099a805"_s << false;
    QTest::newRow("too long") << u"01890a5d-ac96-774b-bcce-b302099a80577"_s << false;
    QTest::newRow("non-hex") << u"01890a5d-ac96-774b-bcce-b302099a805g"_s << false;
    QTest::newRow("whitespace") << u" 1890a5d-ac96-774b-bcce-b302099a8057"_s << false;
    QTest::newRow("sql") << u"x' OR 1=1 --------------------------"_s << false;
    QTest::newRow("full-width digit") << u"01890a5d-ac96-774b-bcce-b302099a805８"_s << false;
}

void tst_UuidV7::isValid()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QCOMPARE(UuidV7::isValid(text), valid);
}

QTEST_GUILESS_MAIN(tst_UuidV7)
#include "tst_uuidv7.moc"
