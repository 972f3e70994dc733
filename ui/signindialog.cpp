#include "signindialog.h"
#include "ui_signindialog.h"

#include "serveraddress.h"
#include "syncsession.h"
#include "theme.h"
#include "tokenvault.h"

#include "syncfailure.h"

#include <QPushButton>
#include <QSettings>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// The server last signed in to from any profile: a sensible default for a new profile.
const QString lastServerKey = u"signIn/lastServer"_s;

void setInvalid(QWidget *widget, bool invalid)
{
    if (widget->property("invalid").toBool() == invalid)
        return;
    widget->setProperty("invalid", invalid);
    // Dynamic properties take effect in style sheets only after a re-polish.
    widget->style()->unpolish(widget);
    widget->style()->polish(widget);
}

} // namespace

SignInDialog::SignInDialog(SyncSession &session, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SignInDialog>())
    , m_session(session)
{
    m_ui->setupUi(this);
    setObjectName(u"signInDialog"_s);
    m_ui->signInIconLabel->setPixmap(Theme::applicationIcon().pixmap(48, 48));
    m_ui->signInIconLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    // Never smaller than the form needs (the wrapped texts included), whatever the error says.
    m_ui->signInLayout->setSizeConstraint(QLayout::SetMinimumSize);
    m_ui->serverLineEdit->setMaxLength(ServerAddress::maxLength);
    m_ui->loginLineEdit->setMaxLength(maxLoginLength);
    m_ui->passwordLineEdit->setMaxLength(maxPasswordLength);
    m_ui->errorLabel->hide();
    m_ui->busyWidget->setVisible(false);
    // The busy row keeps its height while hidden, so the dialog does not jump.
    QSizePolicy busyPolicy = m_ui->busyWidget->sizePolicy();
    busyPolicy.setRetainSizeWhenHidden(true);
    m_ui->busyWidget->setSizePolicy(busyPolicy);

    QString server = m_session.hasServer() ? ServerAddress::display(m_session.serverUrl())
                                           : QSettings().value(lastServerKey).toString();
    m_ui->serverLineEdit->setText(server.left(ServerAddress::maxLength));
    m_ui->loginLineEdit->setText(m_session.login().left(maxLoginLength));
    if (m_ui->serverLineEdit->text().isEmpty())
        m_ui->serverLineEdit->setFocus();
    else if (m_ui->loginLineEdit->text().isEmpty())
        m_ui->loginLineEdit->setFocus();
    else
        m_ui->passwordLineEdit->setFocus();

    for (QLineEdit *edit : {m_ui->serverLineEdit, m_ui->loginLineEdit, m_ui->passwordLineEdit}) {
        connect(edit, &QLineEdit::textEdited, this, [edit] { setInvalid(edit, false); });
    }
    connect(m_ui->signInButtonBox, &QDialogButtonBox::accepted, this, &SignInDialog::submit);
    connect(m_ui->signInButtonBox, &QDialogButtonBox::rejected, this, &SignInDialog::reject);
    connect(&m_session, &SyncSession::signInSucceeded, this, [this] {
        if (!m_submitted)
            return;
        m_ui->passwordLineEdit->clear();
        setBusy(false);
        accept();
    });
    connect(&m_session, &SyncSession::signInFailed, this, [this](const SyncFailure &failure) {
        if (!m_busy)
            return; // a background retry after the error was shown
        setBusy(false);
        QWidget *field = nullptr;
        switch (failure.kind) {
        case SyncFailure::Kind::InvalidCredentials:
            field = m_ui->passwordLineEdit;
            break;
        case SyncFailure::Kind::Network:
        case SyncFailure::Kind::Timeout:
        case SyncFailure::Kind::BadResponse:
            field = m_ui->serverLineEdit;
            break;
        default:
            break;
        }
        showError(failureText(failure, m_serverName), field, failure.message);
    });
    connect(m_session.vault(), &TokenVault::persistenceUnavailable, this,
            &SignInDialog::updateKeychainNote);

    retranslate();
    updateKeychainNote();
    setMinimumWidth(fontMetrics().averageCharWidth() * 72);
    adjustSize();
}

void SignInDialog::fitContents()
{
    // A longer error or note needs more height; grow rather than squeeze the form (not every
    // window system applies the layout's new minimum size to a shown window).
    QLayout *layout = m_ui->signInLayout;
    layout->activate();
    const int needed = layout->hasHeightForWidth() ? layout->totalHeightForWidth(width())
                                                   : layout->totalMinimumSize().height();
    if (height() < needed)
        resize(width(), needed);
}

SignInDialog::~SignInDialog() = default;

QString SignInDialog::errorText() const
{
    return m_ui->errorLabel->isHidden() ? QString() : m_ui->errorLabel->text();
}

QString SignInDialog::failureText(const SyncFailure &failure, const QString &serverName)
{
    if (failure.isTls()) {
        return tr("A secure connection to %1 could not be established. Use an https:// address "
                  "only if the server has TLS, and check that its certificate is trusted on this "
                  "computer.")
            .arg(serverName);
    }
    switch (failure.kind) {
    case SyncFailure::Kind::Network:
    case SyncFailure::Kind::Timeout:
        return tr("%1 cannot be reached. Check the address and your network connection; you "
                  "can keep working offline in the meantime.")
            .arg(serverName);
    case SyncFailure::Kind::InvalidCredentials:
        return tr("The login or the password is wrong.");
    case SyncFailure::Kind::RateLimited: {
        if (failure.retryAfterMs < 0)
            return tr("Too many sign-in attempts. Wait a few minutes, then try again.");
        const int seconds = int(std::max<qint64>(1, (failure.retryAfterMs + 999) / 1000));
        if (seconds < 90) {
            return tr("Too many sign-in attempts. Try again in %n second(s).", nullptr, seconds);
        }
        return tr("Too many sign-in attempts. Try again in %n minute(s).", nullptr,
                  (seconds + 59) / 60);
    }
    case SyncFailure::Kind::Server:
        return tr("The sync server has a problem (HTTP %1). Try again in a moment.")
            .arg(failure.httpStatus);
    case SyncFailure::Kind::Forbidden:
        return tr("The server does not let this account sign in.");
    case SyncFailure::Kind::BadResponse:
        return tr("%1 did not answer like an Outpost sync server. Check the address.")
            .arg(serverName);
    case SyncFailure::Kind::Unauthorized:
        return tr("The server refused the sign-in. Please try again.");
    case SyncFailure::Kind::Rejected:
    case SyncFailure::Kind::Aborted:
        break;
    }
    return tr("The server refused the sign-in (HTTP %1).").arg(failure.httpStatus);
}

void SignInDialog::submit()
{
    if (m_busy)
        return;
    clearError();
    const Result<QUrl> server = ServerAddress::parse(m_ui->serverLineEdit->text());
    if (!server) {
        showError(server.error().message, m_ui->serverLineEdit);
        return;
    }
    const QString login = m_ui->loginLineEdit->text().trimmed();
    if (login.isEmpty()) {
        showError(tr("Enter your login."), m_ui->loginLineEdit);
        return;
    }
    for (const QChar character : login) {
        if (character.isSpace() || character.category() == QChar::Other_Control) {
            showError(tr("A login has no spaces."), m_ui->loginLineEdit);
            return;
        }
    }
    const QString password = m_ui->passwordLineEdit->text();
    if (password.isEmpty()) {
        showError(tr("Enter your password."), m_ui->passwordLineEdit);
        return;
    }

    const QUrl url = server.value();
    m_ui->serverLineEdit->setText(ServerAddress::display(url));
    m_serverName = url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host();
    const Result<void> started = m_session.signIn(url, login, password);
    if (!started) {
        showError(started.error().message, m_ui->loginLineEdit);
        return;
    }
    QSettings().setValue(lastServerKey, ServerAddress::display(url));
    m_submitted = true;
    setBusy(true);
}

void SignInDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *widget :
         {static_cast<QWidget *>(m_ui->serverLineEdit), static_cast<QWidget *>(m_ui->loginLineEdit),
          static_cast<QWidget *>(m_ui->passwordLineEdit)}) {
        widget->setEnabled(!busy);
    }
    m_ui->signInButtonBox->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_ui->busyWidget->setVisible(busy);
    m_ui->signInStatusLabel->setText(busy ? tr("Signing in to %1…").arg(m_serverName) : QString());
}

void SignInDialog::showError(const QString &message, QWidget *field, const QString &detail)
{
    m_ui->errorLabel->setText(message);
    // The technical detail (the network's or the server's words) for support.
    m_ui->errorLabel->setToolTip(detail != message ? detail : QString());
    m_ui->errorLabel->show();
    fitContents();
    if (field) {
        setInvalid(field, true);
        field->setFocus(Qt::OtherFocusReason);
        if (auto *edit = qobject_cast<QLineEdit *>(field))
            edit->selectAll();
    }
}

void SignInDialog::clearError()
{
    m_ui->errorLabel->clear();
    m_ui->errorLabel->setToolTip(QString());
    m_ui->errorLabel->hide();
    for (QLineEdit *edit : {m_ui->serverLineEdit, m_ui->loginLineEdit, m_ui->passwordLineEdit})
        setInvalid(edit, false);
}

void SignInDialog::updateKeychainNote()
{
    const QString reason = m_session.vault()->unavailableReason();
    m_ui->keychainNoteLabel->setText(reason);
    m_ui->keychainNoteLabel->setVisible(!reason.isEmpty());
    fitContents();
}

void SignInDialog::reject()
{
    // Stop a sign-in that is waiting for an answer or retrying after an unreachable server.
    if (m_submitted && !m_session.isSignedIn())
        m_session.cancelSignIn();
    setBusy(false);
    QDialog::reject();
}

void SignInDialog::retranslate()
{
    m_ui->signInButtonBox->button(QDialogButtonBox::Ok)->setText(tr("Sign In"));
    if (m_busy)
        m_ui->signInStatusLabel->setText(tr("Signing in to %1…").arg(m_serverName));
    updateKeychainNote();
}

void SignInDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
    }
    QDialog::changeEvent(event);
}

} // namespace Outpost
