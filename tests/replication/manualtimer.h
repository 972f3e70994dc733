#pragma once

#include "synctimer.h"

namespace Outpost {

/// A SyncTimer for tests: records start() and stop() and fires only when the test says so,
/// so retries and polling are tested without sleeping.
class ManualTimer : public SyncTimer
{
    Q_OBJECT

public:
    explicit ManualTimer(QObject *parent = nullptr)
        : SyncTimer(parent)
    { }

    void start(int ms) override
    {
        m_interval = ms;
        m_active = true;
        m_starts.append(ms);
    }
    void stop() override { m_active = false; }
    bool isActive() const override { return m_active; }

    /// Every interval start() was called with, in order.
    QList<int> starts() const { return m_starts; }
    void clearStarts() { m_starts.clear(); }

    /// Fires now if active (as the event loop would have when the interval elapsed).
    bool fire()
    {
        if (!m_active)
            return false;
        m_active = false;
        Q_EMIT timeout();
        return true;
    }

private:
    bool m_active = false;
    QList<int> m_starts;
};

} // namespace Outpost
