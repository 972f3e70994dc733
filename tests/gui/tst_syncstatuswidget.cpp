#include "syncstatuswidget.h"

#include "localstore.h"
#include "syncsession.h"

#include <QProgressBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

// The progress bar of the status bar's sync part: rows of a large pull, or the bytes of the
// snapshot a first sync downloads (the session's signals are emitted as the replicator's
// arrive).
class TestSyncStatusWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void snapshotDownloadShowsItsBytes();
    void pagesAfterTheSnapshotTakeOver();

private:
    QProgressBar *bar() const { return m_widget->findChild<QProgressBar *>(u"pullProgressBar"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<SyncSession> m_session;
    std::unique_ptr<SyncStatusWidget> m_widget;
};

void TestSyncStatusWidget::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestSyncStatusWidget::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"profile.outpost"_s));
    QVERIFY(opened.ok());
    m_store = std::move(opened).value();
    m_session = std::make_unique<SyncSession>(*m_store, u"status-test"_s);
    m_widget = std::make_unique<SyncStatusWidget>(*m_session);
    m_widget->show();
    QVERIFY(bar());
    QVERIFY(!bar()->isVisible());
}

void TestSyncStatusWidget::cleanup()
{
    m_widget.reset();
    m_session.reset();
    m_store.reset();
    m_dir.reset();
}

void TestSyncStatusWidget::snapshotDownloadShowsItsBytes()
{
    constexpr qint64 total = 76'219'678;
    Q_EMIT m_session->snapshotProgress(31'457'280, total);
    QVERIFY(bar()->isVisible());
    QCOMPARE(bar()->maximum(), int(total / 1024));
    QCOMPARE(bar()->value(), 30'720);
    QCOMPARE(bar()->text(), u"30.0 MiB of 72.7 MiB"_s);
    QVERIFY(bar()->toolTip().contains(u"first sync"_s));
    // Complete: the store is installed next, the bar goes.
    Q_EMIT m_session->snapshotProgress(total, total);
    QVERIFY(!bar()->isVisible());
}

void TestSyncStatusWidget::pagesAfterTheSnapshotTakeOver()
{
    Q_EMIT m_session->snapshotProgress(1'048'576, 8'388'608);
    QVERIFY(bar()->isVisible());
    // The pages after the snapshot are few: no bar for them.
    Q_EMIT m_session->pullProgress(12, 12);
    QVERIFY(!bar()->isVisible());
}

QTEST_MAIN(TestSyncStatusWidget)
#include "tst_syncstatuswidget.moc"
