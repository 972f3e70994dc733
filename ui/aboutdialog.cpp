#include "aboutdialog.h"
#include "ui_aboutdialog.h"

#include "theme.h"

#include <QEvent>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace Outpost {

AboutDialog::AboutDialog(const QString &sqliteVersion, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
    , m_sqliteVersion(sqliteVersion)
{
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(Theme::applicationIcon().pixmap(72, 72));
    connect(m_ui->aboutButtonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    retranslate();
}

AboutDialog::~AboutDialog() = default;

void AboutDialog::retranslate()
{
    m_ui->versionLabel->setText(tr("Version %1").arg(QStringLiteral(OUTPOST_VERSION)));
    m_ui->componentsLabel->setText(
        tr("Built with Qt %1, running on Qt %2 and SQLite %3.")
            .arg(QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()),
                 m_sqliteVersion.isEmpty() ? tr("(unknown)") : m_sqliteVersion));

    const QString license
        = u"<p><b>%1</b></p><p>%2</p><p><b>%3</b></p><p>%4</p><p><b>%5</b></p><p>%6</p>"_s.arg(
            tr("Qt"),
            tr("Outpost uses the Qt framework under the GNU Lesser General Public License "
               "version 3 (LGPL v3). Qt is linked dynamically, so you may replace it with a "
               "modified version. The license text is at <a "
               "href=\"https://www.gnu.org/licenses/lgpl-3.0.html\">gnu.org/licenses/lgpl-3.0</a>; "
               "Qt's source code is available from <a "
               "href=\"https://download.qt.io/\">download.qt.io</a>."),
            tr("SQLite"),
            tr("Outpost stores its data with SQLite. The authors of SQLite have dedicated it to "
               "the public domain: anyone may copy, modify, use or distribute it for any purpose, "
               "without a license. See <a "
               "href=\"https://www.sqlite.org/copyright.html\">sqlite.org/copyright.html</a>."),
            tr("Outpost"), tr("Outpost is provided \"as is\", without warranty of any kind."));
    m_ui->licenseTextBrowser->setHtml(license);
    m_ui->copyrightLabel->setText(tr("Copyright © 2026 The Outpost authors"));
}

void AboutDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
    }
    QDialog::changeEvent(event);
}

} // namespace Outpost
