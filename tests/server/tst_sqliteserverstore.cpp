#include "hybridclock.h"
#include "protocolcodec.h"
#include "sqliteserverstore.h"
#include "uuidv7.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;
using namespace Outpost::Protocol;

namespace {

constexpr qint64 t0 = 1'764'148'000'000; // the tests' "now"

// Not a real argon2id hash: storage tests never verify passwords.
const QString fakeHash = u"$argon2id$v=19$m=65536,t=2,p=1$test"_s;

} // namespace

class tst_SqliteServerStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void initializeOnce();
    void insertThenPull();
    void repeatedPushGetsTheStoredAnswer();
    void rejectedOpsAreStoredAndChangeNothing();
    void repOfAnotherUnitIsForbidden();
    void hqReadsEverythingButWritesOnlyOrgTables();
    void criticalConflictKeepsServerValue();
    void ordinaryConflictLastWriterWins();
    void deleteWinsOverEdit();
    void offlineEditsOfANewRowApplyInOrder();
    void clockSkewIsRejected();
    void unknownTableAndField();
    void constraintViolationIsInvalidValue();
    void overlongStringIsInvalidValue();
    void rowLeavingAScopeIsPurged();
    void pullPagesAndCursor();
    void epochMismatchRequiresReset();

private:
    PushOp dealInsert(const QString &rowId, const QString &unitId, const QString &title,
                      qint64 deviceSeq);
    PushOp update(const QString &table, const QString &rowId, qint64 deviceSeq,
                  const QMap<QString, FieldChange> &fields);
    PushRequest request(const QList<PushOp> &ops, const QString &deviceId = {});
    OpResult pushOne(const AuthContext &user, const PushOp &op, const QString &deviceId = {});
    QVariantMap pulledRow(const AuthContext &user, const QString &rowId, bool *found = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteServerStore> m_store;
    QString m_unitA, m_unitB, m_device;
    AuthContext m_repA, m_repB, m_hq;
    QHash<QString, QString> m_devices;
};

void tst_SqliteServerStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    Result<std::unique_ptr<SqliteServerStore>> store
        = SqliteServerStore::open(m_dir->filePath(u"server.sqlite"_s));
    QVERIFY2(store.ok(), qPrintable(store.error().message));
    m_store = std::move(store).value();
    QVERIFY(m_store->initialize(t0).ok());
    m_unitA = m_store->addUnit({u"East"_s, {}, {}, u"CNY"_s, 0, false}, t0).value();
    m_unitB = m_store->addUnit({u"West"_s, {}, {}, u"CNY"_s, 0, false}, t0).value();
    const QString hqUnit = m_store->addUnit({u"HQ"_s, {}, {}, u"CNY"_s, 0, true}, t0).value();
    const auto user = [&](const QString &login, const QString &role, const QString &unit) {
        const Result<QString> id = m_store->addUser({login, login, role, unit, fakeHash}, t0);
        return AuthContext {id.value(), login, role, unit, UuidV7::generate()};
    };
    m_repA = user(u"a@x.example"_s, u"rep"_s, m_unitA);
    m_repB = user(u"b@x.example"_s, u"rep"_s, m_unitB);
    m_hq = user(u"hq@x.example"_s, u"hq"_s, hqUnit);
    m_device = UuidV7::generate();
    m_devices.clear();
}

void tst_SqliteServerStore::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

PushOp tst_SqliteServerStore::dealInsert(const QString &rowId, const QString &unitId,
                                         const QString &title, qint64 deviceSeq)
{
    PushOp op;
    op.opId = UuidV7::generate();
    op.deviceSeq = deviceSeq;
    op.table = u"deals"_s;
    op.rowId = rowId;
    op.op = u"insert"_s;
    op.hlc = HybridClock::fromWallMs(t0);
    op.fields = {{u"title"_s, {title, 0}},
                 {u"unit_id"_s, {unitId, 0}},
                 {u"amount_minor"_s, {qint64(500000), 0}},
                 {u"stage_entered_at"_s, {t0, 0}}};
    return op;
}

PushOp tst_SqliteServerStore::update(const QString &table, const QString &rowId, qint64 deviceSeq,
                                     const QMap<QString, FieldChange> &fields)
{
    PushOp op;
    op.opId = UuidV7::generate();
    op.deviceSeq = deviceSeq;
    op.table = table;
    op.rowId = rowId;
    op.op = u"update"_s;
    op.hlc = HybridClock::fromWallMs(t0) + deviceSeq;
    op.fields = fields;
    return op;
}

PushRequest tst_SqliteServerStore::request(const QList<PushOp> &ops, const QString &deviceId)
{
    return PushRequest {deviceId.isEmpty() ? m_device : deviceId, {}, 2, ops};
}

OpResult tst_SqliteServerStore::pushOne(const AuthContext &user, const PushOp &op,
                                        const QString &deviceId)
{
    // Each user pushes from their own laptop unless told otherwise; repA's is m_device.
    QString device = deviceId;
    if (device.isEmpty()) {
        if (!m_devices.contains(user.userId))
            m_devices.insert(user.userId,
                             user.userId == m_repA.userId ? m_device : UuidV7::generate());
        device = m_devices.value(user.userId);
    }
    const Result<ServerStore::PushOutcome> outcome
        = m_store->applyPush(user, request({op}, device), t0);
    if (!outcome) {
        qWarning() << outcome.error().message;
        return {};
    }
    return outcome->results.value(0);
}

QVariantMap tst_SqliteServerStore::pulledRow(const AuthContext &user, const QString &rowId,
                                             bool *found)
{
    const Result<PullResponse> page = m_store->pull(user, 0, 5000, {});
    if (found)
        *found = false;
    QVariantMap fields;
    for (const RowState &row : page->changes) {
        if (row.rowId == rowId) {
            if (found)
                *found = !row.purge;
            fields = row.fields;
        }
    }
    return fields;
}

void tst_SqliteServerStore::initializeOnce()
{
    const Result<QString> again = m_store->initialize(t0);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    QVERIFY(UuidV7::isValid(m_store->epoch().value()));
}

void tst_SqliteServerStore::insertThenPull()
{
    const QString deal = UuidV7::generate();
    const OpResult result = pushOne(m_repA, dealInsert(deal, m_unitA, u"Turbines"_s, 1));
    QCOMPARE(result.status, u"applied"_s);
    QVERIFY(result.serverSeq > 0);

    const Result<PullResponse> page = m_store->pull(m_repA, 0, 1000, {});
    QVERIFY(page.ok());
    QCOMPARE(page->epoch, m_store->epoch().value());
    QCOMPARE(page->cursor, result.serverSeq);
    QVERIFY(!page->hasMore);
    const RowState &last = page->changes.constLast();
    QCOMPARE(last.rowId, deal);
    QCOMPARE(last.seq, result.serverSeq);
    QCOMPARE(last.fields.value(u"title"_s).toString(), u"Turbines"_s);
    QCOMPARE(last.fields.value(u"status"_s).toString(), u"open"_s); // the column default
    QVERIFY(last.fields.contains(u"closed_at"_s));
    QVERIFY(!last.fields.value(u"closed_at"_s).isValid());
    QCOMPARE(last.versions.value(u"title"_s), result.serverSeq);
    QCOMPARE(last.versions.value(u"status"_s), result.serverSeq);

    // Pulling from the cursor gives nothing new.
    const Result<PullResponse> next = m_store->pull(m_repA, page->cursor, 1000, page->epoch);
    QVERIFY(next->changes.isEmpty());
    QCOMPARE(next->cursor, page->cursor);
}

void tst_SqliteServerStore::repeatedPushGetsTheStoredAnswer()
{
    const QString deal = UuidV7::generate();
    const PushRequest first
        = request({dealInsert(deal, m_unitA, u"Pumps"_s, 1),
                   update(u"deals"_s, deal, 2, {{u"title"_s, {u"Pumps II"_s, 0}}}),
                   update(u"deals"_s, deal, 3, {{u"probability"_s, {qint64(500), 0}}})});
    const Result<ServerStore::PushOutcome> answer = m_store->applyPush(m_repA, first, t0);
    QVERIFY(answer.ok());
    QCOMPARE(answer->results.size(), 3);
    QCOMPARE(answer->results.at(2).status, u"rejected"_s); // probability is 0..100
    const qint64 lastSeq = m_store->pull(m_repA, 0, 1000, {})->cursor;

    // The response was lost: the client pushes the same ops again, an hour later.
    const Result<ServerStore::PushOutcome> again = m_store->applyPush(m_repA, first, t0 + 3600000);
    QVERIFY(again.ok());
    PushResponse a {u""_s, 0, answer->results};
    PushResponse b {u""_s, 0, again->results};
    QCOMPARE(ProtocolCodec::encode(b), ProtocolCodec::encode(a));
    QCOMPARE(again->lastSeq, 0); // nothing written
    QCOMPARE(m_store->pull(m_repA, 0, 1000, {})->cursor, lastSeq);
    QCOMPARE(pulledRow(m_repA, deal).value(u"title"_s).toString(), u"Pumps II"_s);

    // Another user replaying this device's seqs learns nothing from the stored answers.
    const Result<ServerStore::PushOutcome> stranger = m_store->applyPush(m_repB, first, t0);
    QCOMPARE(stranger->results.at(0).status, u"rejected"_s);
    QCOMPARE(stranger->results.at(0).reason, u"forbidden"_s);
}

void tst_SqliteServerStore::rejectedOpsAreStoredAndChangeNothing()
{
    const QString deal = UuidV7::generate();
    const qint64 created = pushOne(m_repA, dealInsert(deal, m_unitA, u"Valves"_s, 1)).serverSeq;
    const qint64 cursor = m_store->pull(m_repA, 0, 1000, {})->cursor;
    const OpResult rejected = pushOne(m_repA,
                                      update(u"deals"_s, deal, 2,
                                             {{u"title"_s, {u"Changed"_s, created}},
                                              {u"amount_minor"_s, {qint64(-5), created}}}));
    QCOMPARE(rejected.status, u"rejected"_s);
    QCOMPARE(rejected.reason, u"invalid_value"_s);
    QVERIFY(rejected.current.has_value());
    QCOMPARE(rejected.current->fields.value(u"title"_s).toString(), u"Valves"_s);
    // Neither field changed (the op is atomic) and no seq was used.
    QCOMPARE(pulledRow(m_repA, deal).value(u"title"_s).toString(), u"Valves"_s);
    QCOMPARE(m_store->pull(m_repA, 0, 1000, {})->cursor, cursor);
}

void tst_SqliteServerStore::repOfAnotherUnitIsForbidden()
{
    const QString deal = UuidV7::generate();
    QCOMPARE(pushOne(m_repB, dealInsert(deal, m_unitB, u"West secret"_s, 1)).status, u"applied"_s);

    // A cannot update it, delete it, create a deal in B, or move one of its own deals to B.
    const OpResult edit
        = pushOne(m_repA, update(u"deals"_s, deal, 1, {{u"title"_s, {u"Mine now"_s, 0}}}));
    QCOMPARE(edit.status, u"rejected"_s);
    QCOMPARE(edit.reason, u"forbidden"_s);
    QVERIFY(!edit.current.has_value()); // not even the current state leaks
    PushOp remove = update(u"deals"_s, deal, 2, {});
    remove.op = u"delete"_s;
    QCOMPARE(pushOne(m_repA, remove).reason, u"forbidden"_s);
    QCOMPARE(pushOne(m_repA, dealInsert(UuidV7::generate(), m_unitB, u"Plant"_s, 3)).reason,
             u"forbidden"_s);
    const QString own = UuidV7::generate();
    QCOMPARE(pushOne(m_repA, dealInsert(own, m_unitA, u"Own"_s, 4)).status, u"applied"_s);
    QCOMPARE(pushOne(m_repA, update(u"deals"_s, own, 5, {{u"unit_id"_s, {m_unitB, 0}}})).reason,
             u"forbidden"_s);
    // Reference data is HQ's.
    QCOMPARE(pushOne(m_repA, update(u"units"_s, m_unitA, 6, {{u"name"_s, {u"Mine"_s, 0}}})).reason,
             u"forbidden"_s);

    // A never receives B's deal; B's own pull has it unchanged.
    bool found = true;
    pulledRow(m_repA, deal, &found);
    QVERIFY(!found);
    QCOMPARE(pulledRow(m_repB, deal, &found).value(u"title"_s).toString(), u"West secret"_s);
    QVERIFY(found);
    // Reference data reaches everyone.
    pulledRow(m_repA, m_unitB, &found);
    QVERIFY(found);
}

void tst_SqliteServerStore::hqReadsEverythingButWritesOnlyOrgTables()
{
    const QString deal = UuidV7::generate();
    QCOMPARE(pushOne(m_repB, dealInsert(deal, m_unitB, u"West"_s, 1)).status, u"applied"_s);
    bool found = false;
    pulledRow(m_hq, deal, &found);
    QVERIFY(found);
    QCOMPARE(pushOne(m_hq, update(u"deals"_s, deal, 1, {{u"title"_s, {u"HQ edit"_s, 0}}})).reason,
             u"forbidden"_s);
    const qint64 seen = m_store->pull(m_hq, 0, 5000, {})->cursor;
    QCOMPARE(
        pushOne(m_hq, update(u"units"_s, m_unitB, 2, {{u"region"_s, {u"华西"_s, seen}}})).status,
        u"applied"_s);
    QCOMPARE(pulledRow(m_repA, m_unitB).value(u"region"_s).toString(), u"华西"_s);
}

void tst_SqliteServerStore::criticalConflictKeepsServerValue()
{
    const QString deal = UuidV7::generate();
    const qint64 created = pushOne(m_repA, dealInsert(deal, m_unitA, u"Gears"_s, 1)).serverSeq;
    // Another laptop of unit A changes the amount first...
    const OpResult first = pushOne(
        m_repA, update(u"deals"_s, deal, 1, {{u"amount_minor"_s, {qint64(750000), created}}}),
        UuidV7::generate());
    QCOMPARE(first.status, u"applied"_s);
    // ...then this one, based on the version before.
    const OpResult second = pushOne(m_repA,
                                    update(u"deals"_s, deal, 2,
                                           {{u"amount_minor"_s, {qint64(600000), created}},
                                            {u"notes"_s, {u"call back"_s, created}}}));
    QCOMPARE(second.status, u"merged"_s);
    QCOMPARE(second.conflicts.size(), 1);
    QCOMPARE(second.conflicts.at(0).field, u"amount_minor"_s);
    QCOMPARE(second.conflicts.at(0).kept, u"server"_s);
    QCOMPARE(second.conflicts.at(0).serverValue.toLongLong(), 750000);
    const QVariantMap row = pulledRow(m_repA, deal);
    QCOMPARE(row.value(u"amount_minor"_s).toLongLong(), 750000);
    QCOMPARE(row.value(u"notes"_s).toString(), u"call back"_s);
}

void tst_SqliteServerStore::ordinaryConflictLastWriterWins()
{
    const QString deal = UuidV7::generate();
    const qint64 created = pushOne(m_repA, dealInsert(deal, m_unitA, u"Gears"_s, 1)).serverSeq;
    pushOne(m_repA, update(u"deals"_s, deal, 1, {{u"title"_s, {u"Theirs"_s, created}}}),
            UuidV7::generate());
    const OpResult mine
        = pushOne(m_repA, update(u"deals"_s, deal, 2, {{u"title"_s, {u"Mine"_s, created}}}));
    QCOMPARE(mine.status, u"merged"_s);
    QCOMPARE(mine.conflicts.at(0).kept, u"client"_s);
    QCOMPARE(pulledRow(m_repA, deal).value(u"title"_s).toString(), u"Mine"_s);
}

void tst_SqliteServerStore::deleteWinsOverEdit()
{
    const QString deal = UuidV7::generate();
    const qint64 created = pushOne(m_repA, dealInsert(deal, m_unitA, u"Gone"_s, 1)).serverSeq;
    PushOp remove = update(u"deals"_s, deal, 1, {});
    remove.op = u"delete"_s;
    QCOMPARE(pushOne(m_repA, remove, UuidV7::generate()).status, u"applied"_s);
    const OpResult edit
        = pushOne(m_repA, update(u"deals"_s, deal, 2, {{u"title"_s, {u"Edit"_s, created}}}));
    QCOMPARE(edit.status, u"merged"_s);
    QCOMPARE(edit.conflicts.at(0).field, u"deleted"_s);
    const Result<PullResponse> page = m_store->pull(m_repA, 0, 1000, {});
    QVERIFY(page->changes.constLast().deleted);
    QCOMPARE(page->changes.constLast().fields.value(u"title"_s).toString(), u"Gone"_s);

    PushOp restore = update(u"deals"_s, deal, 3, {});
    restore.op = u"undelete"_s;
    QCOMPARE(pushOne(m_repA, restore).status, u"applied"_s);
    QVERIFY(!m_store->pull(m_repA, 0, 1000, {})->changes.constLast().deleted);
}

void tst_SqliteServerStore::offlineEditsOfANewRowApplyInOrder()
{
    const QString deal = UuidV7::generate();
    const Result<ServerStore::PushOutcome> outcome = m_store->applyPush(
        m_repA,
        request({dealInsert(deal, m_unitA, u"New"_s, 1),
                 update(u"deals"_s, deal, 2, {{u"amount_minor"_s, {qint64(900000), 0}}}),
                 update(u"deals"_s, deal, 3, {{u"status"_s, {u"won"_s, 0}}})}),
        t0);
    QCOMPARE(outcome->results.at(1).status, u"applied"_s);
    QCOMPARE(outcome->results.at(2).status, u"applied"_s);
    const QVariantMap row = pulledRow(m_repA, deal);
    QCOMPARE(row.value(u"amount_minor"_s).toLongLong(), 900000);
    QCOMPARE(row.value(u"status"_s).toString(), u"won"_s);

    // Another device that never saw these versions does conflict.
    const OpResult other = pushOne(
        m_repA, update(u"deals"_s, deal, 1, {{u"status"_s, {u"lost"_s, 0}}}), UuidV7::generate());
    QCOMPARE(other.status, u"merged"_s);
    QCOMPARE(other.conflicts.at(0).kept, u"server"_s);
}

void tst_SqliteServerStore::clockSkewIsRejected()
{
    PushOp op = dealInsert(UuidV7::generate(), m_unitA, u"Future"_s, 1);
    op.hlc = HybridClock::fromWallMs(t0 + 60 * 60 * 1000);
    const OpResult result = pushOne(m_repA, op);
    QCOMPARE(result.reason, u"clock_skew"_s);
    op.deviceSeq = 2;
    op.hlc = HybridClock::fromWallMs(t0 + 4 * 60 * 1000); // within 5 minutes
    QCOMPARE(pushOne(m_repA, op).status, u"applied"_s);
}

void tst_SqliteServerStore::unknownTableAndField()
{
    PushOp op = update(u"secrets"_s, UuidV7::generate(), 1, {{u"x"_s, {u"y"_s, 0}}});
    QCOMPARE(pushOne(m_repA, op).reason, u"unknown_table"_s);
    op = update(u"deals"_s, UuidV7::generate(), 2, {{u"created_at"_s, {qint64(1), 0}}});
    QCOMPARE(pushOne(m_repA, op).reason, u"unknown_field"_s);
}

void tst_SqliteServerStore::constraintViolationIsInvalidValue()
{
    PushOp op = dealInsert(UuidV7::generate(), m_unitA, u"Bad"_s, 1);
    op.fields.insert(u"customer_id"_s, {UuidV7::generate(), 0}); // no such customer
    OpResult result = pushOne(m_repA, op);
    QCOMPARE(result.reason, u"invalid_value"_s);
    QVERIFY2(result.message.contains(u"FOREIGN KEY"_s), qPrintable(result.message));

    op = dealInsert(UuidV7::generate(), m_unitA, u"Bad"_s, 2);
    op.fields.insert(u"amount_minor"_s, {u"lots"_s, 0}); // text in an integer column
    QCOMPARE(pushOne(m_repA, op).reason, u"invalid_value"_s);
}

void tst_SqliteServerStore::overlongStringIsInvalidValue()
{
    PushOp op = dealInsert(UuidV7::generate(), m_unitA,
                           QString(ProtocolCodec::maxStringValueChars + 1, u'x'), 1);
    const PushOp fine = dealInsert(UuidV7::generate(), m_unitA, u"Fine"_s, 2);
    const Result<ServerStore::PushOutcome> outcome
        = m_store->applyPush(m_repA, request({op, fine}), t0);
    QCOMPARE(outcome->results.at(0).reason, u"invalid_value"_s);
    QCOMPARE(outcome->results.at(1).status, u"applied"_s); // the rest of the push goes on
}

void tst_SqliteServerStore::rowLeavingAScopeIsPurged()
{
    // A collaboration request is visible to both units. A re-addresses it from B to C: B's
    // laptops must delete it for good, C's receive it.
    const QString unitC = m_store->addUnit({u"North"_s, {}, {}, u"CNY"_s, 0, false}, t0).value();
    const AuthContext repC {u"c"_s, u"c"_s, u"rep"_s, unitC, {}};
    PushOp request;
    request.opId = UuidV7::generate();
    request.deviceSeq = 1;
    request.table = u"collaboration_requests"_s;
    request.rowId = UuidV7::generate();
    request.op = u"insert"_s;
    request.hlc = HybridClock::fromWallMs(t0);
    request.fields = {{u"from_unit_id"_s, {m_unitA, 0}},
                      {u"to_unit_id"_s, {m_unitB, 0}},
                      {u"text"_s, {u"Need a welder"_s, 0}}};
    const qint64 created = pushOne(m_repA, request).serverSeq;
    QVERIFY(created > 0);
    const qint64 cursorB = m_store->pull(m_repB, 0, 1000, {})->cursor;
    bool found = false;
    pulledRow(m_repB, request.rowId, &found);
    QVERIFY(found);

    // The activity of a deal inherits the deal's unit.
    const QString deal = UuidV7::generate();
    QCOMPARE(pushOne(m_repA, dealInsert(deal, m_unitA, u"Shared"_s, 2)).status, u"applied"_s);
    PushOp activity = update(u"activities"_s, UuidV7::generate(), 3,
                             {{u"deal_id"_s, {deal, 0}}, {u"kind"_s, {u"call"_s, 0}}});
    activity.op = u"insert"_s;
    QCOMPARE(pushOne(m_repA, activity).status, u"applied"_s);
    pulledRow(m_repA, activity.rowId, &found);
    QVERIFY(found);
    pulledRow(m_repB, activity.rowId, &found);
    QVERIFY(!found);

    QCOMPARE(pushOne(m_repA,
                     update(u"collaboration_requests"_s, request.rowId, 4,
                            {{u"to_unit_id"_s, {unitC, created}}}))
                 .status,
             u"applied"_s);
    const Result<PullResponse> pageB = m_store->pull(m_repB, cursorB, 1000, {});
    QCOMPARE(pageB->changes.size(), 1);
    QCOMPARE(pageB->changes.at(0).rowId, request.rowId);
    QVERIFY(pageB->changes.at(0).purge);
    QVERIFY(pageB->changes.at(0).deleted);
    QVERIFY(pageB->changes.at(0).fields.isEmpty());
    pulledRow(repC, request.rowId, &found);
    QVERIFY(found);
}

void tst_SqliteServerStore::pullPagesAndCursor()
{
    QList<PushOp> ops;
    for (int i = 1; i <= 25; ++i)
        ops.append(dealInsert(UuidV7::generate(), m_unitA, u"Deal %1"_s.arg(i), i));
    QVERIFY(m_store->applyPush(m_repA, request(ops), t0).ok());
    // B's changes are not in A's pages, but A's cursor moves past them.
    QVERIFY(pushOne(m_repB, dealInsert(UuidV7::generate(), m_unitB, u"B"_s, 1)).serverSeq > 0);

    qint64 cursor = 0;
    int deals = 0;
    int pages = 0;
    for (bool more = true; more; ++pages) {
        const Result<PullResponse> page = m_store->pull(m_repA, cursor, 10, {});
        QVERIFY(page.ok());
        QVERIFY(page->changes.size() <= 10);
        for (const RowState &row : page->changes) {
            QVERIFY(row.seq > cursor);
            if (row.table == u"deals"_s)
                ++deals;
        }
        QVERIFY(page->cursor >= cursor);
        cursor = page->cursor;
        more = page->hasMore;
    }
    QCOMPARE(deals, 25);
    QVERIFY(pages >= 3);
    QCOMPARE(cursor, m_store->pull(m_hq, 0, 5000, {})->cursor);
}

void tst_SqliteServerStore::epochMismatchRequiresReset()
{
    const Result<PullResponse> stale = m_store->pull(m_repA, 5, 100, UuidV7::generate());
    QVERIFY(stale->resetRequired);
    QVERIFY(stale->changes.isEmpty());
    const Result<PullResponse> beyond = m_store->pull(m_repA, 1'000'000, 100, {});
    QVERIFY(beyond->resetRequired);
    const Result<PullResponse> fine = m_store->pull(m_repA, 0, 100, m_store->epoch().value());
    QVERIFY(!fine->resetRequired);
}

QTEST_GUILESS_MAIN(tst_SqliteServerStore)
#include "tst_sqliteserverstore.moc"
