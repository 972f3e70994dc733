#include "pullpageparser.h"

#include "protocolcodec.h"
#include "uuidv7.h"

#include <QString>
#include <QVariant>

#include <limits>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using namespace Protocol;

// A member's path, made into text only for a message ("changes[3].fields.amount_minor").
struct Path
{
    QString member; ///< a member of the body, or of change index
    qsizetype index = -1; ///< the change, -1 for the body's own members
    QString group; ///< "fields" or "versions" for one of their members
    QString name; ///< that member

    static Path body(const QString &member) { return {member, -1, {}, {}}; }
    static Path change(qsizetype index, const QString &member = {})
    {
        return {member, index, {}, {}};
    }
    static Path entry(qsizetype index, const QString &group, const QString &name)
    {
        return {{}, index, group, name};
    }

    QString text() const
    {
        if (index < 0)
            return member;
        QString path = u"changes[%1]"_s.arg(index);
        if (!group.isEmpty())
            return path + u'.' + group + u'.' + name;
        return member.isEmpty() ? path : path + u'.' + member;
    }
};

bool isName(std::string_view text)
{
    if (text.empty() || text.size() > size_t(ProtocolCodec::maxNameChars))
        return false;
    for (const char c : text) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

// One pass over the bytes. Every method that returns bool returns false after recording the
// first problem; the caller then stops.
class Parser
{
public:
    explicit Parser(QByteArrayView json)
        : m_begin(json.data())
        , m_p(json.data())
        , m_end(json.data() + json.size())
    { }

    Result<PullResponse> run();

private:
    enum class Kind { String, Number, Object, Array, True, False, Null };

    bool fail(const QString &message)
    {
        if (!m_error)
            m_error = Error {ErrorCode::InvalidArgument, message};
        return false;
    }
    bool syntaxError(const QString &reason)
    {
        return fail(ProtocolCodec::tr("The body is not valid JSON: %1 at offset %2.")
                        .arg(reason)
                        .arg(qint64(m_p - m_begin)));
    }
    bool typeError(const Path &path, const QString &expected)
    {
        return fail(expected.arg(path.text()));
    }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    // The kind of the next value (nothing consumed), or a syntax error.
    std::optional<Kind> next();
    // c at the current position (no space skipped): consumed, true; otherwise false, no error.
    bool accept(char c)
    {
        if (m_p >= m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }
    // The syntax error for what stands at the current position (or the end of the body).
    bool unexpected()
    {
        return syntaxError(m_p < m_end ? PullPageParser::tr("unexpected character")
                                       : PullPageParser::tr("unexpected end of the body"));
    }
    bool consume(char c);
    // After '{' or ',': true and the key if a member follows, false at '}' (consumed).
    bool nextMember(bool first, std::string_view &key, bool &done);
    // After '[': like nextMember for elements.
    bool nextElement(bool first, bool &done);

    // Primitive readers; the value must be of the expected kind (checked by the caller).
    bool string(std::string_view &out);
    bool number(qint64 &out, bool &integral);
    bool literal(Kind kind);
    bool skipValue(int depth);

    // Typed members, by path for messages.
    bool integerMember(const Path &path, qint64 minimum, qint64 &out);
    bool booleanMember(const Path &path, bool &out);
    bool uuidMember(const Path &path, bool allowEmpty, QString &out);
    bool expectObject(const Path &path);

    bool change(qsizetype index, RowState &row);
    // The members of a change's "fields" or "versions" object: each name is checked and
    // shared, then readValue(name) reads the value.
    template<typename ReadValue>
    bool namedEntries(qsizetype index, const QString &group, int maxCount, int &count,
                      ReadValue readValue);
    bool fields(qsizetype index, RowState &row, int &count);
    bool versions(qsizetype index, RowState &row, int &count);
    // A shared QString for a name met before (field names repeat on every row).
    const QString &interned(std::string_view name);

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    std::optional<Error> m_error;
    std::string m_scratch; ///< a string with escapes, decoded
    std::list<std::string> m_nameStorage; ///< keys of m_names point into these
    std::unordered_map<std::string_view, QString> m_names;
};

std::optional<Parser::Kind> Parser::next()
{
    skipSpace();
    if (m_p >= m_end) {
        unexpected();
        return std::nullopt;
    }
    switch (*m_p) {
    case '"':
        return Kind::String;
    case '{':
        return Kind::Object;
    case '[':
        return Kind::Array;
    case 't':
        return Kind::True;
    case 'f':
        return Kind::False;
    case 'n':
        return Kind::Null;
    default:
        if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
            return Kind::Number;
        unexpected();
        return std::nullopt;
    }
}

bool Parser::consume(char c)
{
    skipSpace();
    return accept(c) || unexpected();
}

bool Parser::nextMember(bool first, std::string_view &key, bool &done)
{
    skipSpace();
    done = accept('}');
    if (done)
        return true;
    // The caller consumed the previous value: a comma, or the end of the object.
    if (!first && !accept(','))
        return unexpected();
    const std::optional<Kind> kind = next();
    if (!kind)
        return false;
    if (*kind != Kind::String)
        return syntaxError(PullPageParser::tr("a member name must be a string"));
    return string(key) && consume(':');
}

bool Parser::nextElement(bool first, bool &done)
{
    skipSpace();
    done = accept(']');
    // After the previous element: a comma, or the end of the array.
    return done || first || accept(',') || unexpected();
}

bool Parser::string(std::string_view &out)
{
    ++m_p; // the opening quote
    const char *start = m_p;
    // Most strings have no escape: the view points into the body.
    while (m_p < m_end && *m_p != '"' && *m_p != '\\') {
        if (static_cast<unsigned char>(*m_p) < 0x20)
            return syntaxError(PullPageParser::tr("a control character in a string"));
        ++m_p;
    }
    if (m_p >= m_end)
        return syntaxError(PullPageParser::tr("unterminated string"));
    if (*m_p == '"') {
        out = std::string_view(start, size_t(m_p - start));
        ++m_p;
        return true;
    }

    m_scratch.assign(start, size_t(m_p - start));
    const auto hex4 = [this](char32_t &unit) {
        if (m_end - m_p < 4)
            return false;
        unit = 0;
        for (int i = 0; i < 4; ++i, ++m_p) {
            const char c = *m_p;
            unit <<= 4;
            if (c >= '0' && c <= '9')
                unit |= char32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                unit |= char32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                unit |= char32_t(c - 'A' + 10);
            else
                return false;
        }
        return true;
    };
    while (m_p < m_end && *m_p != '"') {
        const char c = *m_p;
        if (static_cast<unsigned char>(c) < 0x20)
            return syntaxError(PullPageParser::tr("a control character in a string"));
        if (c != '\\') {
            m_scratch.push_back(c);
            ++m_p;
            continue;
        }
        if (++m_p >= m_end)
            break;
        const char escape = *m_p++;
        // The one-character escapes and what they stand for.
        static constexpr std::string_view escapes = "\"\\/bfnrt";
        static constexpr std::string_view meanings = "\"\\/\b\f\n\r\t";
        if (const size_t which = escapes.find(escape); which != std::string_view::npos) {
            m_scratch.push_back(meanings[which]);
            continue;
        }
        if (escape != 'u')
            return syntaxError(PullPageParser::tr("an invalid escape sequence"));
        char32_t unit = 0;
        if (!hex4(unit))
            return syntaxError(PullPageParser::tr("an invalid escape sequence"));
        char32_t codePoint = unit;
        if (unit >= 0xd800 && unit <= 0xdbff) {
            // A pair of UTF-16 surrogates stands for one code point.
            char32_t low = 0;
            if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                return syntaxError(PullPageParser::tr("an invalid escape sequence"));
            m_p += 2;
            if (!hex4(low) || low < 0xdc00 || low > 0xdfff)
                return syntaxError(PullPageParser::tr("an invalid escape sequence"));
            codePoint = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
            return syntaxError(PullPageParser::tr("an invalid escape sequence"));
        }
        // As UTF-8.
        if (codePoint < 0x80) {
            m_scratch.push_back(char(codePoint));
        } else if (codePoint < 0x800) {
            m_scratch.push_back(char(0xc0 | (codePoint >> 6)));
            m_scratch.push_back(char(0x80 | (codePoint & 0x3f)));
        } else if (codePoint < 0x10000) {
            m_scratch.push_back(char(0xe0 | (codePoint >> 12)));
            m_scratch.push_back(char(0x80 | ((codePoint >> 6) & 0x3f)));
            m_scratch.push_back(char(0x80 | (codePoint & 0x3f)));
        } else {
            m_scratch.push_back(char(0xf0 | (codePoint >> 18)));
            m_scratch.push_back(char(0x80 | ((codePoint >> 12) & 0x3f)));
            m_scratch.push_back(char(0x80 | ((codePoint >> 6) & 0x3f)));
            m_scratch.push_back(char(0x80 | (codePoint & 0x3f)));
        }
    }
    if (m_p >= m_end)
        return syntaxError(PullPageParser::tr("unterminated string"));
    ++m_p;
    out = m_scratch;
    return true;
}

bool Parser::number(qint64 &out, bool &integral)
{
    // JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    const bool negative = *m_p == '-';
    if (negative)
        ++m_p;
    if (m_p >= m_end || *m_p < '0' || *m_p > '9')
        return syntaxError(PullPageParser::tr("an invalid number"));
    // Accumulated as a negative number, which also holds the smallest qint64.
    qint64 value = 0;
    bool overflow = false;
    if (*m_p == '0') {
        ++m_p;
    } else {
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9') {
            const int digit = *m_p++ - '0';
            if (value < (std::numeric_limits<qint64>::min() + digit) / 10)
                overflow = true;
            else
                value = value * 10 - digit;
        }
    }
    integral = !overflow;
    // At least one digit, then any more.
    const auto digits = [this] {
        if (m_p >= m_end || *m_p < '0' || *m_p > '9')
            return syntaxError(PullPageParser::tr("an invalid number"));
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        return true;
    };
    if (accept('.')) {
        if (!digits())
            return false;
        integral = false;
    }
    if (accept('e') || accept('E')) {
        if (!accept('+'))
            accept('-');
        if (!digits())
            return false;
        integral = false;
    }
    if (integral) {
        if (!negative && value == std::numeric_limits<qint64>::min())
            integral = false; // 2^63 does not fit
        else
            out = negative ? value : -value;
    }
    return true;
}

bool Parser::literal(Kind kind)
{
    const std::string_view expected = kind == Kind::True ? "true"
        : kind == Kind::False                            ? "false"
                                                         : "null";
    if (size_t(m_end - m_p) < expected.size() || std::string_view(m_p, expected.size()) != expected)
        return syntaxError(PullPageParser::tr("unexpected character"));
    m_p += expected.size();
    return true;
}

bool Parser::skipValue(int depth)
{
    const std::optional<Kind> kind = next();
    if (!kind)
        return false;
    switch (*kind) {
    case Kind::String: {
        std::string_view ignored;
        return string(ignored);
    }
    case Kind::Number: {
        qint64 ignored = 0;
        bool integral = false;
        return number(ignored, integral);
    }
    case Kind::True:
    case Kind::False:
    case Kind::Null:
        return literal(*kind);
    case Kind::Object: {
        if (depth >= PullPageParser::maxSkippedDepth)
            return syntaxError(PullPageParser::tr("values nested too deeply"));
        ++m_p;
        std::string_view key;
        for (bool first = true, done = false;; first = false) {
            if (!nextMember(first, key, done))
                return false;
            if (done)
                return true;
            if (!skipValue(depth + 1))
                return false;
        }
    }
    case Kind::Array: {
        if (depth >= PullPageParser::maxSkippedDepth)
            return syntaxError(PullPageParser::tr("values nested too deeply"));
        ++m_p;
        for (bool first = true, done = false;; first = false) {
            if (!nextElement(first, done))
                return false;
            if (done)
                return true;
            if (!skipValue(depth + 1))
                return false;
        }
    }
    }
    return false;
}

bool Parser::integerMember(const Path &path, qint64 minimum, qint64 &out)
{
    const std::optional<Kind> kind = next();
    if (!kind)
        return false;
    if (*kind != Kind::Number) {
        return skipValue(0)
            && typeError(path, ProtocolCodec::tr("The member \"%1\" must be an integer."));
    }
    bool integral = false;
    if (!number(out, integral))
        return false;
    if (!integral)
        return typeError(path, ProtocolCodec::tr("The member \"%1\" must be an integer."));
    if (out < minimum) {
        return fail(ProtocolCodec::tr("The member \"%1\" must be at least %2.")
                        .arg(path.text())
                        .arg(minimum));
    }
    return true;
}

bool Parser::booleanMember(const Path &path, bool &out)
{
    const std::optional<Kind> kind = next();
    if (!kind)
        return false;
    if (*kind != Kind::True && *kind != Kind::False) {
        return skipValue(0)
            && typeError(path, ProtocolCodec::tr("The member \"%1\" must be true or false."));
    }
    out = *kind == Kind::True;
    return literal(*kind);
}

bool Parser::uuidMember(const Path &path, bool allowEmpty, QString &out)
{
    const std::optional<Kind> kind = next();
    if (!kind)
        return false;
    if (*kind != Kind::String) {
        return skipValue(0)
            && typeError(path, ProtocolCodec::tr("The member \"%1\" must be a string."));
    }
    std::string_view text;
    if (!string(text))
        return false;
    if (text.size() > 36) {
        return fail(ProtocolCodec::tr("The member \"%1\" is longer than %2 characters.")
                        .arg(path.text())
                        .arg(36));
    }
    out = QString::fromUtf8(text.data(), qsizetype(text.size()));
    if (out.isEmpty() && allowEmpty)
        return true;
    if (!UuidV7::isValid(out))
        return fail(
            ProtocolCodec::tr("The member \"%1\" must be a lowercase UUIDv7.").arg(path.text()));
    return true;
}

bool Parser::expectObject(const Path &path)
{
    const std::optional<Kind> kind = next();
    if (!kind)
        return false;
    if (*kind != Kind::Object) {
        return skipValue(0)
            && typeError(path, ProtocolCodec::tr("The member \"%1\" must be an object."));
    }
    ++m_p;
    return true;
}

const QString &Parser::interned(std::string_view name)
{
    const auto found = m_names.find(name);
    if (found != m_names.end())
        return found->second;
    const std::string &stored = m_nameStorage.emplace_back(name);
    return m_names
        .emplace(std::string_view(stored),
                 QString::fromLatin1(stored.data(), qsizetype(stored.size())))
        .first->second;
}

template<typename ReadValue>
bool Parser::namedEntries(qsizetype index, const QString &group, int maxCount, int &count,
                          ReadValue readValue)
{
    if (!expectObject(Path::change(index, group)))
        return false;
    std::string_view key;
    for (bool first = true, done = false;; first = false) {
        if (!nextMember(first, key, done))
            return false;
        if (done)
            return true;
        if (++count > maxCount) {
            return fail(ProtocolCodec::tr("The member \"%1\" has more than %2 entries.")
                            .arg(Path::change(index, u"fields"_s).text())
                            .arg(ProtocolCodec::maxFieldsPerOp));
        }
        if (!isName(key)) {
            const QString name = QString::fromUtf8(key.data(), qsizetype(key.size()));
            return fail(ProtocolCodec::tr("The name \"%1\" must have 1 to %2 characters.")
                            .arg(Path::entry(index, group, name).text())
                            .arg(ProtocolCodec::maxNameChars));
        }
        if (!readValue(interned(key)))
            return false;
    }
}

bool Parser::fields(qsizetype index, RowState &row, int &count)
{
    return namedEntries(
        index, u"fields"_s, ProtocolCodec::maxFieldsPerOp, count, [&](const QString &name) {
            const std::optional<Kind> kind = next();
            if (!kind)
                return false;
            switch (*kind) {
            case Kind::Null:
                if (!literal(*kind))
                    return false;
                row.fields.insert(name, QVariant());
                return true;
            case Kind::String: {
                std::string_view text;
                if (!string(text))
                    return false;
                QString value = QString::fromUtf8(text.data(), qsizetype(text.size()));
                if (value.size() > ProtocolCodec::maxStringValueChars) {
                    return fail(ProtocolCodec::tr("The member \"%1\" is longer than %2 characters.")
                                    .arg(Path::entry(index, u"fields"_s, name).text())
                                    .arg(ProtocolCodec::maxStringValueChars));
                }
                row.fields.insert(name, QVariant(std::move(value)));
                return true;
            }
            case Kind::Number: {
                qint64 value = 0;
                bool integral = false;
                if (!number(value, integral))
                    return false;
                if (!integral) {
                    return fail(ProtocolCodec::tr("The member \"%1\" must be an integer.")
                                    .arg(Path::entry(index, u"fields"_s, name).text()));
                }
                row.fields.insert(name, QVariant(value));
                return true;
            }
            default:
                return skipValue(0)
                    && fail(ProtocolCodec::tr("The member \"%1\" must be null, an integer or a "
                                              "string.")
                                .arg(Path::entry(index, u"fields"_s, name).text()));
            }
        });
}

bool Parser::versions(qsizetype index, RowState &row, int &count)
{
    // One more than the fields: "deleted" has a version too.
    return namedEntries(index, u"versions"_s, ProtocolCodec::maxFieldsPerOp + 1, count,
                        [&](const QString &name) {
                            qint64 version = 0;
                            if (!integerMember(Path::entry(index, u"versions"_s, name), 0, version))
                                return false;
                            row.versions.insert(name, version);
                            return true;
                        });
}

bool Parser::change(qsizetype index, RowState &row)
{
    const std::optional<Kind> kind = next();
    if (!kind)
        return false;
    if (*kind != Kind::Object) {
        return skipValue(0)
            && typeError(Path::change(index),
                         ProtocolCodec::tr("The member \"%1\" must be an object."));
    }
    ++m_p;
    bool hasSeq = false;
    bool hasTable = false;
    bool hasRowId = false;
    bool hasDeleted = false;
    bool hasFields = false;
    bool hasVersions = false;
    int fieldCount = 0;
    int versionCount = 0;
    std::string_view key;
    for (bool first = true, done = false;; first = false) {
        if (!nextMember(first, key, done))
            return false;
        if (done)
            break;
        if (key == "seq") {
            hasSeq = true;
            if (!integerMember(Path::change(index, u"seq"_s), 0, row.seq))
                return false;
        } else if (key == "table") {
            hasTable = true;
            const std::optional<Kind> valueKind = next();
            if (!valueKind)
                return false;
            if (*valueKind != Kind::String) {
                return skipValue(0)
                    && typeError(Path::change(index, u"table"_s),
                                 ProtocolCodec::tr("The member \"%1\" must be a string."));
            }
            std::string_view table;
            if (!string(table))
                return false;
            if (table.empty()) {
                return fail(ProtocolCodec::tr("The member \"%1\" must not be empty.")
                                .arg(Path::change(index, u"table"_s).text()));
            }
            if (!isName(table)) {
                return fail(ProtocolCodec::tr("The name \"%1\" may only contain a-z, 0-9 and _.")
                                .arg(Path::change(index, u"table"_s).text()));
            }
            row.table = interned(table);
        } else if (key == "row_id") {
            hasRowId = true;
            if (!uuidMember(Path::change(index, u"row_id"_s), false, row.rowId))
                return false;
        } else if (key == "deleted") {
            hasDeleted = true;
            if (!booleanMember(Path::change(index, u"deleted"_s), row.deleted))
                return false;
        } else if (key == "purge") {
            if (!booleanMember(Path::change(index, u"purge"_s), row.purge))
                return false;
        } else if (key == "fields") {
            hasFields = true;
            row.fields.clear();
            fieldCount = 0;
            if (!fields(index, row, fieldCount))
                return false;
        } else if (key == "versions") {
            hasVersions = true;
            row.versions.clear();
            versionCount = 0;
            if (!versions(index, row, versionCount))
                return false;
        } else if (!skipValue(0)) {
            return false;
        }
    }

    const auto missing = [&](const QString &member) {
        return fail(ProtocolCodec::tr("The member \"%1\" is missing.")
                        .arg(Path::change(index, member).text()));
    };
    if (!hasSeq)
        return missing(u"seq"_s);
    if (!hasTable)
        return missing(u"table"_s);
    if (!hasRowId)
        return missing(u"row_id"_s);
    if (!hasDeleted)
        return missing(u"deleted"_s);
    // A purged row carries no data; its fields and versions may be left out.
    if (row.purge && !hasFields && !hasVersions)
        return true;
    if (!hasFields)
        return missing(u"fields"_s);
    if (!hasVersions)
        return missing(u"versions"_s);
    if (versionCount > fieldCount + 1) {
        return fail(ProtocolCodec::tr("The member \"%1\" has more than %2 entries.")
                        .arg(Path::change(index, u"fields"_s).text())
                        .arg(ProtocolCodec::maxFieldsPerOp));
    }
    return true;
}

Result<PullResponse> Parser::run()
{
    PullResponse response;
    const std::optional<Kind> rootKind = next();
    if (!rootKind)
        return *m_error;
    if (*rootKind != Kind::Object) {
        // Still a syntax error if it is not JSON at all.
        if (!skipValue(0))
            return *m_error;
        return Error {ErrorCode::InvalidArgument,
                      ProtocolCodec::tr("The body must be a JSON object.")};
    }
    ++m_p;
    bool hasEpoch = false;
    bool hasCursor = false;
    bool hasMore = false;
    bool hasReset = false;
    bool hasChanges = false;
    std::string_view key;
    for (bool first = true, done = false;; first = false) {
        if (!nextMember(first, key, done))
            return *m_error;
        if (done)
            break;
        bool ok = true;
        if (key == "epoch") {
            hasEpoch = true;
            ok = uuidMember(Path::body(u"epoch"_s), true, response.epoch);
        } else if (key == "cursor") {
            hasCursor = true;
            ok = integerMember(Path::body(u"cursor"_s), 0, response.cursor);
        } else if (key == "has_more") {
            hasMore = true;
            ok = booleanMember(Path::body(u"has_more"_s), response.hasMore);
        } else if (key == "reset_required") {
            hasReset = true;
            ok = booleanMember(Path::body(u"reset_required"_s), response.resetRequired);
        } else if (key == "changes") {
            hasChanges = true;
            response.changes.clear();
            const std::optional<Kind> kind = next();
            if (!kind)
                return *m_error;
            if (*kind != Kind::Array) {
                if (skipValue(0))
                    typeError(Path::body(u"changes"_s),
                              ProtocolCodec::tr("The member \"%1\" must be an array."));
                return *m_error;
            }
            ++m_p;
            for (bool firstChange = true, end = false;; firstChange = false) {
                if (!nextElement(firstChange, end))
                    return *m_error;
                if (end)
                    break;
                if (response.changes.size() >= ProtocolCodec::maxPullLimit) {
                    return Error {ErrorCode::InvalidArgument,
                                  ProtocolCodec::tr("The member \"%1\" has more than %2 entries.")
                                      .arg(u"changes"_s)
                                      .arg(ProtocolCodec::maxPullLimit)};
                }
                RowState row;
                if (!change(response.changes.size(), row))
                    return *m_error;
                response.changes.append(std::move(row));
            }
        } else {
            ok = skipValue(0);
        }
        if (!ok)
            return *m_error;
    }
    skipSpace();
    if (m_p != m_end) {
        syntaxError(PullPageParser::tr("text after the end of the body"));
        return *m_error;
    }
    // Presence, in the order the members are documented.
    const std::pair<bool, QString> required[] = {{hasEpoch, u"epoch"_s},
                                                 {hasCursor, u"cursor"_s},
                                                 {hasMore, u"has_more"_s},
                                                 {hasReset, u"reset_required"_s},
                                                 {hasChanges, u"changes"_s}};
    for (const auto &[present, member] : required) {
        if (!present) {
            return Error {ErrorCode::InvalidArgument,
                          ProtocolCodec::tr("The member \"%1\" is missing.").arg(member)};
        }
    }
    return response;
}

} // namespace

Result<PullResponse> PullPageParser::parse(QByteArrayView json, qsizetype maxBytes)
{
    if (json.size() > maxBytes) {
        return Error {ErrorCode::InvalidArgument,
                      ProtocolCodec::tr("The body is larger than %1 bytes.").arg(maxBytes)};
    }
    // Every string is then valid UTF-8 too (escapes are checked as they are decoded).
    if (!json.isValidUtf8()) {
        return Error {ErrorCode::InvalidArgument,
                      ProtocolCodec::tr("The body is not valid JSON: %1 at offset %2.")
                          .arg(tr("invalid UTF-8"))
                          .arg(0)};
    }
    return Parser(json).run();
}

} // namespace Outpost
