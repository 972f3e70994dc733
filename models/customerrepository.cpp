#include "customerrepository.h"

#include "changewriter.h"
#include "localstore.h"
#include "logging.h"
#include "searchindex.h"
#include "uuidv7.h"

#include <QRegularExpression>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int maxNameLength = 200;
constexpr int maxTextLength = 500;
constexpr int maxNotesLength = 20000;

QVariantMap fieldsOf(const Customer &c)
{
    const auto optionalId = [](const QString &id) {
        return id.isEmpty() ? QVariant() : QVariant(id);
    };
    return {{u"unit_id"_s, optionalId(c.unitId)},
            {u"owner_id"_s, optionalId(c.ownerId)},
            {u"name"_s, c.name},
            {u"segment"_s, c.segment},
            {u"region"_s, c.region},
            {u"industry"_s, c.industry},
            {u"contact_name"_s, c.contactName},
            {u"email"_s, c.email},
            {u"phone"_s, c.phone},
            {u"address"_s, c.address},
            {u"city"_s, c.city},
            {u"country"_s, c.country},
            {u"notes"_s, c.notes}};
}

// FTS5 trigram needs three characters; a quoted phrase keeps user input from being syntax.
QString ftsPhrase(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'"', u"\"\""_s);
    return u'"' + escaped + u'"';
}

// Reads the first 16 columns of a customer query (the order of customerColumns).
Customer customerFrom(const QSqlQuery &q)
{
    Customer c;
    c.id = q.value(0).toString();
    c.unitId = q.value(1).toString();
    c.ownerId = q.value(2).toString();
    c.name = q.value(3).toString();
    c.segment = q.value(4).toString();
    c.region = q.value(5).toString();
    c.industry = q.value(6).toString();
    c.contactName = q.value(7).toString();
    c.email = q.value(8).toString();
    c.phone = q.value(9).toString();
    c.address = q.value(10).toString();
    c.city = q.value(11).toString();
    c.country = q.value(12).toString();
    c.notes = q.value(13).toString();
    c.createdAt = q.value(14).toLongLong();
    c.updatedAt = q.value(15).toLongLong();
    return c;
}

} // namespace

CustomerRepository::CustomerRepository(LocalStore &store, QString actorId)
    : m_store(store)
    , m_actorId(std::move(actorId))
{ }

Result<void> CustomerRepository::validate(const QVariantMap &fields)
{
    if (fields.contains(u"name"_s)) {
        const QString name = fields.value(u"name"_s).toString().trimmed();
        if (name.isEmpty())
            return Error {ErrorCode::InvalidArgument, tr("A customer needs a name.")};
        if (name.size() > maxNameLength) {
            return Error {ErrorCode::InvalidArgument,
                          tr("The name is too long (at most %1 characters).").arg(maxNameLength)};
        }
    }
    if (fields.contains(u"email"_s)) {
        static const QRegularExpression emailPattern(u"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"_s);
        const QString email = fields.value(u"email"_s).toString().trimmed();
        if (!email.isEmpty() && !emailPattern.match(email).hasMatch())
            return Error {ErrorCode::InvalidArgument,
                          tr("\"%1\" is not an e-mail address.").arg(email)};
    }
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        const int limit = it.key() == u"notes"_s ? maxNotesLength : maxTextLength;
        if (it.value().typeId() == QMetaType::QString && it.value().toString().size() > limit) {
            return Error {ErrorCode::InvalidArgument,
                          tr("The field \"%1\" is too long (at most %2 characters).")
                              .arg(it.key())
                              .arg(limit)};
        }
    }
    return {};
}

namespace {

// The customer columns (in customerFrom order) plus owner, unit and deal figures. With
// oneCustomer, each part is restricted to one id (bound three times) so it stays a point lookup.
QString summarySql(bool oneCustomer)
{
    const QString only = oneCustomer ? u" AND customer_id = ?"_s : QString();
    return uR"(
SELECT c.id, coalesce(c.unit_id, ''), coalesce(c.owner_id, ''), c.name, c.segment, c.region,
       c.industry, c.contact_name, c.email, c.phone, c.address, c.city, c.country, c.notes,
       c.created_at, c.updated_at, coalesce(u.name, ''), coalesce(un.name, ''),
       coalesce(d.open_deals, 0), coalesce(d.pipeline, 0), coalesce(un.currency, 'CNY'),
       coalesce(i.last_at, 0)
FROM customers c
LEFT JOIN users u ON u.id = c.owner_id
LEFT JOIN units un ON un.id = c.unit_id
LEFT JOIN (SELECT customer_id, count(*) AS open_deals, sum(amount_minor) AS pipeline
           FROM deals WHERE status = 'open' AND deleted = 0%1 GROUP BY customer_id) d
       ON d.customer_id = c.id
LEFT JOIN (SELECT customer_id, max(occurred_at) AS last_at FROM interactions
           WHERE deleted = 0%1 GROUP BY customer_id) i ON i.customer_id = c.id
WHERE c.deleted = 0 %2)"_s.arg(only, oneCustomer ? u"AND c.id = ?"_s : u"ORDER BY c.name"_s);
}

CustomerSummary summaryFrom(const QSqlQuery &q)
{
    CustomerSummary s;
    s.customer = customerFrom(q);
    s.ownerName = q.value(16).toString();
    s.unitName = q.value(17).toString();
    s.openDeals = q.value(18).toInt();
    s.openPipelineMinor = q.value(19).toLongLong();
    s.currency = q.value(20).toString();
    s.lastInteractionAt = q.value(21).toLongLong();
    return s;
}

} // namespace

Result<QList<CustomerSummary>> CustomerRepository::summaries()
{
    QSqlQuery &q = m_store.prepared(summarySql(false));
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<CustomerSummary> list;
    while (q.next())
        list.append(summaryFrom(q));
    return list;
}

Result<CustomerSummary> CustomerRepository::summary(const QString &id)
{
    QSqlQuery &q = m_store.prepared(summarySql(true));
    q.addBindValue(id);
    q.addBindValue(id);
    q.addBindValue(id);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return Error {ErrorCode::NotFound, tr("The customer does not exist.")};
    return summaryFrom(q);
}

Result<Customer> CustomerRepository::customer(const QString &id)
{
    QSqlQuery &q = m_store.prepared(
        u"SELECT id, coalesce(unit_id, ''), coalesce(owner_id, ''), name, segment, region, "
        u"industry, contact_name, email, phone, address, city, country, notes, created_at, "
        u"updated_at FROM customers WHERE id = ? AND deleted = 0"_s);
    q.addBindValue(id);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return Error {ErrorCode::NotFound, tr("The customer does not exist.")};
    return customerFrom(q);
}

int CustomerRepository::count()
{
    QSqlQuery &q = m_store.prepared(u"SELECT count(*) FROM customers WHERE deleted = 0"_s);
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

Result<QStringList> CustomerRepository::search(const QString &text, int limit)
{
    const QString needle = text.trimmed();
    QStringList ids;
    if (needle.isEmpty())
        return ids;
    // Every commit leaves the index complete (see SearchIndex); this only catches rows written
    // outside LocalStore::transaction, and costs one indexed read when there are none. A
    // connection that cannot write them in (read-only, busy) still searches what is indexed.
    if (Result<void> indexed = SearchIndex::catchUp(m_store); !indexed)
        qCWarning(lcStore) << "search runs on a stale index:" << indexed.error().message;
    // Trigram MATCH needs 3+ characters; shorter input (common for Chinese) uses LIKE, which
    // the trigram index does not accelerate below 3 characters but stays correct. Characters,
    // not UTF-16 units: an emoji counts once.
    const bool useMatch = needle.toUcs4().size() >= 3;
    QSqlQuery &q = m_store.prepared(
        useMatch ? u"SELECT c.id FROM customers_fts f JOIN customers c ON c.rowid = f.rowid "
                   u"WHERE customers_fts MATCH ? AND c.deleted = 0 ORDER BY rank LIMIT ?"_s
                 : u"SELECT c.id FROM customers_fts f JOIN customers c ON c.rowid = f.rowid "
                   u"WHERE (f.name LIKE ? ESCAPE '\\' OR f.contact LIKE ? ESCAPE '\\' "
                   u"OR f.notes LIKE ? ESCAPE '\\') AND c.deleted = 0 LIMIT ?"_s);
    if (useMatch) {
        q.addBindValue(ftsPhrase(needle));
    } else {
        QString pattern = needle;
        pattern.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
        pattern = u'%' + pattern + u'%';
        q.addBindValue(pattern);
        q.addBindValue(pattern);
        q.addBindValue(pattern);
    }
    q.addBindValue(limit);
    if (!q.exec())
        return LocalStore::sqlError(q);
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}

Result<QString> CustomerRepository::create(const Customer &customer)
{
    const QVariantMap fields = fieldsOf(customer);
    if (Result<void> valid = validate(fields); !valid)
        return valid.error();
    const QString id = customer.id.isEmpty() ? UuidV7::generate() : customer.id;
    ChangeWriter writer(m_store, m_actorId);
    if (Result<void> done = writer.insert(u"customers"_s, id, fields); !done)
        return done.error();
    return id;
}

Result<void> CustomerRepository::update(const QString &id, const QVariantMap &fields)
{
    if (Result<void> valid = validate(fields); !valid)
        return valid;
    ChangeWriter writer(m_store, m_actorId);
    return writer.update(u"customers"_s, id, fields);
}

Result<void> CustomerRepository::remove(const QString &id)
{
    ChangeWriter writer(m_store, m_actorId);
    return writer.remove(u"customers"_s, id);
}

} // namespace Outpost
