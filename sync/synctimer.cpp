#include "synctimer.h"

namespace Outpost {

SyncTimer::SyncTimer(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    // Retries of 60 s need no millisecond precision; coarse timers save wake-ups on laptops.
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SyncTimer::timeout);
}

void SyncTimer::start(int ms)
{
    m_interval = ms;
    m_timer.start(ms);
}

void SyncTimer::stop()
{
    m_timer.stop();
}

bool SyncTimer::isActive() const
{
    return m_timer.isActive();
}

} // namespace Outpost
