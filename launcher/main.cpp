// run-with-cuda: the one place that reports errors and picks the exit status. Compiled
// twice on Windows: run-with-cuda.exe (console subsystem) and, with RWC_GUI=1,
// run-with-cuda-w.exe (GUI subsystem: no console window; python means pythonw.exe;
// errors in a message box).
#include "app.hpp"
#include "error.hpp"
#include "host.hpp"
#include "report_error.hpp"

#include <boost/filesystem/operations.hpp>

#ifndef RWC_GUI
#define RWC_GUI 0
#endif

namespace {
constexpr bool k_gui = RWC_GUI != 0;
constexpr rwc::ErrorDisplay k_error_display = k_gui ? rwc::ErrorDisplay::message_box : rwc::ErrorDisplay::console;
} // namespace

int main(int argc, char** argv)
{
    try {
        rwc::Invocation invocation{rwc::command_line_arguments(argc, argv), rwc::process_environment(),
                                   rwc::current_executable(), boost::filesystem::current_path(), k_gui};
        return rwc::run_launcher(invocation);
    } catch (const rwc::Failure& failure) {
        rwc::report_error(failure.what(), k_error_display);
        return failure.exit_status();
    } catch (const std::exception& e) {
        rwc::report_error(e.what(), k_error_display);
        return rwc::k_exit_failure;
    }
}
