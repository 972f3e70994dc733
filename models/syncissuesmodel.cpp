#include "syncissuesmodel.h"

#include "dealfield.h"
#include "localstore.h"
#include "money.h"
#include "schema.h"

#include <QDateTime>
#include <QLocale>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr int maxIssues = 1000;
constexpr int maxShownChars = 120;
const QString deletedField = u"deleted"_s;

// The column that names a record of each synced table, for "Deal · Renewal 2026".
QString nameColumn(const QString &table)
{
    static const QHash<QString, QString> columns {
        {u"units"_s, u"name"_s},
        {u"users"_s, u"name"_s},
        {u"stages"_s, u"name"_s},
        {u"customers"_s, u"name"_s},
        {u"product_lines"_s, u"name"_s},
        {u"products"_s, u"name"_s},
        {u"deals"_s, u"title"_s},
        {u"activities"_s, u"subject"_s},
        {u"interactions"_s, u"text"_s},
        {u"quotes"_s, u"number"_s},
        {u"data_grants"_s, u"field"_s},
        {u"confirmations"_s, u"signer_name"_s},
        {u"proposals"_s, u"text"_s},
        {u"collaboration_requests"_s, u"text"_s},
        {u"budget_requests"_s, u"purpose"_s},
        {u"nps_responses"_s, u"comment"_s},
        {u"service_tickets"_s, u"subject"_s},
        {u"automation_rules"_s, u"name"_s},
        {u"automation_log"_s, u"action"_s},
    };
    return columns.value(table);
}

// The table an id column points to ("owner_id" -> "users"), or empty.
QString referencedTable(const QString &field)
{
    static const QHash<QString, QString> tables {
        {u"stage_id"_s, u"stages"_s},       {u"owner_id"_s, u"users"_s},
        {u"user_id"_s, u"users"_s},         {u"requested_by"_s, u"users"_s},
        {u"decided_by"_s, u"users"_s},      {u"author_id"_s, u"users"_s},
        {u"unit_id"_s, u"units"_s},         {u"parent_id"_s, u"units"_s},
        {u"from_unit_id"_s, u"units"_s},    {u"to_unit_id"_s, u"units"_s},
        {u"customer_id"_s, u"customers"_s}, {u"deal_id"_s, u"deals"_s},
        {u"product_id"_s, u"products"_s},   {u"line_id"_s, u"product_lines"_s},
        {u"quote_id"_s, u"quotes"_s},       {u"rule_id"_s, u"automation_rules"_s},
    };
    return tables.value(field);
}

bool hasCurrency(const QString &table)
{
    const Schema::SyncedTable *synced = Schema::syncedTable(table);
    return synced && synced->fields.contains(u"currency"_s);
}

bool isTimeField(const QString &field)
{
    return field == u"expected_close"_s || field == u"valid_until"_s || field == u"valid_from"_s
        || field.endsWith(u"_at"_s);
}

QString recordKey(const QString &table, const QString &id)
{
    return table + u'/' + id;
}

// One line, at most maxShownChars characters: values can be long notes.
QString shortened(const QString &text)
{
    QString line = text.simplified();
    if (line.size() > maxShownChars)
        line = line.left(maxShownChars - 1) + u'…';
    return line;
}

} // namespace

SyncIssuesModel::SyncIssuesModel(LocalStore &store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{ }

int SyncIssuesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_issues.size());
}

int SyncIssuesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QHash<int, QByteArray> SyncIssuesModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(int(Role::IssueId), "issueId");
    names.insert(int(Role::Kind), "kind");
    names.insert(int(Role::Table), "table");
    names.insert(int(Role::RowId), "rowId");
    names.insert(int(Role::Field), "field");
    names.insert(int(Role::ReasonCode), "reasonCode");
    names.insert(int(Role::ServerMessage), "serverMessage");
    names.insert(int(Role::LocalValues), "localValues");
    names.insert(int(Role::ServerValues), "serverValues");
    names.insert(int(Role::CreatedAt), "createdAt");
    names.insert(int(Role::SortValue), "sortValue");
    return names;
}

QVariant SyncIssuesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::When:
        return tr("When");
    case Column::Record:
        return tr("Record");
    case Column::Field:
        return tr("Field");
    case Column::Kind:
        return tr("Kind");
    case Column::Reason:
        return tr("Reason");
    case Column::YourValue:
        return tr("Your value");
    case Column::ServerValue:
        return tr("Server value");
    case Column::Count:
        break;
    }
    return {};
}

QString SyncIssuesModel::tableLabel(const QString &table)
{
    if (table == u"units"_s)
        return tr("Sales unit");
    if (table == u"users"_s)
        return tr("User");
    if (table == u"stages"_s)
        return tr("Stage");
    if (table == u"customers"_s)
        return tr("Customer");
    if (table == u"product_lines"_s)
        return tr("Product line");
    if (table == u"products"_s)
        return tr("Product");
    if (table == u"deals"_s)
        return tr("Deal");
    if (table == u"activities"_s)
        return tr("Activity");
    if (table == u"interactions"_s)
        return tr("Interaction");
    if (table == u"quotes"_s)
        return tr("Quote");
    if (table == u"quote_versions"_s)
        return tr("Quote version");
    if (table == u"data_grants"_s)
        return tr("Data grant");
    if (table == u"confirmations"_s)
        return tr("Confirmation");
    if (table == u"proposals"_s)
        return tr("Proposal");
    if (table == u"collaboration_requests"_s)
        return tr("Collaboration request");
    if (table == u"budget_requests"_s)
        return tr("Budget request");
    if (table == u"nps_responses"_s)
        return tr("NPS response");
    if (table == u"service_tickets"_s)
        return tr("Service ticket");
    if (table == u"automation_rules"_s)
        return tr("Automation rule");
    if (table == u"automation_log"_s)
        return tr("Automation log entry");
    return table;
}

QString SyncIssuesModel::fieldLabel(const QString &table, const QString &field)
{
    if (field.isEmpty())
        return tr("Whole record");
    // Deals have their own labels; other tables share most column names with them.
    const QString dealLabel = DealField::label(field);
    if (table == u"deals"_s || dealLabel != field)
        return dealLabel;
    if (field == u"name"_s)
        return tr("Name");
    if (field == u"contact_name"_s)
        return tr("Contact");
    if (field == u"email"_s)
        return tr("Email");
    if (field == u"phone"_s)
        return tr("Phone");
    if (field == u"address"_s)
        return tr("Address");
    if (field == u"city"_s)
        return tr("City");
    if (field == u"country"_s)
        return tr("Country");
    if (field == u"segment"_s)
        return tr("Segment");
    if (field == u"industry"_s)
        return tr("Industry");
    if (field == u"subject"_s)
        return tr("Subject");
    if (field == u"text"_s || field == u"comment"_s)
        return tr("Text");
    if (field == u"kind"_s)
        return tr("Type");
    if (field == u"due_at"_s)
        return tr("Due");
    if (field == u"done_at"_s)
        return tr("Done");
    if (field == u"deal_id"_s)
        return tr("Deal");
    if (field == u"user_id"_s)
        return tr("User");
    if (field == u"purpose"_s)
        return tr("Purpose");
    if (field == u"priority"_s)
        return tr("Priority");
    // A column without a label of its own: its name made readable ("rotting_days").
    QString readable = field;
    readable.replace(u'_', u' ');
    return readable.isEmpty() ? readable : readable.at(0).toUpper() + readable.mid(1);
}

QString SyncIssuesModel::reasonText(const SyncStore::Issue &issue)
{
    if (issue.kind == SyncStore::IssueKind::Conflict) {
        if (issue.field == deletedField)
            return tr("Deleted elsewhere");
        if (issue.kept == u"client"_s)
            return tr("Edited elsewhere; your value kept");
        return tr("Edited elsewhere; server's value kept");
    }
    const QString &code = issue.reason;
    if (code == u"forbidden"_s)
        return tr("Not allowed for your role or unit");
    if (code == u"invalid_value"_s)
        return tr("Value not accepted");
    if (code == u"clock_skew"_s)
        return tr("This computer's clock is ahead");
    if (code == u"unknown_field"_s)
        return tr("Field unknown to the server");
    if (code == u"unknown_table"_s)
        return tr("Record type unknown to the server");
    if (code == u"schema_mismatch"_s)
        return tr("Different Outpost versions");
    if (code == u"op_mismatch"_s)
        return tr("Change number already used");
    if (code.isEmpty())
        return tr("Rejected by the server");
    return tr("Rejected by the server (%1)").arg(code);
}

QString SyncIssuesModel::reasonDescription(const SyncStore::Issue &issue)
{
    if (issue.kind == SyncStore::IssueKind::Conflict) {
        if (issue.field == deletedField)
            return tr("Someone else deleted the record while you edited it. Re-apply your "
                      "values to restore it with your edit.");
        if (issue.kept == u"client"_s)
            return tr("Someone else changed the same field at the same time. Your value was "
                      "kept; the value it replaced stays in the record's history.");
        return tr("Someone else changed the same field at the same time, and the server kept "
                  "its value for this important field. Yours stays in the record's history; "
                  "re-apply it to overwrite the server's value.");
    }
    const QString &code = issue.reason;
    QString why;
    if (code == u"forbidden"_s)
        why = tr("The server does not allow this change for your role, or the record belongs to "
                 "a unit outside yours.");
    else if (code == u"invalid_value"_s)
        why = tr("The server does not accept a value of this change (its type, size or a "
                 "reference to another record).");
    else if (code == u"clock_skew"_s)
        why = tr("The clock of this computer is more than five minutes ahead of the server's. "
                 "Correct the clock, then re-apply.");
    else if (code == u"unknown_field"_s || code == u"unknown_table"_s
             || code == u"schema_mismatch"_s)
        why = tr("This Outpost and the server are different versions; one of them needs an "
                 "update. Re-apply after the update.");
    else if (code == u"op_mismatch"_s)
        why = tr("The server recorded another change under this change's number (a copied "
                 "profile?). Re-apply to send it as a new change.");
    else
        why = tr("The server rejected the change.");
    return why + u' ' + tr("Nothing was changed on the server.");
}

QString SyncIssuesModel::lookUpName(const QString &table, const QString &id)
{
    const QString key = recordKey(table, id);
    if (const auto found = m_records.constFind(key); found != m_records.cend())
        return found->name;
    Record record;
    const QString column = nameColumn(table);
    // Table and column come from the lists above, never from the issue's text.
    if (!column.isEmpty() && Schema::syncedTable(table)) {
        const QString currency = hasCurrency(table) ? u"currency"_s : u"''"_s;
        QSqlQuery &q = m_store.prepared(
            u"SELECT %1, %2 FROM %3 WHERE id = ?"_s.arg(column, currency, table));
        q.addBindValue(id);
        if (q.exec() && q.next()) {
            record.name = shortened(q.value(0).toString());
            record.currency = q.value(1).toString();
        }
        q.finish();
    }
    m_records.insert(key, record);
    return record.name;
}

void SyncIssuesModel::resolveNames(const QList<SyncStore::Issue> &issues)
{
    // Names may have changed since the last reload (a pull renamed a deal).
    m_records.clear();
    for (const SyncStore::Issue &issue : issues) {
        lookUpName(issue.table, issue.rowId);
        for (const QVariantMap *values : {&issue.localValues, &issue.serverValues}) {
            for (auto it = values->cbegin(); it != values->cend(); ++it) {
                const QString target = referencedTable(it.key());
                const QString id = it.value().toString();
                if (!target.isEmpty() && !id.isEmpty())
                    lookUpName(target, id);
            }
        }
    }
}

QString SyncIssuesModel::currencyOf(const SyncStore::Issue &issue) const
{
    for (const QVariantMap *values : {&issue.localValues, &issue.serverValues}) {
        const QString currency = values->value(u"currency"_s).toString();
        if (!currency.isEmpty())
            return currency;
    }
    const QString stored = m_records.value(recordKey(issue.table, issue.rowId)).currency;
    return stored.isEmpty() ? u"CNY"_s : stored;
}

QString SyncIssuesModel::recordText(const SyncStore::Issue &issue) const
{
    QString name = m_records.value(recordKey(issue.table, issue.rowId)).name;
    if (name.isEmpty()) {
        // Not (or no longer) on this computer: the change itself may carry the name.
        const QString column = nameColumn(issue.table);
        name = shortened(issue.localValues.value(column).toString());
        if (name.isEmpty())
            name = shortened(issue.serverValues.value(column).toString());
    }
    if (name.isEmpty())
        return tr("%1 (no name)").arg(tableLabel(issue.table));
    return tr("%1 · %2").arg(tableLabel(issue.table), name);
}

QString SyncIssuesModel::displayValue(const QString &table, const QString &field,
                                      const QVariant &value, const QString &currency) const
{
    if (!value.isValid() || value.isNull() || value.toString().isEmpty())
        return tr("(empty)");
    const QString text = value.toString();
    const QLocale locale;
    if (const QString target = referencedTable(field); !target.isEmpty()) {
        const QString name = m_records.value(recordKey(target, text)).name;
        return name.isEmpty() ? tr("(not on this computer)") : name;
    }
    if (field.endsWith(u"_minor"_s))
        return Money::format(text.toLongLong(), currency.isEmpty() ? u"CNY"_s : currency, locale);
    if (field == u"probability"_s || field == u"win_probability"_s)
        return tr("%1 %").arg(locale.toString(text.toInt()));
    if (field == u"status"_s && table == u"deals"_s)
        return DealField::statusLabel(text);
    if (field == deletedField)
        return text == u"1"_s ? tr("Deleted") : tr("Not deleted");
    if (isTimeField(field)) {
        const qint64 ms = text.toLongLong();
        if (ms == 0)
            return tr("(empty)");
        return locale.toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(),
                               QLocale::ShortFormat);
    }
    return shortened(text);
}

QString SyncIssuesModel::valuesText(const SyncStore::Issue &issue, const QVariantMap &values) const
{
    const QString currency = currencyOf(issue);
    if (values.size() == 1) {
        const auto only = values.cbegin();
        return displayValue(issue.table, only.key(), only.value(), currency);
    }
    // Several fields: "Title: …; Amount: …" in the schema's order.
    QStringList parts;
    const Schema::SyncedTable *synced = Schema::syncedTable(issue.table);
    QStringList order = synced ? synced->fields : QStringList();
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!order.contains(it.key()))
            order.append(it.key());
    }
    for (const QString &field : std::as_const(order)) {
        if (!values.contains(field) || field == deletedField)
            continue;
        parts.append(
            tr("%1: %2").arg(fieldLabel(issue.table, field),
                             displayValue(issue.table, field, values.value(field), currency)));
    }
    return parts.join(tr("; "));
}

QString SyncIssuesModel::yourValueText(const SyncStore::Issue &issue) const
{
    if (issue.kind == SyncStore::IssueKind::Conflict) {
        if (issue.field == deletedField) {
            QVariantMap edits = issue.localValues;
            edits.remove(deletedField);
            return edits.isEmpty() ? tr("Not deleted") : valuesText(issue, edits);
        }
        return displayValue(issue.table, issue.field, issue.localValues.value(issue.field),
                            currencyOf(issue));
    }
    if (issue.op == u"delete"_s)
        return tr("Deleted");
    if (issue.op == u"undelete"_s)
        return tr("Restored");
    if (issue.localValues.isEmpty())
        return tr("(no values)");
    return valuesText(issue, issue.localValues);
}

QString SyncIssuesModel::serverValueText(const SyncStore::Issue &issue) const
{
    if (issue.serverValues.isEmpty())
        return tr("(not sent)");
    if (issue.kind == SyncStore::IssueKind::Conflict) {
        return displayValue(issue.table, issue.field, issue.serverValues.value(issue.field),
                            currencyOf(issue));
    }
    if (issue.op == u"delete"_s || issue.op == u"undelete"_s) {
        return displayValue(issue.table, deletedField, issue.serverValues.value(deletedField),
                            currencyOf(issue));
    }
    return valuesText(issue, issue.serverValues);
}

QVariant SyncIssuesModel::displayData(const SyncStore::Issue &issue, Column column) const
{
    switch (column) {
    case Column::When:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(issue.createdAt).toLocalTime(),
                                  QLocale::ShortFormat);
    case Column::Record:
        return recordText(issue);
    case Column::Field:
        if (issue.field.isEmpty() && issue.localValues.size() == 1)
            return fieldLabel(issue.table, issue.localValues.firstKey());
        return fieldLabel(issue.table, issue.field);
    case Column::Kind:
        return issue.kind == SyncStore::IssueKind::Conflict ? tr("Conflict") : tr("Rejected");
    case Column::Reason:
        return reasonText(issue);
    case Column::YourValue:
        return yourValueText(issue);
    case Column::ServerValue:
        return serverValueText(issue);
    case Column::Count:
        break;
    }
    return {};
}

QVariant SyncIssuesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SyncStore::Issue &issue = m_issues.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(issue, column);
    case Qt::ToolTipRole:
        if (column == Column::Reason && !issue.message.isEmpty())
            return tr("%1\nThe server said: %2").arg(reasonDescription(issue), issue.message);
        if (column == Column::Reason)
            return reasonDescription(issue);
        if (column == Column::ServerValue && issue.serverValues.isEmpty())
            return tr("The server did not send its value (you may not see this record).");
        return displayData(issue, column);
    case int(Role::IssueId):
        return issue.id;
    case int(Role::Kind):
        return issue.kind == SyncStore::IssueKind::Conflict ? u"conflict"_s : u"rejected"_s;
    case int(Role::Table):
        return issue.table;
    case int(Role::RowId):
        return issue.rowId;
    case int(Role::Field):
        return issue.field;
    case int(Role::ReasonCode):
        return issue.reason;
    case int(Role::ServerMessage):
        return issue.message;
    case int(Role::LocalValues):
        return issue.localValues;
    case int(Role::ServerValues):
        return issue.serverValues;
    case int(Role::CreatedAt):
        return issue.createdAt;
    case int(Role::SortValue):
        if (column == Column::When)
            return issue.createdAt;
        return displayData(issue, column);
    default:
        return {};
    }
}

int SyncIssuesModel::rowOfIssue(qint64 issueId) const
{
    return m_rowById.value(issueId, -1);
}

void SyncIssuesModel::rebuildIndex()
{
    m_rowById.clear();
    for (int row = 0; row < m_issues.size(); ++row)
        m_rowById.insert(m_issues.at(row).id, row);
}

Result<void> SyncIssuesModel::reload()
{
    SyncStore sync(m_store);
    Result<QList<SyncStore::Issue>> fresh = sync.issues(false, maxIssues);
    if (!fresh)
        return fresh.error();
    const QList<SyncStore::Issue> &issues = fresh.value();
    resolveNames(issues);

    // Both lists are newest first (descending id): remove the rows that are gone, then insert
    // the new ones where they belong, so the rows that stay keep their selection.
    QSet<qint64> freshIds;
    for (const SyncStore::Issue &issue : issues)
        freshIds.insert(issue.id);
    for (int row = int(m_issues.size()) - 1; row >= 0;) {
        if (freshIds.contains(m_issues.at(row).id)) {
            --row;
            continue;
        }
        const int last = row;
        while (row >= 0 && !freshIds.contains(m_issues.at(row).id))
            --row;
        beginRemoveRows({}, row + 1, last);
        m_issues.remove(row + 1, last - row);
        endRemoveRows();
    }
    rebuildIndex();

    for (int row = 0; row < issues.size();) {
        if (row < m_issues.size() && m_issues.at(row).id == issues.at(row).id) {
            m_issues[row] = issues.at(row);
            ++row;
            continue;
        }
        int end = row;
        while (end < issues.size() && !m_rowById.contains(issues.at(end).id))
            ++end;
        if (end == row) {
            // Not ordered as expected (cannot happen with ascending ids): start over.
            beginResetModel();
            m_issues = issues;
            rebuildIndex();
            endResetModel();
            return {};
        }
        beginInsertRows({}, row, end - 1);
        for (int i = row; i < end; ++i)
            m_issues.insert(i, issues.at(i));
        rebuildIndex();
        endInsertRows();
        row = end;
    }
    if (!m_issues.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    return {};
}

void SyncIssuesModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    if (!m_issues.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

} // namespace Outpost
