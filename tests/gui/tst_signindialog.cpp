#include "signindialog.h"
#include "syncsession.h"
#include "tokenvault.h"

#include "localstore.h"
#include "organizationrepository.h"
#include "syncfailure.h"
#include "uuidv7.h"

#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

const QString password = u"gui-test-secret"_s;

} // namespace

/// The sign-in dialog on the offscreen platform: input validation, a sign-in against a closed
/// port that answers with a translated error while the event loop keeps running, a TLS
/// handshake with a server that does not speak TLS, and real sign-ins (wrong password, success,
/// too many attempts) against an outpost-server process.
class TestSignInDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void validationErrors_data();
    void validationErrors();
    void unreachableServerIsReportedWithoutBlocking();
    void tlsFailureIsExplained();
    void failureTexts();
    void wrongPasswordThenSuccessAgainstTheServer();
    void tooManyAttemptsShowTheWait();

private:
    template<typename T> T *child(const QString &name) const
    {
        auto *widget = m_dialog->findChild<T *>(name);
        if (!widget)
            qWarning("no child %s", qPrintable(name));
        return widget;
    }
    void fill(const QString &server, const QString &login, const QString &secret);
    void clickSignIn();
    static quint16 closedPort();
    int runServerCommand(const QStringList &arguments, QByteArray *output = nullptr,
                         const QByteArray &input = {});
    bool startServer();

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<SyncSession> m_session;
    std::unique_ptr<SignInDialog> m_dialog;
    QTemporaryDir m_serverDir;
    QProcess m_server;
    quint16 m_serverPort = 0;
};

void TestSignInDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(u"OutpostTests"_s);
    QCoreApplication::setApplicationName(u"tst_signindialog"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestSignInDialog::cleanupTestCase()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.terminate();
        if (!m_server.waitForFinished(5000)) {
            m_server.kill();
            m_server.waitForFinished(5000);
        }
    }
}

void TestSignInDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"synced.outpost"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_session = std::make_unique<SyncSession>(*m_store, u"synced"_s);
    m_dialog = std::make_unique<SignInDialog>(*m_session);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

void TestSignInDialog::cleanup()
{
    m_dialog.reset();
    m_session.reset(); // stops the replicator thread before the store closes
    m_store.reset();
    m_dir.reset();
}

void TestSignInDialog::fill(const QString &server, const QString &login, const QString &secret)
{
    child<QLineEdit>(u"serverLineEdit"_s)->setText(server);
    child<QLineEdit>(u"loginLineEdit"_s)->setText(login);
    child<QLineEdit>(u"passwordLineEdit"_s)->setText(secret);
}

void TestSignInDialog::clickSignIn()
{
    auto *buttons = child<QDialogButtonBox>(u"signInButtonBox"_s);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

quint16 TestSignInDialog::closedPort()
{
    // A port that was free a moment ago: nothing listens there now.
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 9;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

void TestSignInDialog::validationErrors_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    const QString login = u"li.na@east.example"_s;
    QTest::newRow("no server") << u""_s << login << password << u"serverLineEdit"_s
                               << u"Enter the address of the sync server."_s;
    QTest::newRow("ftp") << u"ftp://sync.example.com"_s << login << password << u"serverLineEdit"_s
                         << u"https:// or http://"_s;
    QTest::newRow("credentials in the address")
        << u"https://me:pw@sync.example.com"_s << login << password << u"serverLineEdit"_s
        << u"user name or password"_s;
    QTest::newRow("query") << u"https://sync.example.com/?a=1"_s << login << password
                           << u"serverLineEdit"_s << u"\"?\""_s;
    QTest::newRow("bad port") << u"https://sync.example.com:99999"_s << login << password
                              << u"serverLineEdit"_s << u"not a valid server address"_s;
    QTest::newRow("spaces") << u"https://sync example.com"_s << login << password
                            << u"serverLineEdit"_s << u"spaces"_s;
    QTest::newRow("no login") << u"https://sync.example.com"_s << u"  "_s << password
                              << u"loginLineEdit"_s << u"Enter your login."_s;
    QTest::newRow("login with a space") << u"https://sync.example.com"_s << u"li na"_s << password
                                        << u"loginLineEdit"_s << u"no spaces"_s;
    QTest::newRow("no password") << u"https://sync.example.com"_s << login << u""_s
                                 << u"passwordLineEdit"_s << u"Enter your password."_s;
}

void TestSignInDialog::validationErrors()
{
    QFETCH(QString, server);
    QFETCH(QString, login);
    QFETCH(QString, secret);
    QFETCH(QString, field);
    QFETCH(QString, message);
    fill(server, login, secret);
    clickSignIn();
    QVERIFY(m_dialog->isVisible());
    QVERIFY(!m_dialog->isBusy());
    QVERIFY2(m_dialog->errorText().contains(message), qPrintable(m_dialog->errorText()));
    QVERIFY(child<QLabel>(u"errorLabel"_s)->isVisible());
    auto *invalid = child<QLineEdit>(field);
    QVERIFY(invalid->property("invalid").toBool());
    QVERIFY(invalid->hasFocus());
    QVERIFY(!m_session->hasServer()); // nothing was tried
    // Typing in the field clears its mark.
    QTest::keyClicks(invalid, u"x"_s);
    QVERIFY(!invalid->property("invalid").toBool());
}

void TestSignInDialog::unreachableServerIsReportedWithoutBlocking()
{
    const quint16 port = closedPort();
    fill(u"http://127.0.0.1:%1"_s.arg(port), u"li.na@east.example"_s, password);
    QElapsedTimer clock;
    clock.start();
    clickSignIn();
    // The click returns at once: the dialog waits, with the form disabled and a busy bar.
    QVERIFY(clock.elapsed() < 1000);
    QVERIFY(m_dialog->isBusy());
    QVERIFY(child<QProgressBar>(u"busyProgressBar"_s)->isVisible());
    QVERIFY(!child<QLineEdit>(u"passwordLineEdit"_s)->isEnabled());
    QVERIFY(
        !child<QDialogButtonBox>(u"signInButtonBox"_s)->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(m_session->isSigningIn());

    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog->isBusy(), 20000);
    const QString error = m_dialog->errorText();
    QVERIFY2(error.contains(u"127.0.0.1:%1 cannot be reached"_s.arg(port)), qPrintable(error));
    QVERIFY(m_dialog->isVisible());
    QVERIFY(child<QLineEdit>(u"passwordLineEdit"_s)->isEnabled());
    QVERIFY(!m_session->isSignedIn());

    // Giving up stops the background retries.
    m_dialog->reject();
    QVERIFY(!m_session->isSigningIn());
}

void TestSignInDialog::tlsFailureIsExplained()
{
    // A server that answers in plain text where TLS is expected.
    QTcpServer plain;
    QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
    connect(&plain, &QTcpServer::newConnection, &plain, [&plain] {
        while (QTcpSocket *socket = plain.nextPendingConnection()) {
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            socket->disconnectFromHost();
        }
    });
    fill(u"https://127.0.0.1:%1"_s.arg(plain.serverPort()), u"li.na@east.example"_s, password);
    clickSignIn();
    QVERIFY(m_dialog->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog->isBusy(), 20000);
    const QString error = m_dialog->errorText();
    QVERIFY2(error.contains(u"secure connection"_s), qPrintable(error));
    m_dialog->reject();
}

void TestSignInDialog::failureTexts()
{
    SyncFailure limited = SyncFailure::fromHttp(429, u"rate_limited"_s, {}, 600'000);
    // (The English plural forms come from outpost_en.ts: "minutes" once it has them.)
    QVERIFY(SignInDialog::failureText(limited, u"host"_s)
                .startsWith(u"Too many sign-in attempts. Try again in 10 minute"_s));
    limited.retryAfterMs = 30'000;
    QVERIFY(SignInDialog::failureText(limited, u"host"_s)
                .startsWith(u"Too many sign-in attempts. Try again in 30 second"_s));
    const SyncFailure wrong = SyncFailure::fromHttp(401, u"invalid_credentials"_s, {});
    QCOMPARE(SignInDialog::failureText(wrong, u"host"_s), u"The login or the password is wrong."_s);
    const SyncFailure unavailable = SyncFailure::fromHttp(503, u"unavailable"_s, {}, 1000);
    QVERIFY(SignInDialog::failureText(unavailable, u"host"_s).contains(u"503"_s));
}

int TestSignInDialog::runServerCommand(const QStringList &arguments, QByteArray *output,
                                       const QByteArray &input)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"OUTPOST_PASSWORD"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(OUTPOST_SERVER_EXECUTABLE), arguments);
    if (!process.waitForStarted(10000))
        return -1;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return -1;
    if (output)
        *output = process.readAllStandardOutput().trimmed();
    return process.exitCode();
}

bool TestSignInDialog::startServer()
{
    if (m_serverPort > 0)
        return true;
    if (!m_serverDir.isValid())
        return false;
    const QString db = u"sqlite:"_s + m_serverDir.filePath(u"server.sqlite"_s);
    if (runServerCommand({u"init"_s, u"--db"_s, db}) != 0)
        return false;
    QByteArray unit;
    if (runServerCommand({u"add-unit"_s, u"--db"_s, db, u"--name"_s, u"East"_s}, &unit) != 0)
        return false;
    for (const QString &login : {u"li.na@east.example"_s, u"wang.fang@east.example"_s}) {
        if (runServerCommand({u"add-user"_s, u"--db"_s, db, u"--login"_s, login, u"--name"_s,
                              login.section(u'@', 0, 0), u"--role"_s, u"rep"_s, u"--unit"_s,
                              QString::fromLatin1(unit), u"--password-stdin"_s},
                             nullptr, password.toUtf8() + '\n')
            != 0) {
            return false;
        }
    }
    m_server.setProgram(QStringLiteral(OUTPOST_SERVER_EXECUTABLE));
    m_server.setArguments({u"serve"_s, u"--db"_s, db, u"--listen"_s, u"127.0.0.1:0"_s});
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_server.start();
    if (!m_server.waitForStarted(10000))
        return false;
    QByteArray output;
    QElapsedTimer clock;
    clock.start();
    while (!output.contains('\n') && clock.elapsed() < 15000) {
        m_server.waitForReadyRead(500);
        output += m_server.readAllStandardOutput();
    }
    const QByteArray line = output.left(output.indexOf('\n'));
    if (!line.startsWith("listening on 127.0.0.1:"))
        return false;
    m_serverPort = quint16(line.mid(line.lastIndexOf(':') + 1).toUInt());
    return m_serverPort > 0;
}

void TestSignInDialog::wrongPasswordThenSuccessAgainstTheServer()
{
    QVERIFY(startServer());
    const QString server = u"http://127.0.0.1:%1"_s.arg(m_serverPort);
    fill(server, u"li.na@east.example"_s, u"not the password"_s);
    clickSignIn();
    QVERIFY(m_dialog->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog->isBusy(), 20000);
    QCOMPARE(m_dialog->errorText(), u"The login or the password is wrong."_s);
    QVERIFY(child<QLineEdit>(u"passwordLineEdit"_s)->hasFocus());

    child<QLineEdit>(u"passwordLineEdit"_s)->setText(password);
    QSignalSpy signedIn(m_session.get(), &SyncSession::userChanged);
    clickSignIn();
    QTRY_VERIFY_WITH_TIMEOUT(m_dialog->result() == QDialog::Accepted && !m_dialog->isVisible(),
                             20000);
    QVERIFY(m_session->isSignedIn());
    QCOMPARE(signedIn.count(), 1);
    QCOMPARE(m_session->login(), u"li.na@east.example"_s);
    // The profile remembers its server and user; the password is gone from the form.
    QVERIFY(child<QLineEdit>(u"passwordLineEdit"_s)->text().isEmpty());
    const QString userId = OrganizationRepository(*m_store).currentUserId();
    QVERIFY(UuidV7::isValid(userId));
    QCOMPARE(signedIn.at(0).at(0).toString(), userId);
    // Offscreen there is no keychain: the session is kept in memory only, and said so.
    QVERIFY(!m_session->vault()->isPersistent());
    QVERIFY(child<QLabel>(u"keychainNoteLabel"_s)->text().contains(u"keychain"_s));
    // Nothing secret lands in the settings.
    QSettings settings;
    for (const QString &key : settings.allKeys()) {
        const QString value = settings.value(key).toString();
        QVERIFY2(!value.contains(u"op_at_"_s) && !value.contains(u"op_rt_"_s)
                     && !value.contains(password),
                 qPrintable(key));
    }
    // A new session of the same profile offers the server and the login.
    SyncSession again(*m_store, u"synced"_s);
    again.start();
    QCOMPARE(again.serverUrl().toString(), server);
    QCOMPARE(again.login(), u"li.na@east.example"_s);
}

void TestSignInDialog::tooManyAttemptsShowTheWait()
{
    QVERIFY(startServer());
    const QString server = u"http://127.0.0.1:%1"_s.arg(m_serverPort);
    // Five failures per account in 15 minutes are allowed; the sixth attempt is refused.
    QString error;
    for (int attempt = 0; attempt < 6; ++attempt) {
        fill(server, u"wang.fang@east.example"_s, u"wrong %1"_s.arg(attempt));
        clickSignIn();
        QVERIFY(m_dialog->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!m_dialog->isBusy(), 20000);
        error = m_dialog->errorText();
    }
    QVERIFY2(error.startsWith(u"Too many sign-in attempts. Try again in "_s), qPrintable(error));
    QVERIFY2(error.contains(u"minute"_s), qPrintable(error));
    m_dialog->reject();
}

QTEST_MAIN(TestSignInDialog)
#include "tst_signindialog.moc"
