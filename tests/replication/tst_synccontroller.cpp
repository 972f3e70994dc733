#include "synccontroller.h"

#include "changewriter.h"
#include "fakesyncserver.h"
#include "inmemorytransport.h"
#include "localstore.h"
#include "uuidv7.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {
const QString login = u"li.na@east.example"_s;
const QString password = u"correct horse"_s;
} // namespace

// The replicator on its own thread: signals reach the creating thread, nothing blocks it, and
// destruction joins the thread even while a request is in flight.
class TestSyncController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void syncsOnItsOwnThread();
    void stopAndStartAgain();
    void destroyedWhileBusy();

private:
    SyncController *makeController(InMemoryTransport **transport = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeSyncServer> m_server;
    QString m_path;
};

void TestSyncController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestSyncController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(u"profile.outpost"_s);
    m_server = std::make_unique<FakeSyncServer>();
    m_server->addUser(login, password);
}

void TestSyncController::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

SyncController *TestSyncController::makeController(InMemoryTransport **transport)
{
    auto *inMemory = new InMemoryTransport(m_server.get());
    inMemory->setPokesAvailable(false);
    if (transport)
        *transport = inMemory;
    Replicator::Options options;
    options.storePath = m_path;
    auto *controller = new SyncController(options, inMemory, this);
    controller->signIn(login, password);
    return controller;
}

void TestSyncController::syncsOnItsOwnThread()
{
    std::unique_ptr<LocalStore> store = std::move(LocalStore::open(m_path)).value();
    const QString customer = UuidV7::generate();
    ChangeWriter writer(*store, u"tester"_s);
    QVERIFY(writer.insert(u"customers"_s, customer, {{u"name"_s, u"Acme"_s}}));

    std::unique_ptr<SyncController> controller(makeController());
    QThread *signalThread = nullptr;
    connect(controller.get(), &SyncController::cycleFinished, this,
            [&signalThread] { signalThread = QThread::currentThread(); });
    QSignalSpy finished(controller.get(), &SyncController::cycleFinished);
    QSignalSpy states(controller.get(), &SyncController::stateChanged);
    controller->start();
    QVERIFY(finished.wait(10'000));
    QVERIFY(finished.constLast().at(0).toBool());
    QCOMPARE(signalThread, QThread::currentThread());
    QCOMPARE(controller->state(), Replicator::State::Idle);
    QVERIFY(!controller->stateDescription().isEmpty());
    QCOMPARE(controller->pendingCount(), 0);
    QVERIFY(controller->lastSyncAt() > 0);
    QVERIFY(m_server->row(u"customers"_s, customer));

    // Local edits on this thread are picked up on request.
    const QString second = UuidV7::generate();
    QVERIFY(writer.insert(u"customers"_s, second, {{u"name"_s, u"Beta"_s}}));
    controller->notifyLocalChanges();
    QVERIFY(finished.wait(10'000));
    QVERIFY(m_server->row(u"customers"_s, second));
}

void TestSyncController::stopAndStartAgain()
{
    std::unique_ptr<SyncController> controller(makeController());
    QSignalSpy finished(controller.get(), &SyncController::cycleFinished);
    QSignalSpy stopped(controller.get(), &SyncController::stopped);
    controller->start();
    QVERIFY(finished.wait(10'000));
    controller->stop();
    QVERIFY(stopped.wait(10'000));
    QCOMPARE(controller->state(), Replicator::State::Offline);
    QVERIFY(!controller->isRunning());
    controller->start();
    QVERIFY(finished.wait(10'000));
    QVERIFY(finished.constLast().at(0).toBool());
}

void TestSyncController::destroyedWhileBusy()
{
    InMemoryTransport *transport = nullptr;
    auto *controller = makeController(&transport);
    transport->setHeld(true); // the sign-in never gets its answer
    QSignalSpy states(controller, &SyncController::stateChanged);
    controller->start();
    QTRY_COMPARE(controller->state(), Replicator::State::Connecting);
    QElapsedTimer timer;
    timer.start();
    delete controller; // stops the replicator and joins its thread
    QVERIFY(timer.elapsed() < 5000);
    // The store is closed and usable again.
    QVERIFY(LocalStore::open(m_path).ok());
}

QTEST_GUILESS_MAIN(TestSyncController)
#include "tst_synccontroller.moc"
