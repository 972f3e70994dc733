#include "localstore.h"
#include "schema.h"
#include "uuidv7.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

const QString crashWriter = QString::fromUtf8(OUTPOST_CRASHWRITER_PATH);
constexpr int startTimeoutMs = 20'000;
constexpr int writerMaxRunMs = 60'000; // the writer stops on its own if nobody kills it

qint64 scalar(LocalStore &store, const QString &sql)
{
    QSqlQuery q = store.query();
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace

/// Kills a process that writes deals through the one write path with SIGKILL at random moments
/// and checks that every store it leaves behind opens, is intact, and that every committed
/// change has exactly its outbox entry (nothing lost, nothing half-written, no seq gaps).
class tst_CrashRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void killedWriterLeavesConsistentStore();
    void killedDuringFirstOpen();
    void checksDetectDamage_data();
    void checksDetectDamage();

private:
    enum class KillPoint { AfterReady, AnyTime };
    // Starts the writer, kills it delayMs after start (but not before "ready" for AfterReady).
    void runAndKill(const QString &path, int delayMs, KillPoint when);
    // Opens the store and checks its invariants; returns what is wrong (empty: nothing).
    QStringList problems(const QString &path, qint64 *outboxCount = nullptr);
    // A store the writer wrote and a kill ended, for checks of the checks.
    QString writtenStore();

    std::unique_ptr<QTemporaryDir> m_dir; // for the whole test: writtenStore() is shared
    QString m_writtenStore;
    QRandomGenerator m_random;
};

void tst_CrashRecovery::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFileInfo(crashWriter).isExecutable(), qPrintable(crashWriter));
    // A failure names its seed; OUTPOST_CRASH_SEED replays it.
    bool fromEnvironment = false;
    quint32 seed = qEnvironmentVariableIntValue("OUTPOST_CRASH_SEED", &fromEnvironment);
    if (!fromEnvironment)
        seed = QRandomGenerator::global()->generate();
    m_random.seed(seed);
    qInfo("random seed %u (set OUTPOST_CRASH_SEED to replay)", seed);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_CrashRecovery::cleanupTestCase()
{
    m_dir.reset();
}

void tst_CrashRecovery::runAndKill(const QString &path, int delayMs, KillPoint when)
{
    QProcess writer;
    writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer sinceStart;
    sinceStart.start();
    writer.start(crashWriter,
                 {path, QString::number(writerMaxRunMs), QString::number(m_random.generate())});
    QVERIFY2(writer.waitForStarted(startTimeoutMs), qPrintable(writer.errorString()));

    if (when == KillPoint::AfterReady) {
        // Kill only once something was committed, so each run has something to lose.
        QByteArray output;
        while (!output.contains("ready\n")) {
            if (writer.state() != QProcess::Running || sinceStart.elapsed() > startTimeoutMs) {
                writer.kill();
                writer.waitForFinished();
                QFAIL(qPrintable(u"the writer did not get ready (exit code %1, output \"%2\")"_s
                                     .arg(writer.exitCode())
                                     .arg(QString::fromUtf8(output))));
            }
            writer.waitForReadyRead(100);
            output += writer.readAllStandardOutput();
        }
    }
    const qint64 remaining = delayMs - sinceStart.elapsed();
    if (remaining > 0)
        QThread::msleep(quint64(remaining));

    QVERIFY2(writer.state() == QProcess::Running,
             "the writer stopped before it was killed (see its output above)");
    writer.kill(); // SIGKILL: no destructors, no rollback, no checkpoint
    QVERIFY(writer.waitForFinished(startTimeoutMs));
    QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
}

QStringList tst_CrashRecovery::problems(const QString &path, qint64 *outboxCount)
{
    auto opened = LocalStore::open(path);
    if (!opened.ok())
        return {u"the store does not open: "_s + opened.error().message};
    LocalStore &store = *opened.value();
    if (const Result<void> intact = store.checkIntegrity(); !intact.ok())
        return {intact.error().message};

    QStringList found;
    const auto check = [&](const QString &what, const QString &sql, qint64 expected) {
        const qint64 actual = scalar(store, sql);
        if (actual != expected)
            found.append(u"%1: %2 (expected %3)"_s.arg(what).arg(actual).arg(expected));
    };
    const qint64 count = scalar(store, u"SELECT count(*) FROM outbox"_s);
    if (outboxCount)
        *outboxCount = count;

    check(u"schema version"_s, u"PRAGMA user_version"_s, Schema::latestVersion());
    check(u"foreign key violations"_s, u"SELECT count(*) FROM pragma_foreign_key_check"_s, 0);
    // Only deal changes of this device were written.
    check(u"outbox entries not a deal insert or update"_s,
          u"SELECT count(*) FROM outbox WHERE table_name != 'deals' OR op NOT IN ('insert', "
          u"'update') OR device_id != (SELECT device_id FROM device_state)"_s,
          0);
    // Every deal row has its insert in the outbox, and every insert its row.
    check(u"deals without an outbox insert"_s,
          u"SELECT count(*) FROM deals d WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE "
          u"o.table_name = 'deals' AND o.row_id = d.id AND o.op = 'insert')"_s,
          0);
    check(u"outbox inserts without a deal row"_s,
          u"SELECT count(*) FROM outbox o WHERE o.op = 'insert' AND NOT EXISTS "
          u"(SELECT 1 FROM deals d WHERE d.id = o.row_id)"_s,
          0);
    check(u"deals without field versions"_s,
          u"SELECT count(*) FROM deals d WHERE NOT EXISTS (SELECT 1 FROM field_versions v "
          u"WHERE v.table_name = 'deals' AND v.row_id = d.id)"_s,
          0);
    // Every local history row belongs to an outbox update with the same clock.
    check(u"history rows without an outbox update"_s,
          u"SELECT count(*) FROM field_history h WHERE h.origin = 'local' AND NOT EXISTS "
          u"(SELECT 1 FROM outbox o WHERE o.op = 'update' AND o.hlc = h.hlc AND "
          u"o.table_name = h.table_name AND o.row_id = h.row_id)"_s,
          0);
    // Device seqs are 1..max without gaps, and the persisted counter and clock match the last.
    check(u"lowest device seq"_s, u"SELECT coalesce(min(device_seq), 1) FROM outbox"_s, 1);
    check(u"highest device seq"_s, u"SELECT coalesce(max(device_seq), 0) FROM outbox"_s, count);
    check(u"device counter"_s, u"SELECT device_seq FROM device_state"_s, count);
    check(u"device clock minus the last change's clock"_s,
          u"SELECT (SELECT hlc FROM device_state) - coalesce((SELECT max(hlc) FROM outbox), 0)"_s,
          0);
    check(u"clocks not increasing with seq"_s,
          u"SELECT count(*) FROM outbox a JOIN outbox b ON b.device_seq = a.device_seq + 1 "
          u"WHERE b.hlc <= a.hlc"_s,
          0);
    // One outbox entry per committed change: inserts plus updates (one hlc each).
    check(u"deal inserts + updates"_s,
          u"SELECT (SELECT count(*) FROM deals) + (SELECT count(DISTINCT hlc) FROM "
          u"field_history WHERE table_name = 'deals' AND origin = 'local')"_s,
          count);

    // Each update carries exactly the fields its history recorded, with the same new values.
    QSqlQuery updates = store.query();
    updates.exec(
        u"SELECT row_id, fields, hlc, op_id, device_seq FROM outbox WHERE op = 'update'"_s);
    QSqlQuery history = store.query();
    history.prepare(u"SELECT field, new_value FROM field_history WHERE row_id = ? AND hlc = ? "
                    u"ORDER BY field"_s);
    while (updates.next() && found.size() < 20) {
        const QString seq = updates.value(4).toString();
        if (!UuidV7::isValid(updates.value(3).toString()))
            found.append(u"seq %1: op id is not a UUIDv7"_s.arg(seq));
        const QJsonObject fields
            = QJsonDocument::fromJson(updates.value(1).toString().toUtf8()).object();
        history.addBindValue(updates.value(0));
        history.addBindValue(updates.value(2));
        history.exec();
        QStringList recorded;
        while (history.next()) {
            const QString field = history.value(0).toString();
            recorded.append(field);
            const QJsonValue value = fields.value(field).toObject().value(u"value"_s);
            const bool same = value.isNull()
                ? history.value(1).isNull()
                : value.toVariant().toString() == history.value(1).toString();
            if (!same)
                found.append(u"seq %1: %2 differs between outbox and history"_s.arg(seq, field));
        }
        if (recorded != fields.keys()) {
            found.append(u"seq %1: outbox fields %2, history %3"_s.arg(
                seq, fields.keys().join(u','), recorded.join(u',')));
        }
    }
    return found;
}

QString tst_CrashRecovery::writtenStore()
{
    // Made once, then copied: a store a killed writer left behind, closed cleanly since.
    if (m_writtenStore.isEmpty()) {
        const QString path = m_dir->filePath(u"written.sqlite"_s);
        // Enough changes of both kinds for every kind of damage, however slow the machine.
        for (int run = 0; run < 50; ++run) {
            runAndKill(path, 300, KillPoint::AfterReady);
            if (QTest::currentTestFailed())
                return {};
            auto opened = LocalStore::open(path);
            if (!opened.ok())
                break; // reported by problems() below
            if (scalar(*opened.value(), u"SELECT count(*) FROM outbox WHERE op = 'update'"_s) >= 10
                && scalar(*opened.value(), u"SELECT count(*) FROM outbox"_s) >= 20) {
                break;
            }
        }
        const QStringList found = problems(path);
        if (!found.isEmpty()) {
            QTest::qFail(qPrintable(found.join(u"; "_s)), __FILE__, __LINE__);
            return {};
        }
        m_writtenStore = path;
    }
    return m_writtenStore;
}

void tst_CrashRecovery::killedWriterLeavesConsistentStore()
{
    // One store through 20 crashes: each run resumes what the previous one left behind.
    const QString path = m_dir->filePath(u"crashed.sqlite"_s);
    qint64 previousCount = 0;
    for (int run = 0; run < 20; ++run) {
        const int delayMs = 50 + int(m_random.bounded(351));
        runAndKill(path, delayMs, KillPoint::AfterReady);
        if (QTest::currentTestFailed()) {
            qWarning("in run %d, killed %d ms after start", run, delayMs);
            return;
        }
        qint64 count = 0;
        const QStringList found = problems(path, &count);
        QVERIFY2(found.isEmpty(),
                 qPrintable(u"run %1, killed %2 ms after start: %3"_s.arg(run).arg(delayMs).arg(
                     found.join(u"; "_s))));
        // The writer committed before it was killed, and nothing committed earlier was lost.
        QVERIFY2(count > previousCount,
                 qPrintable(u"run %1: %2 outbox entries after %3"_s.arg(run).arg(count).arg(
                     previousCount)));
        previousCount = count;
    }
    qInfo("%lld changes survived 20 crashes", previousCount);
}

void tst_CrashRecovery::killedDuringFirstOpen()
{
    // Killed while it creates, migrates and seeds a new store: the store opens afterwards.
    for (int run = 0; run < 5; ++run) {
        const QString path = m_dir->filePath(u"fresh-%1.sqlite"_s.arg(run));
        const int delayMs = int(m_random.bounded(40));
        runAndKill(path, delayMs, KillPoint::AnyTime);
        if (QTest::currentTestFailed()) {
            qWarning("in run %d, killed %d ms after start", run, delayMs);
            return;
        }
        const QStringList found = problems(path);
        QVERIFY2(found.isEmpty(),
                 qPrintable(u"run %1, killed %2 ms after start: %3"_s.arg(run).arg(delayMs).arg(
                     found.join(u"; "_s))));
    }
}

void tst_CrashRecovery::checksDetectDamage_data()
{
    // Each row damages a good store the way a broken write path would; the checks must notice.
    QTest::addColumn<QString>("damage");

    QTest::newRow("an outbox entry lost")
        << u"DELETE FROM outbox WHERE device_seq = (SELECT max(device_seq) / 2 FROM outbox)"_s;
    QTest::newRow("an update without its outbox entry")
        << u"DELETE FROM outbox WHERE device_seq = (SELECT max(device_seq) FROM outbox WHERE op "
           u"= 'update'); UPDATE device_state SET device_seq = (SELECT count(*) FROM outbox)"_s;
    QTest::newRow("a deal written around the write path")
        << u"INSERT INTO deals (id, title, stage_entered_at, created_at, updated_at) VALUES "
           u"('01890a5d-ac96-774b-bcce-b302099a8057', 'sneaky', 0, 0, 0)"_s;
    QTest::newRow("the counter behind the outbox")
        << u"UPDATE device_state SET device_seq = device_seq - 1"_s;
    QTest::newRow("the clock behind the outbox") << u"UPDATE device_state SET hlc = hlc - 1"_s;
    QTest::newRow("history differs from the outbox")
        << u"UPDATE field_history SET new_value = 'tampered' WHERE seq = (SELECT max(seq) FROM "
           u"field_history)"_s;
    QTest::newRow("an outbox entry without its change")
        << u"DELETE FROM field_history WHERE hlc = (SELECT max(hlc) FROM outbox WHERE op = "
           u"'update')"_s;
    QTest::newRow("seqs not starting at 1")
        << u"UPDATE outbox SET device_seq = device_seq + 1000000; UPDATE device_state SET "
           u"device_seq = device_seq + 1000000"_s;
}

void tst_CrashRecovery::checksDetectDamage()
{
    QFETCH(QString, damage);
    const QString original = writtenStore();
    QVERIFY(!original.isEmpty());
    static int copies = 0;
    const QString path = m_dir->filePath(u"damaged-%1.sqlite"_s.arg(++copies));
    QVERIFY(QFile::copy(original, path));
    {
        auto opened = LocalStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(opened.error().message));
        QVERIFY(scalar(*opened.value(), u"SELECT count(*) FROM outbox WHERE op = 'update'"_s) > 0);
        QSqlQuery q = opened.value()->query();
        for (const QString &statement : damage.split(u"; "_s))
            QVERIFY2(q.exec(statement), qPrintable(statement));
    }
    QVERIFY(problems(original).isEmpty());
    const QStringList found = problems(path);
    QVERIFY2(!found.isEmpty(), "the damage went unnoticed");
    qInfo("%s", qPrintable(found.join(u"; "_s)));
}

QTEST_GUILESS_MAIN(tst_CrashRecovery)
#include "tst_crashrecovery.moc"
