#include "csvwriter.h"

#include <QAbstractTableModel>
#include <QBuffer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

namespace {

// Two deals: display texts, and plain amounts under Qt::UserRole.
class DealsModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : 2; }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : 3;
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        static const QStringList display[]
            = {{u"Renewal"_s, u"上海, \"一号\" 公司"_s, u"¥1,000.00"_s},
               {u"Expansion"_s, u"Acme"_s, u"¥20.50"_s}};
        static const QStringList plain = {u"1000.00"_s, u"20.50"_s};
        if (role == Qt::DisplayRole)
            return display[index.row()].at(index.column());
        if (role == Qt::UserRole && index.column() == 2)
            return plain.at(index.row());
        return {};
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        return QStringList {u"Deal"_s, u"Customer"_s, u"Amount"_s}.value(section);
    }
};

} // namespace

class tst_CsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void field_data();
    void field();
    void writesBomHeaderAndRows();
    void writesTheChosenColumnsAndRole();
    void fileIsReplacedWhole();
    void unwritableFileIsAnError();

private:
    static QAbstractItemModel *model(QObject *parent);
};

void tst_CsvWriter::field_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QVariant(u"Acme"_s) << u"Acme"_s;
    QTest::newRow("empty") << QVariant(QString()) << QString();
    QTest::newRow("null") << QVariant() << QString();
    QTest::newRow("comma") << QVariant(u"Acme, Inc."_s) << u"\"Acme, Inc.\""_s;
    QTest::newRow("quote") << QVariant(u"the \"best\""_s) << u"\"the \"\"best\"\"\""_s;
    QTest::newRow("line break") << QVariant(u"one\ntwo"_s) << u"\"one\ntwo\""_s;
    QTest::newRow("carriage return") << QVariant(u"one\r\ntwo"_s) << u"\"one\r\ntwo\""_s;
    QTest::newRow("leading space") << QVariant(u" x"_s) << u"\" x\""_s;
    QTest::newRow("chinese") << QVariant(u"上海科技有限公司"_s) << u"上海科技有限公司"_s;
    QTest::newRow("formula") << QVariant(u"=HYPERLINK(\"x\")"_s) << u"\"'=HYPERLINK(\"\"x\"\")\""_s;
    QTest::newRow("plus") << QVariant(u"+86 138"_s) << u"'+86 138"_s;
    QTest::newRow("at") << QVariant(u"@sum"_s) << u"'@sum"_s;
    QTest::newRow("negative number stays a number") << QVariant(-5) << u"-5"_s;
    QTest::newRow("number") << QVariant(qint64(1234567)) << u"1234567"_s;
}

void tst_CsvWriter::field()
{
    QFETCH(QVariant, value);
    QFETCH(QString, expected);
    QCOMPARE(CsvWriter::field(value), expected);
}

QAbstractItemModel *tst_CsvWriter::model(QObject *parent)
{
    return new DealsModel(parent);
}

void tst_CsvWriter::writesBomHeaderAndRows()
{
    QAbstractItemModel *source = model(this);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(CsvWriter::write(buffer, *source, {0, 1, 2}).ok());
    const QByteArray bytes = buffer.data();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    QCOMPARE(QString::fromUtf8(bytes.mid(3)),
             u"Deal,Customer,Amount\r\n"
             u"Renewal,\"上海, \"\"一号\"\" 公司\",\"¥1,000.00\"\r\n"
             u"Expansion,Acme,¥20.50\r\n"_s);
}

void tst_CsvWriter::writesTheChosenColumnsAndRole()
{
    QAbstractItemModel *source = model(this);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(CsvWriter::write(buffer, *source, {2, 0}, Qt::UserRole).ok());
    QCOMPARE(QString::fromUtf8(buffer.data().mid(3)), u"Amount,Deal\r\n1000.00,\r\n20.50,\r\n"_s);
}

void tst_CsvWriter::fileIsReplacedWhole()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"deals.csv"_s);
    QAbstractItemModel *source = model(this);
    QVERIFY(CsvWriter::writeFile(path, *source, {0}).ok());
    QVERIFY(CsvWriter::writeFile(path, *source, {1}).ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(file.readAll()).contains(u"Customer"_s));
}

void tst_CsvWriter::unwritableFileIsAnError()
{
    QTemporaryDir dir;
    QAbstractItemModel *source = model(this);
    const Result<void> written
        = CsvWriter::writeFile(dir.filePath(u"no/such/folder/deals.csv"_s), *source, {0});
    QVERIFY(!written.ok());
    QCOMPARE(written.error().code, ErrorCode::Io);
    QVERIFY(written.error().message.contains(u"deals.csv"_s));
}

QTEST_GUILESS_MAIN(tst_CsvWriter)
#include "tst_csvwriter.moc"
