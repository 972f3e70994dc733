#include "pipelinesearcher.h"

#include "localstore.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int maxWords = 8;

QString ftsPhrase(const QString &word)
{
    QString escaped = word;
    escaped.replace(u'"', u"\"\""_s);
    return u'"' + escaped + u'"';
}

QString likePattern(const QString &word)
{
    QString pattern = word;
    pattern.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + pattern + u'%';
}

} // namespace

/// Runs searches on the searcher's thread with a connection of its own.
class PipelineSearcher::Worker : public QObject
{
public:
    Worker(QString storePath, std::shared_ptr<std::atomic<quint64>> latest,
           PipelineSearcher *searcher)
        : m_storePath(std::move(storePath))
        , m_latest(std::move(latest))
        , m_searcher(searcher)
    { }

    void run(quint64 generation, const QString &text)
    {
        if (generation < m_latest->load())
            return; // overtaken while queued
        if (!m_store) {
            Result<std::unique_ptr<LocalStore>> opened
                = LocalStore::open(m_storePath, LocalStore::OpenMode::ReadOnly);
            if (!opened) {
                Q_EMIT m_searcher->failed(generation, text, opened.error().message);
                return;
            }
            m_store = std::move(opened).value();
        }
        const Result<QList<qint64>> rowIds = PipelineSearcher::search(*m_store, text);
        if (rowIds)
            Q_EMIT m_searcher->finished(generation, text, rowIds.value());
        else
            Q_EMIT m_searcher->failed(generation, text, rowIds.error().message);
    }

    void close() { m_store.reset(); }

private:
    QString m_storePath;
    std::shared_ptr<std::atomic<quint64>> m_latest;
    PipelineSearcher *m_searcher;
    std::unique_ptr<LocalStore> m_store;
};

PipelineSearcher::PipelineSearcher(const QString &storePath, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    m_thread->setObjectName(u"PipelineSearcher"_s);
    m_worker = new Worker(storePath, m_latest, this);
    m_worker->moveToThread(m_thread);
    m_thread->start();
}

PipelineSearcher::~PipelineSearcher()
{
    // The connection belongs to the worker thread: close it there, then stop the thread.
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
}

quint64 PipelineSearcher::request(const QString &text)
{
    const quint64 generation = m_latest->fetch_add(1) + 1;
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, generation, text] { worker->run(generation, text); },
        Qt::QueuedConnection);
    return generation;
}

Result<QList<qint64>> PipelineSearcher::search(LocalStore &store, const QString &text)
{
    static const QRegularExpression spaces(u"\\s+"_s);
    QStringList words = text.left(maxTextLength).split(spaces, Qt::SkipEmptyParts);
    words.removeDuplicates();
    if (words.size() > maxWords)
        words.resize(maxWords);
    QList<qint64> rowIds;
    if (words.isEmpty())
        return rowIds;

    // Words of three characters or more go to the trigram index; shorter ones (common in
    // Chinese, where two characters often make a word) are checked with LIKE, which also
    // runs on the index's own copy of the text. Characters, not UTF-16 units, count.
    QStringList matchTerms;
    QStringList likeWords;
    for (const QString &word : std::as_const(words)) {
        if (word.toUcs4().size() >= 3)
            matchTerms.append(ftsPhrase(word));
        else
            likeWords.append(word);
    }
    // The LIKE words scan the index's own copy of the texts: FTS5 keeps it in the shadow
    // table deals_fts_content (id = rowid, c0..c2 = title, customer, notes), which is read
    // more than twice as fast as the same columns through the virtual table.
    QStringList likes;
    for (qsizetype i = 0; i < likeWords.size(); ++i) {
        likes.append(u"(c0 LIKE ? ESCAPE '\\' OR c1 LIKE ? ESCAPE '\\' OR c2 LIKE ? "
                     u"ESCAPE '\\')"_s);
    }
    QString sql;
    if (matchTerms.isEmpty()) {
        sql = u"SELECT id FROM deals_fts_content WHERE "_s + likes.join(u" AND "_s);
    } else if (likes.isEmpty()) {
        sql = u"SELECT rowid FROM deals_fts WHERE deals_fts MATCH ?"_s;
    } else {
        sql = u"SELECT deals_fts.rowid FROM deals_fts JOIN deals_fts_content t "
              u"ON t.id = deals_fts.rowid WHERE deals_fts MATCH ? AND "_s
            + likes.join(u" AND "_s);
    }

    QSqlQuery q = store.query();
    q.setForwardOnly(true);
    q.prepare(sql);
    if (!matchTerms.isEmpty())
        q.addBindValue(matchTerms.join(u' '));
    for (const QString &word : std::as_const(likeWords)) {
        const QString pattern = likePattern(word);
        q.addBindValue(pattern);
        q.addBindValue(pattern);
        q.addBindValue(pattern);
    }
    if (!q.exec())
        return LocalStore::sqlError(q);
    while (q.next())
        rowIds.append(q.value(0).toLongLong());
    std::sort(rowIds.begin(), rowIds.end());
    return rowIds;
}

} // namespace Outpost
