#include "passwordhasher.h"

#include "logging.h"

#include <sodium.h>

#include <mutex>
#include <semaphore>

namespace Outpost {

namespace {

std::counting_semaphore<PasswordHasher::maxConcurrent> s_slots(PasswordHasher::maxConcurrent);

// Holds one of the hashing slots for its lifetime.
class Slot
{
public:
    Slot() { s_slots.acquire(); }
    ~Slot() { s_slots.release(); }
    Slot(const Slot &) = delete;
    Slot &operator=(const Slot &) = delete;
};

} // namespace

bool PasswordHasher::initialize()
{
    static const bool ready = [] {
        if (sodium_init() < 0) {
            qCCritical(lcServer) << "libsodium cannot be initialized";
            return false;
        }
        return true;
    }();
    return ready;
}

QString PasswordHasher::hash(const QString &password)
{
    if (!initialize())
        return {};
    const QByteArray utf8 = password.toUtf8();
    char encoded[crypto_pwhash_STRBYTES];
    const Slot slot;
    if (crypto_pwhash_str(encoded, utf8.constData(), quint64(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE)
        != 0) {
        qCWarning(lcServer) << "password hashing failed (out of memory?)";
        return {};
    }
    return QString::fromLatin1(encoded);
}

bool PasswordHasher::verify(const QString &encodedHash, const QString &password)
{
    if (!initialize())
        return false;
    const QByteArray encoded = encodedHash.toLatin1();
    if (encoded.isEmpty() || encoded.size() >= qsizetype(crypto_pwhash_STRBYTES))
        return false;
    const QByteArray utf8 = password.toUtf8();
    const Slot slot;
    return crypto_pwhash_str_verify(encoded.constData(), utf8.constData(), quint64(utf8.size()))
        == 0;
}

const QString &PasswordHasher::decoyHash()
{
    static const QString decoy = [] {
        unsigned char random[32];
        initialize();
        randombytes_buf(random, sizeof random);
        return hash(QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(random), sizeof random).toBase64()));
    }();
    return decoy;
}

} // namespace Outpost
