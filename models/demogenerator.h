#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

namespace Outpost {

class LocalStore;

/// Fills an empty store with a believable sales organization for demos, manual testing and
/// benchmarks: HQ and six regional units with their people, products, stage templates,
/// customers with contacts and data grants, deals across every stage with their activities,
/// interactions and quotes, and the smaller records around them (NPS, tickets, confirmations,
/// proposals, collaboration and budget requests, automation rules).
///
/// Deterministic: the same Options give byte-identical data, identifiers included (they are
/// UUIDv7 built from the record's creation time and the generator's own seeded random
/// numbers). Rows are written with BulkLoader, so the store's outbox stays empty: a demo store
/// without a server is a sandbox.
///
/// Runs on the thread of the LocalStore it fills; progress is reported on that thread too.
class DemoGenerator
{
    Q_DECLARE_TR_FUNCTIONS(DemoGenerator)

public:
    struct Options
    {
        int deals = 10000;
        quint32 seed = 20261126;
        qint64 nowMs = 0; ///< the demo's "now" in UTC ms; 0: the current time
    };

    static constexpr int maxDeals = 2'000'000;
    static constexpr int minDeals = 0;

    explicit DemoGenerator(Options options);

    /// Fills an empty store (refuses, with a translated error, a store that already has units).
    /// Runs in ONE LocalStore::transaction (a crash leaves the store empty, never half-filled).
    /// progress(percent 0..100) is called now and then from the calling thread; returning false
    /// cancels (rollback, error code Conflict with message "Generation was cancelled."); 100 is
    /// reported once the data is committed. Sets the local setting current_user_id (via
    /// OrganizationRepository::setCurrentUserId) to the demo rep the app signs in as.
    Result<void> generate(LocalStore &store, const std::function<bool(int percent)> &progress = {});

    /// The demo rep the app signs in as; valid after generate().
    QString demoUserId() const;

private:
    Options m_options;
    QString m_demoUserId;
};

} // namespace Outpost
