// See scratch_dir.hpp.
#include "scratch_dir.hpp"

#include <boost/filesystem/operations.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#ifndef _WIN32
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#endif

namespace rwc::test {

namespace {

/// chmod on POSIX; nothing on Windows, where permission bits do not exist.
void set_mode(const fs::path& p, unsigned mode)
{
#ifdef _WIN32
    (void)p;
    (void)mode;
#else
    ::chmod(p.c_str(), static_cast<mode_t>(mode));
#endif
}

/// Gives the owner rwx on every folder below dir, so remove_all can enter them.
void make_traversable(const fs::path& dir)
{
    set_mode(dir, 0700);
    boost::system::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        boost::system::error_code type_ec;
        if (fs::is_directory(it->symlink_status(type_ec))) {
            make_traversable(it->path());
        }
    }
}

/// Creates a new folder named after model under base; retries when the name exists.
fs::path create_unique(const fs::path& base, const fs::path& model)
{
    for (;;) {
        fs::path candidate = base / fs::unique_path(model);
        if (fs::create_directory(candidate)) { // false: it existed (throws on other errors)
            set_mode(candidate, 0700);
            return candidate;
        }
    }
}

} // namespace

fs::path scratch_base()
{
    if (const char* chosen = std::getenv("RWC_TEST_TMPDIR"); chosen != nullptr && *chosen != '\0') {
        return chosen;
    }
#ifdef _WIN32
    return fs::temp_directory_path();
#else
    return "/tmp";
#endif
}

fs::path tmpfs_scratch_base()
{
#ifndef _WIN32
    struct statvfs shm {};
    if (std::getenv("RWC_TEST_TMPDIR") == nullptr && ::statvfs("/dev/shm", &shm) == 0 &&
        (shm.f_flag & ST_NOEXEC) == 0 && ::access("/dev/shm", W_OK | X_OK) == 0) {
        return "/dev/shm";
    }
#endif
    return scratch_base();
}

ScratchDir::ScratchDir(const fs::path& base, const fs::path& name_model)
    : m_root(fs::canonical(create_unique(base, name_model)).make_preferred()) // Windows: "C:/users\\..." before
{
}

ScratchDir::~ScratchDir()
{
    if (std::getenv("RWC_TEST_KEEP") != nullptr) {
        return;
    }
    make_traversable(m_root);
    boost::system::error_code ignored;
    fs::remove_all(m_root, ignored);
}

fs::path ScratchDir::dir(const std::string& rel) const
{
    const fs::path p = path(rel);
    fs::create_directories(p);
    return p;
}

fs::path ScratchDir::file(const std::string& rel, const std::string& bytes) const
{
    const fs::path p = path(rel);
    write_file(p, bytes);
    set_mode(p, 0644);
    return p;
}

fs::path ScratchDir::executable(const std::string& rel, const std::string& bytes) const
{
    const fs::path p = file(rel, bytes);
    set_mode(p, 0755);
    return p;
}

fs::path ScratchDir::symlink(const std::string& rel, const fs::path& target) const
{
    const fs::path p = path(rel);
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
    return p;
}

void write_file(const fs::path& file, const std::string& bytes)
{
    if (file.has_parent_path()) {
        fs::create_directories(file.parent_path());
    }
    // c_str() is wchar_t* on Windows: libstdc++'s wide-name overload takes any Unicode name.
    std::ofstream out(file.c_str(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        throw std::runtime_error("cannot write " + file.string());
    }
}

std::string read_file(const fs::path& file)
{
    std::ifstream in(file.c_str(), std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace rwc::test
