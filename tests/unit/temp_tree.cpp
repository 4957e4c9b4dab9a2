// See temp_tree.hpp.
#include "temp_tree.hpp"

#include <boost/filesystem/operations.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#ifndef _WIN32
#include <sys/stat.h>
#endif
#include <vector>

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

} // namespace

TempTree::TempTree()
{
#ifdef _WIN32
    const fs::path root = fs::temp_directory_path() / fs::unique_path("rwc-unit-%%%%-%%%%-%%%%");
    fs::create_directories(root);
    m_root = fs::canonical(root).make_preferred(); // canonical gives "C:/users\\..."
#else
    std::string pattern = "/tmp/rwc-unit-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    }
    m_root = fs::canonical(fs::path(buffer.data()));
#endif
}

TempTree::~TempTree()
{
    make_traversable(m_root);
    boost::system::error_code ignored;
    fs::remove_all(m_root, ignored);
}

fs::path TempTree::dir(const std::string& rel) const
{
    const fs::path p = path(rel);
    fs::create_directories(p);
    return p;
}

fs::path TempTree::file(const std::string& rel, const std::string& bytes) const
{
    const fs::path p = path(rel);
    fs::create_directories(p.parent_path());
    std::ofstream out(p.string(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        throw std::runtime_error("cannot write " + p.string());
    }
    set_mode(p, 0644);
    return p;
}

fs::path TempTree::executable(const std::string& rel, const std::string& bytes) const
{
    const fs::path p = file(rel, bytes);
    set_mode(p, 0755);
    return p;
}

fs::path TempTree::symlink(const std::string& rel, const fs::path& target) const
{
    const fs::path p = path(rel);
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
    return p;
}

CwdGuard::CwdGuard(const fs::path& dir) : m_old(fs::current_path())
{
    fs::current_path(dir);
}

CwdGuard::~CwdGuard()
{
    boost::system::error_code ignored;
    fs::current_path(m_old, ignored);
}

std::string read_bytes(const fs::path& file)
{
    std::ifstream in(file.string(), std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace rwc::test
