#pragma once

#include <QPointer>
#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QUndoStack;

namespace Outpost {

class DealActivityModel;
class LocalStore;

/// The activity timeline of a deal, for the deal dialog: a small form to log a call, a
/// meeting or a note (done now or planned for later) and the deal's activities below it,
/// planned ones first. Adding is an AddActivityCommand on the window's undo stack, so it can be
/// undone like any edit; the list follows the stack (undo, redo). GUI thread only.
class DealTimelineWidget : public QWidget
{
    Q_OBJECT

public:
    DealTimelineWidget(LocalStore &store, QUndoStack *undoStack, QString actorId, QString dealId,
                       QWidget *parent = nullptr);
    ~DealTimelineWidget() override;

    DealActivityModel *model() const { return m_model; }
    /// The title of the tab that shows the timeline ("Timeline"); the widget keeps the tab's
    /// text translated when it sits in a QTabWidget.
    static QString title();
    /// Re-reads the deal's activities.
    void reload();
    /// Adds what the form holds; returns false (and says why) if it is not valid.
    bool addActivity();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateForm();
    QString selectedKind() const;

    LocalStore &m_store;
    QPointer<QUndoStack> m_undoStack;
    QString m_actorId;
    QString m_dealId;
    DealActivityModel *m_model;

    QButtonGroup *m_kinds;
    QPushButton *m_callButton;
    QPushButton *m_meetingButton;
    QPushButton *m_noteButton;
    QLineEdit *m_subject;
    QPlainTextEdit *m_notes;
    QCheckBox *m_planned;
    QDateTimeEdit *m_when;
    QPushButton *m_addButton;
    QLabel *m_errorLabel;
    QLabel *m_listLabel;
    QListView *m_list;
};

} // namespace Outpost
