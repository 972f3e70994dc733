#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace Outpost {

class LocalStore;

/// Full-text search of deal titles, customer names and notes for the pipeline board's
/// filter-as-you-type.
///
/// search() is the query itself (FTS5 trigram MATCH for words of three or more characters,
/// LIKE for shorter ones, which the trigram index cannot serve; every word must occur). The
/// object runs it on its own worker thread with its own read-only connection: request() returns
/// at once and finished() reports the matching deals' rowids later. A request overtaken by a
/// newer one before it started is skipped, so fast typing never queues up stale work.
///
/// The object lives on the GUI thread; its worker is internal.
class PipelineSearcher : public QObject
{
    Q_OBJECT

public:
    explicit PipelineSearcher(const QString &storePath, QObject *parent = nullptr);
    ~PipelineSearcher() override;

    /// Starts a search for text; returns its generation (increasing).
    quint64 request(const QString &text);
    /// The generation of the newest request.
    quint64 latestGeneration() const { return m_latest->load(); }

    /// The rowids of the live and deleted deals whose title, customer or notes contain every
    /// word of text (case-insensitively), ascending. Empty text matches nothing. Runs on the
    /// caller's thread and connection.
    static Result<QList<qint64>> search(LocalStore &store, const QString &text);

    /// Longest search text used; longer input is cut (typed input is short).
    static constexpr int maxTextLength = 200;

Q_SIGNALS:
    void finished(quint64 generation, const QString &text, const QList<qint64> &rowIds);
    void failed(quint64 generation, const QString &text, const QString &message);

private:
    class Worker;
    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;
    std::shared_ptr<std::atomic<quint64>> m_latest;
};

} // namespace Outpost
