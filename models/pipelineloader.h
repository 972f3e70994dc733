#pragma once

#include "pipelinedataset.h"
#include "result.h"

#include <QCoreApplication>
#include <QStringList>

#include <utility>

namespace Outpost {

class LocalStore;

/// Reads what the pipeline board shows. All SQL of the board lives here.
///
/// load() reads the live deals of some units as compact PipelineCards with one query (joins
/// give the rowids of customer, owner, unit, stage and product, whose names come from the
/// lookup tables read once), plus the next open activity of each open deal. The deals are
/// split into rowid ranges that are read in parallel, each part on its own read-only
/// connection: the calling thread works too and waits only for parts already running, so it
/// may itself be a thread-pool thread (a QtConcurrent::run from the GUI) without deadlocking.
///
/// readCard() re-reads one deal after an edit on the caller's connection (GUI thread).
class PipelineLoader
{
    Q_DECLARE_TR_FUNCTIONS(PipelineLoader)

public:
    /// Loads the deals of the units unitIds (empty: of every unit) from the store at storePath.
    /// Any thread; opens its own connections.
    static Result<PipelineDataset> load(const QString &storePath, const QStringList &unitIds);

    /// Reads the deal dealId from store into a card, adding names the dataset does not know yet
    /// (a new customer, a renamed title). A deleted deal gives a card with only rowId and
    /// removed set; a missing one the error NotFound.
    static Result<PipelineCard> readCard(LocalStore &store, const QString &dealId,
                                         PipelineDataset &dataset);

    /// The id (UUID text) of the deal with rowid rowId.
    static Result<QString> dealId(LocalStore &store, qint64 rowId);
    /// The ids of the deals with the given rowids, in the same order (missing ones empty).
    static Result<QStringList> dealIds(LocalStore &store, const QList<qint64> &rowIds);

    /// The lost reasons given most often (most frequent first), as suggestions.
    static Result<QStringList> frequentLostReasons(LocalStore &store, int limit = 12);
    /// Live customers (id, name) of unitId (empty: of every unit), by name, at most limit.
    static Result<QList<std::pair<QString, QString>>>
    customerChoices(LocalStore &store, const QString &unitId, int limit = 5000);
};

} // namespace Outpost
