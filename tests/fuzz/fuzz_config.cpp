// Fuzzes the config reader (config_parse.cpp, toml_guard.cpp, toml++): any bytes either give
// a Config or throw Failure; a crash, hang or sanitizer report is a bug. The first byte
// chooses run-with-cuda.toml or pyproject.toml mode.
#include "config.hpp"
#include "error.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    const bool pyproject = (data[0] & 1) != 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        (void)rwc::parse_config(text, pyproject ? "/fuzz/pyproject.toml" : "/fuzz/run-with-cuda.toml", pyproject);
    } catch (const rwc::Failure&) {
    }
    return 0;
}
