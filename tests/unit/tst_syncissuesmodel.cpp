#include "changewriter.h"
#include "localstore.h"
#include "money.h"
#include "syncissuesmodel.h"
#include "syncstore.h"
#include "uuidv7.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLocale>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

constexpr qsizetype anyBytes = 1 << 24;

SyncStore::OpAnswer answerFor(const SyncStore::PendingOp &op, const QString &status)
{
    SyncStore::OpAnswer answer;
    answer.deviceSeq = op.deviceSeq;
    answer.opId = op.opId;
    answer.status = status;
    return answer;
}

} // namespace

/// SyncIssuesModel over a real store whose issues come from SyncStore's own push answers: the
/// readable columns, the roles, and in-place updates (no reset) when issues come and go.
class TestSyncIssuesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void emptyStoreHasNoRows();
    void showsReadableColumns();
    void rolesKeepRawValues();
    void reloadUpdatesRowsInPlace();
    void headersAndLabels();

private:
    QString insert(const QString &table, const QVariantMap &fields);
    /// Pushes the outbox and answers every op with answer(op).
    void
    answerOutbox(const std::function<SyncStore::OpAnswer(const SyncStore::PendingOp &)> &answer);
    void acknowledgeOutbox();
    qint64 seedConflict();
    qint64 seedRejection();
    QString text(int row, SyncIssuesModel::Column column) const;
    int rowOf(qint64 issueId) const { return m_model->rowOfIssue(issueId); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ChangeWriter> m_writer;
    std::unique_ptr<SyncIssuesModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    const QString m_epoch = UuidV7::generate();
    qint64 m_serverSeq = 100;
    QString m_customerId;
    QString m_dealId;
    QString m_repId;
};

void TestSyncIssuesModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

QString TestSyncIssuesModel::insert(const QString &table, const QVariantMap &fields)
{
    const QString id = UuidV7::generate();
    const Result<void> done = m_writer->insert(table, id, fields);
    if (!done)
        qWarning("%s", qPrintable(done.error().message));
    return done ? id : QString();
}

void TestSyncIssuesModel::answerOutbox(
    const std::function<SyncStore::OpAnswer(const SyncStore::PendingOp &)> &answer)
{
    SyncStore sync(*m_store);
    const Result<QList<SyncStore::PendingOp>> ops = sync.nextBatch(1000, anyBytes);
    QVERIFY(ops.ok());
    QList<SyncStore::OpAnswer> answers;
    for (const SyncStore::PendingOp &op : ops.value())
        answers.append(answer(op));
    const auto outcome = sync.applyPushResults(m_epoch, m_store->nowMs(), answers);
    QVERIFY2(outcome.ok(), qPrintable(outcome.error().message));
}

void TestSyncIssuesModel::acknowledgeOutbox()
{
    answerOutbox([this](const SyncStore::PendingOp &op) {
        SyncStore::OpAnswer answer = answerFor(op, u"applied"_s);
        answer.serverSeq = ++m_serverSeq;
        return answer;
    });
}

void TestSyncIssuesModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"profile.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_writer = std::make_unique<ChangeWriter>(*m_store, u"user-1"_s);

    const QString unit = insert(u"units"_s, {{u"name"_s, u"East"_s}, {u"currency"_s, u"CNY"_s}});
    m_repId = insert(u"users"_s,
                     {{u"name"_s, u"Li Na"_s}, {u"role"_s, u"rep"_s}, {u"unit_id"_s, unit}});
    m_customerId = insert(u"customers"_s, {{u"name"_s, u"Acme Pumps"_s}, {u"unit_id"_s, unit}});
    m_dealId = insert(u"deals"_s,
                      {{u"title"_s, u"Pump retrofit"_s},
                       {u"customer_id"_s, m_customerId},
                       {u"owner_id"_s, m_repId},
                       {u"amount_minor"_s, 500000},
                       {u"currency"_s, u"CNY"_s},
                       {u"stage_entered_at"_s, m_store->nowMs()}});
    acknowledgeOutbox();

    m_model = std::make_unique<SyncIssuesModel>(*m_store);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestSyncIssuesModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_writer.reset();
    m_store.reset();
    m_dir.reset();
}

qint64 TestSyncIssuesModel::seedConflict()
{
    // The user raised the amount; someone else changed it first and the server kept theirs.
    [&] {
        QVERIFY(m_writer->update(u"deals"_s, m_dealId, {{u"amount_minor"_s, 750000}}));
    }();
    answerOutbox([this](const SyncStore::PendingOp &op) {
        SyncStore::OpAnswer answer = answerFor(op, u"merged"_s);
        answer.serverSeq = ++m_serverSeq;
        answer.conflicts = {{u"amount_minor"_s, 750000, 600000, u"server"_s}};
        return answer;
    });
    const auto issues = SyncStore(*m_store).issues();
    return issues && !issues->isEmpty() ? issues->constFirst().id : -1;
}

qint64 TestSyncIssuesModel::seedRejection()
{
    [&] {
        QVERIFY(m_writer->update(u"customers"_s, m_customerId,
                                 {{u"name"_s, u"Acme Pumps Ltd"_s}, {u"owner_id"_s, m_repId}}));
    }();
    answerOutbox([](const SyncStore::PendingOp &op) {
        SyncStore::OpAnswer answer = answerFor(op, u"rejected"_s);
        answer.reason = u"forbidden"_s;
        answer.message = u"The row belongs to a unit outside your scope."_s;
        return answer;
    });
    const auto issues = SyncStore(*m_store).issues();
    return issues && !issues->isEmpty() ? issues->constFirst().id : -1;
}

QString TestSyncIssuesModel::text(int row, SyncIssuesModel::Column column) const
{
    return m_model->index(row, int(column)).data().toString();
}

void TestSyncIssuesModel::emptyStoreHasNoRows()
{
    QVERIFY(m_model->reload().ok());
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->columnCount(), int(SyncIssuesModel::Column::Count));
}

void TestSyncIssuesModel::showsReadableColumns()
{
    const qint64 conflict = seedConflict();
    const qint64 rejection = seedRejection();
    QVERIFY(conflict > 0 && rejection > conflict);
    QVERIFY(m_model->reload().ok());
    QCOMPARE(m_model->rowCount(), 2);
    // Newest first.
    QCOMPARE(rowOf(rejection), 0);
    QCOMPARE(rowOf(conflict), 1);

    using Column = SyncIssuesModel::Column;
    const int c = rowOf(conflict);
    QCOMPARE(text(c, Column::Record), u"Deal · Pump retrofit"_s);
    QCOMPARE(text(c, Column::Field), u"Amount"_s);
    QCOMPARE(text(c, Column::Kind), u"Conflict"_s);
    QCOMPARE(text(c, Column::Reason), u"Edited elsewhere; server's value kept"_s);
    const QLocale locale;
    QCOMPARE(text(c, Column::YourValue), Money::format(750000, u"CNY"_s, locale));
    QCOMPARE(text(c, Column::ServerValue), Money::format(600000, u"CNY"_s, locale));
    QVERIFY(!text(c, Column::When).isEmpty());

    // Several fields are listed with their labels, ids as names.
    const int r = rowOf(rejection);
    QVERIFY2(text(r, Column::Record).startsWith(u"Customer · Acme Pumps"_s),
             qPrintable(text(r, Column::Record)));
    QCOMPARE(text(r, Column::Kind), u"Rejected"_s);
    QCOMPARE(text(r, Column::Reason), u"Not allowed for your role or unit"_s);
    QVERIFY2(text(r, Column::YourValue).contains(u"Name: Acme Pumps Ltd"_s),
             qPrintable(text(r, Column::YourValue)));
    QVERIFY2(text(r, Column::YourValue).contains(u"Owner: Li Na"_s),
             qPrintable(text(r, Column::YourValue)));
    QCOMPARE(text(r, Column::ServerValue), u"(not sent)"_s);
    const QString tip = m_model->index(r, int(Column::Reason)).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"outside your scope"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"Nothing was changed on the server."_s), qPrintable(tip));
}

void TestSyncIssuesModel::rolesKeepRawValues()
{
    const qint64 conflict = seedConflict();
    QVERIFY(m_model->reload().ok());
    const QModelIndex index = m_model->index(rowOf(conflict), 0);
    using Role = SyncIssuesModel::Role;
    QCOMPARE(index.data(int(Role::IssueId)).toLongLong(), conflict);
    QCOMPARE(index.data(int(Role::Kind)).toString(), u"conflict"_s);
    QCOMPARE(index.data(int(Role::Table)).toString(), u"deals"_s);
    QCOMPARE(index.data(int(Role::RowId)).toString(), m_dealId);
    QCOMPARE(index.data(int(Role::Field)).toString(), u"amount_minor"_s);
    QCOMPARE(index.data(int(Role::LocalValues)).toMap().value(u"amount_minor"_s).toLongLong(),
             750000);
    QCOMPARE(index.data(int(Role::ServerValues)).toMap().value(u"amount_minor"_s).toLongLong(),
             600000);
    QVERIFY(index.data(int(Role::CreatedAt)).toLongLong() > 0);
    QCOMPARE(index.data(int(Role::SortValue)).toLongLong(),
             index.data(int(Role::CreatedAt)).toLongLong());
    QVERIFY(m_model->roleNames().contains(int(Role::IssueId)));
}

void TestSyncIssuesModel::reloadUpdatesRowsInPlace()
{
    const qint64 conflict = seedConflict();
    QVERIFY(m_model->reload().ok());
    QCOMPARE(m_model->rowCount(), 1);
    const QPersistentModelIndex kept = m_model->index(0, 0);

    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    // A new issue arrives: one row inserted at the top; the old row moves down, intact.
    const qint64 rejection = seedRejection();
    QVERIFY(m_model->reload().ok());
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(m_model->rowCount(), 2);
    QVERIFY(kept.isValid());
    QCOMPARE(kept.row(), 1);
    QCOMPARE(kept.data(int(SyncIssuesModel::Role::IssueId)).toLongLong(), conflict);

    // Resolving removes exactly that row.
    QVERIFY(SyncStore(*m_store).dismiss(rejection).ok());
    QVERIFY(m_model->reload().ok());
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(kept.row(), 0);

    // Nothing changed: no structural signal at all.
    QVERIFY(m_model->reload().ok());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 1);

    QVERIFY(SyncStore(*m_store).reapply(conflict, u"user-1"_s).ok());
    QVERIFY(m_model->reload().ok());
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(resets.count(), 0);
}

void TestSyncIssuesModel::headersAndLabels()
{
    using Column = SyncIssuesModel::Column;
    QCOMPARE(m_model->headerData(int(Column::YourValue), Qt::Horizontal).toString(),
             u"Your value"_s);
    QCOMPARE(m_model->headerData(int(Column::ServerValue), Qt::Horizontal).toString(),
             u"Server value"_s);
    QCOMPARE(SyncIssuesModel::tableLabel(u"deals"_s), u"Deal"_s);
    QCOMPARE(SyncIssuesModel::tableLabel(u"service_tickets"_s), u"Service ticket"_s);
    QCOMPARE(SyncIssuesModel::fieldLabel(u"deals"_s, u"stage_id"_s), u"Stage"_s);
    QCOMPARE(SyncIssuesModel::fieldLabel(u"customers"_s, u"contact_name"_s), u"Contact"_s);
    QCOMPARE(SyncIssuesModel::fieldLabel(u"stages"_s, u"rotting_days"_s), u"Rotting days"_s);

    SyncStore::Issue issue;
    issue.reason = u"clock_skew"_s;
    QVERIFY(SyncIssuesModel::reasonText(issue).contains(u"clock"_s));
    issue.reason = u"something_new"_s;
    QCOMPARE(SyncIssuesModel::reasonText(issue), u"Rejected by the server (something_new)"_s);
    issue.kind = SyncStore::IssueKind::Conflict;
    issue.field = u"deleted"_s;
    QCOMPARE(SyncIssuesModel::reasonText(issue), u"Deleted elsewhere"_s);
    QVERIFY(SyncIssuesModel::reasonDescription(issue).contains(u"deleted the record"_s));

    QSignalSpy headers(m_model.get(), &QAbstractItemModel::headerDataChanged);
    m_model->retranslate();
    QCOMPARE(headers.count(), 1);
}

QTEST_GUILESS_MAIN(TestSyncIssuesModel)
#include "tst_syncissuesmodel.moc"
