#include "synctransport.h"

namespace Outpost {

SyncTransport::SyncTransport(QObject *parent)
    : QObject(parent)
{ }

void SyncTransport::setSession(const QString &token, const QString &refreshToken)
{
    m_token = token;
    m_refreshToken = refreshToken;
}

} // namespace Outpost
