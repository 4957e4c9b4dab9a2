// Fuzzes the command line (cli.cpp): the input split at NUL bytes is argv[1..]; parse_cli
// either returns or throws Failure.
#include "cli.hpp"
#include "error.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<std::string> args(1);
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0) {
            args.emplace_back();
        } else {
            args.back().push_back(static_cast<char>(data[i]));
        }
    }
    try {
        const rwc::Cli cli = rwc::parse_cli(args);
        (void)rwc::parse_env_format(args.front());
        (void)cli;
    } catch (const rwc::Failure&) {
    }
    return 0;
}
