#include "protocolcodec.h"

#include "pullpageparser.h"
#include "uuidv7.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

using namespace Protocol;

constexpr int maxConflictsPerOp = ProtocolCodec::maxFieldsPerOp + 1;

// ---- encoding --------------------------------------------------------------------------------

QJsonValue scalarToJson(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return QJsonValue(value.toLongLong());
    case QMetaType::Bool:
        return QJsonValue(qint64(value.toBool() ? 1 : 0));
    case QMetaType::Double:
    case QMetaType::Float: {
        // The protocol has no fractions; an integral double (from a driver) is an integer.
        const double number = value.toDouble();
        if (number == double(qint64(number)))
            return QJsonValue(qint64(number));
        return QJsonValue(number);
    }
    default:
        return QJsonValue(value.toString());
    }
}

QJsonValue nullableString(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject rowStateToJson(const RowState &row)
{
    QJsonObject fields;
    for (auto it = row.fields.cbegin(); it != row.fields.cend(); ++it)
        fields.insert(it.key(), scalarToJson(it.value()));
    QJsonObject versions;
    for (auto it = row.versions.cbegin(); it != row.versions.cend(); ++it)
        versions.insert(it.key(), QJsonValue(it.value()));
    QJsonObject object {{u"seq"_s, QJsonValue(row.seq)}, {u"table"_s, row.table},
                        {u"row_id"_s, row.rowId},        {u"deleted"_s, row.deleted},
                        {u"fields"_s, fields},           {u"versions"_s, versions}};
    if (row.purge)
        object.insert(u"purge"_s, true);
    return object;
}

QByteArray toBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// ---- decoding --------------------------------------------------------------------------------

// Walks a parsed document and remembers the first problem, named by its member path.
class Reader
{
public:
    bool failed() const { return m_error.has_value(); }
    Error error() const { return *m_error; }

    bool fail(const QString &message)
    {
        if (!m_error)
            m_error = Error {ErrorCode::InvalidArgument, message};
        return false;
    }

    static QString join(const QString &parent, const QString &key)
    {
        return parent.isEmpty() ? key : parent + u'.' + key;
    }
    static QString index(const QString &parent, qsizetype i)
    {
        return parent + u'[' + QString::number(i) + u']';
    }

    bool parse(QByteArrayView json, qsizetype maxBytes, QJsonObject &out)
    {
        if (json.size() > maxBytes) {
            return fail(ProtocolCodec::tr("The body is larger than %1 bytes.").arg(maxBytes));
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(
            QByteArray::fromRawData(json.data(), json.size()), &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            return fail(ProtocolCodec::tr("The body is not valid JSON: %1 at offset %2.")
                            .arg(parseError.errorString())
                            .arg(parseError.offset));
        }
        if (!document.isObject())
            return fail(ProtocolCodec::tr("The body must be a JSON object."));
        out = document.object();
        return true;
    }

    bool present(const QJsonObject &object, const QString &key, const QString &path)
    {
        if (object.contains(key))
            return true;
        return fail(ProtocolCodec::tr("The member \"%1\" is missing.").arg(path));
    }

    bool string(const QJsonObject &object, const QString &key, const QString &parent, int maxChars,
                QString &out, bool allowEmpty = true, bool allowNull = false)
    {
        const QString path = join(parent, key);
        if (!present(object, key, path))
            return false;
        const QJsonValue value = object.value(key);
        if (allowNull && value.isNull()) {
            out.clear();
            return true;
        }
        if (!value.isString())
            return fail(ProtocolCodec::tr("The member \"%1\" must be a string.").arg(path));
        out = value.toString();
        if (out.size() > maxChars) {
            return fail(ProtocolCodec::tr("The member \"%1\" is longer than %2 characters.")
                            .arg(path)
                            .arg(maxChars));
        }
        if (!allowEmpty && out.isEmpty())
            return fail(ProtocolCodec::tr("The member \"%1\" must not be empty.").arg(path));
        return true;
    }

    bool uuid(const QJsonObject &object, const QString &key, const QString &parent, QString &out,
              bool allowEmpty = false, bool allowNull = false)
    {
        if (!string(object, key, parent, 36, out, true, allowNull))
            return false;
        if (out.isEmpty() && (allowEmpty || allowNull))
            return true;
        if (!UuidV7::isValid(out)) {
            return fail(ProtocolCodec::tr("The member \"%1\" must be a lowercase UUIDv7.")
                            .arg(join(parent, key)));
        }
        return true;
    }

    bool integerValue(const QJsonValue &value, const QString &path, qint64 minimum, qint64 &out)
    {
        // QJsonValue keeps integer literals as qint64; only those are accepted, so a value
        // above 2^53 is never silently rounded through a double.
        const QCborValue cbor = QCborValue::fromJsonValue(value);
        if (!cbor.isInteger())
            return fail(ProtocolCodec::tr("The member \"%1\" must be an integer.").arg(path));
        out = cbor.toInteger();
        if (out < minimum) {
            return fail(
                ProtocolCodec::tr("The member \"%1\" must be at least %2.").arg(path).arg(minimum));
        }
        return true;
    }

    bool integer(const QJsonObject &object, const QString &key, const QString &parent,
                 qint64 minimum, qint64 &out, bool required = true)
    {
        const QString path = join(parent, key);
        if (!object.contains(key)) {
            if (!required)
                return true;
            return present(object, key, path);
        }
        return integerValue(object.value(key), path, minimum, out);
    }

    bool boolean(const QJsonObject &object, const QString &key, const QString &parent, bool &out,
                 bool required = true)
    {
        const QString path = join(parent, key);
        if (!object.contains(key)) {
            if (!required)
                return true;
            return present(object, key, path);
        }
        const QJsonValue value = object.value(key);
        if (!value.isBool())
            return fail(ProtocolCodec::tr("The member \"%1\" must be true or false.").arg(path));
        out = value.toBool();
        return true;
    }

    bool object(const QJsonObject &parentObject, const QString &key, const QString &parent,
                QJsonObject &out)
    {
        const QString path = join(parent, key);
        if (!present(parentObject, key, path))
            return false;
        const QJsonValue value = parentObject.value(key);
        if (!value.isObject())
            return fail(ProtocolCodec::tr("The member \"%1\" must be an object.").arg(path));
        out = value.toObject();
        return true;
    }

    bool array(const QJsonObject &parentObject, const QString &key, const QString &parent,
               qsizetype maxItems, QJsonArray &out)
    {
        const QString path = join(parent, key);
        if (!present(parentObject, key, path))
            return false;
        const QJsonValue value = parentObject.value(key);
        if (!value.isArray())
            return fail(ProtocolCodec::tr("The member \"%1\" must be an array.").arg(path));
        out = value.toArray();
        if (out.size() > maxItems) {
            return fail(ProtocolCodec::tr("The member \"%1\" has more than %2 entries.")
                            .arg(path)
                            .arg(maxItems));
        }
        return true;
    }

    bool name(const QString &text, const QString &path)
    {
        if (text.isEmpty() || text.size() > ProtocolCodec::maxNameChars) {
            return fail(ProtocolCodec::tr("The name \"%1\" must have 1 to %2 characters.")
                            .arg(path)
                            .arg(ProtocolCodec::maxNameChars));
        }
        for (const QChar c : text) {
            if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_')) {
                return fail(ProtocolCodec::tr("The name \"%1\" may only contain a-z, 0-9 and _.")
                                .arg(path));
            }
        }
        return true;
    }

    // A field value: null, a 64-bit integer or a string. maxChars bounds strings (pass -1 to
    // leave it to the server, which answers that op invalid_value instead).
    bool scalar(const QJsonValue &value, const QString &path, int maxChars, QVariant &out)
    {
        switch (value.type()) {
        case QJsonValue::Null:
            out = QVariant();
            return true;
        case QJsonValue::String:
            out = value.toString();
            if (maxChars >= 0 && value.toString().size() > maxChars) {
                return fail(ProtocolCodec::tr("The member \"%1\" is longer than %2 characters.")
                                .arg(path)
                                .arg(maxChars));
            }
            return true;
        case QJsonValue::Double: {
            qint64 number = 0;
            if (!integerValue(value, path, std::numeric_limits<qint64>::min(), number))
                return false;
            out = QVariant(number);
            return true;
        }
        default:
            return fail(ProtocolCodec::tr("The member \"%1\" must be null, an integer or a string.")
                            .arg(path));
        }
    }

    bool scalarMember(const QJsonObject &object, const QString &key, const QString &parent,
                      int maxChars, QVariant &out)
    {
        const QString path = join(parent, key);
        if (!present(object, key, path))
            return false;
        return scalar(object.value(key), path, maxChars, out);
    }

    bool rowState(const QJsonValue &value, const QString &path, RowState &row)
    {
        if (!value.isObject())
            return fail(ProtocolCodec::tr("The member \"%1\" must be an object.").arg(path));
        const QJsonObject object = value.toObject();
        QJsonObject fields;
        QJsonObject versions;
        if (!integer(object, u"seq"_s, path, 0, row.seq)
            || !string(object, u"table"_s, path, ProtocolCodec::maxNameChars, row.table, false)
            || !name(row.table, join(path, u"table"_s))
            || !uuid(object, u"row_id"_s, path, row.rowId)
            || !boolean(object, u"deleted"_s, path, row.deleted)
            || !boolean(object, u"purge"_s, path, row.purge, false))
            return false;
        // A purged row carries no data; its fields and versions may be left out.
        if (row.purge && !object.contains(u"fields"_s) && !object.contains(u"versions"_s))
            return true;
        if (!this->object(object, u"fields"_s, path, fields)
            || !this->object(object, u"versions"_s, path, versions))
            return false;
        const QString fieldsPath = join(path, u"fields"_s);
        if (fields.size() > ProtocolCodec::maxFieldsPerOp || versions.size() > fields.size() + 1) {
            return fail(ProtocolCodec::tr("The member \"%1\" has more than %2 entries.")
                            .arg(fieldsPath)
                            .arg(ProtocolCodec::maxFieldsPerOp));
        }
        for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
            const QString fieldPath = join(fieldsPath, it.key());
            QVariant fieldValue;
            if (!name(it.key(), fieldPath)
                || !scalar(it.value(), fieldPath, ProtocolCodec::maxStringValueChars, fieldValue))
                return false;
            row.fields.insert(it.key(), fieldValue);
        }
        const QString versionsPath = join(path, u"versions"_s);
        for (auto it = versions.constBegin(); it != versions.constEnd(); ++it) {
            const QString versionPath = join(versionsPath, it.key());
            qint64 version = 0;
            if (!name(it.key(), versionPath) || !integerValue(it.value(), versionPath, 0, version))
                return false;
            row.versions.insert(it.key(), version);
        }
        return true;
    }

private:
    std::optional<Error> m_error;
};

bool isOpKind(const QString &op)
{
    return op == u"insert"_s || op == u"update"_s || op == u"delete"_s || op == u"undelete"_s;
}

} // namespace

bool ProtocolCodec::isScalar(const QVariant &value)
{
    if (value.isNull())
        return true;
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::QString:
        return true;
    default:
        return false;
    }
}

// ---- push request ----------------------------------------------------------------------------

QByteArray ProtocolCodec::encode(const PushRequest &request)
{
    QJsonArray ops;
    for (const PushOp &op : request.ops) {
        QJsonObject fields;
        for (auto it = op.fields.cbegin(); it != op.fields.cend(); ++it) {
            fields.insert(it.key(),
                          QJsonObject {{u"value"_s, scalarToJson(it.value().value)},
                                       {u"base"_s, QJsonValue(it.value().base)}});
        }
        ops.append(QJsonObject {{u"op_id"_s, op.opId},
                                {u"device_seq"_s, QJsonValue(op.deviceSeq)},
                                {u"table"_s, op.table},
                                {u"row_id"_s, op.rowId},
                                {u"op"_s, op.op},
                                {u"hlc"_s, QJsonValue(op.hlc)},
                                {u"fields"_s, fields}});
    }
    return toBytes({{u"device_id"_s, request.deviceId},
                    {u"epoch"_s, request.epoch},
                    {u"schema_version"_s, request.schemaVersion},
                    {u"ops"_s, ops}});
}

Result<PushRequest> ProtocolCodec::decodePushRequest(QByteArrayView json, QString *errorCode)
{
    if (errorCode)
        *errorCode = QString::fromLatin1(badRequestCode);
    Reader reader;
    QJsonObject root;
    PushRequest request;
    qint64 schemaVersion = 0;
    if (!reader.parse(json, maxBodyBytes, root)
        || !reader.uuid(root, u"device_id"_s, {}, request.deviceId)
        || !reader.uuid(root, u"epoch"_s, {}, request.epoch, true)
        || !reader.integer(root, u"schema_version"_s, {}, 1, schemaVersion))
        return reader.error();
    if (schemaVersion > 1'000'000)
        return Error {ErrorCode::InvalidArgument,
                      tr("The member \"schema_version\" is too large.")};
    request.schemaVersion = int(schemaVersion);

    if (!reader.present(root, u"ops"_s, u"ops"_s))
        return reader.error();
    if (!root.value(u"ops"_s).isArray())
        return Error {ErrorCode::InvalidArgument, tr("The member \"ops\" must be an array.")};
    const QJsonArray ops = root.value(u"ops"_s).toArray();
    if (ops.size() > maxOpsPerPush) {
        if (errorCode)
            *errorCode = QString::fromLatin1(tooManyOpsCode);
        return Error {ErrorCode::InvalidArgument,
                      tr("A push carries at most %1 ops; this one has %2.")
                          .arg(maxOpsPerPush)
                          .arg(ops.size())};
    }
    request.ops.reserve(ops.size());
    qint64 previousSeq = 0;
    for (qsizetype i = 0; i < ops.size(); ++i) {
        const QString path = Reader::index(u"ops"_s, i);
        if (!ops.at(i).isObject())
            return Error {ErrorCode::InvalidArgument,
                          tr("The member \"%1\" must be an object.").arg(path)};
        const QJsonObject object = ops.at(i).toObject();
        PushOp op;
        QJsonObject fields;
        if (!reader.uuid(object, u"op_id"_s, path, op.opId)
            || !reader.integer(object, u"device_seq"_s, path, 1, op.deviceSeq)
            || !reader.string(object, u"table"_s, path, maxNameChars, op.table, false)
            || !reader.name(op.table, Reader::join(path, u"table"_s))
            || !reader.uuid(object, u"row_id"_s, path, op.rowId)
            || !reader.string(object, u"op"_s, path, 16, op.op, false)
            || !reader.integer(object, u"hlc"_s, path, 0, op.hlc)
            || !reader.object(object, u"fields"_s, path, fields))
            return reader.error();
        if (!isOpKind(op.op)) {
            return Error {
                ErrorCode::InvalidArgument,
                tr("The member \"%1.op\" must be insert, update, delete or undelete.").arg(path)};
        }
        if (op.deviceSeq <= previousSeq) {
            return Error {ErrorCode::InvalidArgument,
                          tr("The member \"%1.device_seq\" must be greater than the previous "
                             "op's (ops are in ascending device_seq).")
                              .arg(path)};
        }
        previousSeq = op.deviceSeq;
        const QString fieldsPath = Reader::join(path, u"fields"_s);
        if ((op.op == u"delete"_s || op.op == u"undelete"_s) && !fields.isEmpty()) {
            return Error {ErrorCode::InvalidArgument,
                          tr("The member \"%1\" must be empty for %2.").arg(fieldsPath, op.op)};
        }
        if (fields.size() > maxFieldsPerOp) {
            return Error {ErrorCode::InvalidArgument,
                          tr("The member \"%1\" has more than %2 entries.")
                              .arg(fieldsPath)
                              .arg(maxFieldsPerOp)};
        }
        for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
            const QString fieldPath = Reader::join(fieldsPath, it.key());
            if (!reader.name(it.key(), fieldPath))
                return reader.error();
            if (!it.value().isObject())
                return Error {ErrorCode::InvalidArgument,
                              tr("The member \"%1\" must be an object.").arg(fieldPath)};
            const QJsonObject change = it.value().toObject();
            FieldChange fieldChange;
            // Overlong strings pass here: the server answers this op invalid_value.
            if (!reader.scalarMember(change, u"value"_s, fieldPath, -1, fieldChange.value)
                || !reader.integer(change, u"base"_s, fieldPath, 0, fieldChange.base))
                return reader.error();
            op.fields.insert(it.key(), fieldChange);
        }
        request.ops.append(std::move(op));
    }
    return request;
}

// ---- push response ---------------------------------------------------------------------------

QByteArray ProtocolCodec::encode(const PushResponse &response)
{
    QJsonArray results;
    for (const OpResult &result : response.results) {
        QJsonObject object {{u"device_seq"_s, QJsonValue(result.deviceSeq)},
                            {u"op_id"_s, result.opId},
                            {u"status"_s, result.status}};
        if (result.status != u"rejected"_s)
            object.insert(u"server_seq"_s, QJsonValue(result.serverSeq));
        if (!result.reason.isEmpty())
            object.insert(u"reason"_s, result.reason);
        if (!result.message.isEmpty())
            object.insert(u"message"_s, result.message);
        if (!result.conflicts.isEmpty()) {
            QJsonArray conflicts;
            for (const Conflict &conflict : result.conflicts) {
                conflicts.append(
                    QJsonObject {{u"field"_s, conflict.field},
                                 {u"client_value"_s, scalarToJson(conflict.clientValue)},
                                 {u"server_value"_s, scalarToJson(conflict.serverValue)},
                                 {u"kept"_s, conflict.kept}});
            }
            object.insert(u"conflicts"_s, conflicts);
        }
        if (result.status == u"rejected"_s || result.current) {
            object.insert(u"current"_s,
                          result.current ? QJsonValue(rowStateToJson(*result.current))
                                         : QJsonValue(QJsonValue::Null));
        }
        results.append(object);
    }
    return toBytes({{u"epoch"_s, response.epoch},
                    {u"server_time"_s, QJsonValue(response.serverTime)},
                    {u"results"_s, results}});
}

Result<PushResponse> ProtocolCodec::decodePushResponse(QByteArrayView json)
{
    Reader reader;
    QJsonObject root;
    PushResponse response;
    QJsonArray results;
    if (!reader.parse(json, maxBodyBytes, root)
        || !reader.uuid(root, u"epoch"_s, {}, response.epoch, true)
        || !reader.integer(root, u"server_time"_s, {}, 0, response.serverTime)
        || !reader.array(root, u"results"_s, {}, maxOpsPerPush, results))
        return reader.error();
    for (qsizetype i = 0; i < results.size(); ++i) {
        const QString path = Reader::index(u"results"_s, i);
        if (!results.at(i).isObject())
            return Error {ErrorCode::InvalidArgument,
                          tr("The member \"%1\" must be an object.").arg(path)};
        const QJsonObject object = results.at(i).toObject();
        OpResult result;
        if (!reader.integer(object, u"device_seq"_s, path, 1, result.deviceSeq)
            || !reader.uuid(object, u"op_id"_s, path, result.opId)
            || !reader.string(object, u"status"_s, path, 16, result.status, false)
            || !reader.integer(object, u"server_seq"_s, path, 0, result.serverSeq, false))
            return reader.error();
        if (result.status != u"applied"_s && result.status != u"merged"_s
            && result.status != u"rejected"_s) {
            return Error {
                ErrorCode::InvalidArgument,
                tr("The member \"%1.status\" must be applied, merged or rejected.").arg(path)};
        }
        if (object.contains(u"reason"_s)
            && !reader.string(object, u"reason"_s, path, maxNameChars, result.reason))
            return reader.error();
        if (object.contains(u"message"_s)
            && !reader.string(object, u"message"_s, path, maxMessageChars, result.message))
            return reader.error();
        if (object.contains(u"conflicts"_s)) {
            QJsonArray conflicts;
            if (!reader.array(object, u"conflicts"_s, path, maxConflictsPerOp, conflicts))
                return reader.error();
            for (qsizetype c = 0; c < conflicts.size(); ++c) {
                const QString conflictPath = Reader::index(Reader::join(path, u"conflicts"_s), c);
                if (!conflicts.at(c).isObject())
                    return Error {ErrorCode::InvalidArgument,
                                  tr("The member \"%1\" must be an object.").arg(conflictPath)};
                const QJsonObject conflictObject = conflicts.at(c).toObject();
                Conflict conflict;
                if (!reader.string(conflictObject, u"field"_s, conflictPath, maxNameChars,
                                   conflict.field, false)
                    || !reader.scalarMember(conflictObject, u"client_value"_s, conflictPath, -1,
                                            conflict.clientValue)
                    || !reader.scalarMember(conflictObject, u"server_value"_s, conflictPath,
                                            maxStringValueChars, conflict.serverValue)
                    || !reader.string(conflictObject, u"kept"_s, conflictPath, 16, conflict.kept,
                                      false))
                    return reader.error();
                if (conflict.kept != u"server"_s && conflict.kept != u"client"_s) {
                    return Error {
                        ErrorCode::InvalidArgument,
                        tr("The member \"%1.kept\" must be server or client.").arg(conflictPath)};
                }
                result.conflicts.append(conflict);
            }
        }
        const QJsonValue current = object.value(u"current"_s);
        if (!current.isUndefined() && !current.isNull()) {
            RowState row;
            if (!reader.rowState(current, Reader::join(path, u"current"_s), row))
                return reader.error();
            result.current = std::move(row);
        }
        response.results.append(std::move(result));
    }
    return response;
}

// ---- pull response ---------------------------------------------------------------------------

QByteArray ProtocolCodec::encode(const PullResponse &response)
{
    QJsonArray changes;
    for (const RowState &row : response.changes)
        changes.append(rowStateToJson(row));
    return toBytes({{u"epoch"_s, response.epoch},
                    {u"cursor"_s, QJsonValue(response.cursor)},
                    {u"has_more"_s, response.hasMore},
                    {u"reset_required"_s, response.resetRequired},
                    {u"changes"_s, changes}});
}

Result<PullResponse> ProtocolCodec::decodePullResponse(QByteArrayView json)
{
    // A full page of wide rows can be larger than a push body; still bounded.
    return PullPageParser::parse(json, 8 * maxBodyBytes);
}

// ---- login and refresh -----------------------------------------------------------------------

QByteArray ProtocolCodec::encode(const LoginRequest &request)
{
    return toBytes({{u"login"_s, request.login},
                    {u"password"_s, request.password},
                    {u"device_id"_s, request.deviceId}});
}

Result<LoginRequest> ProtocolCodec::decodeLoginRequest(QByteArrayView json)
{
    Reader reader;
    QJsonObject root;
    LoginRequest request;
    if (!reader.parse(json, maxAuthBodyBytes, root)
        || !reader.string(root, u"login"_s, {}, maxLoginChars, request.login, false)
        || !reader.string(root, u"password"_s, {}, maxPasswordChars, request.password, false)
        || !reader.uuid(root, u"device_id"_s, {}, request.deviceId))
        return reader.error();
    return request;
}

QByteArray ProtocolCodec::encode(const LoginResponse &response)
{
    const QJsonObject user {{u"id"_s, response.userId},
                            {u"name"_s, response.userName},
                            {u"role"_s, response.role},
                            {u"unit_id"_s, nullableString(response.unitId)}};
    return toBytes({{u"token"_s, response.token},
                    {u"token_expires_at"_s, QJsonValue(response.tokenExpiresAt)},
                    {u"refresh_token"_s, response.refreshToken},
                    {u"refresh_expires_at"_s, QJsonValue(response.refreshExpiresAt)},
                    {u"user"_s, user},
                    {u"epoch"_s, response.epoch}});
}

Result<LoginResponse> ProtocolCodec::decodeLoginResponse(QByteArrayView json)
{
    Reader reader;
    QJsonObject root;
    QJsonObject user;
    LoginResponse response;
    if (!reader.parse(json, maxAuthBodyBytes * 4, root)
        || !reader.string(root, u"token"_s, {}, maxTokenChars, response.token, false)
        || !reader.integer(root, u"token_expires_at"_s, {}, 0, response.tokenExpiresAt)
        || !reader.string(root, u"refresh_token"_s, {}, maxTokenChars, response.refreshToken, false)
        || !reader.integer(root, u"refresh_expires_at"_s, {}, 0, response.refreshExpiresAt)
        || !reader.object(root, u"user"_s, {}, user)
        || !reader.uuid(user, u"id"_s, u"user"_s, response.userId)
        || !reader.string(user, u"name"_s, u"user"_s, 256, response.userName)
        || !reader.string(user, u"role"_s, u"user"_s, maxNameChars, response.role, false)
        || !reader.uuid(user, u"unit_id"_s, u"user"_s, response.unitId, true, true)
        || !reader.uuid(root, u"epoch"_s, {}, response.epoch))
        return reader.error();
    return response;
}

QByteArray ProtocolCodec::encode(const RefreshRequest &request)
{
    return toBytes({{u"refresh_token"_s, request.refreshToken}});
}

Result<RefreshRequest> ProtocolCodec::decodeRefreshRequest(QByteArrayView json)
{
    Reader reader;
    QJsonObject root;
    RefreshRequest request;
    if (!reader.parse(json, maxAuthBodyBytes, root)
        || !reader.string(root, u"refresh_token"_s, {}, maxTokenChars, request.refreshToken, false))
        return reader.error();
    return request;
}

// ---- poke ------------------------------------------------------------------------------------

QByteArray ProtocolCodec::encode(const PokeMessage &message)
{
    QJsonObject object {{u"type"_s, message.type}, {u"seq"_s, QJsonValue(message.seq)}};
    if (!message.epoch.isEmpty())
        object.insert(u"epoch"_s, message.epoch);
    return toBytes(object);
}

Result<PokeMessage> ProtocolCodec::decodePokeMessage(QByteArrayView json)
{
    Reader reader;
    QJsonObject root;
    PokeMessage message;
    if (!reader.parse(json, maxAuthBodyBytes, root)
        || !reader.string(root, u"type"_s, {}, 16, message.type, false)
        || !reader.integer(root, u"seq"_s, {}, 0, message.seq))
        return reader.error();
    if (message.type != u"hello"_s && message.type != u"poke"_s)
        return Error {ErrorCode::InvalidArgument, tr("The member \"type\" must be hello or poke.")};
    if (root.contains(u"epoch"_s) && !reader.uuid(root, u"epoch"_s, {}, message.epoch, true))
        return reader.error();
    return message;
}

// ---- errors ----------------------------------------------------------------------------------

QByteArray ProtocolCodec::encode(const ErrorBody &body)
{
    return toBytes({{u"error"_s, body.error}, {u"message"_s, body.message}});
}

Result<ErrorBody> ProtocolCodec::decodeErrorBody(QByteArrayView json)
{
    Reader reader;
    QJsonObject root;
    ErrorBody body;
    if (!reader.parse(json, maxAuthBodyBytes * 4, root)
        || !reader.string(root, u"error"_s, {}, maxNameChars, body.error, false)
        || !reader.string(root, u"message"_s, {}, maxMessageChars, body.message))
        return reader.error();
    return body;
}

} // namespace Outpost
