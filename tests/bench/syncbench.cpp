#include "syncbench.h"

#include "benchreport.h"
#include "bulkloader.h"
#include "dealrepository.h"
#include "httpsynctransport.h"
#include "localstore.h"
#include "schema.h"
#include "synccontroller.h"
#include "syncstore.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTimer>
#include <QUrl>

#include <cstdio>
#include <ctime>
#include <functional>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int minuteMs = 60'000;

// The 1-minute load average: other work on the machine explains noisy figures.
// CPU seconds (user + system) from a /proc/.../stat line: fields 14 and 15, in clock ticks.
double cpuFromStat(const QByteArray &stat)
{
    // The command name (field 2) may contain spaces: count from the closing parenthesis.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong())
        / double(sysconf(_SC_CLK_TCK));
}

// The CPU time of this process's threads called name (the replicator's is "outpost-sync").
double threadCpuSeconds(const QByteArray &name)
{
    double total = 0;
    const QStringList tasks
        = QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &task : tasks) {
        QFile comm(u"/proc/self/task/%1/comm"_s.arg(task));
        QFile stat(u"/proc/self/task/%1/stat"_s.arg(task));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == name
            && stat.open(QIODevice::ReadOnly))
            total += cpuFromStat(stat.readAll());
    }
    return total;
}

double processCpuSeconds(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    return stat.open(QIODevice::ReadOnly) ? cpuFromStat(stat.readAll()) : 0;
}

double loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return file.readAll().split(' ').value(0).toDouble();
}

void log(const QString &message)
{
    std::fprintf(stderr, "outpost_bench_sync: %s\n", qPrintable(message));
    std::fflush(stderr);
}

// Runs the event loop (blocking while nothing happens) until finished is set by a handler or
// timeoutMs pass; returns finished.
bool runUntil(const bool &finished, int timeoutMs)
{
    QTimer timeout;
    timeout.setSingleShot(true);
    timeout.start(timeoutMs);
    QEventLoop loop;
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    while (!finished && timeout.isActive())
        loop.processEvents(QEventLoop::WaitForMoreEvents);
    return finished;
}

// Lets the event loop run for ms milliseconds (pacing between edits).
void idle(int ms)
{
    if (ms <= 0)
        return;
    bool elapsed = false;
    QTimer::singleShot(ms, [&elapsed] { elapsed = true; });
    runUntil(elapsed, ms + minuteMs);
}

double seconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e9;
}

QJsonObject checksumObject(const QMap<QString, SyncStore::TableChecksum> &sums)
{
    QJsonObject tables;
    for (auto it = sums.cbegin(); it != sums.cend(); ++it)
        tables.insert(it.key(), QJsonObject {{u"rows"_s, it->rows}, {u"sha256"_s, it->sha256}});
    return tables;
}

} // namespace

// A desktop profile: its store (the "GUI" connection the bench edits and reads through) and
// its SyncController, whose replicator runs on its own thread with its own connection.
struct SyncBench::Laptop
{
    QString path;
    std::unique_ptr<LocalStore> store;
    std::unique_ptr<SyncController> controller;
    QString userId;
    QString role;
    QString unitId;
    qint64 snapshotCursor = -1; ///< the cursor of the snapshot it started from, if it did
};

SyncBench::SyncBench(Options options)
    : m_options(std::move(options))
{
    if (qEnvironmentVariableIsSet("OUTPOST_BENCH_KEEP")) {
        m_dir.setAutoRemove(false);
        log(u"keeping %1"_s.arg(m_dir.path()));
    }
}

SyncBench::~SyncBench()
{
    m_rep.reset();
    m_hq.reset();
    stopServer();
}

int SyncBench::runServerCommand(const QStringList &arguments, QByteArray *output,
                                const QProcessEnvironment &environment)
{
    QProcess process;
    QProcessEnvironment env
        = environment.isEmpty() ? QProcessEnvironment::systemEnvironment() : environment;
    env.insert(u"QT_LOGGING_RULES"_s, u"outpost.*.debug=false;outpost.*.info=false"_s);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(m_options.serverExecutable, arguments);
    if (!process.waitForStarted(10'000) || !process.waitForFinished(60 * minuteMs)) {
        log(u"outpost-server %1 did not finish"_s.arg(arguments.value(0)));
        return -1;
    }
    if (output)
        *output = process.readAllStandardOutput();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

bool SyncBench::setUpServer()
{
    if (!m_dir.isValid())
        return false;
    m_db = u"sqlite:"_s + m_dir.filePath(u"server.sqlite"_s);
    m_password = u"bench-passphrase"_s;
    QProcessEnvironment withPassword = QProcessEnvironment::systemEnvironment();
    withPassword.insert(u"OUTPOST_PASSWORD"_s, m_password);
    if (runServerCommand({u"init"_s, u"--db"_s, m_db}) != 0)
        return false;

    log(u"seeding the demo organization with %1 deals…"_s.arg(m_options.deals));
    QElapsedTimer timer;
    timer.start();
    QByteArray output;
    if (runServerCommand(
            {u"seed-demo"_s, u"--db"_s, m_db, u"--demo-size"_s, QString::number(m_options.deals)},
            &output, withPassword)
        != 0)
        return false;
    m_seedSeconds = seconds(timer);
    for (const QByteArray &line : output.split('\n')) {
        if (line.startsWith("Seeded "))
            m_seededRows = line.split(' ').value(1).toLongLong();
        if (line.startsWith("Demo rep: "))
            m_repLogin = QString::fromUtf8(line.mid(10).trimmed());
    }
    if (m_repLogin.isEmpty()) {
        log(u"seed-demo named no demo rep"_s);
        return false;
    }
    // HQ reads through every unit: its laptop receives the whole organization.
    m_hqLogin = u"bench.hq@outpost.example"_s;
    if (runServerCommand({u"add-user"_s, u"--db"_s, m_db, u"--login"_s, m_hqLogin, u"--name"_s,
                          u"Bench HQ"_s, u"--role"_s, u"hq"_s},
                         nullptr, withPassword)
        != 0)
        return false;
    // A server keeps its snapshot directory to itself: they are built before it starts.
    return buildSnapshots() && startServer();
}

bool SyncBench::startServer()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_LOGGING_RULES"_s, u"outpost.*.debug=false;outpost.*.info=false"_s);
    m_server.setProcessEnvironment(environment);
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_server.start(m_options.serverExecutable,
                   {u"serve"_s, u"--db"_s, m_db, u"--listen"_s, u"127.0.0.1:0"_s});
    if (!m_server.waitForStarted(10'000))
        return false;
    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    while (!output.contains('\n') && timer.elapsed() < minuteMs
           && m_server.state() == QProcess::Running) {
        m_server.waitForReadyRead(1000);
        output += m_server.readAllStandardOutput();
    }
    const QByteArray line = output.left(output.indexOf('\n'));
    if (!line.startsWith("listening on 127.0.0.1:")) {
        log(u"the server did not start: %1"_s.arg(QString::fromUtf8(line)));
        return false;
    }
    m_port = quint16(line.mid(line.lastIndexOf(':') + 1).toUInt());
    return m_port > 0;
}

void SyncBench::stopServer()
{
    if (m_server.state() == QProcess::NotRunning)
        return;
    m_server.terminate();
    if (!m_server.waitForFinished(30'000))
        m_server.kill();
}

std::unique_ptr<SyncBench::Laptop> SyncBench::signIn(const QString &name, const QString &login,
                                                     double *elapsed, bool snapshot)
{
    auto laptop = std::make_unique<Laptop>();
    laptop->path = m_dir.filePath(name + u".outpost"_s);
    Result<std::unique_ptr<LocalStore>> store = LocalStore::open(laptop->path);
    if (!store) {
        log(store.error().message);
        return nullptr;
    }
    laptop->store = std::move(store).value();
    Replicator::Options options;
    options.storePath = laptop->path;
    options.pullPageSize = m_options.pullPageSize;
    options.snapshotBootstrap = snapshot;
    laptop->controller = std::make_unique<SyncController>(
        options, new HttpSyncTransport(QUrl(u"http://127.0.0.1:%1"_s.arg(m_port))));
    Laptop *raw = laptop.get();
    QObject::connect(laptop->controller.get(), &SyncController::snapshotInstalled,
                     laptop->controller.get(),
                     [raw](qint64 cursor) { raw->snapshotCursor = cursor; });
    QObject::connect(
        laptop->controller.get(), &SyncController::signedIn, laptop->controller.get(),
        [raw](const QString &userId, const QString &, const QString &role, const QString &unitId) {
            raw->userId = userId;
            raw->role = role;
            raw->unitId = unitId;
        });
    bool finished = false;
    bool ok = false;
    const QMetaObject::Connection cycle
        = QObject::connect(laptop->controller.get(), &SyncController::cycleFinished,
                           laptop->controller.get(), [&](bool success) {
                               finished = true;
                               ok = success;
                           });
    QElapsedTimer timer;
    timer.start();
    laptop->controller->signIn(login, m_password);
    laptop->controller->start();
    const bool done = runUntil(finished, 30 * minuteMs);
    *elapsed = seconds(timer);
    QObject::disconnect(cycle);
    if (!done || !ok) {
        log(u"the first sync of %1 failed: %2"_s.arg(login,
                                                     laptop->controller->stateDescription()));
        return nullptr;
    }
    return laptop;
}

bool SyncBench::measureInitialSync()
{
    log(u"initial sync of %1 into an empty store…"_s.arg(m_hqLogin));
    // CPU time beside wall time: on a shared machine the wall time also counts what other
    // tenants took, the CPU time of each side does not.
    const double syncCpuBefore = threadCpuSeconds("outpost-sync");
    const double serverCpuBefore = processCpuSeconds(m_server.processId());
    m_hq = signIn(u"hq"_s, m_hqLogin, &m_initialSeconds);
    if (!m_hq)
        return false;
    const double syncCpu = threadCpuSeconds("outpost-sync") - syncCpuBefore;
    const double serverCpu = processCpuSeconds(m_server.processId()) - serverCpuBefore;
    SyncStore sync(*m_hq->store);
    const Result<QMap<QString, SyncStore::TableChecksum>> sums = sync.checksums();
    if (!sums)
        return false;
    for (const SyncStore::TableChecksum &table : sums.value())
        m_initialRows += table.rows;

    // The laptop must hold exactly what the server holds for this user.
    QByteArray output;
    bool verified = false;
    if (runServerCommand({u"checksums"_s, u"--db"_s, m_db, u"--login"_s, m_hqLogin}, &output)
        == 0) {
        verified = QJsonDocument::fromJson(output).object().value(u"tables"_s).toObject()
            == checksumObject(sums.value());
    }
    if (!verified)
        log(u"the synced store differs from the server's rows"_s);

    const BenchReport::Extras extras = {
        {u"deals"_s, sums->value(u"deals"_s).rows},
        {u"customers"_s, sums->value(u"customers"_s).rows},
        {u"activities"_s, sums->value(u"activities"_s).rows},
        {u"rows"_s, m_initialRows},
        {u"user_role"_s, m_hq->role},
        {u"page_size"_s, m_options.pullPageSize},
        {u"verified"_s, verified},
        {u"seeded_deals"_s, m_options.deals},
        {u"load_avg"_s, loadAverage()},
        {u"bootstrap"_s, m_hq->snapshotCursor >= 0 ? u"snapshot"_s : u"pages"_s},
        {u"snapshot_cursor"_s, m_hq->snapshotCursor},
    };
    BenchReport::print(
        u"sync.initial_s"_s, BenchReport::rounded(m_initialSeconds, 3), u"s"_s,
        extras
            + BenchReport::Extras {{u"target_s"_s, 5},
                                   {u"replicator_cpu_s"_s, BenchReport::rounded(syncCpu, 2)},
                                   {u"server_cpu_s"_s, BenchReport::rounded(serverCpu, 2)}});
    BenchReport::print(u"sync.initial_rows_per_s"_s,
                       BenchReport::rounded(double(m_initialRows) / m_initialSeconds, 0),
                       u"rows/s"_s, extras);
    return verified;
}

bool SyncBench::buildSnapshots()
{
    // What a server does before laptops ask (or after the first asked): a snapshot of every
    // scope of its accounts, here the HQ user's and one per unit.
    log(u"building the snapshots…"_s);
    QElapsedTimer timer;
    timer.start();
    QByteArray output;
    if (runServerCommand({u"snapshot"_s, u"--db"_s, m_db}, &output) != 0)
        return false;
    m_snapshotSeconds = seconds(timer);
    const qsizetype scopes = output.count('\n');
    BenchReport::print(u"sync.snapshot_build_s"_s, BenchReport::rounded(m_snapshotSeconds, 2),
                       u"s"_s,
                       {{u"scopes"_s, scopes},
                        {u"definition"_s,
                         u"outpost-server snapshot: every scope of the seeded organization "
                         u"(HQ's and each unit's) built from scratch by pulling it into a "
                         u"desktop store, in the background of a running server"_s},
                        {u"load_avg"_s, loadAverage()}});
    return scopes > 0;
}

bool SyncBench::measureInitialPageSync()
{
    log(u"initial sync of %1 page by page…"_s.arg(m_hqLogin));
    double elapsed = 0;
    std::unique_ptr<Laptop> laptop = signIn(u"hq-pages"_s, m_hqLogin, &elapsed, false);
    if (!laptop)
        return false;
    SyncStore sync(*laptop->store);
    const Result<QMap<QString, SyncStore::TableChecksum>> sums = sync.checksums();
    SyncStore hqSync(*m_hq->store);
    const Result<QMap<QString, SyncStore::TableChecksum>> hqSums = hqSync.checksums();
    const bool same = sums && hqSums && sums.value() == hqSums.value();
    if (!same)
        log(u"the laptops synced by snapshot and by pages differ"_s);
    BenchReport::print(
        u"sync.initial_pages_s"_s, BenchReport::rounded(elapsed, 3), u"s"_s,
        {{u"rows"_s, m_initialRows},
         {u"page_size"_s, m_options.pullPageSize},
         {u"definition"_s,
          u"the same first sync without a snapshot: every change pulled and "
          u"applied page by page (a server without snapshots)"_s},
         {u"same_as_snapshot"_s, same},
         {u"ratio_to_snapshot"_s, BenchReport::rounded(elapsed / m_initialSeconds, 2)},
         {u"load_avg"_s, loadAverage()}});
    laptop->controller->stop();
    return same;
}

bool SyncBench::measureLocalInsert()
{
    // The rows the sync brought, read back (not timed) table by table, parents first.
    struct TableRows
    {
        QString table;
        QStringList columns;
        QList<QVariantList> rows;
    };
    QList<TableRows> tables;
    qint64 total = 0;
    for (const Schema::SyncedTable &table : Schema::syncedTables()) {
        TableRows data {table.name,
                        QStringList {u"id"_s, u"created_at"_s, u"updated_at"_s, u"deleted"_s}
                            + table.fields,
                        {}};
        QSqlQuery q = m_hq->store->query();
        q.setForwardOnly(true);
        if (!q.exec(u"SELECT %1 FROM %2"_s.arg(data.columns.join(u", "_s), table.name))) {
            log(u"cannot read %1"_s.arg(table.name));
            return false;
        }
        while (q.next()) {
            QVariantList values;
            values.reserve(data.columns.size());
            for (int i = 0; i < data.columns.size(); ++i) {
                const QVariant value = q.value(i);
                values.append(value.isNull() ? QVariant() : value); // NULL, not empty text
            }
            data.rows.append(std::move(values));
        }
        total += data.rows.size();
        tables.append(std::move(data));
    }

    const QString path = m_dir.filePath(u"local-insert.outpost"_s);
    Result<std::unique_ptr<LocalStore>> opened = LocalStore::open(path);
    if (!opened)
        return false;
    LocalStore &store = *opened.value();
    BulkLoader loader(store);
    QElapsedTimer timer;
    timer.start();
    // Transactions of one pull page each, foreign keys checked at each commit, as the pull
    // applies its pages.
    qsizetype tableIndex = 0;
    qsizetype rowIndex = 0;
    while (tableIndex < tables.size()) {
        const Result<void> done = store.transaction([&]() -> Result<void> {
            QSqlQuery defer = store.query();
            if (!defer.exec(u"PRAGMA defer_foreign_keys = ON"_s))
                return LocalStore::sqlError(defer);
            QString begun;
            for (int inPage = 0; inPage < m_options.pullPageSize && tableIndex < tables.size();) {
                const TableRows &table = tables.at(tableIndex);
                if (rowIndex >= table.rows.size()) {
                    ++tableIndex;
                    rowIndex = 0;
                    continue;
                }
                if (begun != table.table) {
                    if (Result<void> ready = loader.begin(table.table, table.columns); !ready)
                        return ready;
                    begun = table.table;
                }
                if (Result<void> inserted = loader.insert(table.rows.at(rowIndex)); !inserted)
                    return inserted;
                ++rowIndex;
                ++inPage;
            }
            return {};
        });
        if (!done) {
            log(u"the local insert failed: %1"_s.arg(done.error().message));
            return false;
        }
    }
    const double localSeconds = seconds(timer);
    BenchReport::print(
        u"sync.initial_ratio_to_local_insert"_s,
        BenchReport::rounded(localSeconds / m_initialSeconds, 3), u"ratio"_s,
        {{u"definition"_s,
          u"local_insert_s / sync_s: the rows of the initial sync, bulk-inserted with BulkLoader "
          u"into a fresh store in the same run (transactions of one pull page each, foreign "
          u"keys deferred to each commit, as the pull applies pages), divided by the initial "
          u"sync time (sign-in, every pull page, applying them); 1 would mean syncing costs no "
          u"more than inserting the rows locally"_s},
         {u"local_insert_s"_s, BenchReport::rounded(localSeconds, 3)},
         {u"sync_s"_s, BenchReport::rounded(m_initialSeconds, 3)},
         {u"rows"_s, total},
         {u"page_size"_s, m_options.pullPageSize},
         {u"load_avg"_s, loadAverage()}});
    return true;
}

bool SyncBench::measureEditToVisible()
{
    double repSeconds = 0;
    log(u"initial sync of the demo rep %1…"_s.arg(m_repLogin));
    m_rep = signIn(u"rep"_s, m_repLogin, &repSeconds);
    if (!m_rep)
        return false;
    log(u"the rep's laptop synced in %1 s"_s.arg(repSeconds, 0, 'f', 1));
    QStringList dealIds;
    {
        QSqlQuery q = m_rep->store->query();
        q.prepare(u"SELECT id FROM deals WHERE unit_id = ? AND deleted = 0 AND status = 'open' "
                  u"ORDER BY id LIMIT 100"_s);
        q.addBindValue(m_rep->unitId);
        if (!q.exec())
            return false;
        while (q.next())
            dealIds.append(q.value(0).toString());
    }
    if (dealIds.isEmpty()) {
        log(u"the rep has no open deals to edit"_s);
        return false;
    }

    DealRepository editor(*m_rep->store, m_rep->userId);
    DealRepository observer(*m_hq->store);
    QElapsedTimer clock;
    clock.start();
    QString expectedId;
    QString expectedTitle;
    bool visible = false;
    qint64 committedAt = 0;
    qint64 visibleAt = 0;
    QObject context;
    // B is never asked to sync: it pulls when the server pokes it.
    QObject::connect(m_hq->controller.get(), &SyncController::rowsChanged, &context,
                     [&](const QStringList &changed) {
                         if (visible || expectedId.isEmpty() || !changed.contains(u"deals"_s))
                             return;
                         const Result<Deal> deal = observer.deal(expectedId);
                         if (deal && deal->title == expectedTitle) {
                             visibleAt = clock.nsecsElapsed();
                             visible = true;
                         }
                     });
    QList<double> latencies;
    latencies.reserve(m_options.edits);
    log(u"%1 edits, one at least every %2 ms…"_s.arg(m_options.edits).arg(m_options.editPaceMs));
    for (int i = 0; i < m_options.edits; ++i) {
        const qint64 startedAt = clock.elapsed();
        expectedId = dealIds.at(i % dealIds.size());
        expectedTitle = u"Bench edit %1"_s.arg(i);
        visible = false;
        if (Result<void> done = editor.update(expectedId, {{u"title"_s, expectedTitle}}); !done) {
            log(done.error().message);
            return false;
        }
        committedAt = clock.nsecsElapsed();
        m_rep->controller->notifyLocalChanges(); // what the app does after an edit
        if (!runUntil(visible, minuteMs)) {
            log(u"edit %1 did not arrive within a minute"_s.arg(i));
            return false;
        }
        latencies.append(double(visibleAt - committedAt) / 1e6);
        idle(int(startedAt + m_options.editPaceMs - clock.elapsed()));
    }
    const BenchReport::Extras extras
        = {{u"edits"_s, m_options.edits},
           {u"pace_ms"_s, m_options.editPaceMs},
           {u"min_ms"_s, BenchReport::rounded(BenchReport::percentile(latencies, 0), 2)},
           {u"max_ms"_s, BenchReport::rounded(BenchReport::percentile(latencies, 100), 2)},
           {u"from"_s, u"rep laptop (DealRepository::update, committed)"_s},
           {u"to"_s, u"HQ laptop store (poked over the WebSocket, no polling)"_s},
           {u"load_avg"_s, loadAverage()}};
    BenchReport::print(u"sync.edit_to_visible_p50_ms"_s,
                       BenchReport::rounded(BenchReport::percentile(latencies, 50), 2), u"ms"_s,
                       extras + BenchReport::Extras {{u"target_ms"_s, 50}});
    BenchReport::print(u"sync.edit_to_visible_p99_ms"_s,
                       BenchReport::rounded(BenchReport::percentile(latencies, 99), 2), u"ms"_s,
                       extras + BenchReport::Extras {{u"target_ms"_s, 250}});
    return true;
}

bool SyncBench::measurePush()
{
    DealRepository deals(*m_rep->store, m_rep->userId);
    QString stageId;
    {
        QSqlQuery q = m_rep->store->query();
        q.prepare(u"SELECT stage_id FROM deals WHERE unit_id = ? AND stage_id IS NOT NULL "
                  u"LIMIT 1"_s);
        q.addBindValue(m_rep->unitId);
        if (q.exec() && q.next())
            stageId = q.value(0).toString();
    }
    // The changes are made in one transaction, so the push starts with all of them.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const Result<void> written = m_rep->store->transaction([&]() -> Result<void> {
        for (int i = 0; i < m_options.pushOps; ++i) {
            Deal deal;
            deal.title = u"Push bench deal %1"_s.arg(i);
            deal.unitId = m_rep->unitId;
            deal.ownerId = m_rep->userId;
            deal.stageId = stageId;
            deal.amountMinor = 100'000 + i;
            deal.stageEnteredAt = now;
            if (Result<QString> created = deals.create(deal); !created)
                return created.error();
        }
        return {};
    });
    if (!written) {
        log(written.error().message);
        return false;
    }
    bool sawPending = false;
    bool drained = false;
    QObject context;
    QObject::connect(m_rep->controller.get(), &SyncController::pendingCountChanged, &context,
                     [&](qint64 count) {
                         if (count > 0)
                             sawPending = true;
                         else if (sawPending)
                             drained = true;
                     });
    QElapsedTimer timer;
    timer.start();
    m_rep->controller->notifyLocalChanges();
    if (!runUntil(drained, 30 * minuteMs)) {
        log(u"the push did not finish"_s);
        return false;
    }
    const double pushSeconds = seconds(timer);
    BenchReport::print(u"sync.push_ops_per_s"_s,
                       BenchReport::rounded(m_options.pushOps / pushSeconds, 0), u"ops/s"_s,
                       {{u"ops"_s, m_options.pushOps},
                        {u"batch"_s, 500},
                        {u"op"_s, u"insert of a deal (DealRepository::create)"_s},
                        {u"push_s"_s, BenchReport::rounded(pushSeconds, 3)},
                        {u"load_avg"_s, loadAverage()}});
    return true;
}

int SyncBench::run()
{
    if (!setUpServer()) {
        log(u"the server could not be set up"_s);
        return 1;
    }
    log(u"seeded %1 rows in %2 s; server on 127.0.0.1:%3"_s.arg(m_seededRows)
            .arg(m_seedSeconds, 0, 'f', 1)
            .arg(m_port));
    bool ok = measureInitialSync();
    ok = ok && measureInitialPageSync();
    ok = ok && measureLocalInsert();
    ok = ok && measureEditToVisible();
    ok = ok && measurePush();
    m_rep.reset();
    m_hq.reset();
    stopServer();
    return ok ? 0 : 1;
}

} // namespace Outpost
