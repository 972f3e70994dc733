#include "dealdialog.h"
#include "dealtimelinewidget.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "pipelineboardwidget.h"
#include "pipelinecardview.h"
#include "pipelinecolumnheader.h"
#include "pipelinedropzone.h"
#include "pipelinefilterbar.h"
#include "pipelinemover.h"
#include "pipelinepage.h"
#include "stagegatedialog.h"

#include "activityrepository.h"
#include "dealactivitymodel.h"
#include "dealrepository.h"
#include "demogenerator.h"
#include "localstore.h"
#include "organizationrepository.h"
#include "pipelineboardmodel.h"
#include "pipelinecolumnmodel.h"
#include "pipelinetablemodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QInputMethodEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QTabWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

const qint64 demoNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr int demoDeals = 500;

// Runs handle on the next modal dialog (of type T) once it is shown.
template<typename T> void whenModal(QObject *context, std::function<void(T *)> handle)
{
    auto *timer = new QTimer(context);
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, context, [timer, handle] {
        if (auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            handle(dialog);
        }
    });
    timer->start();
}

} // namespace

class tst_PipelinePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheUnitsStagesAndTotals();
    void dragAndDropMovesTheDeal();
    void keyboardMovesAndNavigates();
    void stageGateAsksForMissingFields();
    void stageGateCancelLeavesTheDeal();
    void dropOnLostAsksForAReason();
    void wonDealsCanBeReopened();
    void undoAndRedoRestoreTheStore();
    void searchFiltersAsTheUserTypes();
    void filtersAreRememberedPerUser();
    void listShowsTheSameDealsAndExportsCsv();
    void doubleClickOpensTheDealDialog();
    void timelineAddsAnActivity();
    void worksInTheMainWindow();
    void fillsInWhenTheFirstPullBringsTheUser();

private:
    void openPage(const QString &userId);
    QVariant scalar(const QString &sql, const QVariantList &bindings = {});
    QVariantMap dealRow(const QString &dealId);
    int outboxCount();
    PipelineCardView *view(int column) const;
    QModelIndex cardIndex(int column, qint64 rowId) const;
    qint64 firstCard(int column) const;
    QString dealIdOf(qint64 rowId);
    void clickCard(int column, qint64 rowId);
    void dropOn(QWidget *target, const QMimeData *data);
    bool waitForColumn(qint64 rowId, int column);

    QTemporaryDir m_templateDir;
    QString m_templatePath;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<QUndoStack> m_undoStack;
    std::unique_ptr<PipelinePage> m_page;
    QString m_repId;
    QString m_hqId;
};

void tst_PipelinePage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_templateDir.isValid());
    m_templatePath = m_templateDir.filePath(u"template.outpost"_s);
    Result<std::unique_ptr<LocalStore>> store = LocalStore::open(m_templatePath);
    QVERIFY(store.ok());
    DemoGenerator::Options options;
    options.deals = demoDeals;
    options.nowMs = demoNow;
    DemoGenerator generator(options);
    QVERIFY(generator.generate(*store.value()).ok());
    m_repId = generator.demoUserId();
    QSqlQuery q = store.value()->query();
    QVERIFY(q.exec(u"SELECT id FROM users WHERE role = 'hq' LIMIT 1"_s) && q.next());
    m_hqId = q.value(0).toString();
}

void tst_PipelinePage::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    const QString path = m_dir->filePath(u"page.outpost"_s);
    QVERIFY(QFile::copy(m_templatePath, path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    Result<std::unique_ptr<LocalStore>> store = LocalStore::open(path);
    QVERIFY(store.ok());
    m_store = std::move(store).value();
    m_store->setWallClock([] { return demoNow + 3'600'000; });
    m_undoStack = std::make_unique<QUndoStack>();
    openPage(m_repId);
}

void tst_PipelinePage::cleanup()
{
    m_page.reset();
    m_undoStack.reset();
    m_store.reset();
    m_dir.reset();
}

void tst_PipelinePage::openPage(const QString &userId)
{
    m_page.reset();
    m_page = std::make_unique<PipelinePage>(*m_store, m_undoStack.get(), userId);
    QSignalSpy loaded(m_page.get(), &PipelinePage::loaded);
    m_page->resize(1500, 900);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QVERIFY(loaded.count() > 0 || loaded.wait(30000));
    m_page->boardModel()->setNow(demoNow);
}

QVariant tst_PipelinePage::scalar(const QString &sql, const QVariantList &bindings)
{
    QSqlQuery q = m_store->query();
    q.prepare(sql);
    for (const QVariant &value : bindings)
        q.addBindValue(value);
    if (!q.exec() || !q.next())
        return {};
    return q.value(0);
}

QVariantMap tst_PipelinePage::dealRow(const QString &dealId)
{
    // The synced columns (updated_at is the time of the last write, not data).
    QSqlQuery q = m_store->query();
    q.prepare(u"SELECT * FROM deals WHERE id = ?"_s);
    q.addBindValue(dealId);
    QVariantMap row;
    if (q.exec() && q.next()) {
        for (int i = 0; i < q.record().count(); ++i) {
            if (q.record().fieldName(i) != u"updated_at"_s)
                row.insert(q.record().fieldName(i), q.value(i));
        }
    }
    return row;
}

int tst_PipelinePage::outboxCount()
{
    return scalar(u"SELECT count(*) FROM outbox"_s).toInt();
}

PipelineCardView *tst_PipelinePage::view(int column) const
{
    return m_page->findChild<PipelineCardView *>(u"stage%1PipelineCardView"_s.arg(column));
}

QModelIndex tst_PipelinePage::cardIndex(int column, qint64 rowId) const
{
    const QAbstractItemModel *model = view(column)->model();
    const QModelIndexList found = model->match(
        model->index(0, 0), int(PipelineColumnModel::Role::RowId), rowId, 1, Qt::MatchExactly);
    return found.value(0);
}

qint64 tst_PipelinePage::firstCard(int column) const
{
    return view(column)
        ->model()
        ->index(0, 0)
        .data(int(PipelineColumnModel::Role::RowId))
        .toLongLong();
}

QString tst_PipelinePage::dealIdOf(qint64 rowId)
{
    return scalar(u"SELECT id FROM deals WHERE rowid = ?"_s, {rowId}).toString();
}

void tst_PipelinePage::clickCard(int column, qint64 rowId)
{
    PipelineCardView *cards = view(column);
    const QModelIndex index = cardIndex(column, rowId);
    cards->scrollTo(index);
    QTest::mouseClick(cards->viewport(), Qt::LeftButton, {}, cards->visualRect(index).center());
}

void tst_PipelinePage::dropOn(QWidget *target, const QMimeData *data)
{
    // What a drag delivers to the widget under the cursor: enter, move, drop. (The offscreen
    // platform has no drag and drop of its own, so the events go straight to the target.)
    const QPoint point = target->rect().center();
    QDragEnterEvent enter(point, Qt::MoveAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(point, Qt::MoveAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &move);
    QVERIFY(move.isAccepted());
    QDropEvent drop(QPointF(point), Qt::MoveAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
}

bool tst_PipelinePage::waitForColumn(qint64 rowId, int column)
{
    PipelineBoardModel *board = m_page->boardModel();
    return QTest::qWaitFor([&] {
        const int index = board->cardIndex(rowId);
        return index >= 0 && board->isShown(index)
            && board->columnOfCard(board->card(index)) == column;
    });
}

void tst_PipelinePage::showsTheUnitsStagesAndTotals()
{
    PipelineBoardModel *board = m_page->boardModel();
    // The demo rep's unit uses HQ's template: its stages, then Won and Lost.
    QSqlQuery q = m_store->query();
    QVERIFY(q.exec(u"SELECT name FROM stages WHERE unit_id IS NULL ORDER BY position"_s));
    QStringList stages;
    while (q.next())
        stages.append(q.value(0).toString());
    QCOMPARE(board->stageColumnCount(), stages.size());
    for (int column = 0; column < stages.size(); ++column) {
        auto *header = m_page->findChild<PipelineColumnHeader *>(
            u"stage%1PipelineColumnHeader"_s.arg(column));
        QVERIFY(header);
        QCOMPARE(header->nameText(), stages.at(column));
        QCOMPARE(header->countText(), QLocale().toString(view(column)->model()->rowCount()));
    }
    QVERIFY(m_page->findChild<PipelineDropZone *>(u"wonPipelineDropZone"_s));
    QVERIFY(m_page->findChild<PipelineDropZone *>(u"lostPipelineDropZone"_s));
    // Only the unit's open deals.
    const QString unit = scalar(u"SELECT unit_id FROM users WHERE id = ?"_s, {m_repId}).toString();
    QCOMPARE(board->matchCount(),
             scalar(u"SELECT count(*) FROM deals WHERE unit_id = ? AND status = 'open' AND "
                    u"deleted = 0"_s,
                    {unit})
                 .toInt());
    auto *count = m_page->findChild<QLabel *>(u"matchCountLabel"_s);
    QVERIFY(count->text().contains(QLocale().toString(board->matchCount())));
    // Cards are painted by the delegate: the column is one view, not a widget per card.
    QVERIFY(view(0)->model()->rowCount() > 5);
    QCOMPARE(view(0)->findChildren<QLabel *>().size(), 0);
}

void tst_PipelinePage::dragAndDropMovesTheDeal()
{
    PipelineBoardModel *board = m_page->boardModel();
    auto *firstHeader = m_page->findChild<PipelineColumnHeader *>(u"stage0PipelineColumnHeader"_s);
    auto *secondHeader = m_page->findChild<PipelineColumnHeader *>(u"stage1PipelineColumnHeader"_s);
    const int firstCount = view(0)->model()->rowCount();
    const int secondCount = view(1)->model()->rowCount();
    const QString secondAmount = secondHeader->amountText();
    const qint64 rowId = firstCard(0);
    const QString dealId = dealIdOf(rowId);
    const QVariantMap before = dealRow(dealId);
    const int outbox = outboxCount();

    // Press on the card (a real mouse click selects it), then drop what the view drags.
    clickCard(0, rowId);
    QCOMPARE(m_page->selectedRowIds(), QList<qint64> {rowId});
    std::unique_ptr<QMimeData> data(
        view(0)->model()->mimeData(view(0)->selectionModel()->selectedIndexes()));
    QVERIFY(data);
    dropOn(view(1)->viewport(), data.get());
    QVERIFY(waitForColumn(rowId, 1));

    // The store: the row, exactly the side effects of a stage change in the deal dialog.
    const QString qualified = scalar(u"SELECT id FROM stages WHERE unit_id IS NULL AND "
                                     u"position = 2"_s)
                                  .toString();
    const QVariantMap after = dealRow(dealId);
    QCOMPARE(after.value(u"stage_id"_s).toString(), qualified);
    QCOMPARE(after.value(u"stage_entered_at"_s).toLongLong(), demoNow + 3'600'000);
    QCOMPARE(after.value(u"probability"_s).toInt(),
             scalar(u"SELECT win_probability FROM stages WHERE id = ?"_s, {qualified}).toInt());
    QCOMPARE(after.value(u"amount_minor"_s), before.value(u"amount_minor"_s));
    // ...the history and one outbox entry with the changed fields.
    QCOMPARE(scalar(u"SELECT count(*) FROM field_history WHERE row_id = ? AND field = 'stage_id'"_s,
                    {dealId})
                 .toInt(),
             1);
    QCOMPARE(outboxCount(), outbox + 1);
    const QJsonObject fields
        = QJsonDocument::fromJson(
              scalar(u"SELECT fields FROM outbox ORDER BY device_seq DESC"_s).toString().toUtf8())
              .object();
    QCOMPARE(fields.value(u"stage_id"_s).toObject().value(u"value"_s).toString(), qualified);
    QVERIFY(fields.contains(u"stage_entered_at"_s));
    // The undo stack: one undoable step named after the move.
    QCOMPARE(m_undoStack->count(), 1);
    QVERIFY(m_undoStack->undoText().contains(board->index(1).data().toString()));
    // The headers follow.
    QCOMPARE(view(0)->model()->rowCount(), firstCount - 1);
    QCOMPARE(view(1)->model()->rowCount(), secondCount + 1);
    QCOMPARE(firstHeader->countText(), QLocale().toString(firstCount - 1));
    QCOMPARE(secondHeader->countText(), QLocale().toString(secondCount + 1));
    QVERIFY(secondHeader->amountText() != secondAmount || before.value(u"amount_minor"_s) == 0);
    QCOMPARE(board->totals(1).count, secondCount + 1);
    qint64 sum = 0;
    for (const PipelineBoardModel::CurrencyTotal &total : board->totals(1).currencies)
        sum += total.amountMinor;
    const QString unit = scalar(u"SELECT unit_id FROM users WHERE id = ?"_s, {m_repId}).toString();
    QCOMPARE(sum,
             scalar(u"SELECT sum(amount_minor) FROM deals WHERE stage_id = ? AND unit_id = ? "
                    u"AND status = 'open' AND deleted = 0"_s,
                    {qualified, unit})
                 .toLongLong());
    // The moved card stays selected in its new column.
    QCOMPARE(m_page->selectedRowIds(), QList<qint64> {rowId});
}

void tst_PipelinePage::keyboardMovesAndNavigates()
{
    const qint64 rowId = firstCard(0);
    clickCard(0, rowId);
    QVERIFY(view(0)->hasFocus());
    const int outbox = outboxCount();

    // Ctrl+Shift+Right: to the next stage; the card keeps the selection and the focus.
    QTest::keyClick(view(0), Qt::Key_Right, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(waitForColumn(rowId, 1));
    QCOMPARE(outboxCount(), outbox + 1);
    QCOMPARE(m_page->selectedRowIds(), QList<qint64> {rowId});
    QVERIFY(view(1)->hasFocus());
    // Ctrl+Shift+Left: back.
    QTest::keyClick(view(1), Qt::Key_Left, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(waitForColumn(rowId, 0));
    QCOMPARE(m_undoStack->count(), 2);

    // Right and Left move the focus between columns; "/" goes to the search.
    QVERIFY(view(0)->hasFocus() || view(1)->hasFocus());
    view(0)->setFocus();
    QTest::keyClick(view(0), Qt::Key_Right);
    QVERIFY(view(1)->hasFocus());
    QCOMPARE(m_page->selectedRowIds().size(), 1);
    QTest::keyClick(view(1), Qt::Key_Slash);
    QVERIFY(m_page->filterBar()->searchLineEdit()->hasFocus());
    // Typing "/" in the search field is text, not a shortcut.
    QTest::keyClick(m_page->filterBar()->searchLineEdit(), Qt::Key_Slash);
    QCOMPARE(m_page->filterBar()->searchLineEdit()->text(), u"/"_s);
}

void tst_PipelinePage::stageGateAsksForMissingFields()
{
    // A deal without amount and expected close, moved to Proposal (which requires both).
    const qint64 rowId = firstCard(0);
    const QString dealId = dealIdOf(rowId);
    QVERIFY(DealRepository(*m_store)
                .update(dealId, {{u"amount_minor"_s, 0}, {u"expected_close"_s, QVariant()}})
                .ok());
    m_undoStack->clear();
    const int outbox = outboxCount();
    const int proposal = 4;
    QCOMPARE(m_page->boardModel()
                 ->index(proposal)
                 .data(int(PipelineBoardModel::Role::RequiredFields))
                 .toStringList(),
             (QStringList {u"amount_minor"_s, u"expected_close"_s}));

    bool rejectedFirst = false;
    whenModal<StageGateDialog>(this, [&](StageGateDialog *dialog) {
        QCOMPARE(dialog->columns(), (QStringList {u"amount_minor"_s, u"expected_close"_s}));
        auto *amount = dialog->findChild<QLineEdit *>(u"amountLineEdit"_s);
        auto *close = dialog->findChild<QDateEdit *>(u"expectedCloseDateEdit"_s);
        auto *error = dialog->findChild<QLabel *>(u"stageGateErrorLabel"_s);
        QVERIFY(amount && close && error);
        // Not an amount: refused inline, the dialog stays.
        amount->setText(u"lots"_s);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(dialog->isVisible());
        QVERIFY(error->isVisible());
        rejectedFirst = true;
        amount->clear();
        QTest::keyClicks(amount, u"12345.50"_s);
        close->setDate(QDate(2027, 1, 15));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    });
    QVERIFY(m_page->mover()->move({rowId}, proposal));
    QVERIFY(rejectedFirst);
    QVERIFY(waitForColumn(rowId, proposal));

    // ONE command and one outbox entry with the stage and the filled fields.
    QCOMPARE(m_undoStack->count(), 1);
    QCOMPARE(outboxCount(), outbox + 1);
    const QVariantMap row = dealRow(dealId);
    QCOMPARE(row.value(u"amount_minor"_s).toLongLong(), 1234550);
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(row.value(u"expected_close"_s).toLongLong()).date(),
             QDate(2027, 1, 15));
    QCOMPARE(row.value(u"stage_id"_s).toString(), m_page->boardModel()->boardStage(proposal)->id);
    const QJsonObject fields
        = QJsonDocument::fromJson(
              scalar(u"SELECT fields FROM outbox ORDER BY device_seq DESC"_s).toString().toUtf8())
              .object();
    QVERIFY(fields.contains(u"stage_id"_s));
    QVERIFY(fields.contains(u"amount_minor"_s));
    QVERIFY(fields.contains(u"expected_close"_s));
    // Undo takes all of it back in one step.
    m_undoStack->undo();
    QVERIFY(waitForColumn(rowId, 0));
    QCOMPARE(dealRow(dealId).value(u"amount_minor"_s).toLongLong(), 0);
}

void tst_PipelinePage::stageGateCancelLeavesTheDeal()
{
    const qint64 rowId = firstCard(0);
    const QString dealId = dealIdOf(rowId);
    QVERIFY(DealRepository(*m_store).update(dealId, {{u"amount_minor"_s, 0}}).ok());
    const QVariantMap before = dealRow(dealId);
    const int outbox = outboxCount();
    whenModal<StageGateDialog>(this, [](StageGateDialog *dialog) {
        QVERIFY(dialog->findChild<QLineEdit *>(u"amountLineEdit"_s));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->click();
    });
    // A drop on Proposal: the board asks, the user cancels.
    clickCard(0, rowId);
    std::unique_ptr<QMimeData> data(
        view(0)->model()->mimeData(view(0)->selectionModel()->selectedIndexes()));
    dropOn(view(4)->viewport(), data.get());
    QTest::qWait(200);
    QVERIFY(!QApplication::activeModalWidget());
    QCOMPARE(dealRow(dealId), before);
    QCOMPARE(outboxCount(), outbox);
    QCOMPARE(m_undoStack->count(), 0);
    QVERIFY(cardIndex(0, rowId).isValid());
    QVERIFY(!cardIndex(4, rowId).isValid());
}

void tst_PipelinePage::dropOnLostAsksForAReason()
{
    PipelineBoardModel *board = m_page->boardModel();
    const qint64 rowId = firstCard(2);
    const QString dealId = dealIdOf(rowId);
    const int lostBefore = board->totals(board->lostRow()).count;
    auto *lostZone = m_page->findChild<PipelineDropZone *>(u"lostPipelineDropZone"_s);
    whenModal<StageGateDialog>(this, [](StageGateDialog *dialog) {
        auto *reason = dialog->findChild<QComboBox *>(u"lostReasonComboBox"_s);
        QVERIFY(reason);
        QVERIFY(reason->count() > 1); // reasons given before, as suggestions
        // No reason: refused.
        reason->setEditText(QString());
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(dialog->isVisible());
        reason->setEditText(u"Budget frozen until Q3"_s);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    });
    clickCard(2, rowId);
    std::unique_ptr<QMimeData> data(
        view(2)->model()->mimeData(view(2)->selectionModel()->selectedIndexes()));
    dropOn(lostZone, data.get());
    QVERIFY(QTest::qWaitFor([&] { return !board->isShown(board->cardIndex(rowId)); }));
    const QVariantMap row = dealRow(dealId);
    QCOMPARE(row.value(u"status"_s).toString(), u"lost"_s);
    QCOMPARE(row.value(u"lost_reason"_s).toString(), u"Budget frozen until Q3"_s);
    QCOMPARE(row.value(u"probability"_s).toInt(), 0);
    QCOMPARE(board->totals(board->lostRow()).count, lostBefore + 1);
    QCOMPARE(lostZone->header()->countText(), QLocale().toString(lostBefore + 1));
}

void tst_PipelinePage::wonDealsCanBeReopened()
{
    PipelineBoardModel *board = m_page->boardModel();
    auto *status = m_page->findChild<QComboBox *>(u"statusFilterComboBox"_s);
    status->setCurrentIndex(status->findData(u"won"_s));
    QCOMPARE(board->filter().status, PipelineFilter::Status::Won);
    int column = 0;
    while (column < board->stageColumnCount() && view(column)->model()->rowCount() == 0)
        ++column;
    QVERIFY(column < board->stageColumnCount());
    const qint64 rowId = firstCard(column);
    const QString dealId = dealIdOf(rowId);
    QCOMPARE(dealRow(dealId).value(u"status"_s).toString(), u"won"_s);
    clickCard(column, rowId);
    QVERIFY(m_page->reopenAction()->isEnabled());
    QVERIFY(!m_page->markWonAction()->isEnabled());
    m_page->reopenAction()->trigger();
    QVERIFY(QTest::qWaitFor([&] { return !board->isShown(board->cardIndex(rowId)); }));
    const QVariantMap row = dealRow(dealId);
    QCOMPARE(row.value(u"status"_s).toString(), u"open"_s);
    QVERIFY(row.value(u"closed_at"_s).isNull());
    // Back on the open board, in its stage.
    status->setCurrentIndex(status->findData(u"open"_s));
    QVERIFY(cardIndex(column, rowId).isValid());
}

void tst_PipelinePage::undoAndRedoRestoreTheStore()
{
    const qint64 rowId = firstCard(1);
    const QString dealId = dealIdOf(rowId);
    const QVariantMap original = dealRow(dealId);
    const int outbox = outboxCount();
    QVERIFY(m_page->mover()->move({rowId}, 2));
    QVERIFY(waitForColumn(rowId, 2));
    const QVariantMap moved = dealRow(dealId);
    QVERIFY(moved != original);

    const auto lastOutboxValues = [this] {
        const QJsonObject fields
            = QJsonDocument::fromJson(scalar(u"SELECT fields FROM outbox ORDER BY device_seq "
                                             u"DESC"_s)
                                          .toString()
                                          .toUtf8())
                  .object();
        QVariantMap values;
        for (auto it = fields.begin(); it != fields.end(); ++it)
            values.insert(it.key(), it.value().toObject().value(u"value"_s).toVariant());
        return values;
    };
    const auto matches = [](const QVariantMap &values, const QVariantMap &row) {
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            if (it.value().toString() != row.value(it.key()).toString())
                return false;
        }
        return !values.isEmpty();
    };

    for (int round = 0; round < 2; ++round) {
        m_undoStack->undo();
        QVERIFY(waitForColumn(rowId, 1));
        QCOMPARE(dealRow(dealId), original);
        // Each step is a change of its own: its outbox entry carries the restored values.
        QVERIFY(matches(lastOutboxValues(), original));
        m_undoStack->redo();
        QVERIFY(waitForColumn(rowId, 2));
        QCOMPARE(dealRow(dealId), moved);
        QVERIFY(matches(lastOutboxValues(), moved));
    }
    QCOMPARE(outboxCount(), outbox + 5);
    m_undoStack->undo();
    QCOMPARE(dealRow(dealId), original);
    // The board's totals are those of the store again.
    QCOMPARE(m_page->boardModel()->totals(1).count, view(1)->model()->rowCount());
}

void tst_PipelinePage::searchFiltersAsTheUserTypes()
{
    PipelineBoardModel *board = m_page->boardModel();
    QLineEdit *search = m_page->findChild<QLineEdit *>(u"boardSearchLineEdit"_s);
    QVERIFY(search);
    const int all = board->matchCount();
    QTest::keyClicks(search, u"Clou"_s);
    QVERIFY(QTest::qWaitFor([&] { return !board->searchPending(); }));
    const QString unit = scalar(u"SELECT unit_id FROM users WHERE id = ?"_s, {m_repId}).toString();
    const int expected
        = scalar(u"SELECT count(*) FROM deals d WHERE d.unit_id = ? AND d.status = 'open' AND "
                 u"d.deleted = 0 AND d.rowid IN (SELECT rowid FROM deals_fts WHERE deals_fts "
                 u"MATCH '\"Clou\"')"_s,
                 {unit})
              .toInt();
    QVERIFY(expected > 0 && expected < all);
    QCOMPARE(board->matchCount(), expected);
    auto *count = m_page->findChild<QLabel *>(u"matchCountLabel"_s);
    QVERIFY(count->text().contains(QLocale().toString(expected)));
    // Two characters: the LIKE path; Chinese works the same.
    search->clear();
    QCOMPARE(board->matchCount(), all);
    // Chinese arrives from the input method as committed text.
    QInputMethodEvent commit;
    commit.setCommitString(u"上海"_s);
    QApplication::sendEvent(search, &commit);
    QVERIFY(QTest::qWaitFor([&] { return !board->searchPending(); }));
    const int chinese = scalar(u"SELECT count(*) FROM deals d JOIN customers c ON c.id = "
                               u"d.customer_id WHERE d.unit_id = ? AND d.status = 'open' AND "
                               u"d.deleted = 0 AND (d.title LIKE '%上海%' OR c.name LIKE '%上海%' "
                               u"OR d.notes LIKE '%上海%')"_s,
                               {unit})
                            .toInt();
    QVERIFY(chinese > 0);
    QCOMPARE(board->matchCount(), chinese);
    // Filters combine with the search.
    auto *rotting = m_page->findChild<QCheckBox *>(u"rottingOnlyCheckBox"_s);
    rotting->setChecked(true);
    QVERIFY(board->matchCount() <= chinese);
    for (int column = 0; column < board->stageColumnCount(); ++column) {
        const QAbstractItemModel *model = view(column)->model();
        for (int row = 0; row < model->rowCount(); ++row)
            QVERIFY(model->index(row, 0).data(int(PipelineColumnModel::Role::Rotting)).toBool());
    }
}

void tst_PipelinePage::filtersAreRememberedPerUser()
{
    auto *owner = m_page->findChild<QComboBox *>(u"ownerFilterComboBox"_s);
    auto *minAmount = m_page->findChild<QLineEdit *>(u"minAmountLineEdit"_s);
    auto *rotting = m_page->findChild<QCheckBox *>(u"rottingOnlyCheckBox"_s);
    auto *sort = m_page->findChild<QComboBox *>(u"sortComboBox"_s);
    QVERIFY(owner && minAmount && rotting && sort);
    QCOMPARE(owner->currentData().toString(), QString()); // everyone: the unit's pipeline
    owner->setCurrentIndex(owner->findData(m_repId)); // "Mine"
    QTest::keyClicks(minAmount, u"50000"_s);
    rotting->setChecked(true);
    sort->setCurrentIndex(sort->findData(int(PipelineBoardModel::SortKey::Amount)));
    const PipelineFilter chosen = m_page->boardModel()->filter();
    QCOMPARE(chosen.ownerId, m_repId);
    QCOMPARE(chosen.minAmountMinor, 5'000'000);
    // Every card shown is the rep's.
    for (int column = 0; column < m_page->boardModel()->stageColumnCount(); ++column) {
        const QAbstractItemModel *model = view(column)->model();
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->index(row, 0).data(int(PipelineColumnModel::Role::OwnerId)).toString(),
                     m_repId);
    }

    openPage(m_repId);
    QCOMPARE(m_page->boardModel()->filter(), chosen);
    QCOMPARE(m_page->boardModel()->sortKey(), PipelineBoardModel::SortKey::Amount);
    QCOMPARE(m_page->findChild<QComboBox *>(u"ownerFilterComboBox"_s)->currentData().toString(),
             m_repId);
    QVERIFY(m_page->findChild<QCheckBox *>(u"rottingOnlyCheckBox"_s)->isChecked());
    // Another user starts from the defaults, and HQ chooses among every unit.
    openPage(m_hqId);
    QVERIFY(m_page->boardModel()->filter().isDefault());
    auto *units = m_page->findChild<QToolButton *>(u"unitFilterToolButton"_s);
    QVERIFY(units && units->isVisibleTo(m_page.get()));
    QVERIFY(
        m_page->boardModel()->matchCount()
        == scalar(u"SELECT count(*) FROM deals WHERE status = 'open' AND deleted = 0"_s).toInt());
}

void tst_PipelinePage::listShowsTheSameDealsAndExportsCsv()
{
    auto *listButton = m_page->findChild<QToolButton *>(u"listViewToolButton"_s);
    QTest::mouseClick(listButton, Qt::LeftButton);
    QVERIFY(m_page->isListShown());
    auto *table = m_page->findChild<QTableView *>(u"pipelineTableView"_s);
    QVERIFY(table->isVisible());
    PipelineTableModel *model = m_page->tableModel();
    QCOMPARE(model->rowCount(), m_page->boardModel()->matchCount());
    // Sortable by any column.
    table->sortByColumn(int(PipelineTableModel::Column::Amount), Qt::DescendingOrder);
    for (int row = 1; row < model->rowCount(); ++row) {
        QVERIFY(model->index(row - 1, int(PipelineTableModel::Column::Amount))
                    .data(int(PipelineTableModel::Role::SortValue))
                    .toLongLong()
                >= model->index(row, int(PipelineTableModel::Column::Amount))
                       .data(int(PipelineTableModel::Role::SortValue))
                       .toLongLong());
    }
    // A customer with a comma in the name is quoted; Chinese stays Chinese.
    const QString customerId
        = model->index(0, 0).data(int(PipelineTableModel::Role::RowId)).isValid()
        ? scalar(u"SELECT customer_id FROM deals WHERE rowid = ?"_s,
                 {model->index(0, 0).data(int(PipelineTableModel::Role::RowId))})
              .toString()
        : QString();
    QSqlQuery rename = m_store->query();
    rename.prepare(u"UPDATE customers SET name = '上海, \"测试\" 公司' WHERE id = ?"_s);
    rename.addBindValue(customerId);
    QVERIFY(rename.exec());
    m_page->reload();
    QVERIFY(QTest::qWaitFor([&] { return !m_page->isLoading(); }));
    // Hidden columns are not exported.
    table->horizontalHeader()->setSectionHidden(int(PipelineTableModel::Column::Region), true);

    const QString path = m_dir->filePath(u"deals.csv"_s);
    QString error;
    QVERIFY2(m_page->exportCsv(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    const QString text = QString::fromUtf8(bytes.mid(3));
    const QStringList lines = text.split(u"\r\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), model->rowCount() + 1);
    QVERIFY(lines.constFirst().startsWith(u"Deal,Customer,Stage"_s));
    QVERIFY(!lines.constFirst().contains(u"Region"_s));
    QVERIFY(text.contains(u"\"上海, \"\"测试\"\" 公司\""_s));

    // An export that cannot be written says why.
    QVERIFY(!m_page->exportCsv(m_dir->filePath(u"missing/folder/deals.csv"_s), &error));
    QVERIFY(!error.isEmpty());
}

void tst_PipelinePage::doubleClickOpensTheDealDialog()
{
    const qint64 rowId = firstCard(0);
    const QString title = dealRow(dealIdOf(rowId)).value(u"title"_s).toString();
    bool opened = false;
    whenModal<DealDialog>(this, [&](DealDialog *dialog) {
        opened = dialog->dealId() == dealIdOf(rowId);
        dialog->reject();
    });
    const QModelIndex index = cardIndex(0, rowId);
    QTest::mouseDClick(view(0)->viewport(), Qt::LeftButton, {},
                       view(0)->visualRect(index).center());
    QVERIFY(QTest::qWaitFor([&] { return opened; }));
    Q_UNUSED(title);
}

void tst_PipelinePage::timelineAddsAnActivity()
{
    const qint64 rowId = firstCard(0);
    const QString dealId = dealIdOf(rowId);
    DealTimelineWidget timeline(*m_store, m_undoStack.get(), m_repId, dealId);
    timeline.show();
    const int before = timeline.model()->rowCount();
    const int outbox = outboxCount();
    auto *note = timeline.findChild<QPushButton *>(u"noteKindPushButton"_s);
    auto *subject = timeline.findChild<QLineEdit *>(u"activitySubjectLineEdit"_s);
    auto *add = timeline.findChild<QPushButton *>(u"addActivityPushButton"_s);
    QVERIFY(note && subject && add);
    // Nothing to add: refused with a reason.
    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY(timeline.findChild<QLabel *>(u"activityErrorLabel"_s)->isVisible());
    QCOMPARE(timeline.model()->rowCount(), before);

    QTest::mouseClick(note, Qt::LeftButton);
    QInputMethodEvent commit;
    commit.setCommitString(u"客户要求补充报价"_s);
    QApplication::sendEvent(subject, &commit);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(timeline.model()->rowCount(), before + 1);
    QCOMPARE(scalar(u"SELECT count(*) FROM activities WHERE deal_id = ? AND kind = 'note' AND "
                    u"subject = '客户要求补充报价' AND deleted = 0"_s,
                    {dealId})
                 .toInt(),
             1);
    // Logging work keeps the deal from rotting: its last activity moves; the board follows.
    QCOMPARE(dealRow(dealId).value(u"last_activity_at"_s).toLongLong(), demoNow + 3'600'000);
    QVERIFY(outboxCount() >= outbox + 2);
    PipelineBoardModel *board = m_page->boardModel();
    QCOMPARE(board->card(board->cardIndex(rowId)).lastActivityAt, demoNow + 3'600'000);
    // Undo takes it away again.
    m_undoStack->undo();
    QCOMPARE(timeline.model()->rowCount(), before);
    QCOMPARE(scalar(u"SELECT count(*) FROM activities WHERE deal_id = ? AND subject = "
                    u"'客户要求补充报价' AND deleted = 0"_s,
                    {dealId})
                 .toInt(),
             0);
}

void tst_PipelinePage::worksInTheMainWindow()
{
    m_page.reset();
    LanguageManager languages;
    MainWindow window(*m_store, u"demo"_s, m_repId, languages);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PipelinePage *page = window.pipelinePage();
    QVERIFY(page);
    // The first page, shown by default, with its menu.
    QCOMPARE(window.currentPageIndex(), 0);
    QCOMPARE(window.findChild<QListWidget *>(u"navigationListWidget"_s)->item(0)->text(),
             u"Pipeline"_s);
    QMenu *menu = window.findChild<QMenu *>(u"pipelineMenu"_s);
    QVERIFY(menu && window.menuBar()->actions().contains(menu->menuAction()));
    QVERIFY(QTest::qWaitFor([page] { return !page->isLoading(); }, 30000));
    page->boardModel()->setNow(demoNow);

    // A keyboard move, then Ctrl+Z and Ctrl+Shift+Z from the window.
    auto *first = page->findChild<PipelineCardView *>(u"stage0PipelineCardView"_s);
    const qint64 rowId
        = first->model()->index(0, 0).data(int(PipelineColumnModel::Role::RowId)).toLongLong();
    const QString dealId = dealIdOf(rowId);
    const QVariantMap before = dealRow(dealId);
    first->setFocus();
    first->setCurrentIndex(first->model()->index(0, 0));
    first->selectionModel()->select(first->model()->index(0, 0),
                                    QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(first, Qt::Key_Right, Qt::ControlModifier | Qt::ShiftModifier);
    PipelineBoardModel *board = page->boardModel();
    const auto column = [&] {
        return board->columnOfCard(board->card(board->cardIndex(rowId)));
    };
    QTRY_COMPARE(column(), 1);
    QVERIFY(window.undoStack()->canUndo());
    auto *undo = window.findChild<QAction *>(u"undoAction"_s);
    QVERIFY(undo->text().contains(board->index(1).data().toString()));
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(column(), 0);
    QCOMPARE(dealRow(dealId), before);
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(column(), 1);

    // Edit > Find searches the deals while the board is shown.
    auto *find = window.findChild<QAction *>(u"findAction"_s);
    find->trigger();
    QVERIFY(page->filterBar()->searchLineEdit()->hasFocus());
    QVERIFY(find->text().contains(u"Deals"_s));

    // The deal dialog has the timeline.
    bool hasTimeline = false;
    whenModal<DealDialog>(this, [&](DealDialog *dialog) {
        auto *tabs = dialog->findChild<QTabWidget *>(u"tabWidget"_s);
        auto *timeline = dialog->findChild<DealTimelineWidget *>();
        hasTimeline = tabs && timeline && tabs->indexOf(timeline) >= 0
            && tabs->tabText(tabs->indexOf(timeline)) == DealTimelineWidget::title();
        dialog->reject();
    });
    page->openDeal(rowId);
    QVERIFY(hasTimeline);
    window.undoStack()->clear();
}

void tst_PipelinePage::fillsInWhenTheFirstPullBringsTheUser()
{
    // Signed in on a new profile: the server named the user, the first pull has not brought
    // their row yet. The board is empty and says nothing is wrong.
    const QString newcomerId = u"01900000-0000-7000-8000-00000000beef"_s;
    openPage(newcomerId);
    PipelineBoardModel *board = m_page->boardModel();
    QCOMPARE(board->matchCount(), 0);
    QVERIFY(m_page->findChild<QLabel *>(u"pipelineMessageLabel"_s)->isHidden());

    // The pull brings the user (a rep of the demo rep's unit), as the replicator applies rows.
    const QString unit = scalar(u"SELECT unit_id FROM users WHERE id = ?"_s, {m_repId}).toString();
    QSqlQuery q = m_store->query();
    q.prepare(u"INSERT INTO users (id, created_at, updated_at, deleted, name, email, role, "
              u"unit_id) VALUES (?, ?, ?, 0, 'Newcomer', 'newcomer@example.com', 'rep', ?)"_s);
    q.addBindValue(newcomerId);
    q.addBindValue(demoNow);
    q.addBindValue(demoNow);
    q.addBindValue(unit);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));

    QSignalSpy loaded(m_page.get(), &PipelinePage::loaded);
    m_page->refreshRows({u"users"_s, u"deals"_s});
    QVERIFY(loaded.wait(30000));
    QCOMPARE(board->matchCount(),
             scalar(u"SELECT count(*) FROM deals WHERE unit_id = ? AND status = 'open' AND "
                    u"deleted = 0"_s,
                    {unit})
                 .toInt());
    QVERIFY(board->matchCount() > 0);
}

QTEST_MAIN(tst_PipelinePage)
#include "tst_pipelinepage.moc"
