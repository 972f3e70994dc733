#include "changewriter.h"

#include "hybridclock.h"
#include "localstore.h"
#include "schema.h"
#include "uuidv7.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

constexpr qint64 t0 = 1'718'000'000'000; // 2024-06-10

struct OutboxEntry
{
    qint64 deviceSeq = 0;
    QString opId;
    QString deviceId;
    QString table;
    QString rowId;
    QString op;
    QJsonObject fields;
    qint64 hlc = 0;
    int schemaVersion = 0;
    qint64 createdAt = 0;
};

QList<OutboxEntry> outbox(LocalStore &store)
{
    QSqlQuery q = store.query();
    q.exec(u"SELECT device_seq, op_id, device_id, table_name, row_id, op, fields, hlc, "
           u"schema_version, created_at FROM outbox ORDER BY device_seq"_s);
    QList<OutboxEntry> list;
    while (q.next()) {
        list.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                     q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                     QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object(),
                     q.value(7).toLongLong(), q.value(8).toInt(), q.value(9).toLongLong()});
    }
    return list;
}

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

int rowCount(LocalStore &store, const QString &table)
{
    return scalar(store, u"SELECT count(*) FROM %1"_s.arg(table)).toInt();
}

qint64 deviceSeq(LocalStore &store)
{
    return scalar(store, u"SELECT device_seq FROM device_state"_s).toLongLong();
}

// Everything a change writes, to show that a refused or rolled back change wrote nothing.
struct Footprint
{
    int units = 0, users = 0, customers = 0, outbox = 0, versions = 0, history = 0;
    qint64 seq = 0, hlc = 0;
    bool operator==(const Footprint &) const = default;
};

Footprint footprint(LocalStore &store)
{
    return {rowCount(store, u"units"_s),
            rowCount(store, u"users"_s),
            rowCount(store, u"customers"_s),
            rowCount(store, u"outbox"_s),
            rowCount(store, u"field_versions"_s),
            rowCount(store, u"field_history"_s),
            deviceSeq(store),
            scalar(store, u"SELECT hlc FROM device_state"_s).toLongLong()};
}

char *toString(const Footprint &f)
{
    return qstrdup(
        QByteArray("units=" + QByteArray::number(f.units) + " users=" + QByteArray::number(f.users)
                   + " customers=" + QByteArray::number(f.customers) + " outbox="
                   + QByteArray::number(f.outbox) + " versions=" + QByteArray::number(f.versions)
                   + " history=" + QByteArray::number(f.history)
                   + " seq=" + QByteArray::number(f.seq) + " hlc=" + QByteArray::number(f.hlc))
            .constData());
}

} // namespace

class tst_ChangeWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void insertWritesRowVersionsAndOneOutboxEntry();
    void insertEncodesValues_data();
    void insertEncodesValues();
    void updateWritesOnlyChangedFields();
    void updateWithoutChangesWritesNothing();
    void updateTakesBaseFromFieldVersions();
    void updateRecordsHistoryWithActor();
    void removeAndRestoreTombstone();
    void refusesUnknownTablesAndFields_data();
    void refusesUnknownTablesAndFields();
    void refusesInvalidRowId_data();
    void refusesInvalidRowId();
    void failedChangeInTransactionLeavesNothing_data();
    void failedChangeInTransactionLeavesNothing();
    void deviceSeqGaplessAndMonotonic();
    void hlcStrictlyIncreasingWhenWallClockGoesBack();
    void outboxJsonIsCompactQJson_data();
    void outboxJsonIsCompactQJson();

private:
    LocalStore &store() { return *m_store; }
    void reopen();
    QString insertUnit(ChangeWriter &writer, const QString &name);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    qint64 m_wallMs = t0;
};

void tst_ChangeWriter::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_ChangeWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_wallMs = t0;
    reopen();
    QVERIFY(m_store);
}

void tst_ChangeWriter::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void tst_ChangeWriter::reopen()
{
    m_store.reset();
    auto opened = LocalStore::open(m_dir->filePath(u"profile.sqlite"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_store->setWallClock([this] { return m_wallMs; });
}

QString tst_ChangeWriter::insertUnit(ChangeWriter &writer, const QString &name)
{
    const QString id = UuidV7::generate();
    const Result<void> done = writer.insert(u"units"_s, id, {{u"name"_s, name}});
    return done.ok() ? id : QString();
}

void tst_ChangeWriter::insertWritesRowVersionsAndOneOutboxEntry()
{
    ChangeWriter writer(store(), u"actor-1"_s);
    const QString id = UuidV7::generate();
    const QVariantMap fields = {{u"name"_s, u"East"_s},
                                {u"region"_s, u"华东"_s},
                                {u"currency"_s, u"CNY"_s},
                                {u"budget_limit_minor"_s, qint64(500'000)}};
    const Result<void> done = writer.insert(u"units"_s, id, fields);
    QVERIFY2(done.ok(), qPrintable(done.error().message));

    // The row, with timestamps from the change's clock.
    QSqlQuery row = store().query();
    QVERIFY(row.exec(u"SELECT name, region, currency, budget_limit_minor, created_at, updated_at, "
                     u"deleted FROM units WHERE id = '%1'"_s.arg(id)));
    QVERIFY(row.next());
    QCOMPARE(row.value(0).toString(), u"East"_s);
    QCOMPARE(row.value(1).toString(), u"华东"_s);
    QCOMPARE(row.value(2).toString(), u"CNY"_s);
    QCOMPARE(row.value(3).toLongLong(), 500'000);
    QCOMPARE(row.value(4).toLongLong(), t0);
    QCOMPARE(row.value(5).toLongLong(), t0);
    QCOMPARE(row.value(6).toInt(), 0);

    // Exactly one outbox entry describing the change.
    const QList<OutboxEntry> entries = outbox(store());
    QCOMPARE(entries.size(), 1);
    const OutboxEntry &entry = entries.first();
    QCOMPARE(entry.deviceSeq, 1);
    QVERIFY2(UuidV7::isValid(entry.opId), qPrintable(entry.opId));
    QVERIFY(entry.opId != id);
    QCOMPARE(entry.deviceId, store().deviceId());
    QCOMPARE(entry.table, u"units"_s);
    QCOMPARE(entry.rowId, id);
    QCOMPARE(entry.op, u"insert"_s);
    QCOMPARE(entry.hlc, HybridClock::fromWallMs(t0));
    QCOMPARE(entry.schemaVersion, Schema::latestVersion());
    QCOMPARE(entry.createdAt, t0);
    const QJsonObject expected {
        {u"name"_s, QJsonObject {{u"value"_s, u"East"_s}, {u"base"_s, 0}}},
        {u"region"_s, QJsonObject {{u"value"_s, u"华东"_s}, {u"base"_s, 0}}},
        {u"currency"_s, QJsonObject {{u"value"_s, u"CNY"_s}, {u"base"_s, 0}}},
        {u"budget_limit_minor"_s, QJsonObject {{u"value"_s, 500'000}, {u"base"_s, 0}}},
    };
    QCOMPARE(entry.fields, expected);
    QCOMPARE(writer.lastDeviceSeq(), 1);

    // One field version per written field, version 0 (never synced), stamped with the hlc.
    QSqlQuery versions = store().query();
    QVERIFY(versions.exec(u"SELECT field, version, hlc FROM field_versions WHERE table_name = "
                          u"'units' AND row_id = '%1' ORDER BY field"_s.arg(id)));
    QStringList versionedFields;
    while (versions.next()) {
        versionedFields.append(versions.value(0).toString());
        QCOMPARE(versions.value(1).toLongLong(), 0);
        QCOMPARE(versions.value(2).toLongLong(), entry.hlc);
    }
    QCOMPARE(versionedFields,
             (QStringList {u"budget_limit_minor"_s, u"currency"_s, u"name"_s, u"region"_s}));
    QCOMPARE(scalar(store(), u"SELECT hlc FROM device_state"_s).toLongLong(), entry.hlc);
    QCOMPARE(deviceSeq(store()), 1);
}

void tst_ChangeWriter::insertEncodesValues_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QJsonValue>("expectedJson");
    QTest::addColumn<QVariant>("expectedColumn");

    QTest::newRow("text") << u"region"_s << QVariant(u"North"_s) << QJsonValue(u"North"_s)
                          << QVariant(u"North"_s);
    QTest::newRow("chinese text") << u"region"_s << QVariant(u"上海"_s) << QJsonValue(u"上海"_s)
                                  << QVariant(u"上海"_s);
    QTest::newRow("quotes") << u"region"_s << QVariant(u"\"O'Neil\" {}"_s)
                            << QJsonValue(u"\"O'Neil\" {}"_s) << QVariant(u"\"O'Neil\" {}"_s);
    QTest::newRow("null QString is empty text")
        << u"region"_s << QVariant(QString()) << QJsonValue(u""_s) << QVariant(u""_s);
    QTest::newRow("int") << u"budget_limit_minor"_s << QVariant(42) << QJsonValue(42)
                         << QVariant(42);
    QTest::newRow("large amount") << u"budget_limit_minor"_s
                                  << QVariant(qint64(100'000'000'000'000))
                                  << QJsonValue(qint64(100'000'000'000'000))
                                  << QVariant(qint64(100'000'000'000'000));
    QTest::newRow("bool") << u"is_hq"_s << QVariant(true) << QJsonValue(1) << QVariant(1);
    QTest::newRow("null reference")
        << u"parent_id"_s << QVariant() << QJsonValue(QJsonValue::Null) << QVariant();
}

void tst_ChangeWriter::insertEncodesValues()
{
    QFETCH(QString, field);
    QFETCH(QVariant, value);
    QFETCH(QJsonValue, expectedJson);
    QFETCH(QVariant, expectedColumn);

    ChangeWriter writer(store());
    const QString id = UuidV7::generate();
    QVariantMap fields {{u"name"_s, u"Unit"_s}};
    fields.insert(field, value);
    const Result<void> done = writer.insert(u"units"_s, id, fields);
    QVERIFY2(done.ok(), qPrintable(done.error().message));

    const QList<OutboxEntry> entries = outbox(store());
    QCOMPARE(entries.size(), 1);
    const QJsonObject change = entries.first().fields.value(field).toObject();
    QCOMPARE(change.value(u"value"_s), expectedJson);
    QCOMPARE(change.value(u"base"_s), QJsonValue(0));

    const QVariant stored
        = scalar(store(), u"SELECT %1 FROM units WHERE id = ?"_s.arg(field), {id});
    QCOMPARE(stored.isNull(), expectedColumn.isNull());
    if (!expectedColumn.isNull())
        QCOMPARE(stored.toString(), expectedColumn.toString());
}

void tst_ChangeWriter::updateWritesOnlyChangedFields()
{
    ChangeWriter writer(store(), u"actor-1"_s);
    const QString id = UuidV7::generate();
    QVERIFY(writer
                .insert(u"units"_s, id,
                        {{u"name"_s, u"East"_s},
                         {u"region"_s, u"Shanghai"_s},
                         {u"budget_limit_minor"_s, 100}})
                .ok());

    m_wallMs = t0 + 1000;
    const Result<void> done = writer.update(u"units"_s, id,
                                            {{u"name"_s, u"East"_s},
                                             {u"region"_s, u"Hangzhou"_s},
                                             {u"budget_limit_minor"_s, u"100"_s}});
    QVERIFY2(done.ok(), qPrintable(done.error().message));

    const QList<OutboxEntry> entries = outbox(store());
    QCOMPARE(entries.size(), 2);
    const OutboxEntry &entry = entries.last();
    QCOMPARE(entry.op, u"update"_s);
    QCOMPARE(entry.deviceSeq, 2);
    QCOMPARE(entry.rowId, id);
    QCOMPARE(entry.hlc, HybridClock::fromWallMs(t0 + 1000));
    const QJsonObject expected {
        {u"region"_s, QJsonObject {{u"value"_s, u"Hangzhou"_s}, {u"base"_s, 0}}}};
    QCOMPARE(entry.fields, expected);
    QVERIFY(UuidV7::isValid(entry.opId));
    QVERIFY(entry.opId != entries.first().opId);

    QCOMPARE(scalar(store(), u"SELECT region FROM units WHERE id = ?"_s, {id}).toString(),
             u"Hangzhou"_s);
    QCOMPARE(scalar(store(), u"SELECT updated_at FROM units WHERE id = ?"_s, {id}).toLongLong(),
             t0 + 1000);
    QCOMPARE(scalar(store(), u"SELECT created_at FROM units WHERE id = ?"_s, {id}).toLongLong(),
             t0);
    // Only the changed field got a new clock.
    QCOMPARE(scalar(store(),
                    u"SELECT hlc FROM field_versions WHERE row_id = ? AND field = 'region'"_s, {id})
                 .toLongLong(),
             entry.hlc);
    QCOMPARE(scalar(store(),
                    u"SELECT hlc FROM field_versions WHERE row_id = ? AND field = 'name'"_s, {id})
                 .toLongLong(),
             entries.first().hlc);
    QCOMPARE(
        scalar(store(), u"SELECT count(*) FROM field_history WHERE row_id = ?"_s, {id}).toInt(), 1);
}

void tst_ChangeWriter::updateWithoutChangesWritesNothing()
{
    ChangeWriter writer(store(), u"actor-1"_s);
    const QString id = UuidV7::generate();
    QVERIFY(writer
                .insert(u"units"_s, id,
                        {{u"name"_s, u"East"_s},
                         {u"parent_id"_s, QVariant()},
                         {u"is_hq"_s, 0},
                         {u"budget_limit_minor"_s, 100}})
                .ok());
    const Footprint before = footprint(store());

    m_wallMs = t0 + 5000;
    const QList<QVariantMap> noChanges = {
        {},
        {{u"name"_s, u"East"_s}},
        {{u"name"_s, u"East"_s}, {u"budget_limit_minor"_s, 100}, {u"parent_id"_s, QVariant()}},
        {{u"budget_limit_minor"_s, qint64(100)}},
        {{u"is_hq"_s, false}},
    };
    for (const QVariantMap &fields : noChanges) {
        const Result<void> done = writer.update(u"units"_s, id, fields);
        QVERIFY2(done.ok(), qPrintable(done.error().message));
        QCOMPARE(footprint(store()), before);
    }
    QCOMPARE(scalar(store(), u"SELECT updated_at FROM units WHERE id = ?"_s, {id}).toLongLong(),
             t0);
    QCOMPARE(writer.lastDeviceSeq(), 1);
}

void tst_ChangeWriter::updateTakesBaseFromFieldVersions()
{
    ChangeWriter writer(store());
    const QString id = UuidV7::generate();
    QVERIFY(writer.insert(u"units"_s, id, {{u"name"_s, u"East"_s}, {u"region"_s, u"A"_s}}).ok());
    // As if a pull had confirmed the server's commit 7 for name (and 3 for region).
    QSqlQuery synced = store().query();
    QVERIFY(synced.exec(u"UPDATE field_versions SET version = 7 WHERE row_id = '%1' AND field = "
                        u"'name'"_s.arg(id)));
    QVERIFY(synced.exec(u"UPDATE field_versions SET version = 3 WHERE row_id = '%1' AND field = "
                        u"'region'"_s.arg(id)));

    QVERIFY(writer.update(u"units"_s, id, {{u"name"_s, u"East 2"_s}, {u"region"_s, u"B"_s}}).ok());
    const OutboxEntry entry = outbox(store()).last();
    QCOMPARE(entry.fields.value(u"name"_s).toObject().value(u"base"_s), QJsonValue(7));
    QCOMPARE(entry.fields.value(u"region"_s).toObject().value(u"base"_s), QJsonValue(3));
    QCOMPARE(entry.fields.value(u"name"_s).toObject().value(u"value"_s), QJsonValue(u"East 2"_s));
    // A local change does not move the server version it was based on.
    QCOMPARE(scalar(store(),
                    u"SELECT version FROM field_versions WHERE row_id = ? AND field = 'name'"_s,
                    {id})
                 .toLongLong(),
             7);

    // A field never written before (no field_versions row) is based on version 0 and gets one.
    QVERIFY(writer.update(u"units"_s, id, {{u"currency"_s, u"USD"_s}}).ok());
    const OutboxEntry third = outbox(store()).last();
    QCOMPARE(third.fields.value(u"currency"_s).toObject().value(u"base"_s), QJsonValue(0));
    QCOMPARE(scalar(store(),
                    u"SELECT hlc FROM field_versions WHERE row_id = ? AND field = 'currency'"_s,
                    {id})
                 .toLongLong(),
             third.hlc);
}

void tst_ChangeWriter::updateRecordsHistoryWithActor()
{
    ChangeWriter writer(store(), u"user-42"_s);
    const QString id = UuidV7::generate();
    QVERIFY(writer
                .insert(u"units"_s, id,
                        {{u"name"_s, u"East"_s},
                         {u"budget_limit_minor"_s, 100},
                         {u"region"_s, u"West"_s},
                         {u"parent_id"_s, QVariant()}})
                .ok());
    const QString parent = insertUnit(writer, u"HQ"_s);
    QVERIFY(!parent.isEmpty());

    m_wallMs = t0 + 60'000;
    QVERIFY(writer
                .update(u"units"_s, id,
                        {{u"name"_s, u"East China"_s},
                         {u"budget_limit_minor"_s, 250},
                         {u"is_hq"_s, true},
                         {u"region"_s, QString()},
                         {u"parent_id"_s, parent}})
                .ok());
    const OutboxEntry entry = outbox(store()).last();

    QSqlQuery history = store().query();
    QVERIFY(history.exec(u"SELECT field, old_value, new_value, changed_by, changed_at, hlc, origin "
                         u"FROM field_history WHERE table_name = 'units' AND row_id = '%1' "
                         u"ORDER BY field"_s.arg(id)));
    struct Expected
    {
        QString field;
        QVariant oldValue;
        QVariant newValue;
    };
    const QList<Expected> expected = {{u"budget_limit_minor"_s, u"100"_s, u"250"_s},
                                      {u"is_hq"_s, u"0"_s, u"1"_s},
                                      {u"name"_s, u"East"_s, u"East China"_s},
                                      {u"parent_id"_s, QVariant(), parent},
                                      {u"region"_s, u"West"_s, u""_s}};
    for (const Expected &e : expected) {
        QVERIFY(history.next());
        QCOMPARE(history.value(0).toString(), e.field);
        QCOMPARE(history.value(1).isNull(), e.oldValue.isNull());
        QCOMPARE(history.value(1).toString(), e.oldValue.toString());
        QVERIFY(!history.value(2).isNull()); // a new value is never NULL here
        QCOMPARE(history.value(2).toString(), e.newValue.toString());
        QCOMPARE(history.value(3).toString(), u"user-42"_s);
        QCOMPARE(history.value(4).toLongLong(), t0 + 60'000);
        QCOMPARE(history.value(5).toLongLong(), entry.hlc);
        QCOMPARE(history.value(6).toString(), u"local"_s);
    }
    QVERIFY(!history.next());

    // Without an actor the history says so with NULL, not an empty id.
    ChangeWriter anonymous(store());
    QVERIFY(anonymous.update(u"units"_s, id, {{u"name"_s, u"East 3"_s}}).ok());
    QVERIFY(scalar(store(),
                   u"SELECT changed_by FROM field_history WHERE row_id = ? AND new_value = "
                   u"'East 3'"_s,
                   {id})
                .isNull());
}

void tst_ChangeWriter::removeAndRestoreTombstone()
{
    ChangeWriter writer(store(), u"user-1"_s);
    const QString id = insertUnit(writer, u"East"_s);
    QVERIFY(!id.isEmpty());

    m_wallMs = t0 + 10;
    Result<void> done = writer.remove(u"units"_s, id);
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    QCOMPARE(scalar(store(), u"SELECT deleted FROM units WHERE id = ?"_s, {id}).toInt(), 1);
    QCOMPARE(scalar(store(), u"SELECT updated_at FROM units WHERE id = ?"_s, {id}).toLongLong(),
             t0 + 10);
    OutboxEntry entry = outbox(store()).last();
    QCOMPARE(entry.op, u"delete"_s);
    QCOMPARE(entry.rowId, id);
    QCOMPARE(entry.table, u"units"_s);
    QCOMPARE(entry.deviceSeq, 2);
    QVERIFY(entry.fields.isEmpty());
    QCOMPARE(scalar(store(),
                    u"SELECT new_value FROM field_history WHERE row_id = ? AND field = 'deleted' "
                    u"AND hlc = ?"_s,
                    {id, entry.hlc})
                 .toString(),
             u"1"_s);

    // A deleted row can be neither deleted again nor edited; nothing is written.
    const Footprint afterRemove = footprint(store());
    done = writer.remove(u"units"_s, id);
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::NotFound);
    done = writer.update(u"units"_s, id, {{u"name"_s, u"Ghost"_s}});
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::NotFound);
    QCOMPARE(footprint(store()), afterRemove);

    m_wallMs = t0 + 20;
    done = writer.restore(u"units"_s, id);
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    QCOMPARE(scalar(store(), u"SELECT deleted FROM units WHERE id = ?"_s, {id}).toInt(), 0);
    entry = outbox(store()).last();
    QCOMPARE(entry.op, u"undelete"_s);
    QCOMPARE(entry.deviceSeq, 3);
    QVERIFY(entry.fields.isEmpty());
    QCOMPARE(scalar(store(), u"SELECT name FROM units WHERE id = ?"_s, {id}).toString(), u"East"_s);

    // Restoring a live row, or removing one that does not exist, is refused.
    const Footprint afterRestore = footprint(store());
    done = writer.restore(u"units"_s, id);
    QCOMPARE(done.error().code, ErrorCode::NotFound);
    done = writer.remove(u"units"_s, UuidV7::generate());
    QCOMPARE(done.error().code, ErrorCode::NotFound);
    QCOMPARE(footprint(store()), afterRestore);
}

void tst_ChangeWriter::refusesUnknownTablesAndFields_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("field");

    for (const QString &operation : {u"insert"_s, u"update"_s}) {
        const QByteArray op = operation.toLatin1();
        QTest::addRow("%s: unknown table", op.constData())
            << operation << u"planets"_s << u"name"_s;
        QTest::addRow("%s: outbox is not synced", op.constData())
            << operation << u"outbox"_s << u"op"_s;
        QTest::addRow("%s: local settings", op.constData())
            << operation << u"local_settings"_s << u"value"_s;
        QTest::addRow("%s: injection in table", op.constData())
            << operation << u"units; DROP TABLE units"_s << u"name"_s;
        QTest::addRow("%s: unknown field", op.constData())
            << operation << u"units"_s << u"colour"_s;
        QTest::addRow("%s: id", op.constData()) << operation << u"units"_s << u"id"_s;
        QTest::addRow("%s: bookkeeping column", op.constData())
            << operation << u"units"_s << u"created_at"_s;
        QTest::addRow("%s: deleted flag", op.constData())
            << operation << u"units"_s << u"deleted"_s;
        QTest::addRow("%s: injection in field", op.constData())
            << operation << u"units"_s << u"name = 'x', is_hq"_s;
        QTest::addRow("%s: field of another table", op.constData())
            << operation << u"units"_s << u"email"_s;
    }
    QTest::newRow("remove: unknown table") << u"remove"_s << u"planets"_s << QString();
    QTest::newRow("remove: outbox") << u"remove"_s << u"outbox"_s << QString();
    QTest::newRow("restore: unknown table") << u"restore"_s << u"planets"_s << QString();
}

void tst_ChangeWriter::refusesUnknownTablesAndFields()
{
    QFETCH(QString, operation);
    QFETCH(QString, table);
    QFETCH(QString, field);

    ChangeWriter writer(store());
    const QString existing = insertUnit(writer, u"East"_s);
    QVERIFY(!existing.isEmpty());
    const Footprint before = footprint(store());

    const QVariantMap fields {{u"name"_s, u"x"_s}, {field, u"1"_s}};
    Result<void> done;
    if (operation == u"insert"_s)
        done = writer.insert(table, UuidV7::generate(), fields);
    else if (operation == u"update"_s)
        done = writer.update(table, existing, fields);
    else if (operation == u"remove"_s)
        done = writer.remove(table, existing);
    else
        done = writer.restore(table, existing);
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!done.error().message.isEmpty());
    QCOMPARE(footprint(store()), before);
    QCOMPARE(scalar(store(), u"SELECT name FROM units WHERE id = ?"_s, {existing}).toString(),
             u"East"_s);
}

void tst_ChangeWriter::refusesInvalidRowId_data()
{
    QTest::addColumn<QString>("rowId");
    QTest::newRow("empty") << QString();
    QTest::newRow("text") << u"customer-1"_s;
    QTest::newRow("uuid v4") << u"9f1c0c35-6e1b-4c53-9a43-5a7b1f0e2d11"_s;
    QTest::newRow("uppercase v7") << u"01890A5D-AC96-774B-BCCE-B302099A8057"_s;
}

void tst_ChangeWriter::refusesInvalidRowId()
{
    QFETCH(QString, rowId);
    ChangeWriter writer(store());
    const Footprint before = footprint(store());
    const Result<void> done = writer.insert(u"units"_s, rowId, {{u"name"_s, u"East"_s}});
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::InvalidArgument);
    QCOMPARE(footprint(store()), before);
}

void tst_ChangeWriter::failedChangeInTransactionLeavesNothing_data()
{
    QTest::addColumn<QString>("failure");
    QTest::newRow("second insert violates CHECK") << u"check"_s;
    QTest::newRow("second insert violates FOREIGN KEY") << u"foreign key"_s;
    QTest::newRow("second insert violates NOT NULL") << u"not null"_s;
    QTest::newRow("update violates CHECK") << u"update check"_s;
    QTest::newRow("fn returns an error") << u"error"_s;
    QTest::newRow("fn ignores a failed change") << u"ignored"_s;
}

void tst_ChangeWriter::failedChangeInTransactionLeavesNothing()
{
    QFETCH(QString, failure);

    ChangeWriter writer(store(), u"actor"_s);
    const QString existing = insertUnit(writer, u"Existing"_s);
    QVERIFY(!existing.isEmpty());
    const Footprint before = footprint(store());
    QCOMPARE(before.seq, 1);

    QString unitId;
    bool innerFailed = false;
    const Result<void> done = store().transaction([&]() -> Result<void> {
        unitId = UuidV7::generate();
        if (Result<void> r = writer.insert(u"units"_s, unitId, {{u"name"_s, u"New"_s}}); !r)
            return r;
        if (Result<void> r = writer.update(u"units"_s, existing, {{u"name"_s, u"Renamed"_s}}); !r)
            return r;
        const QString userId = UuidV7::generate();
        if (failure == u"check"_s)
            return writer.insert(u"units"_s, UuidV7::generate(),
                                 {{u"name"_s, u"Bad"_s}, {u"currency"_s, u"EURO"_s}});
        if (failure == u"foreign key"_s)
            return writer.insert(
                u"users"_s, userId,
                {{u"name"_s, u"Ann"_s}, {u"role"_s, u"rep"_s}, {u"unit_id"_s, UuidV7::generate()}});
        if (failure == u"not null"_s)
            return writer.insert(u"users"_s, userId, {{u"name"_s, u"Ann"_s}});
        if (failure == u"update check"_s)
            return writer.update(u"units"_s, existing, {{u"budget_limit_minor"_s, -1}});
        if (failure == u"ignored"_s) {
            // The caller carries on as if nothing happened; the transaction still fails.
            innerFailed
                = !writer
                       .insert(u"users"_s, userId, {{u"name"_s, u"Ann"_s}, {u"role"_s, u"pope"_s}})
                       .ok();
            return {};
        }
        return Error {ErrorCode::InvalidArgument, u"the caller gave up"_s};
    });
    QVERIFY(!done.ok());
    QVERIFY(!done.error().message.isEmpty());
    if (failure == u"ignored"_s) {
        QVERIFY(innerFailed);
        QCOMPARE(done.error().code, ErrorCode::Conflict);
    } else if (failure == u"error"_s) {
        QCOMPARE(done.error().code, ErrorCode::InvalidArgument);
    } else {
        QCOMPARE(done.error().code, ErrorCode::Sql);
    }
    QVERIFY(!store().inTransaction());

    // Neither the rows, nor their outbox entries, field versions or history survive.
    QCOMPARE(footprint(store()), before);
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM units WHERE id = ?"_s, {unitId}).toInt(), 0);
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM outbox WHERE row_id = ?"_s, {unitId}).toInt(),
             0);
    QCOMPARE(scalar(store(), u"SELECT count(*) FROM field_versions WHERE row_id = ?"_s, {unitId})
                 .toInt(),
             0);
    QCOMPARE(scalar(store(), u"SELECT name FROM units WHERE id = ?"_s, {existing}).toString(),
             u"Existing"_s);

    // The next change takes the next seq: the rolled back ones left no gap.
    QVERIFY(!insertUnit(writer, u"After"_s).isEmpty());
    const QList<OutboxEntry> entries = outbox(store());
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.last().deviceSeq, 2);
}

void tst_ChangeWriter::deviceSeqGaplessAndMonotonic()
{
    ChangeWriter writer(store(), u"actor"_s);
    QStringList ids;
    int changes = 0;
    for (int i = 0; i < 20; ++i) {
        const QString id = insertUnit(writer, u"Unit %1"_s.arg(i));
        QVERIFY(!id.isEmpty());
        ids.append(id);
        ++changes;
        QCOMPARE(writer.lastDeviceSeq(), changes);
        QVERIFY(writer.update(u"units"_s, id, {{u"region"_s, u"R%1"_s.arg(i)}}).ok());
        ++changes;
        if (i % 5 == 0) {
            QVERIFY(writer.remove(u"units"_s, id).ok());
            ++changes;
        }
        if (i % 7 == 0) {
            // A rolled back batch in between takes no seq.
            const Result<void> rolledBack = store().transaction([&]() -> Result<void> {
                if (Result<void> r
                    = writer.update(u"units"_s, ids.first(), {{u"name"_s, u"Never %1"_s.arg(i)}});
                    !r)
                    return r;
                return Error {ErrorCode::Conflict, u"abandoned"_s};
            });
            QVERIFY(!rolledBack.ok());
        }
    }

    // A second writer on the same store continues the same sequence.
    ChangeWriter second(store());
    QVERIFY(!insertUnit(second, u"From another writer"_s).isEmpty());
    ++changes;
    QCOMPARE(second.lastDeviceSeq(), changes);

    // So does a writer after the store was closed and reopened.
    reopen();
    ChangeWriter afterReopen(store());
    QVERIFY(!insertUnit(afterReopen, u"After reopen"_s).isEmpty());
    ++changes;
    QVERIFY(afterReopen.update(u"units"_s, ids.last(), {{u"name"_s, u"Renamed"_s}}).ok());
    ++changes;
    QCOMPARE(afterReopen.lastDeviceSeq(), changes);

    const QList<OutboxEntry> entries = outbox(store());
    QCOMPARE(entries.size(), changes);
    QSet<QString> opIds;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QCOMPARE(entries.at(i).deviceSeq, i + 1);
        if (i > 0) {
            QVERIFY(entries.at(i).hlc > entries.at(i - 1).hlc);
            QVERIFY(entries.at(i).opId > entries.at(i - 1).opId);
        }
        opIds.insert(entries.at(i).opId);
    }
    QCOMPARE(opIds.size(), changes);
    QCOMPARE(deviceSeq(store()), changes);
}

void tst_ChangeWriter::hlcStrictlyIncreasingWhenWallClockGoesBack()
{
    ChangeWriter writer(store());
    const QString id = insertUnit(writer, u"East"_s);
    QVERIFY(!id.isEmpty());

    // The laptop's clock jumps around: corrected by NTP, set back by hand, a dead CMOS battery.
    const qint64 wallClocks[] = {t0, t0,          t0 - 5'000,  t0 + 10,    t0 + 10, t0 - 86'400'000,
                                 0,  t0 + 60'000, t0 + 59'000, t0 + 60'000};
    qint64 previousHlc = outbox(store()).last().hlc;
    qint64 previousUpdatedAt = t0;
    qint64 highestWall = t0;
    int round = 0;
    for (const qint64 wall : wallClocks) {
        m_wallMs = wall;
        highestWall = std::max(highestWall, wall);
        QVERIFY(writer.update(u"units"_s, id, {{u"region"_s, u"R%1"_s.arg(++round)}}).ok());
        const OutboxEntry entry = outbox(store()).last();
        QVERIFY2(entry.hlc > previousHlc,
                 qPrintable(u"round %1: %2 <= %3"_s.arg(round).arg(entry.hlc).arg(previousHlc)));
        QVERIFY(HybridClock::wallMs(entry.hlc) >= highestWall);
        const qint64 updatedAt
            = scalar(store(), u"SELECT updated_at FROM units WHERE id = ?"_s, {id}).toLongLong();
        QVERIFY(updatedAt >= previousUpdatedAt);
        previousHlc = entry.hlc;
        previousUpdatedAt = updatedAt;
    }

    // The clock survives a restart: a store reopened with its wall clock far behind continues.
    reopen();
    m_wallMs = t0 - 3'600'000;
    ChangeWriter afterReopen(store());
    QVERIFY(afterReopen.update(u"units"_s, id, {{u"region"_s, u"after reopen"_s}}).ok());
    QVERIFY(outbox(store()).last().hlc > previousHlc);
}

void tst_ChangeWriter::outboxJsonIsCompactQJson_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QJsonValue>("json");

    QTest::newRow("text") << u"region"_s << QVariant(u"North"_s) << QJsonValue(u"North"_s);
    QTest::newRow("escapes") << u"region"_s << QVariant(u"\"a\\b\"\n\t\r\b\f/"_s)
                             << QJsonValue(u"\"a\\b\"\n\t\r\b\f/"_s);
    const QString control = u"x\x01\x1f"_s + u"y\x7f"_s;
    QTest::newRow("control") << u"region"_s << QVariant(control) << QJsonValue(control);
    QTest::newRow("chinese and emoji")
        << u"region"_s << QVariant(u"华东 🚀"_s) << QJsonValue(u"华东 🚀"_s);
    QTest::newRow("empty") << u"region"_s << QVariant(QString()) << QJsonValue(u""_s);
    QTest::newRow("null") << u"parent_id"_s << QVariant() << QJsonValue(QJsonValue::Null);
    QTest::newRow("int") << u"budget_limit_minor"_s << QVariant(42) << QJsonValue(42);
    QTest::newRow("large") << u"budget_limit_minor"_s << QVariant(qint64(9'007'199'254'740'993))
                           << QJsonValue(qint64(9'007'199'254'740'993));
    QTest::newRow("bool") << u"is_hq"_s << QVariant(true) << QJsonValue(1);
}

// The outbox JSON is written by hand for speed; it must stay what QJsonDocument's compact form
// was (sorted keys, "base" before "value"), byte for byte, for inserts and updates.
void tst_ChangeWriter::outboxJsonIsCompactQJson()
{
    QFETCH(QString, field);
    QFETCH(QVariant, value);
    QFETCH(QJsonValue, json);

    ChangeWriter writer(store());
    const QString id = UuidV7::generate();
    QVariantMap fields {{u"name"_s, u"Unit"_s}, {u"currency"_s, u"CNY"_s}};
    fields.insert(field, value);
    QVERIFY(writer.insert(u"units"_s, id, fields).ok());
    QJsonObject expected;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        expected.insert(
            it.key(),
            QJsonObject {{u"value"_s, it.key() == field ? json : it.value().toJsonValue()},
                         {u"base"_s, 0}});
    }
    const QString inserted
        = scalar(store(), u"SELECT fields FROM outbox ORDER BY device_seq DESC LIMIT 1"_s)
              .toString();
    QCOMPARE(inserted, QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact)));

    // An update after a pull confirmed version 5 of every field (rewrite() writes the field
    // even though its value stays).
    QSqlQuery synced = store().query();
    QVERIFY(synced.exec(u"UPDATE field_versions SET version = 5 WHERE row_id = '%1'"_s.arg(id)));
    QVERIFY(writer.rewrite(u"units"_s, id, {{field, value}, {u"name"_s, u"Renamed"_s}}).ok());
    const QJsonObject expectedUpdate {
        {field, QJsonObject {{u"value"_s, json}, {u"base"_s, 5}}},
        {u"name"_s, QJsonObject {{u"value"_s, u"Renamed"_s}, {u"base"_s, 5}}}};
    const QString updated
        = scalar(store(), u"SELECT fields FROM outbox ORDER BY device_seq DESC LIMIT 1"_s)
              .toString();
    QCOMPARE(updated,
             QString::fromUtf8(QJsonDocument(expectedUpdate).toJson(QJsonDocument::Compact)));
}

QTEST_GUILESS_MAIN(tst_ChangeWriter)
#include "tst_changewriter.moc"
