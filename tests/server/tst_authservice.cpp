#include "authservice.h"
#include "passwordhasher.h"
#include "sqliteserverstore.h"
#include "uuidv7.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {
constexpr qint64 t0 = 1'764'148'000'000;
constexpr qint64 minute = 60 * 1000;
const QString password = u"correct horse battery"_s;
} // namespace

class tst_AuthService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void loginIssuesHashedTokens();
    void wrongPasswordAndUnknownLogin();
    void accountRateLimit();
    void successResetsTheAccountLimit();
    void addressRateLimit();
    void accessTokenExpiresAndRefreshRotates();
    void logoutRevokesThePair();
    void malformedBearer_data();
    void malformedBearer();

private:
    Protocol::LoginRequest credentials(const QString &login, const QString &secret) const
    {
        return {login, secret, m_device};
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteServerStore> m_store;
    std::unique_ptr<AuthService> m_auth;
    qint64 m_now = t0;
    QString m_hash;
    QString m_userId;
    QString m_device;
};

void tst_AuthService::initTestCase()
{
    QVERIFY(PasswordHasher::initialize());
    m_hash = PasswordHasher::hash(password);
    QVERIFY(m_hash.startsWith(u"$argon2id$"_s));
}

void tst_AuthService::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = SqliteServerStore::open(m_dir->filePath(u"server.sqlite"_s)).value();
    QVERIFY(m_store->initialize(t0).ok());
    const QString unit = m_store->addUnit({u"East"_s, {}, {}, u"CNY"_s, 0, false}, t0).value();
    m_userId = m_store->addUser({u"li.na@east.example"_s, u"李娜"_s, u"rep"_s, unit, m_hash}, t0)
                   .value();
    m_now = t0;
    m_auth = std::make_unique<AuthService>(*m_store, [this] { return m_now; });
    m_device = UuidV7::generate();
}

void tst_AuthService::cleanup()
{
    m_auth.reset();
    m_store.reset();
    m_dir.reset();
}

void tst_AuthService::loginIssuesHashedTokens()
{
    const ApiResult<Protocol::LoginResponse> login
        = m_auth->login(credentials(u"LI.NA@east.example"_s, password), u"10.0.0.1"_s);
    QVERIFY2(login.ok(), qPrintable(login.error().message));
    static const QRegularExpression access(u"^op_at_[A-Za-z0-9_-]{43}$"_s);
    static const QRegularExpression refresh(u"^op_rt_[A-Za-z0-9_-]{43}$"_s);
    QVERIFY(access.match(login->token).hasMatch());
    QVERIFY(refresh.match(login->refreshToken).hasMatch());
    QCOMPARE(login->tokenExpiresAt, t0 + 60 * minute);
    QCOMPARE(login->refreshExpiresAt, t0 + 30LL * 24 * 60 * minute);
    QCOMPARE(login->userId, m_userId);
    QCOMPARE(login->userName, u"李娜"_s);
    QCOMPARE(login->role, u"rep"_s);
    QCOMPARE(login->epoch, m_store->epoch().value());

    // Only the hash is stored; the raw token is not a key.
    QVERIFY(m_store->findToken(AuthService::tokenHash(login->token)).value().has_value());
    QVERIFY(!m_store->findToken(login->token.toLatin1()).value().has_value());

    const ApiResult<AuthContext> user
        = m_auth->authenticate(QByteArray("Bearer " + login->token.toLatin1()));
    QVERIFY(user.ok());
    QCOMPARE(user->userId, m_userId);
    QCOMPARE(user->role, u"rep"_s);
    // A refresh token is not an access token.
    QCOMPARE(
        m_auth->authenticate(QByteArray("Bearer " + login->refreshToken.toLatin1())).error().status,
        401);
}

void tst_AuthService::wrongPasswordAndUnknownLogin()
{
    ApiResult<Protocol::LoginResponse> login
        = m_auth->login(credentials(u"li.na@east.example"_s, u"wrong password"_s), u"a"_s);
    QCOMPARE(login.error().status, 401);
    QCOMPARE(login.error().code, u"invalid_credentials"_s);
    login = m_auth->login(credentials(u"nobody@east.example"_s, password), u"a"_s);
    QCOMPARE(login.error().code, u"invalid_credentials"_s);
}

void tst_AuthService::accountRateLimit()
{
    for (int i = 0; i < 5; ++i) {
        m_now += 1000;
        QCOMPARE(m_auth
                     ->login(credentials(u"li.na@east.example"_s, u"guess %1"_s.arg(i)),
                             u"10.0.0.%1"_s.arg(i))
                     .error()
                     .status,
                 401);
    }
    // Even the right password is refused now, from any address.
    const qint64 firstFailure = t0 + 1000;
    ApiResult<Protocol::LoginResponse> login
        = m_auth->login(credentials(u"li.na@east.example"_s, password), u"10.9.9.9"_s);
    QCOMPARE(login.error().status, 429);
    QCOMPARE(login.error().code, u"rate_limited"_s);
    QCOMPARE(login.error().retryAfterSeconds, (firstFailure + 15 * minute - m_now) / 1000);

    m_now = firstFailure + 15 * minute + 1;
    login = m_auth->login(credentials(u"li.na@east.example"_s, password), u"10.9.9.9"_s);
    QVERIFY2(login.ok(), qPrintable(login.error().message));
}

void tst_AuthService::successResetsTheAccountLimit()
{
    for (int i = 0; i < 4; ++i)
        QVERIFY(!m_auth->login(credentials(u"li.na@east.example"_s, u"nope nope"_s), u"a"_s).ok());
    QVERIFY(m_auth->login(credentials(u"li.na@east.example"_s, password), u"a"_s).ok());
    m_now += 1;
    for (int i = 0; i < 4; ++i)
        QCOMPARE(m_auth->login(credentials(u"li.na@east.example"_s, u"nope nope"_s), u"a"_s)
                     .error()
                     .status,
                 401);
}

void tst_AuthService::addressRateLimit()
{
    AuthService::Limits limits;
    limits.maxFailuresPerAddress = 3; // the mechanism, without 20 argon2id checks
    m_auth->setLimits(limits);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(m_auth->login(credentials(u"user%1@x.example"_s.arg(i), password), u"10.6.6.6"_s)
                     .error()
                     .status,
                 401);
    }
    QCOMPARE(
        m_auth->login(credentials(u"li.na@east.example"_s, password), u"10.6.6.6"_s).error().status,
        429);
    // Another address is not affected.
    QVERIFY(m_auth->login(credentials(u"li.na@east.example"_s, password), u"10.7.7.7"_s).ok());
}

void tst_AuthService::accessTokenExpiresAndRefreshRotates()
{
    const Protocol::LoginResponse first
        = m_auth->login(credentials(u"li.na@east.example"_s, password), u"a"_s).value();
    const QByteArray bearer = "Bearer " + first.token.toLatin1();
    m_now = first.tokenExpiresAt - 1;
    QVERIFY(m_auth->authenticate(bearer).ok());
    m_now = first.tokenExpiresAt;
    const ApiResult<AuthContext> expired = m_auth->authenticate(bearer);
    QCOMPARE(expired.error().status, 401);
    QCOMPARE(expired.error().code, u"unauthorized"_s);

    const ApiResult<Protocol::LoginResponse> second = m_auth->refresh({first.refreshToken});
    QVERIFY2(second.ok(), qPrintable(second.error().message));
    QVERIFY(second->token != first.token);
    QVERIFY(second->refreshToken != first.refreshToken);
    QCOMPARE(second->tokenExpiresAt, m_now + 60 * minute);
    QVERIFY(m_auth->authenticate(QByteArray("Bearer " + second->token.toLatin1())).ok());
    // The old refresh token is spent.
    QCOMPARE(m_auth->refresh({first.refreshToken}).error().status, 401);

    m_now = second->refreshExpiresAt;
    QCOMPARE(m_auth->refresh({second->refreshToken}).error().status, 401);
}

void tst_AuthService::logoutRevokesThePair()
{
    const Protocol::LoginResponse login
        = m_auth->login(credentials(u"li.na@east.example"_s, password), u"a"_s).value();
    const QByteArray bearer = "Bearer " + login.token.toLatin1();
    const ApiResult<AuthContext> user = m_auth->authenticate(bearer);
    QVERIFY(m_auth->logout(user.value()).ok());
    QCOMPARE(m_auth->authenticate(bearer).error().status, 401);
    QCOMPARE(m_auth->refresh({login.refreshToken}).error().status, 401);
}

void tst_AuthService::malformedBearer_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("basic") << QByteArray("Basic dXNlcjpwYXNz");
    QTest::newRow("no prefix") << QByteArray("Bearer abc");
    QTest::newRow("unknown") << QByteArray("Bearer op_at_") + QByteArray(43, 'A');
    QTest::newRow("huge") << QByteArray("Bearer op_at_") + QByteArray(100000, 'A');
}

void tst_AuthService::malformedBearer()
{
    QFETCH(QByteArray, header);
    const ApiResult<AuthContext> user = m_auth->authenticate(header);
    QVERIFY(!user.ok());
    QCOMPARE(user.error().status, 401);
}

QTEST_GUILESS_MAIN(tst_AuthService)
#include "tst_authservice.moc"
