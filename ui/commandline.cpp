#include "commandline.h"

#include "languagemanager.h"
#include "serveraddress.h"
#include "signindialog.h"

#include "demogenerator.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int maxPathLength = 4096;

const QString dataDirOption = u"data-dir"_s;
const QString profileOption = u"profile"_s;
const QString demoSizeOption = u"demo-size"_s;
const QString langOption = u"lang"_s;
const QString serverOption = u"server"_s;
const QString loginOption = u"login"_s;
// The password of --login: an environment variable, never an argument (ps, shell history).
const char passwordVariable[] = "OUTPOST_PASSWORD";

void write(const QString &text, FILE *stream)
{
    if (text.isEmpty())
        return;
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    if (!text.endsWith(u'\n'))
        std::fputc('\n', stream);
    std::fflush(stream);
}

} // namespace

QString CommandLine::requestedLanguage(const QStringList &arguments)
{
    const QString option = u"--"_s + langOption;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        QString value;
        if (arguments.at(i) == option && i + 1 < arguments.size())
            value = arguments.at(i + 1);
        else if (arguments.at(i).startsWith(option + u'='))
            value = arguments.at(i).mid(option.size() + 1);
        else
            continue;
        return LanguageManager::isValidCode(value) ? value : QString();
    }
    return {};
}

bool CommandLine::usageError(const QString &message)
{
    const QString program = QCoreApplication::applicationName().toLower();
    m_errorOutput = u"%1: %2\n"_s.arg(program.isEmpty() ? u"outpost"_s : program, message)
        + tr("Run \"%1 --help\" to see the options.")
              .arg(program.isEmpty() ? u"outpost"_s : program);
    m_exitCode = usageErrorExitCode;
    return false;
}

bool CommandLine::parse(const QStringList &arguments)
{
    m_output.clear();
    m_errorOutput.clear();
    m_exitCode = 0;
    m_options = ProfileLauncher::Options {};
    m_language.clear();

    const QLocale locale;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Outpost, the offline-first sales workstation: your customers and pipeline on "
           "your laptop, in sync with your team when you are online."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption dataDir(
        dataDirOption,
        tr("Keep the profiles in <directory> (default: %1).")
            .arg(QDir::toNativeSeparators(ProfileLauncher::defaultDataDir())),
        tr("directory"));
    const QCommandLineOption profile(
        profileOption,
        tr("Open the profile <name>: up to 64 letters, digits, \"-\" and \"_\" (default: "
           "demo). Profiles whose name starts with \"demo\" are filled with demo data."),
        tr("name"));
    const QCommandLineOption demoSize(
        demoSizeOption,
        tr("Create a demo with <deals> deals, from %1 to %2 (default: %3). Without --profile "
           "the profile is \"demo-<deals>\", so an existing demo is never replaced.")
            .arg(locale.toString(DemoGenerator::minDeals), locale.toString(DemoGenerator::maxDeals),
                 locale.toString(ProfileLauncher::Options {}.demoDeals)),
        tr("deals"));
    const QCommandLineOption lang(
        langOption,
        tr("Use the language <code>: system, en or zh_CN (default: the preference, else the "
           "system's language)."),
        tr("code"));
    const QCommandLineOption server(
        serverOption,
        tr("Synchronize the profile with the sync server at <url>, for example "
           "https://sync.example.com:8443 (remembered for the profile; File > Sign In uses it)."),
        tr("url"));
    const QCommandLineOption login(
        loginOption,
        tr("Sign in to the sync server as <login> at start, with the password in the "
           "environment variable %1 (for demonstrations and unattended use).")
            .arg(QString::fromLatin1(passwordVariable)),
        tr("login"));
    parser.addOption(dataDir);
    parser.addOption(profile);
    parser.addOption(demoSize);
    parser.addOption(lang);
    parser.addOption(server);
    parser.addOption(login);

    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        m_output = parser.helpText();
        return false;
    }
    if (parser.isSet(versionOption)) {
        m_output = u"%1 %2"_s.arg(QCoreApplication::applicationName(),
                                  QCoreApplication::applicationVersion());
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(
            tr("Unexpected argument \"%1\".").arg(parser.positionalArguments().constFirst()));
    }

    if (parser.isSet(lang)) {
        const QString value = parser.value(lang);
        if (!LanguageManager::isValidCode(value)) {
            return usageError(tr("--lang: \"%1\" is not a supported language; use system, en "
                                 "or zh_CN.")
                                  .arg(value));
        }
        m_language = value;
    }

    if (parser.isSet(dataDir)) {
        const QString value = parser.value(dataDir).trimmed();
        if (value.isEmpty() || value.size() > maxPathLength) {
            return usageError(
                tr("--data-dir: \"%1\" is not a usable directory name.").arg(value.left(200)));
        }
        const QFileInfo info(value);
        if (info.exists() && !info.isDir())
            return usageError(tr("--data-dir: \"%1\" is a file, not a directory.").arg(value));
        m_options.dataDir = QDir::cleanPath(info.absoluteFilePath());
    }

    if (parser.isSet(server)) {
        const Result<QUrl> url = ServerAddress::parse(parser.value(server));
        if (!url)
            return usageError(tr("--server: %1").arg(url.error().message));
        m_options.server = url.value();
    }

    if (parser.isSet(login)) {
        const QString value = parser.value(login).trimmed();
        const bool printable = std::none_of(value.cbegin(), value.cend(), [](QChar character) {
            return character.isSpace() || character.category() == QChar::Other_Control;
        });
        if (value.isEmpty() || value.size() > SignInDialog::maxLoginLength || !printable) {
            return usageError(tr("--login: \"%1\" is not a valid login; use up to %2 characters "
                                 "without spaces.")
                                  .arg(value.left(200))
                                  .arg(SignInDialog::maxLoginLength));
        }
        const QString password = qEnvironmentVariable(passwordVariable);
        if (password.isEmpty()) {
            return usageError(tr("--login needs the password in the environment variable %1 "
                                 "(never on the command line).")
                                  .arg(QString::fromLatin1(passwordVariable)));
        }
        if (password.size() > SignInDialog::maxPasswordLength) {
            return usageError(tr("%1: the password is too long (at most %2 characters).")
                                  .arg(QString::fromLatin1(passwordVariable))
                                  .arg(SignInDialog::maxPasswordLength));
        }
        m_options.login = value;
        m_options.password = password;
    }

    bool demoSizeGiven = false;
    if (parser.isSet(demoSize)) {
        const QString value = parser.value(demoSize).trimmed();
        bool ok = false;
        const qlonglong deals = value.toLongLong(&ok);
        if (!ok || deals < DemoGenerator::minDeals || deals > DemoGenerator::maxDeals) {
            return usageError(tr("--demo-size: \"%1\" is not a whole number from %2 to %3.")
                                  .arg(value.left(200), locale.toString(DemoGenerator::minDeals),
                                       locale.toString(DemoGenerator::maxDeals)));
        }
        m_options.demoDeals = int(deals);
        demoSizeGiven = true;
    }

    if (parser.isSet(profile)) {
        const QString value = parser.value(profile);
        if (!ProfileLauncher::isValidProfileName(value)) {
            return usageError(tr("--profile: \"%1\" is not a valid profile name; use up to 64 "
                                 "letters, digits, \"-\" and \"_\".")
                                  .arg(value.left(200)));
        }
        if (demoSizeGiven && !ProfileLauncher::isDemoProfile(value)) {
            return usageError(tr("--demo-size applies only to demo profiles (names starting "
                                 "with \"demo\"), not to \"%1\".")
                                  .arg(value));
        }
        m_options.profile = value;
    } else if (demoSizeGiven) {
        // A demo of another size gets its own profile, so an existing demo is never replaced.
        m_options.profile = u"demo-%1"_s.arg(m_options.demoDeals);
    }
    return true;
}

void CommandLine::printMessages() const
{
    write(m_output, stdout);
    write(m_errorOutput, stderr);
}

} // namespace Outpost
