#include "uuidv7.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <array>
#include <mutex>

namespace Outpost::UuidV7 {

namespace {

std::mutex s_mutex;
qint64 s_lastMs = -1;
quint16 s_lastSeq = 0; // 12-bit counter in rand_a keeps ids monotonic within one millisecond

QString format(const std::array<quint8, 16> &bytes)
{
    static constexpr char hex[] = "0123456789abcdef";
    QString text;
    text.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text.append(QLatin1Char('-'));
        text.append(QLatin1Char(hex[bytes[i] >> 4]));
        text.append(QLatin1Char(hex[bytes[i] & 0x0f]));
    }
    return text;
}

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
    std::array<quint8, 16> bytes {};
    for (int i = 0; i < 6; ++i)
        bytes[i] = quint8(quint64(unixMs) >> (8 * (5 - i)));
    bytes[6] = quint8(0x70 | ((seq >> 8) & 0x0f));
    bytes[7] = quint8(seq & 0xff);
    quint64 random = QRandomGenerator::global()->generate64();
    for (int i = 8; i < 16; ++i)
        bytes[i] = quint8(random >> (8 * (i - 8)));
    bytes[8] = quint8(0x80 | (bytes[8] & 0x3f));
    return format(bytes);
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
