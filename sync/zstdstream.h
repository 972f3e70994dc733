#pragma once

#include "result.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

class QCryptographicHash;
class QIODevice;

namespace Outpost {

/// Zstandard for snapshots (docs/sync-protocol.md, Snapshot): the server stores and sends them
/// compressed (about a third of their size, and decompressed at several hundred MB/s), the
/// laptop decompresses while it downloads. Frames carry zstd's content checksum, so damage that
/// a transfer hash would not see (a broken file on the server) is still found.
///
/// Plain functions and a streaming decoder; no shared state: usable on any thread.
class ZstdStream
{
    Q_DECLARE_TR_FUNCTIONS(ZstdStream)

public:
    /// Compresses the file at from into to (replaced), with level 1 to 19. outputHash, if
    /// given, is fed the compressed bytes as they are written (a digest without reading the
    /// file again).
    static Result<void> compressFile(const QString &from, const QString &to, int level = 3,
                                     QCryptographicHash *outputHash = nullptr);
    /// Decompresses the file at from into to (replaced); more than maxBytes of output is an error.
    static Result<void> decompressFile(const QString &from, const QString &to, qint64 maxBytes);

    /// Decompresses a stream given in pieces into a device, refusing more than maxBytes of
    /// output (a small body must not fill the disk) and anything after the end of the frame.
    class Decoder
    {
    public:
        explicit Decoder(qint64 maxBytes);
        ~Decoder();
        Decoder(const Decoder &) = delete;
        Decoder &operator=(const Decoder &) = delete;

        /// Decodes the next piece and writes what it yields to output.
        Result<void> write(QByteArrayView input, QIODevice &output);
        /// After the last piece: an error unless the frame ended (and its checksum matched).
        Result<void> finish() const;
        qint64 outputBytes() const { return m_output; }

    private:
        struct State;
        State *m_state = nullptr;
        qint64 m_maxBytes = 0;
        qint64 m_output = 0;
        bool m_ended = false; ///< the frame is complete
    };
};

} // namespace Outpost
