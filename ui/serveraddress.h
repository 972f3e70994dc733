#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

namespace Outpost {

/// The address of a sync server as users type it (sign-in dialog, --server): an http or https
/// URL with a host, an optional port and path prefix; "host[:port]" alone means https. Bounded
/// in length, without user name, password, query or fragment. Any thread.
class ServerAddress
{
    Q_DECLARE_TR_FUNCTIONS(ServerAddress)

public:
    static constexpr int maxLength = 2048;

    /// The URL text means, or an error with a translated message that says what is wrong.
    static Result<QUrl> parse(const QString &text);
    /// The address as shown to users and stored in settings ("https://sync.example.com:8443").
    static QString display(const QUrl &url);
};

} // namespace Outpost
