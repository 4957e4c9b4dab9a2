#include "python_query.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/process/args.hpp>
#include <boost/process/async.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/io.hpp>

#include <future>
#include <sstream>

namespace rwc {

namespace bp = boost::process;

namespace {

/// Prints prefix, base prefix, "X.Y", then one site-packages folder per line. -I: isolated
/// mode, so PYTHON* variables and the user's current directory cannot change the answer.
constexpr const char* k_script = "import sys, site\n"
                                 "print(sys.prefix); print(sys.base_prefix)\n"
                                 "print('%d.%d' % sys.version_info[:2])\n"
                                 "print('\\n'.join(getattr(site, 'getsitepackages', lambda: [])()))\n";

} // namespace

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
        std::istringstream lines(output.get());
        InterpreterFacts facts;
        std::getline(lines, facts.prefix);
        std::getline(lines, facts.base_prefix);
        std::getline(lines, facts.version);
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (!line.empty()) {
                facts.site_packages.push_back(line);
            }
        }
        if (facts.version.empty()) {
            return std::nullopt;
        }
        return facts;
    } catch (const std::exception& e) {
        log.note("python: cannot run {}: {}", interpreter.string(), e.what());
        return std::nullopt;
    }
}

} // namespace rwc
