#include "profilelauncher.h"

#include "mainwindow.h"

#include "demogenerator.h"
#include "localstore.h"
#include "organizationrepository.h"

#include <QDir>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// What the worker thread hands back (QFuture needs a default-constructible value).
struct GenerationResult
{
    bool ok = false;
    Error error;
};

} // namespace

ProfileLauncher::ProfileLauncher(Options options, LanguageManager &languages, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_languages(languages)
{
    if (m_options.dataDir.isEmpty())
        m_options.dataDir = defaultDataDir();
}

ProfileLauncher::~ProfileLauncher()
{
    // The window (and the undo commands it holds) use the store: destroy it first.
    m_window.reset();
    m_store.reset();
}

QString ProfileLauncher::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString ProfileLauncher::storePath(const QString &dataDir, const QString &profile)
{
    return QDir(dataDir).filePath(profile + u".outpost"_s);
}

QString ProfileLauncher::storePath() const
{
    return storePath(m_options.dataDir, m_options.profile);
}

bool ProfileLauncher::isValidProfileName(const QString &profile)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9_-]{1,64}$"_s);
    return pattern.match(profile).hasMatch();
}

bool ProfileLauncher::isDemoProfile(const QString &profile)
{
    return profile.startsWith(u"demo"_s);
}

void ProfileLauncher::fail(const QString &what, const Error &error)
{
    QMessageBox box(QMessageBox::Critical, tr("Outpost"), what, QMessageBox::Close);
    box.setInformativeText(error.message);
    box.exec();
    m_exitCode = 1;
}

bool ProfileLauncher::launch()
{
    if (!isValidProfileName(m_options.profile)) {
        fail(tr("The profile cannot be opened."),
             Error {ErrorCode::InvalidArgument,
                    tr("\"%1\" is not a valid profile name: use up to 64 letters, digits, \"-\" "
                       "and \"_\".")
                        .arg(m_options.profile)});
        return false;
    }

    const QString path = storePath();
    Result<std::unique_ptr<LocalStore>> opened = LocalStore::open(path);
    if (!opened) {
        fail(tr("The profile \"%1\" cannot be opened.").arg(m_options.profile), opened.error());
        return false;
    }
    m_store = std::move(opened).value();

    OrganizationRepository organization(*m_store);
    const Result<QList<Unit>> units = organization.units();
    if (!units) {
        fail(tr("The profile \"%1\" cannot be opened.").arg(m_options.profile), units.error());
        return false;
    }
    if (units->isEmpty() && isDemoProfile(m_options.profile)) {
        Error error;
        switch (generateDemoData(&error)) {
        case GenerationOutcome::Done:
            break;
        case GenerationOutcome::Cancelled:
            m_exitCode = 0;
            return false;
        case GenerationOutcome::Failed:
            fail(tr("The demo data cannot be created."), error);
            return false;
        }
    }

    m_window = std::make_unique<MainWindow>(*m_store, m_options.profile,
                                            organization.currentUserId(), m_languages);
    m_window->show();
    m_window->startSync(m_options.server, m_options.login, m_options.password);
    m_options.password.clear(); // the replicator holds it until the sign-in is done
    return true;
}

ProfileLauncher::GenerationOutcome ProfileLauncher::generateDemoData(Error *error)
{
    QProgressDialog progress(
        tr("Creating a demo sales organization with %Ln deal(s)…", nullptr, m_options.demoDeals),
        tr("Cancel"), 0, 100);
    progress.setWindowTitle(tr("Preparing the demo"));
    progress.setWindowModality(Qt::ApplicationModal);
    progress.setMinimumDuration(0);
    progress.setMinimumWidth(progress.fontMetrics().averageCharWidth() * 60);
    progress.setAutoReset(false);
    progress.setAutoClose(false);
    progress.setValue(0);

    // The worker polls this flag through the progress callback; returning false cancels.
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    connect(&progress, &QProgressDialog::canceled, &progress, [cancelled, &progress] {
        cancelled->store(true);
        progress.setLabelText(tr("Cancelling…"));
    });

    DemoGenerator::Options options;
    options.deals = m_options.demoDeals;
    const QString path = m_store->path();
    QProgressDialog *dialog = &progress;
    QFutureWatcher<GenerationResult> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([path, options, cancelled, dialog] {
        // The worker's own connection: a LocalStore belongs to the thread that opened it.
        GenerationResult result;
        Result<std::unique_ptr<LocalStore>> store = LocalStore::open(path);
        if (!store) {
            result.error = store.error();
            return result;
        }
        DemoGenerator generator(options);
        const Result<void> generated
            = generator.generate(*store.value(), [cancelled, dialog](int percent) {
                  // Widgets only on the GUI thread: queue the update to the dialog.
                  QMetaObject::invokeMethod(
                      dialog, [dialog, percent] { dialog->setValue(qBound(0, percent, 99)); },
                      Qt::QueuedConnection);
                  return !cancelled->load();
              });
        result.ok = generated.ok();
        result.error = generated.error();
        return result;
    }));
    loop.exec();

    const GenerationResult result = watcher.result();
    if (result.ok) {
        progress.setValue(100);
        return GenerationOutcome::Done;
    }
    if (cancelled->load())
        return GenerationOutcome::Cancelled;
    *error = result.error;
    return GenerationOutcome::Failed;
}

} // namespace Outpost
