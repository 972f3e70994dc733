#include "changewriter.h"
#include "customerrepository.h"
#include "dealdialog.h"
#include "dealhistorymodel.h"
#include "dealrepository.h"
#include "demogenerator.h"
#include "localstore.h"
#include "money.h"
#include "stagegate.h"
#include "stagerepository.h"
#include "uuidv7.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {
constexpr qint64 dayMs = 24 * 60 * 60 * 1000;
}

class TestDealDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void showsTheDeal();
    void editIsOneUndoableCommand();
    void stageMoveAloneNamesTheStage();
    void invalidAmountIsShownInline();
    void lostNeedsAReason();
    void lostReasonOnlyForLost();
    void targetStageRequiresFields();
    void reopeningRestoresStageProbability();
    void userProbabilityWins();
    void historyTabListsTheChange();
    void cancelWritesNothing();
    void okWithoutChangesWritesNothing();
    void failedApplyKeepsTheDialogOpen();
    void missingDealDisablesTheForm();
    void retranslatesOnLanguageChange();
    void demoDealMovesAndUndoes();

private:
    QString insert(const QString &table, const QVariantMap &fields);
    std::unique_ptr<DealDialog> openDialog();
    QVariantMap row() const;
    int outboxCount() const;
    static void chooseItem(QComboBox *comboBox, const QString &text);
    static void replaceText(QLineEdit *lineEdit, const QString &text);
    static void clickOk(DealDialog &dialog);

    template<typename T> static T *child(const DealDialog &dialog, const QString &name)
    {
        auto *widget = dialog.findChild<T *>(name);
        if (!widget)
            qWarning("no child %s", qPrintable(name));
        return widget;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<QUndoStack> m_undoStack;
    qint64 m_now = 0;
    qint64 m_createdAt = 0;
    QString m_unitId;
    QString m_repId;
    QString m_leadId;
    QString m_outsiderId;
    QString m_qualifiedId;
    QString m_proposalId;
    QString m_negotiationId;
    QString m_customerId;
    QString m_productId;
    QString m_dealId;
    QStringList m_applied;
};

QString TestDealDialog::insert(const QString &table, const QVariantMap &fields)
{
    const QString id = UuidV7::generate();
    const Result<void> done = ChangeWriter(*m_store).insert(table, id, fields);
    if (!done)
        qWarning("%s", qPrintable(done.error().message));
    return done ? id : QString();
}

void TestDealDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"store.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_createdAt = QDateTime(QDate(2026, 3, 2), QTime(10, 0)).toMSecsSinceEpoch();
    m_now = m_createdAt;
    m_store->setWallClock([this] { return m_now; });
    m_undoStack = std::make_unique<QUndoStack>();
    m_applied.clear();

    m_unitId = insert(u"units"_s, {{u"name"_s, u"East"_s}, {u"currency"_s, u"CNY"_s}});
    const QString otherUnitId = insert(u"units"_s, {{u"name"_s, u"West"_s}});
    const auto user = [this](const QString &name, const QString &role, const QString &unitId) {
        return insert(u"users"_s,
                      {{u"name"_s, name},
                       {u"email"_s, QString(name.toLower().remove(u' ') + u"@example.com"_s)},
                       {u"role"_s, role},
                       {u"unit_id"_s, unitId}});
    };
    m_repId = user(u"Li Na"_s, u"rep"_s, m_unitId);
    m_leadId = user(u"Zhang Wei"_s, u"lead"_s, m_unitId);
    m_outsiderId = user(u"Wang Fang"_s, u"rep"_s, otherUnitId);
    const auto stage
        = [this](const QString &name, int position, int probability, const QString &required) {
              return insert(u"stages"_s,
                            {{u"unit_id"_s, m_unitId},
                             {u"name"_s, name},
                             {u"position"_s, position},
                             {u"win_probability"_s, probability},
                             {u"required_fields"_s, required}});
          };
    m_qualifiedId = stage(u"Qualified"_s, 1, 20, u"[]"_s);
    m_proposalId = stage(u"Proposal"_s, 2, 50, u"[]"_s);
    m_negotiationId = stage(u"Negotiation"_s, 3, 70, uR"(["amount", "expected_close"])"_s);
    m_customerId = insert(
        u"customers"_s,
        {{u"unit_id"_s, m_unitId}, {u"owner_id"_s, m_repId}, {u"name"_s, u"Contoso Retail"_s}});
    m_productId = insert(u"products"_s, {{u"name"_s, u"Outpost Cloud"_s}, {u"sku"_s, u"OC-1"_s}});
    QVERIFY(!m_negotiationId.isEmpty() && !m_customerId.isEmpty() && !m_productId.isEmpty());

    Deal deal;
    deal.title = u"Store rollout"_s;
    deal.customerId = m_customerId;
    deal.unitId = m_unitId;
    deal.ownerId = m_repId;
    deal.productId = m_productId;
    deal.stageId = m_qualifiedId;
    deal.amountMinor = 1'234'550;
    deal.probability = 20;
    deal.notes = u"Met at the trade fair."_s;
    const Result<QString> created = DealRepository(*m_store, m_repId).create(deal);
    QVERIFY2(created.ok(), qPrintable(created.error().message));
    m_dealId = created.value();
    m_now = m_createdAt + 3 * dayMs;
}

void TestDealDialog::cleanup()
{
    m_undoStack.reset();
    m_store.reset();
    m_dir.reset();
}

std::unique_ptr<DealDialog> TestDealDialog::openDialog()
{
    auto dialog = std::make_unique<DealDialog>(*m_store, m_dealId, m_undoStack.get(), m_repId);
    dialog->setOnApplied([this](const QString &dealId) { m_applied.append(dealId); });
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        qWarning("dialog not exposed");
    return dialog;
}

// The whole stored row except updated_at, which every change (undo too) moves on.
QVariantMap TestDealDialog::row() const
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

int TestDealDialog::outboxCount() const
{
    QSqlQuery q = m_store->query();
    return q.exec(u"SELECT count(*) FROM outbox"_s) && q.next() ? q.value(0).toInt() : -1;
}

void TestDealDialog::chooseItem(QComboBox *comboBox, const QString &text)
{
    const int target = comboBox->findText(text);
    QVERIFY2(target >= 0, qPrintable(text));
    comboBox->setFocus();
    while (comboBox->currentIndex() != target) {
        const int before = comboBox->currentIndex();
        QTest::keyClick(comboBox, before < target ? Qt::Key_Down : Qt::Key_Up);
        QVERIFY(comboBox->currentIndex() != before);
    }
}

void TestDealDialog::replaceText(QLineEdit *lineEdit, const QString &text)
{
    lineEdit->setFocus();
    QTest::keyClick(lineEdit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(lineEdit, Qt::Key_Delete);
    QTest::keyClicks(lineEdit, text);
}

void TestDealDialog::clickOk(DealDialog &dialog)
{
    auto *buttonBox = child<QDialogButtonBox>(dialog, u"buttonBox"_s);
    QVERIFY(buttonBox);
    QTest::mouseClick(buttonBox->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

void TestDealDialog::showsTheDeal()
{
    const auto dialog = openDialog();
    QCOMPARE(dialog->windowTitle(), u"Deal “Store rollout”"_s);
    QCOMPARE(child<QLineEdit>(*dialog, u"titleLineEdit"_s)->text(), u"Store rollout"_s);
    QCOMPARE(child<QLabel>(*dialog, u"customerValueLabel"_s)->text(), u"Contoso Retail"_s);
    qint64 shownAmount = 0;
    QVERIFY(Money::parse(child<QLineEdit>(*dialog, u"amountLineEdit"_s)->text(), QLocale(),
                         &shownAmount));
    QCOMPARE(shownAmount, 1'234'550);
    QVERIFY(child<QLabel>(*dialog, u"currencyValueLabel"_s)->text().contains(u"CNY"_s));
    QCOMPARE(child<QSpinBox>(*dialog, u"probabilitySpinBox"_s)->value(), 20);
    QCOMPARE(child<QComboBox>(*dialog, u"statusComboBox"_s)->currentText(), u"Open"_s);
    QCOMPARE(child<QPlainTextEdit>(*dialog, u"notesPlainTextEdit"_s)->toPlainText(),
             u"Met at the trade fair."_s);
    QCOMPARE(child<QDateEdit>(*dialog, u"expectedCloseDateEdit"_s)->text(), u"Not set"_s);
    QVERIFY(child<QLabel>(*dialog, u"stageEnteredValueLabel"_s)->text().contains(u"3 days"_s));

    auto *stages = child<QComboBox>(*dialog, u"stageComboBox"_s);
    QCOMPARE(stages->count(), 3);
    QCOMPARE(stages->currentText(), u"Qualified"_s);
    QCOMPARE(stages->itemText(2), u"Negotiation"_s);

    // The owner can be anyone active in the deal's unit, nobody from another unit.
    auto *owners = child<QComboBox>(*dialog, u"ownerComboBox"_s);
    QCOMPARE(owners->currentText(), u"Li Na"_s);
    QVERIFY(owners->findText(u"Zhang Wei"_s) >= 0);
    QCOMPARE(owners->findText(u"Wang Fang"_s), -1);

    auto *products = child<QComboBox>(*dialog, u"productComboBox"_s);
    QCOMPARE(products->currentText(), u"Outpost Cloud"_s);
    QCOMPARE(products->itemText(0), u"No product"_s);

    QVERIFY(child<QLabel>(*dialog, u"errorLabel"_s)->isHidden());
    QVERIFY(dialog->changedFields().isEmpty());
}

void TestDealDialog::editIsOneUndoableCommand()
{
    const QVariantMap before = row();
    const int outboxBefore = outboxCount();
    const auto dialog = openDialog();

    replaceText(child<QLineEdit>(*dialog, u"amountLineEdit"_s), u"98765.43"_s);
    chooseItem(child<QComboBox>(*dialog, u"stageComboBox"_s), u"Proposal"_s);
    // The form previews what the stage will bring.
    QCOMPARE(child<QSpinBox>(*dialog, u"probabilitySpinBox"_s)->value(), 50);
    const QVariantMap changes = dialog->changedFields();
    QCOMPARE(changes.keys(), (QStringList {u"amount_minor"_s, u"stage_id"_s}));

    m_now += 1000;
    const qint64 editedAt = m_now;
    clickOk(*dialog);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Accepted));

    const QVariantMap after = row();
    QCOMPARE(after.value(u"amount_minor"_s).toLongLong(), 9'876'543);
    QCOMPARE(after.value(u"stage_id"_s).toString(), m_proposalId);
    QCOMPARE(after.value(u"stage_entered_at"_s).toLongLong(), editedAt);
    QCOMPARE(after.value(u"probability"_s).toInt(), 50);
    QCOMPARE(after.value(u"title"_s), before.value(u"title"_s));
    QCOMPARE(after.value(u"notes"_s), before.value(u"notes"_s));
    QCOMPARE(outboxCount(), outboxBefore + 1);
    QCOMPARE(m_undoStack->count(), 1);
    QCOMPARE(m_undoStack->undoText(), u"Edit deal “Store rollout”"_s);
    QCOMPARE(m_applied, QStringList {m_dealId});

    m_now += 60'000;
    m_undoStack->undo();
    QCOMPARE(row(), before);
    QCOMPARE(outboxCount(), outboxBefore + 2);

    m_now += 60'000;
    m_undoStack->redo();
    QCOMPARE(row(), after);
    QCOMPARE(outboxCount(), outboxBefore + 3);
    QCOMPARE(m_undoStack->count(), 1);
    QCOMPARE(m_applied.size(), 3);
}

void TestDealDialog::stageMoveAloneNamesTheStage()
{
    const auto dialog = openDialog();
    chooseItem(child<QComboBox>(*dialog, u"stageComboBox"_s), u"Proposal"_s);
    clickOk(*dialog);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(m_undoStack->undoText(), u"Move “Store rollout” to Proposal"_s);
}

void TestDealDialog::invalidAmountIsShownInline()
{
    const QVariantMap before = row();
    const int outboxBefore = outboxCount();
    const auto dialog = openDialog();
    auto *title = child<QLineEdit>(*dialog, u"titleLineEdit"_s);
    auto *amount = child<QLineEdit>(*dialog, u"amountLineEdit"_s);
    auto *error = child<QLabel>(*dialog, u"errorLabel"_s);

    replaceText(title, u"Store rollout, phase 2"_s);
    replaceText(amount, u"12,34x"_s);
    clickOk(*dialog);

    QVERIFY(dialog->isVisible());
    QVERIFY(error->isVisibleTo(dialog.get()));
    QVERIFY2(error->text().contains(u"12,34x"_s), qPrintable(error->text()));
    QCOMPARE(dialog->focusWidget(), amount);
    // Nothing written, nothing lost.
    QCOMPARE(outboxCount(), outboxBefore);
    QCOMPARE(row(), before);
    QCOMPARE(m_undoStack->count(), 0);
    QCOMPARE(amount->text(), u"12,34x"_s);
    QCOMPARE(title->text(), u"Store rollout, phase 2"_s);

    // Also refused: an amount beyond the repository's limit.
    replaceText(amount, u"9999999999999"_s);
    clickOk(*dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY2(error->text().contains(u"between 0 and"_s), qPrintable(error->text()));
    QCOMPARE(outboxCount(), outboxBefore);

    replaceText(amount, u"1,500.5"_s);
    clickOk(*dialog);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(row().value(u"amount_minor"_s).toLongLong(), 150'050);
    QCOMPARE(row().value(u"title"_s).toString(), u"Store rollout, phase 2"_s);
    QCOMPARE(outboxCount(), outboxBefore + 1);
}

void TestDealDialog::lostNeedsAReason()
{
    const QVariantMap before = row();
    const int outboxBefore = outboxCount();
    const auto dialog = openDialog();
    auto *reason = child<QLineEdit>(*dialog, u"lostReasonLineEdit"_s);
    chooseItem(child<QComboBox>(*dialog, u"statusComboBox"_s), u"Lost"_s);
    QVERIFY(reason->isEnabled());
    QCOMPARE(child<QSpinBox>(*dialog, u"probabilitySpinBox"_s)->value(), 0);
    clickOk(*dialog);

    QVERIFY(dialog->isVisible());
    QCOMPARE(child<QLabel>(*dialog, u"errorLabel"_s)->text(), u"A lost deal needs a reason."_s);
    QCOMPARE(dialog->focusWidget(), reason);
    QCOMPARE(outboxCount(), outboxBefore);
    QCOMPARE(row(), before);

    QTest::keyClicks(reason, u"Chose a competitor"_s);
    clickOk(*dialog);
    QVERIFY(!dialog->isVisible());
    const QVariantMap lost = row();
    QCOMPARE(lost.value(u"status"_s).toString(), u"lost"_s);
    QCOMPARE(lost.value(u"lost_reason"_s).toString(), u"Chose a competitor"_s);
    QCOMPARE(lost.value(u"probability"_s).toInt(), 0);
    QCOMPARE(lost.value(u"closed_at"_s).toLongLong(), m_now);
    QCOMPARE(m_undoStack->undoText(), u"Mark “Store rollout” as lost"_s);

    m_undoStack->undo();
    QCOMPARE(row(), before);
    QVERIFY(row().value(u"closed_at"_s).isNull());
}

void TestDealDialog::lostReasonOnlyForLost()
{
    const auto dialog = openDialog();
    auto *status = child<QComboBox>(*dialog, u"statusComboBox"_s);
    auto *reason = child<QLineEdit>(*dialog, u"lostReasonLineEdit"_s);
    auto *probability = child<QSpinBox>(*dialog, u"probabilitySpinBox"_s);
    QVERIFY(!reason->isEnabled());
    QVERIFY(probability->isEnabled());
    chooseItem(status, u"Won"_s);
    QVERIFY(!reason->isEnabled());
    QVERIFY(!probability->isEnabled());
    QCOMPARE(probability->value(), 100);
    chooseItem(status, u"Lost"_s);
    QVERIFY(reason->isEnabled());
    chooseItem(status, u"Open"_s);
    QVERIFY(!reason->isEnabled());
    QCOMPARE(probability->value(), 20);
    QVERIFY(dialog->changedFields().isEmpty());
}

void TestDealDialog::targetStageRequiresFields()
{
    const int outboxBefore = outboxCount();
    const auto dialog = openDialog();
    auto *error = child<QLabel>(*dialog, u"errorLabel"_s);
    auto *closeDate = child<QDateEdit>(*dialog, u"expectedCloseDateEdit"_s);
    chooseItem(child<QComboBox>(*dialog, u"stageComboBox"_s), u"Negotiation"_s);
    clickOk(*dialog);

    // The amount is set on the deal; the expected close date is not.
    QVERIFY(dialog->isVisible());
    QVERIFY2(error->text().contains(u"Negotiation"_s), qPrintable(error->text()));
    QVERIFY2(error->text().contains(u"Expected close date"_s), qPrintable(error->text()));
    QVERIFY2(!error->text().contains(u"Amount"_s), qPrintable(error->text()));
    QCOMPARE(dialog->focusWidget(), closeDate);
    QCOMPARE(outboxCount(), outboxBefore);

    const QDate close(2026, 6, 30);
    closeDate->setDate(close);
    clickOk(*dialog);
    QVERIFY(!dialog->isVisible());
    const QVariantMap moved = row();
    QCOMPARE(moved.value(u"stage_id"_s).toString(), m_negotiationId);
    QCOMPARE(moved.value(u"probability"_s).toInt(), 70);
    // Stored at local noon of the chosen day.
    const QDateTime stored
        = QDateTime::fromMSecsSinceEpoch(moved.value(u"expected_close"_s).toLongLong());
    QCOMPARE(stored.toLocalTime(), QDateTime(close, QTime(12, 0)));
}

void TestDealDialog::reopeningRestoresStageProbability()
{
    QVERIFY(DealRepository(*m_store, m_repId).update(m_dealId, {{u"status"_s, u"won"_s}}));
    const QVariantMap won = row();
    m_now += dayMs;
    const auto dialog = openDialog();
    auto *probability = child<QSpinBox>(*dialog, u"probabilitySpinBox"_s);
    QCOMPARE(probability->value(), 100);
    QVERIFY(!probability->isEnabled());
    chooseItem(child<QComboBox>(*dialog, u"statusComboBox"_s), u"Open"_s);
    QVERIFY(probability->isEnabled());
    QCOMPARE(probability->value(), 20);
    clickOk(*dialog);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(row().value(u"probability"_s).toInt(), 20);
    QVERIFY(row().value(u"closed_at"_s).isNull());
    QCOMPARE(m_undoStack->undoText(), u"Reopen “Store rollout”"_s);
    m_undoStack->undo();
    QCOMPARE(row(), won);
}

void TestDealDialog::userProbabilityWins()
{
    const auto dialog = openDialog();
    auto *probability = child<QSpinBox>(*dialog, u"probabilitySpinBox"_s);
    probability->setFocus();
    probability->selectAll();
    QTest::keyClicks(probability, u"35"_s);
    QCOMPARE(probability->value(), 35);
    chooseItem(child<QComboBox>(*dialog, u"stageComboBox"_s), u"Proposal"_s);
    QCOMPARE(probability->value(), 35);
    clickOk(*dialog);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(row().value(u"probability"_s).toInt(), 35);
    QCOMPARE(row().value(u"stage_id"_s).toString(), m_proposalId);
}

void TestDealDialog::historyTabListsTheChange()
{
    {
        const auto dialog = openDialog();
        replaceText(child<QLineEdit>(*dialog, u"amountLineEdit"_s), u"20000"_s);
        chooseItem(child<QComboBox>(*dialog, u"stageComboBox"_s), u"Proposal"_s);
        chooseItem(child<QComboBox>(*dialog, u"ownerComboBox"_s), u"Zhang Wei"_s);
        clickOk(*dialog);
        QVERIFY(!dialog->isVisible());
    }
    const auto dialog = openDialog();
    auto *tabs = child<QTabWidget>(*dialog, u"tabWidget"_s);
    auto *history = child<QTableView>(*dialog, u"historyTableView"_s);
    tabs->setCurrentIndex(tabs->indexOf(history->parentWidget()));
    QVERIFY(history->isVisible());
    const QAbstractItemModel *model = history->model();
    QVERIFY(model->rowCount() >= 4);

    QMap<QString, QStringList> rows;
    for (int r = 0; r < model->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model->columnCount(); ++c)
            cells.append(model->index(r, c).data().toString());
        rows.insert(cells.at(int(DealHistoryModel::Column::Field)), cells);
    }
    using Column = DealHistoryModel::Column;
    QVERIFY2(rows.contains(u"Stage"_s), qPrintable(rows.keys().join(u", "_s)));
    QCOMPARE(rows[u"Stage"_s].at(int(Column::From)), u"Qualified"_s);
    QCOMPARE(rows[u"Stage"_s].at(int(Column::To)), u"Proposal"_s);
    QCOMPARE(rows[u"Stage"_s].at(int(Column::Who)), u"Li Na"_s);
    QCOMPARE(rows[u"Owner"_s].at(int(Column::From)), u"Li Na"_s);
    QCOMPARE(rows[u"Owner"_s].at(int(Column::To)), u"Zhang Wei"_s);
    QCOMPARE(rows[u"Amount"_s].at(int(Column::From)), Money::format(1'234'550, u"CNY"_s));
    QCOMPARE(rows[u"Amount"_s].at(int(Column::To)), Money::format(2'000'000, u"CNY"_s));
    QCOMPARE(rows[u"Probability"_s].at(int(Column::To)), u"50 %"_s);
    QCOMPARE(model->headerData(int(Column::Field), Qt::Horizontal).toString(), u"Field"_s);
}

void TestDealDialog::cancelWritesNothing()
{
    const QVariantMap before = row();
    const int outboxBefore = outboxCount();
    const auto dialog = openDialog();
    replaceText(child<QLineEdit>(*dialog, u"titleLineEdit"_s), u"Something else"_s);
    replaceText(child<QLineEdit>(*dialog, u"amountLineEdit"_s), u"1"_s);
    chooseItem(child<QComboBox>(*dialog, u"stageComboBox"_s), u"Proposal"_s);
    auto *buttonBox = child<QDialogButtonBox>(*dialog, u"buttonBox"_s);
    QTest::mouseClick(buttonBox->button(QDialogButtonBox::Cancel), Qt::LeftButton);

    QVERIFY(!dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
    QCOMPARE(row(), before);
    QCOMPARE(outboxCount(), outboxBefore);
    QCOMPARE(m_undoStack->count(), 0);
    QVERIFY(m_applied.isEmpty());
}

void TestDealDialog::okWithoutChangesWritesNothing()
{
    const int outboxBefore = outboxCount();
    const auto dialog = openDialog();
    clickOk(*dialog);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QCOMPARE(outboxCount(), outboxBefore);
    QCOMPARE(m_undoStack->count(), 0);
}

void TestDealDialog::failedApplyKeepsTheDialogOpen()
{
    const auto dialog = openDialog();
    replaceText(child<QLineEdit>(*dialog, u"amountLineEdit"_s), u"500"_s);
    // Deleted meanwhile, for instance by a change pulled from the server.
    QVERIFY(DealRepository(*m_store, m_leadId).remove(m_dealId));
    const int outboxBefore = outboxCount();
    clickOk(*dialog);

    QVERIFY(dialog->isVisible());
    auto *error = child<QLabel>(*dialog, u"errorLabel"_s);
    QVERIFY2(error->text().contains(u"does not exist"_s), qPrintable(error->text()));
    QCOMPARE(child<QLineEdit>(*dialog, u"amountLineEdit"_s)->text(), u"500"_s);
    QCOMPARE(m_undoStack->count(), 0);
    QCOMPARE(outboxCount(), outboxBefore);
}

void TestDealDialog::missingDealDisablesTheForm()
{
    DealDialog dialog(*m_store, UuidV7::generate(), m_undoStack.get(), m_repId);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!child<QLabel>(dialog, u"errorLabel"_s)->text().isEmpty());
    QVERIFY(!child<QTabWidget>(dialog, u"tabWidget"_s)->isEnabled());
    auto *buttonBox = child<QDialogButtonBox>(dialog, u"buttonBox"_s);
    QVERIFY(!buttonBox->button(QDialogButtonBox::Ok)->isEnabled());
}

void TestDealDialog::retranslatesOnLanguageChange()
{
    const auto dialog = openDialog();
    auto *status = child<QComboBox>(*dialog, u"statusComboBox"_s);
    auto *stages = child<QComboBox>(*dialog, u"stageComboBox"_s);
    chooseItem(status, u"Won"_s);
    chooseItem(stages, u"Proposal"_s);
    QEvent languageChange(QEvent::LanguageChange);
    QCoreApplication::sendEvent(dialog.get(), &languageChange);
    QCOMPARE(dialog->windowTitle(), u"Deal “Store rollout”"_s);
    QCOMPARE(status->count(), 3);
    QCOMPARE(status->currentText(), u"Won"_s);
    QCOMPARE(stages->currentText(), u"Proposal"_s);
    QCOMPARE(child<QLabel>(*dialog, u"titleLabel"_s)->text(), u"&Title:"_s);
    QCOMPARE(dialog->changedFields().value(u"status"_s).toString(), u"won"_s);
}

// The same round trip on the demo organization (200 deals): its own stages with their entry
// requirements, several units and people.
void TestDealDialog::demoDealMovesAndUndoes()
{
    cleanup();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"demo.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_undoStack = std::make_unique<QUndoStack>();
    DemoGenerator generator({.deals = 200});
    const Result<void> generated = generator.generate(*m_store);
    QVERIFY2(generated.ok(), qPrintable(generated.error().message));
    m_repId = generator.demoUserId();

    // An open deal, a stage of its unit that its data already qualifies for, and one that
    // requires an amount (which the test then clears).
    Stage target;
    Stage gated;
    Deal chosen;
    CustomerRepository customers(*m_store);
    StageRepository stages(*m_store);
    const Result<QList<CustomerSummary>> summaries = customers.summaries();
    QVERIFY(summaries.ok());
    for (const CustomerSummary &summary : *summaries) {
        const Result<QList<Deal>> deals
            = DealRepository(*m_store).dealsForCustomer(summary.customer.id);
        QVERIFY(deals.ok());
        for (const Deal &deal : *deals) {
            if (deal.status != Deal::Status::Open || !chosen.id.isEmpty())
                continue;
            const Result<QList<Stage>> unitStages = stages.stagesForUnit(deal.unitId);
            QVERIFY(unitStages.ok());
            Stage open;
            Stage needsAmount;
            for (const Stage &stage : *unitStages) {
                if (stage.id == deal.stageId)
                    continue;
                if (open.id.isEmpty()
                    && StageGate::missingRequiredFields(deal, stage, {}).isEmpty())
                    open = stage;
                if (needsAmount.id.isEmpty() && open.id != stage.id
                    && stage.requiredFields.contains(u"amount_minor"_s)) {
                    needsAmount = stage;
                }
            }
            if (!open.id.isEmpty() && !needsAmount.id.isEmpty()) {
                chosen = deal;
                target = open;
                gated = needsAmount;
            }
        }
    }
    QVERIFY2(!chosen.id.isEmpty(), "no open demo deal can move");
    m_dealId = chosen.id;

    const QVariantMap before = row();
    const int outboxBefore = outboxCount();
    const auto dialog = openDialog();
    auto *stageComboBox = child<QComboBox>(*dialog, u"stageComboBox"_s);
    QCOMPARE(stageComboBox->currentData().toString(), chosen.stageId);
    replaceText(child<QLineEdit>(*dialog, u"amountLineEdit"_s), u"4321.09"_s);
    chooseItem(stageComboBox, target.name);
    clickOk(*dialog);
    QVERIFY2(!dialog->isVisible(), qPrintable(child<QLabel>(*dialog, u"errorLabel"_s)->text()));

    const QVariantMap after = row();
    QCOMPARE(after.value(u"stage_id"_s).toString(), target.id);
    QCOMPARE(after.value(u"amount_minor"_s).toLongLong(), 432'109);
    QCOMPARE(after.value(u"probability"_s).toInt(), target.winProbability);
    QVERIFY(after.value(u"stage_entered_at"_s) != before.value(u"stage_entered_at"_s));
    QCOMPARE(outboxCount(), outboxBefore + 1);
    m_undoStack->undo();
    QCOMPARE(row(), before);
    m_undoStack->redo();
    QCOMPARE(row(), after);

    const auto again = openDialog();
    const QAbstractItemModel *history = child<QTableView>(*again, u"historyTableView"_s)->model();
    QStringList fields;
    for (int r = 0; r < history->rowCount(); ++r)
        fields.append(history->index(r, int(DealHistoryModel::Column::Field)).data().toString());
    QVERIFY2(fields.contains(u"Stage"_s), qPrintable(fields.join(u", "_s)));
    QVERIFY2(fields.contains(u"Amount"_s), qPrintable(fields.join(u", "_s)));

    // Clearing a field the gated stage needs keeps the deal out of it.
    const int outboxNow = outboxCount();
    chooseItem(child<QComboBox>(*again, u"stageComboBox"_s), gated.name);
    replaceText(child<QLineEdit>(*again, u"amountLineEdit"_s), u"0"_s);
    clickOk(*again);
    QVERIFY(again->isVisible());
    auto *error = child<QLabel>(*again, u"errorLabel"_s);
    QVERIFY2(error->text().contains(gated.name), qPrintable(error->text()));
    QVERIFY2(error->text().contains(u"Amount"_s), qPrintable(error->text()));
    QCOMPARE(again->focusWidget(), child<QLineEdit>(*again, u"amountLineEdit"_s));
    QCOMPARE(outboxCount(), outboxNow);
}

QTEST_MAIN(TestDealDialog)
#include "tst_dealdialog.moc"
