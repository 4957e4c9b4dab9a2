#include "error.hpp"

#include <fmt/core.h>

namespace rwc {

std::string located_message(const SourcePos& pos, const std::string& message)
{
    return fmt::format("{}:{}:{}: {}", pos.file, pos.line, pos.column, message);
}

void throw_config_error(const SourcePos& pos, const std::string& message)
{
    throw Failure(k_exit_usage, located_message(pos, message));
}

} // namespace rwc
