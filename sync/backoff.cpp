#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace Outpost {

namespace {
constexpr qint64 maximumRetryAfterMs = 3600 * 1000;
} // namespace

Backoff::Backoff(int minimumMs, int maximumMs, double jitter, std::function<double()> random)
    : m_minimumMs(std::max(1, minimumMs))
    , m_maximumMs(std::max(m_minimumMs, maximumMs))
    , m_jitter(std::clamp(jitter, 0.0, 1.0))
    , m_random(std::move(random))
{
    if (!m_random)
        m_random = [] {
            return QRandomGenerator::global()->generateDouble();
        };
}

int Backoff::baseDelay(int attempt) const
{
    qint64 delay = m_minimumMs;
    for (int i = 0; i < attempt && delay < m_maximumMs; ++i)
        delay *= 2;
    return int(std::min<qint64>(delay, m_maximumMs));
}

int Backoff::next(qint64 retryAfterMs)
{
    const double factor = 1.0 + m_jitter * (2.0 * std::clamp(m_random(), 0.0, 1.0) - 1.0);
    const int delay = int(std::llround(baseDelay(m_attempts) * factor));
    if (m_attempts < 64)
        ++m_attempts;
    return int(std::max<qint64>(delay, std::min(retryAfterMs, maximumRetryAfterMs)));
}

} // namespace Outpost
