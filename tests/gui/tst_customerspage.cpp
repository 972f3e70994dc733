#include "customerspage.h"

#include "changewriter.h"
#include "customerfilterproxymodel.h"
#include "customertablemodel.h"
#include "localstore.h"
#include "organizationrepository.h"
#include "uuidv7.h"

#include <QLabel>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

/// The Customers page following changes written by another connection (the replicator's
/// thread): rows are updated, added and removed in place, the selection and the scroll
/// position stay, and the shown customer's details follow.
class TestCustomersPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void remoteChangesKeepSelectionAndScroll();
    void unrelatedTablesChangeNothing();
    void firstRowsArriveOnAnEmptyPage();

private:
    QString insertCustomer(LocalStore &store, const QString &name);
    QTableView *table() const { return m_page->findChild<QTableView *>(u"customerTableView"_s); }
    QString currentName() const
    {
        return table()->currentIndex().siblingAtColumn(0).data().toString();
    }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store; ///< the GUI thread's connection
    std::unique_ptr<LocalStore> m_remote; ///< stands for the replicator's connection
    QUndoStack m_undoStack;
    std::unique_ptr<CustomersPage> m_page;
    QString m_userId;
    QStringList m_ids;
};

void TestCustomersPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(u"OutpostTests"_s);
    QCoreApplication::setApplicationName(u"tst_customerspage"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

QString TestCustomersPage::insertCustomer(LocalStore &store, const QString &name)
{
    const QString id = UuidV7::generate();
    const Result<void> done = ChangeWriter(store).insert(u"customers"_s, id, {{u"name"_s, name}});
    if (!done)
        qWarning("%s", qPrintable(done.error().message));
    return id;
}

void TestCustomersPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString path = m_dir->filePath(u"synced.outpost"_s);
    auto opened = LocalStore::open(path);
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    auto remote = LocalStore::open(path);
    QVERIFY2(remote.ok(), qPrintable(remote.error().message));
    m_remote = std::move(remote).value();
    m_ids.clear();
}

void TestCustomersPage::cleanup()
{
    m_page.reset();
    m_remote.reset();
    m_store.reset();
    m_dir.reset();
}

void TestCustomersPage::remoteChangesKeepSelectionAndScroll()
{
    const QString unit = UuidV7::generate();
    QVERIFY(ChangeWriter(*m_store).insert(u"units"_s, unit, {{u"name"_s, u"East"_s}}));
    m_userId = UuidV7::generate();
    QVERIFY(ChangeWriter(*m_store).insert(
        u"users"_s, m_userId,
        {{u"name"_s, u"Li Na"_s}, {u"role"_s, u"rep"_s}, {u"unit_id"_s, unit}}));
    for (int i = 0; i < 200; ++i)
        m_ids.append(insertCustomer(*m_store, u"Customer %1"_s.arg(i, 3, 10, QChar(u'0'))));
    m_page = std::make_unique<CustomersPage>(*m_store, &m_undoStack, m_userId);
    m_page->resize(1200, 600);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QCOMPARE(m_page->customerModel()->rowCount(), 200);

    // The user looks at customer 120, further down the list.
    QVERIFY(m_page->selectCustomer(m_ids.at(120)));
    QScrollBar *scroll = table()->verticalScrollBar();
    scroll->setValue(scroll->maximum() / 2);
    const int scrolled = scroll->value();
    QVERIFY(scrolled > 0);
    QCOMPARE(currentName(), u"Customer 120"_s);

    // A statement of the GUI connection left on a row pins its snapshot...
    QVERIFY(OrganizationRepository(*m_store).user(m_userId).ok());
    // ...while the replicator's connection renames, adds and deletes customers.
    QVERIFY(ChangeWriter(*m_remote).update(u"customers"_s, m_ids.at(120),
                                           {{u"name"_s, u"Customer 120 (renamed)"_s}}));
    QVERIFY(
        ChangeWriter(*m_remote).update(u"customers"_s, m_ids.at(5), {{u"city"_s, u"Suzhou"_s}}));
    const QString added = insertCustomer(*m_remote, u"Customer 199a"_s);
    QVERIFY(ChangeWriter(*m_remote).remove(u"customers"_s, m_ids.at(199)));

    QSignalSpy resets(m_page->customerModel(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_page->customerModel(), &QAbstractItemModel::dataChanged);
    m_store->releaseReads(); // what SyncSession does before it announces the rows
    m_page->refreshRows({u"customers"_s});

    QCOMPARE(resets.count(), 0);
    QVERIFY(changed.count() >= 2);
    QCOMPARE(m_page->customerModel()->rowCount(), 200);
    QVERIFY(m_page->customerModel()->rowOfId(added) >= 0);
    QCOMPARE(m_page->customerModel()->rowOfId(m_ids.at(199)), -1);
    QCOMPARE(m_page->currentCustomerId(), m_ids.at(120));
    QCOMPARE(currentName(), u"Customer 120 (renamed)"_s);
    QCOMPARE(scroll->value(), scrolled);
    // The detail pane shows the new name too.
    QCOMPARE(m_page->findChild<QLabel *>(u"customerNameLabel"_s)->text(),
             u"Customer 120 (renamed)"_s);
    QVERIFY2(m_page->findChild<QLabel *>(u"customerCountLabel"_s)->text().contains(u"200"_s),
             qPrintable(m_page->findChild<QLabel *>(u"customerCountLabel"_s)->text()));
}

void TestCustomersPage::unrelatedTablesChangeNothing()
{
    m_ids.append(insertCustomer(*m_store, u"Acme"_s));
    m_page = std::make_unique<CustomersPage>(*m_store, &m_undoStack, QString());
    QVERIFY(
        ChangeWriter(*m_remote).update(u"customers"_s, m_ids.at(0), {{u"name"_s, u"Acme Ltd"_s}}));
    QSignalSpy changed(m_page->customerModel(), &QAbstractItemModel::dataChanged);
    m_store->releaseReads();
    m_page->refreshRows({u"automation_log"_s, u"quotes"_s});
    QCOMPARE(changed.count(), 0);
    m_page->refreshRows({u"customers"_s});
    QCOMPARE(changed.count(), 1);
}

void TestCustomersPage::firstRowsArriveOnAnEmptyPage()
{
    m_page = std::make_unique<CustomersPage>(*m_store, &m_undoStack, QString());
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QCOMPARE(m_page->customerModel()->rowCount(), 0);
    // The first pull brings customers: the page fills and shows the first one.
    insertCustomer(*m_remote, u"Beta"_s);
    insertCustomer(*m_remote, u"Alpha"_s);
    m_store->releaseReads();
    m_page->refreshRows({u"customers"_s});
    QCOMPARE(m_page->customerModel()->rowCount(), 2);
    QCOMPARE(currentName(), u"Alpha"_s);
}

QTEST_MAIN(TestCustomersPage)
#include "tst_customerspage.moc"
