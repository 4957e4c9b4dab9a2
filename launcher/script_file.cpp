#include "script_file.hpp"

#include "log.hpp"
#include "program.hpp"
#include "text_file.hpp"

#include <boost/filesystem/operations.hpp>

#include <vector>

namespace rwc {

namespace fs = boost::filesystem;

namespace {

/// The words of the first line of head (after "#!"), split on spaces and tabs.
std::vector<std::string_view> shebang_words(std::string_view head)
{
    std::vector<std::string_view> words;
    const std::string_view line =
        head.substr(2, head.find('\n') == std::string_view::npos ? std::string_view::npos : head.find('\n') - 2);
    std::size_t at = 0;
    while (at < line.size()) {
        const std::size_t start = line.find_first_not_of(" \t\r", at);
        if (start == std::string_view::npos) {
            break;
        }
        const std::size_t end = std::min(line.find_first_of(" \t\r", start), line.size());
        words.push_back(line.substr(start, end - start));
        at = end;
    }
    return words;
}

std::string_view base_name(std::string_view path)
{
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

} // namespace

std::optional<std::string> shebang_program(std::string_view head)
{
    if (head.substr(0, 2) != "#!") {
        return std::nullopt;
    }
    const auto words = shebang_words(head);
    if (words.empty()) {
        return std::nullopt;
    }
    if (base_name(words.front()) != "env") {
        return std::string(words.front());
    }
    // GNU coreutils env(1): options, then NAME=value assignments, then the program.
    for (std::size_t i = 1; i < words.size(); ++i) {
        const std::string_view w = words[i];
        if (w == "-u" || w == "-C" || w == "--unset" || w == "--chdir") {
            ++i; // the option's value
        } else if (w.size() > 2 && w.substr(0, 2) == "-S") {
            return std::string(w.substr(2)); // -Sprogram: the split string starts at once
        } else if (w.substr(0, 15) == "--split-string=") {
            return w.size() > 15 ? std::optional<std::string>(std::string(w.substr(15))) : std::nullopt;
        } else if (w.front() == '-' || w.find('=') != std::string_view::npos) {
            continue; // another option (-S, -i, -v, --ignore-environment) or an assignment
        } else {
            return std::string(w);
        }
    }
    return std::nullopt;
}

bool is_launcher_script(const fs::path& file, const fs::path& executable, const Environment& env)
{
    const auto head = read_text_file_head(file, "\n", k_max_shebang_bytes);
    if (!head) {
        return false;
    }
    const auto program = shebang_program(*head);
    if (!program) {
        return false;
    }
    if (base_name(*program) == "run-with-cuda") {
        return true;
    }
    boost::system::error_code ec;
    if (program->find('/') != std::string::npos) {
        return fs::equivalent(*program, executable, ec);
    }
    // A bare name, as env(1) finds it on PATH: the launch's own PATH lookup (program.hpp).
    const auto found = resolve_program(*program, std::nullopt, env, Log(), false);
    return found && fs::equivalent(found->file, executable, ec);
}

} // namespace rwc
