#include "stagerepository.h"

#include "changewriter.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

class tst_StageRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void unitStagesWinOverTemplate_data();
    void unitStagesWinOverTemplate();
    void deletedStagesAreLeftOut();
    void unitWithOnlyDeletedStagesFallsBackToTemplate();
    void stageById();

private:
    QString insertUnit(const QString &name);
    QString insertStage(const QString &unitId, const QString &name, int position,
                        int winProbability, const QString &requiredFields = u"[]"_s);
    QStringList namesFor(const QString &unitId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    QString m_ownUnit; // has its own process
    QString m_plainUnit; // uses HQ's template
};

void tst_StageRepository::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_StageRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = LocalStore::open(m_dir->filePath(u"profile.sqlite"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    m_store = std::move(opened).value();

    m_ownUnit = insertUnit(u"Shenzhen field team"_s);
    m_plainUnit = insertUnit(u"Beijing"_s);
    QVERIFY(!m_ownUnit.isEmpty() && !m_plainUnit.isEmpty());
    // HQ's template, inserted out of board order.
    QVERIFY(!insertStage({}, u"Negotiate"_s, 3, 60).isEmpty());
    QVERIFY(!insertStage({}, u"Lead"_s, 1, 10).isEmpty());
    QVERIFY(!insertStage({}, u"Qualified"_s, 2, 30).isEmpty());
    QVERIFY(!insertStage({}, u"Contract"_s, 4, 90).isEmpty());
    // The Shenzhen team's own, shorter process.
    QVERIFY(!insertStage(m_ownUnit, u"Demo"_s, 2, 50).isEmpty());
    QVERIFY(!insertStage(m_ownUnit, u"Discover"_s, 1, 20).isEmpty());
    QVERIFY(!insertStage(m_ownUnit, u"Close"_s, 3, 80).isEmpty());
}

void tst_StageRepository::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QString tst_StageRepository::insertUnit(const QString &name)
{
    ChangeWriter writer(*m_store);
    const QString id = UuidV7::generate();
    return writer.insert(u"units"_s, id, {{u"name"_s, name}}).ok() ? id : QString();
}

QString tst_StageRepository::insertStage(const QString &unitId, const QString &name, int position,
                                         int winProbability, const QString &requiredFields)
{
    ChangeWriter writer(*m_store);
    const QString id = UuidV7::generate();
    const Result<void> done
        = writer.insert(u"stages"_s, id,
                        {{u"unit_id"_s, unitId.isEmpty() ? QVariant() : QVariant(unitId)},
                         {u"name"_s, name},
                         {u"position"_s, position},
                         {u"win_probability"_s, winProbability},
                         {u"required_fields"_s, requiredFields}});
    return done.ok() ? id : QString();
}

QStringList tst_StageRepository::namesFor(const QString &unitId)
{
    StageRepository stages(*m_store);
    const Result<QList<Stage>> list = stages.stagesForUnit(unitId);
    if (!list.ok())
        return {u"error: "_s + list.error().message};
    QStringList names;
    for (const Stage &stage : list.value())
        names.append(stage.name);
    return names;
}

void tst_StageRepository::unitStagesWinOverTemplate_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<QStringList>("expected");

    const QStringList hqTemplate {u"Lead"_s, u"Qualified"_s, u"Negotiate"_s, u"Contract"_s};
    QTest::newRow("unit with its own stages")
        << u"own"_s << QStringList {u"Discover"_s, u"Demo"_s, u"Close"_s};
    QTest::newRow("unit without stages uses the template") << u"plain"_s << hqTemplate;
    QTest::newRow("no unit uses the template") << u"none"_s << hqTemplate;
    QTest::newRow("unknown unit uses the template") << u"unknown"_s << hqTemplate;
}

void tst_StageRepository::unitStagesWinOverTemplate()
{
    QFETCH(QString, which);
    QFETCH(QStringList, expected);
    QString unitId;
    if (which == u"own"_s)
        unitId = m_ownUnit;
    else if (which == u"plain"_s)
        unitId = m_plainUnit;
    else if (which == u"unknown"_s)
        unitId = UuidV7::generate();
    QCOMPARE(namesFor(unitId), expected);

    // Own stages never mix with the template's, and each carries its unit.
    StageRepository stages(*m_store);
    const Result<QList<Stage>> list = stages.stagesForUnit(unitId);
    QVERIFY(list.ok());
    for (const Stage &stage : list.value())
        QCOMPARE(stage.unitId, which == u"own"_s ? m_ownUnit : QString());
}

void tst_StageRepository::deletedStagesAreLeftOut()
{
    StageRepository stages(*m_store);
    const QList<Stage> own = stages.stagesForUnit(m_ownUnit).value();
    ChangeWriter writer(*m_store);
    QVERIFY(writer.remove(u"stages"_s, own.at(1).id).ok()); // Demo
    QCOMPARE(namesFor(m_ownUnit), (QStringList {u"Discover"_s, u"Close"_s}));

    const QList<Stage> hq = stages.stagesForUnit(m_plainUnit).value();
    QVERIFY(writer.remove(u"stages"_s, hq.first().id).ok()); // Lead
    QCOMPARE(namesFor(m_plainUnit), (QStringList {u"Qualified"_s, u"Negotiate"_s, u"Contract"_s}));
}

void tst_StageRepository::unitWithOnlyDeletedStagesFallsBackToTemplate()
{
    StageRepository stages(*m_store);
    ChangeWriter writer(*m_store);
    const QList<Stage> own = stages.stagesForUnit(m_ownUnit).value();
    QCOMPARE(own.size(), 3);
    for (const Stage &stage : own)
        QVERIFY(writer.remove(u"stages"_s, stage.id).ok());
    QCOMPARE(namesFor(m_ownUnit),
             (QStringList {u"Lead"_s, u"Qualified"_s, u"Negotiate"_s, u"Contract"_s}));
}

void tst_StageRepository::stageById()
{
    const QString id
        = insertStage(m_ownUnit, u"Proposal"_s, 4, 65, u"[\"amount_minor\",\"expected_close\"]"_s);
    QVERIFY(!id.isEmpty());
    StageRepository stages(*m_store);
    const Result<Stage> stage = stages.stage(id);
    QVERIFY2(stage.ok(), qPrintable(stage.error().message));
    QCOMPARE(stage->id, id);
    QCOMPARE(stage->unitId, m_ownUnit);
    QCOMPARE(stage->name, u"Proposal"_s);
    QCOMPARE(stage->position, 4);
    QCOMPARE(stage->winProbability, 65);
    QCOMPARE(stage->rottingDays, 0);
    QCOMPARE(stage->requiredFields, (QStringList {u"amount_minor"_s, u"expected_close"_s}));

    const Result<Stage> missing = stages.stage(UuidV7::generate());
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(tst_StageRepository)
#include "tst_stagerepository.moc"
