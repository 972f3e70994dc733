#pragma once

#include <QCoreApplication>
#include <QString>

namespace Outpost {

/// Why a request to the sync server failed, with a translated message for the user.
/// Transient failures (network errors, timeouts, 429, 500, 502, 503, 504) are retried with
/// backoff; everything else is shown to the user (docs/sync-protocol.md, "Errors").
/// A plain value: usable on any thread.
struct SyncFailure
{
    Q_DECLARE_TR_FUNCTIONS(SyncFailure)

public:
    enum class Kind {
        Network, ///< no connection: refused, unreachable, DNS, TLS, reset (transient)
        Timeout, ///< no complete answer in time (transient)
        RateLimited, ///< 429 rate_limited (transient; retryAfterMs when the server said)
        Server, ///< 500, 502, 503, 504 (transient)
        Unauthorized, ///< 401 unauthorized: the session ended, sign in again
        InvalidCredentials, ///< 401 invalid_credentials: wrong login or password
        Forbidden, ///< 403
        Rejected, ///< any other answer: bad_request, too_many_ops, not_found, payload_too_large
        BadResponse, ///< the answer is malformed, of the wrong type or too large
        Aborted, ///< cancelled locally (the replicator stopped); never shown
    };

    Kind kind = Kind::Network;
    int httpStatus = 0; ///< 0 when no HTTP answer arrived
    QString code; ///< the server's error code (bad_request, …), if it sent one; tlsCode()
                  ///< when the secure connection could not be set up (Kind::Network)
    QString message; ///< translated, for the user
    qint64 retryAfterMs = -1; ///< from Retry-After, -1 if absent

    /// The code of a Network failure whose TLS handshake failed (an untrusted or invalid
    /// certificate, or a server that does not speak TLS).
    static QString tlsCode() { return QStringLiteral("tls"); }
    bool isTls() const { return kind == Kind::Network && code == tlsCode(); }

    bool isTransient() const;
    /// The server could not be reached at all (or only a proxy answered for it): being
    /// offline is normal and shown as Offline, not as an error.
    bool isUnreachable() const;

    static SyncFailure network(const QString &detail);
    static SyncFailure timeout(int seconds);
    static SyncFailure badResponse(const QString &detail);
    static SyncFailure aborted();
    /// A non-2xx answer: status, the error body's code and English message (may be empty).
    static SyncFailure fromHttp(int status, const QString &code, const QString &serverMessage,
                                qint64 retryAfterMs = -1);
};

} // namespace Outpost
