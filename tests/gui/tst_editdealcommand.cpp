#include "changewriter.h"
#include "dealrepository.h"
#include "editdealcommand.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace Outpost;

class TestEditDealCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void remembersSideEffectFields();
    void undoAndRedoRestoreExactRows();
    void statusChangeUndoesClosedTime();
    void text_data();
    void text();
    void failedFirstApplyIsDropped();
    void failedUndoKeepsTheStackConsistent();
    void failedRedoKeepsTheStackConsistent();

private:
    QString insert(const QString &table, const QVariantMap &fields);
    QVariantMap row() const;
    int outboxCount() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    qint64 m_now = 0;
    QString m_unitId;
    QString m_repId;
    QString m_qualifiedId;
    QString m_proposalId;
    QString m_dealId;
};

QString TestEditDealCommand::insert(const QString &table, const QVariantMap &fields)
{
    const QString id = UuidV7::generate();
    const Result<void> done = ChangeWriter(*m_store).insert(table, id, fields);
    if (!done)
        qWarning("%s", qPrintable(done.error().message));
    return done ? id : QString();
}

void TestEditDealCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"store.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_now = QDateTime(QDate(2026, 3, 2), QTime(10, 0)).toMSecsSinceEpoch();
    m_store->setWallClock([this] { return m_now; });

    m_unitId = insert(u"units"_s, {{u"name"_s, u"East"_s}});
    m_repId = insert(u"users"_s,
                     {{u"name"_s, u"Li Na"_s}, {u"role"_s, u"rep"_s}, {u"unit_id"_s, m_unitId}});
    m_qualifiedId = insert(u"stages"_s,
                           {{u"unit_id"_s, m_unitId},
                            {u"name"_s, u"Qualified"_s},
                            {u"position"_s, 1},
                            {u"win_probability"_s, 20}});
    m_proposalId = insert(u"stages"_s,
                          {{u"unit_id"_s, m_unitId},
                           {u"name"_s, u"Proposal"_s},
                           {u"position"_s, 2},
                           {u"win_probability"_s, 50}});
    Deal deal;
    deal.title = u"Store rollout"_s;
    deal.unitId = m_unitId;
    deal.ownerId = m_repId;
    deal.stageId = m_qualifiedId;
    deal.amountMinor = 500'00;
    deal.probability = 20;
    const Result<QString> created = DealRepository(*m_store, m_repId).create(deal);
    QVERIFY2(created.ok(), qPrintable(created.error().message));
    m_dealId = created.value();
    m_now += 86'400'000;
}

void TestEditDealCommand::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QVariantMap TestEditDealCommand::row() const
{
    QSqlQuery q = m_store->query();
    q.prepare(u"SELECT * FROM deals WHERE id = ?"_s);
    q.addBindValue(m_dealId);
    QVariantMap values;
    if (!q.exec() || !q.next())
        return values;
    const QSqlRecord record = q.record();
    for (int i = 0; i < record.count(); ++i) {
        if (record.fieldName(i) != u"updated_at"_s)
            values.insert(record.fieldName(i), q.value(i));
    }
    return values;
}

int TestEditDealCommand::outboxCount() const
{
    QSqlQuery q = m_store->query();
    return q.exec(u"SELECT count(*) FROM outbox"_s) && q.next() ? q.value(0).toInt() : -1;
}

void TestEditDealCommand::remembersSideEffectFields()
{
    EditDealCommand command(*m_store, m_dealId, m_repId, {{u"stage_id"_s, m_proposalId}});
    const QVariantMap before = command.before();
    QCOMPARE(before.keys(), (QStringList {u"probability"_s, u"stage_entered_at"_s, u"stage_id"_s}));
    QCOMPARE(before.value(u"stage_id"_s).toString(), m_qualifiedId);
    QCOMPARE(before.value(u"probability"_s).toInt(), 20);
    QVERIFY(command.after().isEmpty());
    QCOMPARE(EditDealCommand::sideEffectFields({{u"status"_s, u"won"_s}}),
             (QStringList {u"closed_at"_s, u"probability"_s, u"lost_reason"_s}));
}

void TestEditDealCommand::undoAndRedoRestoreExactRows()
{
    QUndoStack stack;
    QStringList applied;
    const QVariantMap before = row();
    const int outboxBefore = outboxCount();
    stack.push(new EditDealCommand(*m_store, m_dealId, m_repId,
                                   {{u"stage_id"_s, m_proposalId}, {u"amount_minor"_s, 750'00}},
                                   [&applied](const QString &id) { applied.append(id); }));
    const QVariantMap after = row();
    QCOMPARE(after.value(u"stage_entered_at"_s).toLongLong(), m_now);
    QCOMPARE(after.value(u"probability"_s).toInt(), 50);
    QCOMPARE(stack.count(), 1);

    for (int round = 0; round < 2; ++round) {
        // Time moves on: undo and redo still restore the exact values, not "now".
        m_now += 3'600'000;
        stack.undo();
        QCOMPARE(row(), before);
        m_now += 3'600'000;
        stack.redo();
        QCOMPARE(row(), after);
    }
    QCOMPARE(applied.size(), 5);
    QCOMPARE(outboxCount(), outboxBefore + 5); // every apply is a change of its own
}

void TestEditDealCommand::statusChangeUndoesClosedTime()
{
    QUndoStack stack;
    const QVariantMap before = row();
    stack.push(new EditDealCommand(*m_store, m_dealId, m_repId, {{u"status"_s, u"won"_s}}));
    QCOMPARE(row().value(u"closed_at"_s).toLongLong(), m_now);
    QCOMPARE(row().value(u"probability"_s).toInt(), 100);
    stack.undo();
    QCOMPARE(row(), before);
    QVERIFY(row().value(u"closed_at"_s).isNull());
}

void TestEditDealCommand::text_data()
{
    QTest::addColumn<QVariantMap>("changes");
    QTest::addColumn<QString>("text");
    QTest::newRow("rename") << QVariantMap {{u"title"_s, u"Store rollout II"_s}}
                            << u"Rename deal “Store rollout” to “Store rollout II”"_s;
    QTest::newRow("won") << QVariantMap {{u"status"_s, u"won"_s}}
                         << u"Mark “Store rollout” as won"_s;
    QTest::newRow("lost") << QVariantMap {{u"status"_s, u"lost"_s}, {u"lost_reason"_s, u"Price"_s}}
                          << u"Mark “Store rollout” as lost"_s;
    QTest::newRow("several") << QVariantMap {{u"amount_minor"_s, 1}, {u"notes"_s, u"x"_s}}
                             << u"Edit deal “Store rollout”"_s;
    QTest::newRow("edit with new title")
        << QVariantMap {{u"amount_minor"_s, 1}, {u"title"_s, u"Renamed"_s}}
        << u"Edit deal “Renamed”"_s;
}

void TestEditDealCommand::text()
{
    QFETCH(QVariantMap, changes);
    QFETCH(QString, text);
    QCOMPARE(EditDealCommand(*m_store, m_dealId, m_repId, changes).text(), text);
    QCOMPARE(EditDealCommand(*m_store, m_dealId, m_repId, {{u"stage_id"_s, m_proposalId}}).text(),
             u"Move “Store rollout” to Proposal"_s);
}

void TestEditDealCommand::failedFirstApplyIsDropped()
{
    QUndoStack stack;
    Error failure;
    auto *command
        = new EditDealCommand(*m_store, m_dealId, m_repId, {{u"stage_id"_s, UuidV7::generate()}});
    command->setOnFailed([&failure](const QString &, const Error &error) { failure = error; });
    const int outboxBefore = outboxCount();
    stack.push(command); // obsolete after a failed redo: the stack deletes it
    QCOMPARE(failure.code, ErrorCode::InvalidArgument);
    QCOMPARE(stack.count(), 0);
    QCOMPARE(outboxCount(), outboxBefore);

    // Without a stack the error stays readable on the command.
    EditDealCommand gone(*m_store, UuidV7::generate(), m_repId, {{u"title"_s, u"x"_s}});
    gone.redo();
    QCOMPARE(gone.lastError().code, ErrorCode::NotFound);
    QVERIFY(gone.isObsolete());
}

void TestEditDealCommand::failedUndoKeepsTheStackConsistent()
{
    QUndoStack stack;
    QList<Error> failures;
    auto *first = new EditDealCommand(*m_store, m_dealId, m_repId, {{u"amount_minor"_s, 1}});
    auto *second = new EditDealCommand(*m_store, m_dealId, m_repId, {{u"amount_minor"_s, 2}});
    for (EditDealCommand *command : {first, second}) {
        command->setOnFailed(
            [&failures](const QString &, const Error &error) { failures.append(error); });
        stack.push(command);
    }
    QCOMPARE(stack.count(), 2);
    QVERIFY(DealRepository(*m_store, m_repId).remove(m_dealId));
    const int outboxBefore = outboxCount();

    stack.undo();
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.constFirst().code, ErrorCode::NotFound);
    QCOMPARE(stack.count(), 1);
    QCOMPARE(stack.index(), 1);
    QCOMPARE(outboxCount(), outboxBefore);

    // Recovered: the remaining command undoes normally.
    QVERIFY(DealRepository(*m_store, m_repId).restore(m_dealId));
    stack.undo();
    QCOMPARE(failures.size(), 1);
    QCOMPARE(row().value(u"amount_minor"_s).toLongLong(), 500'00);
}

void TestEditDealCommand::failedRedoKeepsTheStackConsistent()
{
    QUndoStack stack;
    Error failure;
    auto *command = new EditDealCommand(*m_store, m_dealId, m_repId, {{u"amount_minor"_s, 1}});
    command->setOnFailed([&failure](const QString &, const Error &error) { failure = error; });
    stack.push(command);
    stack.undo();
    QVERIFY(DealRepository(*m_store, m_repId).remove(m_dealId));
    stack.redo();
    QCOMPARE(failure.code, ErrorCode::NotFound);
    QCOMPARE(stack.count(), 0);
    QVERIFY(!stack.canRedo());
    QVERIFY(!stack.canUndo());
}

QTEST_GUILESS_MAIN(TestEditDealCommand)
#include "tst_editdealcommand.moc"
