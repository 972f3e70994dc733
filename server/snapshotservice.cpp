#include "snapshotservice.h"

#include "localstore.h"
#include "logging.h"
#include "remoterows.h"
#include "schema.h"
#include "serverstore.h"
#include "syncstore.h"
#include "zstdstream.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString allScope = u"all"_s;
const QString noUnitScope = u"none"_s;
const QString unitPrefix = u"unit:"_s;
constexpr qint64 maxMetadataBytes = 64 * 1024;
// What a snapshot may decompress to: a store of well over ten million deals.
constexpr qint64 maxDatabaseBytes = 64LL * 1024 * 1024 * 1024;
// zstd's default: 260 MB in about 1.4 s, to a third.
constexpr int compressionLevel = 3;

} // namespace

SnapshotService::SnapshotService(ServerStore &store, Options options)
    : m_store(store)
    , m_options(std::move(options))
{ }

Result<std::unique_ptr<SnapshotService>> SnapshotService::open(ServerStore &store, Options options)
{
    if (options.directory.isEmpty() || !QDir().mkpath(options.directory)) {
        return Error {ErrorCode::Io,
                      tr("The snapshot directory %1 cannot be created.").arg(options.directory)};
    }
    options.pageSize = std::clamp(options.pageSize, 100, 5000);
    std::unique_ptr<SnapshotService> service(new SnapshotService(store, std::move(options)));
    service->m_lock
        = std::make_unique<QLockFile>(QDir(service->m_options.directory).filePath(u".lock"_s));
    service->m_lock->setStaleLockTime(0); // a crashed server's lock is taken over
    if (!service->m_lock->tryLock(0)) {
        return Error {ErrorCode::Conflict,
                      tr("The snapshot directory %1 is in use by another outpost-server.")
                          .arg(service->m_options.directory)};
    }
    if (Result<void> loaded = service->load(); !loaded)
        return loaded.error();
    return service;
}

SnapshotService::~SnapshotService()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

QString SnapshotService::scopeKey(const AuthContext &user)
{
    if (user.readsEverything())
        return allScope;
    return user.unitId.isEmpty() ? noUnitScope : unitPrefix + user.unitId;
}

QString SnapshotService::stem(const QString &scope) const
{
    QString name = scope;
    if (scope.startsWith(unitPrefix)) {
        // Unit ids are UUIDs; anything else is named by its hash, never used as a path.
        static const QRegularExpression plain(u"^[0-9A-Za-z_-]{1,64}$"_s);
        const QString id = scope.mid(unitPrefix.size());
        name = u"unit-"_s
            + (plain.match(id).hasMatch()
                   ? id
                   : QString::fromLatin1(
                       QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha256).toHex()));
    }
    return QDir(m_options.directory).filePath(name);
}

Result<void> SnapshotService::load()
{
    const QDir dir(m_options.directory);
    QSet<QString> kept;
    const QStringList metadataFiles = dir.entryList({u"*.json"_s}, QDir::Files);
    for (const QString &name : metadataFiles) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly) || file.size() > maxMetadataBytes)
            continue;
        const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        Snapshot snapshot;
        snapshot.scope = object.value(u"scope"_s).toString();
        snapshot.path = dir.filePath(object.value(u"file"_s).toString());
        snapshot.epoch = object.value(u"epoch"_s).toString();
        snapshot.cursor = object.value(u"cursor"_s).toInteger();
        snapshot.schemaVersion = object.value(u"schema"_s).toInt();
        snapshot.bytes = object.value(u"bytes"_s).toInteger();
        snapshot.databaseBytes = object.value(u"database_bytes"_s).toInteger();
        snapshot.sha256 = object.value(u"sha256"_s).toString().toLatin1();
        snapshot.builtAt = object.value(u"built_at"_s).toInteger();
        const QFileInfo info(snapshot.path);
        const bool usable = !snapshot.scope.isEmpty()
            && stem(snapshot.scope) + u".json"_s == file.fileName() && info.dir() == dir
            && info.exists() && info.size() == snapshot.bytes
            && snapshot.schemaVersion == Schema::latestVersion() && snapshot.sha256.size() == 64
            && !snapshot.epoch.isEmpty();
        if (!usable) {
            qCInfo(lcServer) << "ignoring the snapshot described by" << file.fileName();
            continue;
        }
        m_published.insert(snapshot.scope, snapshot);
        kept.insert(info.fileName());
    }
    // What a stopped build or a replaced snapshot left behind.
    const QStringList databases = dir.entryList({u"*.sqlite*"_s}, QDir::Files);
    for (const QString &name : databases) {
        if (!kept.contains(name))
            QFile::remove(dir.filePath(name));
    }
    qCInfo(lcServer) << "snapshots in" << m_options.directory << ":" << m_published.size();
    return {};
}

Result<std::optional<SnapshotService::Snapshot>> SnapshotService::find(const AuthContext &user)
{
    const Result<QString> epoch = m_store.epoch();
    if (!epoch)
        return epoch.error();
    const Result<qint64> latest = m_store.latestSeqInScope(user);
    if (!latest)
        return latest.error();
    const QString scope = scopeKey(user);
    const std::lock_guard lock(m_mutex);
    const auto it = m_published.constFind(scope);
    if (it == m_published.cend() || it->epoch != epoch.value()) {
        if (latest.value() >= m_options.minSeq)
            queue(user);
        return std::optional<Snapshot>();
    }
    if (latest.value() - it->cursor >= m_options.refreshAfter)
        queue(user);
    return std::optional<Snapshot>(*it);
}

void SnapshotService::queue(const AuthContext &user)
{
    // m_mutex is held.
    const QString scope = scopeKey(user);
    if (m_stopping || m_queued.contains(scope))
        return;
    qCInfo(lcServer) << "snapshot of" << scope << "queued";
    m_queue.push_back(user);
    m_queued.insert(scope);
    if (!m_thread.joinable())
        m_thread = std::thread([this] { run(); });
    m_changed.notify_all();
}

void SnapshotService::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_stopping)
            break;
        const AuthContext user = m_queue.front();
        m_queue.pop_front();
        m_busy = true;
        lock.unlock();
        const Result<Snapshot> built = build(user);
        if (!built)
            qCWarning(lcServer) << "snapshot not built:" << built.error().message;
        lock.lock();
        m_queued.remove(scopeKey(user));
        m_busy = false;
        m_changed.notify_all();
    }
    m_queue.clear();
    m_queued.clear();
    m_changed.notify_all();
    lock.unlock();
    m_store.releaseThreadResources();
}

void SnapshotService::waitUntilIdle()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_stopping || (m_queue.empty() && !m_busy); });
}

Result<SnapshotService::Snapshot> SnapshotService::build(const AuthContext &user)
{
    const std::lock_guard building(m_buildMutex);
    const QString scope = scopeKey(user);
    QElapsedTimer timer;
    timer.start();
    std::optional<Snapshot> previous;
    {
        const std::lock_guard lock(m_mutex);
        if (const auto it = m_published.constFind(scope); it != m_published.cend())
            previous = *it;
    }
    const Result<QString> epoch = m_store.epoch();
    if (!epoch)
        return epoch.error();
    if (previous && previous->epoch != epoch.value())
        previous.reset();
    if (previous) {
        const Result<qint64> latest = m_store.latestSeqInScope(user);
        if (!latest)
            return latest.error();
        if (latest.value() <= previous->cursor)
            return *previous; // nothing new in the scope
    }

    const QString working = stem(scope) + u".building.sqlite"_s;
    Result<Snapshot> built = pullInto(user, epoch.value(), working, previous);
    if (built && previous && built->cursor == previous->cursor) {
        LocalStore::removeFiles(working);
        return *previous;
    }
    if (built) {
        if (Result<void> published = publish(built.value(), working); !published)
            built = published.error();
    }
    if (!built) {
        LocalStore::removeFiles(working);
        return built;
    }
    qCInfo(lcServer) << "snapshot of" << scope << "at cursor" << built->cursor << ":"
                     << built->bytes << "bytes in" << timer.elapsed() << "ms"
                     << (previous ? "from the previous one" : "from scratch");
    return built;
}

Result<SnapshotService::Snapshot> SnapshotService::pullInto(const AuthContext &user,
                                                            const QString &epoch,
                                                            const QString &path,
                                                            const std::optional<Snapshot> &previous)
{
    LocalStore::removeFiles(path);
    // Starting from the previous snapshot, only the changes since are pulled.
    if (previous) {
        if (Result<void> copied
            = ZstdStream::decompressFile(previous->path, path, maxDatabaseBytes);
            !copied) {
            qCWarning(lcServer) << "cannot unpack" << previous->path << copied.error().message
                                << "- building from scratch";
            LocalStore::removeFiles(path);
        }
    }
    Result<std::unique_ptr<LocalStore>> opened = LocalStore::open(path);
    if (!opened)
        return opened.error();
    const std::unique_ptr<LocalStore> store = std::move(opened).value();
    // A build that does not finish is thrown away: no commit needs to wait for the disk.
    if (Result<void> relaxed = store->setDurability(LocalStore::Durability::Checkpoint); !relaxed)
        return relaxed.error();
    SyncStore sync(*store);
    if (const Result<bool> adopted = sync.adoptEpoch(epoch); !adopted)
        return adopted.error();
    for (;;) {
        {
            const std::lock_guard lock(m_mutex);
            if (m_stopping)
                return Error {ErrorCode::Conflict, tr("The server is stopping.")};
        }
        const Result<Protocol::PullResponse> page
            = m_store.pull(user, sync.cursor(), m_options.pageSize, sync.epoch());
        if (!page)
            return page.error();
        const Result<SyncStore::PageOutcome> outcome = sync.applyPullPage(toPullPage(page.value()));
        if (!outcome)
            return outcome.error();
        if (outcome->epochChanged || outcome->resetRequired) {
            return Error {ErrorCode::Conflict,
                          tr("The dataset was restored while its snapshot was built.")};
        }
        if (!page->hasMore)
            break;
    }
    if (Result<void> sealed = sync.sealSnapshot(); !sealed)
        return sealed.error();
    Snapshot snapshot;
    snapshot.scope = scopeKey(user);
    snapshot.epoch = sync.epoch();
    snapshot.cursor = sync.cursor();
    snapshot.schemaVersion = store->schemaVersion();
    return snapshot;
}

Result<void> SnapshotService::publish(Snapshot &snapshot, const QString &builtPath)
{
    // The store was closed: its WAL is folded into the file, which is now the snapshot.
    for (const QString &suffix : {u"-wal"_s, u"-journal"_s}) {
        if (QFileInfo(builtPath + suffix).size() > 0) {
            return Error {ErrorCode::Conflict,
                          tr("The snapshot %1 was not closed cleanly.").arg(builtPath)};
        }
    }
    snapshot.databaseBytes = QFileInfo(builtPath).size();
    snapshot.path = u"%1-%2.sqlite.zst"_s.arg(stem(snapshot.scope)).arg(snapshot.cursor);
    QCryptographicHash sha256(QCryptographicHash::Sha256);
    if (Result<void> compressed
        = ZstdStream::compressFile(builtPath, snapshot.path, compressionLevel, &sha256);
        !compressed) {
        return compressed;
    }
    LocalStore::removeFiles(builtPath);
    snapshot.sha256 = sha256.result().toHex();
    snapshot.bytes = QFileInfo(snapshot.path).size();
    snapshot.builtAt = QDateTime::currentMSecsSinceEpoch();

    QSaveFile metadata(stem(snapshot.scope) + u".json"_s);
    const QJsonObject object {
        {u"scope"_s, snapshot.scope},
        {u"file"_s, QFileInfo(snapshot.path).fileName()},
        {u"epoch"_s, snapshot.epoch},
        {u"cursor"_s, snapshot.cursor},
        {u"schema"_s, snapshot.schemaVersion},
        {u"encoding"_s, u"zstd"_s},
        {u"bytes"_s, snapshot.bytes},
        {u"database_bytes"_s, snapshot.databaseBytes},
        {u"sha256"_s, QString::fromLatin1(snapshot.sha256)},
        {u"built_at"_s, snapshot.builtAt},
    };
    if (!metadata.open(QIODevice::WriteOnly) || metadata.write(QJsonDocument(object).toJson()) < 0
        || !metadata.commit()) {
        QFile::remove(snapshot.path);
        return Error {ErrorCode::Io,
                      tr("The description of the snapshot %1 cannot be written: %2")
                          .arg(snapshot.path, metadata.errorString())};
    }

    const std::lock_guard lock(m_mutex);
    // The file before the current one may still be downloading; the one before that is not.
    const QString retired = m_retired.take(snapshot.scope);
    if (!retired.isEmpty() && retired != snapshot.path)
        QFile::remove(retired);
    if (const auto it = m_published.constFind(snapshot.scope);
        it != m_published.cend() && it->path != snapshot.path) {
        m_retired.insert(snapshot.scope, it->path);
    }
    m_published.insert(snapshot.scope, snapshot);
    return {};
}

} // namespace Outpost
