#pragma once

#include "apiresult.h"
#include "authcontext.h"
#include "httpexchange.h"
#include "protocol.h"

#include <QByteArrayView>

#include <functional>

namespace Outpost {

class AuthService;
class PokeHub;
class ServerStore;
class SnapshotService;

/// The HTTP API of docs/sync-protocol.md, free of any transport: HttpServer hands it bounded
/// requests and writes back what it answers. Routes: GET /healthz, POST /api/v1/login,
/// /api/v1/refresh, /api/v1/logout, /api/v1/push, GET /api/v1/pull, GET /api/v1/snapshot; the
/// poke WebSocket's
/// authentication and hello are here too.
///
/// Thread-safe; runs on the server's worker threads (it blocks on storage and argon2id).
class ApiHandler
{
public:
    /// snapshots may be null: the server then has none to offer.
    ApiHandler(ServerStore &store, AuthService &auth, PokeHub &hub, std::function<qint64()> clock,
               SnapshotService *snapshots = nullptr);

    HttpResponse handle(const HttpRequest &request);

    /// For the poke WebSocket: the user of the upgrade request, then the hello message.
    ApiResult<AuthContext> authenticate(QByteArrayView authorization);
    ApiResult<Protocol::PokeMessage> hello(const AuthContext &user);

    static constexpr QByteArrayView pokePath = "/api/v1/poke";
    /// Login and refresh bodies are limited to ProtocolCodec::maxAuthBodyBytes.
    static bool isAuthPath(QByteArrayView target);
    static HttpResponse errorResponse(const ApiError &error);

private:
    HttpResponse healthz();
    HttpResponse login(const HttpRequest &request);
    HttpResponse refresh(const HttpRequest &request);
    HttpResponse logout(const HttpRequest &request);
    HttpResponse push(const HttpRequest &request);
    HttpResponse pull(const HttpRequest &request);
    HttpResponse snapshot(const HttpRequest &request);

    ServerStore &m_store;
    AuthService &m_auth;
    PokeHub &m_hub;
    std::function<qint64()> m_clock;
    SnapshotService *m_snapshots = nullptr;
};

} // namespace Outpost
