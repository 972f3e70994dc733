#pragma once

#include "result.h"
#include "schema.h"

#include <QCoreApplication>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

#include <optional>
#include <unordered_map>

namespace Outpost {

class LocalStore;

/// The client side of replication as seen by the local store: all SQL of sync/ lives here.
/// The Replicator reads outbox batches, applies push answers and pull pages, and keeps the
/// cursor, the epoch and the last sync time; the UI lists and resolves sync issues.
///
/// Invariants:
///  - The outbox holds exactly the local changes the server has not answered yet (ascending,
///    gapless device seq from ChangeWriter). An acknowledged op (applied or merged) moves to
///    the sync_sent journal in the transaction that applies its answer; a rejected op becomes a
///    sync issue carrying its values. Nothing the user wrote is dropped.
///  - A pull page and its cursor are applied in one transaction: either both or neither.
///  - Remote rows are written here with SQL, not through ChangeWriter: they are not local
///    changes and get no outbox entry. A field that still has an op in the outbox keeps its
///    local value and base version; the push that follows resolves it by the merge rules.
///  - Foreign keys always hold. A remote row whose parent is not in the store (it comes in a
///    later page, or lies outside the user's scope) is parked whole in sync_parked and moved
///    back when the parent arrives.
///  - An epoch change keeps every local row, resets the cursor to 0 and puts every
///    acknowledged op of the journal back into the outbox to be pushed again.
///
/// Threading: lives on the thread of its LocalStore (the replicator's thread, or the GUI
/// thread for the sync issues list); every call runs there.
class SyncStore
{
    Q_DECLARE_TR_FUNCTIONS(SyncStore)

public:
    /// One field of an outbox op: the new value and the server version it was based on.
    struct FieldChange
    {
        QVariant value;
        qint64 base = 0;
    };

    /// An outbox entry, as pushed.
    struct PendingOp
    {
        QString opId;
        qint64 deviceSeq = 0;
        QString table;
        QString rowId;
        QString op; ///< insert, update, delete or undelete
        qint64 hlc = 0;
        int schemaVersion = 0;
        QMap<QString, FieldChange> fields;
    };

    /// The server's current state of a row (a pull change, or the current row of a rejection).
    struct RemoteRow
    {
        qint64 seq = 0;
        QString table;
        QString rowId;
        bool deleted = false;
        bool purge = false; ///< the row left the user's scope: delete it, its versions, history
        QVariantMap fields;
        QMap<QString, qint64> versions;
    };

    struct FieldConflict
    {
        QString field;
        QVariant clientValue;
        QVariant serverValue;
        QString kept; ///< server or client
    };

    /// The server's answer to one pushed op.
    struct OpAnswer
    {
        qint64 deviceSeq = 0;
        QString opId;
        QString status; ///< applied, merged or rejected
        qint64 serverSeq = 0;
        QString reason;
        QString message;
        QList<FieldConflict> conflicts;
        std::optional<RemoteRow> current;
    };

    struct PushOutcome
    {
        int applied = 0;
        int merged = 0;
        int rejected = 0;
        int unanswered = 0; ///< ops of the batch without an answer: they stay in the outbox
        bool epochChanged = false;
        QStringList changedTables; ///< tables whose rows changed locally (restores, conflicts)
    };

    struct PullPage
    {
        QString epoch;
        qint64 cursor = 0;
        bool hasMore = false;
        bool resetRequired = false;
        QList<RemoteRow> rows;
    };

    struct PageOutcome
    {
        /// The page was not applied: the server changed epoch (the store was reset for a
        /// resync and re-push) or asked for a reset (the cursor is back to 0).
        bool epochChanged = false;
        bool resetRequired = false;
        int applied = 0; ///< rows written (inserted, updated or tombstoned)
        int purged = 0;
        int skipped = 0; ///< unknown tables, tombstones of rows this store never had
        int parked = 0; ///< rows waiting for parent rows after this page
        QStringList changedTables;
    };

    enum class IssueKind { Rejected, Conflict };
    enum class Resolution { Open, Reapplied, Dismissed };

    /// A sync issue for the "Sync issues" list. For a rejection localValues are the values the
    /// op carried and serverValues the server's values of those fields (empty when the server
    /// did not send the row); for a conflict both maps hold the one field.
    struct Issue
    {
        qint64 id = 0;
        IssueKind kind = IssueKind::Rejected;
        QString opId;
        qint64 deviceSeq = 0;
        QString op;
        QString table;
        QString rowId;
        QString field; ///< empty for a whole-op rejection
        QVariantMap localValues;
        QVariantMap serverValues;
        QString kept; ///< conflicts: server or client
        QString reason; ///< rejections: forbidden, invalid_value, clock_skew, …
        QString message; ///< the server's explanation (English)
        qint64 createdAt = 0;
        qint64 resolvedAt = 0;
        Resolution resolution = Resolution::Open;
    };

    /// A digest of one table's rows for comparing stores (integration tests, support).
    struct TableChecksum
    {
        qint64 rows = 0;
        QString sha256; ///< hex; see checksums() for what is hashed

        friend bool operator==(const TableChecksum &, const TableChecksum &) = default;
    };

    /// How long acknowledged ops are kept for a re-push after a server restore.
    static constexpr qint64 sentRetentionMs = 90LL * 24 * 3600 * 1000;

    explicit SyncStore(LocalStore &store);

    LocalStore &localStore() const { return m_store; }

    // ---- outbox ----------------------------------------------------------------------------

    /// The next ops to push: ascending device seq, at most maxOps and about maxBytes of field
    /// JSON (at least one op). The batch ends before an op that changes a field an earlier op
    /// of the batch changed: that op's base is rewritten to the server seq of the earlier one
    /// when its answer arrives, so a user's second edit never conflicts with their first.
    Result<QList<PendingOp>> nextBatch(int maxOps, qsizetype maxBytes);
    Result<qint64> pendingCount();

    /// Applies the answers to a push in one transaction (see the class invariants). epoch is
    /// the server's; a change from a known epoch first puts the journal back into the outbox.
    /// serverTimeMs advances the hybrid clock.
    Result<PushOutcome> applyPushResults(const QString &epoch, qint64 serverTimeMs,
                                         const QList<OpAnswer> &answers);

    // ---- pull ------------------------------------------------------------------------------

    /// Applies a page and its cursor in one transaction; a failure changes nothing. A page of
    /// another epoch, or one with resetRequired, is not applied (see PageOutcome).
    Result<PageOutcome> applyPullPage(const PullPage &page);

    // ---- state -----------------------------------------------------------------------------

    qint64 cursor();
    QString epoch();
    qint64 lastSyncAt();
    Result<void> setLastSyncAt(qint64 utcMs);
    qint64 parkedCount();

    /// Adopts the server's epoch. First contact stores it; a different epoch keeps every local
    /// row, resets the cursor to 0 and marks the whole journal for re-push. Returns whether the
    /// epoch changed (false on first contact and when equal).
    Result<bool> adoptEpoch(const QString &serverEpoch);

    /// Advances the hybrid clock past a clock seen from the server (HLC receive), so local
    /// changes made afterwards order after it. Values more than a day ahead of the local wall
    /// clock are ignored: a broken server clock must not push this device's clock into the
    /// future for good.
    Result<void> observeRemoteClock(qint64 serverTimeMs);

    /// Per synced table: the row count and a SHA-256 over the rows in ascending id, each row
    /// as UTF-8 "id" then, for each field in Schema order and then "deleted", a unit separator
    /// (U+001F) and the value (integers in decimal, text as is, NULL as the two characters \N),
    /// ended by a line feed.
    /// Two stores (or a store and the server, computed the same way) with equal checksums hold
    /// the same rows. Bookkeeping columns (created_at, updated_at) are left out.
    Result<QMap<QString, TableChecksum>> checksums();

    // ---- snapshots (docs/sync-protocol.md, "Snapshot") --------------------------------------

    /// What the server says a snapshot file holds.
    struct SnapshotFacts
    {
        QString epoch;
        qint64 cursor = 0;
        int schemaVersion = 0;
    };

    /// True while the store holds nothing from the server and nothing of its own to send: no
    /// cursor, no synced row, no parked row, no outbox op, no acknowledged op, no sync issue.
    /// Only such a store may take a snapshot.
    Result<bool> isPristine();

    /// Makes a pristine store the snapshot at path: a desktop store the server built for this
    /// user's scope, holding every row up to facts.cursor with its versions, parked rows and
    /// full-text index. The file must have this store's exact schema and the cursor and epoch
    /// of facts; it keeps this store's device identity and clock, local settings and sync
    /// state other than cursor and epoch (they are copied into the file first), then replaces
    /// the store's contents in one step (LocalStore::replaceContents()). Refused, with the store
    /// unchanged, when the store is not pristine or the file is not such a snapshot. The file
    /// is changed either way; the caller deletes it.
    Result<void> installSnapshot(const QString &path, const SnapshotFacts &facts);

    /// On the server, for a store built by pulling a scope: forgets the history of the remote
    /// changes it applied (a laptop that installs the snapshot starts without one) and moves
    /// the WAL into the main file, so the file alone is the snapshot.
    Result<void> sealSnapshot();

    // ---- sync issues -----------------------------------------------------------------------

    /// Issues, newest first; open ones only unless includeResolved.
    Result<QList<Issue>> issues(bool includeResolved = false, int limit = 1000);
    Result<qint64> openIssueCount();
    Result<Issue> issue(qint64 issueId);
    /// Marks the issue dismissed: the user accepts the server's state.
    Result<void> dismiss(qint64 issueId);
    /// Writes the user's values of the issue again as a NEW change through ChangeWriter (a
    /// new outbox op based on the current server versions) and marks the issue reapplied, in
    /// one transaction. A rejected insert is recreated under the same id.
    Result<void> reapply(qint64 issueId, const QString &actorId);

private:
    struct ForeignKey
    {
        QString column;
        QString parentTable;
    };
    struct PendingFields
    {
        QSet<QString> fields;
        bool deletedPending = false;
    };
    using RowKey = QPair<QString, QString>; // table, row id

    Result<void> setState(const QString &key, const QString &value);
    QString state(const QString &key, const QString &fallback = {});
    Result<void> resetForEpoch(const QString &serverEpoch);
    Result<PendingFields> pendingFields(const QString &table, const QString &rowId);
    /// What a whole pull page lets applyRemoteRow() skip row by row, and the field versions it
    /// writes in one statement at the end of the page (flushVersions()).
    struct PageContext
    {
        bool outboxEmpty = false; ///< no local op: no row keeps local fields
        QHash<QString, QSet<QString>> existing; ///< table -> ids of the page already stored
        QByteArray versions; ///< JSON array items [table, row id, field, version]
    };
    Result<PageContext> pageContext(const QList<RemoteRow> &rows);
    Result<void> flushVersions(PageContext &context);
    /// The version a new row keeps in its sync_version column: the most frequent version of
    /// its fields (see schema migration 3); only the fields with another version get
    /// field_versions entries.
    static qint64 commonVersion(const QMap<QString, qint64> &versions, const QSet<QString> &fields);
    /// What applying a row of a synced table needs again and again, made once per table.
    struct TableInfo
    {
        const Schema::SyncedTable *spec = nullptr;
        QSet<QString> fieldSet;
        QStringList sortedFields; ///< spec->fields in QString order (the order of a QMap)
        QString insertSql; ///< inserts a row with every field, bound in sortedFields order
    };
    /// Null for a table that is not synced.
    const TableInfo *tableInfo(const QString &name);
    /// context: the page's (then sync_parked is empty: unparkAll() ran); null for one row.
    Result<void> applyRemoteRow(const RemoteRow &row, QSet<QString> &changedTables,
                                QSet<RowKey> &written, bool &skipped,
                                PageContext *context = nullptr);
    Result<void> purgeRow(const QString &table, const QString &rowId);
    Result<void> applyAnswer(const OpAnswer &answer, PushOutcome &outcome,
                             QSet<QString> &changedTables, QSet<RowKey> &written);
    Result<void> acknowledge(const PendingOp &op, const OpAnswer &answer,
                             const QSet<QString> &storedFields);
    Result<void> recordIssue(IssueKind kind, const PendingOp &op, const QString &field,
                             const QVariantMap &localValues,
                             const std::optional<QVariantMap> &serverValues, const QString &kept,
                             const QString &reason, const QString &message);
    Result<void> writeHistory(const QString &table, const QString &rowId, const QString &field,
                              const QVariant &oldValue, const QVariant &newValue,
                              const QString &origin);
    Result<void> setLocalField(const QString &table, const QString &rowId, const QString &field,
                               const QVariant &value);
    Result<std::optional<PendingOp>> outboxOp(qint64 deviceSeq);

    // Foreign keys (see the comment in syncstore.cpp).
    const QList<ForeignKey> &foreignKeys(const QString &table);
    QStringList childTables(const QString &parentTable);
    Result<void> unparkAll(QSet<RowKey> &candidates);
    Result<int> settleForeignKeys(const QSet<RowKey> &candidates, QSet<QString> removedFrom);
    Result<void> park(const QString &table, const QString &rowId);

    LocalStore &m_store;
    QHash<QString, QList<ForeignKey>> m_foreignKeys;
    std::unordered_map<QString, TableInfo> m_tables; ///< node-based: tableInfo()'s pointers stay
};

} // namespace Outpost
