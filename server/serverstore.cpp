#include "serverstore.h"

namespace Outpost {

ServerStore::~ServerStore() = default;

} // namespace Outpost
