#include "deal.h"
#include "stage.h"
#include "stagegate.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

class TestStageGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingRequiredFields_data();
    void missingRequiredFields();
    void messageNamesStageAndFields();
};

void TestStageGate::missingRequiredFields_data()
{
    QTest::addColumn<QStringList>("required");
    QTest::addColumn<QVariantMap>("changes");
    QTest::addColumn<QStringList>("missing");

    QTest::newRow("nothing required") << QStringList() << QVariantMap() << QStringList();
    QTest::newRow("set on the deal")
        << QStringList {u"title"_s, u"customer_id"_s} << QVariantMap() << QStringList();
    QTest::newRow("zero amount is missing")
        << QStringList {u"amount_minor"_s} << QVariantMap() << QStringList {u"amount_minor"_s};
    QTest::newRow("amount filled in the form")
        << QStringList {u"amount_minor"_s} << QVariantMap {{u"amount_minor"_s, 500'00}}
        << QStringList();
    QTest::newRow("alias resolved") << QStringList {u"amount"_s, u"close_date"_s} << QVariantMap()
                                    << QStringList {u"amount_minor"_s, u"expected_close"_s};
    QTest::newRow("alias and column counted once")
        << QStringList {u"amount"_s, u"amount_minor"_s} << QVariantMap()
        << QStringList {u"amount_minor"_s};
    QTest::newRow("stage order kept")
        << QStringList {u"product_id"_s, u"expected_close"_s, u"amount_minor"_s} << QVariantMap()
        << QStringList {u"product_id"_s, u"expected_close"_s, u"amount_minor"_s};
    QTest::newRow("cleared in the form")
        << QStringList {u"owner_id"_s} << QVariantMap {{u"owner_id"_s, QVariant()}}
        << QStringList {u"owner_id"_s};
    QTest::newRow("blank text is missing")
        << QStringList {u"notes"_s} << QVariantMap {{u"notes"_s, u"   "_s}}
        << QStringList {u"notes"_s};
    QTest::newRow("unknown names ignored")
        << QStringList {u"budget_owner"_s, u"no such field"_s} << QVariantMap() << QStringList();
    QTest::newRow("date filled in the form")
        << QStringList {u"expected_close"_s, u"product"_s}
        << QVariantMap {{u"expected_close"_s, 1'780'000'000'000LL}}
        << QStringList {u"product_id"_s};
}

void TestStageGate::missingRequiredFields()
{
    QFETCH(QStringList, required);
    QFETCH(QVariantMap, changes);
    QFETCH(QStringList, missing);

    Deal deal;
    deal.title = u"Store rollout"_s;
    deal.customerId = u"0190aaaa-0000-7000-8000-000000000001"_s;
    deal.ownerId = u"0190aaaa-0000-7000-8000-000000000002"_s;
    deal.amountMinor = 0;
    deal.expectedClose = 0;
    Stage stage;
    stage.name = u"Proposal"_s;
    stage.requiredFields = required;

    QCOMPARE(StageGate::missingRequiredFields(deal, stage, changes), missing);
}

void TestStageGate::messageNamesStageAndFields()
{
    Stage stage;
    stage.name = u"Proposal"_s;
    const QString message = StageGate::message(stage, {u"amount_minor"_s, u"expected_close"_s});
    QVERIFY2(message.contains(u"Proposal"_s), qPrintable(message));
    QVERIFY2(message.contains(u"Amount, Expected close date"_s), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestStageGate)
#include "tst_stagegate.moc"
