// Helpers of the Windows suite: a scratch folder name, the test child's report, the built
// .exe files next to the tests.
#pragma once

#include "scratch_dir.hpp"
#include "windows_api.hpp"

#include <boost/filesystem/path.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rwc::test {

namespace fs = boost::filesystem;

/// A fresh folder under %TEMP% (scratch_dir.hpp) whose name holds a space and non-ASCII
/// text, so every path of a test crosses the UTF-16 boundary; removed on destruction.
class WinScratchDir : public ScratchDir {
  public:
    WinScratchDir() : ScratchDir(scratch_base(), L"rwc win32 \u4e2d\u6587 %%%%-%%%%") {}
};

/// What rwc_win32_child.exe wrote to its RWC_CHILD_REPORT file (child.cpp), as UTF-8.
struct ChildReport {
    std::string command_line;
    std::vector<std::string> argv; ///< CommandLineToArgvW's elements, argv[0] first
    std::string cwd;
    std::map<std::string, std::string> env; ///< the RWC_CHILD_ENV names that were set
    std::map<std::string, std::string> dll; ///< RWC_CHILD_DLL name -> the file loaded
};

/// Parses a report file; throws std::runtime_error when it is missing or malformed.
ChildReport read_report(const fs::path& file);

/// The folder of the running test executable (GetModuleFileNameW).
fs::path test_dir();

/// rwc_win32_child.exe, built next to the tests.
fs::path child_exe();

/// The run-with-cuda.exe under test (RWC_WIN32_LAUNCHER, relative to test_dir()).
fs::path launcher_exe();

/// Variables set for a child: (name, value) pairs.
using Variables = std::vector<std::pair<std::wstring, std::wstring>>;

/// Starts program with the command line `"program" tail`, in cwd (empty: ours), with vars
/// set in this process for the child to inherit; false (and a test failure) when it fails.
bool start_process(const fs::path& program, const std::wstring& tail, const fs::path& cwd, const Variables& vars,
                   PROCESS_INFORMATION& info);

/// Waits at most timeout_ms for info's process, closes its handles and returns its exit code
/// (~0u on a timeout).
DWORD wait_and_close(const PROCESS_INFORMATION& info, DWORD timeout_ms);

/// Starts program with `"program" tail` in cwd, with vars inherited; returns its exit code
/// (~0u when it cannot start or outlives 60 s).
DWORD run_in(const fs::path& program, const std::wstring& tail, const fs::path& cwd, const Variables& vars);

/// The bytes of file ("" when it is missing: test::read_file would throw).
std::string read_file_or_empty(const fs::path& file);

/// What a program run with its standard output and error in files left.
struct Captured {
    DWORD code = ~0u; ///< the exit code; ~0u when it could not start or outlived 60 s
    std::string out;
    std::string err;
};

/// Runs `"program" tail` in cwd with vars inherited (and removed again afterwards), stdout
/// and stderr in the files stdout.txt and stderr.txt of cwd.
Captured run_capturing(const fs::path& program, const std::wstring& tail, const fs::path& cwd, const Variables& vars);

} // namespace rwc::test
