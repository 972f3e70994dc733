#pragma once

#include <QString>

namespace Outpost {

/// Planned or done work on a deal: a call, meeting, e-mail, task or note. Times are UTC
/// milliseconds (0: not set). A planned activity has a due time and no done time.
struct Activity
{
    QString id;
    QString dealId;
    QString customerId;
    QString userId;
    QString userName; ///< display name of userId (read only)
    QString kind = QStringLiteral("note"); ///< call, meeting, email, task or note
    QString subject;
    qint64 dueAt = 0;
    qint64 doneAt = 0;
    QString notes;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    bool isPlanned() const { return doneAt == 0; }
};

} // namespace Outpost
