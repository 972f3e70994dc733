#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace Outpost {

/// An answer of the API that is not a success: the HTTP status, the protocol's error code
/// (docs/sync-protocol.md, "Errors"), an English message and, for 429, Retry-After seconds.
struct ApiError
{
    int status = 500;
    QString code;
    QString message;
    qint64 retryAfterSeconds = 0;
};

/// Either a value or an ApiError (the server's counterpart of Result<T>, which carries
/// protocol status codes instead of store error codes).
template<typename T> class [[nodiscard]] ApiResult
{
public:
    ApiResult(T value)
        : m_value(std::move(value))
    { }
    ApiResult(ApiError error)
        : m_error(std::move(error))
    { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    const T *operator->() const { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const ApiError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    ApiError m_error;
};

} // namespace Outpost
