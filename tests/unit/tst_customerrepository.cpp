#include "customerrepository.h"

#include "changewriter.h"
#include "dealrepository.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

constexpr qint64 t0 = 1'718'000'000'000;

QVariant scalar(LocalStore &store, const QString &sql, const QVariantList &bindings = {})
{
    QSqlQuery q = store.query();
    q.prepare(sql);
    for (const QVariant &value : bindings)
        q.addBindValue(value);
    if (!q.exec() || !q.next())
        return {};
    return q.value(0);
}

// Everything a write could leave behind.
QString footprint(LocalStore &store)
{
    QStringList parts;
    for (const QString &table : {u"customers"_s, u"deals"_s, u"outbox"_s, u"field_versions"_s,
                                 u"field_history"_s, u"customers_fts"_s}) {
        parts.append(table + u'='
                     + scalar(store, u"SELECT count(*) FROM %1"_s.arg(table)).toString());
    }
    parts.append(u"seq="_s + scalar(store, u"SELECT device_seq FROM device_state"_s).toString());
    parts.append(u"data="_s
                 + scalar(store,
                          u"SELECT group_concat(name || '|' || phone || '|' || email || "
                          u"'|' || notes, ';') FROM customers"_s)
                       .toString());
    return parts.join(u' ');
}

} // namespace

class tst_CustomerRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void createReadUpdateRemove();
    void createWithOnlyAName();
    void createWithGivenId();
    void updateAndRemoveMissingCustomer();
    void invalidInputWritesNothing_data();
    void invalidInputWritesNothing();
    void validInputAtTheLimits_data();
    void validInputAtTheLimits();
    void summariesShowOpenPipeline();
    void search_data();
    void search();
    void searchRespectsLimit();
    void searchFollowsEdits();
    void renamingCustomerUpdatesDealSearch();

private:
    LocalStore &store() { return *m_store; }
    QString createCustomer(const QString &name, const QString &contact = {},
                           const QString &notes = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    qint64 m_wallMs = t0;
    QString m_unitId;
    QString m_userId;
};

void tst_CustomerRepository::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_CustomerRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"profile.sqlite"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();
    m_wallMs = t0;
    m_store->setWallClock([this] { return m_wallMs; });

    ChangeWriter seed(store());
    m_unitId = UuidV7::generate();
    m_userId = UuidV7::generate();
    QVERIFY(seed.insert(u"units"_s, m_unitId, {{u"name"_s, u"East"_s}, {u"currency"_s, u"CNY"_s}})
                .ok());
    QVERIFY(seed.insert(u"users"_s, m_userId,
                        {{u"name"_s, u"Li Lei"_s}, {u"role"_s, u"rep"_s}, {u"unit_id"_s, m_unitId}})
                .ok());
}

void tst_CustomerRepository::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QString tst_CustomerRepository::createCustomer(const QString &name, const QString &contact,
                                               const QString &notes)
{
    CustomerRepository customers(store(), m_userId);
    Customer c;
    c.unitId = m_unitId;
    c.ownerId = m_userId;
    c.name = name;
    c.contactName = contact;
    c.notes = notes;
    const Result<QString> created = customers.create(c);
    return created.ok() ? created.value() : QString();
}

void tst_CustomerRepository::createReadUpdateRemove()
{
    CustomerRepository customers(store(), m_userId);
    Customer c;
    c.unitId = m_unitId;
    c.ownerId = m_userId;
    c.name = u"上海华信科技有限公司"_s;
    c.segment = u"enterprise"_s;
    c.region = u"East"_s;
    c.industry = u"Software"_s;
    c.contactName = u"王伟"_s;
    c.email = u"wang.wei@huaxin.example.cn"_s;
    c.phone = u"+86 21 5555 0100"_s;
    c.address = u"浦东新区世纪大道 100 号"_s;
    c.city = u"上海"_s;
    c.country = u"CN"_s;
    c.notes = u"Key account"_s;

    const Result<QString> created = customers.create(c);
    QVERIFY2(created.ok(), qPrintable(created.error().message));
    const QString id = created.value();
    QVERIFY(UuidV7::isValid(id));
    QCOMPARE(customers.count(), 1);

    Result<Customer> read = customers.customer(id);
    QVERIFY2(read.ok(), qPrintable(read.error().message));
    QCOMPARE(read->id, id);
    QCOMPARE(read->unitId, m_unitId);
    QCOMPARE(read->ownerId, m_userId);
    QCOMPARE(read->name, c.name);
    QCOMPARE(read->segment, c.segment);
    QCOMPARE(read->region, c.region);
    QCOMPARE(read->industry, c.industry);
    QCOMPARE(read->contactName, c.contactName);
    QCOMPARE(read->email, c.email);
    QCOMPARE(read->phone, c.phone);
    QCOMPARE(read->address, c.address);
    QCOMPARE(read->city, c.city);
    QCOMPARE(read->country, c.country);
    QCOMPARE(read->notes, c.notes);
    QCOMPARE(read->createdAt, t0);
    QCOMPARE(read->updatedAt, t0);

    // The create went through the write path: one insert in the outbox for this row.
    QCOMPARE(scalar(store(), u"SELECT op FROM outbox WHERE row_id = ?"_s, {id}).toString(),
             u"insert"_s);

    m_wallMs = t0 + 1000;
    Result<void> done = customers.update(id,
                                         {{u"phone"_s, u"+86 21 5555 0199"_s},
                                          {u"city"_s, u"上海"_s}, // unchanged
                                          {u"email"_s, u"WANG@huaxin.example.cn"_s}});
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    read = customers.customer(id);
    QCOMPARE(read->phone, u"+86 21 5555 0199"_s);
    QCOMPARE(read->email, u"WANG@huaxin.example.cn"_s);
    QCOMPARE(read->updatedAt, t0 + 1000);
    QCOMPARE(read->createdAt, t0);
    const QJsonObject changed
        = QJsonDocument::fromJson(scalar(store(),
                                         u"SELECT fields FROM outbox WHERE row_id = ? AND op = "
                                         u"'update'"_s,
                                         {id})
                                      .toString()
                                      .toUtf8())
              .object();
    QCOMPARE(changed.keys(), (QStringList {u"email"_s, u"phone"_s}));
    QCOMPARE(scalar(store(),
                    u"SELECT changed_by FROM field_history WHERE row_id = ? AND field = 'phone'"_s,
                    {id})
                 .toString(),
             m_userId);

    done = customers.remove(id);
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    read = customers.customer(id);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().code, ErrorCode::NotFound);
    QCOMPARE(customers.count(), 0);
    QVERIFY(customers.summaries()->isEmpty());
    QCOMPARE(customers.search(u"华信"_s)->size(), 0);
    // A tombstone, not a hard delete: the row and an outbox delete remain.
    QCOMPARE(scalar(store(), u"SELECT deleted FROM customers WHERE id = ?"_s, {id}).toInt(), 1);
    QCOMPARE(
        scalar(store(), u"SELECT count(*) FROM outbox WHERE row_id = ? AND op = 'delete'"_s, {id})
            .toInt(),
        1);
}

void tst_CustomerRepository::createWithOnlyAName()
{
    // A quick-add form leaves every other field untouched (null QStrings): still valid.
    CustomerRepository customers(store());
    Customer c;
    c.name = u"Walk-in Customer"_s;
    const Result<QString> created = customers.create(c);
    QVERIFY2(created.ok(), qPrintable(created.error().message));
    const Result<Customer> read = customers.customer(created.value());
    QVERIFY(read.ok());
    QCOMPARE(read->name, c.name);
    QVERIFY(read->unitId.isEmpty());
    QVERIFY(read->ownerId.isEmpty());
    QVERIFY(read->email.isEmpty());
    QVERIFY(scalar(store(), u"SELECT unit_id FROM customers WHERE id = ?"_s, {created.value()})
                .isNull());
}

void tst_CustomerRepository::createWithGivenId()
{
    CustomerRepository customers(store());
    Customer c;
    c.id = UuidV7::generate();
    c.name = u"Given"_s;
    const Result<QString> created = customers.create(c);
    QVERIFY(created.ok());
    QCOMPARE(created.value(), c.id);

    // The same id twice is refused, and the first customer is unchanged.
    c.name = u"Duplicate"_s;
    const Result<QString> again = customers.create(c);
    QVERIFY(!again.ok());
    QCOMPARE(customers.count(), 1);
    QCOMPARE(customers.customer(c.id)->name, u"Given"_s);

    c.id = u"not-a-uuid"_s;
    const Result<QString> invalid = customers.create(c);
    QVERIFY(!invalid.ok());
    QCOMPARE(invalid.error().code, ErrorCode::InvalidArgument);
    QCOMPARE(customers.count(), 1);
}

void tst_CustomerRepository::updateAndRemoveMissingCustomer()
{
    CustomerRepository customers(store());
    const QString missing = UuidV7::generate();
    const QString before = footprint(store());
    Result<void> done = customers.update(missing, {{u"name"_s, u"Ghost"_s}});
    QCOMPARE(done.error().code, ErrorCode::NotFound);
    done = customers.remove(missing);
    QCOMPARE(done.error().code, ErrorCode::NotFound);
    QCOMPARE(customers.customer(missing).error().code, ErrorCode::NotFound);
    QCOMPARE(footprint(store()), before);
}

void tst_CustomerRepository::invalidInputWritesNothing_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");

    QTest::newRow("empty name") << u"name"_s << QString();
    QTest::newRow("blank name") << u"name"_s << u" \t "_s;
    QTest::newRow("name too long") << u"name"_s << QString(201, u'n');
    QTest::newRow("email without @") << u"email"_s << u"wang.example.cn"_s;
    QTest::newRow("email without domain dot") << u"email"_s << u"wang@localhost"_s;
    QTest::newRow("email with space") << u"email"_s << u"wang wei@example.cn"_s;
    QTest::newRow("email with two @") << u"email"_s << u"a@b@example.cn"_s;
    QTest::newRow("email without user") << u"email"_s << u"@example.cn"_s;
    QTest::newRow("phone too long") << u"phone"_s << QString(501, u'1');
    QTest::newRow("address too long") << u"address"_s << QString(501, u'路');
    QTest::newRow("notes too long") << u"notes"_s << QString(20'001, u'x');
}

void tst_CustomerRepository::invalidInputWritesNothing()
{
    QFETCH(QString, field);
    QFETCH(QString, value);

    CustomerRepository customers(store(), m_userId);
    const QString id = createCustomer(u"Existing Ltd"_s);
    QVERIFY(!id.isEmpty());
    const QString before = footprint(store());

    // Through update...
    Result<void> updated = customers.update(id, {{field, value}});
    QVERIFY(!updated.ok());
    QCOMPARE(updated.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!updated.error().message.isEmpty());
    QCOMPARE(footprint(store()), before);

    // ...and through create.
    Customer c;
    c.name = u"New Ltd"_s;
    const QVariantMap asFields {{field, value}};
    if (field == u"name"_s)
        c.name = value;
    else if (field == u"email"_s)
        c.email = value;
    else if (field == u"phone"_s)
        c.phone = value;
    else if (field == u"address"_s)
        c.address = value;
    else
        c.notes = value;
    const Result<QString> created = customers.create(c);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, ErrorCode::InvalidArgument);
    QCOMPARE(footprint(store()), before);
    QCOMPARE(CustomerRepository::validate(asFields).error().code, ErrorCode::InvalidArgument);
}

void tst_CustomerRepository::validInputAtTheLimits_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");

    QTest::newRow("name of 200") << u"name"_s << QString(200, u'名');
    QTest::newRow("name with spaces around") << u"name"_s << u"  Padded  "_s;
    QTest::newRow("empty email") << u"email"_s << QString();
    QTest::newRow("plain email") << u"email"_s << u"ann@example.com"_s;
    QTest::newRow("plus email") << u"email"_s << u"ann+crm@mail.example.co.uk"_s;
    QTest::newRow("phone of 500") << u"phone"_s << QString(500, u'1');
    QTest::newRow("notes of 20000") << u"notes"_s << QString(20'000, u'x');
}

void tst_CustomerRepository::validInputAtTheLimits()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    CustomerRepository customers(store(), m_userId);
    const QString id = createCustomer(u"Existing Ltd"_s);
    const Result<void> done = customers.update(id, {{field, value}});
    QVERIFY2(done.ok(), qPrintable(done.error().message));
    QCOMPARE(
        scalar(store(), u"SELECT %1 FROM customers WHERE id = ?"_s.arg(field), {id}).toString(),
        value.isNull() ? u""_s : value);
}

void tst_CustomerRepository::summariesShowOpenPipeline()
{
    const QString acme = createCustomer(u"Acme"_s);
    const QString globex = createCustomer(u"Globex"_s);
    DealRepository deals(store(), m_userId);
    const auto addDeal = [&](const QString &customerId, qint64 amount) {
        Deal d;
        d.title = u"Deal"_s;
        d.customerId = customerId;
        d.unitId = m_unitId;
        d.amountMinor = amount;
        return deals.create(d).value();
    };
    addDeal(acme, 100'00);
    addDeal(acme, 250'00);
    const QString won = addDeal(acme, 1'000'00);
    const QString removed = addDeal(acme, 5'000'00);
    QVERIFY(deals.update(won, {{u"status"_s, u"won"_s}}).ok());
    QVERIFY(deals.remove(removed).ok());

    CustomerRepository customers(store());
    const Result<QList<CustomerSummary>> all = customers.summaries();
    QVERIFY2(all.ok(), qPrintable(all.error().message));
    QCOMPARE(all->size(), 2);
    const CustomerSummary &first = all->at(0); // ordered by name
    QCOMPARE(first.customer.id, acme);
    QCOMPARE(first.openDeals, 2);
    QCOMPARE(first.openPipelineMinor, 350'00);
    QCOMPARE(first.ownerName, u"Li Lei"_s);
    QCOMPARE(first.unitName, u"East"_s);
    QCOMPARE(first.currency, u"CNY"_s);
    QCOMPARE(all->at(1).customer.id, globex);
    QCOMPARE(all->at(1).openDeals, 0);
    QCOMPARE(all->at(1).openPipelineMinor, 0);

    const Result<CustomerSummary> one = customers.summary(acme);
    QVERIFY(one.ok());
    QCOMPARE(one->openDeals, 2);
    QCOMPARE(one->openPipelineMinor, 350'00);
}

void tst_CustomerRepository::search_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected"); // customer names, any order

    const QString huaxin = u"上海华信科技有限公司"_s;
    const QString acme = u"Acme Trading GmbH"_s;
    const QString huatong = u"北京华通物流"_s;
    const QString globex = u"Globex Corporation"_s;
    const QString emoji = u"Emoji Shop"_s;

    QTest::newRow("chinese name, 4 chars") << u"华信科技"_s << QStringList {huaxin};
    QTest::newRow("chinese name, 2 chars") << u"华信"_s << QStringList {huaxin};
    QTest::newRow("chinese name, 1 char") << u"华"_s << QStringList {huaxin, huatong};
    QTest::newRow("chinese name, whole") << huaxin << QStringList {huaxin};
    QTest::newRow("chinese contact, 2 chars") << u"王伟"_s << QStringList {huaxin};
    QTest::newRow("chinese notes, 3 chars") << u"云计算"_s << QStringList {huaxin};
    QTest::newRow("latin, case-insensitive") << u"acme"_s << QStringList {acme};
    QTest::newRow("latin, across words") << u"ACME trad"_s << QStringList {acme};
    QTest::newRow("substring inside a word") << u"lobe"_s << QStringList {globex};
    QTest::newRow("contact") << u"scorpio"_s << QStringList {globex};
    QTest::newRow("contact with apostrophe") << u"O'Brien"_s << QStringList {acme};
    QTest::newRow("quoted phrase in notes") << u"\"quarterly\""_s << QStringList {acme};
    QTest::newRow("lone double quote") << u"\""_s << QStringList {acme};
    QTest::newRow("unbalanced quote") << u"\"quarter"_s << QStringList {acme};
    QTest::newRow("two quotes") << u"\"\""_s << QStringList {};
    QTest::newRow("percent sign") << u"100%"_s << QStringList {globex};
    QTest::newRow("lone percent") << u"%"_s << QStringList {globex};
    QTest::newRow("underscore") << u"_"_s << QStringList {globex};
    QTest::newRow("backslash") << u"\\n"_s << QStringList {globex};
    QTest::newRow("emoji and a char") << u"👍客"_s << QStringList {emoji};
    QTest::newRow("surrounding spaces") << u"  华信  "_s << QStringList {huaxin};
    QTest::newRow("no match") << u"xyz"_s << QStringList {};
    QTest::newRow("no match, 2 chars") << u"qq"_s << QStringList {};
    QTest::newRow("empty") << QString() << QStringList {};
    QTest::newRow("blank") << u"   "_s << QStringList {};
    QTest::newRow("FTS operator OR") << u"acme OR globex"_s << QStringList {};
    QTest::newRow("FTS NEAR") << u"NEAR(acme"_s << QStringList {};
    QTest::newRow("FTS star") << u"acm*"_s << QStringList {};
    QTest::newRow("FTS column filter") << u"name:acme"_s << QStringList {};
    QTest::newRow("FTS negation") << u"-acme"_s << QStringList {};
    QTest::newRow("SQL") << u"'; DROP TABLE customers; --"_s << QStringList {};
    QTest::newRow("deleted customers are not found") << u"Deleted Ltd"_s << QStringList {};
}

void tst_CustomerRepository::search()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);

    QVERIFY(
        !createCustomer(u"上海华信科技有限公司"_s, u"王伟"_s, u"重点客户，关注云计算"_s).isEmpty());
    QVERIFY(!createCustomer(u"Acme Trading GmbH"_s, u"Anna O'Brien"_s,
                            u"Prefers \"quarterly\" billing"_s)
                 .isEmpty());
    QVERIFY(!createCustomer(u"北京华通物流"_s, u"李娜"_s).isEmpty());
    QVERIFY(!createCustomer(u"Globex Corporation"_s, u"Hank Scorpio"_s,
                            u"met at 100% expo_2024 C:\\new"_s)
                 .isEmpty());
    QVERIFY(!createCustomer(u"Emoji Shop"_s, {}, u"VIP👍客户"_s).isEmpty());
    const QString deleted = createCustomer(u"华信 Deleted Ltd"_s, u"O'Brien"_s, u"Acme 100%"_s);
    QVERIFY(!deleted.isEmpty());
    CustomerRepository customers(store());
    QVERIFY(customers.remove(deleted).ok());

    const Result<QStringList> found = customers.search(text);
    QVERIFY2(found.ok(), qPrintable(found.error().message));
    QStringList names;
    for (const QString &id : found.value())
        names.append(customers.customer(id)->name);
    names.sort();
    expected.sort();
    QCOMPARE(names, expected);
}

void tst_CustomerRepository::searchRespectsLimit()
{
    for (int i = 0; i < 12; ++i)
        QVERIFY(!createCustomer(u"华信分公司 %1"_s.arg(i)).isEmpty());
    CustomerRepository customers(store());
    QCOMPARE(customers.search(u"华信分"_s, 5)->size(), 5);
    QCOMPARE(customers.search(u"华信"_s, 5)->size(), 5);
    QCOMPARE(customers.search(u"华信"_s)->size(), 12);
}

void tst_CustomerRepository::searchFollowsEdits()
{
    CustomerRepository customers(store());
    const QString id = createCustomer(u"Initech"_s, u"Bill Lumbergh"_s);
    QCOMPARE(customers.search(u"Initech"_s).value(), QStringList {id});

    QVERIFY(customers
                .update(id,
                        {{u"name"_s, u"Initrode"_s},
                         {u"contact_name"_s, u"Milton"_s},
                         {u"notes"_s, u"stapler"_s}})
                .ok());
    QVERIFY(customers.search(u"Initech"_s)->isEmpty());
    QVERIFY(customers.search(u"Lumbergh"_s)->isEmpty());
    QCOMPARE(customers.search(u"Initrode"_s).value(), QStringList {id});
    QCOMPARE(customers.search(u"milton"_s).value(), QStringList {id});
    QCOMPARE(customers.search(u"stapler"_s).value(), QStringList {id});
}

void tst_CustomerRepository::renamingCustomerUpdatesDealSearch()
{
    const QString renamed = createCustomer(u"旧名称贸易公司"_s);
    const QString other = createCustomer(u"Other Co"_s);
    DealRepository deals(store(), m_userId);
    Deal d;
    d.title = u"ERP rollout"_s;
    d.customerId = renamed;
    const QString dealId = deals.create(d).value();
    d.title = u"Other rollout"_s;
    d.customerId = other;
    const QString otherDealId = deals.create(d).value();

    const QString ftsCustomer
        = u"SELECT f.customer FROM deals_fts f JOIN deals d ON d.rowid = f.rowid WHERE d.id = ?"_s;
    QCOMPARE(scalar(store(), ftsCustomer, {dealId}).toString(), u"旧名称贸易公司"_s);

    CustomerRepository customers(store(), m_userId);
    QVERIFY(customers.update(renamed, {{u"name"_s, u"新名称贸易公司"_s}}).ok());
    QCOMPARE(scalar(store(), ftsCustomer, {dealId}).toString(), u"新名称贸易公司"_s);
    QCOMPARE(scalar(store(), ftsCustomer, {otherDealId}).toString(), u"Other Co"_s);
    const QString matching = u"SELECT d.id FROM deals_fts f JOIN deals d ON d.rowid = f.rowid "
                             u"WHERE deals_fts MATCH ?"_s;
    QCOMPARE(scalar(store(), matching, {u"\"新名称\""_s}).toString(), dealId);
    QVERIFY(scalar(store(), matching, {u"\"旧名称\""_s}).isNull());

    // Moving the deal to another customer follows too.
    QVERIFY(deals.update(dealId, {{u"customer_id"_s, other}}).ok());
    QCOMPARE(scalar(store(), ftsCustomer, {dealId}).toString(), u"Other Co"_s);
}

QTEST_GUILESS_MAIN(tst_CustomerRepository)
#include "tst_customerrepository.moc"
