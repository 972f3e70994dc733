#include "syncstatuswidget.h"

#include "syncsession.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QProgressBar>
#include <QToolButton>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// A round mark in the state's colour; hollow when there is no session at all.
QIcon stateMark(const QColor &color, bool filled, qreal devicePixelRatio)
{
    const int size = 12;
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color, 1.6));
    painter.setBrush(filled ? QBrush(color) : QBrush(Qt::NoBrush));
    painter.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3));
    return QIcon(pixmap);
}

} // namespace

SyncStatusWidget::SyncStatusWidget(SyncSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_stateButton(new QToolButton(this))
    , m_pendingLabel(new QLabel(this))
    , m_lastSyncLabel(new QLabel(this))
    , m_progressBar(new QProgressBar(this))
{
    setObjectName(u"syncStatusWidget"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 10, 0);
    layout->setSpacing(12);

    m_stateButton->setObjectName(u"syncStatusButton"_s);
    m_stateButton->setAutoRaise(true);
    m_stateButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_stateButton->setCursor(Qt::PointingHandCursor);
    m_stateButton->setFocusPolicy(Qt::NoFocus);
    m_pendingLabel->setObjectName(u"pendingChangesLabel"_s);
    m_lastSyncLabel->setObjectName(u"lastSyncLabel"_s);
    m_progressBar->setObjectName(u"pullProgressBar"_s);
    m_progressBar->setFixedWidth(fontMetrics().averageCharWidth() * 28);
    m_progressBar->setMaximumHeight(fontMetrics().height() + 2);
    m_progressBar->setTextVisible(true);
    m_progressBar->hide();

    layout->addWidget(m_stateButton);
    layout->addWidget(m_pendingLabel);
    layout->addWidget(m_lastSyncLabel);
    layout->addWidget(m_progressBar);

    connect(m_stateButton, &QToolButton::clicked, this, &SyncStatusWidget::clicked);
    connect(&m_session, &SyncSession::stateChanged, this, &SyncStatusWidget::updateState);
    connect(&m_session, &SyncSession::signedInChanged, this, &SyncStatusWidget::updateState);
    connect(&m_session, &SyncSession::pendingCountChanged, this, &SyncStatusWidget::updatePending);
    connect(&m_session, &SyncSession::lastSyncChanged, this, &SyncStatusWidget::updateLastSync);
    connect(&m_session, &SyncSession::pullProgress, this, &SyncStatusWidget::showPullProgress);
    connect(&m_session, &SyncSession::snapshotProgress, this,
            &SyncStatusWidget::showSnapshotProgress);
    // "Synced 2 min ago" ages on its own.
    connect(&m_clock, &QTimer::timeout, this, &SyncStatusWidget::updateLastSync);
    m_clock.start(20'000);

    updateState();
    updatePending();
    updateLastSync();
}

SyncStatusWidget::~SyncStatusWidget() = default;

QString SyncStatusWidget::relativeSyncTime(qint64 utcMs, qint64 nowMs)
{
    const qint64 seconds = std::max<qint64>(0, (nowMs - utcMs) / 1000);
    if (seconds < 60)
        return tr("Synced just now");
    if (seconds < 3600)
        return tr("Synced %n min ago", nullptr, int(seconds / 60));
    if (seconds < 24 * 3600)
        return tr("Synced %n h ago", nullptr, int(seconds / 3600));
    return tr("Synced on %1")
        .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(utcMs).toLocalTime().date(),
                                QLocale::ShortFormat));
}

void SyncStatusWidget::clicked()
{
    if (m_session.isSignedIn())
        Q_EMIT syncRequested();
    else
        Q_EMIT signInRequested();
}

void SyncStatusWidget::updateState()
{
    using State = Replicator::State;
    const State state = m_session.state();
    const QString detail = m_session.stateDescription();
    QString text;
    QString tip;
    QColor color(0x8a, 0x93, 0xa3);
    bool filled = true;
    const bool signingIn = m_session.isSigningIn() || state == State::Connecting;
    if (!m_session.hasServer()) {
        text = tr("Not connected");
        tip = tr("This profile is not connected to a sync server; everything stays on this "
                 "computer. Click to sign in.");
        filled = false;
    } else if (!m_session.isSignedIn() && !signingIn) {
        text = tr("Signed out");
        tip = tr("Not signed in to %1: your changes stay on this computer until you sign in. "
                 "Click to sign in.")
                  .arg(m_session.serverUrl().host());
        if (state == State::Error && !detail.isEmpty())
            tip = detail + u"\n\n"_s + tip;
        filled = false;
    } else {
        switch (state) {
        case State::Offline:
            text = tr("Offline");
            tip = tr("The sync server cannot be reached. Your changes are kept on this computer "
                     "and sent when it can be reached.");
            break;
        case State::Connecting:
            text = tr("Connecting…");
            tip = tr("Connecting to %1.").arg(m_session.serverUrl().host());
            color = QColor(0x2f, 0x6f, 0xe4);
            break;
        case State::Pushing:
            text = tr("Sending changes…");
            tip = tr("Sending your changes to the server.");
            color = QColor(0x2f, 0x6f, 0xe4);
            break;
        case State::Pulling:
            text = tr("Receiving changes…");
            tip = tr("Receiving your team's changes from the server.");
            color = QColor(0x2f, 0x6f, 0xe4);
            break;
        case State::Idle:
            text = tr("Online");
            tip = tr("Up to date with %1.").arg(m_session.serverUrl().host());
            color = QColor(0x2e, 0x9e, 0x5b);
            break;
        case State::Error:
            text = tr("Sync problem");
            tip = detail;
            color = QColor(0xd6, 0x45, 0x45);
            break;
        }
        tip += u"\n\n"_s + tr("Click to synchronize now (F5).");
    }
    m_stateButton->setText(text);
    m_stateButton->setToolTip(tip);
    m_stateButton->setAccessibleName(tr("Synchronization: %1").arg(text));
    m_stateButton->setIcon(stateMark(color, filled, devicePixelRatioF()));
    if (state != State::Pulling) {
        m_progressBar->hide();
        m_pullApplied = m_pullEstimated = 0;
    }
    updatePending();
    updateLastSync();
}

void SyncStatusWidget::updatePending()
{
    const qint64 pending = m_session.hasServer() ? m_session.pendingCount() : 0;
    m_pendingLabel->setVisible(pending > 0);
    const int shown = int(std::min<qint64>(pending, std::numeric_limits<int>::max()));
    m_pendingLabel->setText(tr("%n change(s) to send", nullptr, shown));
    m_pendingLabel->setToolTip(
        tr("Changes made on this computer that the server has not confirmed yet."));
}

void SyncStatusWidget::updateLastSync()
{
    const qint64 last = m_session.lastSyncAt();
    m_lastSyncLabel->setVisible(m_session.hasServer());
    if (last <= 0) {
        m_lastSyncLabel->setText(tr("Not synced yet"));
        m_lastSyncLabel->setToolTip(QString());
        return;
    }
    m_lastSyncLabel->setText(relativeSyncTime(last, QDateTime::currentMSecsSinceEpoch()));
    m_lastSyncLabel->setToolTip(
        tr("Last successful sync: %1")
            .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(last).toLocalTime(),
                                    QLocale::LongFormat)));
}

void SyncStatusWidget::showPullProgress(qint64 applied, qint64 estimated)
{
    m_snapshotTotal = 0; // pages come after the snapshot
    m_pullApplied = applied;
    m_pullEstimated = std::max(applied, estimated);
    const bool large = m_pullEstimated >= largePullRows && applied < m_pullEstimated;
    if (!large || m_session.state() != Replicator::State::Pulling) {
        m_progressBar->hide();
        return;
    }
    // QProgressBar counts in int: scale huge pulls down.
    const qint64 scale = std::max<qint64>(1, m_pullEstimated / 1'000'000);
    m_progressBar->setRange(0, int(m_pullEstimated / scale));
    m_progressBar->setValue(int(applied / scale));
    const QLocale locale;
    m_progressBar->setFormat(
        tr("%1 of about %2").arg(locale.toString(applied), locale.toString(m_pullEstimated)));
    m_progressBar->setToolTip(tr("Receiving changes: %1 rows of about %2.")
                                  .arg(locale.toString(applied), locale.toString(m_pullEstimated)));
    m_progressBar->show();
}

void SyncStatusWidget::showSnapshotProgress(qint64 received, qint64 total)
{
    m_snapshotReceived = received;
    m_snapshotTotal = received < total ? total : 0; // complete: the pages after it take over
    if (m_snapshotTotal == 0) {
        m_progressBar->hide();
        return;
    }
    // Kilobytes: QProgressBar counts in int.
    m_progressBar->setRange(0, int(total / 1024));
    m_progressBar->setValue(int(received / 1024));
    const QLocale locale;
    const QString receivedText = locale.formattedDataSize(received, 1);
    const QString totalText = locale.formattedDataSize(total, 1);
    m_progressBar->setFormat(tr("%1 of %2").arg(receivedText, totalText));
    m_progressBar->setToolTip(tr("Receiving a copy of your data for the first sync: %1 of %2.")
                                  .arg(receivedText, totalText));
    m_progressBar->show();
}

void SyncStatusWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        updateState();
        if (m_progressBar->isVisible() && m_snapshotTotal > 0)
            showSnapshotProgress(m_snapshotReceived, m_snapshotTotal);
        else if (m_progressBar->isVisible())
            showPullProgress(m_pullApplied, m_pullEstimated);
    }
    QWidget::changeEvent(event);
}

} // namespace Outpost
