#pragma once

#include "customer.h"
#include "result.h"

#include <QCoreApplication>
#include <QList>
#include <QVariantMap>

namespace Outpost {

class LocalStore;

/// A customer with the figures the customers page shows beside it.
struct CustomerSummary
{
    Customer customer;
    QString ownerName;
    QString unitName;
    int openDeals = 0;
    qint64 openPipelineMinor = 0; ///< sum of open deal amounts (in currency)
    QString currency = QStringLiteral("CNY");
    qint64 lastInteractionAt = 0;
};

/// Customers. Reads are plain queries; every change goes through ChangeWriter.
/// Lives on the thread of its LocalStore.
class CustomerRepository
{
    Q_DECLARE_TR_FUNCTIONS(CustomerRepository)

public:
    /// actorId: the user making changes, recorded in the field history.
    CustomerRepository(LocalStore &store, QString actorId = {});

    /// Every live customer with its figures, ordered by name.
    Result<QList<CustomerSummary>> summaries();
    /// One customer with its figures (to refresh a row after an edit).
    Result<CustomerSummary> summary(const QString &id);
    Result<Customer> customer(const QString &id);
    int count();

    /// Ids of customers whose name, contact or notes contain text (FTS5 trigram, substring
    /// match, also for Chinese), best first, at most limit.
    Result<QStringList> search(const QString &text, int limit = 200);

    /// Creates a customer (a new UUIDv7 id when customer.id is empty); returns its id.
    Result<QString> create(const Customer &customer);
    /// Changes fields (synced column names, for example "name", "phone").
    Result<void> update(const QString &id, const QVariantMap &fields);
    Result<void> remove(const QString &id);

    static Result<void> validate(const QVariantMap &fields);

private:
    LocalStore &m_store;
    QString m_actorId;
};

} // namespace Outpost
