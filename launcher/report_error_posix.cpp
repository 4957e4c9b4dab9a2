// report_error.hpp on POSIX: stderr is the only place an error can go.
#include "report_error.hpp"

#include <cstdio>

namespace rwc {

void report_error(std::string_view message, ErrorDisplay /*display: no message box on POSIX*/) noexcept
{
    std::fprintf(stderr, "run-with-cuda: error: %.*s\n", static_cast<int>(message.size()), message.data());
}

} // namespace rwc
