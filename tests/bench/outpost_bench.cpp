// outpost_bench: prints benchmark figures as JSON lines on stdout (logs on stderr).
// Usage: outpost_bench [SCENARIO] [--deals N]; scenarios: store (default), all.
#include "demogenerator.h"
#include "storebench.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"outpost_bench"_s);
    // The store logs every open at info level; the figures need none of it.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(u"outpost.*.info=false"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Measures Outpost and prints one JSON line per figure on stdout."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"scenario"_s, u"store (the default) or all."_s, u"[scenario]"_s);
    const QCommandLineOption dealsOption(
        u"deals"_s, u"Deals in the large demo store (default 100000)."_s, u"count"_s, u"100000"_s);
    parser.addOption(dealsOption);
    parser.process(app);

    const QStringList scenarios = {u"store"_s, u"all"_s};
    const QStringList positional = parser.positionalArguments();
    const QString scenario = positional.value(0, u"store"_s);
    if (positional.size() > 1 || !scenarios.contains(scenario)) {
        std::fprintf(stderr, "outpost_bench: unknown scenario \"%s\" (known: %s)\n",
                     qPrintable(positional.join(u' ')), qPrintable(scenarios.join(u", "_s)));
        return 2;
    }
    bool isNumber = false;
    const int deals = parser.value(dealsOption).toInt(&isNumber);
    if (!isNumber || deals < 1 || deals > Outpost::DemoGenerator::maxDeals) {
        std::fprintf(stderr, "outpost_bench: --deals must be between 1 and %d\n",
                     Outpost::DemoGenerator::maxDeals);
        return 2;
    }

    Outpost::StoreBench::Options options;
    options.deals = deals;
    Outpost::StoreBench bench(options);
    return bench.run();
}
