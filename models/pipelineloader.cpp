#include "pipelineloader.h"

#include "localstore.h"
#include "logging.h"
#include "sqlstatement.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSemaphore>
#include <QSqlQuery>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// The columns of a card after its references, in both selects below. Several small numbers
// share a column, and currency and region come as the 1-based position in a list of known
// values (the units' own) or, for others, as text: this query reads every deal.
QString cardValues(qsizetype knownCurrencies, qsizetype knownRegions)
{
    const auto coded = [](const QString &column, qsizetype known) {
        if (known == 0)
            return column;
        QString expression = u"CASE "_s + column;
        for (qsizetype i = 1; i <= known; ++i)
            expression += u" WHEN ? THEN %1"_s.arg(i);
        return QString(expression + u" ELSE "_s + column + u" END"_s);
    };
    return uR"(d.amount_minor, %1, %2,
       d.probability | CASE d.status WHEN 'won' THEN 256 WHEN 'lost' THEN 512 ELSE 0 END,
       coalesce(d.expected_close, 0), d.stage_entered_at, d.updated_at,
       coalesce(d.last_activity_at, 0), coalesce(d.closed_at, 0))"_s.arg(
        coded(u"d.currency"_s, knownCurrencies), coded(u"d.region"_s, knownRegions));
}

// One deal (readCard()): the rowids of customer, owner, unit, stage and product come from joins
// on the parents' primary key indexes (which hold the rowid: no table access), two columns.
QString joinedCardSelect()
{
    return uR"(SELECT d.rowid, d.title, (coalesce(c.rowid, 0) << 32) | coalesce(us.rowid, 0),
       (coalesce(un.rowid, 0) << 40) | (coalesce(st.rowid, 0) << 20) | coalesce(p.rowid, 0),
       )"_s
        + cardValues(0, 0) + uR"(
FROM deals d
LEFT JOIN units un ON un.id = d.unit_id
LEFT JOIN customers c ON c.id = d.customer_id
LEFT JOIN users us ON us.id = d.owner_id
LEFT JOIN stages st ON st.id = d.stage_id
LEFT JOIN products p ON p.id = d.product_id
WHERE d.deleted = 0 )"_s;
}
constexpr int joinedValuesColumn = 4;

// Every deal (load()): the five parents' ids as they are stored, five columns, which the
// loader turns into rowids through hash maps (IdMaps): half the time of joining them.
QString bulkCardSelect(qsizetype knownCurrencies, qsizetype knownRegions)
{
    return u"SELECT d.rowid, d.title, d.customer_id, d.owner_id, d.unit_id, d.stage_id, "
           u"d.product_id, "_s
        + cardValues(knownCurrencies, knownRegions) + u" FROM deals d WHERE d.deleted = 0 "_s;
}
constexpr int bulkValuesColumn = 7;

// The rowid of each parent row by its id, for bulkCardSelect().
struct IdMaps
{
    QHash<QByteArray, qint32> customers;
    QHash<QByteArray, qint32> users;
    QHash<QByteArray, qint32> units;
    QHash<QByteArray, qint32> stages;
    QHash<QByteArray, qint32> products;

    static qint32 find(const QHash<QByteArray, qint32> &map, QByteArrayView id)
    {
        if (id.isEmpty())
            return -1;
        // fromRawData: the lookup copies nothing.
        return map.value(QByteArray::fromRawData(id.data(), id.size()), -1);
    }
};

Result<IdMaps> readIdMaps(LocalStore &store)
{
    IdMaps maps;
    const std::pair<QString, QHash<QByteArray, qint32> *> tables[]
        = {{u"customers"_s, &maps.customers},
           {u"users"_s, &maps.users},
           {u"units"_s, &maps.units},
           {u"stages"_s, &maps.stages},
           {u"products"_s, &maps.products}};
    for (const auto &[table, map] : tables) {
        SqlStatement &q = store.statement(u"SELECT rowid, id FROM "_s + table);
        while (q.next())
            map->insert(q.utf8(1), qint32(q.int64(0)));
        if (q.failed())
            return LocalStore::sqlError(q);
        q.reset();
    }
    return maps;
}

// Currencies and regions the cards name as codes (see cardSelect()).
struct KnownValues
{
    QStringList currencies;
    QStringList regions;
};

// The order of PipelineDataset::activityKinds().
const QString activityKindCase = u"CASE a.kind WHEN 'call' THEN 0 WHEN 'meeting' THEN 1 "
                                 u"WHEN 'email' THEN 2 WHEN 'task' THEN 3 ELSE 4 END"_s;

// Parts of the deals read in parallel: enough to keep two cores busy to the end.
constexpr int maxChunks = 4;
constexpr qint64 dealsPerChunk = 25000;

// The cards of one rowid range, with currencies and regions interned locally (merged later).
struct CardChunk
{
    std::vector<PipelineCard> cards;
    QString text;
    QStringList currencies; ///< the known values first, then others as met
    QStringList regions;
    Error error;
};

struct NextActivity
{
    qint64 rowId = 0;
    qint64 dueAt = 0;
    qint8 kind = 0;
};

quint8 internLocal(QStringList &list, const QString &value)
{
    const qsizetype index = list.indexOf(value);
    if (index >= 0)
        return quint8(index);
    if (list.size() >= 255)
        return 0;
    list.append(value);
    return quint8(list.size() - 1);
}

QString unitClause(const QStringList &unitIds)
{
    if (unitIds.isEmpty())
        return {};
    QStringList marks;
    marks.fill(u"?"_s, unitIds.size());
    return u" AND d.unit_id IN ("_s + marks.join(u", "_s) + u')';
}

// Reads a card's own values from a query of joinedCardSelect() or bulkCardSelect(), starting
// at column first (the references are the caller's); the title goes to text. currencies and
// regions start with the known values the query codes as 1, 2, ...; other values are appended.
PipelineCard cardFrom(const SqlStatement &q, int first, QString &text, QStringList &currencies,
                      QStringList &regions)
{
    PipelineCard card;
    card.rowId = q.int64(0);
    const QString title = q.text(1);
    card.titleOffset = quint32(text.size());
    card.titleLength = quint32(title.size());
    text.append(title);
    card.amountMinor = q.int64(first);
    const auto coded = [](const QVariant &value, QStringList &list) {
        if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
            return quint8(std::clamp<qint64>(value.toLongLong() - 1, 0, 254));
        return internLocal(list, value.toString());
    };
    card.currency = coded(q.value(first + 1), currencies);
    card.region = coded(q.value(first + 2), regions);
    const int probabilityAndStatus = int(q.int64(first + 3));
    card.probability = quint8(qBound(0, probabilityAndStatus & 0xff, 100));
    card.status = quint8(probabilityAndStatus >> 8);
    card.expectedClose = q.int64(first + 4);
    card.stageEnteredAt = q.int64(first + 5);
    card.updatedAt = q.int64(first + 6);
    card.lastActivityAt = q.int64(first + 7);
    card.closedAt = q.int64(first + 8);
    return card;
}

// The references of a joinedCardSelect() row: rowids packed in two columns (0: none).
void joinedReferences(const SqlStatement &q, PipelineCard &card)
{
    constexpr qint64 mask20 = (1 << 20) - 1;
    const auto rowIdOrNone = [](qint64 rowId) {
        return rowId == 0 ? -1 : qint32(rowId);
    };
    const qint64 people = q.int64(2);
    card.customer = rowIdOrNone(people >> 32);
    card.owner = rowIdOrNone(people & 0xffffffff);
    const qint64 process = q.int64(3);
    card.unit = rowIdOrNone(process >> 40);
    card.stage = rowIdOrNone((process >> 20) & mask20);
    card.product = rowIdOrNone(process & mask20);
}

// The references of a bulkCardSelect() row: ids, looked up.
void bulkReferences(const SqlStatement &q, const IdMaps &maps, PipelineCard &card)
{
    card.customer = IdMaps::find(maps.customers, q.utf8View(2));
    card.owner = IdMaps::find(maps.users, q.utf8View(3));
    card.unit = IdMaps::find(maps.units, q.utf8View(4));
    card.stage = IdMaps::find(maps.stages, q.utf8View(5));
    card.product = IdMaps::find(maps.products, q.utf8View(6));
}

template<typename T> void putAt(std::vector<T> &table, qint64 rowId, T value)
{
    if (rowId < 0)
        return;
    if (size_t(rowId) >= table.size())
        table.resize(size_t(rowId) + 1);
    table[size_t(rowId)] = std::move(value);
}

Result<void> readUnits(LocalStore &store, PipelineDataset &data)
{
    QSqlQuery q = store.query();
    q.setForwardOnly(true);
    if (!q.exec(
            u"SELECT rowid, id, name, coalesce(parent_id, ''), currency, is_hq, region FROM units "
            u"WHERE deleted = 0"_s)) {
        return LocalStore::sqlError(q);
    }
    data.units.clear();
    while (q.next()) {
        putAt(data.units, q.value(0).toLongLong(),
              PipelineDataset::UnitInfo {q.value(1).toString(), q.value(2).toString(),
                                         q.value(3).toString(), q.value(4).toString(),
                                         q.value(6).toString(), q.value(5).toBool(), 0});
    }
    return {};
}

Result<void> readStages(LocalStore &store, PipelineDataset &data)
{
    QSqlQuery q = store.query();
    q.setForwardOnly(true);
    // Deleted stages too: a deal may still stand in one; only live ones make up the sets.
    if (!q.exec(u"SELECT rowid, id, coalesce(unit_id, ''), name, position, win_probability, "
                u"rotting_days, required_fields, deleted FROM stages "
                u"ORDER BY coalesce(unit_id, ''), position, rowid"_s)) {
        return LocalStore::sqlError(q);
    }
    data.stages.clear();
    data.stageSets.assign(1, {});
    QHash<QString, int> setOfUnit {{QString(), 0}};
    while (q.next()) {
        PipelineDataset::StageInfo info;
        info.stage.id = q.value(1).toString();
        info.stage.unitId = q.value(2).toString();
        info.stage.name = q.value(3).toString();
        info.stage.position = q.value(4).toInt();
        info.stage.winProbability = q.value(5).toInt();
        info.stage.rottingDays = q.value(6).toInt();
        const QJsonArray required = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).array();
        for (const QJsonValue &field : required)
            info.stage.requiredFields.append(field.toString());
        const bool deleted = q.value(8).toBool();
        auto set = setOfUnit.find(info.stage.unitId);
        if (set == setOfUnit.end()) {
            set = setOfUnit.insert(info.stage.unitId, int(data.stageSets.size()));
            data.stageSets.emplace_back();
        }
        info.set = set.value();
        std::vector<int> &members = data.stageSets[size_t(info.set)];
        info.index = deleted ? std::max(0, int(members.size()) - 1) : int(members.size());
        const qint64 rowId = q.value(0).toLongLong();
        if (!deleted)
            members.push_back(int(rowId));
        putAt(data.stages, rowId, std::move(info));
    }
    for (PipelineDataset::UnitInfo &unit : data.units) {
        if (!unit.id.isEmpty())
            unit.stageSet = setOfUnit.value(unit.id, 0);
    }
    // A store without HQ's template borrows the first unit's stages for mixed boards.
    if (data.stageSets.front().empty()) {
        for (const std::vector<int> &set : data.stageSets) {
            if (!set.empty()) {
                data.stageSets.front() = set;
                break;
            }
        }
    }
    return {};
}

Result<void> readLookups(LocalStore &store, PipelineDataset &data)
{
    if (Result<void> done = readUnits(store, data); !done)
        return done;
    if (Result<void> done = readStages(store, data); !done)
        return done;

    QSqlQuery q = store.query();
    q.setForwardOnly(true);
    // Deleted people and products keep their names: old deals still refer to them.
    if (!q.exec(u"SELECT rowid, id, name, coalesce(unit_id, '') FROM users"_s))
        return LocalStore::sqlError(q);
    while (q.next()) {
        putAt(data.users, q.value(0).toLongLong(),
              PipelineDataset::UserInfo {q.value(1).toString(), q.value(2).toString(),
                                         q.value(3).toString()});
    }
    if (!q.exec(u"SELECT rowid, id, name FROM product_lines"_s))
        return LocalStore::sqlError(q);
    while (q.next()) {
        putAt(data.productLines, q.value(0).toLongLong(),
              PipelineDataset::ProductLineInfo {q.value(1).toString(), q.value(2).toString()});
    }
    if (!q.exec(u"SELECT p.rowid, p.id, p.name, coalesce(l.rowid, -1) FROM products p "
                u"LEFT JOIN product_lines l ON l.id = p.line_id"_s)) {
        return LocalStore::sqlError(q);
    }
    while (q.next()) {
        putAt(data.products, q.value(0).toLongLong(),
              PipelineDataset::ProductInfo {q.value(1).toString(), q.value(2).toString(),
                                            q.value(3).toInt()});
    }
    if (!q.exec(u"SELECT max(rowid) FROM customers"_s))
        return LocalStore::sqlError(q);
    if (q.next())
        data.customerNames.reserve(size_t(q.value(0).toLongLong()) + 1);
    SqlStatement &customers = store.statement(u"SELECT rowid, name FROM customers"_s);
    while (customers.next())
        putAt(data.customerNames, customers.int64(0), customers.text(1));
    if (customers.failed())
        return LocalStore::sqlError(customers);
    customers.reset();
    return {};
}

void readChunk(LocalStore &store, const QStringList &unitIds, const KnownValues &known,
               const IdMaps &maps, qint64 firstRowId, qint64 lastRowId, CardChunk &chunk)
{
    // SQLite's C API: QtSql would build a QVariant for every value of every deal.
    SqlStatement &q = store.statement(bulkCardSelect(known.currencies.size(), known.regions.size())
                                      + u"AND d.rowid BETWEEN ? AND ?"_s + unitClause(unitIds));
    for (const QString &value : known.currencies)
        q.bind(value);
    for (const QString &value : known.regions)
        q.bind(value);
    q.bind(firstRowId);
    q.bind(lastRowId);
    for (const QString &unitId : unitIds)
        q.bind(unitId);
    chunk.currencies = known.currencies;
    chunk.regions = known.regions;
    // About 45 characters per title; one reservation instead of many reallocations.
    chunk.cards.reserve(size_t(lastRowId - firstRowId + 1));
    chunk.text.reserve(qsizetype(std::min<qint64>(lastRowId - firstRowId + 1, 1'000'000) * 48));
    while (q.next()) {
        PipelineCard &card = chunk.cards.emplace_back(
            cardFrom(q, bulkValuesColumn, chunk.text, chunk.currencies, chunk.regions));
        bulkReferences(q, maps, card);
    }
    if (q.failed())
        chunk.error = LocalStore::sqlError(q);
    q.reset();
    chunk.cards.shrink_to_fit();
}

// The earliest open, dated activity of each open deal in scope. CROSS JOIN keeps the
// activities outside: left to itself SQLite walked every open deal and searched its
// activities, three times slower than looking up the deal of each open activity.
Result<std::vector<NextActivity>> readNextActivities(LocalStore &store, const QStringList &unitIds)
{
    SqlStatement &q
        = store.statement(u"SELECT d.rowid, a.due_at, "_s + activityKindCase
                          + u" FROM activities a CROSS JOIN deals d ON d.id = a.deal_id "
                            u"WHERE a.done_at IS NULL AND a.deleted = 0 AND a.due_at IS NOT NULL "
                            u"AND d.deleted = 0 AND d.status = 'open'"_s
                          + unitClause(unitIds));
    for (const QString &unitId : unitIds)
        q.bind(unitId);
    std::vector<NextActivity> list;
    while (q.next())
        list.push_back({q.int64(0), q.int64(1), qint8(q.int64(2))});
    if (q.failed())
        return LocalStore::sqlError(q);
    q.reset();
    return list;
}

// The loader's connections read each page once, front to back: a page cache would only be
// filled and thrown away. Memory-mapped reads also save a copy and a system call per page.
void tuneForScans(LocalStore &store)
{
    QSqlQuery q = store.query();
    q.exec(u"PRAGMA cache_size = -2048"_s);
    q.exec(u"PRAGMA mmap_size = 1073741824"_s);
}

// Runs count parts on the calling thread and on helpers from the global thread pool. Each
// thread opens its own read-only connection once and hands it to the parts it takes. The
// caller only ever waits for parts that are already running, never for queued helpers, so
// nested use from pool threads cannot deadlock.
class PartRunner
{
public:
    using Part = std::function<void(int part, LocalStore *store, const Error &openError)>;

    static void run(const QString &path, int count, Part part)
    {
        auto runner = std::shared_ptr<PartRunner>(new PartRunner(path, count, std::move(part)));
        QThreadPool *pool = QThreadPool::globalInstance();
        const int helpers = std::min(count - 1, pool->maxThreadCount());
        for (int i = 0; i < helpers; ++i)
            pool->start([runner] { runner->work(); });
        runner->work();
        runner->m_finished.acquire(count);
        // Helpers that start later find no part left and never call m_part again.
    }

private:
    PartRunner(QString path, int count, Part part)
        : m_path(std::move(path))
        , m_count(count)
        , m_part(std::move(part))
    { }

    void work()
    {
        std::unique_ptr<LocalStore> store;
        Error openError;
        bool opened = false;
        for (int part = m_next.fetch_add(1); part < m_count; part = m_next.fetch_add(1)) {
            if (!opened) {
                opened = true;
                Result<std::unique_ptr<LocalStore>> result
                    = LocalStore::open(m_path, LocalStore::OpenMode::ReadOnly);
                if (result) {
                    store = std::move(result).value();
                    tuneForScans(*store);
                } else {
                    openError = result.error();
                }
            }
            m_part(part, store.get(), openError);
            m_finished.release();
        }
    }

    QString m_path;
    int m_count;
    Part m_part;
    std::atomic<int> m_next {0};
    QSemaphore m_finished;
};

} // namespace

Result<PipelineDataset> PipelineLoader::load(const QString &storePath, const QStringList &unitIds)
{
    QElapsedTimer timer;
    timer.start();
    qint64 firstRowId = 0;
    qint64 lastRowId = -1;
    KnownValues known;
    IdMaps maps;
    {
        Result<std::unique_ptr<LocalStore>> store
            = LocalStore::open(storePath, LocalStore::OpenMode::ReadOnly);
        if (!store)
            return store.error();
        QSqlQuery q = store.value()->query();
        if (!q.exec(u"SELECT coalesce(min(rowid), 0), coalesce(max(rowid), -1) FROM deals"_s))
            return LocalStore::sqlError(q);
        if (q.next()) {
            firstRowId = q.value(0).toLongLong();
            lastRowId = q.value(1).toLongLong();
        }
        // Deals mostly use their unit's currency and region: those become small codes.
        if (!q.exec(u"SELECT DISTINCT currency FROM units ORDER BY 1"_s))
            return LocalStore::sqlError(q);
        while (q.next() && known.currencies.size() < 100)
            known.currencies.append(q.value(0).toString());
        if (!q.exec(u"SELECT DISTINCT region FROM units ORDER BY 1"_s))
            return LocalStore::sqlError(q);
        while (q.next() && known.regions.size() < 100)
            known.regions.append(q.value(0).toString());
        q.finish();
        Result<IdMaps> read = readIdMaps(*store.value());
        if (!read)
            return read.error();
        maps = std::move(read).value();
    }

    const qint64 span = lastRowId - firstRowId + 1;
    const int chunkCount = int(std::clamp<qint64>(span / dealsPerChunk + 1, 1, maxChunks));
    std::vector<CardChunk> chunks(static_cast<size_t>(chunkCount));
    PipelineDataset data;
    Error lookupError;
    std::optional<Result<std::vector<NextActivity>>> activities;

    // Part 0: lookups; 1: next activities; then the card chunks (largest work last is fine:
    // every part is about the same size).
    PartRunner::run(
        storePath, chunkCount + 2, [&](int part, LocalStore *store, const Error &openError) {
            if (!store) {
                if (part == 0)
                    lookupError = openError;
                else if (part == 1)
                    activities = openError;
                else
                    chunks[size_t(part - 2)].error = openError;
                return;
            }
            if (part == 0) {
                if (Result<void> done = readLookups(*store, data); !done)
                    lookupError = done.error();
            } else if (part == 1) {
                activities = readNextActivities(*store, unitIds);
            } else {
                const int chunk = part - 2;
                const qint64 from = firstRowId + span * chunk / chunkCount;
                const qint64 to = firstRowId + span * (chunk + 1) / chunkCount - 1;
                readChunk(*store, unitIds, known, maps, from, to, chunks[size_t(chunk)]);
            }
        });
    if (lookupError.code != ErrorCode::None)
        return lookupError;
    if (activities && !activities->ok())
        return activities->error();

    // Merge the chunks (in rowid order), re-interning their currencies and regions.
    size_t total = 0;
    qsizetype textSize = 0;
    for (const CardChunk &chunk : chunks) {
        if (chunk.error.code != ErrorCode::None)
            return chunk.error;
        total += chunk.cards.size();
        textSize += chunk.text.size();
    }
    data.cards.reserve(total);
    data.text.reserve(textSize);
    for (CardChunk &chunk : chunks) {
        const quint32 offset = quint32(data.text.size());
        data.text.append(chunk.text);
        std::vector<quint8> currencyMap(size_t(chunk.currencies.size()));
        for (qsizetype i = 0; i < chunk.currencies.size(); ++i)
            currencyMap[size_t(i)] = data.internCurrency(chunk.currencies.at(i));
        std::vector<quint8> regionMap(size_t(chunk.regions.size()));
        for (qsizetype i = 0; i < chunk.regions.size(); ++i)
            regionMap[size_t(i)] = data.internRegion(chunk.regions.at(i));
        for (PipelineCard &card : chunk.cards) {
            card.titleOffset += offset;
            card.currency = currencyMap[card.currency];
            card.region = regionMap[card.region];
            data.cards.push_back(card);
        }
        chunk = CardChunk();
    }
    data.indexCards();
    if (activities) {
        for (const NextActivity &next : activities->value()) {
            const int index = data.cardIndex(next.rowId);
            if (index < 0)
                continue;
            PipelineCard &card = data.cards[size_t(index)];
            if (card.nextActivityAt == 0 || next.dueAt < card.nextActivityAt) {
                card.nextActivityAt = next.dueAt;
                card.nextActivityKind = next.kind;
            }
        }
    }
    qCInfo(lcStore) << "pipeline: loaded" << data.cards.size() << "deals in" << timer.elapsed()
                    << "ms";
    return data;
}

Result<PipelineCard> PipelineLoader::readCard(LocalStore &store, const QString &dealId,
                                              PipelineDataset &dataset)
{
    // A deleted deal comes back as a removed card, so the board can take it off.
    // Statements are rewound after use: one left on a row would keep an old snapshot.
    SqlStatement &row = store.statement(u"SELECT rowid, deleted FROM deals WHERE id = ?"_s);
    row.bind(dealId);
    if (!row.next()) {
        if (row.failed())
            return LocalStore::sqlError(row);
        return Error {ErrorCode::NotFound, tr("The deal does not exist.")};
    }
    const qint64 rowId = row.int64(0);
    const bool deleted = row.int64(1) != 0;
    row.reset();
    if (deleted) {
        PipelineCard gone;
        gone.rowId = rowId;
        gone.removed = true;
        return gone;
    }

    SqlStatement &q = store.statement(joinedCardSelect() + u"AND d.id = ?"_s);
    q.bind(dealId);
    if (!q.next()) {
        if (q.failed())
            return LocalStore::sqlError(q);
        return Error {ErrorCode::NotFound, tr("The deal does not exist.")};
    }
    QString text;
    QStringList currencies;
    QStringList regions;
    PipelineCard card = cardFrom(q, joinedValuesColumn, text, currencies, regions);
    joinedReferences(q, card);
    q.reset();
    // Keep the arena's copy of an unchanged title; a new one is appended.
    const int existing = dataset.cardIndex(card.rowId);
    card.titleOffset = existing >= 0 ? dataset.cards[size_t(existing)].titleOffset : 0;
    card.titleLength = existing >= 0 ? dataset.cards[size_t(existing)].titleLength : 0;
    if (existing < 0 || dataset.title(card) != text) {
        card.titleOffset = quint32(dataset.text.size());
        card.titleLength = quint32(text.size());
        dataset.text.append(text);
    }

    if (card.status == quint8(0)) {
        // Through the activities_deal index: one deal's activities in due order.
        SqlStatement &next = store.statement(
            u"SELECT a.due_at, "_s + activityKindCase
            + u" FROM activities a WHERE a.deal_id = ? AND a.done_at IS NULL AND a.deleted = 0 "
              u"AND a.due_at IS NOT NULL ORDER BY a.due_at LIMIT 1"_s);
        next.bind(dealId);
        if (next.next()) {
            card.nextActivityAt = next.int64(0);
            card.nextActivityKind = qint8(next.int64(1));
        } else if (next.failed()) {
            return LocalStore::sqlError(next);
        }
        next.reset();
    }

    // Names the board may not have yet (or that changed since it loaded): the customer's is
    // re-read every time, the rarer ones only when unknown.
    if (card.customer >= 0) {
        SqlStatement &customer = store.statement(u"SELECT name FROM customers WHERE rowid = ?"_s);
        customer.bind(qint64(card.customer));
        if (customer.next())
            putAt(dataset.customerNames, card.customer, customer.text(0));
        customer.reset();
    }
    if ((card.owner >= 0 && !dataset.user(card.owner))
        || (card.unit >= 0 && !dataset.unit(card.unit))
        || (card.stage >= 0 && !dataset.stage(card.stage))
        || (card.product >= 0 && !dataset.product(card.product))) {
        PipelineDataset lookups;
        if (Result<void> done = readLookups(store, lookups); !done)
            return done.error();
        dataset.units = std::move(lookups.units);
        dataset.users = std::move(lookups.users);
        dataset.stages = std::move(lookups.stages);
        dataset.stageSets = std::move(lookups.stageSets);
        dataset.products = std::move(lookups.products);
        dataset.productLines = std::move(lookups.productLines);
        dataset.customerNames = std::move(lookups.customerNames);
    }
    card.currency = dataset.internCurrency(currencies.value(card.currency));
    card.region = dataset.internRegion(regions.value(card.region));
    return card;
}

Result<QString> PipelineLoader::dealId(LocalStore &store, qint64 rowId)
{
    SqlStatement &q = store.statement(u"SELECT id FROM deals WHERE rowid = ?"_s);
    q.bind(rowId);
    if (!q.next()) {
        if (q.failed())
            return LocalStore::sqlError(q);
        return Error {ErrorCode::NotFound, tr("The deal does not exist.")};
    }
    const QString id = q.text(0);
    q.reset();
    return id;
}

Result<QStringList> PipelineLoader::dealIds(LocalStore &store, const QList<qint64> &rowIds)
{
    QStringList ids;
    ids.reserve(rowIds.size());
    for (qint64 rowId : rowIds) {
        Result<QString> id = dealId(store, rowId);
        if (!id && id.error().code != ErrorCode::NotFound)
            return id.error();
        ids.append(id ? id.value() : QString());
    }
    return ids;
}

Result<QStringList> PipelineLoader::frequentLostReasons(LocalStore &store, int limit)
{
    QSqlQuery &q
        = store.prepared(u"SELECT lost_reason FROM deals WHERE status = 'lost' AND deleted = 0 AND "
                         u"lost_reason <> '' "
                         u"GROUP BY lost_reason ORDER BY count(*) DESC, lost_reason LIMIT ?"_s);
    q.addBindValue(limit);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QStringList reasons;
    while (q.next())
        reasons.append(q.value(0).toString());
    return reasons;
}

Result<QList<std::pair<QString, QString>>>
PipelineLoader::customerChoices(LocalStore &store, const QString &unitId, int limit)
{
    QSqlQuery &q = store.prepared(u"SELECT id, name FROM customers WHERE deleted = 0 "
                                  u"AND (? = '' OR unit_id = ?) ORDER BY name LIMIT ?"_s);
    q.addBindValue(LocalStore::bindable(unitId));
    q.addBindValue(LocalStore::bindable(unitId));
    q.addBindValue(limit);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<std::pair<QString, QString>> list;
    while (q.next())
        list.append({q.value(0).toString(), q.value(1).toString()});
    return list;
}

} // namespace Outpost
