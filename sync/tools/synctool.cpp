// outpost-synctool: a headless sync client for integration tests (and support), driving the
// same Replicator, SyncStore and HttpSyncTransport as the desktop against a real
// outpost-server.
//
//   outpost-synctool --store PATH [--server URL --login LOGIN --password-stdin]
//                    [--timeout SECONDS] COMMAND [ARGS]
//
// Commands:
//   sync-once                  Signs in, pushes the outbox, pulls every page, exits. Prints
//                              {"ok", "state", "description", "pending", "cursor", "epoch",
//                              "open_issues"} as one JSON line.
//   edit-deal ID FIELD VALUE   Changes one field of a deal in the local store through the one
//                              write path (ChangeWriter: an outbox entry, no business rules).
//                              VALUE is an integer if it looks like one, "null" is NULL,
//                              anything else is text. Needs no server.
//   dump-checksums             Prints {"<table>": {"rows": N, "sha256": "<hex>"}, …} for every
//                              synced table (see SyncStore::checksums()). Needs no server.
//   dump-issues                Prints the open sync issues as a JSON array. Needs no server.
//   watch                      Keeps syncing (pokes, polling, retries) and prints one JSON line
//                              per event: {"event": "state"|"cycle"|"rows"|"pending"|"issues",
//                              …}. Stops cleanly on SIGINT or SIGTERM (exit 0).
//
// The password is read from the first line of standard input (--password-stdin), never from
// the command line. Exit codes: 0 success; 1 usage; 2 store error; 3 sign-in refused
// (wrong password, ended session); 4 server unreachable; 5 other sync failure; 6 timeout.
// Logging: QT_LOGGING_RULES="outpost.sync*.debug=true" shows the traffic on stderr.

#include "changewriter.h"
#include "httpsynctransport.h"
#include "localstore.h"
#include "replicator.h"
#include "schema.h"
#include "syncstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

enum ExitCode {
    Success = 0,
    Usage = 1,
    StoreFailure = 2,
    SignInRefused = 3,
    Unreachable = 4,
    SyncFailed = 5,
    TimedOut = 6,
};

constexpr int maxPasswordChars = 1024;
constexpr int maxValueChars = 20'000;

// The context of the tool's messages for translation.
struct SyncTool
{
    Q_DECLARE_TR_FUNCTIONS(SyncTool)
};

void printJson(const QJsonObject &object)
{
    std::fputs(QJsonDocument(object).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int fail(int code, const QString &message)
{
    std::fputs(qPrintable(u"outpost-synctool: "_s + message + u'\n'), stderr);
    return code;
}

QJsonValue jsonValue(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
        return QJsonValue(value.toLongLong());
    return QJsonValue(value.toString());
}

QJsonObject jsonMap(const QVariantMap &values)
{
    QJsonObject object;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        object.insert(it.key(), jsonValue(it.value()));
    return object;
}

// SIGINT/SIGTERM end `watch` through the event loop (self-pipe), so the replicator stops
// between transactions.
int s_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(s_signalPipe[1], &byte, 1);
}

Result<std::unique_ptr<LocalStore>> openStore(const QString &path)
{
    return LocalStore::open(path);
}

int editDeal(const QString &storePath, const QStringList &args)
{
    if (args.size() != 3)
        return fail(Usage, SyncTool::tr("edit-deal needs ID FIELD VALUE."));
    const QString &id = args.at(0);
    const QString &field = args.at(1);
    const QString &text = args.at(2);
    if (text.size() > maxValueChars)
        return fail(Usage,
                    SyncTool::tr("The value is longer than %1 characters.").arg(maxValueChars));
    QVariant value;
    static const QRegularExpression integer(u"^-?[0-9]{1,18}$"_s);
    if (text == u"null"_s)
        value = QVariant();
    else if (integer.match(text).hasMatch())
        value = text.toLongLong();
    else
        value = text;

    Result<std::unique_ptr<LocalStore>> store = openStore(storePath);
    if (!store)
        return fail(StoreFailure, store.error().message);
    ChangeWriter writer(**store, u"synctool"_s);
    if (Result<void> done = writer.update(u"deals"_s, id, {{field, value}}); !done)
        return fail(StoreFailure, done.error().message);
    printJson({{u"ok"_s, true}, {u"device_seq"_s, writer.lastDeviceSeq()}});
    return Success;
}

int dumpChecksums(const QString &storePath)
{
    Result<std::unique_ptr<LocalStore>> store = openStore(storePath);
    if (!store)
        return fail(StoreFailure, store.error().message);
    SyncStore sync(**store);
    const auto checksums = sync.checksums();
    if (!checksums)
        return fail(StoreFailure, checksums.error().message);
    QJsonObject object;
    for (auto it = checksums->cbegin(); it != checksums->cend(); ++it)
        object.insert(it.key(), QJsonObject {{u"rows"_s, it->rows}, {u"sha256"_s, it->sha256}});
    printJson(object);
    return Success;
}

int dumpIssues(const QString &storePath)
{
    Result<std::unique_ptr<LocalStore>> store = openStore(storePath);
    if (!store)
        return fail(StoreFailure, store.error().message);
    SyncStore sync(**store);
    const auto issues = sync.issues();
    if (!issues)
        return fail(StoreFailure, issues.error().message);
    QJsonArray list;
    for (const SyncStore::Issue &issue : issues.value()) {
        list.append(QJsonObject {
            {u"id"_s, issue.id},
            {u"kind"_s,
             issue.kind == SyncStore::IssueKind::Conflict ? u"conflict"_s : u"rejected"_s},
            {u"op"_s, issue.op},
            {u"table"_s, issue.table},
            {u"row_id"_s, issue.rowId},
            {u"field"_s, issue.field},
            {u"local_values"_s, jsonMap(issue.localValues)},
            {u"server_values"_s, jsonMap(issue.serverValues)},
            {u"kept"_s, issue.kept},
            {u"reason"_s, issue.reason},
            {u"message"_s, issue.message}});
    }
    std::fputs(QJsonDocument(list).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return Success;
}

int exitCodeFor(const Replicator &replicator, bool signInRefused)
{
    if (signInRefused)
        return SignInRefused;
    return replicator.state() == Replicator::State::Offline ? Unreachable : SyncFailed;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"outpost-synctool"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(OUTPOST_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        SyncTool::tr("Headless Outpost sync client for integration tests."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption storeOption(u"store"_s, SyncTool::tr("The profile's store file."),
                                         u"path"_s);
    const QCommandLineOption serverOption(
        u"server"_s, SyncTool::tr("The sync server, http(s)://host:port."), u"url"_s);
    const QCommandLineOption loginOption(u"login"_s, SyncTool::tr("The login to sign in with."),
                                         u"login"_s);
    const QCommandLineOption passwordOption(u"password-stdin"_s,
                                            SyncTool::tr("Read the password from standard input."));
    const QCommandLineOption timeoutOption(u"timeout"_s,
                                           SyncTool::tr("Seconds sync-once may take (default 60)."),
                                           u"seconds"_s, u"60"_s);
    parser.addOptions({storeOption, serverOption, loginOption, passwordOption, timeoutOption});
    parser.addPositionalArgument(
        u"command"_s,
        SyncTool::tr(
            "sync-once | edit-deal ID FIELD VALUE | dump-checksums | dump-issues | watch"));
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return fail(Usage, SyncTool::tr("A command is needed; see --help."));
    const QString command = positional.constFirst();
    const QString storePath = parser.value(storeOption);
    if (storePath.isEmpty())
        return fail(Usage, SyncTool::tr("--store is needed."));

    if (command == u"edit-deal"_s)
        return editDeal(storePath, positional.mid(1));
    if (command == u"dump-checksums"_s)
        return dumpChecksums(storePath);
    if (command == u"dump-issues"_s)
        return dumpIssues(storePath);
    if (command != u"sync-once"_s && command != u"watch"_s)
        return fail(Usage,
                    SyncTool::tr("Unknown command \"%1\"; see --help.").arg(command.left(64)));
    if (positional.size() != 1)
        return fail(Usage, SyncTool::tr("%1 takes no arguments.").arg(command));

    const QUrl server(parser.value(serverOption));
    if (!HttpSyncTransport::isValidServerUrl(server))
        return fail(Usage, SyncTool::tr("--server must be an http or https URL with a host."));
    const QString login = parser.value(loginOption);
    if (login.isEmpty() || login.size() > 254)
        return fail(Usage, SyncTool::tr("--login is needed (at most 254 characters)."));
    if (!parser.isSet(passwordOption))
        return fail(Usage, SyncTool::tr("--password-stdin is needed."));
    bool timeoutOk = false;
    const int timeoutSeconds = parser.value(timeoutOption).toInt(&timeoutOk);
    if (!timeoutOk || timeoutSeconds < 1 || timeoutSeconds > 24 * 3600)
        return fail(Usage, SyncTool::tr("--timeout must be between 1 and 86400 seconds."));

    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return fail(Usage, SyncTool::tr("Standard input cannot be read."));
    QString password = QString::fromUtf8(input.readLine(maxPasswordChars * 4 + 2));
    while (password.endsWith(u'\n') || password.endsWith(u'\r'))
        password.chop(1);
    if (password.isEmpty() || password.size() > maxPasswordChars)
        return fail(Usage, SyncTool::tr("The password on standard input is empty or too long."));

    Replicator::Options options;
    options.storePath = storePath;
    Replicator replicator(options, new HttpSyncTransport(server));
    bool signInRefused = false;
    QObject::connect(&replicator, &Replicator::sessionChanged, &app,
                     [&signInRefused](const QString &token) { signInRefused = token.isEmpty(); });
    replicator.signIn(login, password);
    password.fill(u'\0');

    if (command == u"sync-once"_s) {
        int code = TimedOut;
        QObject::connect(&replicator, &Replicator::cycleFinished, &app, [&](bool ok) {
            code = ok ? Success : exitCodeFor(replicator, signInRefused);
            QJsonObject summary {{u"ok"_s, ok},
                                 {u"state"_s, Replicator::stateName(replicator.state())},
                                 {u"description"_s, replicator.stateDescription()}};
            if (SyncStore *sync = replicator.syncStore()) {
                summary.insert(u"pending"_s,
                               sync->pendingCount().ok() ? *sync->pendingCount() : -1);
                summary.insert(u"cursor"_s, sync->cursor());
                summary.insert(u"epoch"_s, sync->epoch());
                summary.insert(u"open_issues"_s,
                               sync->openIssueCount().ok() ? *sync->openIssueCount() : -1);
            }
            printJson(summary);
            replicator.stop();
            app.quit();
        });
        QTimer::singleShot(timeoutSeconds * 1000, &app, [&] {
            fail(TimedOut,
                 SyncTool::tr("The sync did not finish within %n second(s).", nullptr,
                              timeoutSeconds));
            replicator.stop();
            app.quit();
        });
        replicator.start();
        if (!replicator.isRunning())
            return fail(StoreFailure, replicator.stateDescription());
        app.exec();
        return code;
    }

    // watch
    if (::pipe(s_signalPipe) != 0)
        return fail(SyncFailed, SyncTool::tr("Cannot set up signal handling."));
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    QSocketNotifier signalNotifier(s_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [&] {
        replicator.stop();
        app.quit();
    });
    QObject::connect(&replicator, &Replicator::stateChanged, &app,
                     [](Replicator::State state, const QString &description) {
                         printJson({{u"event"_s, u"state"_s},
                                    {u"state"_s, Replicator::stateName(state)},
                                    {u"description"_s, description}});
                     });
    QObject::connect(&replicator, &Replicator::cycleFinished, &app, [&replicator](bool ok) {
        QJsonObject event {{u"event"_s, u"cycle"_s}, {u"ok"_s, ok}};
        if (SyncStore *sync = replicator.syncStore())
            event.insert(u"cursor"_s, sync->cursor());
        printJson(event);
    });
    QObject::connect(&replicator, &Replicator::rowsChanged, &app, [](const QStringList &tables) {
        printJson({{u"event"_s, u"rows"_s}, {u"tables"_s, QJsonArray::fromStringList(tables)}});
    });
    QObject::connect(&replicator, &Replicator::pendingCountChanged, &app, [](qint64 count) {
        printJson({{u"event"_s, u"pending"_s}, {u"count"_s, count}});
    });
    QObject::connect(&replicator, &Replicator::syncIssuesChanged, &app, [](qint64 count) {
        printJson({{u"event"_s, u"issues"_s}, {u"open"_s, count}});
    });
    replicator.start();
    if (!replicator.isRunning())
        return fail(StoreFailure, replicator.stateDescription());
    return app.exec();
}
