#include "commandline.h"

#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace Outpost;

/// Runs the built outpost executable with bad and informative arguments: the ones that must
/// never open a window.
class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void versionPrintsTheVersion();
    void helpListsTheOptions();
    void badValuesExitWithTwo_data();
    void badValuesExitWithTwo();
    void errorsFollowTheLanguage();
    void serverAndLoginAreParsed();
    void loginNeedsThePasswordVariable();

private:
    struct Run
    {
        int exitCode = -1;
        QString output;
        QString errors;
    };
    Run run(const QStringList &arguments, const QMap<QString, QString> &environment = {});

    QTemporaryDir m_home;
};

void TestCommandLine::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(QFileInfo::exists(QStringLiteral(OUTPOST_EXECUTABLE)));
}

TestCommandLine::Run TestCommandLine::run(const QStringList &arguments,
                                          const QMap<QString, QString> &extraEnvironment)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // No settings or data of the user: a fresh home, English, no display needed.
    environment.insert(u"HOME"_s, m_home.path());
    environment.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    environment.insert(u"LANGUAGE"_s, u"en"_s);
    environment.remove(u"OUTPOST_PASSWORD"_s);
    for (auto it = extraEnvironment.cbegin(); it != extraEnvironment.cend(); ++it)
        environment.insert(it.key(), it.value());
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(OUTPOST_EXECUTABLE), arguments);
    Run result;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = QString::fromUtf8(process.readAllStandardOutput());
    result.errors = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void TestCommandLine::versionPrintsTheVersion()
{
    const Run result = run({u"--version"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.output.contains(QStringLiteral(OUTPOST_VERSION)), qPrintable(result.output));
    QVERIFY2(result.output.contains(u"Outpost"_s), qPrintable(result.output));
}

void TestCommandLine::helpListsTheOptions()
{
    const Run result = run({u"--help"_s});
    QCOMPARE(result.exitCode, 0);
    for (const QString &option :
         {u"--data-dir"_s, u"--profile"_s, u"--demo-size"_s, u"--lang"_s, u"--server"_s,
          u"--login"_s, u"OUTPOST_PASSWORD"_s, u"--version"_s}) {
        QVERIFY2(result.output.contains(option), qPrintable(option));
    }
}

void TestCommandLine::badValuesExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("option");
    QTest::newRow("demo-size not a number")
        << QStringList {u"--demo-size"_s, u"abc"_s} << u"--demo-size"_s;
    QTest::newRow("demo-size negative")
        << QStringList {u"--demo-size"_s, u"-5"_s} << u"--demo-size"_s;
    QTest::newRow("demo-size too large")
        << QStringList {u"--demo-size"_s, u"9999999"_s} << u"--demo-size"_s;
    QTest::newRow("demo-size for a work profile")
        << QStringList {u"--profile"_s, u"work"_s, u"--demo-size"_s, u"100"_s} << u"--demo-size"_s;
    QTest::newRow("unknown language") << QStringList {u"--lang"_s, u"xx"_s} << u"--lang"_s;
    QTest::newRow("profile with a path")
        << QStringList {u"--profile"_s, u"../x"_s} << u"--profile"_s;
    QTest::newRow("profile too long")
        << QStringList {u"--profile"_s, QString(65, u'a')} << u"--profile"_s;
    QTest::newRow("data-dir empty") << QStringList {u"--data-dir"_s, u""_s} << u"--data-dir"_s;
    QTest::newRow("unknown option") << QStringList {u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("missing value") << QStringList {u"--profile"_s} << u"profile"_s;
    QTest::newRow("server not http")
        << QStringList {u"--server"_s, u"ftp://sync.example.com"_s} << u"--server"_s;
    QTest::newRow("server with spaces")
        << QStringList {u"--server"_s, u"https://sync example.com"_s} << u"--server"_s;
    QTest::newRow("server with credentials")
        << QStringList {u"--server"_s, u"https://me:secret@sync.example.com"_s} << u"--server"_s;
    QTest::newRow("server too long")
        << QStringList {u"--server"_s, u"https://"_s + QString(3000, u'a') + u".example"_s}
        << u"--server"_s;
    QTest::newRow("server empty") << QStringList {u"--server"_s, u""_s} << u"--server"_s;
    QTest::newRow("login without password")
        << QStringList {u"--server"_s, u"http://127.0.0.1:8443"_s, u"--login"_s,
                        u"li.na@east.example"_s}
        << u"OUTPOST_PASSWORD"_s;
}

void TestCommandLine::badValuesExitWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, option);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errors.contains(option), qPrintable(result.errors));
    QVERIFY2(result.output.isEmpty(), qPrintable(result.output));
}

void TestCommandLine::errorsFollowTheLanguage()
{
    const Run result = run({u"--lang"_s, u"zh_CN"_s, u"--demo-size"_s, u"abc"_s});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errors.contains(u"--demo-size"_s), qPrintable(result.errors));
    QVERIFY2(result.errors.contains(u"整数"_s), qPrintable(result.errors));
}

void TestCommandLine::serverAndLoginAreParsed()
{
    qputenv("OUTPOST_PASSWORD", "a demo secret");
    CommandLine commandLine;
    QVERIFY(
        commandLine.parse({u"outpost"_s, u"--profile"_s, u"synced-demo"_s, u"--server"_s,
                           u"http://127.0.0.1:8443/"_s, u"--login"_s, u" li.na@east.example "_s}));
    const ProfileLauncher::Options options = commandLine.launchOptions();
    QCOMPARE(options.server, QUrl(u"http://127.0.0.1:8443"_s));
    QCOMPARE(options.login, u"li.na@east.example"_s);
    QCOMPARE(options.password, u"a demo secret"_s);
    QCOMPARE(options.profile, u"synced-demo"_s);

    // A bare host means https.
    QVERIFY(commandLine.parse({u"outpost"_s, u"--server"_s, u"sync.example.com:8443"_s}));
    QCOMPARE(commandLine.launchOptions().server, QUrl(u"https://sync.example.com:8443"_s));
    QVERIFY(commandLine.launchOptions().password.isEmpty()); // only with --login
    qunsetenv("OUTPOST_PASSWORD");
}

void TestCommandLine::loginNeedsThePasswordVariable()
{
    Run result = run({u"--login"_s, u"li.na@east.example"_s});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errors.contains(u"OUTPOST_PASSWORD"_s), qPrintable(result.errors));

    result = run({u"--login"_s, u"li na"_s}, {{u"OUTPOST_PASSWORD"_s, u"secret"_s}});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errors.contains(u"--login"_s), qPrintable(result.errors));

    result = run({u"--login"_s, u"li.na@east.example"_s},
                 {{u"OUTPOST_PASSWORD"_s, QString(2000, u'x')}});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errors.contains(u"too long"_s), qPrintable(result.errors));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
