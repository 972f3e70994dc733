// outpost_bench_ui: the benchmarks that need a QApplication (the pipeline board). Prints JSON
// lines on stdout like outpost_bench; logs on stderr.
// Usage: outpost_bench_ui [board] [--deals 10000,100000,1000000] [--cache-dir DIR]
#include "boardbench.h"
#include "theme.h"

#include "demogenerator.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLoggingCategory>
#include <QProcess>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    // Offscreen unless a platform was asked for: the figures need no screen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"outpost_bench_ui"_s);
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(u"outpost.*.info=false"_s);
    // The application's look: the stylesheet is part of what painting costs.
    Outpost::Theme::apply(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Measures the pipeline board and prints one JSON line per figure on stdout."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"scenario"_s, u"board (the default)."_s, u"[scenario]"_s);
    const QCommandLineOption dealsOption(
        u"deals"_s, u"Store sizes, comma-separated (default 10000,100000,1000000)."_s, u"counts"_s,
        u"10000,100000,1000000"_s);
    const QCommandLineOption cacheOption(
        u"cache-dir"_s,
        u"Where generated demo stores are kept (default: bench-cache in the "
        u"build folder)."_s,
        u"dir"_s, QDir(QCoreApplication::applicationDirPath()).filePath(u"../../bench-cache"_s));
    parser.addOption(dealsOption);
    parser.addOption(cacheOption);
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || positional.value(0, u"board"_s) != u"board"_s) {
        std::fprintf(stderr, "outpost_bench_ui: unknown scenario \"%s\" (known: board)\n",
                     qPrintable(positional.join(u' ')));
        return 2;
    }
    Outpost::BoardBench::Options options;
    options.deals.clear();
    for (const QString &part : parser.value(dealsOption).split(u',', Qt::SkipEmptyParts)) {
        bool isNumber = false;
        const int deals = part.trimmed().toInt(&isNumber);
        if (!isNumber || deals < 1 || deals > Outpost::DemoGenerator::maxDeals) {
            std::fprintf(stderr, "outpost_bench_ui: --deals takes counts between 1 and %d\n",
                         Outpost::DemoGenerator::maxDeals);
            return 2;
        }
        options.deals.append(deals);
    }
    options.cacheDir = QDir::cleanPath(parser.value(cacheOption));
    if (options.deals.size() > 1) {
        // One process per store size: each memory figure starts from a fresh process.
        for (int deals : std::as_const(options.deals)) {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedChannels);
            child.start(QCoreApplication::applicationFilePath(),
                        {u"board"_s, u"--deals"_s, QString::number(deals), u"--cache-dir"_s,
                         options.cacheDir});
            if (!child.waitForFinished(-1) || child.exitStatus() != QProcess::NormalExit
                || child.exitCode() != 0) {
                std::fprintf(stderr, "outpost_bench_ui: the run with %d deals failed\n", deals);
                return 1;
            }
        }
        return 0;
    }
    Outpost::BoardBench bench(options);
    return bench.run();
}
