#pragma once

#include "deal.h"

#include <QDialog>
#include <QHash>
#include <QVariantMap>

class QDialogButtonBox;
class QLabel;

namespace Outpost {

class LocalStore;

/// Asks for what a move needs before it is committed: the fields the target stage requires
/// that the deal lacks (StageGate::missingRequiredFields), or the reason when a deal is marked
/// lost. One input per field (amount, expected close date, product, customer, owner, lost
/// reason, ...), each validated as the deal dialog would (Money::parse,
/// DealRepository::validate); a problem is shown inline and focuses the field. OK accepts only
/// valid values; values() then holds them as synced column values, to be committed with the
/// move in ONE undoable command. Cancel leaves the deal where it was. GUI thread only.
class StageGateDialog : public QDialog
{
    Q_OBJECT

public:
    /// columns: deals columns to ask for, in order.
    StageGateDialog(LocalStore &store, const Deal &deal, const QStringList &columns,
                    QWidget *parent = nullptr);
    ~StageGateDialog() override;

    /// The explanation above the fields, e.g. StageGate::message().
    void setMessage(const QString &text);
    /// The text of the OK button ("Move", "Mark as Lost").
    void setAcceptText(const QString &text);

    QStringList columns() const { return m_columns; }
    /// The input for column (nullptr if not asked).
    QWidget *fieldWidget(const QString &column) const { return m_fields.value(column); }
    /// The entered values (column -> value); valid after the dialog was accepted.
    QVariantMap values() const;

    void accept() override;

private:
    QWidget *createField(const QString &column);
    /// The value of column's input; ok false if it cannot be read (a malformed amount).
    QVariant fieldValue(const QString &column, bool *ok) const;
    void showError(const QString &message, QWidget *field);

    LocalStore &m_store;
    Deal m_deal;
    QStringList m_columns;
    QHash<QString, QWidget *> m_fields;
    QLabel *m_messageLabel;
    QLabel *m_errorLabel;
    QDialogButtonBox *m_buttons;
};

} // namespace Outpost
