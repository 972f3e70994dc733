#pragma once

#include "result.h"

namespace Outpost {

class LocalStore;

/// Keeps the full-text tables (deals_fts: title, customer name, notes; customers_fts: name,
/// contact, notes; FTS5 trigram) in step with their source rows, deferred to the end of each
/// transaction.
///
/// SQLite 3.40's FTS5 writes its pending index data out at every statement savepoint, so
/// indexing inside per-row triggers costs one index segment (and later merges) per written
/// row. Instead, triggers on deals and customers only note the changed rowid in
/// search_pending (table_name, row_id) — a B-tree insert — and catchUp() re-indexes the noted
/// rows with a few set-based statements: their old index rows out, their current text in,
/// the notes cleared. Renaming a customer notes its deals (their index rows carry the name).
///
/// Invariant: LocalStore::transaction() calls catchUp() before it commits, inside the same
/// transaction, so every committed transaction leaves the index complete and readers (the
/// board's read-only search connection included) never need to catch up themselves. Only rows
/// written outside LocalStore::transaction (no Outpost code does) wait until the next commit
/// or search on a writable connection.
///
/// Lives on the thread of the LocalStore it is given.
class SearchIndex
{
public:
    /// Whether rows wait to be indexed.
    static Result<bool> hasPending(LocalStore &store);
    /// Re-indexes the rows noted in search_pending and clears the notes, in one transaction
    /// (joining the caller's). Nothing to do costs one indexed read.
    static Result<void> catchUp(LocalStore &store);
};

} // namespace Outpost
