#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Outpost {

/// Password hashing with argon2id (libsodium crypto_pwhash_str, interactive limits: about
/// 64 MiB and a few tens of milliseconds per hash). At most maxConcurrent hashes run at once,
/// process-wide, so a burst of logins queues instead of exhausting memory.
///
/// Thread-safe; initialize() (idempotent, calls sodium_init once) before first use.
class PasswordHasher
{
public:
    static constexpr int maxConcurrent = 2;
    static constexpr qsizetype minPasswordChars = 8;

    /// False if libsodium cannot be initialized (then nothing here works).
    static bool initialize();

    /// The encoded hash ($argon2id$…, includes salt and parameters), or empty on failure
    /// (out of memory).
    static QString hash(const QString &password);
    static bool verify(const QString &encodedHash, const QString &password);

    /// A valid hash of a random password: verifying against it costs what a real check costs,
    /// so unknown logins cannot be told apart by timing.
    static const QString &decoyHash();
};

} // namespace Outpost
