#pragma once

#include <QString>
#include <QTemporaryDir>

namespace Outpost {

/// The "store" scenario: demo generation at scale, opening a large store, customer search per
/// keystroke, and the one write path's throughput against raw inserts. Runs on the main
/// thread; every store lives in a temporary folder that is removed at the end.
class StoreBench
{
public:
    struct Options
    {
        int deals = 100'000; ///< deals in the large store
        int generationRuns = 3; ///< generations of the large store (median)
        int repetitions = 5; ///< repetitions of the quicker figures (median)
    };

    explicit StoreBench(Options options);

    /// Measures and prints every figure; returns the process exit code (1 if a step failed).
    int run();

private:
    bool measureGeneration(int deals, int runs, bool keepStore);
    bool measureOpen();
    bool measureCustomerSearch();
    bool measureWrites();

    Options m_options;
    QTemporaryDir m_dir;
    QString m_storePath; ///< the large store the later figures use
};

} // namespace Outpost
