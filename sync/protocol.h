#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QVariant>
#include <QVariantMap>

#include <optional>

/// The messages of the sync protocol v1 (docs/sync-protocol.md) as plain structs. JSON member
/// names are snake_case versions of these names; ProtocolCodec converts and validates.
///
/// Field values are scalars only: an invalid QVariant is JSON null, integers are qint64 (HLCs
/// and seqs can exceed 2^53 and must round-trip exactly), text is QString.
/// Plain values: usable on any thread.
namespace Outpost::Protocol {

/// One field of a pushed op: the new value and the server version the client based it on.
struct FieldChange
{
    QVariant value;
    qint64 base = 0;
};

/// One outbox entry. op is insert, update, delete or undelete; fields is empty for the last two.
struct PushOp
{
    QString opId;
    qint64 deviceSeq = 0;
    QString table;
    QString rowId;
    QString op;
    qint64 hlc = 0;
    QMap<QString, FieldChange> fields;
};

/// POST /api/v1/push. epoch is the epoch the client last saw (empty on first contact).
/// ops are in strictly ascending deviceSeq, at most ProtocolCodec::maxOpsPerPush.
struct PushRequest
{
    QString deviceId;
    QString epoch;
    int schemaVersion = 0;
    QList<PushOp> ops;
};

/// The current state of a row in the pull format. purge: the row left the client's scope and
/// must be securely deleted (then deleted is true and fields/versions are empty).
struct RowState
{
    qint64 seq = 0;
    QString table;
    QString rowId;
    bool deleted = false;
    bool purge = false;
    QVariantMap fields;
    QMap<QString, qint64> versions;
};

/// A field where the op's base was older than the server's version. kept is server or client.
struct Conflict
{
    QString field;
    QVariant clientValue;
    QVariant serverValue;
    QString kept;
};

/// The answer to one op. status is applied, merged or rejected; reason and message only for
/// rejected (reason: forbidden, unknown_table, unknown_field, invalid_value, clock_skew,
/// schema_mismatch), current for rejected (nullopt: JSON null, the client may not see it) and
/// for a merged edit of a deleted row (the row, whose values the client restores).
struct OpResult
{
    qint64 deviceSeq = 0;
    QString opId;
    QString status;
    qint64 serverSeq = 0;
    QString reason;
    QString message;
    QList<Conflict> conflicts;
    std::optional<RowState> current;
};

struct PushResponse
{
    QString epoch;
    qint64 serverTime = 0;
    QList<OpResult> results;
};

/// GET /api/v1/pull?cursor=N&limit=M
struct PullResponse
{
    QString epoch;
    qint64 cursor = 0;
    bool hasMore = false;
    bool resetRequired = false;
    QList<RowState> changes;
};

/// GET /api/v1/snapshot: what the headers of a snapshot answer say about the SQLite file in
/// its body (a desktop store holding every row of the user's scope up to cursor).
struct SnapshotInfo
{
    QString epoch;
    qint64 cursor = 0;
    int schemaVersion = 0; ///< the desktop schema (PRAGMA user_version) the file was built with
    qint64 bytes = 0; ///< of the SQLite file
    qint64 transferBytes = 0; ///< of the body as sent (compressed with zstd)
    QByteArray sha256; ///< hex, lower case, of the body as sent
};

/// POST /api/v1/login
struct LoginRequest
{
    QString login;
    QString password;
    QString deviceId;
};

/// The answer to login and refresh. Times are UTC ms.
struct LoginResponse
{
    QString token;
    qint64 tokenExpiresAt = 0;
    QString refreshToken;
    qint64 refreshExpiresAt = 0;
    QString userId, userName, role, unitId;
    QString epoch;
};

/// POST /api/v1/refresh
struct RefreshRequest
{
    QString refreshToken;
};

/// A message on the poke WebSocket: type hello (seq and epoch) or poke (seq).
struct PokeMessage
{
    QString type;
    qint64 seq = 0;
    QString epoch;
};

/// The body of every non-2xx answer: {"error": code, "message": English text}.
struct ErrorBody
{
    QString error;
    QString message;
};

} // namespace Outpost::Protocol
