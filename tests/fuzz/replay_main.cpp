// A main for the fuzz harnesses without libFuzzer: runs LLVMFuzzerTestOneInput once on
// every file named on the command line, or in a folder named there (a corpus). A crash,
// a sanitizer report or an abort() in the harness fails the ctest case.
#include <boost/filesystem/operations.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

/// Runs the harness on the bytes of file; false when the file cannot be read.
bool replay(const boost::filesystem::path& file)
{
    std::ifstream in(file.string(), std::ios::binary);
    if (!in) {
        return false;
    }
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A copy in a buffer of exactly its size, so AddressSanitizer sees any read past the end.
    std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(data.empty() ? nullptr : data.data(), data.size());
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t count = 0;
    for (int i = 1; i < argc; ++i) {
        const boost::filesystem::path arg(argv[i]);
        std::vector<boost::filesystem::path> files;
        if (boost::filesystem::is_directory(arg)) {
            for (const auto& entry : boost::filesystem::directory_iterator(arg)) {
                files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
        } else {
            files.push_back(arg);
        }
        for (const auto& file : files) {
            if (!replay(file)) {
                std::fprintf(stderr, "replay: cannot read %s\n", file.string().c_str());
                return 1;
            }
            ++count;
        }
    }
    std::printf("replay: %zu inputs, no failure\n", count);
    return count > 0 ? 0 : 1;
}
