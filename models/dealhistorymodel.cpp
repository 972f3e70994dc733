#include "dealhistorymodel.h"

#include "customerrepository.h"
#include "dealfield.h"
#include "money.h"
#include "organizationrepository.h"
#include "productrepository.h"
#include "stagerepository.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

bool isIdColumn(const QString &column)
{
    return column == u"stage_id"_s || column == u"owner_id"_s || column == u"product_id"_s
        || column == u"customer_id"_s || column == u"unit_id"_s;
}

bool isTimeColumn(const QString &column)
{
    return column == u"expected_close"_s || column.endsWith(u"_at"_s);
}

QString nameKey(const QString &column, const QString &id)
{
    return column + u'/' + id;
}

} // namespace

DealHistoryModel::DealHistoryModel(LocalStore &store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{ }

int DealHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int DealHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QHash<int, QByteArray> DealHistoryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(int(Role::Field), "field");
    names.insert(int(Role::OldValue), "oldValue");
    names.insert(int(Role::NewValue), "newValue");
    names.insert(int(Role::ChangedAt), "changedAt");
    names.insert(int(Role::ChangedBy), "changedBy");
    names.insert(int(Role::Origin), "origin");
    names.insert(int(Role::SortValue), "sortValue");
    return names;
}

QVariant DealHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::When:
        return tr("When");
    case Column::Who:
        return tr("Who");
    case Column::Field:
        return tr("Field");
    case Column::From:
        return tr("From");
    case Column::To:
        return tr("To");
    case Column::Count:
        break;
    }
    return {};
}

QString DealHistoryModel::actorName(const FieldChange &change) const
{
    if (!change.changedByName.isEmpty())
        return change.changedByName;
    if (!change.changedBy.isEmpty())
        return tr("Unknown user");
    return tr("System");
}

QString DealHistoryModel::displayValue(const QString &column, const QVariant &value) const
{
    if (value.isNull() || value.toString().isEmpty())
        return tr("(empty)");
    const QString text = value.toString();
    const QLocale locale;
    if (isIdColumn(column))
        return m_names.value(nameKey(column, text), tr("(not available)"));
    if (column == u"amount_minor"_s)
        return Money::format(text.toLongLong(), m_currency, locale);
    if (column == u"probability"_s)
        return tr("%1 %").arg(locale.toString(text.toInt()));
    if (column == u"status"_s)
        return DealField::statusLabel(text);
    if (column == u"deleted"_s)
        return text == u"1"_s ? tr("Yes") : tr("No");
    if (isTimeColumn(column)) {
        const qint64 ms = text.toLongLong();
        if (ms == 0)
            return tr("(empty)");
        return locale.toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().date(),
                               QLocale::ShortFormat);
    }
    return text;
}

QVariant DealHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FieldChange &change = m_changes.at(index.row());
    const auto column = Column(index.column());
    const bool conflict = change.origin == u"conflict"_s;

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::When:
            return QLocale().toString(
                QDateTime::fromMSecsSinceEpoch(change.changedAt).toLocalTime(),
                QLocale::ShortFormat);
        case Column::Who:
            return actorName(change);
        case Column::Field:
            return conflict ? tr("%1 (conflict)").arg(DealField::label(change.field))
                            : DealField::label(change.field);
        case Column::From:
            return displayValue(change.field, change.oldValue);
        case Column::To:
            return displayValue(change.field, change.newValue);
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (conflict)
            return tr("This value was replaced by a concurrent change; it is kept here so that "
                      "nothing is lost.");
        if (change.origin == u"remote"_s)
            return tr("Received from the server.");
        return {};
    case int(Role::Field):
        return change.field;
    case int(Role::OldValue):
        return change.oldValue;
    case int(Role::NewValue):
        return change.newValue;
    case int(Role::ChangedAt):
        return change.changedAt;
    case int(Role::ChangedBy):
        return change.changedBy;
    case int(Role::Origin):
        return change.origin;
    case int(Role::SortValue):
        if (column == Column::When)
            return change.changedAt;
        return data(index, Qt::DisplayRole);
    default:
        return {};
    }
}

void DealHistoryModel::resolveNames()
{
    m_names.clear();
    StageRepository stages(m_store);
    OrganizationRepository organization(m_store);
    ProductRepository products(m_store);
    CustomerRepository customers(m_store);
    const auto resolve = [&](const QString &column, const QString &id) -> QString {
        if (column == u"stage_id"_s) {
            const Result<Stage> stage = stages.stage(id);
            return stage ? stage->name : QString();
        }
        if (column == u"owner_id"_s) {
            const Result<User> user = organization.user(id);
            return user ? user->name : QString();
        }
        if (column == u"product_id"_s) {
            const Result<Product> product = products.product(id);
            return product ? product->name : QString();
        }
        if (column == u"customer_id"_s) {
            const Result<Customer> customer = customers.customer(id);
            return customer ? customer->name : QString();
        }
        if (column == u"unit_id"_s) {
            const Result<Unit> unit = organization.unit(id);
            return unit ? unit->name : QString();
        }
        return {};
    };
    for (const FieldChange &change : std::as_const(m_changes)) {
        if (!isIdColumn(change.field))
            continue;
        for (const QVariant &value : {change.oldValue, change.newValue}) {
            const QString id = value.toString();
            const QString key = nameKey(change.field, id);
            if (id.isEmpty() || m_names.contains(key))
                continue;
            const QString name = resolve(change.field, id);
            if (!name.isEmpty())
                m_names.insert(key, name);
        }
    }
}

Result<void> DealHistoryModel::load(const QString &dealId)
{
    DealRepository deals(m_store);
    Result<QList<FieldChange>> history = deals.history(dealId);
    beginResetModel();
    m_dealId = dealId;
    m_changes.clear();
    m_names.clear();
    if (history) {
        m_changes = std::move(history).value();
        // The history keeps amounts without their currency; it is the deal's.
        if (const Result<Deal> deal = deals.deal(dealId))
            m_currency = deal->currency;
        resolveNames();
    }
    endResetModel();
    if (!history)
        return history.error();
    return {};
}

void DealHistoryModel::retranslate()
{
    if (!m_changes.isEmpty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                           {Qt::DisplayRole, Qt::ToolTipRole, int(Role::SortValue)});
    }
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

} // namespace Outpost
