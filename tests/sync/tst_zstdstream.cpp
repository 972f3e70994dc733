#include "zstdstream.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Outpost;

// ZstdStream: snapshots compressed on the server and decompressed while they download. The
// decoder's input comes from the network, so damage of every kind must be an error, never a
// silently different file.
class tst_ZstdStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void filesRoundTrip();
    void piecesOfAnySizeDecodeTheSame_data();
    void piecesOfAnySizeDecodeTheSame();
    void damageIsAnError_data();
    void damageIsAnError();
    void outputIsBounded();
    void missingFileIsAnError();

private:
    /// A file like a store's pages: repetitive text with some noise, about 3 MB.
    QString makeInput();
    QByteArray compressed(const QString &input);
    /// Feeds data in pieces of piece bytes; the output, or an error from write() or finish().
    static Result<QByteArray> decode(const QByteArray &data, qsizetype piece, qint64 maxBytes);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_ZstdStream::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString tst_ZstdStream::makeInput()
{
    const QString path = m_dir->filePath(u"input.bin"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write the input");
    QRandomGenerator random(20261206);
    for (int i = 0; i < 60'000; ++i) {
        QByteArray line = "deal " + QByteArray::number(i) + " 西安泵业 Compressor ";
        line += QByteArray::number(random.generate());
        line += '\n';
        file.write(line);
    }
    return path;
}

QByteArray tst_ZstdStream::compressed(const QString &input)
{
    const QString packed = input + u".zst"_s;
    if (!ZstdStream::compressFile(input, packed))
        qFatal("cannot compress");
    QFile file(packed);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the compressed file");
    return file.readAll();
}

Result<QByteArray> tst_ZstdStream::decode(const QByteArray &data, qsizetype piece, qint64 maxBytes)
{
    QBuffer output;
    output.open(QIODevice::WriteOnly);
    ZstdStream::Decoder decoder(maxBytes);
    for (qsizetype at = 0; at < data.size(); at += piece) {
        if (Result<void> written = decoder.write(
                QByteArrayView(data).sliced(at, std::min(piece, data.size() - at)), output);
            !written)
            return written.error();
    }
    if (Result<void> ended = decoder.finish(); !ended)
        return ended.error();
    if (decoder.outputBytes() != output.data().size())
        return Error {ErrorCode::Corrupt, u"miscounted"_s};
    return output.data();
}

void tst_ZstdStream::filesRoundTrip()
{
    const QString input = makeInput();
    const QString packed = m_dir->filePath(u"packed.zst"_s);
    const QString unpacked = m_dir->filePath(u"unpacked.bin"_s);
    QVERIFY(ZstdStream::compressFile(input, packed).ok());
    QVERIFY(ZstdStream::decompressFile(packed, unpacked, 1LL << 30).ok());
    QFile original(input);
    QFile result(unpacked);
    QVERIFY(original.open(QIODevice::ReadOnly) && result.open(QIODevice::ReadOnly));
    QCOMPARE(result.size(), original.size());
    QVERIFY(result.readAll() == original.readAll());
    QVERIFY(QFileInfo(packed).size() < original.size() / 2);
}

void tst_ZstdStream::piecesOfAnySizeDecodeTheSame_data()
{
    QTest::addColumn<qsizetype>("piece");
    QTest::newRow("1 byte") << qsizetype(1);
    QTest::newRow("7 bytes") << qsizetype(7);
    QTest::newRow("64 KiB") << qsizetype(64 * 1024);
    QTest::newRow("all at once") << qsizetype(1 << 30);
}

void tst_ZstdStream::piecesOfAnySizeDecodeTheSame()
{
    QFETCH(qsizetype, piece);
    const QString input = makeInput();
    QFile original(input);
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray expected = original.readAll();
    const QByteArray data = compressed(input);
    // A byte at a time takes long over megabytes: the first 200 KB then suffice.
    const QByteArray feed
        = piece == 1 ? data.first(std::min<qsizetype>(data.size(), 200'000)) : data;
    if (piece == 1) {
        QBuffer output;
        output.open(QIODevice::WriteOnly);
        ZstdStream::Decoder decoder(1LL << 30);
        for (char byte : feed)
            QVERIFY(decoder.write(QByteArrayView(&byte, 1), output).ok());
        QVERIFY(!decoder.finish().ok()); // cut short
        QVERIFY(expected.startsWith(output.data()));
        QVERIFY(output.data().size() > 100'000);
        return;
    }
    const Result<QByteArray> decoded = decode(feed, piece, 1LL << 30);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
    QVERIFY(decoded.value() == expected);
}

void tst_ZstdStream::damageIsAnError_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("a flipped byte") << u"flip"_s;
    QTest::newRow("cut short") << u"truncate"_s;
    QTest::newRow("something after the end") << u"trailing"_s;
    QTest::newRow("not zstd") << u"html"_s;
    QTest::newRow("empty") << u"empty"_s;
}

void tst_ZstdStream::damageIsAnError()
{
    QFETCH(QString, damage);
    QByteArray data = compressed(makeInput());
    if (damage == u"flip"_s)
        data[data.size() / 2] = char(data.at(data.size() / 2) ^ 0x20);
    else if (damage == u"truncate"_s)
        data.chop(100);
    else if (damage == u"trailing"_s)
        data += "garbage";
    else if (damage == u"html"_s)
        data = "<html><body>502 Bad Gateway</body></html>";
    else
        data.clear();
    const Result<QByteArray> decoded = decode(data, 64 * 1024, 1LL << 30);
    QVERIFY(!decoded.ok());
    QVERIFY(!decoded.error().message.isEmpty());
}

void tst_ZstdStream::outputIsBounded()
{
    // A small body that expands hugely (a "zip bomb") stops at the bound.
    const QString zeros = m_dir->filePath(u"zeros.bin"_s);
    QFile file(zeros);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray block(1 << 20, '\0');
    for (int i = 0; i < 64; ++i)
        file.write(block);
    file.close();
    const QByteArray data = compressed(zeros);
    QVERIFY(data.size() < 64 * 1024);
    const Result<QByteArray> decoded = decode(data, 64 * 1024, 1 << 20);
    QVERIFY(!decoded.ok());
    QVERIFY(decoded.error().message.contains(u"1048576"_s));
    QVERIFY(!ZstdStream::decompressFile(zeros + u".zst"_s, m_dir->filePath(u"out"_s), 1 << 20));
}

void tst_ZstdStream::missingFileIsAnError()
{
    const Result<void> done
        = ZstdStream::compressFile(m_dir->filePath(u"missing"_s), m_dir->filePath(u"out.zst"_s));
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::Io);
    QVERIFY(
        !ZstdStream::decompressFile(m_dir->filePath(u"missing"_s), m_dir->filePath(u"out"_s), 100));
}

QTEST_GUILESS_MAIN(tst_ZstdStream)
#include "tst_zstdstream.moc"
