#pragma once

#include "serverstore.h"

#include <QHash>

#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace Outpost {

class LocalStore;

/// ServerStore on one SQLite file (QtSql's QSQLITE driver, WAL). The domain tables come from
/// Schema::migrations() (the same as a laptop's, so one DemoGenerator and one set of
/// constraints serve both); the server's own tables (server_meta, row_meta,
/// server_field_versions, op_results, server_field_history, conflicts, accounts, tokens,
/// login_attempts) have their own ordered migrations, tracked in server_meta.
///
/// Threading: each thread gets its own connection (a LocalStore opened on first use); readers
/// run side by side, writers are serialized by a mutex so seqs commit in order. Threads call
/// releaseThreadResources() before they end.
class SqliteServerStore final : public ServerStore
{
    Q_DECLARE_TR_FUNCTIONS(SqliteServerStore)

public:
    /// Opens (creating the file if needed) and migrates the store at path. It holds a dataset
    /// only after initialize().
    static Result<std::unique_ptr<SqliteServerStore>> open(const QString &path);
    /// Replaces the store at path by a copy of backupPath and gives it a new epoch. The server
    /// must not be running. Returns the new epoch.
    static Result<QString> restoreBackup(const QString &backupPath, const QString &path);

    ~SqliteServerStore() override;

    QString path() const { return m_path; }

    Result<bool> isInitialized() override;
    Result<QString> initialize(qint64 nowMs) override;
    Result<QString> epoch() override;
    Result<QString> renewEpoch() override;
    Result<void> backup(const QString &targetPath) override;

    Result<QString> addUnit(const UnitSpec &unit, qint64 nowMs) override;
    Result<QString> addUser(const UserSpec &user, qint64 nowMs) override;
    Result<void> setPasswordHash(const QString &login, const QString &passwordHash) override;
    Result<SeedSummary> seedDemo(int deals, quint32 seed, const QString &passwordHash,
                                 qint64 nowMs) override;

    Result<std::optional<Account>> findAccount(const QString &login) override;
    Result<std::optional<Account>> findAccountByUserId(const QString &userId) override;
    Result<QList<Account>> activeAccounts() override;
    Result<void> storeTokens(const QList<NewToken> &tokens) override;
    Result<std::optional<TokenRecord>> findToken(const QByteArray &hash) override;
    Result<void> revokeTokenPair(const QString &pairId) override;
    Result<LoginFailures> loginFailuresByLogin(const QString &login, qint64 since) override;
    Result<LoginFailures> loginFailuresByAddress(const QString &address, qint64 since) override;
    Result<void> recordLoginAttempt(const QString &login, const QString &address, bool success,
                                    qint64 nowMs) override;

    Result<PushOutcome> applyPush(const AuthContext &user, const Protocol::PushRequest &request,
                                  qint64 nowMs) override;
    Result<Protocol::PullResponse> pull(const AuthContext &user, qint64 cursor, int limit,
                                        const QString &clientEpoch) override;
    Result<QByteArray> pullBody(const AuthContext &user, qint64 cursor, int limit,
                                const QString &clientEpoch) override;
    Result<qint64> latestSeqInScope(const AuthContext &user) override;
    Result<Checksums> checksums(const std::optional<AuthContext> &user) override;

    void releaseThreadResources() override;

private:
    explicit SqliteServerStore(QString path);
    Result<LocalStore *> connection();
    Result<void> migrateServerTables(LocalStore &db);
    Result<void> loadColumnTypes(LocalStore &db);

    QString m_path;
    std::mutex m_connectionsMutex;
    std::map<std::thread::id, std::unique_ptr<LocalStore>> m_connections;
    std::mutex m_writeMutex; // one writer at a time: seqs commit in the order they are taken
    /// table -> column -> declared type (TEXT or INTEGER); read-only after open().
    QHash<QString, QHash<QString, QString>> m_columnTypes;
};

} // namespace Outpost
