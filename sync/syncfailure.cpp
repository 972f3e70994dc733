#include "syncfailure.h"

using namespace Qt::StringLiterals;

namespace Outpost {

bool SyncFailure::isTransient() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
    case Kind::RateLimited:
    case Kind::Server:
        return true;
    default:
        return false;
    }
}

bool SyncFailure::isUnreachable() const
{
    if (kind == Kind::Network || kind == Kind::Timeout)
        return true;
    return kind == Kind::Server && (httpStatus == 502 || httpStatus == 503 || httpStatus == 504);
}

SyncFailure SyncFailure::network(const QString &detail)
{
    return {Kind::Network, 0, {}, tr("The sync server cannot be reached: %1").arg(detail), -1};
}

SyncFailure SyncFailure::timeout(int seconds)
{
    return {Kind::Timeout,
            0,
            {},
            tr("The sync server did not answer within %n second(s).", nullptr, seconds),
            -1};
}

SyncFailure SyncFailure::badResponse(const QString &detail)
{
    return {Kind::BadResponse,
            0,
            {},
            tr("The sync server sent an answer this version cannot read: %1").arg(detail),
            -1};
}

SyncFailure SyncFailure::aborted()
{
    return {Kind::Aborted, 0, {}, tr("Synchronization was stopped."), -1};
}

SyncFailure SyncFailure::fromHttp(int status, const QString &code, const QString &serverMessage,
                                  qint64 retryAfterMs)
{
    SyncFailure failure {Kind::Rejected, status, code, {}, retryAfterMs};
    // The server's English message is appended for support; the sentence before it is ours.
    const QString detail = serverMessage.isEmpty() ? QString() : u" ("_s + serverMessage + u')';
    if (status == 401 && code == u"invalid_credentials"_s) {
        failure.kind = Kind::InvalidCredentials;
        failure.message = tr("The login or the password is wrong.");
    } else if (status == 401) {
        failure.kind = Kind::Unauthorized;
        failure.message = tr("Your session has ended. Please sign in again.");
    } else if (status == 403) {
        failure.kind = Kind::Forbidden;
        failure.message = tr("The server refused access for this account.") + detail;
    } else if (status == 429) {
        failure.kind = Kind::RateLimited;
        failure.message = tr("The sync server is busy with too many requests; retrying later.");
    } else if (status == 500 || status == 502 || status == 503 || status == 504) {
        failure.kind = Kind::Server;
        failure.message
            = tr("The sync server has a problem (HTTP %1); retrying later.").arg(status) + detail;
    } else if (status == 413) {
        failure.message = tr("The changes are too large for the sync server.") + detail;
    } else {
        failure.message = tr("The sync server refused the request (HTTP %1).").arg(status) + detail;
    }
    return failure;
}

} // namespace Outpost
