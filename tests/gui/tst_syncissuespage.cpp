#include "languagemanager.h"
#include "mainwindow.h"
#include "syncissuespage.h"

#include "changewriter.h"
#include "localstore.h"
#include "money.h"
#include "syncissuesmodel.h"
#include "syncstore.h"
#include "uuidv7.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

/// The Sync Issues page on the offscreen platform, over a store whose issues come from
/// SyncStore's own push answers: the table, the details, re-applying (a NEW outbox entry, the
/// issue resolved), dismissing several at once, the empty state and the count in the
/// navigation.
class TestSyncIssuesPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void emptyStateWithoutIssues();
    void tableShowsIssuesAndDetails();
    void reapplyWritesANewChangeAndResolves();
    void dismissResolvesSeveralAtOnce();
    void pageFollowsNewIssuesKeepingTheSelection();
    void navigationShowsTheOpenCount();

private:
    QString insert(const QString &table, const QVariantMap &fields);
    void
    answerOutbox(const std::function<SyncStore::OpAnswer(const SyncStore::PendingOp &)> &answer);
    qint64 seedConflict();
    qint64 seedRejection();
    qint64 pending() { return SyncStore(*m_store).pendingCount().value(); }
    template<typename T> T *child(const QString &name) const
    {
        auto *widget = m_page->findChild<T *>(name);
        if (!widget)
            qWarning("no child %s", qPrintable(name));
        return widget;
    }
    void selectRowOfIssue(qint64 issueId);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ChangeWriter> m_writer;
    std::unique_ptr<SyncIssuesPage> m_page;
    const QString m_epoch = UuidV7::generate();
    qint64 m_serverSeq = 100;
    QString m_customerId;
    QString m_dealId;
};

void TestSyncIssuesPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(u"OutpostTests"_s);
    QCoreApplication::setApplicationName(u"tst_syncissuespage"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

QString TestSyncIssuesPage::insert(const QString &table, const QVariantMap &fields)
{
    const QString id = UuidV7::generate();
    const Result<void> done = m_writer->insert(table, id, fields);
    if (!done)
        qWarning("%s", qPrintable(done.error().message));
    return done ? id : QString();
}

void TestSyncIssuesPage::answerOutbox(
    const std::function<SyncStore::OpAnswer(const SyncStore::PendingOp &)> &answer)
{
    SyncStore sync(*m_store);
    const Result<QList<SyncStore::PendingOp>> ops = sync.nextBatch(1000, 1 << 24);
    QVERIFY(ops.ok());
    QList<SyncStore::OpAnswer> answers;
    for (const SyncStore::PendingOp &op : ops.value()) {
        SyncStore::OpAnswer given = answer(op);
        given.deviceSeq = op.deviceSeq;
        given.opId = op.opId;
        answers.append(given);
    }
    const auto outcome = sync.applyPushResults(m_epoch, m_store->nowMs(), answers);
    QVERIFY2(outcome.ok(), qPrintable(outcome.error().message));
}

void TestSyncIssuesPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"synced.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_writer = std::make_unique<ChangeWriter>(*m_store, u"user-1"_s);
    const QString unit = insert(u"units"_s, {{u"name"_s, u"East"_s}});
    m_customerId = insert(u"customers"_s, {{u"name"_s, u"Acme Pumps"_s}, {u"unit_id"_s, unit}});
    m_dealId = insert(u"deals"_s,
                      {{u"title"_s, u"Pump retrofit"_s},
                       {u"customer_id"_s, m_customerId},
                       {u"amount_minor"_s, 500000},
                       {u"stage_entered_at"_s, m_store->nowMs()}});
    answerOutbox([this](const SyncStore::PendingOp &) {
        SyncStore::OpAnswer answer;
        answer.status = u"applied"_s;
        answer.serverSeq = ++m_serverSeq;
        return answer;
    });
    QCOMPARE(pending(), 0);

    m_page = std::make_unique<SyncIssuesPage>(*m_store, u"user-1"_s);
    m_page->resize(1200, 700);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestSyncIssuesPage::cleanup()
{
    m_page.reset();
    m_writer.reset();
    m_store.reset();
    m_dir.reset();
}

qint64 TestSyncIssuesPage::seedConflict()
{
    [&] {
        QVERIFY(m_writer->update(u"deals"_s, m_dealId, {{u"amount_minor"_s, 750000}}));
    }();
    answerOutbox([this](const SyncStore::PendingOp &) {
        SyncStore::OpAnswer answer;
        answer.status = u"merged"_s;
        answer.serverSeq = ++m_serverSeq;
        answer.conflicts = {{u"amount_minor"_s, 750000, 600000, u"server"_s}};
        return answer;
    });
    return SyncStore(*m_store).issues()->constFirst().id;
}

qint64 TestSyncIssuesPage::seedRejection()
{
    [&] {
        QVERIFY(m_writer->update(u"customers"_s, m_customerId, {{u"city"_s, u"Suzhou"_s}}));
    }();
    answerOutbox([this](const SyncStore::PendingOp &op) {
        SyncStore::OpAnswer answer;
        answer.status = u"rejected"_s;
        answer.reason = u"invalid_value"_s;
        answer.message = u"city is not allowed"_s;
        SyncStore::RemoteRow current;
        current.seq = ++m_serverSeq;
        current.table = op.table;
        current.rowId = op.rowId;
        current.fields = {{u"name"_s, u"Acme Pumps"_s}, {u"city"_s, u"Wuxi"_s}};
        current.versions = {{u"name"_s, current.seq}, {u"city"_s, current.seq}};
        answer.current = current;
        return answer;
    });
    return SyncStore(*m_store).issues()->constFirst().id;
}

void TestSyncIssuesPage::selectRowOfIssue(qint64 issueId)
{
    auto *table = child<QTableView>(u"syncIssuesTableView"_s);
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, 0);
        if (index.data(int(SyncIssuesModel::Role::IssueId)).toLongLong() == issueId) {
            const QRect rect = table->visualRect(table->model()->index(row, 1));
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
            return;
        }
    }
    QFAIL("issue not in the table");
}

void TestSyncIssuesPage::emptyStateWithoutIssues()
{
    auto *stack = child<QStackedWidget>(u"syncIssuesStackedWidget"_s);
    QCOMPARE(stack->currentWidget()->objectName(), u"emptyIssuesPage"_s);
    QVERIFY(child<QLabel>(u"emptyIssuesTitleLabel"_s)->isVisible());
    QVERIFY(!child<QPushButton>(u"reapplyPushButton"_s)->isEnabled());
    QVERIFY(!child<QPushButton>(u"dismissPushButton"_s)->isEnabled());
    QCOMPARE(m_page->openIssueCount(), 0);
}

void TestSyncIssuesPage::tableShowsIssuesAndDetails()
{
    const qint64 conflict = seedConflict();
    seedRejection();
    m_page->reload();
    auto *table = child<QTableView>(u"syncIssuesTableView"_s);
    QVERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 2);
    QCOMPARE(table->selectionMode(), QAbstractItemView::ExtendedSelection);

    selectRowOfIssue(conflict);
    QCOMPARE(m_page->selectedIssueIds(), QList<qint64> {conflict});
    QVERIFY(child<QPushButton>(u"reapplyPushButton"_s)->isEnabled());
    QCOMPARE(child<QLabel>(u"syncIssueDetailTitleLabel"_s)->text(), u"Deal · Pump retrofit"_s);
    const QString details = child<QLabel>(u"syncIssueDetailLabel"_s)->text();
    QVERIFY2(details.contains(Money::format(750000, u"CNY"_s, QLocale()).toHtmlEscaped()),
             qPrintable(details));
    QVERIFY2(details.contains(Money::format(600000, u"CNY"_s, QLocale()).toHtmlEscaped()),
             qPrintable(details));

    // The rejection shows the server's reason and its values.
    QCOMPARE(table->model()->index(0, int(SyncIssuesModel::Column::ServerValue)).data().toString(),
             u"Wuxi"_s);
    QCOMPARE(table->model()->index(0, int(SyncIssuesModel::Column::YourValue)).data().toString(),
             u"Suzhou"_s);
}

void TestSyncIssuesPage::reapplyWritesANewChangeAndResolves()
{
    const qint64 conflict = seedConflict();
    m_page->reload();
    QCOMPARE(m_page->openIssueCount(), 1);
    QSignalSpy written(m_page.get(), &SyncIssuesPage::changesWritten);
    QSignalSpy counted(m_page.get(), &SyncIssuesPage::openIssueCountChanged);

    selectRowOfIssue(conflict);
    QTest::mouseClick(child<QPushButton>(u"reapplyPushButton"_s), Qt::LeftButton);

    // A new change in the outbox, with the user's value, based on the server's version.
    QCOMPARE(pending(), 1);
    const auto ops = SyncStore(*m_store).nextBatch(10, 1 << 20);
    QVERIFY(ops.ok());
    QCOMPARE(ops->size(), 1);
    QCOMPARE(ops->at(0).rowId, m_dealId);
    QCOMPARE(ops->at(0).fields.value(u"amount_minor"_s).value.toLongLong(), 750000);
    QVERIFY(ops->at(0).fields.value(u"amount_minor"_s).base > 0);
    QCOMPARE(SyncStore(*m_store).issue(conflict)->resolution, SyncStore::Resolution::Reapplied);

    QCOMPARE(written.count(), 1);
    QCOMPARE(written.at(0).at(0).toStringList(), QStringList {u"deals"_s});
    QCOMPARE(counted.count(), 1);
    QCOMPARE(counted.at(0).at(0).toInt(), 0);
    QCOMPARE(m_page->openIssueCount(), 0);
    QCOMPARE(child<QStackedWidget>(u"syncIssuesStackedWidget"_s)->currentWidget()->objectName(),
             u"emptyIssuesPage"_s);
}

void TestSyncIssuesPage::dismissResolvesSeveralAtOnce()
{
    const qint64 conflict = seedConflict();
    const qint64 rejection = seedRejection();
    m_page->reload();
    auto *table = child<QTableView>(u"syncIssuesTableView"_s);
    table->setFocus();
    table->selectAll();
    QCOMPARE(m_page->selectedIssueIds().size(), 2);
    QVERIFY2(child<QPushButton>(u"dismissPushButton"_s)->text().contains(u"(2)"_s),
             qPrintable(child<QPushButton>(u"dismissPushButton"_s)->text()));

    QTest::mouseClick(child<QPushButton>(u"dismissPushButton"_s), Qt::LeftButton);
    SyncStore sync(*m_store);
    QCOMPARE(sync.issue(conflict)->resolution, SyncStore::Resolution::Dismissed);
    QCOMPARE(sync.issue(rejection)->resolution, SyncStore::Resolution::Dismissed);
    QCOMPARE(sync.openIssueCount().value(), 0);
    QCOMPARE(pending(), 0); // dismissing sends nothing
    QCOMPARE(m_page->openIssueCount(), 0);
}

void TestSyncIssuesPage::pageFollowsNewIssuesKeepingTheSelection()
{
    const qint64 conflict = seedConflict();
    m_page->reload();
    selectRowOfIssue(conflict);
    // The replicator records another issue while the user looks at the first.
    seedRejection();
    m_page->reload();
    QCOMPARE(m_page->openIssueCount(), 2);
    QCOMPARE(m_page->selectedIssueIds(), QList<qint64> {conflict});

    // Delete dismisses the selection.
    auto *table = child<QTableView>(u"syncIssuesTableView"_s);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(SyncStore(*m_store).issue(conflict)->resolution, SyncStore::Resolution::Dismissed);
    QCOMPARE(m_page->openIssueCount(), 1);
}

void TestSyncIssuesPage::navigationShowsTheOpenCount()
{
    m_page.reset();
    seedConflict();
    seedRejection();
    LanguageManager languages;
    QVERIFY(languages.apply(u"en"_s));
    MainWindow window(*m_store, u"synced"_s, {}, languages);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *navigation = window.findChild<QListWidget *>(u"navigationListWidget"_s);
    QVERIFY(navigation);
    const QListWidgetItem *item = navigation->item(navigation->count() - 1);
    QCOMPARE(item->text(), u"Sync Issues (2)"_s);
    QVERIFY(window.syncIssuesPage());
    QCOMPARE(window.syncIssuesPage()->openIssueCount(), 2);

    auto *table = window.findChild<QTableView *>(u"syncIssuesTableView"_s);
    QVERIFY(table);
    table->selectAll();
    window.syncIssuesPage()->dismissSelected();
    QCOMPARE(item->text(), u"Sync Issues"_s);
    window.close();
}

QTEST_MAIN(TestSyncIssuesPage)
#include "tst_syncissuespage.moc"
