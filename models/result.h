#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>
#include <utility>

namespace Outpost {

/// Typed error codes. Each error also carries a translated, user-facing message.
enum class ErrorCode {
    None,
    Io, ///< The store file could not be opened, read or written.
    Sql, ///< SQLite reported an error.
    NewerSchema, ///< The store was written by a newer Outpost; refused untouched.
    Corrupt, ///< The store failed an integrity check.
    NotFound, ///< The record does not exist (or was deleted).
    InvalidArgument, ///< Input failed validation.
    Conflict, ///< A concurrent change prevented the operation.
};

/// An error as a value: a code plus a message already translated for the user.
struct Error
{
    ErrorCode code = ErrorCode::None;
    QString message;
};

/// A small expected-like type: either a value or an Error. No exceptions cross the event loop.
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(Error error)
        : m_error(std::move(error))
    { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_ok(false)
    { }

    bool ok() const { return m_ok; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

} // namespace Outpost
