#include "schema.h"

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// Every synced table has: id (UUIDv7 text), created_at, updated_at (UTC ms), deleted (0/1).
// A delete is a tombstone (deleted = 1), so it can be recovered and replicated.
QList<Schema::Migration> buildMigrations()
{
    QList<Schema::Migration> list;

    list.append(
        {1,
         {
             // Organization
             uR"(CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES units(id),
    region TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
    budget_limit_minor INTEGER NOT NULL DEFAULT 0 CHECK (budget_limit_minor >= 0),
    is_hq INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             uR"(CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('rep','lead','hq','admin','csm','delivery','strategist')),
    unit_id TEXT REFERENCES units(id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX users_unit ON users(unit_id)"_s,
             // Process: stages per unit; unit_id NULL is HQ's template
             uR"(CREATE TABLE stages (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT REFERENCES units(id),
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    win_probability INTEGER NOT NULL DEFAULT 0 CHECK (win_probability BETWEEN 0 AND 100),
    rotting_days INTEGER NOT NULL DEFAULT 0 CHECK (rotting_days >= 0),
    required_fields TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX stages_unit ON stages(unit_id, position)"_s,
             // Customers and products
             uR"(CREATE TABLE customers (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT REFERENCES units(id),
    owner_id TEXT REFERENCES users(id),
    name TEXT NOT NULL,
    segment TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX customers_unit ON customers(unit_id)"_s,
             u"CREATE INDEX customers_name ON customers(name)"_s,
             uR"(CREATE TABLE product_lines (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             uR"(CREATE TABLE products (
    id TEXT PRIMARY KEY NOT NULL,
    line_id TEXT REFERENCES product_lines(id),
    name TEXT NOT NULL,
    sku TEXT NOT NULL DEFAULT '',
    list_price_minor INTEGER NOT NULL DEFAULT 0 CHECK (list_price_minor >= 0),
    currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             // Deals
             uR"(CREATE TABLE deals (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    customer_id TEXT REFERENCES customers(id),
    unit_id TEXT REFERENCES units(id),
    owner_id TEXT REFERENCES users(id),
    product_id TEXT REFERENCES products(id),
    stage_id TEXT REFERENCES stages(id),
    amount_minor INTEGER NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
    currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
    region TEXT NOT NULL DEFAULT '',
    probability INTEGER NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
    expected_close INTEGER,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','won','lost')),
    lost_reason TEXT NOT NULL DEFAULT '',
    stage_entered_at INTEGER NOT NULL,
    closed_at INTEGER,
    last_activity_at INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX deals_board ON deals(unit_id, status, stage_id) WHERE deleted = 0"_s,
             u"CREATE INDEX deals_owner ON deals(owner_id, status)"_s,
             u"CREATE INDEX deals_customer ON deals(customer_id)"_s,
             u"CREATE INDEX deals_close ON deals(status, expected_close)"_s,
             // Activities (planned and done work) and customer interactions
             uR"(CREATE TABLE activities (
    id TEXT PRIMARY KEY NOT NULL,
    deal_id TEXT REFERENCES deals(id),
    customer_id TEXT REFERENCES customers(id),
    user_id TEXT REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('call','meeting','email','task','note')),
    subject TEXT NOT NULL DEFAULT '',
    due_at INTEGER,
    done_at INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX activities_deal ON activities(deal_id, due_at)"_s,
             u"CREATE INDEX activities_open ON activities(user_id, done_at, due_at)"_s,
             uR"(CREATE TABLE interactions (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    deal_id TEXT REFERENCES deals(id),
    user_id TEXT REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('call','meeting','email','chat','visit','portal')),
    direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
    duration_s INTEGER NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
    text TEXT NOT NULL DEFAULT '',
    occurred_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX interactions_customer ON interactions(customer_id, occurred_at)"_s,
             u"CREATE INDEX interactions_deal ON interactions(deal_id)"_s,
             // Quotes
             uR"(CREATE TABLE quotes (
    id TEXT PRIMARY KEY NOT NULL,
    deal_id TEXT REFERENCES deals(id),
    customer_id TEXT REFERENCES customers(id),
    number TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft','shared','confirmed','rejected','expired')),
    current_version INTEGER NOT NULL DEFAULT 1,
    currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
    valid_until INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX quotes_deal ON quotes(deal_id)"_s,
             uR"(CREATE TABLE quote_versions (
    id TEXT PRIMARY KEY NOT NULL,
    quote_id TEXT NOT NULL REFERENCES quotes(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    line_items TEXT NOT NULL DEFAULT '[]',
    subtotal_minor INTEGER NOT NULL DEFAULT 0,
    discount_minor INTEGER NOT NULL DEFAULT 0,
    tax_minor INTEGER NOT NULL DEFAULT 0,
    total_minor INTEGER NOT NULL DEFAULT 0,
    document_hash TEXT NOT NULL DEFAULT '',
    author_id TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    UNIQUE (quote_id, version)))"_s,
             // The customer as a party: grants, confirmations, proposals
             uR"(CREATE TABLE data_grants (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    field TEXT NOT NULL,
    purpose TEXT NOT NULL,
    audience TEXT NOT NULL DEFAULT 'unit' CHECK (audience IN ('owner','unit','organization','partners')),
    valid_from INTEGER NOT NULL,
    valid_until INTEGER,
    revoked_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX data_grants_customer ON data_grants(customer_id, field)"_s,
             uR"(CREATE TABLE confirmations (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    quote_version_id TEXT REFERENCES quote_versions(id),
    document_hash TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    signature TEXT NOT NULL DEFAULT '',
    confirmed_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             uR"(CREATE TABLE proposals (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    quote_id TEXT REFERENCES quotes(id),
    deal_id TEXT REFERENCES deals(id),
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','declined','withdrawn')),
    responded_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             // Unit collaboration and money
             uR"(CREATE TABLE collaboration_requests (
    id TEXT PRIMARY KEY NOT NULL,
    from_unit_id TEXT NOT NULL REFERENCES units(id),
    to_unit_id TEXT NOT NULL REFERENCES units(id),
    requested_by TEXT REFERENCES users(id),
    customer_id TEXT REFERENCES customers(id),
    deal_id TEXT REFERENCES deals(id),
    kind TEXT NOT NULL DEFAULT 'expertise',
    text TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','declined','done')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             uR"(CREATE TABLE budget_requests (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    requested_by TEXT REFERENCES users(id),
    deal_id TEXT REFERENCES deals(id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
    purpose TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected','escalated')),
    decided_by TEXT REFERENCES users(id),
    decided_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             // Customer health signals
             uR"(CREATE TABLE nps_responses (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment TEXT NOT NULL DEFAULT '',
    responded_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX nps_customer ON nps_responses(customer_id, responded_at)"_s,
             uR"(CREATE TABLE service_tickets (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    subject TEXT NOT NULL,
    priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','pending','resolved','closed')),
    opened_at INTEGER NOT NULL,
    resolved_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX tickets_customer ON service_tickets(customer_id, status)"_s,
             // Automation
             uR"(CREATE TABLE automation_rules (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT REFERENCES units(id),
    name TEXT NOT NULL,
    trigger_event TEXT NOT NULL,
    conditions TEXT NOT NULL DEFAULT '[]',
    actions TEXT NOT NULL DEFAULT '[]',
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             uR"(CREATE TABLE automation_log (
    id TEXT PRIMARY KEY NOT NULL,
    rule_id TEXT NOT NULL REFERENCES automation_rules(id),
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    occurred_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0))"_s,
             // Append-only, hash-chained audit log of data use (never updated or deleted)
             uR"(CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    occurred_at INTEGER NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    table_name TEXT NOT NULL DEFAULT '',
    row_id TEXT NOT NULL DEFAULT '',
    customer_id TEXT,
    field TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL))"_s,
             u"CREATE INDEX audit_customer ON audit_log(customer_id, occurred_at)"_s,
             uR"(CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END)"_s,
             uR"(CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END)"_s,
             // Field history: who changed what, when, from what to what (and conflict losers)
             uR"(CREATE TABLE field_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    changed_by TEXT,
    changed_at INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote','conflict'))))"_s,
             u"CREATE INDEX field_history_row ON field_history(table_name, row_id, seq)"_s,
             // Sync bookkeeping. version = server commit sequence last seen for the
             // field (0: never synced); hlc = clock of the last local change.
             uR"(CREATE TABLE field_versions (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    hlc INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (table_name, row_id, field)) WITHOUT ROWID)"_s,
             uR"(CREATE TABLE outbox (
    device_seq INTEGER PRIMARY KEY,
    op_id TEXT NOT NULL UNIQUE,
    device_id TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert','update','delete','undelete')),
    fields TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL))"_s,
             u"CREATE INDEX outbox_row ON outbox(table_name, row_id)"_s,
             uR"(CREATE TABLE device_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    device_id TEXT NOT NULL,
    device_seq INTEGER NOT NULL DEFAULT 0,
    hlc INTEGER NOT NULL DEFAULT 0))"_s,
             uR"(CREATE TABLE sync_state (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL) WITHOUT ROWID)"_s,
             // Local, never synced: profile settings such as the signed-in user
             uR"(CREATE TABLE local_settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL) WITHOUT ROWID)"_s,
             // Full-text search (trigram: substring matching that also works for Chinese)
             uR"(CREATE VIRTUAL TABLE deals_fts USING fts5(
    title, customer, notes, tokenize = 'trigram'))"_s,
             uR"(CREATE VIRTUAL TABLE customers_fts USING fts5(
    name, contact, notes, tokenize = 'trigram'))"_s,
             // FTS rows share the rowid of their source row. Indexing is deferred to the end of
             // the transaction (SearchIndex::catchUp, called by LocalStore::transaction): FTS5
             // flushes its pending data at every statement savepoint, so indexing in per-row
             // triggers costs an index segment per row. The triggers only note the rows.
             uR"(CREATE TABLE search_pending (
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    PRIMARY KEY (table_name, row_id)) WITHOUT ROWID)"_s,
             uR"(CREATE TRIGGER deals_fts_insert AFTER INSERT ON deals BEGIN
    INSERT INTO search_pending (table_name, row_id) VALUES ('deals', new.rowid)
        ON CONFLICT DO NOTHING;
END)"_s,
             uR"(CREATE TRIGGER deals_fts_update AFTER UPDATE OF title, notes, customer_id ON deals
WHEN old.title IS NOT new.title OR old.notes IS NOT new.notes
    OR old.customer_id IS NOT new.customer_id
BEGIN
    INSERT INTO search_pending (table_name, row_id) VALUES ('deals', new.rowid)
        ON CONFLICT DO NOTHING;
END)"_s,
             uR"(CREATE TRIGGER deals_fts_delete AFTER DELETE ON deals BEGIN
    INSERT INTO search_pending (table_name, row_id) VALUES ('deals', old.rowid)
        ON CONFLICT DO NOTHING;
END)"_s,
             uR"(CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO search_pending (table_name, row_id) VALUES ('customers', new.rowid)
        ON CONFLICT DO NOTHING;
END)"_s,
             // A deal's index row carries its customer's name: a rename notes the deals too.
             uR"(CREATE TRIGGER customers_fts_update AFTER UPDATE OF name, contact_name, notes ON customers
WHEN old.name IS NOT new.name OR old.contact_name IS NOT new.contact_name
    OR old.notes IS NOT new.notes
BEGIN
    INSERT INTO search_pending (table_name, row_id) VALUES ('customers', new.rowid)
        ON CONFLICT DO NOTHING;
    INSERT INTO search_pending (table_name, row_id)
        SELECT 'deals', rowid FROM deals WHERE old.name IS NOT new.name AND customer_id = new.id
        ON CONFLICT DO NOTHING;
END)"_s,
             uR"(CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO search_pending (table_name, row_id) VALUES ('customers', old.rowid)
        ON CONFLICT DO NOTHING;
END)"_s,
         }});

    // Client replication bookkeeping (sync/Replicator through SyncStore).
    list.append(
        {2,
         {
             // What the user must see about replication: ops the server rejected (reason,
             // message, the values the op carried and the server's values of those fields when
             // it sent them) and conflicts the merge decided (both values, which side was kept).
             // Values are JSON objects {field: value}. One row per op and field (field '' for a
             // whole-op rejection): a repeated push that gets the same stored answer records
             // nothing twice.
             uR"(CREATE TABLE sync_issues (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('rejected','conflict')),
    op_id TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert','update','delete','undelete')),
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    local_values TEXT NOT NULL DEFAULT '{}',
    server_values TEXT,
    kept TEXT NOT NULL DEFAULT '' CHECK (kept IN ('','server','client')),
    reason TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    resolved_at INTEGER,
    resolution TEXT NOT NULL DEFAULT '' CHECK (resolution IN ('','reapplied','dismissed')),
    UNIQUE (op_id, field)))"_s,
             u"CREATE INDEX sync_issues_open ON sync_issues(resolved_at, id)"_s,
             u"CREATE INDEX sync_issues_row ON sync_issues(table_name, row_id)"_s,
             // Ops the server acknowledged (applied or merged) leave the outbox for this
             // journal, so the outbox stays "what is not yet on the server". A server restored
             // from a backup (new epoch) may have lost them: they then go back to the outbox
             // and are pushed again under their original device seq (the server answers the
             // ones it still has from its stored answers). Pruned after 90 days.
             uR"(CREATE TABLE sync_sent (
    device_seq INTEGER PRIMARY KEY,
    op_id TEXT NOT NULL UNIQUE,
    device_id TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL,
    fields TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('applied','merged')),
    server_seq INTEGER NOT NULL,
    acked_at INTEGER NOT NULL))"_s,
             u"CREATE INDEX sync_sent_acked ON sync_sent(acked_at)"_s,
             // Remote rows whose parent rows are not (yet) in this store: a later page or
             // another scope holds them. Kept whole (every column as JSON) and moved back into
             // their table once the parents arrive, so foreign keys always hold.
             uR"(CREATE TABLE sync_parked (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    row_json TEXT NOT NULL,
    parked_at INTEGER NOT NULL,
    PRIMARY KEY (table_name, row_id)) WITHOUT ROWID)"_s,
         }});

    // A row's server version: the version of every field that has no field_versions entry.
    // A pulled row stores the version most of its fields share here and an entry only for
    // the others, instead of one entry per field (a first sync of a large organization wrote
    // millions of them). Rows created locally have entries for their fields, as before.
    QStringList rowVersionsAndSearch;
    for (const char16_t *table : {u"units",
                                  u"users",
                                  u"stages",
                                  u"customers",
                                  u"product_lines",
                                  u"products",
                                  u"deals",
                                  u"activities",
                                  u"interactions",
                                  u"quotes",
                                  u"quote_versions",
                                  u"data_grants",
                                  u"confirmations",
                                  u"proposals",
                                  u"collaboration_requests",
                                  u"budget_requests",
                                  u"nps_responses",
                                  u"service_tickets",
                                  u"automation_rules",
                                  u"automation_log"}) {
        rowVersionsAndSearch.append(
            u"ALTER TABLE %1 ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0"_s.arg(
                QString::fromUtf16(table)));
    }
    // Pulled pages commit a few hundred searchable rows at a time, and FTS5 merges its index
    // segments after every 4 by default: at 8 a first sync spends a quarter less on merging,
    // and a search still reads few segments.
    rowVersionsAndSearch.append(
        u"INSERT INTO deals_fts (deals_fts, rank) VALUES ('automerge', 8)"_s);
    rowVersionsAndSearch.append(
        u"INSERT INTO customers_fts (customers_fts, rank) VALUES ('automerge', 8)"_s);
    list.append({3, rowVersionsAndSearch});
    return list;
}

QList<Schema::SyncedTable> buildSyncedTables()
{
    auto fields = [](std::initializer_list<const char16_t *> names) {
        QStringList list;
        for (const char16_t *name : names)
            list.append(QString::fromUtf16(name));
        return list;
    };
    return {
        {u"units"_s,
         fields({u"name", u"parent_id", u"region", u"currency", u"budget_limit_minor", u"is_hq"}),
         {}},
        {u"users"_s, fields({u"name", u"email", u"role", u"unit_id", u"active"}), {}},
        {u"stages"_s,
         fields({u"unit_id", u"name", u"position", u"win_probability", u"rotting_days",
                 u"required_fields"}),
         {}},
        {u"customers"_s,
         fields({u"unit_id", u"owner_id", u"name", u"segment", u"region", u"industry",
                 u"contact_name", u"email", u"phone", u"address", u"city", u"country", u"notes"}),
         fields({u"owner_id"})},
        {u"product_lines"_s, fields({u"name"}), {}},
        {u"products"_s,
         fields({u"line_id", u"name", u"sku", u"list_price_minor", u"currency"}),
         {}},
        {u"deals"_s,
         fields({u"title", u"customer_id", u"unit_id", u"owner_id", u"product_id", u"stage_id",
                 u"amount_minor", u"currency", u"region", u"probability", u"expected_close",
                 u"status", u"lost_reason", u"stage_entered_at", u"closed_at", u"last_activity_at",
                 u"notes"}),
         fields({u"stage_id", u"amount_minor", u"owner_id", u"status"})},
        {u"activities"_s,
         fields({u"deal_id", u"customer_id", u"user_id", u"kind", u"subject", u"due_at", u"done_at",
                 u"notes"}),
         {}},
        {u"interactions"_s,
         fields({u"customer_id", u"deal_id", u"user_id", u"kind", u"direction", u"duration_s",
                 u"text", u"occurred_at"}),
         {}},
        {u"quotes"_s,
         fields({u"deal_id", u"customer_id", u"number", u"status", u"current_version", u"currency",
                 u"valid_until"}),
         fields({u"status"})},
        {u"quote_versions"_s,
         fields({u"quote_id", u"version", u"line_items", u"subtotal_minor", u"discount_minor",
                 u"tax_minor", u"total_minor", u"document_hash", u"author_id"}),
         {}},
        {u"data_grants"_s,
         fields({u"customer_id", u"field", u"purpose", u"audience", u"valid_from", u"valid_until",
                 u"revoked_at"}),
         fields({u"revoked_at"})},
        {u"confirmations"_s,
         fields({u"customer_id", u"quote_version_id", u"document_hash", u"signer_name",
                 u"signature", u"confirmed_at"}),
         {}},
        {u"proposals"_s,
         fields({u"customer_id", u"quote_id", u"deal_id", u"text", u"status", u"responded_at"}),
         {}},
        {u"collaboration_requests"_s,
         fields({u"from_unit_id", u"to_unit_id", u"requested_by", u"customer_id", u"deal_id",
                 u"kind", u"text", u"status"}),
         {}},
        {u"budget_requests"_s,
         fields({u"unit_id", u"requested_by", u"deal_id", u"amount_minor", u"currency", u"purpose",
                 u"status", u"decided_by", u"decided_at"}),
         fields({u"status", u"amount_minor"})},
        {u"nps_responses"_s, fields({u"customer_id", u"score", u"comment", u"responded_at"}), {}},
        {u"service_tickets"_s,
         fields({u"customer_id", u"subject", u"priority", u"status", u"opened_at", u"resolved_at"}),
         {}},
        {u"automation_rules"_s,
         fields({u"unit_id", u"name", u"trigger_event", u"conditions", u"actions", u"enabled"}),
         {}},
        {u"automation_log"_s,
         fields({u"rule_id", u"table_name", u"row_id", u"action", u"outcome", u"occurred_at"}),
         {}},
    };
}

} // namespace

const QList<Schema::Migration> &Schema::migrations()
{
    static const QList<Migration> list = buildMigrations();
    return list;
}

int Schema::latestVersion()
{
    return migrations().constLast().version;
}

const QList<Schema::SyncedTable> &Schema::syncedTables()
{
    static const QList<SyncedTable> list = buildSyncedTables();
    return list;
}

const Schema::SyncedTable *Schema::syncedTable(QStringView name)
{
    for (const SyncedTable &table : syncedTables()) {
        if (table.name == name)
            return &table;
    }
    return nullptr;
}

} // namespace Outpost
