#include "dealdialog.h"
#include "ui_dealdialog.h"

#include "dealtimelinewidget.h"

#include "customerrepository.h"
#include "dealfield.h"
#include "dealhistorymodel.h"
#include "dealrepository.h"
#include "localstore.h"
#include "money.h"
#include "organizationrepository.h"
#include "productrepository.h"
#include "stagegate.h"
#include "stagerepository.h"

#include <QCalendarWidget>
#include <QDateTime>
#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// The date edit's minimum stands for "no expected close date" (shown as special text).
const QDate noDate(2000, 1, 1);
const QDate lastDate(2199, 12, 31);
constexpr qint64 dayMs = 24 * 60 * 60 * 1000;

QDate localDate(qint64 utcMs)
{
    return utcMs == 0 ? QDate() : QDateTime::fromMSecsSinceEpoch(utcMs).toLocalTime().date();
}

QString localDateTimeText(qint64 utcMs)
{
    if (utcMs == 0)
        return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(utcMs).toLocalTime(),
                              QLocale::ShortFormat);
}

// Major units as the user types them: "12345.50" (grouped as the locale groups).
QString amountText(qint64 minor, const QLocale &locale)
{
    return locale.toString(qulonglong(minor / 100)) + locale.decimalPoint()
        + u"%1"_s.arg(minor % 100, 2, 10, QLatin1Char('0'));
}

// The locale's short date format with a four-digit year, so typing a year is unambiguous.
QString dateFormat()
{
    QString format = QLocale().dateFormat(QLocale::ShortFormat);
    if (!format.contains(u"yyyy"_s))
        format.replace(u"yy"_s, u"yyyy"_s);
    return format;
}

QVariant optionalId(const QString &id)
{
    return id.isEmpty() ? QVariant() : QVariant(id);
}

} // namespace

DealDialog::DealDialog(LocalStore &store, const QString &dealId, QUndoStack *undoStack,
                       const QString &actorId, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::DealDialog>())
    , m_store(store)
    , m_dealId(dealId)
    , m_undoStack(undoStack)
    , m_actorId(actorId)
{
    m_ui->setupUi(this);

    QPalette errorPalette = m_ui->errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    m_ui->errorLabel->setPalette(errorPalette);
    m_ui->errorLabel->hide();

    m_ui->expectedCloseDateEdit->setDateRange(noDate, lastDate);
    m_ui->expectedCloseDateEdit->setDisplayFormat(dateFormat());
    m_ui->expectedCloseDateEdit->calendarWidget()->installEventFilter(this);

    m_historyModel = new DealHistoryModel(m_store, this);
    m_ui->historyTableView->setModel(m_historyModel);
    m_ui->historyTableView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_ui->tabWidget->addTab(new DealTimelineWidget(m_store, m_undoStack, m_actorId, m_dealId, this),
                            DealTimelineWidget::title());

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &DealDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &DealDialog::reject);
    connect(m_ui->statusComboBox, &QComboBox::currentIndexChanged, this,
            &DealDialog::updateStatusDependents);
    connect(m_ui->stageComboBox, &QComboBox::currentIndexChanged, this,
            &DealDialog::updateProbabilityPreview);
    connect(m_ui->probabilitySpinBox, &QSpinBox::valueChanged, this, [this](int value) {
        // Only the user's own edits arrive here; previews are set with signals blocked.
        m_probabilityEdited = true;
        m_userProbability = value;
    });
    connect(m_ui->clearExpectedCloseToolButton, &QToolButton::clicked, this,
            [this] { m_ui->expectedCloseDateEdit->setDate(noDate); });

    fillStatusComboBox();
    m_loaded = load();
    if (m_loaded) {
        fillForm();
        if (Result<void> history = m_historyModel->load(m_dealId); !history)
            showError(history.error().message);
        m_ui->historyTableView->resizeColumnsToContents();
    } else {
        m_ui->tabWidget->setEnabled(false);
        m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(false);
    }
    retranslate();
    m_ui->titleLineEdit->setFocus();
}

DealDialog::~DealDialog() = default;

void DealDialog::setOnApplied(EditDealCommand::AppliedCallback onApplied)
{
    m_onApplied = std::move(onApplied);
}

void DealDialog::setOnFailed(EditDealCommand::FailedCallback onFailed)
{
    m_onFailed = std::move(onFailed);
}

bool DealDialog::load()
{
    Result<Deal> deal = DealRepository(m_store).deal(m_dealId);
    if (!deal) {
        showError(deal.error().message);
        return false;
    }
    m_deal = std::move(deal).value();

    Result<QList<Stage>> stages = StageRepository(m_store).stagesForUnit(m_deal.unitId);
    if (!stages) {
        showError(stages.error().message);
        return false;
    }
    m_stages = std::move(stages).value();
    // A deal can sit in a stage outside its unit's set (moved between units, a template
    // changed); keep it selectable so that opening the dialog changes nothing.
    const bool stageListed = std::any_of(m_stages.cbegin(), m_stages.cend(),
                                         [this](const Stage &s) { return s.id == m_deal.stageId; });
    if (!m_deal.stageId.isEmpty() && !stageListed) {
        if (const Result<Stage> stage = StageRepository(m_store).stage(m_deal.stageId))
            m_stages.prepend(*stage);
    }

    if (m_deal.customerId.isEmpty()) {
        m_customerName.clear();
    } else if (const Result<Customer> customer
               = CustomerRepository(m_store).customer(m_deal.customerId)) {
        m_customerName = customer->name;
    }
    return true;
}

void DealDialog::fillStatusComboBox()
{
    const QSignalBlocker blocker(m_ui->statusComboBox);
    const QString current = m_ui->statusComboBox->currentData().toString();
    m_ui->statusComboBox->clear();
    for (const QString &status : {u"open"_s, u"won"_s, u"lost"_s})
        m_ui->statusComboBox->addItem(DealField::statusLabel(status), status);
    const int index = m_ui->statusComboBox->findData(current);
    m_ui->statusComboBox->setCurrentIndex(index < 0 ? 0 : index);
}

void DealDialog::fillStageComboBox()
{
    const QSignalBlocker blocker(m_ui->stageComboBox);
    const QString current = m_ui->stageComboBox->count() > 0 ? selectedStageId() : m_deal.stageId;
    m_ui->stageComboBox->clear();
    if (m_deal.stageId.isEmpty())
        m_ui->stageComboBox->addItem(tr("No stage"), QString());
    for (const Stage &stage : std::as_const(m_stages)) {
        m_ui->stageComboBox->addItem(stage.name, stage.id);
        if (!stage.requiredFields.isEmpty()) {
            QStringList labels;
            for (const QString &field : stage.requiredFields)
                labels.append(DealField::label(DealField::column(field)));
            m_ui->stageComboBox->setItemData(
                m_ui->stageComboBox->count() - 1,
                tr("Required to enter this stage: %1").arg(labels.join(tr(", ", "list separator"))),
                Qt::ToolTipRole);
        }
    }
    m_ui->stageComboBox->setCurrentIndex(std::max(0, m_ui->stageComboBox->findData(current)));
}

void DealDialog::fillOwnerComboBox()
{
    QList<User> users;
    if (Result<QList<User>> all = OrganizationRepository(m_store).users())
        users = std::move(all).value();
    m_ui->ownerComboBox->clear();
    if (m_deal.ownerId.isEmpty())
        m_ui->ownerComboBox->addItem(tr("No owner"), QString());
    bool ownerListed = false;
    for (const User &user : std::as_const(users)) {
        const bool isOwner = user.id == m_deal.ownerId;
        // The deal's unit's active people; the current owner stays even if they moved on.
        const bool inUnit = m_deal.unitId.isEmpty() || user.unitId == m_deal.unitId;
        if (!isOwner && (!inUnit || !user.active))
            continue;
        m_ui->ownerComboBox->addItem(user.name, user.id);
        m_ui->ownerComboBox->setItemData(m_ui->ownerComboBox->count() - 1, user.email,
                                         Qt::ToolTipRole);
        ownerListed = ownerListed || isOwner;
    }
    if (!m_deal.ownerId.isEmpty() && !ownerListed)
        m_ui->ownerComboBox->insertItem(0, tr("(not available)"), m_deal.ownerId);
    m_ui->ownerComboBox->setCurrentIndex(
        std::max(0, m_ui->ownerComboBox->findData(m_deal.ownerId)));
}

void DealDialog::fillProductComboBox()
{
    QList<Product> products;
    if (Result<QList<Product>> all = ProductRepository(m_store).products())
        products = std::move(all).value();
    m_ui->productComboBox->clear();
    m_ui->productComboBox->addItem(tr("No product"), QString());
    bool productListed = false;
    for (const Product &product : std::as_const(products)) {
        m_ui->productComboBox->addItem(product.name, product.id);
        if (!product.sku.isEmpty()) {
            m_ui->productComboBox->setItemData(m_ui->productComboBox->count() - 1, product.sku,
                                               Qt::ToolTipRole);
        }
        productListed = productListed || product.id == m_deal.productId;
    }
    if (!m_deal.productId.isEmpty() && !productListed) {
        // A discontinued product stays the deal's product until the user picks another.
        const Result<Product> product = ProductRepository(m_store).product(m_deal.productId);
        m_ui->productComboBox->addItem(product ? product->name : tr("(not available)"),
                                       m_deal.productId);
    }
    m_ui->productComboBox->setCurrentIndex(
        std::max(0, m_ui->productComboBox->findData(m_deal.productId)));
}

void DealDialog::fillForm()
{
    const QLocale locale;
    m_ui->titleLineEdit->setText(m_deal.title);
    fillStageComboBox();
    fillOwnerComboBox();
    fillProductComboBox();
    {
        const QSignalBlocker blocker(m_ui->statusComboBox);
        m_ui->statusComboBox->setCurrentIndex(
            std::max(0, m_ui->statusComboBox->findData(Deal::statusName(m_deal.status))));
    }
    m_ui->lostReasonLineEdit->setText(m_deal.lostReason);
    m_initialAmountText = amountText(m_deal.amountMinor, locale);
    m_ui->amountLineEdit->setText(m_initialAmountText);
    {
        const QSignalBlocker blocker(m_ui->probabilitySpinBox);
        m_ui->probabilitySpinBox->setValue(m_deal.probability);
    }
    const QDate expectedClose = localDate(m_deal.expectedClose);
    m_ui->expectedCloseDateEdit->setDate(expectedClose.isValid() ? expectedClose : noDate);
    m_ui->notesPlainTextEdit->setPlainText(m_deal.notes);
    updateStatusDependents();
}

void DealDialog::retranslate()
{
    fillStatusComboBox();
    if (m_loaded) {
        fillStageComboBox();
        setWindowTitle(tr("Deal “%1”").arg(m_deal.title));
    }
    m_ui->expectedCloseDateEdit->setSpecialValueText(tr("Not set"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Save"));
    m_historyModel->retranslate();
    updateInfoLabels();
}

void DealDialog::updateInfoLabels()
{
    if (!m_loaded)
        return;
    const QLocale locale;
    m_ui->customerValueLabel->setText(m_deal.customerId.isEmpty()    ? tr("No customer")
                                          : m_customerName.isEmpty() ? tr("(not available)")
                                                                     : m_customerName);
    m_ui->currencyValueLabel->setText(
        u"%1 %2"_s.arg(Money::symbol(m_deal.currency).trimmed(), m_deal.currency));
    if (m_deal.stageEnteredAt > 0) {
        const int days = int(std::max<qint64>(0, m_store.nowMs() - m_deal.stageEnteredAt) / dayMs);
        const QString date
            = locale.toString(localDate(m_deal.stageEnteredAt), QLocale::ShortFormat);
        // English is the source language and ships no plural forms, so its singular is spelt
        // out; translations get %n with their own plural rules.
        QString text;
        if (days == 0)
            text = tr("%1 (entered today)").arg(date);
        else if (days == 1)
            text = tr("%1 (one day in this stage)").arg(date);
        else
            //: %1 is a date
            text = tr("%1 (%n days in this stage)", nullptr, days).arg(date);
        m_ui->stageEnteredValueLabel->setText(text);
    } else {
        m_ui->stageEnteredValueLabel->clear();
    }
    m_ui->createdValueLabel->setText(localDateTimeText(m_deal.createdAt));
    m_ui->updatedValueLabel->setText(localDateTimeText(m_deal.updatedAt));
}

QString DealDialog::effectiveStatus() const
{
    return m_ui->statusComboBox->currentData().toString();
}

QString DealDialog::selectedStageId() const
{
    return m_ui->stageComboBox->currentData().toString();
}

QDate DealDialog::selectedExpectedClose() const
{
    const QDate date = m_ui->expectedCloseDateEdit->date();
    return date == noDate ? QDate() : date;
}

void DealDialog::updateStatusDependents()
{
    const QString status = effectiveStatus();
    m_ui->lostReasonLineEdit->setEnabled(status == u"lost"_s);
    m_ui->lostReasonLabel->setEnabled(status == u"lost"_s);
    // Won and lost fix the probability at 100 and 0 (DealRepository::update applies that).
    m_ui->probabilitySpinBox->setEnabled(status == u"open"_s);
    updateProbabilityPreview();
}

void DealDialog::updateProbabilityPreview()
{
    if (!m_loaded)
        return;
    // Show what saving will store, without counting it as the user's edit.
    const QString status = effectiveStatus();
    int probability = m_deal.probability;
    if (status == u"won"_s) {
        probability = 100;
    } else if (status == u"lost"_s) {
        probability = 0;
    } else if (m_probabilityEdited) {
        probability = m_userProbability;
    } else if (selectedStageId() != m_deal.stageId || m_deal.status != Deal::Status::Open) {
        // Entering a stage, or reopening, brings the stage's probability.
        for (const Stage &stage : std::as_const(m_stages)) {
            if (stage.id == selectedStageId())
                probability = stage.winProbability;
        }
    }
    const QSignalBlocker blocker(m_ui->probabilitySpinBox);
    m_ui->probabilitySpinBox->setValue(probability);
}

std::optional<qint64> DealDialog::parsedAmount() const
{
    const QString text = m_ui->amountLineEdit->text();
    if (text == m_initialAmountText)
        return m_deal.amountMinor;
    qint64 minor = 0;
    if (!Money::parse(text, QLocale(), &minor))
        return std::nullopt;
    return minor;
}

QVariantMap DealDialog::collectChanges() const
{
    QVariantMap changes;
    if (!m_loaded)
        return changes;

    const QString title = m_ui->titleLineEdit->text().trimmed();
    if (title != m_deal.title)
        changes.insert(u"title"_s, title);

    const QString stageId = selectedStageId();
    const bool stageChanged = stageId != m_deal.stageId;
    if (stageChanged)
        changes.insert(u"stage_id"_s, optionalId(stageId));

    const QString status = effectiveStatus();
    const bool statusChanged = status != Deal::statusName(m_deal.status);
    if (statusChanged)
        changes.insert(u"status"_s, status);
    if (status == u"lost"_s) {
        const QString reason = m_ui->lostReasonLineEdit->text().trimmed();
        if (statusChanged || reason != m_deal.lostReason)
            changes.insert(u"lost_reason"_s, reason);
    }

    if (const std::optional<qint64> amount = parsedAmount();
        amount && *amount != m_deal.amountMinor)
        changes.insert(u"amount_minor"_s, *amount);

    const int probability = m_ui->probabilitySpinBox->value();
    if (m_probabilityEdited && status == u"open"_s
        && (probability != m_deal.probability || stageChanged)) {
        changes.insert(u"probability"_s, probability);
    }

    const QDate expectedClose = selectedExpectedClose();
    if (expectedClose != localDate(m_deal.expectedClose)) {
        // Local noon: the same calendar date for readers within twelve hours of this zone.
        changes.insert(u"expected_close"_s,
                       expectedClose.isValid()
                           ? QVariant(QDateTime(expectedClose, QTime(12, 0)).toMSecsSinceEpoch())
                           : QVariant());
    }

    const QString ownerId = m_ui->ownerComboBox->currentData().toString();
    if (ownerId != m_deal.ownerId)
        changes.insert(u"owner_id"_s, optionalId(ownerId));

    const QString productId = m_ui->productComboBox->currentData().toString();
    if (productId != m_deal.productId)
        changes.insert(u"product_id"_s, optionalId(productId));

    const QString notes = m_ui->notesPlainTextEdit->toPlainText();
    if (notes != m_deal.notes)
        changes.insert(u"notes"_s, notes);
    return changes;
}

QVariantMap DealDialog::changedFields() const
{
    return collectChanges();
}

QWidget *DealDialog::widgetForField(const QString &column) const
{
    if (column == u"title"_s)
        return m_ui->titleLineEdit;
    if (column == u"stage_id"_s)
        return m_ui->stageComboBox;
    if (column == u"status"_s)
        return m_ui->statusComboBox;
    if (column == u"lost_reason"_s)
        return m_ui->lostReasonLineEdit;
    if (column == u"amount_minor"_s)
        return m_ui->amountLineEdit;
    if (column == u"probability"_s)
        return m_ui->probabilitySpinBox;
    if (column == u"expected_close"_s)
        return m_ui->expectedCloseDateEdit;
    if (column == u"owner_id"_s)
        return m_ui->ownerComboBox;
    if (column == u"product_id"_s)
        return m_ui->productComboBox;
    if (column == u"notes"_s)
        return m_ui->notesPlainTextEdit;
    return nullptr;
}

std::optional<DealDialog::Problem> DealDialog::validate(const QVariantMap &changes) const
{
    if (!parsedAmount()) {
        return Problem {
            tr("“%1” is not an amount. Enter a number with at most two decimals, "
               "for example %2.")
                .arg(m_ui->amountLineEdit->text().trimmed(), amountText(1'250'000, QLocale())),
            m_ui->amountLineEdit};
    }
    // Field by field in form order, so the first problem focuses its own field.
    for (const QString &column :
         {u"title"_s, u"amount_minor"_s, u"probability"_s, u"lost_reason"_s, u"notes"_s}) {
        if (!changes.contains(column))
            continue;
        if (Result<void> valid = DealRepository::validate({{column, changes.value(column)}});
            !valid)
            return Problem {valid.error().message, widgetForField(column)};
    }
    if (effectiveStatus() == u"lost"_s && changes.contains(u"lost_reason"_s)) {
        const QVariantMap lost {{u"status"_s, u"lost"_s},
                                {u"lost_reason"_s, changes.value(u"lost_reason"_s)}};
        if (Result<void> valid = DealRepository::validate(lost); !valid)
            return Problem {valid.error().message, m_ui->lostReasonLineEdit};
    }
    if (Result<void> valid = DealRepository::validate(changes); !valid)
        return Problem {valid.error().message, nullptr};

    if (changes.contains(u"stage_id"_s)) {
        const QString stageId = changes.value(u"stage_id"_s).toString();
        for (const Stage &stage : std::as_const(m_stages)) {
            if (stage.id != stageId)
                continue;
            const QStringList missing = StageGate::missingRequiredFields(m_deal, stage, changes);
            if (!missing.isEmpty()) {
                QWidget *field = widgetForField(missing.constFirst());
                return Problem {StageGate::message(stage, missing),
                                field ? field : m_ui->stageComboBox};
            }
        }
    }
    return std::nullopt;
}

void DealDialog::accept()
{
    if (!m_loaded)
        return;
    const QVariantMap changes = collectChanges();
    if (const std::optional<Problem> problem = validate(changes)) {
        showError(problem->message, problem->field);
        return;
    }
    clearError();
    if (!changes.isEmpty() && !apply(changes))
        return;
    QDialog::accept();
}

bool DealDialog::apply(const QVariantMap &changes)
{
    auto *command = new EditDealCommand(m_store, m_dealId, m_actorId, changes, m_onApplied);
    // A failure while this dialog applies the edit is shown here (the stack then drops the
    // command); later undo/redo failures go to whoever asked for them.
    command->setOnFailed([dialog = QPointer<DealDialog>(this),
                          onFailed = m_onFailed](const QString &dealId, const Error &error) {
        if (dialog && dialog->m_applying) {
            dialog->m_applyError = error;
            return;
        }
        if (onFailed)
            onFailed(dealId, error);
    });
    m_applyError = {};
    m_applying = true;
    if (m_undoStack) {
        m_undoStack->push(command);
    } else {
        command->redo();
        delete command;
    }
    m_applying = false;
    if (m_applyError.code != ErrorCode::None) {
        showError(m_applyError.message);
        return false;
    }
    return true;
}

void DealDialog::showError(const QString &message, QWidget *field)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->show();
    if (!field)
        return;
    if (m_ui->detailsTabWidget->isAncestorOf(field))
        m_ui->tabWidget->setCurrentWidget(m_ui->detailsTabWidget);
    field->setFocus(Qt::OtherFocusReason);
    if (auto *lineEdit = qobject_cast<QLineEdit *>(field))
        lineEdit->selectAll();
}

void DealDialog::clearError()
{
    m_ui->errorLabel->clear();
    m_ui->errorLabel->hide();
}

bool DealDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Opening the calendar on "Not set" would show January 2000; show this month instead.
    if (watched == m_ui->expectedCloseDateEdit->calendarWidget() && event->type() == QEvent::Show
        && m_ui->expectedCloseDateEdit->date() == noDate) {
        const QDate today = QDate::currentDate();
        m_ui->expectedCloseDateEdit->calendarWidget()->setCurrentPage(today.year(), today.month());
    }
    return QDialog::eventFilter(watched, event);
}

void DealDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
    }
    QDialog::changeEvent(event);
}

} // namespace Outpost
