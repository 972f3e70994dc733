#include "storebench.h"

#include "benchreport.h"
#include "changewriter.h"
#include "customerfilterproxymodel.h"
#include "customerrepository.h"
#include "customertablemodel.h"
#include "dealrepository.h"
#include "demogenerator.h"
#include "localstore.h"
#include "organizationrepository.h"
#include "rawwritebaseline.h"
#include "stagerepository.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QVariantMap>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <memory>
#include <numeric>
#include <random>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// A fixed "now", so every run measures the same data.
const qint64 benchNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr int changesPerRun = 20'000;
constexpr int changesPerTransaction = 1'000;
constexpr int singleCommitChanges = 200;

double cpuSeconds()
{
    return double(std::clock()) / CLOCKS_PER_SEC;
}

// The 1-minute load average: other work on the machine explains noisy figures.
double loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return file.readAll().split(' ').value(0).toDouble();
}

void removeStore(const QString &path)
{
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(path + suffix);
}

std::unique_ptr<LocalStore> openStore(const QString &path)
{
    Result<std::unique_ptr<LocalStore>> store = LocalStore::open(path);
    if (!store) {
        qCritical("cannot open %s: %s", qPrintable(path), qPrintable(store.error().message));
        return nullptr;
    }
    return std::move(store).value();
}

// A deal the write benchmark edits, with what it needs to make each edit a real change.
struct EditTarget
{
    QString id;
    QList<Stage> stages;
    int stageIndex = 0;
    qint64 amountMinor = 0;
};

struct Change
{
    int target = 0;
    QVariantMap fields;
};

// Realistic edits of open deals: amount (40%), notes (25%), a stage move with its side
// fields (20%), or amount, close date and notes together (15%).
QList<Change> makeChanges(std::mt19937_64 &rng, QList<EditTarget> &targets, int count, int &serial)
{
    std::uniform_int_distribution<int> pickTarget(0, int(targets.size()) - 1);
    std::uniform_int_distribution<int> pickKind(0, 99);
    std::uniform_real_distribution<double> factor(0.8, 1.25);
    std::uniform_int_distribution<int> days(3, 90);
    const auto newAmount = [&](EditTarget &target) {
        qint64 amount = std::max<qint64>(
            100'000, qint64(double(target.amountMinor) * factor(rng)) / 100 * 100);
        if (amount == target.amountMinor)
            amount += 100;
        target.amountMinor = amount;
        return amount;
    };
    QList<Change> changes;
    changes.reserve(count);
    for (int i = 0; i < count; ++i) {
        Change change;
        change.target = pickTarget(rng);
        EditTarget &target = targets[change.target];
        const int kind = pickKind(rng);
        ++serial;
        if (kind < 40) {
            change.fields.insert(u"amount_minor"_s, newAmount(target));
        } else if (kind < 65) {
            change.fields.insert(u"notes"_s,
                                 u"Call with procurement booked; revised scope #%1."_s.arg(serial));
        } else if (kind < 85 && target.stages.size() > 1) {
            target.stageIndex = target.stageIndex + 1 < target.stages.size()
                ? target.stageIndex + 1
                : target.stageIndex - 1;
            const Stage &stage = target.stages.at(target.stageIndex);
            change.fields.insert(u"stage_id"_s, stage.id);
            change.fields.insert(u"stage_entered_at"_s, benchNow + serial);
            change.fields.insert(u"probability"_s, stage.winProbability);
        } else {
            change.fields.insert(u"amount_minor"_s, newAmount(target));
            change.fields.insert(u"expected_close"_s, benchNow + qint64(days(rng)) * 86'400'000);
            change.fields.insert(u"notes"_s,
                                 u"Budget confirmed; legal review next (#%1)."_s.arg(serial));
        }
        changes.append(std::move(change));
    }
    return changes;
}

} // namespace

StoreBench::StoreBench(Options options)
    : m_options(options)
{ }

int StoreBench::run()
{
    if (!m_dir.isValid()) {
        qCritical("cannot create a temporary folder: %s", qPrintable(m_dir.errorString()));
        return 1;
    }
    const bool ok = measureGeneration(10'000, 3, false)
        && measureGeneration(m_options.deals, m_options.generationRuns, true) && measureOpen()
        && measureCustomerSearch() && measureWrites();
    return ok ? 0 : 1;
}

bool StoreBench::measureGeneration(int deals, int runs, bool keepStore)
{
    QList<double> seconds;
    QList<double> cpu;
    const double load = loadAverage();
    for (int run = 0; run < runs; ++run) {
        const QString path = m_dir.filePath(u"generated-%1-%2.db"_s.arg(deals).arg(run));
        std::unique_ptr<LocalStore> store = openStore(path);
        if (!store)
            return false;
        DemoGenerator::Options options;
        options.deals = deals;
        options.nowMs = benchNow;
        DemoGenerator generator(options);
        const double cpuBefore = cpuSeconds();
        QElapsedTimer timer;
        timer.start();
        const Result<void> done = generator.generate(*store);
        const double elapsed = double(timer.nsecsElapsed()) / 1e9;
        if (!done) {
            qCritical("generating %d deals failed: %s", deals, qPrintable(done.error().message));
            return false;
        }
        seconds.append(elapsed);
        cpu.append(cpuSeconds() - cpuBefore);
        qInfo("generated %d deals in %.2f s (%.2f s CPU)", deals, elapsed, cpu.constLast());
        store.reset();
        if (keepStore && run == runs - 1)
            m_storePath = path;
        else
            removeStore(path);
    }
    BenchReport::print(
        u"demo.generate_s"_s, BenchReport::rounded(BenchReport::median(seconds), 2), u"s"_s,
        {{u"deals"_s, deals},
         {u"runs"_s, runs},
         {u"min_s"_s, BenchReport::rounded(*std::min_element(seconds.cbegin(), seconds.cend()), 2)},
         {u"cpu_s"_s, BenchReport::rounded(BenchReport::median(cpu), 2)},
         {u"load_avg"_s, load}});
    return true;
}

bool StoreBench::measureOpen()
{
    constexpr int opens = 10;
    QList<double> millis;
    // The first open warms the file cache and is not counted.
    for (int i = 0; i <= opens; ++i) {
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<LocalStore> store = openStore(m_storePath);
        const double elapsed = double(timer.nsecsElapsed()) / 1e6;
        if (!store)
            return false;
        if (i > 0)
            millis.append(elapsed);
    }
    BenchReport::print(u"store.open_ms"_s, BenchReport::rounded(BenchReport::median(millis), 2),
                       u"ms"_s, {{u"deals"_s, m_options.deals}, {u"runs"_s, opens}});
    return true;
}

bool StoreBench::measureCustomerSearch()
{
    std::unique_ptr<LocalStore> store = openStore(m_storePath);
    if (!store)
        return false;
    CustomerRepository repository(*store);
    CustomerTableModel model;
    QElapsedTimer timer;
    timer.start();
    if (Result<void> loaded = model.reload(repository); !loaded) {
        qCritical("loading customers failed: %s", qPrintable(loaded.error().message));
        return false;
    }
    const double reloadMs = double(timer.nsecsElapsed()) / 1e6;
    CustomerFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    // The customers page lists by name.
    proxy.sort(int(CustomerTableModel::Column::Name));

    // Typed character by character, as a user would: a Latin name and a Chinese one.
    const QStringList queries = {u"Northwind"_s, u"华信科技"_s};
    QList<double> keystrokes;
    QVariantMap matches;
    for (int repetition = 0; repetition < m_options.repetitions; ++repetition) {
        for (const QString &query : queries) {
            proxy.setSearchText(QString());
            for (qsizetype length = 1; length <= query.size(); ++length) {
                timer.restart();
                proxy.setSearchText(query.left(length));
                const int rows = proxy.rowCount();
                keystrokes.append(double(timer.nsecsElapsed()) / 1e6);
                if (length == query.size())
                    matches.insert(query, rows);
            }
        }
    }
    BenchReport::print(
        u"customers.search_ms"_s, BenchReport::rounded(BenchReport::median(keystrokes), 3), u"ms"_s,
        {{u"deals"_s, m_options.deals},
         {u"customers"_s, model.rowCount()},
         {u"keystrokes"_s, keystrokes.size()},
         {u"p90_ms"_s, BenchReport::rounded(BenchReport::percentile(keystrokes, 90), 3)},
         {u"max_ms"_s,
          BenchReport::rounded(*std::max_element(keystrokes.cbegin(), keystrokes.cend()), 3)},
         {u"matches"_s, matches},
         {u"model"_s, u"CustomerFilterProxyModel over CustomerTableModel"_s}});
    BenchReport::print(u"customers.reload_ms"_s, BenchReport::rounded(reloadMs, 1), u"ms"_s,
                       {{u"deals"_s, m_options.deals}, {u"customers"_s, model.rowCount()}});
    return true;
}

bool StoreBench::measureWrites()
{
    std::unique_ptr<LocalStore> store = openStore(m_storePath);
    if (!store)
        return false;
    const QString actorId = OrganizationRepository(*store).currentUserId();
    CustomerRepository customers(*store);
    DealRepository deals(*store);
    StageRepository stageRepository(*store);

    // Open deals of randomly chosen customers, found through the repositories.
    std::mt19937_64 rng(20261126);
    const Result<QList<CustomerSummary>> summaries = customers.summaries();
    if (!summaries || summaries->isEmpty()) {
        qCritical("no customers to edit");
        return false;
    }
    QList<qsizetype> order(summaries->size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    QHash<QString, QList<Stage>> stagesOfUnit;
    QList<EditTarget> targets;
    for (qsizetype index : std::as_const(order)) {
        if (targets.size() >= 5'000)
            break;
        const Result<QList<Deal>> found = deals.dealsForCustomer(summaries->at(index).customer.id);
        if (!found)
            continue;
        for (const Deal &deal : *found) {
            if (deal.status != Deal::Status::Open)
                continue;
            if (!stagesOfUnit.contains(deal.unitId))
                stagesOfUnit.insert(deal.unitId,
                                    stageRepository.stagesForUnit(deal.unitId).value());
            EditTarget target {deal.id, stagesOfUnit.value(deal.unitId), 0, deal.amountMinor};
            for (qsizetype s = 0; s < target.stages.size(); ++s) {
                if (target.stages.at(s).id == deal.stageId)
                    target.stageIndex = int(s);
            }
            targets.append(target);
        }
    }
    if (targets.isEmpty()) {
        qCritical("no open deals to edit");
        return false;
    }

    const QStringList rawColumns = {u"amount_minor"_s, u"stage_id"_s,       u"stage_entered_at"_s,
                                    u"probability"_s,  u"expected_close"_s, u"notes"_s};
    ChangeWriter writer(*store, actorId);
    RawWriteBaseline raw(*store);
    int serial = 0;
    QList<double> writerRates;
    QList<double> rawRates;
    QList<double> ratios;
    for (int repetition = 0; repetition < m_options.repetitions; ++repetition) {
        const QList<Change> changes = makeChanges(rng, targets, changesPerRun, serial);
        // The same batching for both: 1,000 changes per transaction.
        const auto timeBatches = [&](const std::function<Result<void>(const Change &)> &write) {
            QElapsedTimer timer;
            timer.start();
            for (qsizetype start = 0; start < changes.size(); start += changesPerTransaction) {
                const Result<void> done = store->transaction([&]() -> Result<void> {
                    const qsizetype end = std::min(changes.size(), start + changesPerTransaction);
                    for (qsizetype i = start; i < end; ++i) {
                        if (Result<void> written = write(changes.at(i)); !written)
                            return written;
                    }
                    return {};
                });
                if (!done) {
                    qCritical("a write failed: %s", qPrintable(done.error().message));
                    return -1.0;
                }
            }
            return double(timer.nsecsElapsed()) / 1e9;
        };
        const double writerSeconds = timeBatches([&](const Change &change) {
            return writer.update(u"deals"_s, targets.at(change.target).id, change.fields);
        });
        if (Result<void> created = raw.create(rawColumns); !created) {
            qCritical("baseline table: %s", qPrintable(created.error().message));
            return false;
        }
        const double rawSeconds = timeBatches([&](const Change &change) {
            return raw.insert(targets.at(change.target).id, change.fields);
        });
        if (Result<void> dropped = raw.drop(); !dropped || writerSeconds < 0 || rawSeconds < 0)
            return false;
        writerRates.append(changesPerRun / writerSeconds);
        rawRates.append(changesPerRun / rawSeconds);
        ratios.append(rawSeconds / writerSeconds);
        qInfo("write run %d: %.0f changes/s through ChangeWriter, %.0f raw inserts/s", repetition,
              writerRates.constLast(), rawRates.constLast());
    }
    BenchReport::print(u"store.write_changes_per_s"_s, std::round(BenchReport::median(writerRates)),
                       u"changes/s"_s,
                       {{u"changes"_s, changesPerRun},
                        {u"per_transaction"_s, changesPerTransaction},
                        {u"runs"_s, m_options.repetitions},
                        {u"deals"_s, m_options.deals}});
    BenchReport::print(u"store.write_ratio_to_raw"_s,
                       BenchReport::rounded(BenchReport::median(ratios), 3), u"ratio"_s,
                       {{u"raw_inserts_per_s"_s, std::round(BenchReport::median(rawRates))},
                        {u"per_transaction"_s, changesPerTransaction}});

    // Each change committed on its own, as a user's single edit is: one fsync each.
    QList<double> singleRates;
    for (int repetition = 0; repetition < 3; ++repetition) {
        const QList<Change> changes = makeChanges(rng, targets, singleCommitChanges, serial);
        QElapsedTimer timer;
        timer.start();
        for (const Change &change : changes) {
            const Result<void> done
                = writer.update(u"deals"_s, targets.at(change.target).id, change.fields);
            if (!done) {
                qCritical("a write failed: %s", qPrintable(done.error().message));
                return false;
            }
        }
        singleRates.append(singleCommitChanges / (double(timer.nsecsElapsed()) / 1e9));
    }
    BenchReport::print(
        u"store.write_single_commit_per_s"_s, std::round(BenchReport::median(singleRates)),
        u"changes/s"_s,
        {{u"changes"_s, singleCommitChanges}, {u"runs"_s, 3}, {u"synchronous"_s, u"FULL"_s}});
    return true;
}

} // namespace Outpost
