#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringConverter>
#include <QVariant>

#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace Outpost {

/// A prepared statement run through SQLite's C API on a LocalStore's connection, for the hot
/// write paths (ChangeWriter, BulkLoader, SearchIndex). QtSql formats and hashes a placeholder
/// name for every bound value and rebuilds the column record at every exec(); here a value is
/// bound by position and text goes to SQLite as UTF-8 from a buffer kept per parameter.
///
/// Values are bound in order after reset(), like QSqlQuery::addBindValue(). Text is copied into
/// the statement, so the caller's strings may go away before next()/exec(). A statement that
/// failed to prepare fails at exec() and next() with SQLite's message.
///
/// Obtain statements from LocalStore::statement() (models/ only): the store caches them,
/// finalizes them before it closes the connection and rewinds any still reading before it
/// commits. Lives on the thread of its LocalStore.
class SqlStatement
{
public:
    SqlStatement(sqlite3 *db, const QString &sql);
    ~SqlStatement();
    SqlStatement(const SqlStatement &) = delete;
    SqlStatement &operator=(const SqlStatement &) = delete;

    bool isValid() const { return m_statement != nullptr; }
    const QString &sql() const { return m_sql; }

    /// Rewinds the statement and clears its bindings; the next bind is parameter 1.
    void reset();

    /// Binds the next parameter.
    SqlStatement &bind(qint64 value);
    SqlStatement &bind(int value) { return bind(qint64(value)); }
    SqlStatement &bind(QStringView text);
    SqlStatement &bind(const QString &text) { return bind(QStringView(text)); }
    /// Binds text that is already UTF-8 (copied: text need not outlive the call).
    SqlStatement &bindUtf8(QByteArrayView text);
    SqlStatement &bindNull();
    /// As LocalStore::bindable() means it: an invalid QVariant is NULL, a null QString is the
    /// empty text; integers and booleans bind as integers.
    SqlStatement &bind(const QVariant &value);

    /// Runs the statement to its end and rewinds it (for statements without result rows).
    bool exec();
    /// Steps to the next result row: false at the end (the statement is then done) or on error.
    bool next();
    /// Whether the last exec() or next() failed; errorText() says why.
    bool failed() const { return m_failed; }
    QString errorText() const { return m_errorText; }

    bool isNull(int column) const;
    qint64 int64(int column) const;
    QString text(int column) const;
    /// The column's text as SQLite stores it (UTF-8), without a detour through QString.
    QByteArray utf8(int column) const;
    /// The same without a copy: valid until the statement steps, resets or binds again.
    QByteArrayView utf8View(int column) const;
    /// The column as QtSql would give it: qint64, double, QString, QByteArray or invalid (NULL).
    QVariant value(int column) const;

    /// Rows changed by the last exec() (sqlite3_changes).
    int changes() const;
    /// Whether the statement is part way through its result rows.
    bool isActive() const;

private:
    bool fail();

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    QString m_sql;
    QString m_errorText;
    bool m_failed = false;
    int m_nextParameter = 1;
    // UTF-8 copies of bound text, one buffer per parameter, reused from call to call.
    std::vector<QByteArray> m_text;
    QStringEncoder m_utf8 {QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
};

} // namespace Outpost
