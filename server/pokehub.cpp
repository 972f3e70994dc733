#include "pokehub.h"

#include "scopepolicy.h"

namespace Outpost {

quint64 PokeHub::subscribe(const AuthContext &user, Callback callback)
{
    const std::lock_guard lock(m_mutex);
    const quint64 id = m_nextId++;
    m_subscribers.emplace(id, Subscriber {user, std::move(callback)});
    return id;
}

void PokeHub::unsubscribe(quint64 id)
{
    const std::lock_guard lock(m_mutex);
    m_subscribers.erase(id);
}

void PokeHub::notify(qint64 seq, const QStringList &touchedScopes)
{
    if (seq <= 0)
        return;
    const std::lock_guard lock(m_mutex);
    for (const auto &[id, subscriber] : m_subscribers) {
        // Former readers of a row that left their scope must hear of it too (they purge it):
        // touchedScopes holds old and new keys.
        if (ScopePolicy::mayRead(subscriber.user, touchedScopes))
            subscriber.callback(seq);
    }
}

int PokeHub::subscriberCount() const
{
    const std::lock_guard lock(m_mutex);
    return int(m_subscribers.size());
}

} // namespace Outpost
