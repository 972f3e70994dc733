#pragma once

#include <QList>
#include <QString>
#include <QVariant>

#include <utility>

namespace Outpost {

/// Prints benchmark figures on stdout as JSON lines, one figure per line:
/// {"name": ..., "value": ..., "unit": ..., extra keys...}. Nothing else may go to stdout;
/// logs go to stderr. Plus the small statistics the figures need.
class BenchReport
{
public:
    using Extras = QList<std::pair<QString, QVariant>>;

    static void print(const QString &name, double value, const QString &unit,
                      const Extras &extras = {});

    /// The median of samples (0 for none).
    static double median(QList<double> samples);
    /// The nearest-rank percentile (0..100) of samples (0 for none).
    static double percentile(QList<double> samples, double percent);
    /// value rounded to the given number of decimals, for readable figures.
    static double rounded(double value, int decimals);
};

} // namespace Outpost
