#pragma once

#include <QDialog>

#include <memory>

namespace Outpost {

namespace Ui {
class PreferencesDialog;
}

/// Edit > Preferences: the display language ("system", "en" or "zh_CN"). The dialog only edits
/// values; the caller stores and applies them when the dialog is accepted. GUI thread only.
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    /// The chosen language code (see LanguageManager::codes()).
    QString languageCode() const;
    void setLanguageCode(const QString &code);

protected:
    void changeEvent(QEvent *event) override;

private:
    std::unique_ptr<Ui::PreferencesDialog> m_ui;
};

} // namespace Outpost
