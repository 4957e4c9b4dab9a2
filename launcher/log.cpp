#include "log.hpp"

#include <cstdio>
#include <string>

namespace rwc {

void Log::write(std::string_view line)
{
    std::string text = "run-with-cuda: ";
    text.append(line);
    text.push_back('\n');
    std::fwrite(text.data(), 1, text.size(), stderr);
}

} // namespace rwc
