// See temp_dir.hpp.
#include "temp_dir.hpp"

#include <boost/filesystem/operations.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <sys/statvfs.h>
#include <unistd.h>
#include <vector>

namespace rwc::e2e {

fs::path default_scratch_base()
{
    if (const char* chosen = std::getenv("RWC_E2E_TMPDIR")) {
        return chosen;
    }
    struct statvfs shm {};
    if (::statvfs("/dev/shm", &shm) == 0 && (shm.f_flag & ST_NOEXEC) == 0 && ::access("/dev/shm", W_OK | X_OK) == 0) {
        return "/dev/shm"; // the stand-in ptxas is executed from there: it must not be noexec
    }
    return "/tmp";
}

TempDir::TempDir(const fs::path& base)
{
    std::string pattern = (base / "rwc-e2e-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    }
    m_path = fs::canonical(fs::path(buffer.data()));
}

TempDir::~TempDir()
{
    if (std::getenv("RWC_E2E_KEEP") != nullptr) {
        return;
    }
    boost::system::error_code ignored;
    fs::remove_all(m_path, ignored);
}

void write_file(const fs::path& file, const std::string& bytes)
{
    fs::create_directories(file.parent_path());
    std::ofstream stream(file.string(), std::ios::binary | std::ios::trunc);
    stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!stream) {
        throw std::runtime_error("cannot write " + file.string());
    }
}

void copy_file_fast(const fs::path& source, const fs::path& target)
{
    fs::remove(target);
    write_file(target, read_file(source));
    fs::permissions(target, fs::status(source).permissions());
}

std::string read_file(const fs::path& file)
{
    std::ifstream stream(file.string(), std::ios::binary);
    if (!stream) {
        throw std::runtime_error("cannot read " + file.string());
    }
    return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

} // namespace rwc::e2e
