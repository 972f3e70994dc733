#include "apihandler.h"

#include "authservice.h"
#include "logging.h"
#include "pokehub.h"
#include "protocolcodec.h"
#include "serverstore.h"
#include "snapshotservice.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

ApiError badRequest(const QString &message)
{
    return ApiError {400, u"bad_request"_s, message};
}

ApiError internalError(const Error &error)
{
    qCWarning(lcServer) << "store error:" << error.message;
    return ApiError {500, u"internal"_s, u"The server could not complete the request."_s};
}

HttpResponse ok(QByteArray body)
{
    HttpResponse response;
    response.body = std::move(body);
    return response;
}

// The path without its query.
QByteArrayView pathOf(QByteArrayView target)
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.first(query);
}

} // namespace

ApiHandler::ApiHandler(ServerStore &store, AuthService &auth, PokeHub &hub,
                       std::function<qint64()> clock, SnapshotService *snapshots)
    : m_store(store)
    , m_auth(auth)
    , m_hub(hub)
    , m_clock(std::move(clock))
    , m_snapshots(snapshots)
{ }

bool ApiHandler::isAuthPath(QByteArrayView target)
{
    const QByteArrayView path = pathOf(target);
    return path == "/api/v1/login" || path == "/api/v1/refresh";
}

HttpResponse ApiHandler::errorResponse(const ApiError &error)
{
    HttpResponse response;
    response.status = error.status;
    response.body = ProtocolCodec::encode(Protocol::ErrorBody {error.code, error.message});
    response.retryAfterSeconds = error.retryAfterSeconds;
    return response;
}

HttpResponse ApiHandler::handle(const HttpRequest &request)
{
    const QByteArrayView path = pathOf(request.target);
    const bool isGet = request.method == "GET";
    const bool isPost = request.method == "POST";
    struct Route
    {
        QByteArrayView path;
        bool post;
        HttpResponse (ApiHandler::*handler)(const HttpRequest &);
    };
    static const Route routes[] = {
        {"/api/v1/login", true, &ApiHandler::login},
        {"/api/v1/refresh", true, &ApiHandler::refresh},
        {"/api/v1/logout", true, &ApiHandler::logout},
        {"/api/v1/push", true, &ApiHandler::push},
        {"/api/v1/pull", false, &ApiHandler::pull},
        {"/api/v1/snapshot", false, &ApiHandler::snapshot},
    };
    if (path == "/healthz") {
        if (!isGet)
            return errorResponse({405, u"method_not_allowed"_s, u"Use GET."_s});
        return healthz();
    }
    if (path == pokePath) {
        return errorResponse(
            badRequest(u"/api/v1/poke is a WebSocket: send an upgrade request."_s));
    }
    for (const Route &route : routes) {
        if (path != route.path)
            continue;
        if ((route.post && !isPost) || (!route.post && !isGet)) {
            return errorResponse(
                {405, u"method_not_allowed"_s, route.post ? u"Use POST."_s : u"Use GET."_s});
        }
        return (this->*route.handler)(request);
    }
    return errorResponse({404, u"not_found"_s, u"There is nothing at this address."_s});
}

HttpResponse ApiHandler::healthz()
{
    const Result<QString> epoch = m_store.epoch();
    if (!epoch)
        return errorResponse({503, u"unavailable"_s, u"The store cannot be read."_s});
    const QJsonObject body {{u"status"_s, u"ok"_s}, {u"epoch"_s, epoch.value()}};
    return ok(QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResponse ApiHandler::login(const HttpRequest &request)
{
    const Result<Protocol::LoginRequest> decoded = ProtocolCodec::decodeLoginRequest(request.body);
    if (!decoded)
        return errorResponse(badRequest(decoded.error().message));
    const ApiResult<Protocol::LoginResponse> answer
        = m_auth.login(decoded.value(), request.remoteAddress);
    if (!answer)
        return errorResponse(answer.error());
    return ok(ProtocolCodec::encode(answer.value()));
}

HttpResponse ApiHandler::refresh(const HttpRequest &request)
{
    const Result<Protocol::RefreshRequest> decoded
        = ProtocolCodec::decodeRefreshRequest(request.body);
    if (!decoded)
        return errorResponse(badRequest(decoded.error().message));
    const ApiResult<Protocol::LoginResponse> answer = m_auth.refresh(decoded.value());
    if (!answer)
        return errorResponse(answer.error());
    return ok(ProtocolCodec::encode(answer.value()));
}

HttpResponse ApiHandler::logout(const HttpRequest &request)
{
    const ApiResult<AuthContext> user = m_auth.authenticate(request.authorization);
    if (!user)
        return errorResponse(user.error());
    if (const ApiResult<bool> done = m_auth.logout(user.value()); !done)
        return errorResponse(done.error());
    HttpResponse response;
    response.status = 204;
    return response;
}

HttpResponse ApiHandler::push(const HttpRequest &request)
{
    const ApiResult<AuthContext> user = m_auth.authenticate(request.authorization);
    if (!user)
        return errorResponse(user.error());
    QString code;
    const Result<Protocol::PushRequest> decoded
        = ProtocolCodec::decodePushRequest(request.body, &code);
    if (!decoded)
        return errorResponse({400, code, decoded.error().message});
    const qint64 now = m_clock();
    const Result<ServerStore::PushOutcome> outcome
        = m_store.applyPush(user.value(), decoded.value(), now);
    if (!outcome)
        return errorResponse(internalError(outcome.error()));
    const Result<QString> epoch = m_store.epoch();
    if (!epoch)
        return errorResponse(internalError(epoch.error()));
    if (outcome->lastSeq > 0)
        m_hub.notify(outcome->lastSeq, outcome->touchedScopes);
    qCDebug(lcServer) << "push from" << user->userId << decoded->ops.size() << "ops, last seq"
                      << outcome->lastSeq;
    return ok(ProtocolCodec::encode(Protocol::PushResponse {epoch.value(), now, outcome->results}));
}

HttpResponse ApiHandler::pull(const HttpRequest &request)
{
    const ApiResult<AuthContext> user = m_auth.authenticate(request.authorization);
    if (!user)
        return errorResponse(user.error());
    const qsizetype queryStart = request.target.indexOf('?');
    const QUrlQuery query(
        queryStart < 0 ? QString() : QString::fromUtf8(request.target.sliced(queryStart + 1)));
    const auto integer
        = [&query](const QString &name, qint64 fallback, qint64 minimum, bool *valid) -> qint64 {
        *valid = true;
        if (!query.hasQueryItem(name))
            return fallback;
        bool ok = false;
        const qint64 value = query.queryItemValue(name).toLongLong(&ok);
        *valid = ok && value >= minimum;
        return value;
    };
    bool valid = true;
    const qint64 cursor = integer(u"cursor"_s, 0, 0, &valid);
    if (!valid)
        return errorResponse(badRequest(u"The query parameter \"cursor\" must be an integer "
                                        u"of at least 0."_s));
    const qint64 limit = integer(u"limit"_s, ProtocolCodec::defaultPullLimit, 1, &valid);
    if (!valid)
        return errorResponse(badRequest(u"The query parameter \"limit\" must be an integer "
                                        u"of at least 1."_s));
    const QString epoch = query.queryItemValue(u"epoch"_s);
    if (epoch.size() > 64)
        return errorResponse(badRequest(u"The query parameter \"epoch\" is too long."_s));
    const Result<QByteArray> page = m_store.pullBody(
        user.value(), cursor, int(std::min<qint64>(limit, ProtocolCodec::maxPullLimit)), epoch);
    if (!page)
        return errorResponse(internalError(page.error()));
    return ok(page.value());
}

HttpResponse ApiHandler::snapshot(const HttpRequest &request)
{
    const ApiResult<AuthContext> user = m_auth.authenticate(request.authorization);
    if (!user)
        return errorResponse(user.error());
    const ApiError unavailable {404, u"snapshot_unavailable"_s,
                                u"There is no snapshot of this scope; pull the changes."_s};
    if (!m_snapshots)
        return errorResponse(unavailable);
    const Result<std::optional<SnapshotService::Snapshot>> found = m_snapshots->find(user.value());
    if (!found)
        return errorResponse(internalError(found.error()));
    if (!found.value())
        return errorResponse(unavailable);
    const SnapshotService::Snapshot &snapshot = *found.value();
    qCDebug(lcServer) << "snapshot" << snapshot.scope << "at" << snapshot.cursor << "to"
                      << user->userId;
    HttpResponse response;
    response.filePath = snapshot.path;
    response.contentType = "application/zstd";
    response.headers = {
        {"Outpost-Snapshot-Encoding", "zstd"},
        {"Outpost-Snapshot-Bytes", QByteArray::number(snapshot.databaseBytes)},
        {"Outpost-Snapshot-Epoch", snapshot.epoch.toUtf8()},
        {"Outpost-Snapshot-Cursor", QByteArray::number(snapshot.cursor)},
        {"Outpost-Snapshot-Schema", QByteArray::number(snapshot.schemaVersion)},
        {"Outpost-Snapshot-Sha256", snapshot.sha256},
    };
    return response;
}

ApiResult<AuthContext> ApiHandler::authenticate(QByteArrayView authorization)
{
    return m_auth.authenticate(authorization);
}

ApiResult<Protocol::PokeMessage> ApiHandler::hello(const AuthContext &user)
{
    const Result<qint64> seq = m_store.latestSeqInScope(user);
    if (!seq)
        return internalError(seq.error());
    const Result<QString> epoch = m_store.epoch();
    if (!epoch)
        return internalError(epoch.error());
    return Protocol::PokeMessage {u"hello"_s, seq.value(), epoch.value()};
}

} // namespace Outpost
