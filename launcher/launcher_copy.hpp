// Writing a copy of the launcher and its config into a folder: what --install-shim and
// --make-launcher share (docs/design.md, "A renamed copy"). All or nothing: either every
// file is written, or none is left behind.
#pragma once

#include "expected.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// One file to create.
struct NewFile {
    enum class Kind {
        copy,    ///< a copy of source (bytes and permission bits)
        text,    ///< the bytes of text
        symlink, ///< a symbolic link whose target is source (kept as written: relative stays relative)
    };
    boost::filesystem::path path; ///< absolute
    Kind kind = Kind::text;
    boost::filesystem::path source;
    std::string text;
};

/// The launcher binary a copy is made from. Linux: running (the one binary). Windows:
/// run-with-cuda-w.exe (GUI subsystem, no console window) when gui, else run-with-cuda.exe,
/// each beside running, or running itself when it is that file; a renamed console copy
/// without the console variant beside it is copied itself. An Error (exit 2) naming the
/// file when gui asks for the GUI variant and it is not there.
Expected<boost::filesystem::path> launcher_binary(const boost::filesystem::path& running, bool gui, TargetOs os);

/// An Error (exit 2) naming the first of files whose path already exists (anything, a
/// dangling symbolic link too); Done when none does.
Status check_new_files(const std::vector<NewFile>& files);

/// Creates files in order, never replacing anything: an Error (exit 2) naming the first
/// path that already exists, before anything is written; an Error (exit 1) naming the file
/// and the OS's text when a write fails, after removing every file this call had written.
/// The folders of the files must exist.
Status write_new_files(const std::vector<NewFile>& files);

/// True when file is executable itself or a byte-for-byte copy of it (the same size, then
/// the same bytes: a size check answers for any interpreter of another size); false
/// when either cannot be read. A shim refuses to start such a file (docs/integrations.md, "IDEs").
bool is_launcher_copy(const boost::filesystem::path& file, const boost::filesystem::path& executable);

/// path relative to folder when it lies inside it (lexically, no symbolic link resolved),
/// written with '/' separators; nullopt when it lies outside (or on another root).
std::optional<std::string> relative_inside(const boost::filesystem::path& path, const boost::filesystem::path& folder);

} // namespace rwc
