#pragma once

#include <QtGlobal>

#include <functional>

namespace Outpost {

/// Exponential backoff with jitter for transient sync failures: 0.5 s doubling up to 60 s,
/// each delay varied by ±30 % so laptops that lost the server together do not return
/// together. The random source is injectable for tests. A plain value; any thread.
class Backoff
{
public:
    /// random returns a uniform value in [0, 1); by default QRandomGenerator::global().
    explicit Backoff(int minimumMs = 500, int maximumMs = 60'000, double jitter = 0.3,
                     std::function<double()> random = {});

    /// The delay before the next attempt, then doubles the base. A server's Retry-After
    /// (retryAfterMs >= 0) is honoured when longer, up to an hour.
    int next(qint64 retryAfterMs = -1);
    void reset() { m_attempts = 0; }
    int attempts() const { return m_attempts; }
    /// The delay of attempt n without jitter: min(minimum * 2^n, maximum).
    int baseDelay(int attempt) const;

private:
    int m_minimumMs;
    int m_maximumMs;
    double m_jitter;
    std::function<double()> m_random;
    int m_attempts = 0;
};

} // namespace Outpost
