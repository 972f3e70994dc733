#include "preferencesdialog.h"
#include "ui_preferencesdialog.h"

#include "languagemanager.h"

#include <QEvent>

namespace Outpost {

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PreferencesDialog>())
{
    m_ui->setupUi(this);
    // The item texts come from the .ui file; the codes are data, not text.
    const QStringList codes = LanguageManager::codes();
    for (int i = 0; i < codes.size() && i < m_ui->languageComboBox->count(); ++i)
        m_ui->languageComboBox->setItemData(i, codes.at(i));
    connect(m_ui->preferencesButtonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->preferencesButtonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setLanguageCode(LanguageManager::storedCode());
    resize(qMax(width(), sizeHint().width()), sizeHint().height());
}

PreferencesDialog::~PreferencesDialog() = default;

QString PreferencesDialog::languageCode() const
{
    return m_ui->languageComboBox->currentData().toString();
}

void PreferencesDialog::setLanguageCode(const QString &code)
{
    const int index = m_ui->languageComboBox->findData(code);
    m_ui->languageComboBox->setCurrentIndex(index >= 0 ? index : 0);
}

void PreferencesDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        // retranslateUi resets item texts but not their data; keep the selection.
        const QString code = languageCode();
        m_ui->retranslateUi(this);
        setLanguageCode(code);
    }
    QDialog::changeEvent(event);
}

} // namespace Outpost
