#include "pipelinefilterbar.h"

#include "theme.h"

#include "money.h"
#include "pipelinedataset.h"

#include <QAction>
#include <QCheckBox>
#include <QCollator>
#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString customPreset = u"custom"_s;

void setInvalid(QLineEdit *edit, bool invalid, const QString &message)
{
    edit->setProperty("invalid", invalid);
    edit->setStyleSheet(invalid ? u"QLineEdit { border: 1px solid #d93b2b; border-radius: 4px; "
                                  u"padding: 2px 4px; }"_s
                                : QString());
    edit->setToolTip(invalid ? message : QString());
}

} // namespace

PipelineFilterBar::PipelineFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_owner(new QComboBox(this))
    , m_unit(new QToolButton(this))
    , m_unitMenu(new QMenu(m_unit))
    , m_status(new QComboBox(this))
    , m_productLine(new QComboBox(this))
    , m_region(new QComboBox(this))
    , m_amountLabel(new QLabel(this))
    , m_minAmount(new QLineEdit(this))
    , m_maxAmount(new QLineEdit(this))
    , m_closeLabel(new QLabel(this))
    , m_close(new QComboBox(this))
    , m_closeFrom(new QDateEdit(this))
    , m_closeTo(new QDateEdit(this))
    , m_rotting(new QCheckBox(this))
    , m_clear(new QToolButton(this))
{
    setObjectName(u"pipelineFilterBar"_s);
    m_search->setObjectName(u"boardSearchLineEdit"_s);
    m_owner->setObjectName(u"ownerFilterComboBox"_s);
    m_unit->setObjectName(u"unitFilterToolButton"_s);
    m_status->setObjectName(u"statusFilterComboBox"_s);
    m_productLine->setObjectName(u"productLineFilterComboBox"_s);
    m_region->setObjectName(u"regionFilterComboBox"_s);
    m_minAmount->setObjectName(u"minAmountLineEdit"_s);
    m_maxAmount->setObjectName(u"maxAmountLineEdit"_s);
    m_close->setObjectName(u"closeRangeFilterComboBox"_s);
    m_closeFrom->setObjectName(u"closeFromDateEdit"_s);
    m_closeTo->setObjectName(u"closeToDateEdit"_s);
    m_rotting->setObjectName(u"rottingOnlyCheckBox"_s);
    m_clear->setObjectName(u"clearFiltersToolButton"_s);

    QAction *searchIcon = m_search->addAction(Theme::icon(u"search"_s), QLineEdit::LeadingPosition);
    searchIcon->setEnabled(false); // a decoration, not a button
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(200);
    m_search->setMinimumWidth(fontMetrics().averageCharWidth() * 26);

    m_unit->setPopupMode(QToolButton::InstantPopup);
    m_unit->setMenu(m_unitMenu);
    m_unit->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_unit->hide();

    for (QComboBox *combo : {m_owner, m_status, m_productLine, m_region, m_close})
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    const int amountWidth = fontMetrics().averageCharWidth() * 12;
    for (QLineEdit *edit : {m_minAmount, m_maxAmount}) {
        edit->setFixedWidth(amountWidth);
        edit->setMaxLength(20);
        edit->setClearButtonEnabled(false);
    }
    for (QDateEdit *edit : {m_closeFrom, m_closeTo}) {
        edit->setCalendarPopup(true);
        QString format = QLocale().dateFormat(QLocale::ShortFormat);
        if (!format.contains(u"yyyy"_s))
            format.replace(u"yy"_s, u"yyyy"_s);
        edit->setDisplayFormat(format);
        edit->setDate(QDate::currentDate());
        edit->hide();
    }
    m_closeTo->setDate(QDate::currentDate().addDays(30));
    m_clear->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_clear->setAutoRaise(true);

    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(8);
    auto *first = new QHBoxLayout;
    first->setSpacing(8);
    first->addWidget(m_search, 3);
    first->addWidget(m_owner);
    first->addWidget(m_unit);
    first->addWidget(m_status);
    first->addWidget(m_productLine);
    first->addWidget(m_region);
    first->addStretch(1);
    auto *second = new QHBoxLayout;
    second->setSpacing(8);
    second->addWidget(m_amountLabel);
    second->addWidget(m_minAmount);
    auto *dash = new QLabel(u"–"_s, this);
    second->addWidget(dash);
    second->addWidget(m_maxAmount);
    second->addSpacing(16);
    second->addWidget(m_closeLabel);
    second->addWidget(m_close);
    second->addWidget(m_closeFrom);
    second->addWidget(m_closeTo);
    second->addSpacing(16);
    second->addWidget(m_rotting);
    second->addStretch(1);
    second->addWidget(m_clear);
    rows->addLayout(first);
    rows->addLayout(second);
    m_amountLabel->setBuddy(m_minAmount);
    m_closeLabel->setBuddy(m_close);

    connect(m_search, &QLineEdit::textChanged, this, &PipelineFilterBar::readWidgets);
    for (QComboBox *combo : {m_owner, m_status, m_productLine, m_region, m_close}) {
        connect(combo, &QComboBox::currentIndexChanged, this, &PipelineFilterBar::readWidgets);
    }
    connect(m_minAmount, &QLineEdit::textChanged, this, &PipelineFilterBar::readWidgets);
    connect(m_maxAmount, &QLineEdit::textChanged, this, &PipelineFilterBar::readWidgets);
    connect(m_closeFrom, &QDateEdit::dateChanged, this, &PipelineFilterBar::readWidgets);
    connect(m_closeTo, &QDateEdit::dateChanged, this, &PipelineFilterBar::readWidgets);
    connect(m_rotting, &QCheckBox::toggled, this, &PipelineFilterBar::readWidgets);
    connect(m_clear, &QToolButton::clicked, this, [this] {
        // Clearing keeps the search text: it is visible and has its own clear button.
        PipelineFilter cleared;
        cleared.searchText = m_filter.searchText;
        m_filter = cleared;
        showFilter();
        Q_EMIT filterChanged(m_filter);
    });
    retranslate();
}

void PipelineFilterBar::fillStatusComboBox()
{
    const QSignalBlocker blocker(m_status);
    const int current = m_status->currentIndex();
    m_status->clear();
    m_status->addItem(tr("Open deals"), PipelineFilter::statusName(PipelineFilter::Status::Open));
    m_status->addItem(tr("Won deals"), PipelineFilter::statusName(PipelineFilter::Status::Won));
    m_status->addItem(tr("Lost deals"), PipelineFilter::statusName(PipelineFilter::Status::Lost));
    m_status->addItem(tr("All deals"), PipelineFilter::statusName(PipelineFilter::Status::All));
    m_status->setCurrentIndex(std::max(0, current));
}

void PipelineFilterBar::fillCloseComboBox()
{
    const QSignalBlocker blocker(m_close);
    const int current = m_close->currentIndex();
    m_close->clear();
    m_close->addItem(tr("Any time"), QString());
    const QStringList presets = PipelineFilter::closePresets();
    const QStringList labels
        = {tr("Overdue"),      tr("This week"),    tr("This month"), tr("Next 30 days"),
           tr("This quarter"), tr("Next quarter"), tr("This year")};
    for (qsizetype i = 0; i < presets.size(); ++i)
        m_close->addItem(labels.value(i), presets.at(i));
    m_close->addItem(tr("Custom range…"), customPreset);
    m_close->setCurrentIndex(std::max(0, current));
}

void PipelineFilterBar::retranslate()
{
    m_search->setPlaceholderText(tr("Search deals, customers and notes"));
    m_search->setAccessibleName(tr("Search deals"));
    m_owner->setToolTip(tr("Owner"));
    m_owner->setAccessibleName(tr("Owner"));
    if (m_owner->count() >= 2) {
        m_owner->setItemText(0, tr("Everyone"));
        m_owner->setItemText(1, tr("Mine"));
    }
    m_unit->setToolTip(tr("Units"));
    m_status->setToolTip(tr("Status"));
    m_status->setAccessibleName(tr("Status"));
    fillStatusComboBox();
    if (m_productLine->count() > 0)
        m_productLine->setItemText(0, tr("All product lines"));
    m_productLine->setAccessibleName(tr("Product line"));
    if (m_region->count() > 0)
        m_region->setItemText(0, tr("All regions"));
    m_region->setAccessibleName(tr("Region"));
    m_amountLabel->setText(tr("&Amount"));
    m_minAmount->setPlaceholderText(tr("Min"));
    m_maxAmount->setPlaceholderText(tr("Max"));
    m_minAmount->setAccessibleName(tr("Minimum amount"));
    m_maxAmount->setAccessibleName(tr("Maximum amount"));
    m_closeLabel->setText(tr("Expected &close"));
    fillCloseComboBox();
    m_closeFrom->setAccessibleName(tr("Expected close from"));
    m_closeTo->setAccessibleName(tr("Expected close to"));
    m_rotting->setText(tr("&Rotting only"));
    m_rotting->setToolTip(tr("Only deals without an update for longer than their stage allows"));
    m_clear->setText(tr("Clear filters"));
    updateUnitButton();
    updateAmountValidity();
}

void PipelineFilterBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PipelineFilterBar::setChoices(const PipelineDataset &data, const QStringList &scopeUnitIds,
                                   const QString &actorId)
{
    m_updating = true;
    m_actorId = actorId;
    m_scopeUnitIds = scopeUnitIds;
    QCollator collator;
    collator.setNumericMode(true);
    const auto byName
        = [&collator](const std::pair<QString, QString> &a, const std::pair<QString, QString> &b) {
              return collator.compare(a.second, b.second) < 0;
          };

    // Units: the scope, or every unit the store has.
    m_units.clear();
    for (const PipelineDataset::UnitInfo &unit : data.units) {
        if (!unit.id.isEmpty() && (scopeUnitIds.isEmpty() || scopeUnitIds.contains(unit.id)))
            m_units.append({unit.id, unit.name});
    }
    std::sort(m_units.begin(), m_units.end(), byName);
    m_unitMenu->clear();
    QAction *all = m_unitMenu->addAction(tr("All units"));
    all->setObjectName(u"allUnitsAction"_s);
    connect(all, &QAction::triggered, this, [this] {
        for (QAction *action : m_unitMenu->actions())
            action->setChecked(false);
        readWidgets();
    });
    m_unitMenu->addSeparator();
    for (const auto &[id, name] : std::as_const(m_units)) {
        QAction *action = m_unitMenu->addAction(name);
        action->setCheckable(true);
        action->setData(id);
        connect(action, &QAction::toggled, this, &PipelineFilterBar::readWidgets);
    }
    m_unit->setVisible(m_units.size() > 1);

    // People: the owners of the units in scope.
    QList<std::pair<QString, QString>> people;
    for (const PipelineDataset::UserInfo &user : data.users) {
        if (user.id.isEmpty() || user.id == actorId)
            continue;
        const bool inScope
            = std::any_of(m_units.cbegin(), m_units.cend(),
                          [&user](const auto &unit) { return unit.first == user.unitId; });
        if (inScope)
            people.append({user.id, user.name});
    }
    std::sort(people.begin(), people.end(), byName);
    {
        const QSignalBlocker blocker(m_owner);
        m_owner->clear();
        m_owner->addItem(tr("Everyone"), QString());
        m_owner->addItem(tr("Mine"), actorId);
        if (actorId.isEmpty())
            m_owner->removeItem(1);
        m_owner->insertSeparator(m_owner->count());
        for (const auto &[id, name] : std::as_const(people))
            m_owner->addItem(name, id);
    }

    QList<std::pair<QString, QString>> lines;
    for (const PipelineDataset::ProductLineInfo &line : data.productLines) {
        if (!line.id.isEmpty())
            lines.append({line.id, line.name});
    }
    std::sort(lines.begin(), lines.end(), byName);
    {
        const QSignalBlocker blocker(m_productLine);
        m_productLine->clear();
        m_productLine->addItem(tr("All product lines"), QString());
        for (const auto &[id, name] : std::as_const(lines))
            m_productLine->addItem(name, id);
    }

    QStringList regions;
    for (const QString &region : data.regions) {
        if (!region.trimmed().isEmpty())
            regions.append(region);
    }
    std::sort(regions.begin(), regions.end(), [&collator](const QString &a, const QString &b) {
        return collator.compare(a, b) < 0;
    });
    {
        const QSignalBlocker blocker(m_region);
        m_region->clear();
        m_region->addItem(tr("All regions"), QString());
        for (const QString &region : std::as_const(regions))
            m_region->addItem(region, region);
    }
    m_updating = false;
    showFilter();
}

void PipelineFilterBar::setFilter(const PipelineFilter &filter)
{
    m_filter = filter;
    showFilter();
}

void PipelineFilterBar::showFilter()
{
    m_updating = true;
    const QSignalBlocker searchBlocker(m_search);
    if (m_search->text() != m_filter.searchText)
        m_search->setText(m_filter.searchText);
    const auto select = [](QComboBox *combo, const QString &data) {
        const QSignalBlocker blocker(combo);
        combo->setCurrentIndex(std::max(0, combo->findData(data)));
    };
    select(m_owner, m_filter.ownerId);
    select(m_productLine, m_filter.productLineId);
    select(m_region, m_filter.region);
    select(m_status, PipelineFilter::statusName(m_filter.status));
    select(m_close, m_filter.closePreset);
    for (QAction *action : m_unitMenu->actions()) {
        if (action->isCheckable()) {
            const QSignalBlocker blocker(action);
            action->setChecked(m_filter.unitIds.contains(action->data().toString()));
        }
    }
    const QLocale locale;
    const auto amountText = [&locale](qint64 minor) {
        return minor < 0 ? QString() : locale.toString(qulonglong(minor / 100));
    };
    {
        const QSignalBlocker min(m_minAmount);
        const QSignalBlocker max(m_maxAmount);
        qint64 shown = -1;
        if (!Money::parse(m_minAmount->text(), locale, &shown) || shown != m_filter.minAmountMinor)
            m_minAmount->setText(amountText(m_filter.minAmountMinor));
        shown = -1;
        if (!Money::parse(m_maxAmount->text(), locale, &shown) || shown != m_filter.maxAmountMinor)
            m_maxAmount->setText(amountText(m_filter.maxAmountMinor));
    }
    const bool custom = m_filter.closePreset == customPreset;
    {
        const QSignalBlocker from(m_closeFrom);
        const QSignalBlocker to(m_closeTo);
        if (custom && m_filter.closeFrom.isValid())
            m_closeFrom->setDate(m_filter.closeFrom);
        if (custom && m_filter.closeTo.isValid())
            m_closeTo->setDate(m_filter.closeTo);
    }
    m_closeFrom->setVisible(custom);
    m_closeTo->setVisible(custom);
    {
        const QSignalBlocker blocker(m_rotting);
        m_rotting->setChecked(m_filter.rottingOnly);
    }
    updateUnitButton();
    updateAmountValidity();
    m_clear->setEnabled(m_filter.activeCount() > 0
                        || m_filter.status != PipelineFilter::Status::Open);
    m_updating = false;
}

void PipelineFilterBar::updateUnitButton()
{
    QStringList names;
    for (const auto &[id, name] : std::as_const(m_units)) {
        if (m_filter.unitIds.contains(id))
            names.append(name);
    }
    if (names.isEmpty())
        m_unit->setText(tr("All units"));
    else if (names.size() == 1)
        m_unit->setText(names.constFirst());
    else
        m_unit->setText(tr("%n unit(s)", nullptr, int(names.size())));
    m_unit->setToolTip(names.isEmpty() ? tr("Showing every unit") : names.join(u'\n'));
}

void PipelineFilterBar::updateAmountValidity()
{
    const QLocale locale;
    for (QLineEdit *edit : {m_minAmount, m_maxAmount}) {
        qint64 minor = 0;
        const QString text = edit->text().trimmed();
        setInvalid(edit, !text.isEmpty() && !Money::parse(text, locale, &minor),
                   tr("Enter an amount such as %1").arg(locale.toString(50000)));
    }
}

void PipelineFilterBar::readWidgets()
{
    if (m_updating)
        return;
    PipelineFilter filter = m_filter;
    filter.searchText = m_search->text();
    filter.ownerId = m_owner->currentData().toString();
    filter.productLineId = m_productLine->currentData().toString();
    filter.region = m_region->currentData().toString();
    filter.status = PipelineFilter::statusFromName(m_status->currentData().toString());
    filter.unitIds.clear();
    for (QAction *action : m_unitMenu->actions()) {
        if (action->isCheckable() && action->isChecked())
            filter.unitIds.append(action->data().toString());
    }
    const QLocale locale;
    const auto amount = [&locale](const QLineEdit *edit) {
        qint64 minor = -1;
        const QString text = edit->text().trimmed();
        return !text.isEmpty() && Money::parse(text, locale, &minor) ? minor : qint64(-1);
    };
    filter.minAmountMinor = amount(m_minAmount);
    filter.maxAmountMinor = amount(m_maxAmount);
    filter.closePreset = m_close->currentData().toString();
    if (filter.closePreset == customPreset) {
        filter.closeFrom = m_closeFrom->date();
        filter.closeTo = m_closeTo->date();
    } else {
        filter.closeFrom = QDate();
        filter.closeTo = QDate();
        filter.applyClosePreset(QDate::currentDate());
    }
    filter.rottingOnly = m_rotting->isChecked();
    const bool customShown = filter.closePreset == customPreset;
    m_closeFrom->setVisible(customShown);
    m_closeTo->setVisible(customShown);
    updateUnitButton();
    updateAmountValidity();
    m_clear->setEnabled(filter.activeCount() > 0 || filter.status != PipelineFilter::Status::Open);
    if (filter == m_filter)
        return;
    m_filter = filter;
    Q_EMIT filterChanged(m_filter);
}

} // namespace Outpost
