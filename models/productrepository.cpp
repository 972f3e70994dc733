#include "productrepository.h"

#include "localstore.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

const QString productSelect = u"SELECT id, coalesce(line_id, ''), name, sku, list_price_minor, "
                              u"currency FROM products "_s;

Product productFrom(const QSqlQuery &q)
{
    return Product {q.value(0).toString(), q.value(1).toString(),   q.value(2).toString(),
                    q.value(3).toString(), q.value(4).toLongLong(), q.value(5).toString()};
}

} // namespace

ProductRepository::ProductRepository(LocalStore &store)
    : m_store(store)
{ }

Result<QList<Product>> ProductRepository::products()
{
    QSqlQuery &q = m_store.prepared(productSelect + u"WHERE deleted = 0 ORDER BY name, sku"_s);
    if (!q.exec())
        return LocalStore::sqlError(q);
    QList<Product> list;
    while (q.next())
        list.append(productFrom(q));
    return list;
}

Result<Product> ProductRepository::product(const QString &id)
{
    QSqlQuery &q = m_store.prepared(productSelect + u"WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return LocalStore::sqlError(q);
    if (!q.next())
        return Error {ErrorCode::NotFound, tr("The product does not exist.")};
    Product product = productFrom(q);
    q.finish();
    return product;
}

} // namespace Outpost
