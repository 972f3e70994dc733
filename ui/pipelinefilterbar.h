#pragma once

#include "pipelinefilter.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;

namespace Outpost {

class PipelineDataset;

/// The filters above the pipeline board: search (filters as the user types), owner (with
/// "Mine"), unit (several, for leads and HQ), status, product line, region, amount range,
/// expected close range (presets or custom dates) and "rotting only". Every change emits
/// filterChanged() at once with the whole filter. Invalid amounts are marked and ignored.
/// GUI thread only.
class PipelineFilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit PipelineFilterBar(QWidget *parent = nullptr);

    /// Fills the choices from the board's lookups: the people and units of scopeUnitIds, the
    /// product lines and regions. actorId is the signed-in user ("Mine").
    void setChoices(const PipelineDataset &data, const QStringList &scopeUnitIds,
                    const QString &actorId);
    /// Shows filter without emitting filterChanged().
    void setFilter(const PipelineFilter &filter);
    PipelineFilter filter() const { return m_filter; }

    QLineEdit *searchLineEdit() const { return m_search; }

Q_SIGNALS:
    void filterChanged(const PipelineFilter &filter);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void readWidgets();
    void showFilter();
    void updateUnitButton();
    void updateAmountValidity();
    void fillStatusComboBox();
    void fillCloseComboBox();

    PipelineFilter m_filter;
    QString m_actorId;
    QStringList m_scopeUnitIds;
    QList<std::pair<QString, QString>> m_units; ///< id, name
    bool m_updating = false;

    QLineEdit *m_search;
    QComboBox *m_owner;
    QToolButton *m_unit;
    QMenu *m_unitMenu;
    QComboBox *m_status;
    QComboBox *m_productLine;
    QComboBox *m_region;
    QLabel *m_amountLabel;
    QLineEdit *m_minAmount;
    QLineEdit *m_maxAmount;
    QLabel *m_closeLabel;
    QComboBox *m_close;
    QDateEdit *m_closeFrom;
    QDateEdit *m_closeTo;
    QCheckBox *m_rotting;
    QToolButton *m_clear;
};

} // namespace Outpost
