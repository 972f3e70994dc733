#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

class QAbstractItemModel;
class QIODevice;

namespace Outpost {

/// Writes a table model as CSV (RFC 4180) for spreadsheets: UTF-8 with a byte order mark (so
/// Excel reads Chinese text correctly), CRLF line ends, fields with commas, quotes or line
/// breaks quoted with their quotes doubled. Text that a spreadsheet would run as a formula
/// (starting with =, +, -, @, tab or CR) gets a leading apostrophe; numbers stay numbers.
/// Any thread (the model must belong to it).
class CsvWriter
{
    Q_DECLARE_TR_FUNCTIONS(CsvWriter)

public:
    /// Writes a header row (the model's horizontal header) and every top-level row, with the
    /// given columns in that order and the values of role.
    static Result<void> write(QIODevice &device, const QAbstractItemModel &model,
                              const QList<int> &columns, int role = Qt::DisplayRole);
    /// The same into the file path, replaced atomically (nothing half-written on failure).
    static Result<void> writeFile(const QString &path, const QAbstractItemModel &model,
                                  const QList<int> &columns, int role = Qt::DisplayRole);

    /// One field as it appears in the file.
    static QString field(const QVariant &value);
};

} // namespace Outpost
