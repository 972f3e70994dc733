#include "fakesyncserver.h"

#include "merge.h"
#include "protocolcodec.h"
#include "schema.h"
#include "uuidv7.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Outpost {

FakeSyncServer::FakeSyncServer(QObject *parent)
    : QObject(parent)
    , m_epoch(UuidV7::generate())
{ }

void FakeSyncServer::addUser(const QString &login, const QString &password, const QString &role)
{
    Q_UNUSED(role)
    m_passwords.insert(login, password);
}

FakeSyncServer::Answer FakeSyncServer::error(int status, const QString &code,
                                             const QString &message) const
{
    return {status, ProtocolCodec::encode(Protocol::ErrorBody {code, message})};
}

FakeSyncServer::Answer FakeSyncServer::login(QByteArrayView body)
{
    const Result<Protocol::LoginRequest> request = ProtocolCodec::decodeLoginRequest(body);
    if (!request)
        return error(400, u"bad_request"_s, request.error().message);
    if (!m_passwords.contains(request->login)
        || m_passwords.value(request->login) != request->password)
        return error(401, u"invalid_credentials"_s, u"The login or password is wrong."_s);
    const QString token = u"op_at_%1"_s.arg(++m_tokenCounter);
    m_tokens.insert(token);
    Protocol::LoginResponse response;
    response.token = token;
    response.tokenExpiresAt = QDateTime::currentMSecsSinceEpoch() + 3600'000;
    response.refreshToken = u"op_rt_%1"_s.arg(m_tokenCounter);
    response.refreshExpiresAt = response.tokenExpiresAt + 3600'000;
    response.userId = UuidV7::generate();
    response.userName = request->login;
    response.role = u"rep"_s;
    response.epoch = m_epoch;
    return {200, ProtocolCodec::encode(response)};
}

Protocol::RowState FakeSyncServer::rowState(const QString &table, const QString &rowId,
                                            const Row &row) const
{
    Protocol::RowState state;
    state.seq = row.seq;
    state.table = table;
    state.rowId = rowId;
    state.deleted = row.deleted || row.purged;
    state.purge = row.purged;
    if (!row.purged) {
        state.fields = row.fields;
        state.versions = row.versions;
    }
    return state;
}

Protocol::OpResult FakeSyncServer::apply(const Protocol::PushRequest &request,
                                         const Protocol::PushOp &op)
{
    Protocol::OpResult result;
    result.deviceSeq = op.deviceSeq;
    result.opId = op.opId;
    const QPair<QString, QString> key {op.table, op.rowId};
    const auto reject = [&](const QString &reason, const QString &message) {
        result.status = u"rejected"_s;
        result.reason = reason;
        result.message = message;
        const auto it = m_rows.constFind(key);
        if (it != m_rows.cend() && !it->purged)
            result.current = rowState(op.table, op.rowId, *it);
        return result;
    };
    const Schema::SyncedTable *spec = Schema::syncedTable(op.table);
    if (!spec)
        return reject(u"unknown_table"_s, u"The table is unknown."_s);
    for (auto it = op.fields.cbegin(); it != op.fields.cend(); ++it) {
        if (!spec->fields.contains(it.key()))
            return reject(u"unknown_field"_s, u"The field %1 is unknown."_s.arg(it.key()));
    }
    if (rejectOp) {
        if (const QString reason = rejectOp(op); !reason.isEmpty())
            return reject(reason, u"Refused by the test."_s);
    }
    Row &row = m_rows[key];
    const bool exists = row.seq > 0 && !row.purged;
    Merge::Input input;
    input.op = op.op;
    input.fields = op.fields;
    input.rowExists = exists;
    input.rowDeleted = row.deleted;
    input.serverValues = row.fields;
    input.serverVersions = row.versions;
    input.criticalFields = spec->criticalFields;
    const Merge::Outcome outcome = Merge::decide(input);
    if (!exists && !outcome.insertRow) {
        if (row.seq == 0)
            m_rows.remove(key);
        return reject(u"invalid_value"_s, u"The row does not exist."_s);
    }
    const qint64 seq = ++m_seq;
    if (outcome.insertRow)
        row = Row();
    for (auto it = outcome.writes.cbegin(); it != outcome.writes.cend(); ++it) {
        row.fields.insert(it.key(), it.value());
        row.versions.insert(it.key(), seq);
    }
    if (outcome.setDeleted) {
        row.deleted = *outcome.setDeleted;
        row.versions.insert(u"deleted"_s, seq);
    }
    row.seq = seq;
    ++m_appliedOps;
    result.status = outcome.status;
    result.serverSeq = seq;
    result.conflicts = outcome.conflicts;
    Q_UNUSED(request)
    return result;
}

FakeSyncServer::Answer FakeSyncServer::push(const QString &token, QByteArrayView body)
{
    ++m_pushRequests;
    if (!authorized(token))
        return error(401, u"unauthorized"_s, u"The token is unknown or expired."_s);
    QString code;
    const Result<Protocol::PushRequest> request = ProtocolCodec::decodePushRequest(body, &code);
    if (!request)
        return error(400, code, request.error().message);
    Protocol::PushResponse response;
    response.epoch = m_epoch;
    response.serverTime = serverTime > 0 ? serverTime : QDateTime::currentMSecsSinceEpoch();
    if (!request->epoch.isEmpty() && request->epoch != m_epoch)
        return {200, ProtocolCodec::encode(response)}; // made for another epoch: nothing applied
    const qint64 seqBefore = m_seq;
    for (const Protocol::PushOp &op : request->ops) {
        const QString answerKey = request->deviceId + u'/' + QString::number(op.deviceSeq);
        if (const auto stored = m_answers.constFind(answerKey); stored != m_answers.cend()) {
            response.results.append(*stored);
            continue;
        }
        const Protocol::OpResult result = apply(*request, op);
        m_answers.insert(answerKey, result);
        response.results.append(result);
    }
    if (m_seq > seqBefore)
        Q_EMIT committed(m_seq);
    return {200, ProtocolCodec::encode(response)};
}

FakeSyncServer::Answer FakeSyncServer::pull(const QString &token, qint64 cursor, int limit,
                                            const QString &epoch)
{
    if (!authorized(token))
        return error(401, u"unauthorized"_s, u"The token is unknown or expired."_s);
    limit = std::clamp(limit, 1, ProtocolCodec::maxPullLimit);
    Protocol::PullResponse response;
    response.epoch = m_epoch;
    if (cursor > m_seq || (!epoch.isEmpty() && epoch != m_epoch)) {
        // A cursor this dataset never issued: another epoch's.
        response.resetRequired = true;
        response.cursor = 0;
        return {200, ProtocolCodec::encode(response)};
    }
    QMap<qint64, QPair<QString, QString>> bySeq;
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        if (it->seq > cursor)
            bySeq.insert(it->seq, it.key());
    }
    for (auto it = bySeq.cbegin(); it != bySeq.cend(); ++it) {
        if (response.changes.size() == limit) {
            response.hasMore = true;
            break;
        }
        const Row &row = m_rows.value(it.value());
        response.changes.append(rowState(it.value().first, it.value().second, row));
    }
    response.cursor = response.hasMore ? response.changes.constLast().seq : m_seq;
    return {200, ProtocolCodec::encode(response)};
}

qint64 FakeSyncServer::seedRow(const QString &table, const QString &rowId,
                               const QVariantMap &fields)
{
    Row &row = m_rows[{table, rowId}];
    const qint64 seq = ++m_seq;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        row.fields.insert(it.key(), it.value());
        row.versions.insert(it.key(), seq);
    }
    row.seq = seq;
    row.purged = false;
    Q_EMIT committed(seq);
    return seq;
}

qint64 FakeSyncServer::purgeRow(const QString &table, const QString &rowId)
{
    Row &row = m_rows[{table, rowId}];
    row = Row();
    row.purged = true;
    row.seq = ++m_seq;
    Q_EMIT committed(m_seq);
    return m_seq;
}

void FakeSyncServer::restore(const Snapshot &snapshot)
{
    m_rows = snapshot.rows;
    m_answers = snapshot.answers;
    m_seq = snapshot.seq;
    m_epoch = UuidV7::generate();
}

const FakeSyncServer::Row *FakeSyncServer::row(const QString &table, const QString &rowId) const
{
    const auto it = m_rows.constFind({table, rowId});
    return it == m_rows.cend() ? nullptr : &*it;
}

} // namespace Outpost
