// outpost_bench_sync: the "sync" scenario (see SyncBench): a real outpost-server process on
// loopback and desktop replicators. Prints one JSON line per figure on stdout; logs on stderr.
// Usage: outpost_bench_sync [sync] [--deals N] [--edits N] [--edit-pace-ms MS] [--push-ops N]
//                           [--page-size N] [--server PATH]
#include "demogenerator.h"
#include "replicator.h"
#include "syncbench.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

bool readNumber(const QCommandLineParser &parser, const QCommandLineOption &option, int minimum,
                int maximum, int &value)
{
    bool ok = false;
    value = parser.value(option).toInt(&ok);
    if (ok && value >= minimum && value <= maximum)
        return true;
    std::fprintf(stderr, "outpost_bench_sync: --%s must be between %d and %d\n",
                 qPrintable(option.names().constFirst()), minimum, maximum);
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"outpost_bench_sync"_s);
    // The store and the replicator log every open and cycle at info level; the figures need
    // none of it.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(u"outpost.*.info=false\noutpost.*.debug=false"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Measures Outpost's replication against a real outpost-server and prints one JSON "
        u"line per figure on stdout."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"scenario"_s, u"sync (the only one)."_s, u"[sync]"_s);
    const QCommandLineOption deals(u"deals"_s, u"Deals of the seeded organization."_s, u"count"_s,
                                   u"100000"_s);
    const QCommandLineOption edits(u"edits"_s, u"Edits for edit-to-visible."_s, u"count"_s,
                                   u"1000"_s);
    const QCommandLineOption pace(u"edit-pace-ms"_s, u"Least time between two edits."_s, u"ms"_s,
                                  u"60"_s);
    const QCommandLineOption pushOps(u"push-ops"_s, u"Ops for the push throughput."_s, u"count"_s,
                                     u"10000"_s);
    const QCommandLineOption pageSize(
        u"page-size"_s, u"The desktop's pull page size (default: the application's)."_s, u"rows"_s,
        QString::number(Outpost::Replicator::Options().pullPageSize));
    const QCommandLineOption server(u"server"_s, u"The outpost-server executable."_s, u"path"_s,
                                    QStringLiteral(OUTPOST_SERVER_EXECUTABLE));
    parser.addOptions({deals, edits, pace, pushOps, pageSize, server});
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.size() == 1 && positional.constFirst() != u"sync"_s)) {
        std::fprintf(stderr, "outpost_bench_sync: unknown scenario \"%s\" (known: sync)\n",
                     qPrintable(positional.join(u' ')));
        return 2;
    }
    Outpost::SyncBench::Options options;
    options.serverExecutable = parser.value(server);
    if (!readNumber(parser, deals, 1, Outpost::DemoGenerator::maxDeals, options.deals)
        || !readNumber(parser, edits, 1, 1'000'000, options.edits)
        || !readNumber(parser, pace, 0, 60'000, options.editPaceMs)
        || !readNumber(parser, pushOps, 1, 10'000'000, options.pushOps)
        || !readNumber(parser, pageSize, 1, 5000, options.pullPageSize))
        return 2;
    Outpost::SyncBench bench(options);
    return bench.run();
}
