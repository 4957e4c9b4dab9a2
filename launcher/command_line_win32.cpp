// command_line_win32.hpp: the UCRT's argv rules and their inverse.
#include "command_line_win32.hpp"

namespace rwc {

namespace {

bool is_blank(wchar_t c)
{
    return c == L' ' || c == L'\t';
}

/// argv[0]: quotes toggle and are dropped, nothing is escaped, an unquoted space or tab
/// ends it (ucrt parse_command_line, "the program name"). The first character is always
/// taken, as the UCRT's do-while loop does. Returns the index after argv[0].
std::size_t parse_program_name(std::wstring_view line, std::wstring& value)
{
    std::size_t i = 0;
    bool in_quotes = false;
    do {
        if (line[i] == L'"') {
            in_quotes = !in_quotes;
        } else {
            value.push_back(line[i]);
        }
        ++i;
    } while (i < line.size() && (in_quotes || !is_blank(line[i])));
    return i;
}

/// One argument after argv[0], starting at i (not blank). Returns the index after it.
std::size_t parse_argument(std::wstring_view line, std::size_t i, std::wstring& value)
{
    bool in_quotes = false;
    while (i < line.size()) {
        std::size_t backslashes = 0;
        while (i < line.size() && line[i] == L'\\') {
            ++backslashes;
            ++i;
        }
        bool copy = true;
        if (i < line.size() && line[i] == L'"') {
            if (backslashes % 2 == 0) {
                if (in_quotes && i + 1 < line.size() && line[i + 1] == L'"') {
                    ++i; // '""' inside quotes: a literal '"', still quoted
                } else {
                    copy = false; // the quote toggles quoting and is dropped
                    in_quotes = !in_quotes;
                }
            }
            backslashes /= 2;
        }
        value.append(backslashes, L'\\');
        if (i >= line.size() || (!in_quotes && is_blank(line[i]))) {
            break;
        }
        if (copy) {
            value.push_back(line[i]);
        }
        ++i;
    }
    return i;
}

} // namespace

std::vector<CommandLineArg> split_command_line(std::wstring_view line)
{
    std::vector<CommandLineArg> args;
    if (line.empty()) {
        return args;
    }
    args.push_back({});
    std::size_t i = parse_program_name(line, args.back().value);
    for (;;) {
        while (i < line.size() && is_blank(line[i])) {
            ++i;
        }
        if (i >= line.size()) {
            break;
        }
        CommandLineArg arg;
        arg.offset = i;
        i = parse_argument(line, i, arg.value);
        args.push_back(std::move(arg));
    }
    return args;
}

std::wstring quote_argument(std::wstring_view arg)
{
    if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring_view::npos) {
        return std::wstring(arg);
    }
    std::wstring out = L"\"";
    std::size_t backslashes = 0;
    for (const wchar_t c : arg) {
        if (c == L'\\') {
            ++backslashes;
            continue;
        }
        if (c == L'"') {
            out.append(2 * backslashes + 1, L'\\'); // 2n+1 backslashes + '"': n and a '"'
        } else {
            out.append(backslashes, L'\\');
        }
        backslashes = 0;
        out.push_back(c);
    }
    out.append(2 * backslashes, L'\\'); // before the closing quote: 2n give n
    out.push_back(L'"');
    return out;
}

std::wstring child_command_line(std::wstring_view program, std::wstring_view caller_line,
                                const std::vector<std::wstring>& args)
{
    std::wstring out = L"\"";
    out.append(program);
    out.push_back(L'"');
    if (args.empty()) {
        return out;
    }
    const std::vector<CommandLineArg> caller = split_command_line(caller_line);
    bool tail_matches = caller.size() > args.size(); // argv[0] is never part of the tail
    const std::size_t first = caller.size() - (tail_matches ? args.size() : 0);
    for (std::size_t k = 0; tail_matches && k < args.size(); ++k) {
        tail_matches = caller[first + k].value == args[k];
    }
    if (tail_matches) {
        out.push_back(L' ');
        out.append(caller_line.substr(caller[first].offset));
        return out;
    }
    for (const auto& arg : args) {
        out.push_back(L' ');
        out.append(quote_argument(arg));
    }
    return out;
}

} // namespace rwc
