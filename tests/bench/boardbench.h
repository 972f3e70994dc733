#pragma once

#include <QList>
#include <QString>
#include <QTemporaryDir>

namespace Outpost {

class LocalStore;

/// The "board" scenario: the pipeline board on large demo stores. For each store size it
/// measures, for the HQ view (every unit) and the demo rep's view (their unit):
///   board.open_ms              a warm store to the board's models filled and its first frame
///                              painted (the page rendered offscreen with QWidget::grab);
///   board.rss_mb               resident memory with the board open (VmRSS);
///   board.filter_keystroke_ms  one keystroke of filter-as-you-type, from the key event to the
///                              updated counts (the full-text search runs on its thread);
///   board.move_commit_ms       a drop of a card on the next stage until the edit is committed
///                              (row, field history, outbox) and the board shows it.
/// Demo stores are generated once into a cache folder and reused; each run works on a copy.
/// Resident memory is taken after the first open of the HQ board, so run one store size per
/// process for that figure (outpost_bench_ui does). Runs on the GUI thread of a QApplication.
class BoardBench
{
public:
    struct Options
    {
        QList<int> deals {10'000, 100'000, 1'000'000};
        QString cacheDir; ///< where generated stores are kept
        int opens = 5; ///< measured opens per view (after one warm-up)
        int moves = 30; ///< measured moves
    };

    explicit BoardBench(Options options);

    /// Measures and prints every figure; returns the process exit code (1 if a step failed).
    int run();
    /// Generates the cached stores that are missing; returns the process exit code. Run it in
    /// a process of its own before run(): generating a large store leaves freed memory that
    /// the allocator keeps, and it would count in board.rss_mb.
    int generate();
    /// Where the store of deals deals is cached in cacheDir.
    static QString cachedStorePath(const QString &cacheDir, int deals);

private:
    QString cachedStore(int deals);
    bool measure(int deals);
    bool measureView(LocalStore &store, int deals, const QString &view, const QString &userId);

    Options m_options;
    QTemporaryDir m_dir;
    bool m_measureRss = false;
};

} // namespace Outpost
