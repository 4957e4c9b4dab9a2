// Fuzzes the Windows command-line round trip (command_line_win32.cpp): arguments (the input
// as UTF-16 units, split at U+0000) quoted with quote_argument and joined must come back
// unchanged from split_command_line, as the Microsoft C runtime would parse them.
#include "command_line_win32.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<std::wstring> args(1);
    for (std::size_t i = 0; i + 1 < size; i += 2) {
        const auto unit = static_cast<wchar_t>(data[i] | (data[i + 1] << 8));
        if (unit == 0) {
            args.emplace_back();
        } else {
            args.back().push_back(unit);
        }
    }
    std::wstring line = L"\"C:\\prog.exe\"";
    for (const auto& arg : args) {
        line += L" " + rwc::quote_argument(arg);
    }
    const auto parsed = rwc::split_command_line(line);
    if (parsed.size() != args.size() + 1) {
        std::abort();
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (parsed[i + 1].value != args[i]) {
            std::abort();
        }
    }
    const std::wstring child = rwc::child_command_line(L"C:\\x\\python.exe", line, args);
    if (rwc::split_command_line(child).size() != args.size() + 1) {
        std::abort();
    }
    return 0;
}
