#pragma once

#include "organization.h"
#include "result.h"

#include <QCoreApplication>
#include <QList>

namespace Outpost {

class LocalStore;

/// Units and users. Lives on the thread of its LocalStore.
class OrganizationRepository
{
    Q_DECLARE_TR_FUNCTIONS(OrganizationRepository)

public:
    explicit OrganizationRepository(LocalStore &store);

    Result<QList<Unit>> units();
    Result<Unit> unit(const QString &id);
    Result<QList<User>> users();
    Result<User> user(const QString &id);

    /// The user this profile is signed in as (a local, unsynced setting); empty if none.
    QString currentUserId();
    Result<void> setCurrentUserId(const QString &userId);

private:
    LocalStore &m_store;
};

} // namespace Outpost
