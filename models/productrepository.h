#pragma once

#include "product.h"
#include "result.h"

#include <QCoreApplication>
#include <QList>

namespace Outpost {

class LocalStore;

/// Products (read side; products are maintained by HQ and arrive through sync).
/// Lives on the thread of its LocalStore.
class ProductRepository
{
    Q_DECLARE_TR_FUNCTIONS(ProductRepository)

public:
    explicit ProductRepository(LocalStore &store);

    /// Every live product, ordered by name.
    Result<QList<Product>> products();
    /// One product, also a deleted one (so history and old deals can still name it).
    Result<Product> product(const QString &id);

private:
    LocalStore &m_store;
};

} // namespace Outpost
