#pragma once

#include "profilelauncher.h"

#include <QCoreApplication>
#include <QStringList>

namespace Outpost {

/// The desktop client's command line: --data-dir, --profile, --demo-size, --lang, --server,
/// --login (its password comes from the environment variable OUTPOST_PASSWORD), --help and
/// --version. Every value is validated; a bad one gives a translated message naming the option
/// and exit code 2. Translators should be installed before parse() so that the messages (and
/// the help text) come out in the user's language.
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    static constexpr int usageErrorExitCode = 2;

    /// Parses arguments (the first is the program). Returns true when the application should
    /// start; false when it should print messages() and exit with exitCode() (after --help,
    /// --version or an error).
    bool parse(const QStringList &arguments);

    int exitCode() const { return m_exitCode; }
    /// Text for standard output (help, version).
    QString output() const { return m_output; }
    /// Text for standard error (what was wrong).
    QString errorOutput() const { return m_errorOutput; }
    /// Writes output() to stdout and errorOutput() to stderr.
    void printMessages() const;

    ProfileLauncher::Options launchOptions() const { return m_options; }
    /// The language given with --lang (a LanguageManager code), or empty.
    QString language() const { return m_language; }

    /// The value of a valid --lang option in arguments, or empty: lets main() install the
    /// translators before parsing, so that parse() already speaks the chosen language.
    static QString requestedLanguage(const QStringList &arguments);

private:
    bool usageError(const QString &message);

    ProfileLauncher::Options m_options;
    QString m_language;
    QString m_output;
    QString m_errorOutput;
    int m_exitCode = 0;
};

} // namespace Outpost
