#include "zstdstream.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileDevice>
#include <QSaveFile>

#include <zstd.h>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

// A frame needing a larger window (more memory to decode) than this is refused: the server's
// level 3 uses 2 MiB.
constexpr int maxWindowLog = 23;
constexpr qsizetype pieceBytes = 256 * 1024;

Error zstdError(size_t code)
{
    return Error {ErrorCode::Corrupt,
                  ZstdStream::tr("The compressed data is damaged: %1")
                      .arg(QString::fromUtf8(ZSTD_getErrorName(code)))};
}

Error cannotRead(const QFileDevice &file)
{
    return Error {
        ErrorCode::Io,
        ZstdStream::tr("The file %1 cannot be read: %2").arg(file.fileName(), file.errorString())};
}

Error cannotWrite(const QFileDevice &file)
{
    return Error {ErrorCode::Io,
                  ZstdStream::tr("The file %1 cannot be written: %2")
                      .arg(file.fileName(), file.errorString())};
}

// Opens the file to read and the one that replaces the target when committed.
Result<void> openPair(QFile &source, QSaveFile &target)
{
    if (!source.open(QIODevice::ReadOnly))
        return cannotRead(source);
    if (!target.open(QIODevice::WriteOnly))
        return cannotWrite(target);
    return {};
}

} // namespace

struct ZstdStream::Decoder::State
{
    ZSTD_DCtx *context = nullptr;
    QByteArray buffer;
};

ZstdStream::Decoder::Decoder(qint64 maxBytes)
    : m_state(new State)
    , m_maxBytes(maxBytes)
{
    m_state->context = ZSTD_createDCtx();
    if (m_state->context)
        ZSTD_DCtx_setParameter(m_state->context, ZSTD_d_windowLogMax, maxWindowLog);
    m_state->buffer.resize(qsizetype(ZSTD_DStreamOutSize()));
}

ZstdStream::Decoder::~Decoder()
{
    ZSTD_freeDCtx(m_state->context);
    delete m_state;
}

Result<void> ZstdStream::Decoder::write(QByteArrayView input, QIODevice &output)
{
    if (!m_state->context)
        return Error {ErrorCode::Io, tr("The decompressor cannot be created.")};
    ZSTD_inBuffer in {input.data(), size_t(input.size()), 0};
    for (;;) {
        if (m_ended) {
            if (in.pos < in.size)
                return Error {ErrorCode::Corrupt, tr("The compressed data goes on after its end.")};
            return {};
        }
        ZSTD_outBuffer out {m_state->buffer.data(), size_t(m_state->buffer.size()), 0};
        const size_t result = ZSTD_decompressStream(m_state->context, &out, &in);
        if (ZSTD_isError(result))
            return zstdError(result);
        m_output += qint64(out.pos);
        if (m_output > m_maxBytes) {
            return Error {ErrorCode::Corrupt,
                          tr("The compressed data holds more than %1 bytes.").arg(m_maxBytes)};
        }
        if (out.pos > 0
            && output.write(m_state->buffer.constData(), qint64(out.pos)) != qint64(out.pos)) {
            return Error {ErrorCode::Io,
                          tr("The data cannot be written: %1").arg(output.errorString())};
        }
        // 0: the frame is decoded and flushed, and its checksum matched.
        m_ended = result == 0;
        // A full output buffer may leave more to flush; otherwise the input is used up.
        if (!m_ended && in.pos == in.size && out.pos < out.size)
            return {};
    }
}

Result<void> ZstdStream::Decoder::finish() const
{
    if (!m_ended)
        return Error {ErrorCode::Corrupt, tr("The compressed data is cut short.")};
    return {};
}

Result<void> ZstdStream::compressFile(const QString &from, const QString &to, int level,
                                      QCryptographicHash *outputHash)
{
    QFile source(from);
    QSaveFile target(to);
    if (Result<void> opened = openPair(source, target); !opened)
        return opened;
    const std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx *)> context(ZSTD_createCCtx(),
                                                                      &ZSTD_freeCCtx);
    if (!context)
        return Error {ErrorCode::Io, tr("The compressor cannot be created.")};
    ZSTD_CCtx_setParameter(context.get(), ZSTD_c_compressionLevel, std::clamp(level, 1, 19));
    ZSTD_CCtx_setParameter(context.get(), ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(context.get(), ZSTD_c_windowLog, 21);
    ZSTD_CCtx_setPledgedSrcSize(context.get(), (unsigned long long)source.size());
    QByteArray input(pieceBytes, Qt::Uninitialized);
    QByteArray output(qsizetype(ZSTD_CStreamOutSize()), Qt::Uninitialized);
    bool last = false;
    while (!last) {
        const qint64 read = source.read(input.data(), input.size());
        if (read < 0)
            return cannotRead(source);
        last = read < input.size() && source.atEnd();
        const ZSTD_EndDirective mode = last ? ZSTD_e_end : ZSTD_e_continue;
        ZSTD_inBuffer in {input.constData(), size_t(read), 0};
        bool finished = false;
        while (!finished) {
            ZSTD_outBuffer out {output.data(), size_t(output.size()), 0};
            const size_t remaining = ZSTD_compressStream2(context.get(), &out, &in, mode);
            if (ZSTD_isError(remaining))
                return zstdError(remaining);
            if (outputHash)
                outputHash->addData(QByteArrayView(output.constData(), qsizetype(out.pos)));
            if (target.write(output.constData(), qint64(out.pos)) != qint64(out.pos)) {
                return cannotWrite(target);
            }
            finished = last ? remaining == 0 : in.pos == in.size;
        }
    }
    if (!target.commit())
        return cannotWrite(target);
    return {};
}

Result<void> ZstdStream::decompressFile(const QString &from, const QString &to, qint64 maxBytes)
{
    QFile source(from);
    QSaveFile target(to);
    if (Result<void> opened = openPair(source, target); !opened)
        return opened;
    Decoder decoder(maxBytes);
    QByteArray input(pieceBytes, Qt::Uninitialized);
    for (;;) {
        const qint64 read = source.read(input.data(), input.size());
        if (read < 0)
            return cannotRead(source);
        if (read == 0)
            break;
        if (Result<void> written = decoder.write(QByteArrayView(input.constData(), read), target);
            !written) {
            return written;
        }
    }
    if (Result<void> ended = decoder.finish(); !ended)
        return ended;
    if (!target.commit())
        return cannotWrite(target);
    return {};
}

} // namespace Outpost
