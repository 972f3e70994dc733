#include "stagegatedialog.h"

#include "dealfield.h"
#include "dealrepository.h"
#include "money.h"
#include "organizationrepository.h"
#include "pipelineloader.h"
#include "productrepository.h"
#include "stagegate.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int defaultCloseDays = 30;

// Object names that tests (and screen readers' scripts) find: amount_minor -> amountLineEdit.
QString fieldName(const QString &column, const QString &className)
{
    if (column == u"amount_minor"_s)
        return u"amount"_s + className;
    if (column == u"expected_close"_s)
        return u"expectedClose"_s + className;
    QString name;
    bool upper = false;
    for (const QChar c : column) {
        if (c == u'_') {
            upper = true;
            continue;
        }
        name += upper ? c.toUpper() : c;
        upper = false;
    }
    if (name.endsWith(u"Id"_s))
        name.chop(2);
    return name + className;
}

} // namespace

StageGateDialog::StageGateDialog(LocalStore &store, const Deal &deal, const QStringList &columns,
                                 QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_deal(deal)
    , m_columns(columns)
    , m_messageLabel(new QLabel(this))
    , m_errorLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"stageGateDialog"_s);
    setWindowTitle(tr("Before the move"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    auto *titleLabel = new QLabel(deal.title, this);
    titleLabel->setObjectName(u"stageGateTitleLabel"_s);
    QFont titleFont = titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setWeight(QFont::DemiBold);
    titleLabel->setFont(titleFont);
    titleLabel->setWordWrap(true);
    m_messageLabel->setObjectName(u"stageGateMessageLabel"_s);
    m_messageLabel->setWordWrap(true);
    layout->addWidget(titleLabel);
    layout->addWidget(m_messageLabel);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (const QString &column : m_columns) {
        QWidget *field = createField(column);
        m_fields.insert(column, field);
        auto *label = new QLabel(DealField::label(column) + tr(":", "after a field label"), this);
        label->setBuddy(field->focusProxy() ? field->focusProxy() : field);
        form->addRow(label, field);
    }
    layout->addLayout(form);

    m_errorLabel->setObjectName(u"stageGateErrorLabel"_s);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(u"color: #c0392b;"_s);
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);
    layout->addStretch(1);

    m_buttons->setObjectName(u"stageGateButtonBox"_s);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Move"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &StageGateDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &StageGateDialog::reject);
    layout->addWidget(m_buttons);

    if (!m_columns.isEmpty())
        m_fields.value(m_columns.constFirst())->setFocus();
}

StageGateDialog::~StageGateDialog() = default;

void StageGateDialog::setMessage(const QString &text)
{
    m_messageLabel->setText(text);
}

void StageGateDialog::setAcceptText(const QString &text)
{
    m_buttons->button(QDialogButtonBox::Ok)->setText(text);
}

QWidget *StageGateDialog::createField(const QString &column)
{
    const QLocale locale;
    if (column == u"amount_minor"_s) {
        auto *box = new QWidget(this);
        auto *row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        auto *edit = new QLineEdit(box);
        edit->setObjectName(fieldName(column, u"LineEdit"_s));
        edit->setPlaceholderText(tr("e.g. %1").arg(locale.toString(120000)));
        edit->setMaxLength(24);
        if (m_deal.amountMinor > 0)
            edit->setText(locale.toString(double(m_deal.amountMinor) / 100.0, 'f', 2));
        auto *currency = new QLabel(m_deal.currency, box);
        row->addWidget(edit, 1);
        row->addWidget(currency);
        box->setFocusProxy(edit);
        return box;
    }
    if (column == u"expected_close"_s) {
        auto *edit = new QDateEdit(this);
        edit->setObjectName(fieldName(column, u"DateEdit"_s));
        edit->setCalendarPopup(true);
        // The short format with a four-digit year, so a typed year is unambiguous.
        QString format = locale.dateFormat(QLocale::ShortFormat);
        if (!format.contains(u"yyyy"_s))
            format.replace(u"yy"_s, u"yyyy"_s);
        edit->setDisplayFormat(format);
        edit->setMinimumDate(QDate(2000, 1, 1));
        edit->setMaximumDate(QDate(2199, 12, 31));
        edit->setDate(
            m_deal.expectedClose != 0
                ? QDateTime::fromMSecsSinceEpoch(m_deal.expectedClose).toLocalTime().date()
                : QDate::currentDate().addDays(defaultCloseDays));
        return edit;
    }
    if (column == u"product_id"_s || column == u"customer_id"_s || column == u"owner_id"_s
        || column == u"lost_reason"_s) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(fieldName(column, u"ComboBox"_s));
        combo->setMaxVisibleItems(16);
        if (column == u"product_id"_s) {
            combo->addItem(tr("Choose a product…"), QString());
            if (const Result<QList<Product>> products = ProductRepository(m_store).products()) {
                for (const Product &product : products.value())
                    combo->addItem(product.name, product.id);
            }
            combo->setCurrentIndex(std::max(0, combo->findData(m_deal.productId)));
        } else if (column == u"customer_id"_s) {
            combo->setEditable(true);
            combo->setInsertPolicy(QComboBox::NoInsert);
            combo->addItem(QString(), QString());
            if (const auto customers = PipelineLoader::customerChoices(m_store, m_deal.unitId)) {
                for (const auto &[id, name] : customers.value())
                    combo->addItem(name, id);
            }
            combo->lineEdit()->setPlaceholderText(tr("Type to find a customer"));
            combo->completer()->setFilterMode(Qt::MatchContains);
            combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
            combo->setCurrentIndex(std::max(0, combo->findData(m_deal.customerId)));
        } else if (column == u"owner_id"_s) {
            combo->addItem(tr("Choose an owner…"), QString());
            if (const Result<QList<User>> users = OrganizationRepository(m_store).users()) {
                for (const User &user : users.value()) {
                    if (user.active && (user.unitId == m_deal.unitId || m_deal.unitId.isEmpty()))
                        combo->addItem(user.name, user.id);
                }
            }
            combo->setCurrentIndex(std::max(0, combo->findData(m_deal.ownerId)));
        } else {
            combo->setEditable(true);
            combo->setInsertPolicy(QComboBox::NoInsert);
            combo->addItem(QString());
            if (const Result<QStringList> reasons = PipelineLoader::frequentLostReasons(m_store))
                combo->addItems(reasons.value());
            combo->lineEdit()->setPlaceholderText(tr("Choose or type a reason"));
            combo->lineEdit()->setMaxLength(500);
            combo->setCurrentIndex(0);
        }
        return combo;
    }
    if (column == u"probability"_s) {
        auto *spin = new QSpinBox(this);
        spin->setObjectName(fieldName(column, u"SpinBox"_s));
        spin->setRange(0, 100);
        spin->setSuffix(locale.percent());
        spin->setValue(m_deal.probability);
        return spin;
    }
    if (column == u"notes"_s) {
        auto *edit = new QPlainTextEdit(this);
        edit->setObjectName(fieldName(column, u"PlainTextEdit"_s));
        edit->setPlainText(m_deal.notes);
        edit->setTabChangesFocus(true);
        return edit;
    }
    auto *edit = new QLineEdit(this);
    edit->setObjectName(fieldName(column, u"LineEdit"_s));
    edit->setText(m_deal.toFields().value(column).toString());
    edit->setMaxLength(column == u"title"_s ? 200 : 500);
    return edit;
}

QVariant StageGateDialog::fieldValue(const QString &column, bool *ok) const
{
    *ok = true;
    QWidget *field = m_fields.value(column);
    if (column == u"amount_minor"_s) {
        const QString text = field->findChild<QLineEdit *>()->text().trimmed();
        qint64 minor = 0;
        if (text.isEmpty())
            return QVariant();
        if (!Money::parse(text, QLocale(), &minor)) {
            *ok = false;
            return QVariant();
        }
        return minor;
    }
    if (auto *date = qobject_cast<QDateEdit *>(field)) {
        // Local noon keeps the calendar date for readers up to twelve hours away.
        return QDateTime(date->date(), QTime(12, 0)).toMSecsSinceEpoch();
    }
    if (auto *combo = qobject_cast<QComboBox *>(field)) {
        if (column == u"lost_reason"_s)
            return combo->currentText().trimmed();
        if (combo->isEditable()) {
            // A typed name counts only if it names an entry.
            const int index = combo->findText(combo->currentText(), Qt::MatchFixedString);
            return index >= 0 ? combo->itemData(index) : QVariant();
        }
        const QString id = combo->currentData().toString();
        return id.isEmpty() ? QVariant() : QVariant(id);
    }
    if (auto *spin = qobject_cast<QSpinBox *>(field))
        return spin->value();
    if (auto *text = qobject_cast<QPlainTextEdit *>(field))
        return text->toPlainText();
    if (auto *line = qobject_cast<QLineEdit *>(field))
        return line->text().trimmed();
    return {};
}

QVariantMap StageGateDialog::values() const
{
    QVariantMap values;
    for (const QString &column : m_columns) {
        bool ok = false;
        const QVariant value = fieldValue(column, &ok);
        if (ok)
            values.insert(column, value);
    }
    return values;
}

void StageGateDialog::showError(const QString &message, QWidget *field)
{
    m_errorLabel->setText(message);
    m_errorLabel->show();
    if (field) {
        QWidget *focus = field->focusProxy() ? field->focusProxy() : field;
        focus->setFocus(Qt::OtherFocusReason);
        if (auto *line = qobject_cast<QLineEdit *>(focus))
            line->selectAll();
    }
}

void StageGateDialog::accept()
{
    QVariantMap checked;
    for (const QString &column : std::as_const(m_columns)) {
        QWidget *field = m_fields.value(column);
        bool ok = false;
        const QVariant value = fieldValue(column, &ok);
        if (!ok) {
            showError(tr("“%1” is not an amount. Enter a number such as %2.")
                          .arg(field->findChild<QLineEdit *>()->text(),
                               QLocale().toString(1234.5, 'f', 2)),
                      field);
            return;
        }
        if (StageGate::isEmpty(column, value)) {
            //: %1 is the name of a field, e.g. "Amount"
            showError(tr("Fill in %1.").arg(DealField::label(column)), field);
            return;
        }
        checked.insert(column, value);
    }
    if (m_columns.contains(u"lost_reason"_s))
        checked.insert(u"status"_s, u"lost"_s);
    if (const Result<void> valid = DealRepository::validate(checked); !valid) {
        QWidget *field = nullptr;
        for (const QString &column : std::as_const(m_columns)) {
            if (valid.error().message.contains(DealField::label(column), Qt::CaseInsensitive))
                field = m_fields.value(column);
        }
        showError(valid.error().message, field ? field : m_fields.value(m_columns.value(0)));
        return;
    }
    m_errorLabel->hide();
    QDialog::accept();
}

} // namespace Outpost
