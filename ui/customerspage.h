#pragma once

#include <QWidget>

#include <memory>

class QUndoStack;

namespace Outpost {

namespace Ui {
class CustomersPage;
}

class CustomerDealsModel;
class CustomerFilterProxyModel;
class CustomerTableModel;
class LocalStore;
struct Error;

/// The Customers page: a searchable, sortable table of every customer and a detail pane with
/// the selected customer's contact details and deals. Opening a deal edits it in the deal
/// dialog; edits (and their undo/redo) refresh the affected rows in place, keeping selection
/// and scroll position. GUI thread only; uses the GUI thread's LocalStore.
class CustomersPage : public QWidget
{
    Q_OBJECT

public:
    /// actorId: the signed-in user, recorded as the author of edits made from this page.
    CustomersPage(LocalStore &store, QUndoStack *undoStack, QString actorId,
                  QWidget *parent = nullptr);
    ~CustomersPage() override;

    /// (Re)reads all customers; on error the page keeps what it showed and says why.
    void reload();

    QString currentCustomerId() const;
    /// Selects the customer with id (clearing the search if it hides the customer).
    bool selectCustomer(const QString &id);
    /// Focuses the search field and selects its text (Edit > Find).
    void focusSearch();
    /// Rows of these tables changed behind the page's back (received from the sync server, a
    /// re-applied sync issue): updates the affected customer rows in place and the shown
    /// customer's details and deals, keeping selection and scroll position.
    void refreshRows(const QStringList &tables);
    /// The user recorded as the author of later edits (after a sign-in).
    void setActorId(const QString &actorId) { m_actorId = actorId; }

    CustomerTableModel *customerModel() const { return m_customerModel; }
    CustomerFilterProxyModel *customerProxyModel() const { return m_proxyModel; }
    CustomerDealsModel *dealsModel() const { return m_dealsModel; }

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setUpCustomerTable();
    void setUpDealList();
    void retranslate();
    void updateCountLabel();
    void showCustomer(const QString &id);
    void clearCustomerDetails();
    void updateDealCountLabel();
    void openDeal(const QModelIndex &index);
    /// After an edit of dealId (or its undo or redo): refreshes its customer's row and, when
    /// shown, the deal list, keeping selection and scroll position.
    void dealChanged(const QString &dealId);
    /// Shows the current customer again (details and deals), keeping the deal selection and
    /// the deal list's scroll position.
    void refreshShownCustomer();
    void showError(const QString &title, const Error &error);
    void restoreSettings();
    void saveSettings() const;

    std::unique_ptr<Ui::CustomersPage> m_ui;
    LocalStore &m_store;
    QUndoStack *m_undoStack;
    QString m_actorId;
    CustomerTableModel *m_customerModel;
    CustomerFilterProxyModel *m_proxyModel;
    CustomerDealsModel *m_dealsModel;
    QString m_shownCustomerId;
};

} // namespace Outpost
