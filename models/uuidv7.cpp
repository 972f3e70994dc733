#include "uuidv7.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <mutex>

namespace Outpost::UuidV7 {

namespace {

std::mutex s_mutex;
qint64 s_lastMs = -1;
quint16 s_lastSeq = 0; // 12-bit counter in rand_a keeps ids monotonic within one millisecond

} // namespace

QString generateAt(qint64 unixMs)
{
    quint16 seq;
    {
        std::lock_guard lock(s_mutex);
        if (unixMs <= s_lastMs && s_lastMs - unixMs < 1000 && s_lastSeq < 0x0fff) {
            // Same (or slightly earlier) millisecond: keep the last timestamp, bump the counter.
            unixMs = s_lastMs;
            seq = ++s_lastSeq;
        } else {
            if (unixMs <= s_lastMs && s_lastMs - unixMs < 1000)
                unixMs = s_lastMs + 1; // counter exhausted: borrow the next millisecond
            seq = quint16(QRandomGenerator::global()->bounded(0x0800)); // leave room to count
            s_lastMs = unixMs;
            s_lastSeq = seq;
        }
    }
    return fromParts(unixMs, seq, QRandomGenerator::global()->generate64());
}

QString fromParts(qint64 unixMs, quint16 randA12, quint64 randB62)
{
    static constexpr char hex[] = "0123456789abcdef";
    // 128 bits: unix_ts_ms (48) | ver 0111 (4) | rand_a (12) | var 10 (2) | rand_b (62)
    const quint64 high
        = (quint64(unixMs) & 0xffff'ffff'ffffULL) << 16 | 0x7000U | (randA12 & 0x0fffU);
    const quint64 low = 0x8000'0000'0000'0000ULL | (randB62 & 0x3fff'ffff'ffff'ffffULL);
    QString text(36, Qt::Uninitialized);
    QChar *out = text.data();
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *out++ = QLatin1Char('-');
        const quint8 byte = quint8(i < 8 ? high >> (8 * (7 - i)) : low >> (8 * (15 - i)));
        *out++ = QLatin1Char(hex[byte >> 4]);
        *out++ = QLatin1Char(hex[byte & 0x0f]);
    }
    return text;
}

QString generate()
{
    return generateAt(QDateTime::currentMSecsSinceEpoch());
}

bool isValid(QStringView text)
{
    if (text.size() != 36)
        return false;
    for (int i = 0; i < 36; ++i) {
        const QChar c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != QLatin1Char('-'))
                return false;
        } else if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9'))
                     || (c >= QLatin1Char('a') && c <= QLatin1Char('f')))) {
            return false;
        }
    }
    const QChar variant = text[19];
    return text[14] == QLatin1Char('7')
        && (variant == QLatin1Char('8') || variant == QLatin1Char('9')
            || variant == QLatin1Char('a') || variant == QLatin1Char('b'));
}

} // namespace Outpost::UuidV7
