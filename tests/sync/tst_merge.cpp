#include "merge.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

// A deal on the server: title written at version 10, amount at 20, stage at 30.
QVariantMap serverDeal()
{
    return {{u"title"_s, u"Server title"_s},
            {u"amount_minor"_s, qint64(750000)},
            {u"stage_id"_s, u"stage-b"_s},
            {u"notes"_s, u""_s}};
}

QMap<QString, qint64> serverVersions()
{
    return {{u"title"_s, 10}, {u"amount_minor"_s, 20}, {u"stage_id"_s, 30}};
}

const QStringList dealCritical = {u"stage_id"_s, u"amount_minor"_s, u"owner_id"_s, u"status"_s};

using Fields = QMap<QString, Protocol::FieldChange>;

} // namespace

Q_DECLARE_METATYPE(Fields)

class tst_Merge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decide_data();
    void decide();
    void discardedValuesAreKeptForHistory();
    void ownEarlierWriteIsNoConflict();
};

void tst_Merge::decide_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<bool>("rowExists");
    QTest::addColumn<bool>("rowDeleted");
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QStringList>("written");
    QTest::addColumn<QStringList>("conflicts"); // "field:kept"
    QTest::addColumn<int>("setDeleted"); // -1: unchanged, 0 / 1: the new flag
    QTest::addColumn<bool>("insertRow");

    QTest::newRow("insert new row")
        << u"insert"_s << false << false
        << Fields {{u"title"_s, {u"New"_s, 0}}, {u"amount_minor"_s, {qint64(5), 0}}} << u"applied"_s
        << QStringList {u"amount_minor"_s, u"title"_s} << QStringList {} << -1 << true;
    QTest::newRow("update on current base")
        << u"update"_s << true << false << Fields {{u"title"_s, {u"Mine"_s, 10}}} << u"applied"_s
        << QStringList {u"title"_s} << QStringList {} << -1 << false;
    QTest::newRow("update on newer base than server")
        << u"update"_s << true << false << Fields {{u"notes"_s, {u"n"_s, 99}}} << u"applied"_s
        << QStringList {u"notes"_s} << QStringList {} << -1 << false;
    QTest::newRow("ordinary field conflict: last writer wins")
        << u"update"_s << true << false << Fields {{u"title"_s, {u"Mine"_s, 9}}} << u"merged"_s
        << QStringList {u"title"_s} << QStringList {u"title:client"_s} << -1 << false;
    QTest::newRow("critical field conflict: server wins")
        << u"update"_s << true << false << Fields {{u"amount_minor"_s, {qint64(500000), 19}}}
        << u"merged"_s << QStringList {} << QStringList {u"amount_minor:server"_s} << -1 << false;
    QTest::newRow("critical field not in conflict")
        << u"update"_s << true << false << Fields {{u"stage_id"_s, {u"stage-c"_s, 30}}}
        << u"applied"_s << QStringList {u"stage_id"_s} << QStringList {} << -1 << false;
    QTest::newRow("equal values are no conflict")
        << u"update"_s << true << false << Fields {{u"amount_minor"_s, {qint64(750000), 0}}}
        << u"applied"_s << QStringList {} << QStringList {} << -1 << false;
    QTest::newRow("integer and text compare by value")
        << u"update"_s << true << false << Fields {{u"amount_minor"_s, {u"750000"_s, 0}}}
        << u"applied"_s << QStringList {} << QStringList {} << -1 << false;
    QTest::newRow("null versus empty text differ")
        << u"update"_s << true << false << Fields {{u"notes"_s, {QVariant(), 0}}} << u"applied"_s
        << QStringList {u"notes"_s} << QStringList {} << -1 << false;
    QTest::newRow("mixed: one critical lost, one ordinary won, one clean")
        << u"update"_s << true << false
        << Fields {{u"stage_id"_s, {u"stage-a"_s, 29}},
                   {u"title"_s, {u"Mine"_s, 0}},
                   {u"notes"_s, {u"n"_s, 0}}}
        << u"merged"_s << QStringList {u"notes"_s, u"title"_s}
        << QStringList {u"stage_id:server"_s, u"title:client"_s} << -1 << false;
    QTest::newRow("insert of an existing id merges as update")
        << u"insert"_s << true << false << Fields {{u"amount_minor"_s, {qint64(1), 0}}}
        << u"merged"_s << QStringList {} << QStringList {u"amount_minor:server"_s} << -1 << false;
    QTest::newRow("update of a missing row inserts it")
        << u"update"_s << false << false << Fields {{u"title"_s, {u"T"_s, 3}}} << u"applied"_s
        << QStringList {u"title"_s} << QStringList {} << -1 << true;
    QTest::newRow("delete wins over edit")
        << u"update"_s << true << true << Fields {{u"title"_s, {u"Mine"_s, 10}}} << u"merged"_s
        << QStringList {} << QStringList {u"deleted:server"_s} << -1 << false;
    QTest::newRow("delete a live row") << u"delete"_s << true << false << Fields {} << u"applied"_s
                                       << QStringList {} << QStringList {} << 1 << false;
    QTest::newRow("delete twice") << u"delete"_s << true << true << Fields {} << u"applied"_s
                                  << QStringList {} << QStringList {} << -1 << false;
    QTest::newRow("delete unknown row")
        << u"delete"_s << false << false << Fields {} << u"applied"_s << QStringList {}
        << QStringList {} << -1 << false;
    QTest::newRow("undelete recovers") << u"undelete"_s << true << true << Fields {} << u"applied"_s
                                       << QStringList {} << QStringList {} << 0 << false;
    QTest::newRow("undelete a live row")
        << u"undelete"_s << true << false << Fields {} << u"applied"_s << QStringList {}
        << QStringList {} << -1 << false;
}

void tst_Merge::decide()
{
    QFETCH(QString, op);
    QFETCH(bool, rowExists);
    QFETCH(bool, rowDeleted);
    QFETCH(Fields, fields);
    QFETCH(QString, status);
    QFETCH(QStringList, written);
    QFETCH(QStringList, conflicts);
    QFETCH(int, setDeleted);
    QFETCH(bool, insertRow);

    Merge::Input input;
    input.op = op;
    input.fields = fields;
    input.rowExists = rowExists;
    input.rowDeleted = rowDeleted;
    if (rowExists) {
        input.serverValues = serverDeal();
        input.serverVersions = serverVersions();
    }
    input.criticalFields = dealCritical;

    const Merge::Outcome outcome = Merge::decide(input);
    QCOMPARE(outcome.status, status);
    QCOMPARE(outcome.writes.keys(), written);
    QStringList actualConflicts;
    for (const Protocol::Conflict &conflict : outcome.conflicts)
        actualConflicts.append(conflict.field + u':' + conflict.kept);
    actualConflicts.sort();
    QCOMPARE(actualConflicts, conflicts);
    QCOMPARE(outcome.setDeleted.has_value() ? int(*outcome.setDeleted) : -1, setDeleted);
    QCOMPARE(outcome.insertRow, insertRow);
    for (const QString &field : written)
        QCOMPARE(outcome.writes.value(field), fields.value(field).value);
}

void tst_Merge::discardedValuesAreKeptForHistory()
{
    Merge::Input input;
    input.op = u"update"_s;
    input.fields = {{u"amount_minor"_s, {qint64(500000), 1}}};
    input.rowExists = true;
    input.serverValues = serverDeal();
    input.serverVersions = serverVersions();
    input.criticalFields = dealCritical;
    const Merge::Outcome outcome = Merge::decide(input);
    QCOMPARE(outcome.discarded.value(u"amount_minor"_s).toLongLong(), 500000);
    QCOMPARE(outcome.conflicts.at(0).clientValue.toLongLong(), 500000);
    QCOMPARE(outcome.conflicts.at(0).serverValue.toLongLong(), 750000);
}

void tst_Merge::ownEarlierWriteIsNoConflict()
{
    // Created offline, then moved to another stage before the first push: both ops carry base
    // 0, and the second must not lose against the first.
    Merge::Input input;
    input.op = u"update"_s;
    input.fields = {{u"stage_id"_s, {u"stage-c"_s, 0}}, {u"amount_minor"_s, {qint64(1), 0}}};
    input.rowExists = true;
    input.serverValues = serverDeal();
    input.serverVersions = serverVersions();
    input.ownFields = {u"stage_id"_s};
    input.criticalFields = dealCritical;
    const Merge::Outcome outcome = Merge::decide(input);
    QCOMPARE(outcome.writes.value(u"stage_id"_s).toString(), u"stage-c"_s);
    QCOMPARE(outcome.conflicts.size(), 1); // amount_minor was written by someone else
    QCOMPARE(outcome.conflicts.at(0).field, u"amount_minor"_s);
}

QTEST_GUILESS_MAIN(tst_Merge)
#include "tst_merge.moc"
