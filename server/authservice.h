#pragma once

#include "apiresult.h"
#include "authcontext.h"
#include "protocol.h"

#include <QByteArrayView>
#include <QString>

#include <functional>

namespace Outpost {

class ServerStore;

/// Sign-in and tokens (docs/sync-protocol.md, "Authentication"): argon2id password checks
/// (PasswordHasher, bounded), random 32-byte tokens (op_at_ access, op_rt_ refresh, base64url)
/// of which the store keeps only SHA-256 hashes, expiry, refresh rotation, logout, and failed
/// login limits per account and per client address (429 with Retry-After).
///
/// Thread-safe (state lives in the store); called from the server's worker threads.
class AuthService
{
public:
    struct Limits
    {
        qint64 accessTtlMs = 60 * 60 * 1000;
        qint64 refreshTtlMs = 30LL * 24 * 60 * 60 * 1000;
        qint64 failureWindowMs = 15 * 60 * 1000;
        int maxFailuresPerLogin = 5;
        int maxFailuresPerAddress = 20;
    };

    /// clock: UTC milliseconds (replaceable so tests can move time).
    AuthService(ServerStore &store, std::function<qint64()> clock);

    void setLimits(const Limits &limits) { m_limits = limits; }
    const Limits &limits() const { return m_limits; }

    ApiResult<Protocol::LoginResponse> login(const Protocol::LoginRequest &request,
                                             const QString &address);
    /// Rotates: the presented refresh token and its access token are revoked.
    ApiResult<Protocol::LoginResponse> refresh(const Protocol::RefreshRequest &request);
    /// The user of an "Authorization: Bearer op_at_…" header value.
    ApiResult<AuthContext> authenticate(QByteArrayView authorization);
    /// Revokes the token pair the request was made with.
    ApiResult<bool> logout(const AuthContext &user);

    static constexpr QStringView accessPrefix = u"op_at_";
    static constexpr QStringView refreshPrefix = u"op_rt_";
    /// A new random token: prefix + 32 random bytes in base64url without padding.
    static QString newToken(QStringView prefix);
    /// What the store keeps of a token: its SHA-256, hex.
    static QByteArray tokenHash(QStringView token);

private:
    ApiResult<Protocol::LoginResponse> issue(const QString &userId, const QString &deviceId);
    ApiResult<bool> checkRateLimits(const QString &login, const QString &address, qint64 now);

    ServerStore &m_store;
    std::function<qint64()> m_clock;
    Limits m_limits;
};

} // namespace Outpost
