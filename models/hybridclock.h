#pragma once

#include <QtGlobal>

namespace Outpost {

/// Hybrid logical clock values packed into 64 bits: the upper 48 bits are Unix milliseconds,
/// the lower 16 bits a logical counter. Packed values compare like the clocks they encode.
/// Wall clocks of laptops never decide between two clocks on their own; the server orders.
class HybridClock
{
public:
    static constexpr int counterBits = 16;

    static constexpr qint64 fromWallMs(qint64 unixMs) { return unixMs << counterBits; }
    static constexpr qint64 wallMs(qint64 hlc) { return hlc >> counterBits; }
    static constexpr int counter(qint64 hlc) { return int(hlc & 0xffff); }

    /// The clock for a local event: strictly after last, and not before the wall clock.
    static constexpr qint64 tick(qint64 last, qint64 wallNowMs)
    {
        const qint64 wall = fromWallMs(wallNowMs);
        return wall > last ? wall : last + 1;
    }

    /// The clock after receiving remote: strictly after both last and remote.
    static constexpr qint64 receive(qint64 last, qint64 remote, qint64 wallNowMs)
    {
        const qint64 highest = last > remote ? last : remote;
        return tick(highest, wallNowMs);
    }
};

} // namespace Outpost
