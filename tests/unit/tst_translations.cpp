#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

/// The zh_CN translation is complete (DESIGN.md, invariant 6): every message of models/, sync/,
/// ui/ and app/ is translated, none is left over from removed code, placeholders match, and the
/// .qm built into the application loads. The English plural forms are complete too.
class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyMessageIsTranslated_data();
    void everyMessageIsTranslated();
    void sourcesHaveNoNewMessages_data();
    void sourcesHaveNoNewMessages();
    void builtTranslationLoads();

private:
    struct Message
    {
        QString context;
        QString source;
        QString type; ///< the translation's type attribute: unfinished, vanished, obsolete
        QStringList translations; ///< one, or one per numerus form
        bool numerus = false;
    };
    static QList<Message> readMessages(const QString &path, QString *error);
    static QSet<QString> placeholders(const QString &text);

    QString m_zhTs = QStringLiteral(OUTPOST_TS_FILE);
    QString m_enTs;
};

QList<TestTranslations::Message> TestTranslations::readMessages(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    bool inMessage = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QStringView name = xml.name();
            if (name == u"name"_s && !inMessage) {
                context = xml.readElementText();
            } else if (name == u"message"_s) {
                inMessage = true;
                message = Message {};
                message.context = context;
                message.numerus = xml.attributes().value(u"numerus"_s) == u"yes"_s;
            } else if (name == u"source"_s && inMessage) {
                message.source = xml.readElementText();
            } else if (name == u"translation"_s && inMessage) {
                message.type = xml.attributes().value(u"type"_s).toString();
                if (!message.numerus)
                    message.translations.append(xml.readElementText());
            } else if (name == u"numerusform"_s && inMessage) {
                message.translations.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == u"message"_s) {
            messages.append(message);
            inMessage = false;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QSet<QString> TestTranslations::placeholders(const QString &text)
{
    // %1..%9 (also %L1) and the plural count %n / %Ln; the L only changes number formatting.
    static const QRegularExpression pattern(u"%L?([1-9]|n)"_s);
    QSet<QString> found;
    QRegularExpressionMatchIterator it = pattern.globalMatch(text);
    while (it.hasNext())
        found.insert(it.next().captured(1));
    return found;
}

void TestTranslations::initTestCase()
{
    QVERIFY2(QFileInfo::exists(m_zhTs), qPrintable(m_zhTs));
    m_enTs = QFileInfo(m_zhTs).dir().filePath(u"outpost_en.ts"_s);
    QVERIFY2(QFileInfo::exists(m_enTs), qPrintable(m_enTs));
}

void TestTranslations::everyMessageIsTranslated_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("pluralOnly");
    QTest::newRow("zh_CN") << m_zhTs << false;
    QTest::newRow("en plurals") << m_enTs << true;
}

void TestTranslations::everyMessageIsTranslated()
{
    QFETCH(QString, path);
    QFETCH(bool, pluralOnly);
    QString error;
    const QList<Message> messages = readMessages(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!messages.isEmpty());

    QStringList problems;
    for (const Message &message : messages) {
        const QString where = message.context + u": \""_s + message.source + u'"';
        if (!message.type.isEmpty())
            problems.append(message.type + u" - "_s + where);
        if (pluralOnly && !message.numerus)
            problems.append(u"not a plural message - "_s + where);
        if (message.translations.isEmpty())
            problems.append(u"no translation - "_s + where);
        const QSet<QString> expected = placeholders(message.source);
        for (const QString &translation : message.translations) {
            if (translation.trimmed().isEmpty()) {
                problems.append(u"empty translation - "_s + where);
                continue;
            }
            const QSet<QString> actual = placeholders(translation);
            // A plural form may leave the count out ("one customer"), nothing else.
            QSet<QString> missing = expected - actual;
            if (message.numerus)
                missing.remove(u"n"_s);
            if (!missing.isEmpty() || !(actual - expected).isEmpty()) {
                problems.append(u"placeholders differ (\""_s + translation + u"\") - "_s + where);
            }
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestTranslations::sourcesHaveNoNewMessages_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("zh_CN") << m_zhTs << QStringList {};
    QTest::newRow("en plurals") << m_enTs << QStringList {u"-pluralonly"_s};
}

void TestTranslations::sourcesHaveNoNewMessages()
{
    QFETCH(QString, path);
    QFETCH(QStringList, options);
    // lupdate on a copy: a message added to the sources but not yet to the .ts shows up there
    // as unfinished, a removed one disappears (-no-obsolete).
    const QString lupdate = QStringLiteral(OUTPOST_LUPDATE);
    if (!QFileInfo(lupdate).isExecutable())
        QSKIP("lupdate is not available");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QFileInfo(path).fileName());
    QVERIFY(QFile::copy(path, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    const QString sourceDir = QStringLiteral(OUTPOST_SOURCE_DIR);
    QProcess process;
    process.start(lupdate,
                  options
                      + QStringList {u"-silent"_s, u"-no-obsolete"_s, u"-locations"_s, u"none"_s,
                                     sourceDir + u"/models"_s, sourceDir + u"/sync"_s,
                                     sourceDir + u"/ui"_s, sourceDir + u"/app"_s, u"-ts"_s, copy});
    QVERIFY(process.waitForFinished(120000));
    QCOMPARE(process.exitCode(), 0);

    QString error;
    const QList<Message> before = readMessages(path, &error);
    const QList<Message> after = readMessages(copy, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList untranslated;
    for (const Message &message : after) {
        if (!message.type.isEmpty())
            untranslated.append(message.context + u": \""_s + message.source + u'"');
    }
    QVERIFY2(untranslated.isEmpty(),
             qPrintable(u"Run the update_translations target and translate:\n"_s
                        + untranslated.join(u'\n')));
    QVERIFY2(after.size() == before.size(),
             qPrintable(u"%1 messages in the .ts, %2 in the sources: run update_translations"_s
                            .arg(before.size())
                            .arg(after.size())));
}

void TestTranslations::builtTranslationLoads()
{
    QTranslator translator;
    QVERIFY2(translator.load(QStringLiteral(OUTPOST_QM_FILE)), OUTPOST_QM_FILE);
    QCOMPARE(translator.language(), u"zh_CN"_s);
    QVERIFY(!translator.isEmpty());
    QCOMPARE(translator.translate("Outpost::MainWindow", "&File"), u"文件(&F)"_s);
    QCOMPARE(translator.translate("LocalStore", "The change was rolled back."), u"更改已回滚。"_s);
    QCOMPARE(translator.translate("Outpost::CustomersPage", "%Ln customer(s)", nullptr, 2),
             u"%Ln 位客户"_s);
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
