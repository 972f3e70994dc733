#include "sqlstatement.h"

#include "logging.h"

#include <sqlite3.h>

namespace Outpost {

SqlStatement::SqlStatement(sqlite3 *db, const QString &sql)
    : m_db(db)
    , m_sql(sql)
{
    const QByteArray utf8 = sql.toUtf8();
    // Persistent: these statements live as long as the connection and are reused many times.
    const int code = sqlite3_prepare_v3(db, utf8.constData(), int(utf8.size()),
                                        SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
    if (code != SQLITE_OK) {
        m_errorText = QString::fromUtf8(sqlite3_errmsg(db));
        qCWarning(lcStore) << "cannot prepare" << sql << m_errorText;
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
        return;
    }
    m_text.resize(size_t(sqlite3_bind_parameter_count(m_statement)));
}

SqlStatement::~SqlStatement()
{
    sqlite3_finalize(m_statement);
}

void SqlStatement::reset()
{
    m_nextParameter = 1;
    m_failed = false;
    if (!m_statement)
        return;
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

SqlStatement &SqlStatement::bind(qint64 value)
{
    if (m_statement)
        sqlite3_bind_int64(m_statement, m_nextParameter, value);
    ++m_nextParameter;
    return *this;
}

SqlStatement &SqlStatement::bind(QStringView text)
{
    const int parameter = m_nextParameter++;
    if (!m_statement || parameter > int(m_text.size()))
        return *this;
    QByteArray &buffer = m_text[size_t(parameter - 1)];
    const qsizetype needed = m_utf8.requiredSpace(text.size());
    // The buffer only grows, so binding the same parameter again allocates nothing.
    if (buffer.size() < needed)
        buffer.resize(needed);
    const char *end = m_utf8.appendToBuffer(buffer.data(), text);
    sqlite3_bind_text(m_statement, parameter, buffer.constData(), int(end - buffer.constData()),
                      SQLITE_STATIC);
    return *this;
}

SqlStatement &SqlStatement::bindUtf8(QByteArrayView text)
{
    const int parameter = m_nextParameter++;
    if (m_statement) {
        // A null pointer would bind NULL: empty text is still text.
        sqlite3_bind_text(m_statement, parameter, text.data() ? text.data() : "", int(text.size()),
                          SQLITE_TRANSIENT);
    }
    return *this;
}

SqlStatement &SqlStatement::bindNull()
{
    if (m_statement)
        sqlite3_bind_null(m_statement, m_nextParameter);
    ++m_nextParameter;
    return *this;
}

SqlStatement &SqlStatement::bind(const QVariant &value)
{
    if (!value.isValid())
        return bindNull();
    switch (value.typeId()) {
    case QMetaType::QString:
        return bind(QStringView(*static_cast<const QString *>(value.constData())));
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return bind(value.toLongLong());
    case QMetaType::Bool:
        return bind(qint64(value.toBool() ? 1 : 0));
    case QMetaType::Double:
    case QMetaType::Float:
        if (m_statement)
            sqlite3_bind_double(m_statement, m_nextParameter, value.toDouble());
        ++m_nextParameter;
        return *this;
    case QMetaType::QByteArray: {
        const auto *bytes = static_cast<const QByteArray *>(value.constData());
        if (m_statement) {
            sqlite3_bind_blob(m_statement, m_nextParameter, bytes->constData(), int(bytes->size()),
                              SQLITE_TRANSIENT);
        }
        ++m_nextParameter;
        return *this;
    }
    default:
        if (value.isNull())
            return bindNull();
        return bind(value.toString());
    }
}

bool SqlStatement::fail()
{
    m_failed = true;
    m_errorText = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_statement);
    return false;
}

bool SqlStatement::exec()
{
    if (!m_statement) {
        m_failed = true;
        return false;
    }
    int code = sqlite3_step(m_statement);
    while (code == SQLITE_ROW)
        code = sqlite3_step(m_statement);
    if (code != SQLITE_DONE)
        return fail();
    sqlite3_reset(m_statement);
    return true;
}

bool SqlStatement::next()
{
    if (!m_statement) {
        m_failed = true;
        return false;
    }
    const int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW)
        return true;
    if (code != SQLITE_DONE)
        return fail();
    return false;
}

bool SqlStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

qint64 SqlStatement::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqlStatement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_statement, column));
}

QByteArray SqlStatement::utf8(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QByteArray(data, sqlite3_column_bytes(m_statement, column));
}

QByteArrayView SqlStatement::utf8View(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QByteArrayView(data, sqlite3_column_bytes(m_statement, column));
}

QVariant SqlStatement::value(int column) const
{
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_statement, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_statement, column));
    case SQLITE_TEXT:
        return QVariant(text(column));
    case SQLITE_BLOB: {
        const void *data = sqlite3_column_blob(m_statement, column);
        return QVariant(
            QByteArray(static_cast<const char *>(data), sqlite3_column_bytes(m_statement, column)));
    }
    default:
        return QVariant();
    }
}

int SqlStatement::changes() const
{
    return sqlite3_changes(m_db);
}

bool SqlStatement::isActive() const
{
    return m_statement && sqlite3_stmt_busy(m_statement);
}

} // namespace Outpost
