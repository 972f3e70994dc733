#pragma once

#include "deal.h"
#include "editdealcommand.h"
#include "stage.h"

#include <QDate>
#include <QDialog>
#include <QPointer>
#include <QVariantMap>

#include <memory>
#include <optional>

class QUndoStack;

namespace Outpost {

class DealHistoryModel;
class LocalStore;

namespace Ui {
class DealDialog;
}

/// The detail dialog of one deal: a "Details" tab to edit it and a "History" tab with its
/// field history.
///
/// OK collects only the fields the user changed (synced column names), validates them
/// (DealRepository::validate, Money::parse, the target stage's required fields) and shows any
/// problem inline, focusing the field and keeping every input. Valid changes become ONE
/// EditDealCommand on the undo stack, so the edit is undoable and has exactly the side effects
/// of DealRepository::update (a stage change resets the stage entered time and applies the
/// stage's probability). Cancel writes nothing.
///
/// The expected close date is shown as a local date and stored as UTC milliseconds at local
/// noon of that day, which keeps the same calendar date for readers up to twelve hours east
/// or west and across daylight saving changes.
///
/// Lives on the GUI thread, on the thread of store. store and undoStack must outlive the
/// commands pushed onto the stack.
class DealDialog : public QDialog
{
    Q_OBJECT

public:
    /// undoStack may be null: the edit is then applied directly and cannot be undone.
    DealDialog(LocalStore &store, const QString &dealId, QUndoStack *undoStack,
               const QString &actorId, QWidget *parent = nullptr);
    ~DealDialog() override;

    QString dealId() const { return m_dealId; }

    /// Handed to each EditDealCommand: called after the edit, its undo and redo (also after
    /// this dialog is gone), so views can refresh the deal.
    void setOnApplied(EditDealCommand::AppliedCallback onApplied);
    /// Called when a later undo or redo of an edit made here fails. A failure while applying
    /// the edit is shown in this dialog instead.
    void setOnFailed(EditDealCommand::FailedCallback onFailed);

    /// The fields changed in the form (synced column names). Leaves the amount out when it
    /// is not a valid amount (accept() reports that).
    QVariantMap changedFields() const;

    void accept() override;

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Problem
    {
        QString message;
        QWidget *field = nullptr;
    };

    bool load();
    void fillStatusComboBox();
    void fillStageComboBox();
    void fillOwnerComboBox();
    void fillProductComboBox();
    void fillForm();
    void retranslate();
    void updateInfoLabels();
    void updateStatusDependents();
    void updateProbabilityPreview();

    QString effectiveStatus() const;
    QString selectedStageId() const;
    QDate selectedExpectedClose() const;
    std::optional<qint64> parsedAmount() const;
    QVariantMap collectChanges() const;
    std::optional<Problem> validate(const QVariantMap &changes) const;
    QWidget *widgetForField(const QString &column) const;
    bool apply(const QVariantMap &changes);
    void showError(const QString &message, QWidget *field = nullptr);
    void clearError();

    std::unique_ptr<Ui::DealDialog> m_ui;
    LocalStore &m_store;
    QString m_dealId;
    QPointer<QUndoStack> m_undoStack;
    QString m_actorId;
    DealHistoryModel *m_historyModel = nullptr;

    Deal m_deal;
    bool m_loaded = false;
    QList<Stage> m_stages;
    QString m_customerName;
    QString m_initialAmountText;
    bool m_probabilityEdited = false;
    int m_userProbability = 0;

    EditDealCommand::AppliedCallback m_onApplied;
    EditDealCommand::FailedCallback m_onFailed;
    bool m_applying = false;
    Error m_applyError;
};

} // namespace Outpost
