#pragma once

#include "protocol.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>

namespace Outpost {

/// Converts the sync protocol's messages (docs/sync-protocol.md) to and from JSON.
///
/// Decoders treat their input as hostile: they check the JSON syntax, every member's presence
/// and type, bounded sizes (ids, strings, op and change counts), UUIDv7 ids and known op kinds,
/// and answer Error{InvalidArgument} with a translated message that names the member
/// (for instance "ops[3].fields.amount_minor.base"). 64-bit integers (HLCs, seqs, versions)
/// round-trip exactly; a number with a fraction or beyond 64 bits is refused, never rounded.
/// Field values are null, a 64-bit integer or a string; objects, arrays, booleans and
/// fractions are refused. A string value longer than maxStringValueChars is NOT refused here:
/// the server answers that op rejected invalid_value (the rest of the push goes on).
///
/// Stateless and reentrant: callable from any thread.
class ProtocolCodec
{
    Q_DECLARE_TR_FUNCTIONS(ProtocolCodec)

public:
    static constexpr qsizetype maxBodyBytes = 8 * 1024 * 1024;
    static constexpr qsizetype maxAuthBodyBytes = 4 * 1024; ///< login and refresh
    static constexpr int maxOpsPerPush = 1000;
    static constexpr int defaultPullLimit = 1000;
    static constexpr int maxPullLimit = 5000;
    static constexpr int maxStringValueChars = 20000;
    static constexpr int maxFieldsPerOp = 100;
    static constexpr int maxNameChars = 64; ///< table and field names
    static constexpr int maxLoginChars = 254;
    static constexpr int maxPasswordChars = 1024;
    static constexpr int maxTokenChars = 256;
    static constexpr int maxMessageChars = 4096;

    /// The error code of a request whose op list is too long (decodePushRequest sets it in
    /// *errorCode); every other decoding error is bad_request.
    static inline const char tooManyOpsCode[] = "too_many_ops";
    static inline const char badRequestCode[] = "bad_request";

    static QByteArray encode(const Protocol::PushRequest &request);
    /// errorCode, when given, receives "bad_request" or "too_many_ops" on failure.
    static Result<Protocol::PushRequest> decodePushRequest(QByteArrayView json,
                                                           QString *errorCode = nullptr);

    static QByteArray encode(const Protocol::PushResponse &response);
    static Result<Protocol::PushResponse> decodePushResponse(QByteArrayView json);

    static QByteArray encode(const Protocol::PullResponse &response);
    static Result<Protocol::PullResponse> decodePullResponse(QByteArrayView json);

    static QByteArray encode(const Protocol::LoginRequest &request);
    static Result<Protocol::LoginRequest> decodeLoginRequest(QByteArrayView json);

    static QByteArray encode(const Protocol::LoginResponse &response);
    static Result<Protocol::LoginResponse> decodeLoginResponse(QByteArrayView json);

    static QByteArray encode(const Protocol::RefreshRequest &request);
    static Result<Protocol::RefreshRequest> decodeRefreshRequest(QByteArrayView json);

    static QByteArray encode(const Protocol::PokeMessage &message);
    static Result<Protocol::PokeMessage> decodePokeMessage(QByteArrayView json);

    static QByteArray encode(const Protocol::ErrorBody &body);
    static Result<Protocol::ErrorBody> decodeErrorBody(QByteArrayView json);

    /// True if value is a field value the protocol can carry (null, integer or string).
    static bool isScalar(const QVariant &value);
};

} // namespace Outpost
