#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace Outpost {

/// A fixed set of threads running submitted tasks in order, with a bounded queue: when it is
/// full, trySubmit() refuses (the server answers 503) instead of letting work pile up.
/// onThreadExit runs on each worker thread as it ends (to close its store connection).
///
/// Thread-safe. The destructor (or stop()) finishes the running tasks, drops the queued ones
/// and joins the threads.
class WorkerPool
{
public:
    WorkerPool(int threads, int maxQueued, std::function<void()> onThreadExit = {});
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    bool trySubmit(std::function<void()> task);
    void stop();

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_queue;
    std::vector<std::thread> m_threads;
    std::function<void()> m_onThreadExit;
    int m_maxQueued;
    bool m_stopping = false;
};

} // namespace Outpost
