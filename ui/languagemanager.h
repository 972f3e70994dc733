#pragma once

#include <QObject>
#include <QStringList>
#include <QTranslator>

namespace Outpost {

/// Switches the user interface language at run time. apply() installs (or removes) the
/// application's translator (:/i18n/outpost_<lang>.qm) and Qt's own (qtbase_<lang>.qm) and sets
/// the default QLocale for numbers and dates; Qt then sends QEvent::LanguageChange to every
/// widget, which retranslates itself. Nothing is reloaded, so no work is lost. GUI thread only.
///
/// Codes: "system" (follow the system's UI languages), "en" (the source language) and "zh_CN".
class LanguageManager : public QObject
{
    Q_OBJECT

public:
    explicit LanguageManager(QObject *parent = nullptr);
    ~LanguageManager() override;

    static QString systemCode() { return QStringLiteral("system"); }
    /// Every valid code, "system" first.
    static QStringList codes();
    static bool isValidCode(const QString &code);

    /// The code saved in QSettings ("ui/language"); "system" when unset or invalid.
    static QString storedCode();
    static void storeCode(const QString &code);

    /// Switches to code (an invalid code counts as "system"). Returns false if the
    /// translation for the chosen language could not be loaded (the UI stays in English).
    bool apply(const QString &code);

    /// The code last applied ("system", "en" or "zh_CN").
    QString code() const { return m_code; }
    /// The language in effect after resolving "system": "en" or "zh_CN".
    QString effectiveLanguage() const { return m_effectiveLanguage; }

private:
    void removeTranslators();

    QTranslator m_appTranslator;
    QTranslator m_qtTranslator;
    bool m_appInstalled = false;
    bool m_qtInstalled = false;
    QString m_code;
    QString m_effectiveLanguage = QStringLiteral("en");
};

} // namespace Outpost
