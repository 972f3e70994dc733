#pragma once

#include <QString>

namespace Outpost::UuidV7 {

/// A new RFC 9562 version-7 UUID in lowercase canonical form: 48 bits of Unix milliseconds,
/// then random bits, so identifiers sort by creation time. Thread-safe. Within one process
/// identifiers are strictly increasing, even within one millisecond.
QString generate();

/// The same for a given millisecond timestamp (used by the demo generator, which needs
/// creation times in the past). Still strictly increasing within a process.
QString generateAt(qint64 unixMs);

/// A version-7 UUID formatted from given bits: the low 48 bits of unixMs, 12 bits of rand_a and
/// 62 bits of rand_b (higher bits are ignored). Pure: the same parts give the same identifier,
/// which lets the demo generator produce reproducible data from its own seeded generator.
QString fromParts(qint64 unixMs, quint16 randA12, quint64 randB62);

/// True if text is a canonical lowercase UUID of version 7.
bool isValid(QStringView text);

} // namespace Outpost::UuidV7
