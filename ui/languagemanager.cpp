#include "languagemanager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString settingsKey = u"ui/language"_s;
const QString english = u"en"_s;
const QString simplifiedChinese = u"zh_CN"_s;

// The language the system asks for, among those Outpost has: Simplified Chinese for zh-CN,
// zh-SG and zh-Hans; English for everything else (the source language).
QString systemLanguage()
{
    const QStringList uiLanguages = QLocale::system().uiLanguages();
    for (const QString &language : uiLanguages) {
        const QLocale locale(language);
        if (locale.language() == QLocale::Chinese) {
            return locale.script() == QLocale::TraditionalChineseScript ? english
                                                                        : simplifiedChinese;
        }
        if (locale.language() == QLocale::English)
            return english;
    }
    return english;
}

} // namespace

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{ }

LanguageManager::~LanguageManager()
{
    removeTranslators();
}

QStringList LanguageManager::codes()
{
    return {systemCode(), english, simplifiedChinese};
}

bool LanguageManager::isValidCode(const QString &code)
{
    return codes().contains(code);
}

QString LanguageManager::storedCode()
{
    const QString code = QSettings().value(settingsKey, systemCode()).toString();
    return isValidCode(code) ? code : systemCode();
}

void LanguageManager::storeCode(const QString &code)
{
    QSettings().setValue(settingsKey, isValidCode(code) ? code : systemCode());
}

void LanguageManager::removeTranslators()
{
    if (m_appInstalled)
        QCoreApplication::removeTranslator(&m_appTranslator);
    if (m_qtInstalled)
        QCoreApplication::removeTranslator(&m_qtTranslator);
    m_appInstalled = false;
    m_qtInstalled = false;
}

bool LanguageManager::apply(const QString &code)
{
    m_code = isValidCode(code) ? code : systemCode();
    const QString language = m_code == systemCode() ? systemLanguage() : m_code;
    m_effectiveLanguage = language;

    removeTranslators();

    // Numbers and dates follow the language, except that English keeps the system's own
    // English conventions (en_GB dates for a British user).
    const QLocale system = QLocale::system();
    const QLocale locale = language != english  ? QLocale(language)
        : system.language() == QLocale::English ? system
                                                : QLocale(QLocale::English, QLocale::UnitedStates);
    QLocale::setDefault(locale);

    // English is the source language; its .qm only holds plural forms ("1 customer").
    const bool loaded = m_appTranslator.load(u":/i18n/outpost_"_s + language + u".qm"_s);
    if (loaded)
        m_appInstalled = QCoreApplication::installTranslator(&m_appTranslator);
    if (language == english)
        return loaded && m_appInstalled;
    // Qt's own strings (standard buttons, context menus): optional, the system may lack them.
    if (m_qtTranslator.load(locale, u"qtbase"_s, u"_"_s,
                            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        m_qtInstalled = QCoreApplication::installTranslator(&m_qtTranslator);
    }
    return loaded && m_appInstalled;
}

} // namespace Outpost
