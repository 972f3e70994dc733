#include "searchindex.h"

#include "localstore.h"
#include "logging.h"
#include "sqlstatement.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace Outpost {

Result<bool> SearchIndex::hasPending(LocalStore &store)
{
    SqlStatement &q = store.statement(u"SELECT EXISTS (SELECT 1 FROM search_pending)"_s);
    if (!q.next())
        return LocalStore::sqlError(q);
    const bool pending = q.int64(0) != 0;
    q.reset();
    return pending;
}

Result<void> SearchIndex::catchUp(LocalStore &store)
{
    const Result<bool> pending = hasPending(store);
    if (!pending)
        return pending.error();
    if (!pending.value())
        return {};
    QElapsedTimer timer;
    timer.start();
    const Result<void> done = store.transaction([&store]() -> Result<void> {
        // Rows that are gone leave the index; the others are written over (INSERT OR REPLACE
        // on the rowid: FTS5 takes the old row's terms out as it adds the new ones, in one
        // statement and so one flush of its pending data). The planner drives each statement
        // from search_pending's key: a few noted rows cost a few lookups even in a large store.
        static const QString statements[] = {
            u"DELETE FROM deals_fts WHERE rowid IN (SELECT row_id FROM search_pending p "
            u"WHERE table_name = 'deals' AND NOT EXISTS "
            u"(SELECT 1 FROM deals WHERE rowid = p.row_id))"_s,
            u"INSERT OR REPLACE INTO deals_fts (rowid, title, customer, notes) "
            u"SELECT d.rowid, d.title, coalesce(c.name, ''), d.notes FROM search_pending p "
            u"JOIN deals d ON d.rowid = p.row_id LEFT JOIN customers c ON c.id = d.customer_id "
            u"WHERE p.table_name = 'deals'"_s,
            u"DELETE FROM customers_fts WHERE rowid IN (SELECT row_id FROM search_pending p "
            u"WHERE table_name = 'customers' AND NOT EXISTS "
            u"(SELECT 1 FROM customers WHERE rowid = p.row_id))"_s,
            u"INSERT OR REPLACE INTO customers_fts (rowid, name, contact, notes) "
            u"SELECT c.rowid, c.name, c.contact_name, c.notes FROM search_pending p "
            u"JOIN customers c ON c.rowid = p.row_id WHERE p.table_name = 'customers'"_s,
            u"DELETE FROM search_pending"_s,
        };
        for (const QString &sql : statements) {
            SqlStatement &q = store.statement(sql);
            if (!q.exec())
                return LocalStore::sqlError(q);
        }
        return {};
    });
    qCDebug(lcStore) << "search index: caught up in" << timer.elapsed() << "ms";
    return done;
}

} // namespace Outpost
