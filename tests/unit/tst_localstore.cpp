#include "localstore.h"

#include "schema.h"
#include "uuidv7.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(bytes) == bytes.size();
}

// The files SQLite creates beside a database it has touched.
QStringList sidecarFiles(const QString &path)
{
    QStringList found;
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        if (QFile::exists(path + suffix))
            found.append(path + suffix);
    }
    return found;
}

// A plain SQLite connection that bypasses LocalStore, to prepare or inspect files.
class RawConnection
{
public:
    explicit RawConnection(const QString &path, bool readOnly = false)
        : m_name(u"raw-%1"_s.arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        if (readOnly)
            db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        m_open = db.open();
    }
    ~RawConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_open; }
    bool exec(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql);
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_open = false;
};

QVariant scalar(LocalStore &store, const QString &sql)
{
    QSqlQuery q = store.query();
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

} // namespace

class tst_LocalStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void openCreatesLatestSchema();
    void connectionPragmas_data();
    void connectionPragmas();
    void migratesToLatest_data();
    void migratesToLatest();
    void reopenKeepsDataAndDeviceId();
    void newerSchemaRefusedUntouched_data();
    void newerSchemaRefusedUntouched();
    void newerSchemaInUncheckpointedWalRefused();
    void nonSqliteFileRefusedUntouched_data();
    void nonSqliteFileRefusedUntouched();
    void readOnlyOpen();
    void readOnlyMissingFileNotCreated();
    void transactionNestedCallsJoin();
    void transactionFailureRollsBackEverything_data();
    void transactionFailureRollsBackEverything();
    void transactionSqlErrorIsReported();
    void secondConnectionSeesOnlyCommittedData();
    void localSettingRoundTrip_data();
    void localSettingRoundTrip();
    void localSettingFallbackAndOverwrite();
    void checkIntegrity();

private:
    QString storePath(const QString &name = u"profile.sqlite"_s) const
    {
        return m_dir->filePath(name);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_LocalStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LocalStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_LocalStore::cleanup()
{
    m_dir.reset();
}

void tst_LocalStore::openCreatesLatestSchema()
{
    const QString path = storePath();
    QVERIFY(!QFile::exists(path));
    auto opened = LocalStore::open(path);
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    LocalStore &store = *opened.value();

    QCOMPARE(store.path(), path);
    QCOMPARE(store.schemaVersion(), Schema::latestVersion());
    QCOMPARE(scalar(store, u"PRAGMA user_version"_s).toInt(), Schema::latestVersion());
    QVERIFY2(UuidV7::isValid(store.deviceId()), qPrintable(store.deviceId()));
    QVERIFY(!store.sqliteVersion().isEmpty());
    QVERIFY(!store.inTransaction());

    // Every synced table exists with its bookkeeping columns and every declared field.
    for (const Schema::SyncedTable &table : Schema::syncedTables()) {
        QSqlQuery columns = store.query();
        QVERIFY(columns.exec(u"SELECT name FROM pragma_table_info('%1')"_s.arg(table.name)));
        QStringList names;
        while (columns.next())
            names.append(columns.value(0).toString());
        for (const QString &required :
             QStringList {u"id"_s, u"created_at"_s, u"updated_at"_s, u"deleted"_s} + table.fields) {
            QVERIFY2(names.contains(required),
                     qPrintable(u"%1.%2 missing"_s.arg(table.name, required)));
        }
    }
    for (const QString &table : {u"outbox"_s, u"field_versions"_s, u"field_history"_s,
                                 u"device_state"_s, u"local_settings"_s, u"sync_state"_s,
                                 u"audit_log"_s, u"deals_fts"_s, u"customers_fts"_s}) {
        QCOMPARE(scalar(store, u"SELECT count(*) FROM sqlite_master WHERE name = '%1'"_s.arg(table))
                     .toInt(),
                 1);
    }
    // A new store has written nothing to sync yet.
    QCOMPARE(scalar(store, u"SELECT device_seq FROM device_state"_s).toLongLong(), 0);
    QCOMPARE(scalar(store, u"SELECT count(*) FROM outbox"_s).toInt(), 0);
}

void tst_LocalStore::connectionPragmas_data()
{
    QTest::addColumn<QString>("pragma");
    QTest::addColumn<QString>("expected");

    QTest::newRow("journal_mode") << u"journal_mode"_s << u"wal"_s;
    QTest::newRow("foreign_keys") << u"foreign_keys"_s << u"1"_s;
    QTest::newRow("synchronous FULL") << u"synchronous"_s << u"2"_s;
    QTest::newRow("busy_timeout") << u"busy_timeout"_s << u"5000"_s;
    QTest::newRow("secure_delete") << u"secure_delete"_s << u"1"_s;
}

void tst_LocalStore::connectionPragmas()
{
    QFETCH(QString, pragma);
    QFETCH(QString, expected);
    auto opened = LocalStore::open(storePath());
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    QCOMPARE(scalar(*opened.value(), u"PRAGMA "_s + pragma).toString(), expected);
    // And again after reopening an existing store (per-connection settings are reapplied).
    opened = LocalStore::open(storePath());
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    QCOMPARE(scalar(*opened.value(), u"PRAGMA "_s + pragma).toString(), expected);
}

void tst_LocalStore::migratesToLatest_data()
{
    QTest::addColumn<QString>("relativePath");
    QTest::addColumn<int>("startVersion"); // -1: missing file, 0: empty file

    QTest::newRow("missing file") << u"profile.sqlite"_s << -1;
    QTest::newRow("missing file in missing folders") << u"a/b/c/profile.sqlite"_s << -1;
    QTest::newRow("empty file (v0)") << u"profile.sqlite"_s << 0;
    for (int version = 1; version < Schema::latestVersion(); ++version) {
        QTest::addRow("schema %d", version) << u"profile.sqlite"_s << version;
    }
}

void tst_LocalStore::migratesToLatest()
{
    QFETCH(QString, relativePath);
    QFETCH(int, startVersion);
    const QString path = storePath(relativePath);

    QString deviceId;
    if (startVersion == 0) {
        QVERIFY(writeFile(path, {}));
    } else if (startVersion > 0) {
        // A store as an older Outpost left it: the migrations up to startVersion applied.
        RawConnection raw(path);
        QVERIFY(raw.isOpen());
        for (const Schema::Migration &migration : Schema::migrations()) {
            if (migration.version > startVersion)
                break;
            for (const QString &statement : migration.statements)
                QVERIFY2(raw.exec(statement), qPrintable(statement));
        }
        deviceId = UuidV7::generate();
        QVERIFY(
            raw.exec(u"INSERT INTO device_state (id, device_id) VALUES (1, '%1')"_s.arg(deviceId)));
        QVERIFY(raw.exec(u"INSERT INTO units (id, name, created_at, updated_at) VALUES "
                         u"('kept', 'Data from before', 1, 1)"_s));
        QVERIFY(raw.exec(u"PRAGMA user_version = %1"_s.arg(startVersion)));
    }
    QCOMPARE(LocalStore::fileSchemaVersion(path).value(), std::max(startVersion, 0));

    {
        auto opened = LocalStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(opened.error().message));
        LocalStore &store = *opened.value();
        QCOMPARE(store.schemaVersion(), Schema::latestVersion());
        QVERIFY(UuidV7::isValid(store.deviceId()));
        if (!deviceId.isEmpty()) {
            // An existing store keeps its identity and its data.
            QCOMPARE(store.deviceId(), deviceId);
            QCOMPARE(scalar(store, u"SELECT name FROM units WHERE id = 'kept'"_s).toString(),
                     u"Data from before"_s);
        }
        QVERIFY(store.checkIntegrity().ok());
        QVERIFY(store.setLocalSetting(u"probe"_s, u"written"_s).ok());
    }
    // The header SQLite writes on checkpoint carries the new version.
    QCOMPARE(LocalStore::fileSchemaVersion(path).value(), Schema::latestVersion());
}

void tst_LocalStore::reopenKeepsDataAndDeviceId()
{
    const QString path = storePath();
    QString deviceId;
    {
        auto opened = LocalStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(opened.error().message));
        LocalStore &store = *opened.value();
        deviceId = store.deviceId();
        QVERIFY(store.setLocalSetting(u"current_user_id"_s, u"someone"_s).ok());
        QSqlQuery insert = store.query();
        QVERIFY(insert.exec(u"INSERT INTO units (id, name, created_at, updated_at) "
                            u"VALUES ('u1', 'East', 1, 1)"_s));
    }
    for (int round = 0; round < 3; ++round) {
        auto opened = LocalStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(opened.error().message));
        LocalStore &store = *opened.value();
        QCOMPARE(store.deviceId(), deviceId);
        QCOMPARE(store.localSetting(u"current_user_id"_s), u"someone"_s);
        QCOMPARE(scalar(store, u"SELECT name FROM units WHERE id = 'u1'"_s).toString(), u"East"_s);
        QCOMPARE(scalar(store, u"SELECT count(*) FROM device_state"_s).toInt(), 1);
        QCOMPARE(store.schemaVersion(), Schema::latestVersion());
    }
}

void tst_LocalStore::newerSchemaRefusedUntouched_data()
{
    QTest::addColumn<bool>("outpostStore");
    QTest::addColumn<int>("version");

    QTest::newRow("bare database, next version") << false << Schema::latestVersion() + 1;
    QTest::newRow("outpost store, next version") << true << Schema::latestVersion() + 1;
    QTest::newRow("outpost store, far future") << true << Schema::latestVersion() + 100;
    QTest::newRow("outpost store, largest version") << true << 0x7fffffff;
}

void tst_LocalStore::newerSchemaRefusedUntouched()
{
    QFETCH(bool, outpostStore);
    QFETCH(int, version);
    const QString path = storePath();

    if (outpostStore) {
        auto opened = LocalStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(opened.error().message));
        QVERIFY(opened.value()->setLocalSetting(u"k"_s, u"v"_s).ok());
    }
    {
        RawConnection raw(path);
        QVERIFY(raw.isOpen());
        if (!outpostStore)
            QVERIFY(raw.exec(u"CREATE TABLE things_from_the_future (x)"_s));
        QVERIFY(raw.exec(u"PRAGMA user_version = %1"_s.arg(version)));
    }
    QCOMPARE(sidecarFiles(path), QStringList()); // the precondition: a cleanly closed file
    const QByteArray before = fileHash(path);
    QVERIFY(!before.isEmpty());
    QCOMPARE(LocalStore::fileSchemaVersion(path).value(), version);

    for (const LocalStore::OpenMode mode :
         {LocalStore::OpenMode::ReadWrite, LocalStore::OpenMode::ReadOnly}) {
        auto opened = LocalStore::open(path, mode);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::NewerSchema);
        QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
        QVERIFY(opened.error().message.contains(QString::number(version)));
    }
    QCOMPARE(fileHash(path), before);
    QCOMPARE(sidecarFiles(path), QStringList());
}

void tst_LocalStore::newerSchemaInUncheckpointedWalRefused()
{
    // A newer Outpost migrated the store and was killed before SQLite checkpointed its WAL: the
    // file header still shows the old version, the WAL holds the new one. Opening must read the
    // version through SQLite and refuse, not "migrate" the store back to an older version.
    const QString original = storePath(u"original.sqlite"_s);
    const QString path = storePath();
    const int newer = Schema::latestVersion() + 1;
    {
        auto opened = LocalStore::open(original);
        QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    }
    {
        RawConnection raw(original);
        QVERIFY(raw.isOpen());
        QVERIFY(raw.exec(u"PRAGMA wal_autocheckpoint = 0"_s));
        QVERIFY(raw.exec(u"CREATE TABLE things_from_the_future (x)"_s));
        QVERIFY(raw.exec(u"INSERT INTO things_from_the_future VALUES (42)"_s));
        QVERIFY(raw.exec(u"PRAGMA user_version = %1"_s.arg(newer)));
        // Copy while the WAL is live: the state a crash leaves behind.
        QVERIFY(QFile::exists(original + u"-wal"_s));
        QVERIFY(QFile::copy(original, path));
        QVERIFY(QFile::copy(original + u"-wal"_s, path + u"-wal"_s));
    }
    QCOMPARE(LocalStore::fileSchemaVersion(path).value(), Schema::latestVersion());

    auto opened = LocalStore::open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::NewerSchema);

    RawConnection check(path, true);
    QVERIFY(check.isOpen());
    QCOMPARE(check.value(u"PRAGMA user_version"_s).toInt(), newer);
    QCOMPARE(check.value(u"SELECT x FROM things_from_the_future"_s).toInt(), 42);
}

void tst_LocalStore::nonSqliteFileRefusedUntouched_data()
{
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("a few bytes") << QByteArray("not a db");
    QTest::newRow("text file") << QByteArray("name,phone\nAcme,123\n").repeated(300);
    QByteArray random(8192, Qt::Uninitialized);
    QRandomGenerator generator(20240611);
    for (char &byte : random)
        byte = char(generator.bounded(256));
    QTest::newRow("random bytes") << random;
    QTest::newRow("zero bytes page") << QByteArray(4096, '\0');
    QTest::newRow("SQLite magic, garbage after")
        << QByteArray("SQLite format 3", 16) + QByteArray(4080, '\xab');
}

void tst_LocalStore::nonSqliteFileRefusedUntouched()
{
    QFETCH(QByteArray, bytes);
    const QString path = storePath();
    QVERIFY(writeFile(path, bytes));
    const QByteArray before = fileHash(path);

    for (const LocalStore::OpenMode mode :
         {LocalStore::OpenMode::ReadWrite, LocalStore::OpenMode::ReadOnly}) {
        auto opened = LocalStore::open(path, mode);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::Corrupt);
        // Clear: the user is told which file is not a store.
        QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
    }
    QCOMPARE(fileHash(path), before);
    QCOMPARE(sidecarFiles(path), QStringList());
    QCOMPARE(QFile(path).size(), bytes.size());
}

void tst_LocalStore::readOnlyOpen()
{
    const QString path = storePath();
    QString deviceId;
    {
        auto opened = LocalStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(opened.error().message));
        deviceId = opened.value()->deviceId();
        QVERIFY(opened.value()->setLocalSetting(u"k"_s, u"v"_s).ok());
    }
    const QByteArray before = fileHash(path);

    auto opened = LocalStore::open(path, LocalStore::OpenMode::ReadOnly);
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    LocalStore &store = *opened.value();
    QCOMPARE(store.deviceId(), deviceId);
    QCOMPARE(store.schemaVersion(), Schema::latestVersion());
    QCOMPARE(store.localSetting(u"k"_s), u"v"_s);
    QVERIFY(store.checkIntegrity().ok());

    // Writes are refused and change nothing.
    const Result<void> written = store.setLocalSetting(u"k"_s, u"changed"_s);
    QVERIFY(!written.ok());
    QVERIFY(!written.error().message.isEmpty());
    const Result<void> inTransaction = store.transaction(
        [&]() -> Result<void> { return store.setLocalSetting(u"other"_s, u"x"_s); });
    QVERIFY(!inTransaction.ok());
    QCOMPARE(store.localSetting(u"k"_s), u"v"_s);
    QCOMPARE(store.localSetting(u"other"_s, u"absent"_s), u"absent"_s);
    opened = Error {};
    QCOMPARE(fileHash(path), before);
}

void tst_LocalStore::readOnlyMissingFileNotCreated()
{
    const QString path = storePath(u"nowhere/profile.sqlite"_s);
    auto opened = LocalStore::open(path, LocalStore::OpenMode::ReadOnly);
    QVERIFY(!opened.ok());
    QVERIFY(!opened.error().message.isEmpty());
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QDir(m_dir->filePath(u"nowhere"_s)).exists());
}

void tst_LocalStore::transactionNestedCallsJoin()
{
    auto opened = LocalStore::open(storePath());
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    LocalStore &store = *opened.value();
    auto reader = LocalStore::open(storePath());
    QVERIFY2(reader.ok(), qPrintable(reader.error().message));

    bool innerRan = false;
    const Result<void> done = store.transaction([&]() -> Result<void> {
        if (!store.inTransaction())
            return Error {ErrorCode::Conflict, u"outer not in transaction"_s};
        if (Result<void> r = store.setLocalSetting(u"outer"_s, u"1"_s); !r)
            return r;
        const Result<void> inner = store.transaction([&]() -> Result<void> {
            innerRan = true;
            return store.setLocalSetting(u"inner"_s, u"2"_s);
        });
        if (!inner)
            return inner;
        // Still one open transaction: another connection sees nothing yet.
        if (!store.inTransaction())
            return Error {ErrorCode::Conflict, u"inner commit ended the outer transaction"_s};
        if (reader.value()->localSetting(u"inner"_s, u"unseen"_s) != u"unseen"_s)
            return Error {ErrorCode::Conflict, u"inner transaction committed early"_s};
        return {};
    });
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    QVERIFY(innerRan);
    QVERIFY(!store.inTransaction());
    QCOMPARE(reader.value()->localSetting(u"outer"_s), u"1"_s);
    QCOMPARE(reader.value()->localSetting(u"inner"_s), u"2"_s);
}

void tst_LocalStore::transactionFailureRollsBackEverything_data()
{
    QTest::addColumn<bool>("innerFails");
    QTest::addColumn<bool>("outerPropagates");
    QTest::addColumn<bool>("outerFailsAfterwards");
    QTest::addColumn<ErrorCode>("expectedCode");

    QTest::newRow("inner fails, outer propagates")
        << true << true << false << ErrorCode::InvalidArgument;
    QTest::newRow("inner fails, outer ignores it") << true << false << false << ErrorCode::Conflict;
    QTest::newRow("outer fails after inner succeeded")
        << false << true << true << ErrorCode::NotFound;
}

void tst_LocalStore::transactionFailureRollsBackEverything()
{
    QFETCH(bool, innerFails);
    QFETCH(bool, outerPropagates);
    QFETCH(bool, outerFailsAfterwards);
    QFETCH(ErrorCode, expectedCode);

    auto opened = LocalStore::open(storePath());
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    LocalStore &store = *opened.value();
    QVERIFY(store.setLocalSetting(u"kept"_s, u"before"_s).ok());

    const Result<void> done = store.transaction([&]() -> Result<void> {
        if (Result<void> r = store.setLocalSetting(u"outer"_s, u"1"_s); !r)
            return r;
        if (Result<void> r = store.setLocalSetting(u"kept"_s, u"overwritten"_s); !r)
            return r;
        const Result<void> inner = store.transaction([&]() -> Result<void> {
            if (Result<void> r = store.setLocalSetting(u"inner"_s, u"2"_s); !r)
                return r;
            if (innerFails)
                return Error {ErrorCode::InvalidArgument, u"inner failed"_s};
            return {};
        });
        if (!inner && outerPropagates)
            return inner;
        if (outerFailsAfterwards)
            return Error {ErrorCode::NotFound, u"outer failed"_s};
        return {};
    });
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, expectedCode);
    QVERIFY(!done.error().message.isEmpty());
    QVERIFY(!store.inTransaction());

    QCOMPARE(store.localSetting(u"outer"_s, u"absent"_s), u"absent"_s);
    QCOMPARE(store.localSetting(u"inner"_s, u"absent"_s), u"absent"_s);
    QCOMPARE(store.localSetting(u"kept"_s), u"before"_s);

    // The store stays usable: the next transaction commits normally.
    const Result<void> next = store.transaction(
        [&]() -> Result<void> { return store.setLocalSetting(u"after"_s, u"3"_s); });
    QVERIFY2(next.ok(), qPrintable(next.error().message));
    opened = LocalStore::open(storePath());
    QVERIFY(opened.ok());
    QCOMPARE(opened.value()->localSetting(u"after"_s), u"3"_s);
    QCOMPARE(opened.value()->localSetting(u"kept"_s), u"before"_s);
}

void tst_LocalStore::transactionSqlErrorIsReported()
{
    auto opened = LocalStore::open(storePath());
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    LocalStore &store = *opened.value();
    const Result<void> done = store.transaction([&]() -> Result<void> {
        if (Result<void> r = store.setLocalSetting(u"k"_s, u"v"_s); !r)
            return r;
        QSqlQuery q = store.query();
        if (!q.exec(u"INSERT INTO units (id) VALUES ('missing not-null columns')"_s))
            return LocalStore::sqlError(q);
        return {};
    });
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::Sql);
    QVERIFY(done.error().message.contains(u"NOT NULL"_s, Qt::CaseInsensitive));
    QCOMPARE(store.localSetting(u"k"_s, u"absent"_s), u"absent"_s);
}

void tst_LocalStore::secondConnectionSeesOnlyCommittedData()
{
    // WAL: a reader on its own connection (as another thread would have) keeps reading while
    // a writer holds a transaction, and sees the change once committed.
    auto writer = LocalStore::open(storePath());
    QVERIFY2(writer.ok(), qPrintable(writer.error().message));
    auto reader = LocalStore::open(storePath());
    QVERIFY2(reader.ok(), qPrintable(reader.error().message));
    QCOMPARE(reader.value()->deviceId(), writer.value()->deviceId());

    const Result<void> done = writer.value()->transaction([&]() -> Result<void> {
        if (Result<void> r = writer.value()->setLocalSetting(u"k"_s, u"v"_s); !r)
            return r;
        if (reader.value()->localSetting(u"k"_s, u"unseen"_s) != u"unseen"_s)
            return Error {ErrorCode::Conflict, u"uncommitted data visible"_s};
        return {};
    });
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    QCOMPARE(reader.value()->localSetting(u"k"_s), u"v"_s);
}

void tst_LocalStore::localSettingRoundTrip_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");

    QTest::newRow("plain") << u"current_user_id"_s << u"0190b2a4-1c2d-7e3f-8a9b-0c1d2e3f4a5b"_s;
    QTest::newRow("chinese") << u"window/title"_s << u"上海华信科技有限公司"_s;
    QTest::newRow("empty value") << u"empty"_s << QString();
    QTest::newRow("quotes and sql") << u"k'\""_s << u"'); DROP TABLE units; --"_s;
    QTest::newRow("emoji") << u"emoji"_s << u"👍🏽 done"_s;
    QTest::newRow("long") << u"long"_s << QString(100'000, u'x');
}

void tst_LocalStore::localSettingRoundTrip()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    {
        auto opened = LocalStore::open(storePath());
        QVERIFY2(opened.ok(), qPrintable(opened.error().message));
        QVERIFY(opened.value()->setLocalSetting(key, value).ok());
        QCOMPARE(opened.value()->localSetting(key, u"fallback"_s), value);
    }
    auto opened = LocalStore::open(storePath());
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    QCOMPARE(opened.value()->localSetting(key, u"fallback"_s), value);
    QCOMPARE(scalar(*opened.value(), u"SELECT count(*) FROM units"_s).toInt(), 0);
    // Local settings never reach the outbox.
    QCOMPARE(scalar(*opened.value(), u"SELECT count(*) FROM outbox"_s).toInt(), 0);
}

void tst_LocalStore::localSettingFallbackAndOverwrite()
{
    auto opened = LocalStore::open(storePath());
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    LocalStore &store = *opened.value();
    QCOMPARE(store.localSetting(u"missing"_s), QString());
    QCOMPARE(store.localSetting(u"missing"_s, u"fallback"_s), u"fallback"_s);
    QVERIFY(store.setLocalSetting(u"k"_s, u"first"_s).ok());
    QVERIFY(store.setLocalSetting(u"k"_s, u"second"_s).ok());
    QCOMPARE(store.localSetting(u"k"_s), u"second"_s);
    QCOMPARE(scalar(store, u"SELECT count(*) FROM local_settings WHERE key = 'k'"_s).toInt(), 1);
    QCOMPARE(store.localSetting(u"K"_s, u"keys are case-sensitive"_s),
             u"keys are case-sensitive"_s);
}

void tst_LocalStore::checkIntegrity()
{
    auto opened = LocalStore::open(storePath());
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    LocalStore &store = *opened.value();
    QVERIFY(store.checkIntegrity().ok());
    for (int i = 0; i < 200; ++i)
        QVERIFY(store.setLocalSetting(u"key %1"_s.arg(i), QString(i * 10, u'v')).ok());
    const Result<void> checked = store.checkIntegrity();
    QVERIFY2(checked.ok(), qPrintable(checked.error().message));
}

QTEST_GUILESS_MAIN(tst_LocalStore)
#include "tst_localstore.moc"
