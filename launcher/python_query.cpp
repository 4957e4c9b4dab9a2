#include "python_query.hpp"

#include "program_output.hpp"
#include "text_lines.hpp"

#include <algorithm>

namespace rwc {

namespace {

/// Prints sys.prefix, "X.Y", then one site-packages folder per line. -I: isolated mode, so
/// PYTHON* variables and the user's current directory cannot change the answer.
constexpr const char* k_script = "import sys, site\n"
                                 "print(sys.prefix)\n"
                                 "print('%d.%d' % sys.version_info[:2])\n"
                                 "print('\\n'.join(getattr(site, 'getsitepackages', lambda: [])()))\n";

/// The line without a '\r' before its '\n'.
std::string_view without_cr(std::string_view line)
{
    return !line.empty() && line.back() == '\r' ? line.substr(0, line.size() - 1) : line;
}

/// True for "DIGITS.DIGITS".
bool is_major_minor(std::string_view s)
{
    const auto dot = s.find('.');
    const auto digits = [](std::string_view d) {
        return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return dot != std::string_view::npos && digits(s.substr(0, dot)) && digits(s.substr(dot + 1));
}

} // namespace

Expected<InterpreterFacts> parse_interpreter_facts(std::string_view output)
{
    Lines lines(output);
    InterpreterFacts facts;
    const auto prefix = lines.next();
    const auto version = lines.next();
    if (!prefix || !version || !is_major_minor(without_cr(*version))) {
        return Error{"unexpected answer (no \"X.Y\" version on its second line)"};
    }
    facts.prefix = without_cr(*prefix);
    facts.version = without_cr(*version);
    while (const auto line = lines.next()) {
        if (!without_cr(*line).empty()) {
            facts.site_packages.emplace_back(without_cr(*line));
        }
    }
    return facts;
}

Expected<InterpreterFacts> query_interpreter(const boost::filesystem::path& interpreter,
                                             std::chrono::milliseconds timeout)
{
    auto output = run_for_output(interpreter, {"-I", "-c", k_script}, timeout);
    auto facts = output ? parse_interpreter_facts(*output) : Expected<InterpreterFacts>(output.error());
    if (!facts) {
        return Error{"cannot ask " + interpreter.string() + ": " + facts.error().message};
    }
    return facts;
}

} // namespace rwc
