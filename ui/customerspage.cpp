#include "customerspage.h"
#include "ui_customerspage.h"

#include "dealdialog.h"
#include "avatar.h"
#include "dealcarddelegate.h"
#include "theme.h"
#include "uilogging.h"

#include "customerdealsmodel.h"
#include "customerfilterproxymodel.h"
#include "customerrepository.h"
#include "customertablemodel.h"
#include "dealrepository.h"
#include "localstore.h"
#include "stagerepository.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QScrollBar>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using CustomerColumn = CustomerTableModel::Column;
using DealColumn = CustomerDealsModel::Column;

const QString headerStateKey = u"customersPage/headerState"_s;
const QString splitterStateKey = u"customersPage/splitterState"_s;

// Text for a detail value; an em dash stands for "not recorded".
QString orDash(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isEmpty() ? u"—"_s : trimmed;
}

// Joins the non-empty parts with separator.
QString joinNonEmpty(const QStringList &parts, const QString &separator)
{
    QStringList kept;
    for (const QString &part : parts) {
        if (!part.trimmed().isEmpty())
            kept.append(part.trimmed());
    }
    return kept.join(separator);
}

} // namespace

CustomersPage::CustomersPage(LocalStore &store, QUndoStack *undoStack, QString actorId,
                             QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CustomersPage>())
    , m_store(store)
    , m_undoStack(undoStack)
    , m_actorId(std::move(actorId))
    , m_customerModel(new CustomerTableModel(this))
    , m_proxyModel(new CustomerFilterProxyModel(this))
    , m_dealsModel(new CustomerDealsModel(this))
{
    m_ui->setupUi(this);

    QAction *searchIcon = m_ui->customerSearchLineEdit->addAction(Theme::icon(u"search"_s),
                                                                  QLineEdit::LeadingPosition);
    searchIcon->setEnabled(false); // a decoration, not a button
    m_ui->customerSearchLineEdit->installEventFilter(this);
    m_ui->emptyDetailIconLabel->setPixmap(Theme::icon(u"customer-empty"_s).pixmap(96, 96));

    setUpCustomerTable();
    setUpDealList();
    m_ui->customerSplitter->setStretchFactor(0, 3);
    m_ui->customerSplitter->setStretchFactor(1, 2);

    connect(m_ui->customerSearchLineEdit, &QLineEdit::textChanged, this,
            [this](const QString &text) {
                m_proxyModel->setSearchText(text);
                updateCountLabel();
            });
    connect(m_proxyModel, &QAbstractItemModel::rowsInserted, this,
            &CustomersPage::updateCountLabel);
    connect(m_proxyModel, &QAbstractItemModel::rowsRemoved, this, &CustomersPage::updateCountLabel);
    connect(m_proxyModel, &QAbstractItemModel::modelReset, this, &CustomersPage::updateCountLabel);
    connect(m_proxyModel, &QAbstractItemModel::layoutChanged, this,
            &CustomersPage::updateCountLabel);

    restoreSettings();
    reload();
    retranslate();
}

CustomersPage::~CustomersPage()
{
    saveSettings();
}

void CustomersPage::setUpCustomerTable()
{
    QTableView *view = m_ui->customerTableView;
    m_proxyModel->setSourceModel(m_customerModel);
    view->setModel(m_proxyModel);

    const QFontMetrics metrics(view->font());
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(metrics.height() + 14);

    QHeaderView *header = view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(metrics.averageCharWidth() * 6);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int character = metrics.averageCharWidth();
    const QFontMetrics headerMetrics(header->font());
    // Wide enough for typical values and for the (translated) header with its sort arrow.
    const auto setWidth = [this, header, character, headerMetrics](CustomerColumn column,
                                                                   int characters) {
        const QString title = m_customerModel->headerData(int(column), Qt::Horizontal).toString();
        header->resizeSection(
            int(column), qMax(character * characters, headerMetrics.horizontalAdvance(title) + 40));
    };
    setWidth(CustomerColumn::Name, 34);
    setWidth(CustomerColumn::Contact, 16);
    setWidth(CustomerColumn::Segment, 15);
    setWidth(CustomerColumn::Industry, 16);
    setWidth(CustomerColumn::Region, 14);
    setWidth(CustomerColumn::City, 11);
    setWidth(CustomerColumn::Owner, 17);
    setWidth(CustomerColumn::Unit, 18);
    setWidth(CustomerColumn::OpenDeals, 10);
    setWidth(CustomerColumn::Pipeline, 20);
    setWidth(CustomerColumn::LastInteraction, 14);
    // The name takes the room left; the rest keep their widths.
    header->setSectionResizeMode(int(CustomerColumn::Name), QHeaderView::Stretch);
    // Segment, industry, region, city and unit are in the detail pane; the header's context
    // menu brings them back.
    for (const CustomerColumn column :
         {CustomerColumn::Segment, CustomerColumn::Industry, CustomerColumn::Region,
          CustomerColumn::City, CustomerColumn::Unit}) {
        header->hideSection(int(column));
    }
    header->setSortIndicator(int(CustomerColumn::Name), Qt::AscendingOrder);

    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](QPoint pos) {
        QMenu menu(this);
        for (int column = 0; column < m_customerModel->columnCount(); ++column) {
            QAction *action
                = menu.addAction(m_customerModel->headerData(column, Qt::Horizontal).toString());
            action->setCheckable(true);
            action->setChecked(!header->isSectionHidden(column));
            // The name identifies the row: it always stays.
            action->setEnabled(column != int(CustomerColumn::Name));
            connect(action, &QAction::toggled, header,
                    [header, column](bool visible) { header->setSectionHidden(column, !visible); });
        }
        menu.exec(header->viewport()->mapToGlobal(pos));
    });

    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                showCustomer(current.isValid()
                                 ? current.data(int(CustomerTableModel::Role::Id)).toString()
                                 : QString());
            });
}

void CustomersPage::setUpDealList()
{
    QListView *view = m_ui->customerDealListView;
    view->setModel(m_dealsModel);
    view->setModelColumn(int(CustomerDealsModel::Column::Title));
    view->setItemDelegate(new DealCardDelegate(view));
    view->setMouseTracking(true); // hover highlight
    // activated covers double-click and Enter alike (and a single click where the platform
    // activates on single click).
    connect(view, &QAbstractItemView::activated, this, &CustomersPage::openDeal);
}

void CustomersPage::reload()
{
    const QString selectedId = currentCustomerId();
    CustomerRepository repository(m_store, m_actorId);
    if (Result<void> loaded = m_customerModel->reload(repository); !loaded) {
        showError(tr("The customers cannot be shown"), loaded.error());
        return;
    }
    // The header's sort indicator survives a reset; apply it to the new rows.
    QHeaderView *header = m_ui->customerTableView->horizontalHeader();
    m_ui->customerTableView->sortByColumn(header->sortIndicatorSection(),
                                          header->sortIndicatorOrder());
    if (!selectedId.isEmpty() && selectCustomer(selectedId))
        return;
    if (m_proxyModel->rowCount() > 0)
        m_ui->customerTableView->selectRow(0);
    else
        showCustomer({});
    updateCountLabel();
}

QString CustomersPage::currentCustomerId() const
{
    const QModelIndex current = m_ui->customerTableView->currentIndex();
    return current.isValid() ? current.data(int(CustomerTableModel::Role::Id)).toString()
                             : QString();
}

bool CustomersPage::selectCustomer(const QString &id)
{
    const int sourceRow = m_customerModel->rowOfId(id);
    if (sourceRow < 0)
        return false;
    QModelIndex index = m_proxyModel->mapFromSource(m_customerModel->index(sourceRow, 0));
    if (!index.isValid()) {
        m_ui->customerSearchLineEdit->clear();
        index = m_proxyModel->mapFromSource(m_customerModel->index(sourceRow, 0));
    }
    if (!index.isValid())
        return false;
    m_ui->customerTableView->setCurrentIndex(index);
    m_ui->customerTableView->scrollTo(index);
    return true;
}

void CustomersPage::focusSearch()
{
    m_ui->customerSearchLineEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->customerSearchLineEdit->selectAll();
}

void CustomersPage::updateCountLabel()
{
    const int total = m_customerModel->rowCount();
    const int shown = m_proxyModel->rowCount();
    if (m_proxyModel->searchText().trimmed().isEmpty())
        m_ui->customerCountLabel->setText(tr("%Ln customer(s)", nullptr, total));
    else
        m_ui->customerCountLabel->setText(
            tr("%1 of %Ln customer(s)", nullptr, total).arg(QLocale().toString(shown)));
}

void CustomersPage::showCustomer(const QString &id)
{
    if (id.isEmpty()) {
        clearCustomerDetails();
        return;
    }
    const int row = m_customerModel->rowOfId(id);
    if (row < 0) {
        clearCustomerDetails();
        return;
    }
    m_shownCustomerId = id;
    const CustomerSummary &summary = m_customerModel->summary(row);
    const Customer &customer = summary.customer;

    m_ui->customerNameLabel->setText(customer.name);
    m_ui->customerAvatarLabel->setPixmap(
        Avatar::pixmap(customer.name, customer.id, 48, devicePixelRatioF()));
    const QString place = joinNonEmpty({customer.city, customer.country}, u", "_s);
    m_ui->customerSubtitleLabel->setText(
        joinNonEmpty({CustomerTableModel::segmentLabel(customer.segment), customer.industry, place},
                     u"  ·  "_s));
    m_ui->contactValueLabel->setText(orDash(customer.contactName));
    const QString email = customer.email.trimmed();
    m_ui->emailValueLabel->setText(
        email.isEmpty()
            ? u"—"_s
            : u"<a href=\"mailto:%1\">%2</a>"_s.arg(email.toHtmlEscaped(), email.toHtmlEscaped()));
    m_ui->phoneValueLabel->setText(orDash(customer.phone));
    // The street address, then city and country unless the address already names the city.
    const bool addressHasCity
        = !customer.city.isEmpty() && customer.address.contains(customer.city);
    m_ui->addressValueLabel->setText(
        orDash(joinNonEmpty({customer.address, addressHasCity ? QString() : place}, u"\n"_s)));
    m_ui->segmentValueLabel->setText(orDash(CustomerTableModel::segmentLabel(customer.segment)));
    m_ui->industryValueLabel->setText(orDash(customer.industry));
    m_ui->ownerValueLabel->setText(orDash(summary.ownerName));
    m_ui->unitValueLabel->setText(orDash(summary.unitName));

    DealRepository deals(m_store, m_actorId);
    StageRepository stages(m_store);
    if (Result<void> loaded = m_dealsModel->reload(deals, stages, id); !loaded) {
        m_dealsModel->clear();
        showError(tr("The deals cannot be shown"), loaded.error());
    }
    updateDealCountLabel();
    m_ui->customerDetailStackedWidget->setCurrentWidget(m_ui->customerDetailPage);
}

void CustomersPage::clearCustomerDetails()
{
    m_shownCustomerId.clear();
    m_dealsModel->clear();
    m_ui->customerDetailStackedWidget->setCurrentWidget(m_ui->emptyDetailPage);
}

void CustomersPage::updateDealCountLabel()
{
    const int total = m_dealsModel->rowCount();
    if (total == 0) {
        m_ui->dealCountLabel->setText(tr("No deals yet"));
        return;
    }
    m_ui->dealCountLabel->setText(tr("%Ln deal(s), %1 open", nullptr, total)
                                      .arg(QLocale().toString(m_dealsModel->openDealCount())));
}

void CustomersPage::openDeal(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString dealId = index.data(int(CustomerDealsModel::Role::Id)).toString();
    DealDialog dialog(m_store, dealId, m_undoStack, m_actorId, this);
    // The callbacks outlive the dialog: undo and redo of the edit call them later.
    const QPointer<CustomersPage> page(this);
    dialog.setOnApplied([page](const QString &changedDealId) {
        if (page)
            page->dealChanged(changedDealId);
    });
    dialog.setOnFailed([page](const QString &, const Error &error) {
        if (page)
            page->showError(tr("The deal cannot be changed"), error);
    });
    dialog.exec();
}

void CustomersPage::dealChanged(const QString &dealId)
{
    DealRepository deals(m_store, m_actorId);
    const Result<Deal> deal = deals.deal(dealId);
    const bool shown = m_dealsModel->rowOfId(dealId) >= 0;
    const QString customerId
        = deal ? deal->customerId : (shown ? m_dealsModel->customerId() : QString());
    if (!customerId.isEmpty()) {
        CustomerRepository customers(m_store, m_actorId);
        if (Result<void> refreshed = m_customerModel->refreshCustomer(customers, customerId);
            !refreshed) {
            showError(tr("The customer cannot be refreshed"), refreshed.error());
        }
    }
    if (m_shownCustomerId.isEmpty() || (customerId != m_shownCustomerId && !shown))
        return;
    refreshShownCustomer();
}

void CustomersPage::refreshShownCustomer()
{
    // The deal list may re-order (a closed deal moves down): keep the selected deal selected.
    QListView *view = m_ui->customerDealListView;
    const QString selectedDealId
        = view->currentIndex().data(int(CustomerDealsModel::Role::Id)).toString();
    const int scrollValue = view->verticalScrollBar()->value();
    showCustomer(m_shownCustomerId);
    view->verticalScrollBar()->setValue(scrollValue);
    if (const int row = m_dealsModel->rowOfId(selectedDealId); row >= 0) {
        const QModelIndex index = m_dealsModel->index(row, view->modelColumn());
        view->setCurrentIndex(index);
        view->scrollTo(index);
    }
}

void CustomersPage::refreshRows(const QStringList &tables)
{
    // What a customer row or the detail pane shows: the customer, its deals and interactions,
    // owner and unit names, stage names.
    static const QStringList shownTables {u"customers"_s, u"deals"_s, u"interactions"_s,
                                          u"users"_s,     u"units"_s, u"stages"_s,
                                          u"products"_s};
    const bool relevant = std::any_of(tables.cbegin(), tables.cend(), [](const QString &table) {
        return shownTables.contains(table);
    });
    if (!relevant)
        return;
    CustomerRepository repository(m_store, m_actorId);
    if (Result<void> updated = m_customerModel->update(repository); !updated) {
        // The next change refreshes again; a dialog for a background refresh would interrupt.
        qCWarning(lcUi) << "cannot refresh the customers:" << updated.error().message;
        return;
    }
    updateCountLabel();
    QTableView *view = m_ui->customerTableView;
    if (!view->currentIndex().isValid()) {
        // The first customers arrived on an empty page: show the first, as on opening.
        if (m_proxyModel->rowCount() > 0)
            view->selectRow(0);
        return;
    }
    if (!m_shownCustomerId.isEmpty() && m_customerModel->rowOfId(m_shownCustomerId) >= 0)
        refreshShownCustomer();
}

void CustomersPage::showError(const QString &title, const Error &error)
{
    QMessageBox::warning(this, title, error.message);
}

void CustomersPage::retranslate()
{
    m_customerModel->retranslate();
    m_dealsModel->retranslate();
    updateCountLabel();
    if (!m_shownCustomerId.isEmpty())
        showCustomer(m_shownCustomerId);
    else
        updateDealCountLabel();
}

void CustomersPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
    }
    QWidget::changeEvent(event);
}

bool CustomersPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->customerSearchLineEdit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && !m_ui->customerSearchLineEdit->text().isEmpty()) {
            m_ui->customerSearchLineEdit->clear();
            return true;
        }
        // Down or Enter moves from the search field into the results.
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Return
            || key->key() == Qt::Key_Enter) {
            m_ui->customerTableView->setFocus(Qt::TabFocusReason);
            if (!m_ui->customerTableView->currentIndex().isValid() && m_proxyModel->rowCount() > 0)
                m_ui->customerTableView->selectRow(0);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void CustomersPage::restoreSettings()
{
    const QSettings settings;
    m_ui->customerTableView->horizontalHeader()->restoreState(
        settings.value(headerStateKey).toByteArray());
    if (!m_ui->customerSplitter->restoreState(settings.value(splitterStateKey).toByteArray()))
        m_ui->customerSplitter->setSizes({800, 400});
}

void CustomersPage::saveSettings() const
{
    QSettings settings;
    settings.setValue(headerStateKey, m_ui->customerTableView->horizontalHeader()->saveState());
    settings.setValue(splitterStateKey, m_ui->customerSplitter->saveState());
}

} // namespace Outpost
