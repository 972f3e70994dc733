#pragma once

#include <QDialog>

#include <memory>

namespace Outpost {

namespace Ui {
class AboutDialog;
}

/// Help > About Outpost: version, the versions of Qt and SQLite in use, and their licenses.
/// GUI thread only.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    /// sqliteVersion: the library version the store runs on (LocalStore::sqliteVersion()).
    explicit AboutDialog(const QString &sqliteVersion, QWidget *parent = nullptr);
    ~AboutDialog() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    std::unique_ptr<Ui::AboutDialog> m_ui;
    QString m_sqliteVersion;
};

} // namespace Outpost
