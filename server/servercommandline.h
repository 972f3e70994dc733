#pragma once

#include "result.h"
#include "serverstore.h"
#include "snapshotservice.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSettings>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace Outpost {

class SqliteServerStore;

/// outpost-server's command line (docs/server-admin.md): init, add-unit, add-user, passwd,
/// seed-demo, backup, restore-backup, checksums, snapshot, serve. Options come from the command
/// line, then from the INI file of --config (same keys, without dashes), then defaults. Passwords
/// are read from standard input (--password-stdin) or OUTPOST_PASSWORD, never from arguments.
///
/// Runs on the main thread (serve blocks there until SIGTERM or SIGINT).
class ServerCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(ServerCommandLine)

public:
    enum ExitCode {
        Ok = 0,
        RuntimeFailure = 1,
        UsageError = 2,
        StoreError = 3,
    };

    ServerCommandLine();
    ~ServerCommandLine();

    /// Runs the command of arguments (argv, program name first) and returns the exit code.
    int run(const QStringList &arguments);

private:
    int init();
    int addUnit();
    int addUser();
    int passwd();
    int seedDemo();
    int backup();
    int restoreBackup();
    int checksums();
    int snapshot();
    int serve();
    std::optional<SnapshotService::Options> snapshotOptions();
    /// The account of --login: none without --login, NotFound for an unknown login.
    Result<std::optional<ServerStore::Account>> loginAccount(SqliteServerStore &store);
    static AuthContext userOf(const ServerStore::Account &account);

    QString setting(const QString &name, const QString &fallback = {}) const;
    bool isSet(const QString &name) const;
    std::optional<QString> databasePath();
    std::optional<QString> readPassword(bool required);
    /// Opens the store; requireDataset: it must have been initialized.
    std::unique_ptr<SqliteServerStore> openStore(bool requireDataset);
    int fail(const Error &error);
    int usage(const QString &message);

    QCommandLineParser m_parser;
    std::unique_ptr<QSettings> m_config;
    QTextStream m_out;
    QTextStream m_err;
    int m_storeExitCode = Ok;
};

} // namespace Outpost
