#include "sqlstatement.h"

#include "localstore.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

class tst_SqlStatement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void bindsValuesAsQtSqlDid_data();
    void bindsValuesAsQtSqlDid();
    void textOutlivesTheCallersString();
    void rowsAndReuse();
    void errorsCarrySqliteMessage();
    void storeCachesAndRewinds();
    void commitRewindsReadingStatements();

private:
    LocalStore &store() { return *m_store; }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
};

void tst_SqlStatement::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_SqlStatement::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"profile.sqlite"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    QSqlQuery q = store().query();
    QVERIFY(q.exec(u"CREATE TABLE t (v, w TEXT NOT NULL DEFAULT '' CHECK (length(w) < 10))"_s));
}

void tst_SqlStatement::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void tst_SqlStatement::bindsValuesAsQtSqlDid_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("text");

    QTest::newRow("text") << QVariant(u"North"_s) << u"text"_s << u"North"_s;
    QTest::newRow("chinese text") << QVariant(u"华信科技"_s) << u"text"_s << u"华信科技"_s;
    QTest::newRow("emoji") << QVariant(u"🚀 go"_s) << u"text"_s << u"🚀 go"_s;
    QTest::newRow("null QString is empty text") << QVariant(QString()) << u"text"_s << QString();
    QTest::newRow("invalid is NULL") << QVariant() << u"null"_s << QString();
    QTest::newRow("int") << QVariant(42) << u"integer"_s << u"42"_s;
    QTest::newRow("large") << QVariant(qint64(100'000'000'000'000)) << u"integer"_s
                           << u"100000000000000"_s;
    QTest::newRow("negative") << QVariant(qint64(-7)) << u"integer"_s << u"-7"_s;
    QTest::newRow("bool") << QVariant(true) << u"integer"_s << u"1"_s;
    QTest::newRow("double") << QVariant(2.5) << u"real"_s << u"2.5"_s;
    QTest::newRow("bytes") << QVariant(QByteArray("\x01\x02", 2)) << u"blob"_s << QString();
}

void tst_SqlStatement::bindsValuesAsQtSqlDid()
{
    QFETCH(QVariant, value);
    QFETCH(QString, type);
    QFETCH(QString, text);

    SqlStatement &insert = store().statement(u"INSERT INTO t (v) VALUES (?)"_s);
    QVERIFY(insert.bind(value).exec());
    SqlStatement &read = store().statement(u"SELECT typeof(v), v FROM t"_s);
    QVERIFY(read.next());
    QCOMPARE(read.text(0), type);
    QCOMPARE(read.isNull(1), type == u"null"_s);
    if (type == u"blob"_s)
        QCOMPARE(read.value(1).toByteArray(), value.toByteArray());
    else
        QCOMPARE(read.text(1), text);
    // value() gives what QSqlQuery::value() gave for the same column.
    QSqlQuery q = store().query();
    QVERIFY(q.exec(u"SELECT v FROM t"_s) && q.next());
    QCOMPARE(read.value(1).isNull(), q.value(0).isNull());
    if (!q.value(0).isNull())
        QCOMPARE(read.value(1).toString(), q.value(0).toString());
    QVERIFY(!read.next());
}

void tst_SqlStatement::textOutlivesTheCallersString()
{
    SqlStatement &insert = store().statement(u"INSERT INTO t (v, w) VALUES (?, ?)"_s);
    {
        QString first = u"a longer text than the second"_s;
        insert.bind(first);
        first.fill(u'x');
    }
    insert.bind(QString(u"short"_s)); // a temporary, gone before exec()
    QVERIFY(insert.exec());
    // The same parameter again, shorter: the buffer is reused, the length is the new one.
    insert.reset();
    QVERIFY(insert.bind(u"b"_s).bind(u"c"_s).exec());
    QSqlQuery q = store().query();
    QVERIFY(q.exec(u"SELECT v || '|' || w FROM t ORDER BY rowid"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"a longer text than the second|short"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"b|c"_s);
}

void tst_SqlStatement::rowsAndReuse()
{
    for (int i = 0; i < 5; ++i) {
        SqlStatement &insert = store().statement(u"INSERT INTO t (v) VALUES (?)"_s);
        QVERIFY(insert.bind(i).exec());
        QCOMPARE(insert.changes(), 1);
    }
    SqlStatement &read = store().statement(u"SELECT v FROM t WHERE v >= ? ORDER BY v"_s);
    read.bind(2);
    QList<qint64> seen;
    while (read.next())
        seen.append(read.int64(0));
    QVERIFY(!read.failed());
    QCOMPARE(seen, (QList<qint64> {2, 3, 4}));
    // Reset and bound again, it runs again.
    read.reset();
    read.bind(4);
    QVERIFY(read.next());
    QCOMPARE(read.int64(0), 4);
    QVERIFY(read.isActive());
    read.reset();
    QVERIFY(!read.isActive());
}

void tst_SqlStatement::errorsCarrySqliteMessage()
{
    SqlStatement &insert = store().statement(u"INSERT INTO t (v, w) VALUES (?, ?)"_s);
    QVERIFY(!insert.bind(1).bind(u"far too long for the check"_s).exec());
    QVERIFY(insert.failed());
    QVERIFY2(insert.errorText().contains(u"CHECK constraint failed"_s),
             qPrintable(insert.errorText()));
    const Error error = LocalStore::sqlError(insert);
    QCOMPARE(error.code, ErrorCode::Sql);
    QVERIFY(error.message.contains(insert.errorText()));
    // The statement is usable again after the failure.
    insert.reset();
    QVERIFY(insert.bind(1).bind(u"ok"_s).exec());
    QVERIFY(!insert.failed());

    SqlStatement &broken = store().statement(u"SELECT nope FROM nowhere"_s);
    QVERIFY(!broken.isValid());
    QVERIFY(!broken.next());
    QVERIFY(broken.failed());
    QVERIFY2(broken.errorText().contains(u"no such table"_s), qPrintable(broken.errorText()));
}

void tst_SqlStatement::storeCachesAndRewinds()
{
    SqlStatement &first = store().statement(u"SELECT 1 UNION ALL SELECT 2"_s);
    QVERIFY(first.next());
    QCOMPARE(first.int64(0), 1);
    // Asking again hands out the same statement, rewound: it starts from the first row.
    SqlStatement &again = store().statement(u"SELECT 1 UNION ALL SELECT 2"_s);
    QCOMPARE(&again, &first);
    QVERIFY(again.next());
    QCOMPARE(again.int64(0), 1);

    // A statement that failed to prepare is prepared again once its table exists.
    QVERIFY(!store().statement(u"SELECT count(*) FROM later"_s).isValid());
    QSqlQuery q = store().query();
    QVERIFY(q.exec(u"CREATE TABLE later (x)"_s));
    SqlStatement &now = store().statement(u"SELECT count(*) FROM later"_s);
    QVERIFY(now.isValid());
    QVERIFY(now.next());
    QCOMPARE(now.int64(0), 0);
}

void tst_SqlStatement::commitRewindsReadingStatements()
{
    SqlStatement *reading = nullptr;
    const Result<void> done = store().transaction([&]() -> Result<void> {
        SqlStatement &insert = store().statement(u"INSERT INTO t (v) VALUES (?)"_s);
        for (int i = 0; i < 3; ++i) {
            if (!insert.bind(i).exec())
                return LocalStore::sqlError(insert);
            insert.reset();
        }
        reading = &store().statement(u"SELECT v FROM t"_s);
        reading->next(); // left part way through its rows
        return {};
    });
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    QVERIFY(reading && !reading->isActive());
    // Another connection sees the commit (no transaction was left open by the reader).
    auto other = LocalStore::open(store().path(), LocalStore::OpenMode::ReadOnly);
    QVERIFY(other.ok());
    QSqlQuery q = other.value()->query();
    QVERIFY(q.exec(u"SELECT count(*) FROM t"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 3);
}

QTEST_GUILESS_MAIN(tst_SqlStatement)
#include "tst_sqlstatement.moc"
