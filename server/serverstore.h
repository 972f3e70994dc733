#pragma once

#include "authcontext.h"
#include "protocol.h"
#include "result.h"

#include <QCoreApplication>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Outpost {

/// The server's storage: the organization's dataset (the domain tables of Schema plus the
/// server's bookkeeping), accounts and tokens, and the replication log. One interface so that
/// PostgreSQL can become a second implementation next to SqliteServerStore; both must pass the
/// same tests.
///
/// Invariants every implementation keeps:
///  - every change of a synced row gets the next server seq (gapless, committed in seq order)
///    together with its field versions and scope, so the seq is the only pull cursor;
///  - a pushed op is applied at most once: its answer is stored with its effect, keyed by
///    (device id, device seq), and a repeated op gets the stored answer and changes nothing;
///  - a rejected op changes nothing;
///  - a user never reads a row outside their scope (ScopePolicy) and never writes one.
///
/// Threading: one instance is shared by all threads; every method is thread-safe (each thread
/// gets its own connection). A thread that used the store calls releaseThreadResources()
/// before it ends.
class ServerStore
{
    Q_DECLARE_TR_FUNCTIONS(ServerStore)

public:
    /// An HLC more than this far ahead of the server's clock is rejected clock_skew.
    static constexpr qint64 maxClockAheadMs = 5 * 60 * 1000;

    struct Account
    {
        QString userId;
        QString login;
        QString passwordHash;
        QString name;
        QString role;
        QString unitId;
        bool active = true; ///< false when the user is deactivated or deleted
    };

    struct NewToken
    {
        QByteArray hash; ///< SHA-256 of the token, hex
        QString pairId; ///< access and refresh token of one login share it
        QString userId;
        QString kind; ///< access or refresh
        QString deviceId;
        qint64 createdAt = 0;
        qint64 expiresAt = 0;
    };

    struct TokenRecord
    {
        QString pairId;
        QString userId;
        QString kind;
        QString deviceId;
        qint64 expiresAt = 0;
        bool revoked = false;
    };

    /// Failed logins in a window: how many, and when the oldest of them happened.
    struct LoginFailures
    {
        int count = 0;
        qint64 oldestAt = 0;
    };

    struct UnitSpec
    {
        QString name;
        QString parentId;
        QString region;
        QString currency = QStringLiteral("CNY");
        qint64 budgetLimitMinor = 0;
        bool isHq = false;
    };

    struct UserSpec
    {
        QString login;
        QString name;
        QString role;
        QString unitId;
        QString passwordHash;
    };

    /// The answers of one push, in op order, and what it changed (for pokes).
    struct PushOutcome
    {
        QList<Protocol::OpResult> results;
        qint64 lastSeq = 0; ///< the highest seq written; 0 if nothing changed
        QStringList touchedScopes; ///< scope keys of every row written (old and new)
    };

    struct SeedSummary
    {
        int rows = 0;
        int accounts = 0;
        QString demoLogin; ///< the login of the demo rep
    };

    /// A digest of one synced table's published rows (see checksums()).
    struct TableChecksum
    {
        qint64 rows = 0;
        QString sha256; ///< hex
    };

    /// The dataset's checksums at one moment (one read snapshot).
    struct Checksums
    {
        QString epoch;
        qint64 lastSeq = 0;
        QMap<QString, TableChecksum> tables; ///< every synced table
    };

    virtual ~ServerStore();

    // ---- dataset ----
    virtual Result<bool> isInitialized() = 0;
    /// Creates a new dataset with a new epoch; refuses an initialized store.
    virtual Result<QString> initialize(qint64 nowMs) = 0;
    virtual Result<QString> epoch() = 0;
    /// A new epoch for a restored dataset: clients then resync and re-push their outboxes.
    virtual Result<QString> renewEpoch() = 0;
    /// Writes a consistent copy of the dataset to targetPath (which must not exist).
    virtual Result<void> backup(const QString &targetPath) = 0;

    // ---- organization (system writes, published to clients like pushed changes) ----
    virtual Result<QString> addUnit(const UnitSpec &unit, qint64 nowMs) = 0;
    virtual Result<QString> addUser(const UserSpec &user, qint64 nowMs) = 0;
    virtual Result<void> setPasswordHash(const QString &login, const QString &passwordHash) = 0;
    /// Fills an empty dataset with DemoGenerator's organization, publishes every row and
    /// creates an account (login: the user's email) with passwordHash for every user.
    virtual Result<SeedSummary> seedDemo(int deals, quint32 seed, const QString &passwordHash,
                                         qint64 nowMs)
        = 0;

    // ---- accounts and tokens ----
    virtual Result<std::optional<Account>> findAccount(const QString &login) = 0;
    virtual Result<std::optional<Account>> findAccountByUserId(const QString &userId) = 0;
    /// Every account whose user is active, by login.
    virtual Result<QList<Account>> activeAccounts() = 0;
    virtual Result<void> storeTokens(const QList<NewToken> &tokens) = 0;
    virtual Result<std::optional<TokenRecord>> findToken(const QByteArray &hash) = 0;
    virtual Result<void> revokeTokenPair(const QString &pairId) = 0;
    /// Failed logins of login since `since` that followed its last successful login.
    virtual Result<LoginFailures> loginFailuresByLogin(const QString &login, qint64 since) = 0;
    virtual Result<LoginFailures> loginFailuresByAddress(const QString &address, qint64 since) = 0;
    virtual Result<void> recordLoginAttempt(const QString &login, const QString &address,
                                            bool success, qint64 nowMs)
        = 0;

    // ---- replication ----
    /// Applies the ops of request for user, each atomically, in order (docs/sync-protocol.md,
    /// "Push"). Business rejections are answers; an Error means the push failed as a whole
    /// (nothing of it was committed). A request for another epoch (not empty and not the
    /// dataset's) applies nothing and answers no op.
    virtual Result<PushOutcome> applyPush(const AuthContext &user,
                                          const Protocol::PushRequest &request, qint64 nowMs)
        = 0;
    /// The changes in user's scope after cursor, at most limit, in seq order. clientEpoch
    /// (optional) is the epoch the cursor belongs to; another epoch answers reset_required.
    virtual Result<Protocol::PullResponse> pull(const AuthContext &user, qint64 cursor, int limit,
                                                const QString &clientEpoch)
        = 0;
    /// pull() as the JSON body of GET /api/v1/pull (ProtocolCodec's format), which is what the
    /// API sends: a store may render rows itself rather than build them value by value.
    virtual Result<QByteArray> pullBody(const AuthContext &user, qint64 cursor, int limit,
                                        const QString &clientEpoch)
        = 0;
    /// The highest seq in user's scope (the poke WebSocket's hello).
    virtual Result<qint64> latestSeqInScope(const AuthContext &user) = 0;

    /// Per synced table, the published rows (every row, or only those in user's scope: what
    /// that user's laptop holds once it has pulled everything) digested exactly as a laptop's
    /// SyncStore::checksums() digests its store, so equal checksums mean equal rows. For
    /// support and the integration tests (outpost-server checksums).
    virtual Result<Checksums> checksums(const std::optional<AuthContext> &user) = 0;

    /// Closes the calling thread's connection. Call on each thread before it ends.
    virtual void releaseThreadResources() = 0;
};

} // namespace Outpost
