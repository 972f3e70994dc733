#include "dealrepository.h"

#include "changewriter.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

constexpr qint64 t0 = 1'718'000'000'000;
constexpr qint64 day = 86'400'000;

QVariant scalar(LocalStore &store, const QString &sql, const QVariantList &bindings = {})
{
    QSqlQuery q = store.query();
    q.prepare(sql);
    for (const QVariant &value : bindings)
        q.addBindValue(value);
    if (!q.exec() || !q.next())
        return {};
    return q.value(0);
}

// Everything a write could leave behind, including the deals' data.
QString footprint(LocalStore &store)
{
    QStringList parts;
    for (const QString &table :
         {u"deals"_s, u"outbox"_s, u"field_versions"_s, u"field_history"_s}) {
        parts.append(table + u'='
                     + scalar(store, u"SELECT count(*) FROM %1"_s.arg(table)).toString());
    }
    parts.append(u"seq="_s + scalar(store, u"SELECT device_seq FROM device_state"_s).toString());
    parts.append(u"data="_s
                 + scalar(store,
                          u"SELECT group_concat(title || '|' || amount_minor || '|' || currency || "
                          u"'|' || status || '|' || probability || '|' || coalesce(stage_id, '') "
                          u"|| '|' || stage_entered_at || '|' || lost_reason, ';') FROM deals"_s)
                       .toString());
    return parts.join(u' ');
}

QJsonObject lastOutboxFields(LocalStore &store, const QString &rowId)
{
    return QJsonDocument::fromJson(
               scalar(store,
                      u"SELECT fields FROM outbox WHERE row_id = ? ORDER BY device_seq DESC"_s,
                      {rowId})
                   .toString()
                   .toUtf8())
        .object();
}

} // namespace

class tst_DealRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void createAndRead();
    void createDefaultsStageEnteredAtToNow();
    void updateChangesOnlyWhatChanged();
    void invalidInputWritesNothing_data();
    void invalidInputWritesNothing();
    void invalidCreateWritesNothing_data();
    void invalidCreateWritesNothing();
    void stageChangeResetsDwellAndAppliesProbability();
    void stageChangeKeepsExplicitProbability();
    void stageChangeToMissingStageWritesNothing();
    void sameStageKeepsDwell();
    void winAndLoseCloseTheDeal_data();
    void winAndLoseCloseTheDeal();
    void lostNeedsReason();
    void lostDealStaysEditable();
    void reopenRestoresStageProbability_data();
    void reopenRestoresStageProbability();
    void historyNewestFirstWithActorNames();
    void removeAndRestore();
    void missingDeal();
    void dealsForCustomerOpenFirst();

private:
    LocalStore &store() { return *m_store; }
    QString insertStage(const QString &name, int position, int winProbability,
                        const QString &unitId);
    QString createDeal(const QString &title = u"ERP rollout"_s);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    qint64 m_wallMs = t0;
    QString m_unitId;
    QString m_userId;
    QString m_otherUserId;
    QString m_customerId;
    QString m_qualify; // 10 %
    QString m_propose; // 40 %
    QString m_negotiate; // 70 %
};

void tst_DealRepository::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_DealRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"profile.sqlite"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_wallMs = t0;
    m_store->setWallClock([this] { return m_wallMs; });

    ChangeWriter seed(store());
    m_unitId = UuidV7::generate();
    m_userId = UuidV7::generate();
    m_otherUserId = UuidV7::generate();
    m_customerId = UuidV7::generate();
    const Result<void> seeded = store().transaction([&]() -> Result<void> {
        if (Result<void> r = seed.insert(u"units"_s, m_unitId, {{u"name"_s, u"East"_s}}); !r)
            return r;
        if (Result<void> r = seed.insert(
                u"users"_s, m_userId,
                {{u"name"_s, u"李雷"_s}, {u"role"_s, u"rep"_s}, {u"unit_id"_s, m_unitId}});
            !r)
            return r;
        if (Result<void> r = seed.insert(
                u"users"_s, m_otherUserId,
                {{u"name"_s, u"Han Meimei"_s}, {u"role"_s, u"lead"_s}, {u"unit_id"_s, m_unitId}});
            !r)
            return r;
        return seed.insert(u"customers"_s, m_customerId,
                           {{u"name"_s, u"上海华信科技有限公司"_s}, {u"unit_id"_s, m_unitId}});
    });
    QVERIFY2(seeded.ok(), qPrintable(seeded.error().message));
    m_qualify = insertStage(u"Qualify"_s, 1, 10, m_unitId);
    m_propose = insertStage(u"Propose"_s, 2, 40, m_unitId);
    m_negotiate = insertStage(u"Negotiate"_s, 3, 70, m_unitId);
    QVERIFY(!m_qualify.isEmpty() && !m_propose.isEmpty() && !m_negotiate.isEmpty());
}

void tst_DealRepository::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QString tst_DealRepository::insertStage(const QString &name, int position, int winProbability,
                                        const QString &unitId)
{
    ChangeWriter writer(store());
    const QString id = UuidV7::generate();
    const Result<void> done = writer.insert(u"stages"_s, id,
                                            {{u"unit_id"_s, unitId},
                                             {u"name"_s, name},
                                             {u"position"_s, position},
                                             {u"win_probability"_s, winProbability}});
    return done.ok() ? id : QString();
}

QString tst_DealRepository::createDeal(const QString &title)
{
    DealRepository deals(store(), m_userId);
    Deal d;
    d.title = title;
    d.customerId = m_customerId;
    d.unitId = m_unitId;
    d.ownerId = m_userId;
    d.stageId = m_qualify;
    d.amountMinor = 120'000'00;
    d.probability = 10;
    const Result<QString> created = deals.create(d);
    return created.ok() ? created.value() : QString();
}

void tst_DealRepository::createAndRead()
{
    DealRepository deals(store(), m_userId);
    Deal d;
    d.title = u"华信 ERP 二期"_s;
    d.customerId = m_customerId;
    d.unitId = m_unitId;
    d.ownerId = m_userId;
    d.stageId = m_propose;
    d.amountMinor = 1'234'567'89;
    d.currency = u"USD"_s;
    d.region = u"East"_s;
    d.probability = 40;
    d.expectedClose = t0 + 30 * day;
    d.stageEnteredAt = t0 - 2 * day;
    d.lastActivityAt = t0 - day;
    d.notes = u"Budget approved in Q3"_s;

    const Result<QString> created = deals.create(d);
    QVERIFY2(created.ok(), qPrintable(created.error().message));
    const QString id = created.value();
    QVERIFY(UuidV7::isValid(id));
    QCOMPARE(deals.count(), 1);

    const Result<Deal> read = deals.deal(id);
    QVERIFY2(read.ok(), qPrintable(read.error().message));
    QCOMPARE(read->id, id);
    QCOMPARE(read->title, d.title);
    QCOMPARE(read->customerId, m_customerId);
    QCOMPARE(read->unitId, m_unitId);
    QCOMPARE(read->ownerId, m_userId);
    QVERIFY(read->productId.isEmpty());
    QCOMPARE(read->stageId, m_propose);
    QCOMPARE(read->amountMinor, d.amountMinor);
    QCOMPARE(read->currency, u"USD"_s);
    QCOMPARE(read->region, u"East"_s);
    QCOMPARE(read->probability, 40);
    QCOMPARE(read->expectedClose, d.expectedClose);
    QCOMPARE(read->status, Deal::Status::Open);
    QVERIFY(read->lostReason.isEmpty());
    QCOMPARE(read->stageEnteredAt, t0 - 2 * day);
    QCOMPARE(read->closedAt, 0);
    QCOMPARE(read->lastActivityAt, t0 - day);
    QCOMPARE(read->notes, d.notes);
    QCOMPARE(read->createdAt, t0);
    QCOMPARE(read->updatedAt, t0);
    QVERIFY(scalar(store(), u"SELECT closed_at FROM deals WHERE id = ?"_s, {id}).isNull());
    QVERIFY(scalar(store(), u"SELECT product_id FROM deals WHERE id = ?"_s, {id}).isNull());

    QCOMPARE(scalar(store(), u"SELECT op FROM outbox WHERE row_id = ?"_s, {id}).toString(),
             u"insert"_s);
    const QJsonObject fields = lastOutboxFields(store(), id);
    QCOMPARE(fields.value(u"amount_minor"_s).toObject().value(u"value"_s).toInteger(),
             d.amountMinor);
    QCOMPARE(fields.value(u"title"_s).toObject().value(u"value"_s).toString(), d.title);
}

void tst_DealRepository::createDefaultsStageEnteredAtToNow()
{
    m_wallMs = t0 + 5 * day;
    const QString id = createDeal();
    QVERIFY(!id.isEmpty());
    DealRepository deals(store());
    QCOMPARE(deals.deal(id)->stageEnteredAt, t0 + 5 * day);
}

void tst_DealRepository::updateChangesOnlyWhatChanged()
{
    const QString id = createDeal();
    DealRepository deals(store(), m_userId);
    m_wallMs = t0 + day;
    Result<void> done = deals.update(id,
                                     {{u"amount_minor"_s, 99'000'00},
                                      {u"title"_s, u"ERP rollout"_s},
                                      {u"notes"_s, u"Call back Monday"_s}});
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    const Result<Deal> read = deals.deal(id);
    QCOMPARE(read->amountMinor, 99'000'00);
    QCOMPARE(read->notes, u"Call back Monday"_s);
    QCOMPARE(read->updatedAt, t0 + day);
    QCOMPARE(read->stageEnteredAt, t0); // no stage change, no reset
    QCOMPARE(lastOutboxFields(store(), id).keys(), (QStringList {u"amount_minor"_s, u"notes"_s}));

    const QString before = footprint(store());
    done = deals.update(id, {{u"amount_minor"_s, 99'000'00}, {u"notes"_s, u"Call back Monday"_s}});
    QVERIFY(done.ok());
    QCOMPARE(footprint(store()), before);
}

void tst_DealRepository::invalidInputWritesNothing_data()
{
    QTest::addColumn<QVariantMap>("fields");

    QTest::newRow("empty title") << QVariantMap {{u"title"_s, QString()}};
    QTest::newRow("blank title") << QVariantMap {{u"title"_s, u"   "_s}};
    QTest::newRow("title too long") << QVariantMap {{u"title"_s, QString(201, u't')}};
    QTest::newRow("negative amount") << QVariantMap {{u"amount_minor"_s, -1}};
    QTest::newRow("amount above a trillion")
        << QVariantMap {{u"amount_minor"_s, qint64(100'000'000'000'001)}};
    QTest::newRow("amount not a number") << QVariantMap {{u"amount_minor"_s, u"12abc"_s}};
    QTest::newRow("lowercase currency") << QVariantMap {{u"currency"_s, u"usd"_s}};
    QTest::newRow("short currency") << QVariantMap {{u"currency"_s, u"US"_s}};
    QTest::newRow("long currency") << QVariantMap {{u"currency"_s, u"USDT"_s}};
    QTest::newRow("empty currency") << QVariantMap {{u"currency"_s, QString()}};
    QTest::newRow("probability above 100") << QVariantMap {{u"probability"_s, 101}};
    QTest::newRow("negative probability") << QVariantMap {{u"probability"_s, -1}};
    QTest::newRow("unknown status") << QVariantMap {{u"status"_s, u"pending"_s}};
    QTest::newRow("lost without reason") << QVariantMap {{u"status"_s, u"lost"_s}};
    QTest::newRow("lost with blank reason")
        << QVariantMap {{u"status"_s, u"lost"_s}, {u"lost_reason"_s, u"  "_s}};
    QTest::newRow("reason too long")
        << QVariantMap {{u"status"_s, u"lost"_s}, {u"lost_reason"_s, QString(501, u'r')}};
    QTest::newRow("notes too long") << QVariantMap {{u"notes"_s, QString(20'001, u'n')}};
    QTest::newRow("one bad field among good ones")
        << QVariantMap {{u"title"_s, u"Renamed"_s}, {u"amount_minor"_s, -5}};
    QTest::newRow("stage change with bad amount")
        << QVariantMap {{u"stage_id"_s, QString()}, {u"amount_minor"_s, -5}};
}

void tst_DealRepository::invalidInputWritesNothing()
{
    QFETCH(QVariantMap, fields);
    const QString id = createDeal();
    QVERIFY(!id.isEmpty());
    if (fields.contains(u"stage_id"_s))
        fields.insert(u"stage_id"_s, m_negotiate);
    const QString before = footprint(store());

    DealRepository deals(store(), m_userId);
    m_wallMs = t0 + day;
    const Result<void> done = deals.update(id, fields);
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!done.error().message.isEmpty());
    QCOMPARE(footprint(store()), before);
}

void tst_DealRepository::invalidCreateWritesNothing_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<qint64>("amountMinor");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<int>("probability");
    QTest::addColumn<int>("status");

    const int open = int(Deal::Status::Open);
    const int lost = int(Deal::Status::Lost);
    QTest::newRow("empty title") << QString() << qint64(0) << u"CNY"_s << 0 << open;
    QTest::newRow("title too long") << QString(201, u'x') << qint64(0) << u"CNY"_s << 0 << open;
    QTest::newRow("negative amount") << u"Deal"_s << qint64(-100) << u"CNY"_s << 0 << open;
    QTest::newRow("bad currency") << u"Deal"_s << qint64(100) << u"RMB1"_s << 0 << open;
    QTest::newRow("probability 150") << u"Deal"_s << qint64(100) << u"CNY"_s << 150 << open;
    QTest::newRow("lost without reason") << u"Deal"_s << qint64(100) << u"CNY"_s << 0 << lost;
}

void tst_DealRepository::invalidCreateWritesNothing()
{
    QFETCH(QString, title);
    QFETCH(qint64, amountMinor);
    QFETCH(QString, currency);
    QFETCH(int, probability);
    QFETCH(int, status);

    const QString before = footprint(store());
    DealRepository deals(store(), m_userId);
    Deal d;
    d.title = title;
    d.amountMinor = amountMinor;
    d.currency = currency;
    d.probability = probability;
    d.status = Deal::Status(status);
    d.customerId = m_customerId;
    const Result<QString> created = deals.create(d);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, ErrorCode::InvalidArgument);
    QCOMPARE(footprint(store()), before);
    QCOMPARE(deals.count(), 0);
}

void tst_DealRepository::stageChangeResetsDwellAndAppliesProbability()
{
    const QString id = createDeal();
    DealRepository deals(store(), m_userId);

    m_wallMs = t0 + 3 * day;
    const Result<void> done = deals.update(id, {{u"stage_id"_s, m_negotiate}});
    QVERIFY2(done.ok(), qPrintable(done.error().message));

    const Result<Deal> read = deals.deal(id);
    QCOMPARE(read->stageId, m_negotiate);
    QCOMPARE(read->stageEnteredAt, t0 + 3 * day);
    QCOMPARE(read->probability, 70);

    // One change carries all three fields, and each is in the history.
    const QJsonObject fields = lastOutboxFields(store(), id);
    QCOMPARE(fields.keys(), (QStringList {u"probability"_s, u"stage_entered_at"_s, u"stage_id"_s}));
    QCOMPARE(fields.value(u"stage_id"_s).toObject().value(u"value"_s).toString(), m_negotiate);
    QCOMPARE(fields.value(u"probability"_s).toObject().value(u"value"_s).toInt(), 70);

    const Result<QList<FieldChange>> history = deals.history(id);
    QVERIFY(history.ok());
    QCOMPARE(history->size(), 3);
    QHash<QString, FieldChange> byField;
    for (const FieldChange &change : history.value())
        byField.insert(change.field, change);
    QCOMPARE(byField.value(u"stage_id"_s).oldValue.toString(), m_qualify);
    QCOMPARE(byField.value(u"stage_id"_s).newValue.toString(), m_negotiate);
    QCOMPARE(byField.value(u"probability"_s).oldValue.toString(), u"10"_s);
    QCOMPARE(byField.value(u"probability"_s).newValue.toString(), u"70"_s);
    QCOMPARE(byField.value(u"stage_entered_at"_s).oldValue.toLongLong(), t0);
    QCOMPARE(byField.value(u"stage_entered_at"_s).newValue.toLongLong(), t0 + 3 * day);
    for (const FieldChange &change : history.value()) {
        QCOMPARE(change.changedBy, m_userId);
        QCOMPARE(change.changedByName, u"李雷"_s);
        QCOMPARE(change.changedAt, t0 + 3 * day);
        QCOMPARE(change.origin, u"local"_s);
    }
}

void tst_DealRepository::stageChangeKeepsExplicitProbability()
{
    const QString id = createDeal();
    DealRepository deals(store(), m_userId);
    m_wallMs = t0 + day;
    QVERIFY(deals.update(id, {{u"stage_id"_s, m_negotiate}, {u"probability"_s, 55}}).ok());
    QCOMPARE(deals.deal(id)->probability, 55);
    QCOMPARE(deals.deal(id)->stageEnteredAt, t0 + day);
}

void tst_DealRepository::stageChangeToMissingStageWritesNothing()
{
    const QString id = createDeal();
    ChangeWriter writer(store());
    const QString removedStage = insertStage(u"Old"_s, 9, 90, m_unitId);
    QVERIFY(writer.remove(u"stages"_s, removedStage).ok());
    const QString before = footprint(store());

    DealRepository deals(store(), m_userId);
    for (const QString &stage : {UuidV7::generate(), removedStage}) {
        const Result<void> done = deals.update(id, {{u"stage_id"_s, stage}});
        QVERIFY(!done.ok());
        QCOMPARE(done.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(footprint(store()), before);
    }
}

void tst_DealRepository::sameStageKeepsDwell()
{
    const QString id = createDeal();
    DealRepository deals(store(), m_userId);
    const QString before = footprint(store());
    m_wallMs = t0 + 4 * day;
    QVERIFY(deals.update(id, {{u"stage_id"_s, m_qualify}}).ok());
    QCOMPARE(footprint(store()), before);
    QCOMPARE(deals.deal(id)->stageEnteredAt, t0);
}

void tst_DealRepository::winAndLoseCloseTheDeal_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("expectedProbability");
    QTest::addColumn<int>("expectedStatus");

    QTest::newRow("won") << u"won"_s << QString() << 100 << int(Deal::Status::Won);
    QTest::newRow("lost") << u"lost"_s << u"Price too high"_s << 0 << int(Deal::Status::Lost);
}

void tst_DealRepository::winAndLoseCloseTheDeal()
{
    QFETCH(QString, status);
    QFETCH(QString, reason);
    QFETCH(int, expectedProbability);
    QFETCH(int, expectedStatus);

    const QString id = createDeal();
    DealRepository deals(store(), m_userId);
    m_wallMs = t0 + 10 * day;
    QVariantMap fields {{u"status"_s, status}};
    if (!reason.isEmpty())
        fields.insert(u"lost_reason"_s, reason);
    const Result<void> done = deals.update(id, fields);
    QVERIFY2(done.ok(), qPrintable(done.error().message));

    const Result<Deal> read = deals.deal(id);
    QCOMPARE(int(read->status), expectedStatus);
    QCOMPARE(read->closedAt, t0 + 10 * day);
    QCOMPARE(read->probability, expectedProbability);
    QCOMPARE(read->lostReason, reason.isNull() ? u""_s : reason);
    QCOMPARE(read->stageId, m_qualify); // closing keeps the stage it closed in
    const QStringList changed = lastOutboxFields(store(), id).keys();
    QVERIFY(changed.contains(u"status"_s));
    QVERIFY(changed.contains(u"closed_at"_s));
    QVERIFY(changed.contains(u"probability"_s));

    // A closed deal is no longer open pipeline.
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM deals WHERE status = 'open'"_s).toInt(), 0);
}

void tst_DealRepository::lostNeedsReason()
{
    const QString id = createDeal();
    DealRepository deals(store(), m_userId);
    const QString before = footprint(store());
    const Result<void> done = deals.update(id, {{u"status"_s, u"lost"_s}});
    QCOMPARE(done.error().code, ErrorCode::InvalidArgument);
    QCOMPARE(footprint(store()), before);
    QCOMPARE(deals.deal(id)->status, Deal::Status::Open);
}

void tst_DealRepository::lostDealStaysEditable()
{
    // Editing another field of a lost deal must not trip over the lost-reason rule.
    const QString id = createDeal();
    DealRepository deals(store(), m_userId);
    QVERIFY(deals.update(id, {{u"status"_s, u"lost"_s}, {u"lost_reason"_s, u"No budget"_s}}).ok());
    const Result<void> done = deals.update(id, {{u"notes"_s, u"Try again next year"_s}});
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    QCOMPARE(deals.deal(id)->lostReason, u"No budget"_s);
    QCOMPARE(deals.deal(id)->notes, u"Try again next year"_s);
    // Clearing the reason of a lost deal is refused.
    QCOMPARE(deals.update(id, {{u"lost_reason"_s, QString()}}).error().code,
             ErrorCode::InvalidArgument);
    QCOMPARE(deals.deal(id)->lostReason, u"No budget"_s);

    // Won after all: the reason it was lost no longer applies.
    QVERIFY(deals.update(id, {{u"status"_s, u"won"_s}}).ok());
    QVERIFY(deals.deal(id)->lostReason.isEmpty());
    QCOMPARE(deals.deal(id)->probability, 100);
}

void tst_DealRepository::reopenRestoresStageProbability_data()
{
    QTest::addColumn<QString>("closedAs");
    QTest::newRow("reopen won") << u"won"_s;
    QTest::newRow("reopen lost") << u"lost"_s;
}

void tst_DealRepository::reopenRestoresStageProbability()
{
    QFETCH(QString, closedAs);
    const QString id = createDeal();
    DealRepository deals(store(), m_userId);
    QVERIFY(deals.update(id, {{u"stage_id"_s, m_propose}}).ok());
    m_wallMs = t0 + day;
    QVERIFY(deals.update(id, {{u"status"_s, closedAs}, {u"lost_reason"_s, u"Timing"_s}}).ok());
    QVERIFY(deals.deal(id)->closedAt != 0);

    m_wallMs = t0 + 2 * day;
    Result<void> done = deals.update(id, {{u"status"_s, u"open"_s}});
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    Result<Deal> read = deals.deal(id);
    QCOMPARE(read->status, Deal::Status::Open);
    QCOMPARE(read->closedAt, 0);
    QVERIFY(scalar(store(), u"SELECT closed_at FROM deals WHERE id = ?"_s, {id}).isNull());
    QVERIFY(read->lostReason.isEmpty());
    QCOMPARE(read->probability, 40); // Propose's win probability, not 100 or 0

    // Reopened straight into another stage: that stage's probability.
    QVERIFY(deals.update(id, {{u"status"_s, closedAs}, {u"lost_reason"_s, u"Timing"_s}}).ok());
    done = deals.update(id, {{u"status"_s, u"open"_s}, {u"stage_id"_s, m_negotiate}});
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    read = deals.deal(id);
    QCOMPARE(read->stageId, m_negotiate);
    QCOMPARE(read->probability, 70);
    QCOMPARE(read->stageEnteredAt, t0 + 2 * day);
}

void tst_DealRepository::historyNewestFirstWithActorNames()
{
    const QString id = createDeal();
    DealRepository byLiLei(store(), m_userId);
    DealRepository byHan(store(), m_otherUserId);
    DealRepository bySystem(store());

    m_wallMs = t0 + 1 * day;
    QVERIFY(byLiLei.update(id, {{u"amount_minor"_s, 1}}).ok());
    m_wallMs = t0 + 2 * day;
    QVERIFY(byHan.update(id, {{u"amount_minor"_s, 2}}).ok());
    m_wallMs = t0 + 3 * day;
    QVERIFY(bySystem.update(id, {{u"notes"_s, u"automation"_s}}).ok());
    // A wall clock set back does not reorder the history.
    m_wallMs = t0;
    QVERIFY(byHan.update(id, {{u"amount_minor"_s, 3}}).ok());

    const Result<QList<FieldChange>> history = byLiLei.history(id);
    QVERIFY2(history.ok(), qPrintable(history.error().message));
    QCOMPARE(history->size(), 4);
    QCOMPARE(history->at(0).newValue.toString(), u"3"_s);
    QCOMPARE(history->at(0).oldValue.toString(), u"2"_s);
    QCOMPARE(history->at(0).changedByName, u"Han Meimei"_s);
    QCOMPARE(history->at(1).field, u"notes"_s);
    QCOMPARE(history->at(1).changedBy, QString());
    QCOMPARE(history->at(1).changedByName, QString());
    QCOMPARE(history->at(2).newValue.toString(), u"2"_s);
    QCOMPARE(history->at(2).changedByName, u"Han Meimei"_s);
    QCOMPARE(history->at(2).changedAt, t0 + 2 * day);
    QCOMPARE(history->at(3).oldValue.toString(), u"12000000"_s);
    QCOMPARE(history->at(3).newValue.toString(), u"1"_s);
    QCOMPARE(history->at(3).changedByName, u"李雷"_s);
    QCOMPARE(history->at(3).changedAt, t0 + day);

    // Another deal's history is its own.
    const QString other = createDeal(u"Other"_s);
    QVERIFY(byLiLei.history(other)->isEmpty());
}

void tst_DealRepository::removeAndRestore()
{
    const QString id = createDeal();
    const QString kept = createDeal(u"Kept"_s);
    DealRepository deals(store(), m_userId);
    QCOMPARE(deals.count(), 2);

    QVERIFY(deals.remove(id).ok());
    QCOMPARE(deals.deal(id).error().code, ErrorCode::NotFound);
    QCOMPARE(deals.count(), 1);
    QCOMPARE(deals.dealsForCustomer(m_customerId)->size(), 1);
    QCOMPARE(deals.update(id, {{u"title"_s, u"Edited"_s}}).error().code, ErrorCode::NotFound);
    QCOMPARE(deals.history(id)->first().field, u"deleted"_s);

    QVERIFY(deals.restore(id).ok());
    QCOMPARE(deals.count(), 2);
    QCOMPARE(deals.deal(id)->title, u"ERP rollout"_s);
    QCOMPARE(deals.deal(kept)->title, u"Kept"_s);
    QCOMPARE(scalar(store(),
                    u"SELECT group_concat(op) FROM (SELECT op FROM outbox WHERE row_id = "
                    u"? ORDER BY device_seq)"_s,
                    {id})
                 .toString(),
             u"insert,delete,undelete"_s);
}

void tst_DealRepository::missingDeal()
{
    DealRepository deals(store(), m_userId);
    const QString missing = UuidV7::generate();
    const QString before = footprint(store());
    QCOMPARE(deals.deal(missing).error().code, ErrorCode::NotFound);
    QCOMPARE(deals.update(missing, {{u"title"_s, u"x"_s}}).error().code, ErrorCode::NotFound);
    QCOMPARE(deals.remove(missing).error().code, ErrorCode::NotFound);
    QCOMPARE(deals.restore(missing).error().code, ErrorCode::NotFound);
    QVERIFY(deals.history(missing)->isEmpty());
    QCOMPARE(footprint(store()), before);
}

void tst_DealRepository::dealsForCustomerOpenFirst()
{
    DealRepository deals(store(), m_userId);
    const QString won = createDeal(u"Won earlier"_s);
    QVERIFY(deals.update(won, {{u"status"_s, u"won"_s}}).ok());
    const QString late = createDeal(u"Closes late"_s);
    QVERIFY(deals.update(late, {{u"expected_close"_s, t0 + 60 * day}}).ok());
    const QString soon = createDeal(u"Closes soon"_s);
    QVERIFY(deals.update(soon, {{u"expected_close"_s, t0 + 5 * day}}).ok());

    const Result<QList<Deal>> list = deals.dealsForCustomer(m_customerId);
    QVERIFY(list.ok());
    QStringList titles;
    for (const Deal &d : list.value())
        titles.append(d.title);
    QCOMPARE(titles, (QStringList {u"Closes soon"_s, u"Closes late"_s, u"Won earlier"_s}));
    QVERIFY(deals.dealsForCustomer(UuidV7::generate())->isEmpty());
}

QTEST_GUILESS_MAIN(tst_DealRepository)
#include "tst_dealrepository.moc"
