#pragma once

#include <QObject>
#include <QTimer>

namespace Outpost {

/// A restartable single-shot timer: the Replicator's retries, polling and local-change checks
/// run on these. Tests substitute a subclass that records the interval and fires on demand,
/// so backoff is tested without sleeping. Lives on the thread of its parent.
class SyncTimer : public QObject
{
    Q_OBJECT

public:
    explicit SyncTimer(QObject *parent = nullptr);

    /// (Re)starts the timer: timeout() once after ms milliseconds.
    virtual void start(int ms);
    virtual void stop();
    virtual bool isActive() const;
    /// The interval of the last start().
    int interval() const { return m_interval; }

Q_SIGNALS:
    void timeout();

protected:
    int m_interval = 0;

private:
    QTimer m_timer;
};

} // namespace Outpost
