#include "python_query.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/process/args.hpp>
#include <boost/process/async.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/io.hpp>

#include <algorithm>
#include <cctype>
#include <future>

namespace rwc {

namespace bp = boost::process;

namespace {

/// Prints prefix, base prefix, "X.Y", then one site-packages folder per line. -I: isolated
/// mode, so PYTHON* variables and the user's current directory cannot change the answer.
constexpr const char* k_script = "import sys, site\n"
                                 "print(sys.prefix); print(sys.base_prefix)\n"
                                 "print('%d.%d' % sys.version_info[:2])\n"
                                 "print('\\n'.join(getattr(site, 'getsitepackages', lambda: [])()))\n";

/// The next line of text from pos (pos moves past its '\n'), without its "\r\n" or "\n".
std::string_view next_line(std::string_view text, std::size_t& pos)
{
    const std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol < text.size() ? eol + 1 : eol;
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

/// True for "X.Y": one or more digits, '.', one or more digits.
bool is_major_minor(std::string_view v)
{
    const std::size_t dot = v.find('.');
    const auto digits = [](std::string_view s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    return dot != std::string_view::npos && digits(v.substr(0, dot)) && digits(v.substr(dot + 1));
}

} // namespace

std::optional<InterpreterFacts> parse_interpreter_facts(std::string_view output)
{
    std::size_t pos = 0;
    InterpreterFacts facts;
    facts.prefix = next_line(output, pos);
    facts.base_prefix = next_line(output, pos);
    facts.version = next_line(output, pos);
    if (!is_major_minor(facts.version)) {
        return std::nullopt;
    }
    while (pos < output.size()) {
        if (const std::string_view line = next_line(output, pos); !line.empty()) {
            facts.site_packages.emplace_back(line);
        }
    }
    return facts;
}

std::optional<InterpreterFacts> query_interpreter(const boost::filesystem::path& interpreter,
                                                  std::chrono::milliseconds timeout, const Log& log)
{
    log.note("python: asking {} for its site-packages", interpreter.string());
    try {
        boost::asio::io_context io;
        std::future<std::string> output;
        bp::child child(bp::exe = interpreter, bp::args = {"-I", "-c", k_script},
                        bp::std_in<bp::null, bp::std_out> output, bp::std_err > bp::null, io);
        io.run_for(timeout);
        if (output.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            child.terminate();
            log.note("python: {} did not answer within {} ms", interpreter.string(), timeout.count());
            return std::nullopt;
        }
        child.wait();
        if (child.exit_code() != 0) {
            log.note("python: {} exited with status {}", interpreter.string(), child.exit_code());
            return std::nullopt;
        }
        auto facts = parse_interpreter_facts(output.get());
        if (!facts) {
            log.note("python: {} did not print its prefixes and an X.Y version", interpreter.string());
        }
        return facts;
    } catch (const std::exception& e) {
        log.note("python: cannot run {}: {}", interpreter.string(), e.what());
        return std::nullopt;
    }
}

} // namespace rwc
