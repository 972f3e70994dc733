#pragma once

#include "authcontext.h"

#include <QStringList>

#include <functional>
#include <map>
#include <mutex>

namespace Outpost {

/// Tells poke WebSocket sessions that commits landed in their user's scope. Sessions
/// subscribe with their user and a callback; after a push commits, notify() calls the callback
/// of every session whose user may read one of the touched scope keys. Callbacks run on the
/// notifying thread and must only hand the seq over to their own thread (coalescing to one
/// poke per 50 ms is the session's business).
///
/// Thread-safe. Callbacks must not subscribe or unsubscribe.
class PokeHub
{
public:
    using Callback = std::function<void(qint64 seq)>;

    quint64 subscribe(const AuthContext &user, Callback callback);
    void unsubscribe(quint64 id);
    void notify(qint64 seq, const QStringList &touchedScopes);
    int subscriberCount() const;

private:
    struct Subscriber
    {
        AuthContext user;
        Callback callback;
    };
    mutable std::mutex m_mutex;
    std::map<quint64, Subscriber> m_subscribers;
    quint64 m_nextId = 1;
};

} // namespace Outpost
