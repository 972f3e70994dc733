#include "serveraddress.h"

#include "httpsynctransport.h"

using namespace Qt::StringLiterals;

namespace Outpost {

Result<QUrl> ServerAddress::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error {ErrorCode::InvalidArgument, tr("Enter the address of the sync server.")};
    if (trimmed.size() > maxLength) {
        return Error {ErrorCode::InvalidArgument,
                      tr("The server address is too long (at most %1 characters).").arg(maxLength)};
    }
    for (const QChar character : trimmed) {
        if (character.isSpace() || character.category() == QChar::Other_Control) {
            return Error {ErrorCode::InvalidArgument,
                          tr("The server address must not contain spaces.")};
        }
    }
    // "sync.example.com:8443" is what people type; the sync API wants TLS unless told otherwise.
    const QString withScheme = trimmed.contains(u"://"_s) ? trimmed : u"https://"_s + trimmed;
    const QUrl url(withScheme, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        return Error {ErrorCode::InvalidArgument,
                      tr("\"%1\" is not a valid server address, for example "
                         "https://sync.example.com:8443.")
                          .arg(trimmed.left(200))};
    }
    if (url.scheme() != u"https"_s && url.scheme() != u"http"_s) {
        return Error {ErrorCode::InvalidArgument,
                      tr("The server address must start with https:// or http://.")};
    }
    if (!url.userInfo().isEmpty()) {
        return Error {ErrorCode::InvalidArgument,
                      tr("The server address must not contain a user name or password.")};
    }
    if (url.hasQuery() || url.hasFragment()) {
        return Error {ErrorCode::InvalidArgument,
                      tr("The server address must not contain \"?\" or \"#\".")};
    }
    QUrl normalized = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (normalized.path() == u"/"_s)
        normalized.setPath({}); // "https://host/" and "https://host" are the same server
    if (!HttpSyncTransport::isValidServerUrl(normalized)) {
        return Error {ErrorCode::InvalidArgument,
                      tr("\"%1\" is not a valid server address, for example "
                         "https://sync.example.com:8443.")
                          .arg(trimmed.left(200))};
    }
    return normalized;
}

QString ServerAddress::display(const QUrl &url)
{
    return url.toString(QUrl::StripTrailingSlash);
}

} // namespace Outpost
