// Helper processes of --doctor (ldconfig -p, ptxas --version, nvcc --version) through
// Boost.Process with a timeout (docs/design.md, "Dependencies and build"), as python_query.cpp.
#include "doctor/probes.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/process/args.hpp>
#include <boost/process/async.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/io.hpp>

#include <future>

namespace rwc {

namespace bp = boost::process;

std::optional<std::string> run_for_output(const fs::path& program, const std::vector<std::string>& args,
                                          std::chrono::milliseconds timeout, std::string& error)
{
    try {
        boost::asio::io_context io;
        std::future<std::string> output;
        bp::child child(bp::exe = program, bp::args = args, bp::std_in<bp::null, bp::std_out> output,
                        bp::std_err > bp::null, io);
        io.run_for(timeout);
        if (output.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            child.terminate();
            error = "timed out after " + std::to_string(timeout.count()) + " ms";
            return std::nullopt;
        }
        child.wait();
        if (child.exit_code() != 0) {
            error = "exited with status " + std::to_string(child.exit_code());
            return std::nullopt;
        }
        return output.get();
    } catch (const std::exception& e) {
        error = e.what();
        return std::nullopt;
    }
}

} // namespace rwc
