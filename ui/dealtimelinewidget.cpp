#include "dealtimelinewidget.h"

#include "activitytimelinedelegate.h"
#include "addactivitycommand.h"

#include "activityrepository.h"
#include "dealactivitymodel.h"
#include "localstore.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace Outpost {

DealTimelineWidget::DealTimelineWidget(LocalStore &store, QUndoStack *undoStack, QString actorId,
                                       QString dealId, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_undoStack(undoStack)
    , m_actorId(std::move(actorId))
    , m_dealId(std::move(dealId))
    , m_model(new DealActivityModel(this))
    , m_kinds(new QButtonGroup(this))
    , m_callButton(new QPushButton(this))
    , m_meetingButton(new QPushButton(this))
    , m_noteButton(new QPushButton(this))
    , m_subject(new QLineEdit(this))
    , m_notes(new QPlainTextEdit(this))
    , m_planned(new QCheckBox(this))
    , m_when(new QDateTimeEdit(this))
    , m_addButton(new QPushButton(this))
    , m_errorLabel(new QLabel(this))
    , m_listLabel(new QLabel(this))
    , m_list(new QListView(this))
{
    setObjectName(u"dealTimelineWidget"_s);
    m_callButton->setObjectName(u"callKindPushButton"_s);
    m_meetingButton->setObjectName(u"meetingKindPushButton"_s);
    m_noteButton->setObjectName(u"noteKindPushButton"_s);
    m_subject->setObjectName(u"activitySubjectLineEdit"_s);
    m_notes->setObjectName(u"activityNotesPlainTextEdit"_s);
    m_planned->setObjectName(u"activityPlannedCheckBox"_s);
    m_when->setObjectName(u"activityWhenDateTimeEdit"_s);
    m_addButton->setObjectName(u"addActivityPushButton"_s);
    m_errorLabel->setObjectName(u"activityErrorLabel"_s);
    m_list->setObjectName(u"activityTimelineListView"_s);

    m_kinds->setExclusive(true);
    for (QPushButton *button : {m_callButton, m_meetingButton, m_noteButton}) {
        button->setCheckable(true);
        m_kinds->addButton(button);
    }
    m_callButton->setProperty("kind", u"call"_s);
    m_meetingButton->setProperty("kind", u"meeting"_s);
    m_noteButton->setProperty("kind", u"note"_s);
    m_callButton->setChecked(true);
    m_subject->setMaxLength(ActivityRepository::maxSubjectLength);
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(fontMetrics().lineSpacing() * 3 + 12);
    m_when->setCalendarPopup(true);
    m_when->setDateTime(QDateTime::currentDateTime());
    m_errorLabel->setStyleSheet(u"color: #c0392b;"_s);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();
    m_list->setModel(m_model);
    m_list->setItemDelegate(new ActivityTimelineDelegate(m_list));
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setMouseTracking(true);
    QFont heading = m_listLabel->font();
    heading.setWeight(QFont::DemiBold);
    m_listLabel->setFont(heading);

    auto *layout = new QVBoxLayout(this);
    auto *kinds = new QHBoxLayout;
    kinds->setSpacing(6);
    kinds->addWidget(m_callButton);
    kinds->addWidget(m_meetingButton);
    kinds->addWidget(m_noteButton);
    kinds->addStretch(1);
    kinds->addWidget(m_planned);
    kinds->addWidget(m_when);
    layout->addLayout(kinds);
    layout->addWidget(m_subject);
    layout->addWidget(m_notes);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_errorLabel, 1);
    actions->addWidget(m_addButton);
    layout->addLayout(actions);
    layout->addSpacing(6);
    layout->addWidget(m_listLabel);
    layout->addWidget(m_list, 1);

    connect(m_kinds, &QButtonGroup::buttonClicked, this, &DealTimelineWidget::updateForm);
    connect(m_planned, &QCheckBox::toggled, this, &DealTimelineWidget::updateForm);
    connect(m_addButton, &QPushButton::clicked, this, &DealTimelineWidget::addActivity);
    connect(m_subject, &QLineEdit::returnPressed, this, &DealTimelineWidget::addActivity);
    if (m_undoStack) {
        // Undo and redo of an added activity change the list.
        connect(m_undoStack, &QUndoStack::indexChanged, this, &DealTimelineWidget::reload);
    }
    retranslate();
    updateForm();
    reload();
}

DealTimelineWidget::~DealTimelineWidget() = default;

QString DealTimelineWidget::selectedKind() const
{
    QAbstractButton *checked = m_kinds->checkedButton();
    return checked ? checked->property("kind").toString() : u"note"_s;
}

QString DealTimelineWidget::title()
{
    return tr("Timeline");
}

void DealTimelineWidget::retranslate()
{
    // In a tab widget the parent is its page stack; the tab's text is ours to keep current.
    if (QWidget *stack = parentWidget()) {
        if (auto *tabs = qobject_cast<QTabWidget *>(stack->parentWidget()))
            tabs->setTabText(tabs->indexOf(this), title());
    }
    m_callButton->setText(tr("Call"));
    m_meetingButton->setText(tr("Meeting"));
    m_noteButton->setText(tr("Note"));
    m_planned->setText(tr("Plan for"));
    m_planned->setToolTip(tr("Plan the activity instead of logging it as done"));
    m_addButton->setText(tr("&Add to Timeline"));
    m_listLabel->setText(tr("Timeline"));
    m_notes->setPlaceholderText(tr("Notes (optional)"));
    m_when->setToolTip(tr("When it happened, or when it is due"));
    updateForm();
}

void DealTimelineWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        m_model->retranslate();
    }
    QWidget::changeEvent(event);
}

void DealTimelineWidget::updateForm()
{
    const QString kind = selectedKind();
    // A note is written now; calls and meetings can be logged or planned.
    m_planned->setEnabled(kind != u"note"_s);
    if (kind == u"note"_s && m_planned->isChecked())
        m_planned->setChecked(false);
    m_when->setEnabled(m_planned->isChecked());
    if (kind == u"call"_s)
        m_subject->setPlaceholderText(tr("What was the call about?"));
    else if (kind == u"meeting"_s)
        m_subject->setPlaceholderText(tr("What was the meeting about?"));
    else
        m_subject->setPlaceholderText(tr("A short title for the note"));
}

void DealTimelineWidget::reload()
{
    ActivityRepository repository(m_store, m_actorId);
    if (const Result<void> done = m_model->reload(repository, m_dealId); !done) {
        m_errorLabel->setText(done.error().message);
        m_errorLabel->show();
    }
}

bool DealTimelineWidget::addActivity()
{
    Activity activity;
    activity.dealId = m_dealId;
    activity.userId = m_actorId;
    activity.kind = selectedKind();
    activity.subject = m_subject->text().trimmed();
    activity.notes = m_notes->toPlainText().trimmed();
    if (m_planned->isChecked() && m_planned->isEnabled())
        activity.dueAt = m_when->dateTime().toMSecsSinceEpoch();
    else
        activity.doneAt = m_store.nowMs();
    if (const Result<void> valid = ActivityRepository::validate(activity); !valid) {
        m_errorLabel->setText(valid.error().message);
        m_errorLabel->show();
        m_subject->setFocus();
        return false;
    }
    auto *command = new AddActivityCommand(m_store, activity, m_actorId);
    // Shared: a later undo or redo may fail long after this function returned.
    auto failure = std::make_shared<QString>();
    command->setOnFailed([failure](const Error &failed) { *failure = failed.message; });
    if (m_undoStack) {
        m_undoStack->push(command); // deletes the command if it failed: read nothing after
    } else {
        command->redo();
        delete command;
    }
    reload();
    if (!failure->isEmpty()) {
        const QString error = *failure;
        failure->clear();
        m_errorLabel->setText(error);
        m_errorLabel->show();
        return false;
    }
    m_errorLabel->hide();
    m_subject->clear();
    m_notes->clear();
    m_planned->setChecked(false);
    m_when->setDateTime(QDateTime::currentDateTime());
    return true;
}

} // namespace Outpost
