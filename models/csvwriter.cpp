#include "csvwriter.h"

#include <QAbstractItemModel>
#include <QIODevice>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int rowsPerWrite = 512;

bool isNumber(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return true;
    default:
        return false;
    }
}

} // namespace

QString CsvWriter::field(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return {};
    QString text = value.toString();
    // A spreadsheet runs cells starting like a formula; an apostrophe keeps them text.
    static const QString formulaStarts = u"=+-@\t\r"_s;
    if (!isNumber(value) && !text.isEmpty() && formulaStarts.contains(text.front()))
        text.prepend(u'\'');
    const bool quote = text.contains(u',') || text.contains(u'"') || text.contains(u'\n')
        || text.contains(u'\r') || text.startsWith(u' ') || text.endsWith(u' ');
    if (!quote)
        return text;
    text.replace(u'"', u"\"\""_s);
    return u'"' + text + u'"';
}

Result<void> CsvWriter::write(QIODevice &device, const QAbstractItemModel &model,
                              const QList<int> &columns, int role)
{
    const auto failed = [&device] {
        return Error {ErrorCode::Io,
                      tr("The file cannot be written: %1").arg(device.errorString())};
    };
    QString chunk;
    QStringList fields;
    fields.reserve(columns.size());
    for (int column : columns)
        fields.append(field(model.headerData(column, Qt::Horizontal, Qt::DisplayRole)));
    // The byte order mark tells Excel the file is UTF-8.
    chunk = QChar(0xFEFF) + fields.join(u',') + u"\r\n"_s;

    const int rows = model.rowCount();
    for (int row = 0; row < rows; ++row) {
        fields.clear();
        for (int column : columns)
            fields.append(field(model.index(row, column).data(role)));
        chunk += fields.join(u',') + u"\r\n"_s;
        if (row % rowsPerWrite == rowsPerWrite - 1) {
            if (device.write(chunk.toUtf8()) < 0)
                return failed();
            chunk.clear();
        }
    }
    if (!chunk.isEmpty() && device.write(chunk.toUtf8()) < 0)
        return failed();
    return {};
}

Result<void> CsvWriter::writeFile(const QString &path, const QAbstractItemModel &model,
                                  const QList<int> &columns, int role)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return Error {ErrorCode::Io,
                      tr("The file %1 cannot be created: %2").arg(path, file.errorString())};
    }
    if (Result<void> written = write(file, model, columns, role); !written) {
        file.cancelWriting();
        return written;
    }
    if (!file.commit()) {
        return Error {ErrorCode::Io,
                      tr("The file %1 cannot be saved: %2").arg(path, file.errorString())};
    }
    return {};
}

} // namespace Outpost
