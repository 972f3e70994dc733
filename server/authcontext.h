#pragma once

#include <QString>

namespace Outpost {

/// The authenticated user of one request, as the server computed it from a valid access token
/// (never taken from the client). Plain value: usable on any thread.
struct AuthContext
{
    QString userId;
    QString userName;
    QString role; ///< rep, lead, hq, admin, csm, delivery, strategist
    QString unitId; ///< empty for users without a unit
    QString pairId; ///< the token pair the request was made with (logout revokes it)

    /// hq and admin read through every unit.
    bool readsEverything() const
    {
        return role == QLatin1String("hq") || role == QLatin1String("admin");
    }
};

} // namespace Outpost
