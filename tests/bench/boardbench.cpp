#include "boardbench.h"

#include "benchreport.h"

#include "pipelineboardwidget.h"
#include "pipelinefilterbar.h"
#include "pipelinemover.h"
#include "pipelinepage.h"

#include "demogenerator.h"
#include "localstore.h"
#include "organizationrepository.h"
#include "pipelineboardmodel.h"
#include "pipelinecolumnmodel.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMimeData>
#include <QPixmap>
#include <QSettings>
#include <QTimer>
#include <QUndoStack>

#include <ctime>
#include <memory>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// The same "now" as the store scenario, so both measure the same data.
const qint64 benchNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr int loadTimeoutMs = 10 * 60 * 1000;
constexpr int stepTimeoutMs = 60 * 1000;

double loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return file.readAll().split(' ').value(0).toDouble();
}

double residentMegabytes()
{
    // /proc files have no size: read them whole, not up to atEnd().
    QFile file(u"/proc/self/status"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

double cpuMilliseconds()
{
    return double(std::clock()) * 1000.0 / CLOCKS_PER_SEC;
}

// Processes events until done() holds; false on timeout.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    // Sleeps until an event arrives, as the application's event loop does; the tick only bounds
    // the wait. (processEvents() with a maximum time never sleeps: it would take a core from
    // the loader's threads and inflate every figure.)
    QTimer tick;
    tick.start(100);
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

void copyStore(const QString &from, const QString &to)
{
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(to + suffix);
    QFile::copy(from, to);
    QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
}

void type(QWidget *target, int key, const QString &text, Qt::KeyboardModifiers modifiers = {})
{
    QKeyEvent press(QEvent::KeyPress, key, modifiers, text);
    QKeyEvent release(QEvent::KeyRelease, key, modifiers, text);
    QCoreApplication::sendEvent(target, &press);
    QCoreApplication::sendEvent(target, &release);
}

} // namespace

BoardBench::BoardBench(Options options)
    : m_options(std::move(options))
{ }

int BoardBench::run()
{
    if (!m_dir.isValid()) {
        qCritical("cannot create a temporary folder: %s", qPrintable(m_dir.errorString()));
        return 1;
    }
    // The bench's own settings: a user's remembered filters must not change what is measured.
    QCoreApplication::setOrganizationName(u"OutpostBench"_s);
    for (int deals : std::as_const(m_options.deals)) {
        if (!measure(deals))
            return 1;
    }
    return 0;
}

int BoardBench::generate()
{
    for (int deals : std::as_const(m_options.deals)) {
        if (cachedStore(deals).isEmpty())
            return 1;
    }
    return 0;
}

QString BoardBench::cachedStorePath(const QString &cacheDir, int deals)
{
    return QDir(cacheDir).filePath(u"board-%1.outpost"_s.arg(deals));
}

QString BoardBench::cachedStore(int deals)
{
    QDir().mkpath(m_options.cacheDir);
    const QString path = cachedStorePath(m_options.cacheDir, deals);
    if (QFile::exists(path))
        return path;
    // Generated under another name and renamed: an interrupted run leaves no half store.
    const QString partial = path + u".partial"_s;
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(partial + suffix);
    qInfo("generating a demo store with %d deals into %s (once; later runs reuse it)", deals,
          qPrintable(path));
    {
        Result<std::unique_ptr<LocalStore>> store = LocalStore::open(partial);
        if (!store) {
            qCritical("cannot create %s: %s", qPrintable(partial),
                      qPrintable(store.error().message));
            return {};
        }
        DemoGenerator::Options options;
        options.deals = deals;
        options.nowMs = benchNow;
        DemoGenerator generator(options);
        const Result<void> done = generator.generate(*store.value());
        if (!done) {
            qCritical("generating %d deals failed: %s", deals, qPrintable(done.error().message));
            return {};
        }
    }
    if (!QFile::rename(partial, path)) {
        qCritical("cannot move the generated store to %s", qPrintable(path));
        return {};
    }
    return path;
}

bool BoardBench::measure(int deals)
{
    const QString cached = cachedStore(deals);
    if (cached.isEmpty())
        return false;
    // A copy: the moves write to it. Copying also warms the file cache ("a warm store").
    const QString path = m_dir.filePath(u"board-%1.outpost"_s.arg(deals));
    copyStore(cached, path);
    Result<std::unique_ptr<LocalStore>> opened = LocalStore::open(path);
    if (!opened) {
        qCritical("cannot open %s: %s", qPrintable(path), qPrintable(opened.error().message));
        return false;
    }
    LocalStore &store = *opened.value();
    OrganizationRepository organization(store);
    const QString repId = organization.currentUserId();
    QString hqId;
    if (const Result<QList<User>> users = organization.users()) {
        for (const User &user : users.value()) {
            if (user.role == u"hq"_s || user.role == u"admin"_s) {
                hqId = user.id;
                break;
            }
        }
    }
    if (hqId.isEmpty() || repId.isEmpty()) {
        qCritical("the demo store has no HQ user or no demo rep");
        return false;
    }
    // The HQ view first: the largest board, and the one whose memory a fresh process reports.
    m_measureRss = true;
    return measureView(store, deals, u"hq"_s, hqId) && measureView(store, deals, u"rep"_s, repId);
}

bool BoardBench::measureView(LocalStore &store, int deals, const QString &view,
                             const QString &userId)
{
    QUndoStack undoStack;
    const double load = loadAverage();
    const auto newPage = [&] {
        QSettings().remove(u"pipeline"_s);
        auto page = std::make_unique<PipelinePage>(store, &undoStack, userId);
        page->resize(1400, 860);
        return page;
    };

    // board.open_ms: constructing the page starts the load on the thread pool; the figure
    // ends with the first frame painted. The first open warms fonts and styles; not counted.
    QList<double> openMs;
    QList<double> openCpuMs;
    QList<double> loadMs;
    QList<double> paintMs;
    double coldMs = 0;
    double firstOpenRssMb = 0;
    std::unique_ptr<PipelinePage> page;
    for (int run = 0; run <= m_options.opens; ++run) {
        page.reset();
        const double cpuBefore = cpuMilliseconds();
        QElapsedTimer timer;
        timer.start();
        page = newPage();
        bool loaded = false;
        bool failed = false;
        QObject::connect(page.get(), &PipelinePage::loaded, page.get(), [&] { loaded = true; });
        QObject::connect(page.get(), &PipelinePage::loadFailed, page.get(), [&] { failed = true; });
        if (!waitFor([&] { return loaded || failed; }, loadTimeoutMs) || failed) {
            qCritical("the board did not load (%d deals)", deals);
            return false;
        }
        const double loadedMs = double(timer.nsecsElapsed()) / 1e6;
        const QPixmap frame = page->grab();
        const double elapsed = double(timer.nsecsElapsed()) / 1e6;
        if (frame.isNull())
            return false;
        if (run == 0) {
            // Resident memory as a user has it: the board opened once in this process.
            coldMs = elapsed;
            firstOpenRssMb = residentMegabytes();
            continue;
        }
        openMs.append(elapsed);
        openCpuMs.append(cpuMilliseconds() - cpuBefore);
        loadMs.append(loadedMs);
        paintMs.append(elapsed - loadedMs);
    }
    PipelineBoardModel *board = page->boardModel();
    const auto extras = [&](BenchReport::Extras more) {
        BenchReport::Extras all {{u"deals"_s, deals},
                                 {u"view"_s, view},
                                 {u"cards"_s, qint64(board->dataset().cards.size())},
                                 {u"load_avg"_s, load}};
        all.append(more);
        return all;
    };
    BenchReport::print(
        u"board.open_ms"_s, BenchReport::rounded(BenchReport::median(openMs), 1), u"ms"_s,
        extras({{u"runs"_s, m_options.opens},
                {u"min_ms"_s,
                 BenchReport::rounded(*std::min_element(openMs.cbegin(), openMs.cend()), 1)},
                {u"cpu_ms"_s, BenchReport::rounded(BenchReport::median(openCpuMs), 1)},
                {u"cold_ms"_s, BenchReport::rounded(coldMs, 1)},
                {u"load_ms"_s, BenchReport::rounded(BenchReport::median(loadMs), 1)},
                {u"first_frame_ms"_s, BenchReport::rounded(BenchReport::median(paintMs), 1)},
                {u"shown"_s, board->matchCount()}}));
    if (m_measureRss) {
        BenchReport::print(
            u"board.rss_mb"_s, BenchReport::rounded(firstOpenRssMb, 1), u"MB"_s,
            extras({{u"after_runs_mb"_s, BenchReport::rounded(residentMegabytes(), 1)}}));
        m_measureRss = false;
    }

    // board.filter_keystroke_ms: words as a user types them, one key at a time; a key is done
    // when the counts are up to date (the search's matches applied).
    QLineEdit *search = page->filterBar()->searchLineEdit();
    search->setFocus();
    QList<double> keystrokes;
    QList<double> shortKeystrokes;
    QList<double> longKeystrokes;
    const QStringList words = {u"Cloud"_s, u"上海"_s, u"renewal"_s, u"Data"_s, u"科技"_s};
    for (const QString &word : words) {
        for (qsizetype i = 0; i < word.size(); ++i) {
            const QChar c = word.at(i);
            const int key = c.unicode() < 128 ? int(c.toUpper().unicode()) : int(Qt::Key_unknown);
            QElapsedTimer timer;
            timer.start();
            type(search, key, QString(c));
            if (!waitFor([&] { return !board->searchPending(); }, stepTimeoutMs)) {
                qCritical("the search for \"%s\" did not finish", qPrintable(search->text()));
                return false;
            }
            const double elapsed = double(timer.nsecsElapsed()) / 1e6;
            keystrokes.append(elapsed);
            (i + 1 < 3 ? shortKeystrokes : longKeystrokes).append(elapsed);
        }
        // Clearing the field is a keystroke too.
        QElapsedTimer timer;
        timer.start();
        search->selectAll();
        type(search, Qt::Key_Backspace, QString());
        QCoreApplication::processEvents();
        keystrokes.append(double(timer.nsecsElapsed()) / 1e6);
    }
    BenchReport::print(
        u"board.filter_keystroke_ms"_s, BenchReport::rounded(BenchReport::median(keystrokes), 2),
        u"ms"_s,
        extras(
            {{u"keystrokes"_s, int(keystrokes.size())},
             {u"p90_ms"_s, BenchReport::rounded(BenchReport::percentile(keystrokes, 90), 2)},
             {u"max_ms"_s,
              BenchReport::rounded(*std::max_element(keystrokes.cbegin(), keystrokes.cend()), 2)},
             {u"trigram_median_ms"_s, BenchReport::rounded(BenchReport::median(longKeystrokes), 2)},
             {u"short_median_ms"_s,
              BenchReport::rounded(BenchReport::median(shortKeystrokes), 2)}}));

    // board.move_commit_ms: the first card of the first stage dropped on the second stage
    // (no required fields there), through the column model's drop, until the board shows it.
    QList<double> moveMs;
    QList<double> commitMs;
    for (int move = 0; move < m_options.moves; ++move) {
        PipelineColumnModel *from = board->columnModel(0);
        PipelineColumnModel *to = board->columnModel(1);
        if (!from || !to || from->rowCount() == 0)
            break;
        const QModelIndex card = from->index(0);
        const qint64 rowId = card.data(int(PipelineColumnModel::Role::RowId)).toLongLong();
        std::unique_ptr<QMimeData> data(from->mimeData({card}));
        QElapsedTimer timer;
        timer.start();
        if (!to->dropMimeData(data.get(), Qt::MoveAction, -1, -1, {})) {
            qCritical("the drop was refused");
            return false;
        }
        const bool moved = waitFor(
            [&] { return board->columnOfCard(board->card(board->cardIndex(rowId))) == 1; },
            stepTimeoutMs);
        if (!moved) {
            qCritical("the moved card did not arrive");
            return false;
        }
        moveMs.append(double(timer.nsecsElapsed()) / 1e6);
        commitMs.append(page->mover()->lastCommitMs());
    }
    while (undoStack.canUndo())
        undoStack.undo();
    if (!moveMs.isEmpty()) {
        BenchReport::print(
            u"board.move_commit_ms"_s, BenchReport::rounded(BenchReport::median(moveMs), 2),
            u"ms"_s,
            extras({{u"runs"_s, int(moveMs.size())},
                    {u"p90_ms"_s, BenchReport::rounded(BenchReport::percentile(moveMs, 90), 2)},
                    {u"edit_only_ms"_s, BenchReport::rounded(BenchReport::median(commitMs), 2)}}));
    }
    page.reset();
    return true;
}

} // namespace Outpost
