// outpost-server: parse the command line and run the command; everything else lives in
// outpost_server_lib.
#include "servercommandline.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("outpost-server"));
    QCoreApplication::setOrganizationName(QStringLiteral("Outpost"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OUTPOST_VERSION));
    if (!qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(
            QStringLiteral("outpost.*.debug=false\noutpost.store.info=false"));
    Outpost::ServerCommandLine commandLine;
    return commandLine.run(QCoreApplication::arguments());
}
