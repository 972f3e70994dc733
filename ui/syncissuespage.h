#pragma once

#include <QList>
#include <QWidget>

#include <memory>

class QSortFilterProxyModel;

namespace Outpost {

namespace Ui {
class SyncIssuesPage;
}

class LocalStore;
class SyncIssuesModel;

/// The Sync Issues page: every open sync issue (a change the server rejected, or an edit that
/// collided with someone else's) in a sortable table with both values, details of the current
/// issue under it, and two actions on the selected issues (several at once): "Re-apply My
/// Value" writes the user's value again as a NEW change through the one write path
/// (SyncStore::reapply), "Dismiss" accepts the server's state. An empty state explains the page
/// when there is nothing to do.
///
/// reload() keeps the selection and the scroll position (the model updates rows in place), so
/// the page can follow the replicator live. GUI thread only; uses the GUI thread's LocalStore.
class SyncIssuesPage : public QWidget
{
    Q_OBJECT

public:
    /// actorId: the signed-in user, recorded as the author of re-applied changes.
    SyncIssuesPage(LocalStore &store, QString actorId, QWidget *parent = nullptr);
    ~SyncIssuesPage() override;

    /// Reads the open issues again (after the replicator reported changes).
    void reload();
    int openIssueCount() const;
    void setActorId(const QString &actorId) { m_actorId = actorId; }

    SyncIssuesModel *model() const { return m_model; }
    /// The issues selected in the table, in the table's order.
    QList<qint64> selectedIssueIds() const;

    /// Writes the user's values of the selected issues again as new changes.
    void reapplySelected();
    /// Closes the selected issues, keeping the server's values.
    void dismissSelected();

Q_SIGNALS:
    void openIssueCountChanged(int count);
    /// Re-applied values were written to rows of these tables (an outbox entry each).
    void changesWritten(const QStringList &tables);

protected:
    void changeEvent(QEvent *event) override;

private:
    void setUpTable();
    void retranslate();
    void updateActions();
    void updateDetails();
    void updateCountLabel();
    void afterResolving(const QStringList &failures, const QString &failureTitle);

    std::unique_ptr<Ui::SyncIssuesPage> m_ui;
    LocalStore &m_store;
    QString m_actorId;
    SyncIssuesModel *m_model;
    QSortFilterProxyModel *m_proxyModel;
    int m_lastCount = -1;
};

} // namespace Outpost
