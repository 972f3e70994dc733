#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace Outpost {

class ApiHandler;
class PokeHub;
class WorkerPool;

/// The server's HTTP/1.1 and WebSocket transport: Boost.Beast over a small pool of I/O threads,
/// optionally TLS (OpenSSL). It enforces the limits of docs/sync-protocol.md (header section,
/// body sizes with 413, idle read timeout, connection cap, keep-alive), hands each complete
/// request to ApiHandler on the bounded WorkerPool (503 when it is full) and runs the poke
/// WebSockets (hello on connect, then at most one poke per 50 ms per connection).
///
/// Beast stays inside httpserver.cpp. Threading: construct, start() and stop() on one thread;
/// the I/O threads are internal.
class HttpServer
{
    Q_DECLARE_TR_FUNCTIONS(HttpServer)

public:
    struct Options
    {
        QString address = QStringLiteral("127.0.0.1");
        quint16 port = 0; ///< 0: any free port (start() returns the real one)
        int ioThreads = 2;
        QString tlsCertificateFile; ///< PEM certificate chain; with the key, enables TLS
        QString tlsPrivateKeyFile; ///< PEM private key
        int maxConnections = 1024;
        int headerLimitBytes = 16 * 1024;
        qint64 maxBodyBytes = 8 * 1024 * 1024;
        qint64 maxAuthBodyBytes = 4 * 1024; ///< login and refresh
        int readTimeoutSeconds = 30;
        int pokeIntervalMs = 50;
    };

    HttpServer(ApiHandler &api, PokeHub &hub, WorkerPool &workers);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    /// Binds, listens and starts the I/O threads. Returns the port it listens on.
    Result<quint16> start(const Options &options);
    /// Blocks until SIGINT or SIGTERM arrives (or stop() is called from another thread).
    void waitForStopSignal();
    /// Stops accepting, closes every connection, joins the I/O threads and stops the
    /// WorkerPool (its tasks post to the I/O threads). Idempotent.
    void stop();

    int openConnections() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Outpost
