#include "customerspage.h"
#include "dealdialog.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "preferencesdialog.h"

#include "customerdealsmodel.h"
#include "customerfilterproxymodel.h"
#include "customertablemodel.h"
#include "demogenerator.h"
#include "localstore.h"
#include "organizationrepository.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void showsAllCustomers();
    void navigationShowsIcons();
    void searchFiltersAsTheUserTypes();
    void selectingACustomerShowsDetailsAndDeals();
    void editingADealRefreshesRowsInPlace();
    void statusBarShowsUserAndUnit();
    void preferencesSwitchLanguage();
    void undoAndRedoHaveStandardShortcuts();
    void viewMenuSwitchesPages();
    void geometryIsRestored();

private:
    template<typename T> T *child(const QString &name) const
    {
        auto *widget = m_window->findChild<T *>(name);
        if (!widget)
            qWarning("no child %s", qPrintable(name));
        return widget;
    }
    QStringList menuTitles() const;
    static void type(QWidget *widget, const QString &text);
    void chooseLanguageInPreferences(const QString &code);

    QTemporaryDir m_dir;
    std::unique_ptr<LocalStore> m_store;
    LanguageManager m_languages;
    std::unique_ptr<MainWindow> m_window;
    QString m_userId;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // Settings of the test stay in the temporary directory.
    QCoreApplication::setOrganizationName(u"OutpostTests"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    QVERIFY(m_languages.apply(u"en"_s));

    const QString path = m_dir.filePath(u"demo.outpost"_s);
    {
        auto store = LocalStore::open(path);
        QVERIFY2(store.ok(), qPrintable(store.error().message));
        DemoGenerator generator({300, 20261126, 1'795'000'000'000});
        const Result<void> generated = generator.generate(*store.value());
        QVERIFY2(generated.ok(), qPrintable(generated.error().message));
    }
    auto store = LocalStore::open(path);
    QVERIFY2(store.ok(), qPrintable(store.error().message));
    m_store = std::move(store).value();
    m_userId = OrganizationRepository(*m_store).currentUserId();
    QVERIFY(!m_userId.isEmpty());
}

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>(*m_store, u"demo"_s, m_userId, m_languages);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    if (m_window)
        m_window->close();
    m_window.reset();
    if (m_languages.effectiveLanguage() != u"en"_s)
        m_languages.apply(u"en"_s);
}

// QTest::keyClicks only types Latin-1; customer names may be Chinese.
void TestMainWindow::type(QWidget *widget, const QString &text)
{
    for (const QChar character : text) {
        if (character.unicode() < 0x80)
            QTest::keyClicks(widget, QString(character));
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(character),
                                Qt::NoModifier);
    }
}

QStringList TestMainWindow::menuTitles() const
{
    QStringList titles;
    const QList<QAction *> actions = m_window->menuBar()->actions();
    for (const QAction *action : actions)
        titles.append(action->text());
    return titles;
}

void TestMainWindow::navigationShowsIcons()
{
    // The icons are SVG: without Qt's SVG icon engine every one would be blank.
    auto *navigation = child<QListWidget>(u"navigationListWidget"_s);
    QVERIFY(navigation->count() >= 3);
    for (int row = 0; row < navigation->count(); ++row) {
        const QImage image = navigation->item(row)->icon().pixmap(20, 20).toImage();
        int painted = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                painted += image.pixelColor(x, y).alpha() > 0 ? 1 : 0;
        }
        QVERIFY2(painted > 20, qPrintable(navigation->item(row)->text()));
    }
    QVERIFY(!m_window->windowIcon().pixmap(32, 32).isNull());
}

void TestMainWindow::showsAllCustomers()
{
    CustomersPage *page = m_window->customersPage();
    QVERIFY(page);
    auto *table = child<QTableView>(u"customerTableView"_s);
    QVERIFY(table);
    const int total = CustomerRepository(*m_store).count();
    QVERIFY(total > 0);
    QCOMPARE(page->customerModel()->rowCount(), total);
    QCOMPARE(table->model()->rowCount(), total);
    QVERIFY(table->isSortingEnabled());
    auto *count = child<QLabel>(u"customerCountLabel"_s);
    QVERIFY(count);
    QCOMPARE(count->text(), u"%1 customers"_s.arg(QLocale().toString(total)));
}

void TestMainWindow::searchFiltersAsTheUserTypes()
{
    auto *search = child<QLineEdit>(u"customerSearchLineEdit"_s);
    auto *count = child<QLabel>(u"customerCountLabel"_s);
    auto *table = child<QTableView>(u"customerTableView"_s);
    QVERIFY(search && count && table);
    QVERIFY(!search->placeholderText().isEmpty());
    QVERIFY(search->isClearButtonEnabled());
    const int total = table->model()->rowCount();

    // The name of a customer in the middle of the list, typed key by key.
    const QModelIndex target
        = table->model()->index(total / 2, int(CustomerTableModel::Column::Name));
    const QString name = target.data().toString();
    QVERIFY(!name.isEmpty());
    search->setFocus();
    int previous = total;
    bool shrank = false;
    for (const QChar character : name) {
        type(search, QString(character));
        const int shown = table->model()->rowCount();
        QVERIFY2(shown <= previous, qPrintable(u"typing %1 grew the list"_s.arg(search->text())));
        shrank = shrank || shown < previous;
        previous = shown;
        QVERIFY2(count->text().startsWith(QLocale().toString(shown) + u" of "_s),
                 qPrintable(count->text()));
    }
    QCOMPARE(search->text(), name);
    QVERIFY(shrank);
    QVERIFY(previous >= 1);
    bool found = false;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        found = found || table->model()->index(row, 0).data().toString() == name;
    QVERIFY(found);

    search->clear();
    QCOMPARE(table->model()->rowCount(), total);
    QCOMPARE(count->text(), u"%1 customers"_s.arg(QLocale().toString(total)));

    QTest::keyClicks(search, u"no customer is called like this"_s);
    QCOMPARE(table->model()->rowCount(), 0);
    QCOMPARE(count->text(), u"0 of %1 customers"_s.arg(QLocale().toString(total)));
    QTest::keyClick(search, Qt::Key_Escape);
    QVERIFY(search->text().isEmpty());
    QCOMPARE(table->model()->rowCount(), total);
}

void TestMainWindow::selectingACustomerShowsDetailsAndDeals()
{
    auto *table = child<QTableView>(u"customerTableView"_s);
    auto *name = child<QLabel>(u"customerNameLabel"_s);
    auto *deals = child<QListView>(u"customerDealListView"_s);
    QVERIFY(table && name && deals);
    // Find a customer with deals through its open deal count.
    QAbstractItemModel *model = table->model();
    int row = -1;
    for (int r = 0; r < model->rowCount() && row < 0; ++r) {
        if (model->index(r, int(CustomerTableModel::Column::OpenDeals))
                .data(int(CustomerTableModel::Role::SortValue))
                .toInt()
            > 0) {
            row = r;
        }
    }
    QVERIFY(row >= 0);
    const QModelIndex index = model->index(row, int(CustomerTableModel::Column::Name));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
    QCOMPARE(table->currentIndex().row(), row);
    QCOMPARE(name->text(), index.data().toString());
    QVERIFY(deals->model()->rowCount() > 0);
    const auto *dealsModel = m_window->customersPage()->dealsModel();
    QCOMPARE(dealsModel->customerId(), index.data(int(CustomerTableModel::Role::Id)).toString());
    QVERIFY(dealsModel->openDealCount() > 0);
}

void TestMainWindow::editingADealRefreshesRowsInPlace()
{
    auto *table = child<QTableView>(u"customerTableView"_s);
    auto *deals = child<QListView>(u"customerDealListView"_s);
    QVERIFY(table && deals);
    CustomersPage *page = m_window->customersPage();
    QAbstractItemModel *model = table->model();
    // A customer with an open deal, somewhat down the list so that scrolling matters.
    int row = -1;
    for (int r = model->rowCount() / 2; r < model->rowCount() && row < 0; ++r) {
        if (model->index(r, int(CustomerTableModel::Column::OpenDeals))
                .data(int(CustomerTableModel::Role::SortValue))
                .toInt()
            > 0) {
            row = r;
        }
    }
    QVERIFY(row >= 0);
    const QModelIndex customer = model->index(row, int(CustomerTableModel::Column::Name));
    const QString customerId = customer.data(int(CustomerTableModel::Role::Id)).toString();
    table->scrollTo(customer);
    table->setCurrentIndex(customer);
    const int scroll = table->verticalScrollBar()->value();
    const auto pipeline = [&] {
        return model->index(table->currentIndex().row(), int(CustomerTableModel::Column::Pipeline))
            .data(int(CustomerTableModel::Role::SortValue))
            .toLongLong();
    };
    const qint64 pipelineBefore = pipeline();

    // The first deal is an open one (open deals come first).
    const QModelIndex deal = deals->model()->index(0, deals->modelColumn());
    QCOMPARE(deal.data(int(CustomerDealsModel::Role::Status)).toInt(), int(Deal::Status::Open));
    const QString dealId = deal.data(int(CustomerDealsModel::Role::Id)).toString();
    const qint64 amountBefore = page->dealsModel()->deal(0).amountMinor;
    deals->setFocus();
    deals->setCurrentIndex(deal);

    bool edited = false;
    QTimer::singleShot(0, this, [&edited, amountBefore] {
        auto *dialog = qobject_cast<DealDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto *amount = dialog->findChild<QLineEdit *>(u"amountLineEdit"_s);
        QVERIFY(amount);
        amount->setText(QString::number(amountBefore / 100 + 1000));
        auto *buttons = dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s);
        QVERIFY(buttons);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        edited = true;
    });
    QTest::keyClick(deals, Qt::Key_Return); // opens the deal dialog, modal
    QVERIFY(edited);

    // The customer's figures and its deal changed in place; nothing moved.
    QCOMPARE(table->currentIndex().data(int(CustomerTableModel::Role::Id)).toString(), customerId);
    QCOMPARE(table->verticalScrollBar()->value(), scroll);
    QCOMPARE(pipeline(), pipelineBefore - amountBefore + (amountBefore / 100 + 1000) * 100);
    QCOMPARE(deals->currentIndex().data(int(CustomerDealsModel::Role::Id)).toString(), dealId);
    QCOMPARE(page->dealsModel()->deal(deals->currentIndex().row()).amountMinor,
             (amountBefore / 100 + 1000) * 100);

    // Undo from the Edit menu restores both.
    auto *undo = m_window->findChild<QAction *>(u"undoAction"_s);
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QCOMPARE(pipeline(), pipelineBefore);
    QCOMPARE(page->dealsModel()->deal(page->dealsModel()->rowOfId(dealId)).amountMinor,
             amountBefore);
    QCOMPARE(table->currentIndex().data(int(CustomerTableModel::Role::Id)).toString(), customerId);
    m_window->undoStack()->clear();
}

void TestMainWindow::statusBarShowsUserAndUnit()
{
    OrganizationRepository organization(*m_store);
    const Result<User> user = organization.user(m_userId);
    QVERIFY(user.ok());
    const Result<Unit> unit = organization.unit(user->unitId);
    QVERIFY(unit.ok());
    auto *userLabel = m_window->statusBar()->findChild<QLabel *>(u"userStatusLabel"_s);
    auto *unitLabel = m_window->statusBar()->findChild<QLabel *>(u"unitStatusLabel"_s);
    auto *profileLabel = m_window->statusBar()->findChild<QLabel *>(u"profileStatusLabel"_s);
    QVERIFY(userLabel && unitLabel && profileLabel);
    QVERIFY2(userLabel->text().contains(user->name), qPrintable(userLabel->text()));
    QVERIFY2(userLabel->text().contains(u"Sales rep"_s), qPrintable(userLabel->text()));
    QCOMPARE(unitLabel->text(), unit->name);
    QCOMPARE(profileLabel->text(), u"demo"_s);
    QVERIFY(userLabel->isVisible() && unitLabel->isVisible());
}

void TestMainWindow::chooseLanguageInPreferences(const QString &code)
{
    QAction *preferences = m_window->findChild<QAction *>(u"preferencesAction"_s);
    QVERIFY(preferences);
    auto *editMenu = m_window->findChild<QMenu *>(u"editMenu"_s);
    QVERIFY(editMenu && editMenu->actions().contains(preferences));
    bool handled = false;
    QTimer::singleShot(0, this, [&handled, code] {
        auto *dialog = qobject_cast<PreferencesDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto *combo = dialog->findChild<QComboBox *>(u"languageComboBox"_s);
        QVERIFY(combo);
        QCOMPARE(combo->count(), 3);
        QCOMPARE(combo->itemText(1), u"English"_s);
        QCOMPARE(combo->itemText(2), u"简体中文"_s);
        combo->setCurrentIndex(combo->findData(code));
        auto *buttons = dialog->findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        handled = true;
    });
    preferences->trigger();
    QVERIFY(handled);
    QCOMPARE(QSettings().value(u"ui/language"_s).toString(), code);
}

void TestMainWindow::preferencesSwitchLanguage()
{
    auto *navigation = child<QListWidget>(u"navigationListWidget"_s);
    auto *table = child<QTableView>(u"customerTableView"_s);
    QVERIFY(navigation && table);
    QCOMPARE(menuTitles(),
             (QStringList {u"&File"_s, u"&Edit"_s, u"&View"_s, u"&Pipeline"_s, u"&Help"_s}));
    QCOMPARE(navigation->item(0)->text(), u"Pipeline"_s);
    QCOMPARE(navigation->item(1)->text(), u"Customers"_s);
    m_window->showPage(1);
    const int total = table->model()->rowCount();
    auto *search = child<QLineEdit>(u"customerSearchLineEdit"_s);
    QTest::keyClicks(search, u"a"_s);
    const int filtered = table->model()->rowCount();

    chooseLanguageInPreferences(u"zh_CN"_s);
    QTRY_COMPARE(menuTitles(),
                 (QStringList {u"文件(&F)"_s, u"编辑(&E)"_s, u"视图(&V)"_s, u"销售管道(&P)"_s,
                               u"帮助(&H)"_s}));
    QCOMPARE(navigation->item(0)->text(), u"销售管道"_s);
    QCOMPARE(navigation->item(1)->text(), u"客户"_s);
    QCOMPARE(m_window->windowTitle(), u"客户"_s);
    QCOMPARE(table->model()->headerData(0, Qt::Horizontal).toString(), u"客户"_s);
    QVERIFY2(child<QLabel>(u"customerCountLabel"_s)->text().contains(u"位客户"_s),
             qPrintable(child<QLabel>(u"customerCountLabel"_s)->text()));
    QVERIFY(m_window->statusBar()
                ->findChild<QLabel *>(u"userStatusLabel"_s)
                ->text()
                .contains(u"销售代表"_s));
    // Nothing was lost: the search and its results stay.
    QCOMPARE(search->text(), u"a"_s);
    QCOMPARE(table->model()->rowCount(), filtered);
    QVERIFY(filtered < total || total == filtered);

    chooseLanguageInPreferences(u"en"_s);
    QTRY_COMPARE(menuTitles(),
                 (QStringList {u"&File"_s, u"&Edit"_s, u"&View"_s, u"&Pipeline"_s, u"&Help"_s}));
    QCOMPARE(navigation->item(1)->text(), u"Customers"_s);
    QCOMPARE(table->model()->headerData(0, Qt::Horizontal).toString(), u"Customer"_s);
}

void TestMainWindow::undoAndRedoHaveStandardShortcuts()
{
    QVERIFY(m_window->undoStack());
    auto *undo = m_window->findChild<QAction *>(u"undoAction"_s);
    auto *redo = m_window->findChild<QAction *>(u"redoAction"_s);
    QVERIFY(undo && redo);
    auto *editMenu = m_window->findChild<QMenu *>(u"editMenu"_s);
    QVERIFY(editMenu->actions().contains(undo) && editMenu->actions().contains(redo));
    QVERIFY(undo->shortcuts().contains(QKeySequence(QKeySequence::Undo)));
    const QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    for (const QKeySequence &key : redoKeys)
        QVERIFY(redo->shortcuts().contains(key));
    QVERIFY(redo->shortcuts().contains(QKeySequence(u"Ctrl+Shift+Z"_s)));
    QVERIFY(!undo->isEnabled());
    QVERIFY(!redo->isEnabled());

    // The actions follow the window's stack.
    int value = 0;
    class SetValue : public QUndoCommand
    {
    public:
        SetValue(int *target)
            : QUndoCommand(u"change the value"_s)
            , m_target(target)
        { }
        void redo() override { *m_target = 1; }
        void undo() override { *m_target = 0; }

    private:
        int *m_target;
    };
    m_window->undoStack()->push(new SetValue(&value));
    QCOMPARE(value, 1);
    QVERIFY(undo->isEnabled());
    QCOMPARE(undo->text(), u"&Undo change the value"_s);
    undo->trigger();
    QCOMPARE(value, 0);
    QVERIFY(redo->isEnabled());
    redo->trigger();
    QCOMPARE(value, 1);
    m_window->undoStack()->clear();
}

void TestMainWindow::viewMenuSwitchesPages()
{
    auto *viewMenu = m_window->findChild<QMenu *>(u"viewMenu"_s);
    QVERIFY(viewMenu);
    auto *extra = new QLabel(u"Extra placeholder"_s);
    const int before = m_window->pageCount();
    const int index = m_window->addPage(extra, QIcon(), [] { return u"Extra"_s; });
    QCOMPARE(index, before);
    QCOMPARE(m_window->pageCount(), before + 1);
    QCOMPARE(viewMenu->actions().size(), before + 1);
    QAction *added = viewMenu->actions().at(index);
    QCOMPARE(added->shortcut(), QKeySequence(u"Ctrl+%1"_s.arg(index + 1)));
    added->trigger();
    QCOMPARE(m_window->currentPageIndex(), index);
    QCOMPARE(child<QListWidget>(u"navigationListWidget"_s)->currentRow(), index);
    QCOMPARE(m_window->windowTitle(), u"Extra"_s);
    viewMenu->actions().at(0)->trigger();
    QCOMPARE(m_window->currentPageIndex(), 0);
}

void TestMainWindow::geometryIsRestored()
{
    m_window->resize(1111, 777);
    QTest::qWait(50);
    const QSize size = m_window->size();
    QVERIFY(size != QSize(1480, 900)); // not the default size
    m_window->close();
    m_window = std::make_unique<MainWindow>(*m_store, u"demo"_s, m_userId, m_languages);
    // The offscreen platform may round the restored frame by a pixel.
    const QSize restored = m_window->size();
    QVERIFY2(qAbs(restored.width() - size.width()) <= 2
                 && qAbs(restored.height() - size.height()) <= 2,
             qPrintable(u"%1x%2 instead of %3x%4"_s.arg(restored.width())
                            .arg(restored.height())
                            .arg(size.width())
                            .arg(size.height())));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
