// outpost_crashwriter: writes deals into the store given as its argument until it is killed.
// tst_crashrecovery kills it with SIGKILL at random moments and checks what is left behind.
//
// Usage: outpost_crashwriter <store path> [max run ms] [random seed]
// Prints "ready" on stdout after its first committed change, nothing else on success.

#include "bulkloader.h"
#include "customerrepository.h"
#include "dealrepository.h"
#include "localstore.h"
#include "organizationrepository.h"
#include "stagerepository.h"
#include "uuidv7.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

struct Seed
{
    QString unitId;
    QString userId;
    QString customerId;
    QList<Stage> stages;
};

void fail(const QString &what, const Error &error)
{
    std::fprintf(stderr, "crashwriter: %s: %s\n", qPrintable(what), qPrintable(error.message));
}

// Seed rows stand for data the organization already had: loaded without outbox entries, so
// that every outbox entry in the store is a deal change this program made.
Result<void> seedIfEmpty(LocalStore &store)
{
    OrganizationRepository organization(store);
    const Result<QList<Unit>> units = organization.units();
    if (!units)
        return units.error();
    if (!units->isEmpty())
        return {};
    return store.transaction([&]() -> Result<void> {
        const qint64 now = store.nowMs();
        const QString unitId = UuidV7::generate();
        const QString userId = UuidV7::generate();
        BulkLoader loader(store);
        Result<void> r
            = loader.begin(u"units"_s, {u"id"_s, u"name"_s, u"created_at"_s, u"updated_at"_s});
        if (r)
            r = loader.insert({unitId, u"Crash test unit"_s, now, now});
        if (r)
            r = loader.begin(
                u"users"_s,
                {u"id"_s, u"name"_s, u"role"_s, u"unit_id"_s, u"created_at"_s, u"updated_at"_s});
        if (r)
            r = loader.insert({userId, u"Crash Tester"_s, u"rep"_s, unitId, now, now});
        if (r)
            r = loader.begin(u"customers"_s,
                             {u"id"_s, u"unit_id"_s, u"owner_id"_s, u"name"_s, u"created_at"_s,
                              u"updated_at"_s});
        if (r)
            r = loader.insert(
                {UuidV7::generate(), unitId, userId, u"上海华信科技有限公司"_s, now, now});
        if (r)
            r = loader.begin(u"stages"_s,
                             {u"id"_s, u"unit_id"_s, u"name"_s, u"position"_s, u"win_probability"_s,
                              u"created_at"_s, u"updated_at"_s});
        const QStringList names {u"Lead"_s, u"Qualified"_s, u"Proposal"_s, u"Negotiation"_s};
        for (int i = 0; r && i < names.size(); ++i)
            r = loader.insert(
                {UuidV7::generate(), unitId, names.at(i), i + 1, 10 + 25 * i, now, now});
        return r;
    });
}

Result<Seed> loadSeed(LocalStore &store)
{
    OrganizationRepository organization(store);
    CustomerRepository customers(store);
    StageRepository stageRepository(store);
    const Result<QList<Unit>> units = organization.units();
    const Result<QList<User>> users = organization.users();
    const Result<QList<CustomerSummary>> summaries = customers.summaries();
    if (!units || !users || !summaries || units->isEmpty() || users->isEmpty()
        || summaries->isEmpty()) {
        return Error {ErrorCode::NotFound, u"the seed data is missing"_s};
    }
    Seed seed {units->first().id, users->first().id, summaries->first().customer.id, {}};
    const Result<QList<Stage>> stages = stageRepository.stagesForUnit(seed.unitId);
    if (!stages || stages->isEmpty())
        return Error {ErrorCode::NotFound, u"the seed stages are missing"_s};
    seed.stages = stages.value();
    return seed;
}

class Writer
{
public:
    Writer(LocalStore &store, const Seed &seed, quint32 randomSeed)
        : m_store(store)
        , m_seed(seed)
        , m_deals(store, seed.userId)
        , m_random(randomSeed)
    {
        const Result<QList<Deal>> existing = m_deals.dealsForCustomer(seed.customerId);
        if (existing) {
            for (const Deal &deal : existing.value())
                m_dealIds.append(deal.id);
        }
    }

    Result<void> createDeal()
    {
        const Stage &stage = randomStage();
        Deal deal;
        deal.title = u"Deal %1"_s.arg(m_dealIds.size() + 1);
        deal.customerId = m_seed.customerId;
        deal.unitId = m_seed.unitId;
        deal.ownerId = m_seed.userId;
        deal.stageId = stage.id;
        deal.amountMinor = m_random.bounded(1'000'000'000);
        deal.probability = stage.winProbability;
        deal.expectedClose = m_store.nowMs() + m_random.bounded(90) * 86'400'000LL;
        const Result<QString> created = m_deals.create(deal);
        if (!created)
            return created.error();
        // Only a committed deal may be picked for an update outside this batch.
        m_pending.append(created.value());
        return {};
    }

    Result<void> updateDeal()
    {
        // Deals created earlier in the same batch are visible to it too.
        const QStringList candidates = m_dealIds + m_pending;
        if (candidates.isEmpty())
            return createDeal();
        const QString id = candidates.at(m_random.bounded(int(candidates.size())));
        QVariantMap fields;
        switch (m_random.bounded(7)) {
        case 0:
            fields.insert(u"amount_minor"_s, m_random.bounded(1'000'000'000));
            break;
        case 1:
            fields.insert(u"stage_id"_s, randomStage().id);
            break;
        case 2:
            fields.insert(u"title"_s, u"Deal rev %1"_s.arg(m_random.generate()));
            break;
        case 3:
            fields.insert(u"notes"_s, u"跟进 %1: call back"_s.arg(m_random.generate()));
            break;
        case 4: {
            const Result<Deal> current = m_deals.deal(id);
            if (!current)
                return current.error();
            if (current->status != Deal::Status::Open)
                fields.insert(u"status"_s, u"open"_s);
            else if (m_random.bounded(2))
                fields.insert(u"status"_s, u"won"_s);
            else
                fields = {{u"status"_s, u"lost"_s}, {u"lost_reason"_s, u"Budget cut"_s}};
            break;
        }
        case 5:
            fields.insert(u"probability"_s, m_random.bounded(101));
            break;
        default:
            fields = {{u"amount_minor"_s, m_random.bounded(1'000'000'000)},
                      {u"region"_s, u"R%1"_s.arg(m_random.bounded(10))}};
            break;
        }
        return m_deals.update(id, fields);
    }

    enum class Outcome { Committed, RolledBack, Failed };

    // Runs one step: a single change, a batch of a few changes, or a batch that is abandoned.
    Outcome step()
    {
        const int kind = m_random.bounded(10);
        Result<void> done;
        bool abandon = false;
        if (kind < 3) {
            done = createDeal();
        } else if (kind < 7) {
            done = updateDeal();
        } else {
            abandon = kind == 9;
            const int changes = 2 + m_random.bounded(4);
            done = m_store.transaction([&]() -> Result<void> {
                for (int i = 0; i < changes; ++i) {
                    Result<void> r = m_random.bounded(3) == 0 ? createDeal() : updateDeal();
                    if (!r)
                        return r;
                }
                if (abandon)
                    return Error {ErrorCode::Conflict, u"abandoned on purpose"_s};
                return {};
            });
        }
        if (abandon && !done.ok() && done.error().code == ErrorCode::Conflict) {
            m_pending.clear();
            return Outcome::RolledBack;
        }
        if (!done) {
            fail(u"change failed"_s, done.error());
            return Outcome::Failed;
        }
        m_dealIds += m_pending;
        m_pending.clear();
        return Outcome::Committed;
    }

private:
    const Stage &randomStage()
    {
        return m_seed.stages.at(m_random.bounded(int(m_seed.stages.size())));
    }

    LocalStore &m_store;
    Seed m_seed;
    DealRepository m_deals;
    QRandomGenerator m_random;
    QStringList m_dealIds;
    QStringList m_pending;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: outpost_crashwriter <store> [max run ms] [seed]\n");
        return 2;
    }
    // A bound on the run time, so a writer whose test died does not write forever.
    const qint64 maxRunMs = args.size() > 2 ? args.at(2).toLongLong() : 60'000;
    const quint32 randomSeed
        = args.size() > 3 ? args.at(3).toUInt() : QRandomGenerator::global()->generate();

    auto opened = LocalStore::open(args.at(1));
    if (!opened) {
        fail(u"open"_s, opened.error());
        return 1;
    }
    LocalStore &store = *opened.value();
    if (Result<void> seeded = seedIfEmpty(store); !seeded) {
        fail(u"seed"_s, seeded.error());
        return 1;
    }
    const Result<Seed> seed = loadSeed(store);
    if (!seed) {
        fail(u"seed"_s, seed.error());
        return 1;
    }

    Writer writer(store, seed.value(), randomSeed);
    QElapsedTimer running;
    running.start();
    bool ready = false;
    while (running.elapsed() < maxRunMs) {
        const Writer::Outcome outcome = writer.step();
        if (outcome == Writer::Outcome::Failed)
            return 3;
        if (!ready && outcome == Writer::Outcome::Committed) {
            std::fputs("ready\n", stdout);
            std::fflush(stdout);
            ready = true;
        }
    }
    return 0;
}
