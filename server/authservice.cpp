#include "authservice.h"

#include "logging.h"
#include "passwordhasher.h"
#include "serverstore.h"
#include "uuidv7.h"

#include <QCryptographicHash>

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

ApiError internalError(const Error &error)
{
    qCWarning(lcServer) << "store error:" << error.message;
    return ApiError {500, u"internal"_s, u"The server could not complete the request."_s};
}

ApiError unauthorized(const QString &message)
{
    return ApiError {401, u"unauthorized"_s, message};
}

} // namespace

AuthService::AuthService(ServerStore &store, std::function<qint64()> clock)
    : m_store(store)
    , m_clock(std::move(clock))
{
    PasswordHasher::initialize();
}

QString AuthService::newToken(QStringView prefix)
{
    PasswordHasher::initialize();
    QByteArray random(32, Qt::Uninitialized);
    randombytes_buf(random.data(), size_t(random.size()));
    return prefix.toString()
        + QString::fromLatin1(
               random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray AuthService::tokenHash(QStringView token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

ApiResult<bool> AuthService::checkRateLimits(const QString &login, const QString &address,
                                             qint64 now)
{
    const qint64 since = now - m_limits.failureWindowMs;
    const Result<ServerStore::LoginFailures> byLogin = m_store.loginFailuresByLogin(login, since);
    if (!byLogin)
        return internalError(byLogin.error());
    const Result<ServerStore::LoginFailures> byAddress
        = m_store.loginFailuresByAddress(address, since);
    if (!byAddress)
        return internalError(byAddress.error());
    qint64 retryAtMs = 0;
    if (byLogin->count >= m_limits.maxFailuresPerLogin)
        retryAtMs = byLogin->oldestAt + m_limits.failureWindowMs;
    if (byAddress->count >= m_limits.maxFailuresPerAddress)
        retryAtMs = std::max(retryAtMs, byAddress->oldestAt + m_limits.failureWindowMs);
    if (retryAtMs == 0)
        return true;
    const qint64 seconds = std::max<qint64>(1, (retryAtMs - now + 999) / 1000);
    return ApiError {429, u"rate_limited"_s,
                     u"Too many failed sign-ins. Try again in %1 seconds."_s.arg(seconds), seconds};
}

ApiResult<Protocol::LoginResponse> AuthService::login(const Protocol::LoginRequest &request,
                                                      const QString &address)
{
    const qint64 now = m_clock();
    const QString login = request.login.trimmed();
    if (ApiResult<bool> allowed = checkRateLimits(login, address, now); !allowed)
        return allowed.error();

    const Result<std::optional<ServerStore::Account>> account = m_store.findAccount(login);
    if (!account)
        return internalError(account.error());
    // An unknown login costs a full hash too: timing does not reveal which logins exist.
    const QString &hash
        = account.value() ? account.value()->passwordHash : PasswordHasher::decoyHash();
    const bool valid = PasswordHasher::verify(hash, request.password) && account.value();
    if (Result<void> recorded = m_store.recordLoginAttempt(login, address, valid, now); !recorded)
        return internalError(recorded.error());
    if (!valid) {
        qCInfo(lcServer) << "failed sign-in for" << login << "from" << address;
        return ApiError {401, u"invalid_credentials"_s, u"The login or password is wrong."_s};
    }
    if (!account.value()->active)
        return ApiError {403, u"forbidden"_s, u"This account is deactivated."_s};
    qCInfo(lcServer) << "signed in" << account.value()->userId << "from" << address;
    return issue(account.value()->userId, request.deviceId);
}

ApiResult<Protocol::LoginResponse> AuthService::issue(const QString &userId,
                                                      const QString &deviceId)
{
    const Result<std::optional<ServerStore::Account>> account = m_store.findAccountByUserId(userId);
    if (!account)
        return internalError(account.error());
    if (!account.value() || !account.value()->active)
        return unauthorized(u"The account no longer exists or is deactivated."_s);
    const Result<QString> epoch = m_store.epoch();
    if (!epoch)
        return internalError(epoch.error());

    const qint64 now = m_clock();
    Protocol::LoginResponse response;
    response.token = newToken(accessPrefix);
    response.tokenExpiresAt = now + m_limits.accessTtlMs;
    response.refreshToken = newToken(refreshPrefix);
    response.refreshExpiresAt = now + m_limits.refreshTtlMs;
    response.userId = userId;
    response.userName = account.value()->name;
    response.role = account.value()->role;
    response.unitId = account.value()->unitId;
    response.epoch = epoch.value();

    const QString pairId = UuidV7::generate();
    const QList<ServerStore::NewToken> tokens
        = {{tokenHash(response.token), pairId, userId, u"access"_s, deviceId, now,
            response.tokenExpiresAt},
           {tokenHash(response.refreshToken), pairId, userId, u"refresh"_s, deviceId, now,
            response.refreshExpiresAt}};
    if (Result<void> stored = m_store.storeTokens(tokens); !stored)
        return internalError(stored.error());
    return response;
}

ApiResult<Protocol::LoginResponse> AuthService::refresh(const Protocol::RefreshRequest &request)
{
    if (!request.refreshToken.startsWith(refreshPrefix))
        return unauthorized(u"The refresh token is not valid."_s);
    const Result<std::optional<ServerStore::TokenRecord>> record
        = m_store.findToken(tokenHash(request.refreshToken));
    if (!record)
        return internalError(record.error());
    if (!record.value() || record.value()->kind != u"refresh"_s || record.value()->revoked
        || record.value()->expiresAt <= m_clock())
        return unauthorized(u"The refresh token is unknown, expired or revoked."_s);
    if (Result<void> revoked = m_store.revokeTokenPair(record.value()->pairId); !revoked)
        return internalError(revoked.error());
    return issue(record.value()->userId, record.value()->deviceId);
}

ApiResult<AuthContext> AuthService::authenticate(QByteArrayView authorization)
{
    static constexpr QByteArrayView scheme = "Bearer ";
    if (!authorization.startsWith(scheme))
        return unauthorized(u"A bearer token is required."_s);
    const QByteArrayView tokenBytes = authorization.sliced(scheme.size()).trimmed();
    if (tokenBytes.size() > 256)
        return unauthorized(u"The token is not valid."_s);
    const QString token = QString::fromLatin1(tokenBytes);
    if (!token.startsWith(accessPrefix))
        return unauthorized(u"The token is not an access token."_s);
    const Result<std::optional<ServerStore::TokenRecord>> record
        = m_store.findToken(tokenHash(token));
    if (!record)
        return internalError(record.error());
    if (!record.value() || record.value()->kind != u"access"_s || record.value()->revoked)
        return unauthorized(u"The token is unknown or revoked."_s);
    if (record.value()->expiresAt <= m_clock())
        return unauthorized(u"The token has expired."_s);
    const Result<std::optional<ServerStore::Account>> account
        = m_store.findAccountByUserId(record.value()->userId);
    if (!account)
        return internalError(account.error());
    if (!account.value() || !account.value()->active)
        return unauthorized(u"The account no longer exists or is deactivated."_s);
    return AuthContext {account.value()->userId, account.value()->name, account.value()->role,
                        account.value()->unitId, record.value()->pairId};
}

ApiResult<bool> AuthService::logout(const AuthContext &user)
{
    if (Result<void> revoked = m_store.revokeTokenPair(user.pairId); !revoked)
        return internalError(revoked.error());
    return true;
}

} // namespace Outpost
