#pragma once

#include "protocol.h"
#include "result.h"

#include <QByteArrayView>
#include <QCoreApplication>

namespace Outpost {

/// Decodes a pull page (docs/sync-protocol.md, Pull) straight from its UTF-8 bytes, without
/// building a JSON document first: a laptop's first sync reads hundreds of thousands of changes,
/// and QJsonDocument's tree (plus the member paths built for every value) was a fifth of it.
///
/// The input is hostile and checked exactly as ProtocolCodec's other decoders check theirs:
/// JSON syntax and UTF-8, the presence and type of every member, bounded sizes (the body, the
/// number of changes and fields, ids, names, string values), UUIDv7 ids, 64-bit integers that
/// are never rounded (a fraction or an exponent is refused). Errors are Error{InvalidArgument}
/// with a translated message that names the member ("changes[3].fields.amount_minor").
/// Members it does not know are skipped, to a bounded depth. Field and table names are shared
/// between changes, so a page allocates one string per name, not one per row.
///
/// Stateless and reentrant: callable from any thread.
class PullPageParser
{
    Q_DECLARE_TR_FUNCTIONS(PullPageParser)

public:
    /// How deep a member the parser does not know may nest (objects and arrays).
    static constexpr int maxSkippedDepth = 32;

    static Result<Protocol::PullResponse> parse(QByteArrayView json, qsizetype maxBytes);
};

} // namespace Outpost
