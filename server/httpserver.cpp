#include "httpserver.h"

#include "apihandler.h"
#include "authcontext.h"
#include "httpexchange.h"
#include "logging.h"
#include "pokehub.h"
#include "protocolcodec.h"
#include "workerpool.h"

#include <QFile>
#include <QFileInfo>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template<class Stream> constexpr bool isTls = std::is_same_v<Stream, TlsStream>;

constexpr auto lingerTimeout = std::chrono::seconds(5);
constexpr std::size_t lingerMaxBytes = 16 * 1024 * 1024;
constexpr char serverName[] = "outpost-server";
constexpr qint64 filePieceBytes = 256 * 1024; ///< a file body is read and sent in these

// What every connection shares with the server.
struct Shared
{
    ApiHandler &api;
    PokeHub &hub;
    WorkerPool &workers;
    HttpServer::Options options;
    std::optional<ssl::context> tls;
    std::atomic<int> connections {0};
};

// Counts a connection for its whole life, across the upgrade to a WebSocket.
class ConnectionSlot
{
public:
    explicit ConnectionSlot(std::shared_ptr<Shared> shared)
        : m_shared(std::move(shared))
    {
        ++m_shared->connections;
    }
    ~ConnectionSlot() { --m_shared->connections; }
    ConnectionSlot(const ConnectionSlot &) = delete;
    ConnectionSlot &operator=(const ConnectionSlot &) = delete;

private:
    std::shared_ptr<Shared> m_shared;
};

QByteArray toBytes(beast::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

beast::string_view toStd(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

// ---- WebSocket: /api/v1/poke -----------------------------------------------------------------

template<class Stream> class PokeSession : public std::enable_shared_from_this<PokeSession<Stream>>
{
public:
    PokeSession(Stream &&stream, std::shared_ptr<Shared> shared,
                std::shared_ptr<ConnectionSlot> slot, AuthContext user, Protocol::PokeMessage hello)
        : m_ws(std::move(stream))
        , m_timer(m_ws.get_executor())
        , m_shared(std::move(shared))
        , m_slot(std::move(slot))
        , m_user(std::move(user))
        , m_hello(std::move(hello))
    { }

    ~PokeSession()
    {
        if (m_subscription)
            m_shared->hub.unsubscribe(m_subscription);
    }

    void accept(http::request<http::string_body> request)
    {
        beast::get_lowest_layer(m_ws).expires_never();
        m_ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        m_ws.set_option(websocket::stream_base::decorator([](websocket::response_type &response) {
            response.set(http::field::server, serverName);
        }));
        m_ws.read_message_max(4096);
        m_ws.async_accept(
            request, beast::bind_front_handler(&PokeSession::onAccept, this->shared_from_this()));
    }

private:
    void onAccept(beast::error_code ec)
    {
        if (ec) {
            qCDebug(lcServer) << "WebSocket handshake failed:" << ec.message().c_str();
            return;
        }
        m_sentSeq = m_hello.seq;
        send(ProtocolCodec::encode(m_hello));
        std::weak_ptr<PokeSession> weak = this->shared_from_this();
        auto executor = m_ws.get_executor();
        m_subscription = m_shared->hub.subscribe(m_user, [weak, executor](qint64 seq) {
            net::post(executor, [weak, seq] {
                if (auto self = weak.lock())
                    self->onPoke(seq);
            });
        });
        read();
    }

    void read()
    {
        m_ws.async_read(m_buffer,
                        beast::bind_front_handler(&PokeSession::onRead, this->shared_from_this()));
    }

    void onRead(beast::error_code ec, std::size_t)
    {
        if (ec) {
            // Closed by the client, timed out (no pong) or broken: the session ends.
            close();
            return;
        }
        m_buffer.consume(m_buffer.size()); // clients have nothing to say on this socket
        read();
    }

    void close()
    {
        m_closed = true;
        m_timer.cancel();
        if (m_subscription) {
            m_shared->hub.unsubscribe(m_subscription);
            m_subscription = 0;
        }
    }

    // Coalesces: at most one poke per interval, always carrying the newest seq.
    void onPoke(qint64 seq)
    {
        if (m_closed)
            return;
        m_pendingSeq = std::max(m_pendingSeq, seq);
        if (m_timerArmed)
            return;
        const auto interval = std::chrono::milliseconds(m_shared->options.pokeIntervalMs);
        const auto elapsed = std::chrono::steady_clock::now() - m_lastPoke;
        if (elapsed >= interval) {
            sendPoke();
            return;
        }
        m_timerArmed = true;
        m_timer.expires_after(interval - elapsed);
        m_timer.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            self->m_timerArmed = false;
            if (!ec)
                self->sendPoke();
        });
    }

    void sendPoke()
    {
        if (m_closed || m_pendingSeq <= m_sentSeq)
            return;
        m_sentSeq = m_pendingSeq;
        m_lastPoke = std::chrono::steady_clock::now();
        send(ProtocolCodec::encode(Protocol::PokeMessage {u"poke"_s, m_sentSeq, {}}));
    }

    void send(const QByteArray &message)
    {
        m_outbox.emplace_back(message.constData(), size_t(message.size()));
        if (m_outbox.size() == 1)
            write();
    }

    void write()
    {
        m_ws.text(true);
        m_ws.async_write(
            net::buffer(m_outbox.front()),
            beast::bind_front_handler(&PokeSession::onWrite, this->shared_from_this()));
    }

    void onWrite(beast::error_code ec, std::size_t)
    {
        if (ec) {
            close();
            return;
        }
        m_outbox.pop_front();
        if (!m_outbox.empty())
            write();
    }

    websocket::stream<Stream> m_ws;
    net::steady_timer m_timer;
    beast::flat_buffer m_buffer;
    std::shared_ptr<Shared> m_shared;
    std::shared_ptr<ConnectionSlot> m_slot;
    AuthContext m_user;
    Protocol::PokeMessage m_hello;
    std::deque<std::string> m_outbox;
    quint64 m_subscription = 0;
    qint64 m_pendingSeq = 0;
    qint64 m_sentSeq = 0;
    std::chrono::steady_clock::time_point m_lastPoke {};
    bool m_timerArmed = false;
    bool m_closed = false;
};

// ---- HTTP ------------------------------------------------------------------------------------

template<class Stream> class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>>
{
public:
    HttpSession(Stream &&stream, std::shared_ptr<Shared> shared,
                std::shared_ptr<ConnectionSlot> slot, QString remoteAddress)
        : m_stream(std::move(stream))
        , m_shared(std::move(shared))
        , m_slot(std::move(slot))
        , m_remoteAddress(std::move(remoteAddress))
    { }

    void start()
    {
        if constexpr (isTls<Stream>) {
            beast::get_lowest_layer(m_stream).expires_after(readTimeout());
            m_stream.async_handshake(
                ssl::stream_base::server,
                beast::bind_front_handler(&HttpSession::onHandshake, this->shared_from_this()));
        } else {
            net::dispatch(
                m_stream.get_executor(),
                beast::bind_front_handler(&HttpSession::readHeader, this->shared_from_this()));
        }
    }

private:
    std::chrono::seconds readTimeout() const
    {
        return std::chrono::seconds(m_shared->options.readTimeoutSeconds);
    }

    void onHandshake(beast::error_code ec)
    {
        if (ec) {
            qCDebug(lcServer) << "TLS handshake failed:" << ec.message().c_str();
            return;
        }
        readHeader();
    }

    void readHeader()
    {
        m_parser.emplace();
        m_parser->header_limit(std::uint32_t(m_shared->options.headerLimitBytes));
        m_parser->body_limit(std::uint64_t(m_shared->options.maxBodyBytes));
        beast::get_lowest_layer(m_stream).expires_after(readTimeout());
        http::async_read_header(
            m_stream, m_buffer, *m_parser,
            beast::bind_front_handler(&HttpSession::onHeader, this->shared_from_this()));
    }

    void onHeader(beast::error_code ec, std::size_t)
    {
        if (ec == http::error::body_limit) {
            tooLarge();
            return;
        }
        if (ec) {
            // End of stream, idle timeout, header section too large or not HTTP: close.
            if (ec != http::error::end_of_stream && ec != beast::error::timeout)
                qCDebug(lcServer) << "closing connection:" << ec.message().c_str();
            shutdown();
            return;
        }
        const auto &header = m_parser->get();
        if (ApiHandler::isAuthPath(toBytes(header.target()))) {
            const auto length = m_parser->content_length();
            if (length && *length > std::uint64_t(m_shared->options.maxAuthBodyBytes)) {
                tooLarge();
                return;
            }
            m_parser->body_limit(std::uint64_t(m_shared->options.maxAuthBodyBytes));
        }
        readBody();
    }

    // The body arrives in pieces; the timeout is the time without any progress (a slow link
    // may take longer than that for 8 MiB), so it restarts with every piece.
    void readBody()
    {
        if (m_parser->is_done()) {
            onBody();
            return;
        }
        beast::get_lowest_layer(m_stream).expires_after(readTimeout());
        http::async_read_some(
            m_stream, m_buffer, *m_parser,
            beast::bind_front_handler(&HttpSession::onBodyPiece, this->shared_from_this()));
    }

    void onBodyPiece(beast::error_code ec, std::size_t)
    {
        if (ec == http::error::body_limit) {
            tooLarge();
            return;
        }
        if (ec) {
            shutdown();
            return;
        }
        readBody();
    }

    void onBody()
    {
        const auto &message = m_parser->get();
        m_keepAlive = message.keep_alive();
        m_version = message.version();
        if (websocket::is_upgrade(message)) {
            upgrade();
            return;
        }
        HttpRequest request;
        request.method = toBytes(message.method_string());
        request.target = toBytes(message.target());
        request.authorization = toBytes(message[http::field::authorization]);
        request.body = QByteArray(message.body().data(), qsizetype(message.body().size()));
        request.remoteAddress = m_remoteAddress;

        auto executor = m_stream.get_executor();
        const bool queued = m_shared->workers.trySubmit(
            [self = this->shared_from_this(), executor, request = std::move(request)] {
                HttpResponse response = self->m_shared->api.handle(request);
                net::post(executor, [self, response = std::move(response)]() mutable {
                    self->respond(std::move(response), self->m_keepAlive);
                });
            });
        if (!queued)
            respond(busy(), false);
    }

    static HttpResponse busy()
    {
        return ApiHandler::errorResponse(
            {503, u"unavailable"_s, u"The server is busy; try again shortly."_s, 1});
    }

    void upgrade()
    {
        const auto &message = m_parser->get();
        if (toBytes(message.target()) != ApiHandler::pokePath) {
            respond(ApiHandler::errorResponse(
                        {404, u"not_found"_s, u"WebSockets are served at /api/v1/poke only."_s}),
                    false);
            return;
        }
        auto executor = m_stream.get_executor();
        const QByteArray authorization = toBytes(message[http::field::authorization]);
        const bool queued = m_shared->workers.trySubmit(
            [self = this->shared_from_this(), executor, authorization] {
                ApiResult<AuthContext> user = self->m_shared->api.authenticate(authorization);
                std::optional<ApiResult<Protocol::PokeMessage>> hello;
                if (user)
                    hello.emplace(self->m_shared->api.hello(user.value()));
                net::post(executor, [self, user = std::move(user), hello = std::move(hello)] {
                    if (!user) {
                        self->respond(ApiHandler::errorResponse(user.error()), false);
                        return;
                    }
                    if (!hello->ok()) {
                        self->respond(ApiHandler::errorResponse(hello->error()), false);
                        return;
                    }
                    self->becomeWebSocket(user.value(), hello->value());
                });
            });
        if (!queued)
            respond(busy(), false);
    }

    void becomeWebSocket(const AuthContext &user, const Protocol::PokeMessage &hello)
    {
        auto session = std::make_shared<PokeSession<Stream>>(std::move(m_stream), m_shared, m_slot,
                                                             user, hello);
        session->accept(m_parser->release());
    }

    void tooLarge()
    {
        m_lingering = true;
        respond(ApiHandler::errorResponse(
                    {413, u"payload_too_large"_s, u"The request body is too large."_s}),
                false);
    }

    void respond(HttpResponse response, bool keepAlive)
    {
        if (!response.filePath.isEmpty()) {
            respondWithFile(std::move(response), keepAlive);
            return;
        }
        m_response = {};
        m_response.version(m_version);
        m_response.result(unsigned(response.status));
        m_response.set(http::field::server, serverName);
        if (!response.body.isEmpty())
            m_response.set(http::field::content_type, "application/json");
        if (response.retryAfterSeconds > 0)
            m_response.set(http::field::retry_after, std::to_string(response.retryAfterSeconds));
        m_response.keep_alive(keepAlive);
        m_response.body().assign(response.body.constData(), size_t(response.body.size()));
        m_response.prepare_payload();
        beast::get_lowest_layer(m_stream).expires_after(readTimeout());
        http::async_write(
            m_stream, m_response,
            beast::bind_front_handler(&HttpSession::onWrite, this->shared_from_this(), keepAlive));
    }

    // The header, then the file in large pieces, each under the read timeout: a slow link gets
    // the whole file as long as it keeps taking it.
    void respondWithFile(HttpResponse response, bool keepAlive)
    {
        auto file = std::make_shared<QFile>(response.filePath);
        if (!file->open(QIODevice::ReadOnly)) {
            qCWarning(lcServer) << "cannot send" << response.filePath << file->errorString();
            respond(ApiHandler::errorResponse(
                        {503, u"unavailable"_s, u"The file is being replaced; try again."_s, 1}),
                    keepAlive);
            return;
        }
        m_fileHeader = {};
        m_fileHeader.version(m_version);
        m_fileHeader.result(unsigned(response.status));
        m_fileHeader.set(http::field::server, serverName);
        m_fileHeader.set(http::field::content_type, toStd(response.contentType));
        for (const auto &[name, value] : std::as_const(response.headers))
            m_fileHeader.set(toStd(name), toStd(value));
        m_fileHeader.content_length(std::uint64_t(file->size()));
        m_fileHeader.keep_alive(keepAlive);
        m_fileSerializer.emplace(m_fileHeader);
        beast::get_lowest_layer(m_stream).expires_after(readTimeout());
        http::async_write_header(
            m_stream, *m_fileSerializer,
            [self = this->shared_from_this(), file, keepAlive](beast::error_code ec, std::size_t) {
                self->m_fileSerializer.reset();
                if (ec)
                    return;
                self->m_file = file;
                self->writeFilePiece(keepAlive);
            });
    }

    void writeFilePiece(bool keepAlive)
    {
        m_filePiece.resize(filePieceBytes);
        const qint64 read = m_file->read(m_filePiece.data(), filePieceBytes);
        if (read <= 0) {
            const bool complete = read == 0 && m_file->atEnd();
            if (!complete)
                qCWarning(lcServer) << "cannot read" << m_file->fileName() << m_file->errorString();
            m_file.reset();
            m_filePiece = {};
            if (complete) {
                onWrite(keepAlive, {}, 0);
            } else {
                beast::error_code ignored;
                beast::get_lowest_layer(m_stream).socket().close(ignored);
            }
            return;
        }
        beast::get_lowest_layer(m_stream).expires_after(readTimeout());
        net::async_write(
            m_stream, net::buffer(m_filePiece.data(), std::size_t(read)),
            [self = this->shared_from_this(), keepAlive](beast::error_code ec, std::size_t) {
                if (ec) {
                    self->m_file.reset();
                    return;
                }
                self->writeFilePiece(keepAlive);
            });
    }

    void onWrite(bool keepAlive, beast::error_code ec, std::size_t)
    {
        if (ec)
            return;
        if (m_lingering) {
            linger();
            return;
        }
        if (!keepAlive) {
            shutdown();
            return;
        }
        readHeader();
    }

    // After refusing a body mid-upload, read (and drop) what the client is still sending for a
    // moment, so that it reads the 413 instead of a connection reset.
    void linger()
    {
        beast::error_code ignored;
        auto &tcp = beast::get_lowest_layer(m_stream);
        tcp.socket().shutdown(tcp::socket::shutdown_send, ignored);
        tcp.expires_after(lingerTimeout);
        m_discard.resize(64 * 1024);
        drain();
    }

    void drain()
    {
        beast::get_lowest_layer(m_stream).async_read_some(
            net::buffer(m_discard),
            [self = this->shared_from_this()](beast::error_code ec, std::size_t bytes) {
                self->m_drained += bytes;
                if (ec || self->m_drained > lingerMaxBytes) {
                    beast::error_code ignored;
                    beast::get_lowest_layer(self->m_stream).socket().close(ignored);
                    return;
                }
                self->drain();
            });
    }

    void shutdown()
    {
        beast::error_code ignored;
        if constexpr (isTls<Stream>) {
            beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(5));
            m_stream.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
        } else {
            m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        }
    }

    Stream m_stream;
    beast::flat_buffer m_buffer;
    std::shared_ptr<Shared> m_shared;
    std::shared_ptr<ConnectionSlot> m_slot;
    QString m_remoteAddress;
    std::optional<http::request_parser<http::string_body>> m_parser;
    http::response<http::string_body> m_response;
    http::response<http::empty_body> m_fileHeader;
    std::optional<http::response_serializer<http::empty_body>> m_fileSerializer;
    std::shared_ptr<QFile> m_file;
    QByteArray m_filePiece;
    std::vector<char> m_discard;
    std::size_t m_drained = 0;
    unsigned m_version = 11;
    bool m_keepAlive = false;
    bool m_lingering = false;
};

// ---- accepting -------------------------------------------------------------------------------

class Listener : public std::enable_shared_from_this<Listener>
{
public:
    Listener(net::io_context &ioc, std::shared_ptr<Shared> shared)
        : m_ioc(ioc)
        , m_acceptor(net::make_strand(ioc))
        , m_shared(std::move(shared))
    { }

    Result<quint16> open(const tcp::endpoint &endpoint)
    {
        beast::error_code ec;
        const auto failed = [&](const char *what) {
            return Error {ErrorCode::Io,
                          HttpServer::tr("Cannot %1 %2:%3: %4")
                              .arg(QString::fromLatin1(what),
                                   QString::fromStdString(endpoint.address().to_string()))
                              .arg(endpoint.port())
                              .arg(QString::fromStdString(ec.message()))};
        };
        m_acceptor.open(endpoint.protocol(), ec);
        if (ec)
            return failed("open a socket for");
        m_acceptor.set_option(net::socket_base::reuse_address(true), ec);
        if (ec)
            return failed("configure");
        m_acceptor.bind(endpoint, ec);
        if (ec)
            return failed("listen on");
        m_acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (ec)
            return failed("listen on");
        return quint16(m_acceptor.local_endpoint(ec).port());
    }

    void accept()
    {
        m_acceptor.async_accept(net::make_strand(m_ioc),
                                beast::bind_front_handler(&Listener::onAccept, shared_from_this()));
    }

    void close()
    {
        net::post(m_acceptor.get_executor(), [self = shared_from_this()] {
            beast::error_code ignored;
            self->m_acceptor.close(ignored);
        });
    }

private:
    void onAccept(beast::error_code ec, tcp::socket socket)
    {
        if (ec == net::error::operation_aborted || !m_acceptor.is_open())
            return;
        if (ec) {
            qCWarning(lcServer) << "accept failed:" << ec.message().c_str();
        } else if (m_shared->connections.load() >= m_shared->options.maxConnections) {
            // Over the cap: refused at once rather than left to time out.
            beast::error_code ignored;
            socket.close(ignored);
            qCDebug(lcServer) << "connection refused: at the cap of"
                              << m_shared->options.maxConnections;
        } else {
            auto slot = std::make_shared<ConnectionSlot>(m_shared);
            beast::error_code endpointError;
            const auto remote = socket.remote_endpoint(endpointError);
            const QString address
                = endpointError ? QString() : QString::fromStdString(remote.address().to_string());
            if (m_shared->tls) {
                std::make_shared<HttpSession<TlsStream>>(
                    TlsStream(std::move(socket), *m_shared->tls), m_shared, std::move(slot),
                    address)
                    ->start();
            } else {
                std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), m_shared,
                                                           std::move(slot), address)
                    ->start();
            }
        }
        accept();
    }

    net::io_context &m_ioc;
    tcp::acceptor m_acceptor;
    std::shared_ptr<Shared> m_shared;
};

Result<void> loadTls(ssl::context &context, const HttpServer::Options &options)
{
    for (const QString &file : {options.tlsCertificateFile, options.tlsPrivateKeyFile}) {
        if (!QFileInfo(file).isReadable())
            return Error {ErrorCode::Io,
                          HttpServer::tr("The TLS file %1 cannot be read.").arg(file)};
    }
    beast::error_code ec;
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2
                            | ssl::context::no_sslv3 | ssl::context::no_tlsv1
                            | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                        ec);
    context.use_certificate_chain_file(options.tlsCertificateFile.toStdString(), ec);
    if (ec) {
        return Error {
            ErrorCode::Io,
            HttpServer::tr("The TLS certificate %1 cannot be used (is it a PEM certificate "
                           "chain?): %2")
                .arg(options.tlsCertificateFile, QString::fromStdString(ec.message()))};
    }
    context.use_private_key_file(options.tlsPrivateKeyFile.toStdString(), ssl::context::pem, ec);
    if (ec) {
        return Error {
            ErrorCode::Io,
            HttpServer::tr("The TLS private key %1 cannot be used (is it an unencrypted PEM "
                           "key matching the certificate?): %2")
                .arg(options.tlsPrivateKeyFile, QString::fromStdString(ec.message()))};
    }
    return {};
}

} // namespace

struct HttpServer::Private
{
    Private(ApiHandler &api, PokeHub &hub, WorkerPool &workers)
        : api(api)
        , hub(hub)
        , workers(workers)
    { }

    ApiHandler &api;
    PokeHub &hub;
    WorkerPool &workers;
    std::unique_ptr<net::io_context> ioc;
    std::shared_ptr<Shared> shared;
    std::shared_ptr<Listener> listener;
    std::optional<net::signal_set> signals;
    std::vector<std::thread> threads;
    std::mutex mutex;
    std::condition_variable stopRequested;
    bool stopping = false;
};

HttpServer::HttpServer(ApiHandler &api, PokeHub &hub, WorkerPool &workers)
    : d(std::make_unique<Private>(api, hub, workers))
{ }

HttpServer::~HttpServer()
{
    stop();
}

Result<quint16> HttpServer::start(const Options &options)
{
    beast::error_code ec;
    const net::ip::address address = net::ip::make_address(options.address.toStdString(), ec);
    if (ec)
        return Error {ErrorCode::InvalidArgument,
                      tr("%1 is not an IP address to listen on.").arg(options.address)};

    const int threads = std::max(1, options.ioThreads);
    d->ioc = std::make_unique<net::io_context>(threads);
    d->shared = std::shared_ptr<Shared>(new Shared {d->api, d->hub, d->workers, options, {}, {}});
    if (!options.tlsCertificateFile.isEmpty() || !options.tlsPrivateKeyFile.isEmpty()) {
        d->shared->tls.emplace(ssl::context::tls_server);
        if (Result<void> loaded = loadTls(*d->shared->tls, options); !loaded)
            return loaded.error();
    }
    d->listener = std::make_shared<Listener>(*d->ioc, d->shared);
    const Result<quint16> port = d->listener->open(tcp::endpoint(address, options.port));
    if (!port)
        return port.error();
    d->listener->accept();

    d->signals.emplace(*d->ioc, SIGINT, SIGTERM);
    d->signals->async_wait([this](beast::error_code ec, int signal) {
        if (ec)
            return;
        qCInfo(lcServer) << "signal" << signal << "received: stopping";
        const std::lock_guard lock(d->mutex);
        d->stopping = true;
        d->stopRequested.notify_all();
    });

    for (int i = 0; i < threads; ++i) {
        d->threads.emplace_back([this] {
            // Handlers do not throw by design; one that does must not take the server down.
            for (;;) {
                try {
                    d->ioc->run();
                    return;
                } catch (const std::exception &exception) {
                    qCCritical(lcServer)
                        << "unexpected exception in an I/O thread:" << exception.what();
                }
            }
        });
    }
    qCInfo(lcServer) << "listening on" << options.address << *port
                     << (d->shared->tls ? "(TLS)" : "");
    return port;
}

void HttpServer::waitForStopSignal()
{
    std::unique_lock lock(d->mutex);
    d->stopRequested.wait(lock, [this] { return d->stopping; });
}

void HttpServer::stop()
{
    {
        const std::lock_guard lock(d->mutex);
        d->stopping = true;
        d->stopRequested.notify_all();
    }
    if (!d->ioc)
        return;
    if (d->listener)
        d->listener->close();
    if (d->signals) {
        beast::error_code ignored;
        d->signals->cancel(ignored);
    }
    d->ioc->stop();
    for (std::thread &thread : d->threads) {
        if (thread.joinable())
            thread.join();
    }
    d->threads.clear();
    // Workers still answering post to the context: they end before it does.
    d->workers.stop();
    d->listener.reset();
    d->signals.reset();
    // Destroying the context destroys every session still waiting on it.
    d->ioc.reset();
}

int HttpServer::openConnections() const
{
    return d->shared ? d->shared->connections.load() : 0;
}

} // namespace Outpost
