// The ._pth file of Python's embeddable distribution: finding it beside python.exe and
// reading its lines as CPython does (Modules/getpath.py, "DETECT _pth FILE" and "SET
// pythonpath FROM _PTH FILE"; docs/packaged-apps.md, "The embeddable distribution").
// The file is untrusted input: a regular file only, under CPython's own size limit.
#pragma once

#include "expected.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// The largest ._pth file read, in bytes: CPython refuses one of 32 KiB or more at start-up
/// ("cannot read file larger than 32KB during initialization", Modules/getpath.c, readlines).
constexpr std::size_t k_max_pth_file = 32 * 1024 - 1;

/// The longest path line kept, in bytes (a Windows path is at most 32,767 UTF-16 units);
/// a longer line is skipped as unusable.
constexpr std::size_t k_max_pth_entry = 4096;

/// The lines of a ._pth file, as CPython 3.11+ reads them (Modules/getpath.py): lines split
/// at '\n' with a trailing '\r' dropped; everything from the first '#' is a comment; the
/// rest trimmed of ASCII white space; an empty line is ignored; exactly "import site"
/// enables site; another "import ..." line is ignored (3.11+ warns; 3.10 and older stop
/// with a fatal error, PC/getpathp.c); any other line is a path.
struct PthLines {
    bool import_site = false;         ///< an "import site" line is present
    std::vector<std::string> entries; ///< the path lines, in order, as written (UTF-8)
    /// 1-based numbers of the "import ..." lines other than "import site", which CPython ignores.
    std::vector<std::size_t> unsupported_imports;
    /// 1-based numbers of path lines the launcher skips: not UTF-8, holding a control
    /// character (a NUL included), longer than k_max_pth_entry, or starting with two
    /// separators (a UNC or device path: looking it up could wait on the network).
    std::vector<std::size_t> unusable;
};

/// Splits text (any bytes) into PthLines; never fails. Costs one pass over text.
PthLines parse_pth(std::string_view text);

/// The path a ._pth line names: entry joined to dir (the ._pth file's absolute folder), as
/// CPython's joinpath does: an absolute entry is kept, a rooted one ("\x") takes dir's
/// drive, anything else is relative to dir; then lexically normalised ("..", ".") and
/// written with os's separator. On os windows, '\\' and '/' both separate.
boost::filesystem::path resolve_pth_entry(const boost::filesystem::path& dir, std::string_view entry, TargetOs os);

/// A ._pth file that was found and read.
struct PthFile {
    boost::filesystem::path file; ///< absolute, e.g. C:\app\python_embeded\python312._pth
    bool import_site = false;     ///< "import site" is present: site.py runs and adds <dir>\Lib\site-packages
    /// The folders its path lines name that exist, absolute, each once, in order; lines
    /// naming a file (python312.zip) or nothing are left out.
    std::vector<boost::filesystem::path> folders;
    std::vector<std::size_t> unsupported_imports; ///< as in PthLines
    std::vector<std::size_t> unusable;            ///< as in PthLines
};

/// The ._pth file CPython would use for the interpreter exe (absolute) in an embeddable
/// folder, or an empty path: first "<stem of the pythonXY.dll beside it>._pth"
/// (python312.dll -> python312._pth; the DLL is the "library" CPython checks first), then
/// "<exe's stem>._pth" (python.exe -> python._pth). Regular files only; on Windows the
/// names compare without regard to case, as the file system does.
boost::filesystem::path find_pth_file(const boost::filesystem::path& exe);

/// Reads the ._pth file at file (absolute) with the rules of os: parse_pth, then each entry
/// through resolve_pth_entry, keeping the folders that exist. An Error (the file named)
/// when it cannot be opened or read, is not a regular file, or holds more than
/// k_max_pth_file bytes.
Expected<PthFile> read_pth_file(const boost::filesystem::path& file, TargetOs os);

} // namespace rwc
