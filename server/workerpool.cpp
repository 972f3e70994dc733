#include "workerpool.h"

namespace Outpost {

WorkerPool::WorkerPool(int threads, int maxQueued, std::function<void()> onThreadExit)
    : m_onThreadExit(std::move(onThreadExit))
    , m_maxQueued(maxQueued)
{
    m_threads.reserve(size_t(threads));
    for (int i = 0; i < threads; ++i)
        m_threads.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool()
{
    stop();
}

bool WorkerPool::trySubmit(std::function<void()> task)
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping || int(m_queue.size()) >= m_maxQueued)
            return false;
        m_queue.push_back(std::move(task));
    }
    m_wake.notify_one();
    return true;
}

void WorkerPool::stop()
{
    std::deque<std::function<void()>> dropped;
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping && m_threads.empty())
            return;
        m_stopping = true;
        dropped.swap(m_queue);
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
    m_threads.clear();
    // Dropped tasks are destroyed here, outside the lock (they may own sessions).
}

void WorkerPool::run()
{
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                break;
            task = std::move(m_queue.front());
            m_queue.pop_front();
        }
        task();
    }
    if (m_onThreadExit)
        m_onThreadExit();
}

} // namespace Outpost
