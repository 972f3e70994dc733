#pragma once

#include "protocol.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>

namespace Outpost {

/// A small in-memory sync server for unit tests (fakes live in tests only). It implements the
/// semantics of docs/sync-protocol.md that the client relies on: login with tokens, idempotent
/// push with stored answers keyed by (device id, device seq), the per-field merge (Merge),
/// rejections with the current row, folded pull pages with a cursor, purge of rows that left
/// the scope, and epochs (restore() from a snapshot is a server restored from backup).
/// Bodies go through ProtocolCodec both ways, as over the network. Single-threaded.
class FakeSyncServer : public QObject
{
    Q_OBJECT

public:
    struct Row
    {
        QVariantMap fields;
        QMap<QString, qint64> versions;
        bool deleted = false;
        bool purged = false;
        qint64 seq = 0;
    };
    struct Answer
    {
        int status = 200;
        QByteArray body;
    };
    /// Everything a backup holds.
    struct Snapshot
    {
        QMap<QPair<QString, QString>, Row> rows;
        QHash<QString, Protocol::OpResult> answers;
        qint64 seq = 0;
    };

    explicit FakeSyncServer(QObject *parent = nullptr);

    void addUser(const QString &login, const QString &password, const QString &role = {});
    /// Tokens stop working (the server answers 401 unauthorized).
    void expireTokens() { m_tokens.clear(); }

    Answer login(QByteArrayView body);
    Answer push(const QString &token, QByteArrayView body);
    Answer pull(const QString &token, qint64 cursor, int limit, const QString &epoch = {});

    /// Writes a row as another client would (a commit with the next seq).
    qint64 seedRow(const QString &table, const QString &rowId, const QVariantMap &fields);
    /// The row leaves every client's scope: pulls send it as a purge.
    qint64 purgeRow(const QString &table, const QString &rowId);

    Snapshot snapshot() const { return {m_rows, m_answers, m_seq}; }
    /// Restores a backup: the data of the snapshot under a new epoch.
    void restore(const Snapshot &snapshot);

    QString epoch() const { return m_epoch; }
    qint64 seq() const { return m_seq; }
    const Row *row(const QString &table, const QString &rowId) const;
    int pushRequests() const { return m_pushRequests; }
    int appliedOps() const { return m_appliedOps; }

    /// Returns a rejection reason for an op, or an empty string to go on (default: none).
    std::function<QString(const Protocol::PushOp &)> rejectOp;
    qint64 serverTime = 0; ///< UTC ms reported in push answers (0: the system clock)

Q_SIGNALS:
    /// A commit landed (what pokes announce).
    void committed(qint64 seq);

private:
    Answer error(int status, const QString &code, const QString &message) const;
    bool authorized(const QString &token) const { return m_tokens.contains(token); }
    Protocol::RowState rowState(const QString &table, const QString &rowId, const Row &row) const;
    Protocol::OpResult apply(const Protocol::PushRequest &request, const Protocol::PushOp &op);

    QString m_epoch;
    qint64 m_seq = 0;
    QMap<QPair<QString, QString>, Row> m_rows;
    QHash<QString, Protocol::OpResult> m_answers; // "device/seq"
    QHash<QString, QString> m_passwords;
    QSet<QString> m_tokens;
    int m_tokenCounter = 0;
    int m_pushRequests = 0;
    int m_appliedOps = 0;
};

} // namespace Outpost
