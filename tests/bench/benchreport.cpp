#include "benchreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// One JSON value as text (QJsonDocument only writes arrays and objects).
QByteArray jsonText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

void BenchReport::print(const QString &name, double value, const QString &unit,
                        const Extras &extras)
{
    QByteArray line = "{\"name\": " + jsonText(name) + ", \"value\": " + jsonText(value)
        + ", \"unit\": " + jsonText(unit);
    for (const auto &[key, extra] : extras)
        line += ", " + jsonText(key) + ": " + jsonText(QJsonValue::fromVariant(extra));
    line += "}\n";
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

double BenchReport::median(QList<double> samples)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const qsizetype middle = samples.size() / 2;
    return samples.size() % 2 == 1 ? samples.at(middle)
                                   : (samples.at(middle - 1) + samples.at(middle)) / 2;
}

double BenchReport::percentile(QList<double> samples, double percent)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank = qsizetype(std::ceil(percent / 100.0 * double(samples.size())));
    return samples.at(std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1));
}

double BenchReport::rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

} // namespace Outpost
