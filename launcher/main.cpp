// run-with-cuda: the one place that prints errors and picks the exit status.
#include "app.hpp"
#include "error.hpp"
#include "host.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

int main(int argc, char** argv)
{
    try {
        rwc::Invocation invocation{rwc::command_line_arguments(argc, argv), rwc::process_environment(),
                                   rwc::current_executable(), boost::filesystem::current_path()};
        return rwc::run_launcher(invocation);
    } catch (const rwc::Failure& failure) {
        fmt::print(stderr, "run-with-cuda: error: {}\n", failure.what());
        return failure.exit_status();
    } catch (const std::exception& e) {
        fmt::print(stderr, "run-with-cuda: error: {}\n", e.what());
        return rwc::k_exit_failure;
    }
}
