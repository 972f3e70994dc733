// The desktop client: parse the command line, install translators, hand over to the launcher.
#include "commandline.h"
#include "languagemanager.h"
#include "profilelauncher.h"
#include "theme.h"

#include <QApplication>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);
    QApplication::setOrganizationName(u"Outpost"_s);
    QApplication::setApplicationName(u"Outpost"_s);
    QApplication::setApplicationDisplayName(u"Outpost"_s);
    QApplication::setApplicationVersion(QStringLiteral(OUTPOST_VERSION));
    QApplication::setDesktopFileName(u"outpost"_s);

    // Translators first, so that even command line errors come out in the user's language.
    Outpost::LanguageManager languages;
    const QString requested = Outpost::CommandLine::requestedLanguage(application.arguments());
    languages.apply(requested.isEmpty() ? Outpost::LanguageManager::storedCode() : requested);

    Outpost::CommandLine commandLine;
    if (!commandLine.parse(application.arguments())) {
        commandLine.printMessages();
        return commandLine.exitCode();
    }
    // The password of --login is in the launch options now; processes started later (a
    // browser opened from a link) must not inherit it.
    qunsetenv("OUTPOST_PASSWORD");

    Outpost::Theme::apply(application);
    Outpost::ProfileLauncher launcher(commandLine.launchOptions(), languages);
    if (!launcher.launch())
        return launcher.exitCode();
    return QApplication::exec();
}
