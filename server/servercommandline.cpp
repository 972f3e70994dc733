#include "servercommandline.h"

#include "apihandler.h"
#include "authservice.h"
#include "httpserver.h"
#include "logging.h"
#include "passwordhasher.h"
#include "pokehub.h"
#include "snapshotservice.h"
#include "sqliteserverstore.h"
#include "uuidv7.h"
#include "workerpool.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString defaultDatabase = u"sqlite:./outpost-server.sqlite"_s;
const QString demoPassword = u"outpost-demo"_s;

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

struct Command
{
    QString name;
    QString summary;
};

const QList<Command> &commands()
{
    static const QList<Command> list = {
        {u"init"_s, u"create the store and a new dataset (epoch)"_s},
        {u"add-unit"_s, u"add a sales unit; prints its id"_s},
        {u"add-user"_s, u"add a user with a sign-in account; prints its id"_s},
        {u"passwd"_s, u"set a user's password"_s},
        {u"seed-demo"_s, u"fill an empty dataset with the demo organization"_s},
        {u"backup"_s, u"write a consistent copy of the store (works while serving)"_s},
        {u"restore-backup"_s, u"replace the store by a backup and renew the epoch"_s},
        {u"checksums"_s, u"print per-table checksums of the synced rows as JSON"_s},
        {u"snapshot"_s, u"build the snapshots laptops start from (every scope, or --login's)"_s},
        {u"serve"_s, u"run the sync server until SIGTERM or SIGINT"_s},
    };
    return list;
}

} // namespace

ServerCommandLine::ServerCommandLine()
    : m_out(stdout)
    , m_err(stderr)
{ }

ServerCommandLine::~ServerCommandLine() = default;

int ServerCommandLine::usage(const QString &message)
{
    m_err << message << u"\n"_s << tr("Run outpost-server --help for usage.") << u"\n"_s;
    m_err.flush();
    return UsageError;
}

int ServerCommandLine::fail(const Error &error)
{
    m_err << tr("outpost-server: %1").arg(error.message) << u"\n"_s;
    m_err.flush();
    switch (error.code) {
    case ErrorCode::InvalidArgument:
        return UsageError;
    case ErrorCode::Io:
    case ErrorCode::Sql:
    case ErrorCode::NewerSchema:
    case ErrorCode::Corrupt:
        return StoreError;
    default:
        return RuntimeFailure;
    }
}

QString ServerCommandLine::setting(const QString &name, const QString &fallback) const
{
    if (m_parser.isSet(name))
        return m_parser.value(name);
    if (m_config && m_config->contains(name))
        return m_config->value(name).toString();
    return fallback;
}

bool ServerCommandLine::isSet(const QString &name) const
{
    if (m_parser.isSet(name))
        return true;
    if (!m_config || !m_config->contains(name))
        return false;
    const QString value = m_config->value(name).toString().toLower();
    return value == u"true"_s || value == u"1"_s || value == u"yes"_s;
}

int ServerCommandLine::run(const QStringList &arguments)
{
    m_parser.setApplicationDescription(
        tr("Outpost's central sync server.\n\nCommands:\n%1").arg([] {
            QStringList lines;
            for (const Command &command : commands())
                lines.append(u"  %1  %2"_s.arg(command.name, -15).arg(command.summary));
            return lines.join(u'\n');
        }()));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addPositionalArgument(u"command"_s, tr("The command to run (see above)."));
    const QList<QCommandLineOption> options = {
        {u"db"_s, tr("The store: sqlite:PATH (default %1).").arg(defaultDatabase), u"url"_s},
        {u"config"_s, tr("An INI file with the same keys as these options."), u"file"_s},
        {u"name"_s, tr("add-unit, add-user: the display name."), u"name"_s},
        {u"parent"_s, tr("add-unit: the parent unit's id."), u"id"_s},
        {u"region"_s, tr("add-unit: the unit's region."), u"region"_s},
        {u"currency"_s, tr("add-unit: the unit's currency (default CNY)."), u"code"_s},
        {u"budget-limit"_s, tr("add-unit: the unit's budget limit in minor units."), u"minor"_s},
        {u"hq"_s, tr("add-unit: the unit is HQ.")},
        {u"login"_s,
         tr("add-user, passwd: the sign-in name (an email address); checksums: only the rows "
            "this user may read; snapshot: only this user's scope."),
         u"login"_s},
        {u"role"_s, tr("add-user: rep, lead, hq, admin, csm, delivery or strategist."), u"role"_s},
        {u"unit"_s, tr("add-user: the user's unit id."), u"id"_s},
        {u"password-stdin"_s,
         tr("Read the password from the first line of standard input "
            "(otherwise from OUTPOST_PASSWORD).")},
        {u"demo-size"_s, tr("seed-demo: the number of deals (default 2000)."), u"deals"_s},
        {u"seed"_s, tr("seed-demo: the random seed (default 20261126)."), u"number"_s},
        {u"to"_s, tr("backup: the file to write."), u"file"_s},
        {u"from"_s, tr("restore-backup: the backup file."), u"file"_s},
        {u"listen"_s, tr("serve: ADDRESS:PORT (default 127.0.0.1:8443; port 0 picks one)."),
         u"address"_s},
        {u"tls-cert"_s, tr("serve: PEM certificate chain; enables TLS."), u"file"_s},
        {u"tls-key"_s, tr("serve: PEM private key."), u"file"_s},
        {u"threads"_s, tr("serve: I/O threads (default 2)."), u"n"_s},
        {u"workers"_s, tr("serve: request worker threads (default 4)."), u"n"_s},
        {u"snapshot-dir"_s,
         tr("serve, snapshot: where snapshots for first syncs are kept (default: the store's "
            "path followed by .snapshots)."),
         u"dir"_s},
        {u"snapshot-min-seq"_s,
         tr("serve: build a scope's snapshot when a laptop asks for it once the scope has "
            "this many changes (default 20000)."),
         u"n"_s},
        {u"snapshot-refresh"_s,
         tr("serve: rebuild a snapshot that is this many changes behind (default 20000)."), u"n"_s},
        {u"no-snapshots"_s, tr("serve: offer no snapshots; laptops pull every change.")},
    };
    m_parser.addOptions(options);
    if (!m_parser.parse(arguments))
        return usage(m_parser.errorText());
    if (m_parser.isSet(u"help"_s)) {
        m_out << m_parser.helpText();
        return Ok;
    }
    if (m_parser.isSet(u"version"_s)) {
        m_out << QCoreApplication::applicationName() << u" "_s
              << QCoreApplication::applicationVersion() << u"\n"_s;
        return Ok;
    }
    if (m_parser.isSet(u"config"_s)) {
        const QString file = m_parser.value(u"config"_s);
        if (!QFileInfo(file).isReadable())
            return usage(tr("The configuration file %1 cannot be read.").arg(file));
        m_config = std::make_unique<QSettings>(file, QSettings::IniFormat);
        if (m_config->status() != QSettings::NoError)
            return usage(tr("The configuration file %1 is not a valid INI file.").arg(file));
    }
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() != 1)
        return usage(tr("Give exactly one command."));
    const QString command = positional.constFirst();
    if (command == u"init"_s)
        return init();
    if (command == u"add-unit"_s)
        return addUnit();
    if (command == u"add-user"_s)
        return addUser();
    if (command == u"passwd"_s)
        return passwd();
    if (command == u"seed-demo"_s)
        return seedDemo();
    if (command == u"backup"_s)
        return backup();
    if (command == u"restore-backup"_s)
        return restoreBackup();
    if (command == u"checksums"_s)
        return checksums();
    if (command == u"snapshot"_s)
        return snapshot();
    if (command == u"serve"_s)
        return serve();
    return usage(tr("Unknown command \"%1\".").arg(command));
}

std::optional<QString> ServerCommandLine::databasePath()
{
    const QString url = setting(u"db"_s, defaultDatabase);
    if (url.startsWith(u"sqlite:"_s) && url.size() > 7)
        return url.mid(7);
    if (url.startsWith(u"postgres"_s)) {
        m_storeExitCode
            = usage(tr("PostgreSQL is not supported by this version; use sqlite:PATH."));
        return std::nullopt;
    }
    m_storeExitCode = usage(tr("--db must be sqlite:PATH, not \"%1\".").arg(url));
    return std::nullopt;
}

std::unique_ptr<SqliteServerStore> ServerCommandLine::openStore(bool requireDataset)
{
    const std::optional<QString> path = databasePath();
    if (!path)
        return nullptr;
    if (requireDataset && !QFileInfo::exists(*path)) {
        m_storeExitCode
            = fail({ErrorCode::Io,
                    tr("There is no store at %1; run outpost-server init first.").arg(*path)});
        return nullptr;
    }
    Result<std::unique_ptr<SqliteServerStore>> store = SqliteServerStore::open(*path);
    if (!store) {
        m_storeExitCode = fail(store.error());
        if (m_storeExitCode != UsageError)
            m_storeExitCode = StoreError;
        return nullptr;
    }
    if (requireDataset) {
        const Result<bool> initialized = store.value()->isInitialized();
        if (!initialized) {
            m_storeExitCode = fail(initialized.error());
            return nullptr;
        }
        if (!initialized.value()) {
            m_storeExitCode = fail(
                {ErrorCode::Corrupt,
                 tr("The store %1 holds no dataset; run outpost-server init first.").arg(*path)});
            return nullptr;
        }
    }
    return std::move(store).value();
}

std::optional<QString> ServerCommandLine::readPassword(bool required)
{
    QString password;
    if (m_parser.isSet(u"password-stdin"_s)) {
        QFile input;
        if (!input.open(stdin, QIODevice::ReadOnly)) {
            usage(tr("Standard input cannot be read."));
            return std::nullopt;
        }
        password = QString::fromUtf8(input.readLine(4096));
        while (password.endsWith(u'\n') || password.endsWith(u'\r'))
            password.chop(1);
    } else if (qEnvironmentVariableIsSet("OUTPOST_PASSWORD")) {
        password = qEnvironmentVariable("OUTPOST_PASSWORD");
    } else if (required) {
        usage(tr("Give the password on standard input with --password-stdin or in the "
                 "environment variable OUTPOST_PASSWORD (never on the command line)."));
        return std::nullopt;
    } else {
        return QString();
    }
    if (password.size() < PasswordHasher::minPasswordChars || password.size() > 1024) {
        usage(tr("A password needs %1 to 1024 characters.").arg(PasswordHasher::minPasswordChars));
        return std::nullopt;
    }
    return password;
}

int ServerCommandLine::init()
{
    std::unique_ptr<SqliteServerStore> store = openStore(false);
    if (!store)
        return m_storeExitCode;
    const Result<QString> epoch = store->initialize(now());
    if (!epoch)
        return fail(epoch.error());
    m_out << tr("Initialized %1 (epoch %2).").arg(store->path(), epoch.value()) << u"\n"_s;
    return Ok;
}

int ServerCommandLine::addUnit()
{
    ServerStore::UnitSpec unit;
    unit.name = setting(u"name"_s);
    if (unit.name.isEmpty())
        return usage(tr("add-unit needs --name."));
    unit.parentId = setting(u"parent"_s);
    if (!unit.parentId.isEmpty() && !UuidV7::isValid(unit.parentId))
        return usage(tr("--parent must be a unit id (a UUIDv7)."));
    unit.region = setting(u"region"_s);
    unit.currency = setting(u"currency"_s, u"CNY"_s);
    bool ok = true;
    unit.budgetLimitMinor = setting(u"budget-limit"_s, u"0"_s).toLongLong(&ok);
    if (!ok || unit.budgetLimitMinor < 0)
        return usage(tr("--budget-limit must be a whole number of minor units, at least 0."));
    unit.isHq = isSet(u"hq"_s);
    std::unique_ptr<SqliteServerStore> store = openStore(true);
    if (!store)
        return m_storeExitCode;
    const Result<QString> id = store->addUnit(unit, now());
    if (!id)
        return fail(id.error());
    m_out << id.value() << u"\n"_s;
    return Ok;
}

int ServerCommandLine::addUser()
{
    ServerStore::UserSpec user;
    user.login = setting(u"login"_s);
    user.name = setting(u"name"_s);
    user.role = setting(u"role"_s);
    user.unitId = setting(u"unit"_s);
    if (user.login.isEmpty() || user.name.isEmpty() || user.role.isEmpty())
        return usage(tr("add-user needs --login, --name and --role (and --unit for members of "
                        "a unit)."));
    if (!user.unitId.isEmpty() && !UuidV7::isValid(user.unitId))
        return usage(tr("--unit must be a unit id (a UUIDv7)."));
    const std::optional<QString> password = readPassword(true);
    if (!password)
        return UsageError;
    std::unique_ptr<SqliteServerStore> store = openStore(true);
    if (!store)
        return m_storeExitCode;
    user.passwordHash = PasswordHasher::hash(*password);
    if (user.passwordHash.isEmpty())
        return fail({ErrorCode::Conflict, tr("The password could not be hashed.")});
    const Result<QString> id = store->addUser(user, now());
    if (!id)
        return fail(id.error());
    m_out << id.value() << u"\n"_s;
    return Ok;
}

int ServerCommandLine::passwd()
{
    const QString login = setting(u"login"_s);
    if (login.isEmpty())
        return usage(tr("passwd needs --login."));
    const std::optional<QString> password = readPassword(true);
    if (!password)
        return UsageError;
    std::unique_ptr<SqliteServerStore> store = openStore(true);
    if (!store)
        return m_storeExitCode;
    const QString hash = PasswordHasher::hash(*password);
    if (hash.isEmpty())
        return fail({ErrorCode::Conflict, tr("The password could not be hashed.")});
    if (Result<void> done = store->setPasswordHash(login, hash); !done)
        return fail(done.error());
    m_out << tr("The password of %1 was changed.").arg(login) << u"\n"_s;
    return Ok;
}

int ServerCommandLine::seedDemo()
{
    bool ok = true;
    const int deals = setting(u"demo-size"_s, u"2000"_s).toInt(&ok);
    if (!ok || deals < 0 || deals > 2'000'000)
        return usage(tr("--demo-size must be a number of deals from 0 to 2000000."));
    const quint32 seed = setting(u"seed"_s, u"20261126"_s).toUInt(&ok);
    if (!ok)
        return usage(tr("--seed must be a non-negative number."));
    std::optional<QString> password = readPassword(false);
    if (!password)
        return UsageError;
    if (password->isEmpty())
        password = demoPassword;
    std::unique_ptr<SqliteServerStore> store = openStore(true);
    if (!store)
        return m_storeExitCode;
    const QString hash = PasswordHasher::hash(*password);
    if (hash.isEmpty())
        return fail({ErrorCode::Conflict, tr("The password could not be hashed.")});
    const Result<ServerStore::SeedSummary> summary = store->seedDemo(deals, seed, hash, now());
    if (!summary)
        return fail(summary.error());
    m_out << tr("Seeded %1 rows and %2 accounts.").arg(summary->rows).arg(summary->accounts)
          << u"\n"_s;
    m_out << tr("Every demo account signs in with its email and the password: %1")
                 .arg(m_parser.isSet(u"password-stdin"_s) ? tr("(the one you gave)") : *password)
          << u"\n"_s;
    if (!summary->demoLogin.isEmpty())
        m_out << tr("Demo rep: %1").arg(summary->demoLogin) << u"\n"_s;
    return Ok;
}

int ServerCommandLine::backup()
{
    const QString target = setting(u"to"_s);
    if (target.isEmpty())
        return usage(tr("backup needs --to FILE."));
    std::unique_ptr<SqliteServerStore> store = openStore(true);
    if (!store)
        return m_storeExitCode;
    if (Result<void> done = store->backup(target); !done)
        return fail(done.error());
    m_out << tr("Backed up %1 to %2.").arg(store->path(), target) << u"\n"_s;
    return Ok;
}

int ServerCommandLine::restoreBackup()
{
    const QString source = setting(u"from"_s);
    if (source.isEmpty())
        return usage(tr("restore-backup needs --from FILE."));
    const std::optional<QString> path = databasePath();
    if (!path)
        return m_storeExitCode;
    const Result<QString> epoch = SqliteServerStore::restoreBackup(source, *path);
    if (!epoch)
        return fail(epoch.error());
    m_out << tr("Restored %1 from %2; the new epoch is %3 (clients resync).")
                 .arg(*path, source, epoch.value())
          << u"\n"_s;
    return Ok;
}

Result<std::optional<ServerStore::Account>>
ServerCommandLine::loginAccount(SqliteServerStore &store)
{
    const QString login = setting(u"login"_s);
    if (login.isEmpty())
        return std::optional<ServerStore::Account>();
    Result<std::optional<ServerStore::Account>> account = store.findAccount(login);
    if (account && !account.value())
        return Error {ErrorCode::NotFound, tr("There is no account with the login %1.").arg(login)};
    return account;
}

AuthContext ServerCommandLine::userOf(const ServerStore::Account &account)
{
    return {account.userId, account.name, account.role, account.unitId, {}};
}

int ServerCommandLine::checksums()
{
    std::unique_ptr<SqliteServerStore> store = openStore(true);
    if (!store)
        return m_storeExitCode;
    const Result<std::optional<ServerStore::Account>> account = loginAccount(*store);
    if (!account)
        return fail(account.error());
    std::optional<AuthContext> user;
    QString scope = u"all"_s;
    if (account.value()) {
        user = userOf(*account.value());
        scope = account.value()->login;
    }
    const Result<ServerStore::Checksums> sums = store->checksums(user);
    if (!sums)
        return fail(sums.error());
    QJsonObject tables;
    for (auto it = sums->tables.cbegin(); it != sums->tables.cend(); ++it)
        tables.insert(it.key(), QJsonObject {{u"rows"_s, it->rows}, {u"sha256"_s, it->sha256}});
    const QJsonObject answer {{u"epoch"_s, sums->epoch},
                              {u"last_seq"_s, sums->lastSeq},
                              {u"scope"_s, scope},
                              {u"tables"_s, tables}};
    m_out << QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact)) << u"\n"_s;
    return Ok;
}

std::optional<SnapshotService::Options> ServerCommandLine::snapshotOptions()
{
    SnapshotService::Options options;
    const std::optional<QString> path = databasePath();
    if (!path)
        return std::nullopt;
    options.directory = setting(u"snapshot-dir"_s, *path + u".snapshots"_s);
    bool ok = true;
    options.minSeq
        = setting(u"snapshot-min-seq"_s, QString::number(options.minSeq)).toLongLong(&ok);
    if (!ok || options.minSeq < 0) {
        m_storeExitCode = usage(tr("--snapshot-min-seq must be a number of at least 0."));
        return std::nullopt;
    }
    options.refreshAfter
        = setting(u"snapshot-refresh"_s, QString::number(options.refreshAfter)).toLongLong(&ok);
    if (!ok || options.refreshAfter < 1) {
        m_storeExitCode = usage(tr("--snapshot-refresh must be a number of at least 1."));
        return std::nullopt;
    }
    return options;
}

int ServerCommandLine::snapshot()
{
    const std::optional<SnapshotService::Options> options = snapshotOptions();
    if (!options)
        return m_storeExitCode;
    std::unique_ptr<SqliteServerStore> store = openStore(true);
    if (!store)
        return m_storeExitCode;
    Result<std::unique_ptr<SnapshotService>> service = SnapshotService::open(*store, *options);
    if (!service)
        return fail(service.error());
    const Result<std::optional<ServerStore::Account>> account = loginAccount(*store);
    if (!account)
        return fail(account.error());
    QList<ServerStore::Account> accounts;
    if (account.value()) {
        accounts.append(*account.value());
    } else {
        const Result<QList<ServerStore::Account>> active = store->activeAccounts();
        if (!active)
            return fail(active.error());
        accounts = active.value();
    }
    QSet<QString> built;
    for (const ServerStore::Account &holder : std::as_const(accounts)) {
        const AuthContext user = userOf(holder);
        const QString scope = SnapshotService::scopeKey(user);
        if (built.contains(scope))
            continue;
        built.insert(scope);
        const Result<SnapshotService::Snapshot> snapshot = service.value()->build(user);
        if (!snapshot)
            return fail(snapshot.error());
        m_out << tr("%1: %2 (cursor %3, %4 bytes)")
                     .arg(scope, snapshot->path)
                     .arg(snapshot->cursor)
                     .arg(snapshot->bytes)
              << u"\n"_s;
        m_out.flush();
    }
    return Ok;
}

int ServerCommandLine::serve()
{
    HttpServer::Options options;
    const QString listen = setting(u"listen"_s, u"127.0.0.1:8443"_s);
    const qsizetype colon = listen.lastIndexOf(u':');
    bool ok = colon > 0;
    const int port = ok ? listen.mid(colon + 1).toInt(&ok) : -1;
    QString host = ok ? listen.left(colon) : QString();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (!ok || port < 0 || port > 65535 || host.isEmpty())
        return usage(tr("--listen must be ADDRESS:PORT, for example 127.0.0.1:8443."));
    options.address = host;
    options.port = quint16(port);
    options.tlsCertificateFile = setting(u"tls-cert"_s);
    options.tlsPrivateKeyFile = setting(u"tls-key"_s);
    if (options.tlsCertificateFile.isEmpty() != options.tlsPrivateKeyFile.isEmpty())
        return usage(tr("TLS needs both --tls-cert and --tls-key."));
    options.ioThreads = setting(u"threads"_s, u"2"_s).toInt(&ok);
    if (!ok || options.ioThreads < 1 || options.ioThreads > 64)
        return usage(tr("--threads must be from 1 to 64."));
    const int workers = setting(u"workers"_s, u"4"_s).toInt(&ok);
    if (!ok || workers < 1 || workers > 64)
        return usage(tr("--workers must be from 1 to 64."));

    std::unique_ptr<SqliteServerStore> store = openStore(true);
    if (!store)
        return m_storeExitCode;
    if (!PasswordHasher::initialize())
        return fail({ErrorCode::Conflict, tr("libsodium cannot be initialized.")});
    PasswordHasher::decoyHash(); // computed now, not during the first login

    std::unique_ptr<SnapshotService> snapshots;
    if (!isSet(u"no-snapshots"_s)) {
        const std::optional<SnapshotService::Options> snapshotSettings = snapshotOptions();
        if (!snapshotSettings)
            return m_storeExitCode;
        Result<std::unique_ptr<SnapshotService>> opened
            = SnapshotService::open(*store, *snapshotSettings);
        if (!opened)
            return fail(opened.error());
        snapshots = std::move(opened).value();
    }

    PokeHub hub;
    AuthService auth(*store, &now);
    ApiHandler api(*store, auth, hub, &now, snapshots.get());
    SqliteServerStore *storePointer = store.get();
    WorkerPool pool(workers, 256, [storePointer] { storePointer->releaseThreadResources(); });
    HttpServer server(api, hub, pool);
    const Result<quint16> bound = server.start(options);
    if (!bound)
        return fail({ErrorCode::Conflict, bound.error().message});
    // Integration tests and service managers wait for this exact line.
    const QString address = host.contains(u':') ? u"[%1]"_s.arg(host) : host;
    std::fprintf(stdout, "listening on %s:%u\n", qPrintable(address), unsigned(bound.value()));
    std::fflush(stdout);
    server.waitForStopSignal();
    server.stop();
    qCInfo(lcServer) << "stopped";
    return Ok;
}

} // namespace Outpost
