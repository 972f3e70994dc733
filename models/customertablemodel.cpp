#include "customertablemodel.h"

#include "money.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

bool sameCustomer(const Customer &a, const Customer &b)
{
    return a.id == b.id && a.unitId == b.unitId && a.ownerId == b.ownerId && a.name == b.name
        && a.segment == b.segment && a.region == b.region && a.industry == b.industry
        && a.contactName == b.contactName && a.email == b.email && a.phone == b.phone
        && a.address == b.address && a.city == b.city && a.country == b.country
        && a.notes == b.notes && a.createdAt == b.createdAt && a.updatedAt == b.updatedAt;
}

bool sameSummary(const CustomerSummary &a, const CustomerSummary &b)
{
    return sameCustomer(a.customer, b.customer) && a.ownerName == b.ownerName
        && a.unitName == b.unitName && a.openDeals == b.openDeals
        && a.openPipelineMinor == b.openPipelineMinor && a.currency == b.currency
        && a.lastInteractionAt == b.lastInteractionAt;
}

} // namespace

CustomerTableModel::CustomerTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int CustomerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CustomerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QString CustomerTableModel::segmentLabel(const QString &segment)
{
    if (segment == u"enterprise"_s)
        return tr("Enterprise");
    if (segment == u"mid-market"_s)
        return tr("Mid-market");
    if (segment == u"small business"_s)
        return tr("Small business");
    if (segment == u"public sector"_s)
        return tr("Public sector");
    return segment;
}

CustomerTableModel::Row CustomerTableModel::makeRow(CustomerSummary summary)
{
    const Customer &c = summary.customer;
    const QString text = QStringList {c.name,     c.contactName,
                                      c.email,    c.phone,
                                      c.city,     c.region,
                                      c.industry, summary.ownerName,
                                      c.country,  segmentLabel(c.segment)}
                             .join(u'\n')
                             .toCaseFolded();
    return Row {std::move(summary), text};
}

QVariant CustomerTableModel::displayValue(const CustomerSummary &s, Column column) const
{
    const Customer &c = s.customer;
    switch (column) {
    case Column::Name:
        return c.name;
    case Column::Contact:
        return c.contactName;
    case Column::Segment:
        return segmentLabel(c.segment);
    case Column::Industry:
        return c.industry;
    case Column::Region:
        return c.region;
    case Column::City:
        return c.city;
    case Column::Owner:
        return s.ownerName;
    case Column::Unit:
        return s.unitName;
    case Column::OpenDeals:
        return QLocale().toString(s.openDeals);
    case Column::Pipeline:
        return Money::format(s.openPipelineMinor, s.currency, QLocale());
    case Column::LastInteraction:
        return s.lastInteractionAt == 0
            ? QString()
            : QLocale().toString(QDateTime::fromMSecsSinceEpoch(s.lastInteractionAt).date(),
                                 QLocale::ShortFormat);
    case Column::Count:
        break;
    }
    return {};
}

QVariant CustomerTableModel::sortValue(const Row &row, Column column) const
{
    const CustomerSummary &s = row.summary;
    switch (column) {
    case Column::OpenDeals:
        return s.openDeals;
    case Column::Pipeline:
        return s.openPipelineMinor;
    case Column::LastInteraction:
        return s.lastInteractionAt;
    default:
        return displayValue(s, column);
    }
}

QVariant CustomerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row.summary, column);
    case Qt::ToolTipRole:
        if (column == Column::Name || column == Column::Contact) {
            const Customer &c = row.summary.customer;
            return QStringList {c.name, c.contactName, c.email, c.phone}.join(u'\n').trimmed();
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == Column::OpenDeals || column == Column::Pipeline)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case int(Role::Id):
        return row.summary.customer.id;
    case int(Role::SortValue):
        return sortValue(row, column);
    case int(Role::Summary):
        return QVariant::fromValue(row.summary);
    case int(Role::SearchText):
        return row.searchText;
    default:
        return {};
    }
}

QVariant CustomerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= int(Column::Count))
        return {};
    if (role == Qt::TextAlignmentRole) {
        const auto column = Column(section);
        if (column == Column::OpenDeals || column == Column::Pipeline)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Name:
        return tr("Customer");
    case Column::Contact:
        return tr("Contact");
    case Column::Segment:
        return tr("Segment");
    case Column::Industry:
        return tr("Industry");
    case Column::Region:
        return tr("Region");
    case Column::City:
        return tr("City");
    case Column::Owner:
        return tr("Owner");
    case Column::Unit:
        return tr("Unit");
    case Column::OpenDeals:
        return tr("Open deals");
    case Column::Pipeline:
        return tr("Open pipeline");
    case Column::LastInteraction:
        return tr("Last contact");
    case Column::Count:
        break;
    }
    return {};
}

QHash<int, QByteArray> CustomerTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(int(Role::Id), "customerId");
    names.insert(int(Role::SortValue), "sortValue");
    names.insert(int(Role::Summary), "summary");
    names.insert(int(Role::SearchText), "searchText");
    return names;
}

Result<void> CustomerTableModel::reload(CustomerRepository &repository)
{
    Result<QList<CustomerSummary>> summaries = repository.summaries();
    if (!summaries)
        return summaries.error();
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_rows.reserve(summaries->size());
    for (CustomerSummary &summary : summaries.value()) {
        m_rowById.insert(summary.customer.id, int(m_rows.size()));
        m_rows.append(makeRow(std::move(summary)));
    }
    endResetModel();
    return {};
}

int CustomerTableModel::rowOfId(const QString &id) const
{
    return m_rowById.value(id, -1);
}

Result<void> CustomerTableModel::refreshCustomer(CustomerRepository &repository, const QString &id)
{
    Result<CustomerSummary> summary = repository.summary(id);
    const int row = rowOfId(id);
    if (!summary) {
        if (summary.error().code != ErrorCode::NotFound)
            return summary.error();
        if (row < 0)
            return {};
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        m_rowById.remove(id);
        for (auto it = m_rowById.begin(); it != m_rowById.end(); ++it) {
            if (it.value() > row)
                --it.value();
        }
        endRemoveRows();
        return {};
    }
    if (row >= 0) {
        m_rows[row] = makeRow(std::move(summary).value());
        Q_EMIT dataChanged(index(row, 0), index(row, int(Column::Count) - 1));
        return {};
    }
    const int newRow = int(m_rows.size());
    beginInsertRows({}, newRow, newRow);
    m_rowById.insert(id, newRow);
    m_rows.append(makeRow(std::move(summary).value()));
    endInsertRows();
    return {};
}

Result<void> CustomerTableModel::update(CustomerRepository &repository)
{
    Result<QList<CustomerSummary>> summaries = repository.summaries();
    if (!summaries)
        return summaries.error();
    QList<CustomerSummary> &fresh = summaries.value();
    QHash<QString, int> freshRowById;
    freshRowById.reserve(fresh.size());
    for (int i = 0; i < fresh.size(); ++i)
        freshRowById.insert(fresh.at(i).customer.id, i);

    // Rows whose customer is gone, in contiguous ranges from the bottom.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (freshRowById.contains(m_rows.at(row).summary.customer.id)) {
            --row;
            continue;
        }
        const int last = row;
        while (row >= 0 && !freshRowById.contains(m_rows.at(row).summary.customer.id))
            --row;
        beginRemoveRows({}, row + 1, last);
        m_rows.remove(row + 1, last - row);
        endRemoveRows();
    }
    m_rowById.clear();
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowById.insert(m_rows.at(row).summary.customer.id, row);

    // Changed rows, announced in contiguous ranges.
    int firstChanged = -1;
    const auto flush = [this, &firstChanged](int endRow) {
        if (firstChanged >= 0)
            Q_EMIT dataChanged(index(firstChanged, 0), index(endRow - 1, int(Column::Count) - 1));
        firstChanged = -1;
    };
    for (int row = 0; row < m_rows.size(); ++row) {
        CustomerSummary &summary = fresh[freshRowById.value(m_rows.at(row).summary.customer.id)];
        if (sameSummary(m_rows.at(row).summary, summary)) {
            flush(row);
            continue;
        }
        m_rows[row] = makeRow(std::move(summary));
        if (firstChanged < 0)
            firstChanged = row;
    }
    flush(int(m_rows.size()));

    // New customers at the end (a sort proxy puts them in place).
    QList<CustomerSummary> added;
    for (CustomerSummary &summary : fresh) {
        if (!summary.customer.id.isEmpty() && !m_rowById.contains(summary.customer.id))
            added.append(std::move(summary));
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (CustomerSummary &summary : added) {
            m_rowById.insert(summary.customer.id, int(m_rows.size()));
            m_rows.append(makeRow(std::move(summary)));
        }
        endInsertRows();
    }
    return {};
}

void CustomerTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, int(Column::Count) - 1);
    for (Row &row : m_rows)
        row = makeRow(std::move(row.summary));
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, int(Column::Count) - 1));
}

} // namespace Outpost
