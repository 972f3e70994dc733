#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace Outpost {

/// One HTTP request as the transport hands it to ApiHandler: already bounded (header and body
/// limits are enforced by HttpServer), no Beast types. Plain value.
struct HttpRequest
{
    QByteArray method; ///< GET, POST, …
    QByteArray target; ///< path and query, e.g. /api/v1/pull?cursor=5
    QByteArray authorization; ///< the Authorization header, if any
    QByteArray body;
    QString remoteAddress; ///< the peer's IP address (rate limiting)
};

/// The answer ApiHandler computes. Plain value.
struct HttpResponse
{
    int status = 200;
    QByteArray body; ///< JSON, or empty (204)
    qint64 retryAfterSeconds = 0; ///< sent as Retry-After when > 0
    /// When set, the body is this file, streamed from disk (body is then empty): large
    /// downloads such as snapshots. The file must not change while it is sent.
    QString filePath;
    QByteArray contentType; ///< of filePath's body
    QList<std::pair<QByteArray, QByteArray>> headers; ///< further header fields
};

} // namespace Outpost
