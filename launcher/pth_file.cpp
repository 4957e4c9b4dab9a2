// See pth_file.hpp; the rules are CPython's Modules/getpath.py and Modules/getpath.c
// (docs/packaged-apps.md, "The embeddable distribution").
#include "pth_file.hpp"

#include "file_status.hpp"
#include "text_file.hpp"
#include "text_lines.hpp"
#include "text_util.hpp"
#include "utf8.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

#include <algorithm>

namespace rwc {

namespace fs = boost::filesystem;

namespace {

/// ASCII white space, as the ._pth line is trimmed (str.strip() in Modules/getpath.py).
std::string_view trim_space(std::string_view s) noexcept
{
    constexpr std::string_view k_space = " \t\r\n\v\f";
    const auto b = s.find_first_not_of(k_space);
    if (b == std::string_view::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(k_space) - b + 1);
}

/// True when the path line can name a folder: UTF-8, no control character, not too long,
/// and not a UNC or device path ("\\\\server\\share", "//?/..."), whose lookup could wait on the network.
bool usable_entry(std::string_view entry)
{
    const auto separator = [](char c) { return c == '/' || c == '\\'; };
    if (entry.size() > k_max_pth_entry || !is_valid_utf8(entry) ||
        (entry.size() >= 2 && separator(entry[0]) && separator(entry[1]))) {
        return false;
    }
    return std::none_of(entry.begin(), entry.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '\x7f'; });
}

/// True when name is "python3<digits>.dll" (any case): the interpreter's DLL beside
/// python.exe, not python3.dll (the stable-ABI forwarder).
bool is_python_dll(const std::string& lower)
{
    constexpr std::string_view k_head = "python3";
    constexpr std::string_view k_tail = ".dll";
    if (lower.size() <= k_head.size() + k_tail.size() || !starts_with(lower, k_head) ||
        !ends_with_icase(lower, k_tail)) {
        return false;
    }
    const std::string digits = lower.substr(k_head.size(), lower.size() - k_head.size() - k_tail.size());
    return digits.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

PthLines parse_pth(std::string_view text)
{
    PthLines out;
    Lines lines(text);
    std::size_t number = 0;
    while (const auto next = lines.next()) {
        ++number;
        std::string_view line = *next;
        line = trim_space(line.substr(0, line.find('#')));
        if (line.empty()) {
            continue;
        }
        if (line == "import site") {
            out.import_site = true;
        } else if (starts_with(line, "import ")) {
            out.unsupported_imports.push_back(number);
        } else if (!usable_entry(line)) {
            out.unusable.push_back(number);
        } else {
            out.entries.emplace_back(line);
        }
    }
    return out;
}

fs::path resolve_pth_entry(const fs::path& dir, std::string_view entry, TargetOs os)
{
    std::string text(entry);
    if (os == TargetOs::windows) {
        std::replace(text.begin(), text.end(), '\\', '/');
    }
    const fs::path p(text);
    fs::path joined;
    if (p.is_absolute()) {
        joined = p;
    } else if (p.has_root_directory()) {
        joined = dir.root_name() / p; // "\x": the root of dir's drive (PathCchCombineEx)
    } else {
        joined = dir / p;
    }
    fs::path normal = joined.lexically_normal();
    if (normal.filename() == "." && normal.has_parent_path()) {
        normal = normal.parent_path(); // Boost 1.74 keeps a trailing "/." ("dir" / ".")
    }
    return normal.make_preferred();
}

fs::path find_pth_file(const fs::path& exe)
{
    const fs::path dir = exe.parent_path();
    std::vector<std::string> dll_stems;
    boost::system::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (is_python_dll(ascii_lower(name))) {
            dll_stems.push_back(name.substr(0, name.size() - 4));
        }
    }
    std::sort(dll_stems.begin(), dll_stems.end()); // one in practice; a fixed order otherwise
    std::vector<fs::path> candidates;
    for (const auto& stem : dll_stems) {
        candidates.push_back(dir / (stem + "._pth"));
    }
    candidates.push_back(dir / (exe.stem().string() + "._pth"));
    for (const auto& c : candidates) {
        if (is_file(c)) {
            return c;
        }
    }
    return {};
}

Expected<PthFile> read_pth_file(const fs::path& file, TargetOs os)
{
    auto text = read_text_file(file, k_max_pth_file);
    if (!text) {
        return Error{fmt::format("{}: {}", file.string(), text.error().message)};
    }
    const PthLines lines = parse_pth(*text);
    PthFile out;
    out.file = file;
    out.import_site = lines.import_site;
    out.unsupported_imports = lines.unsupported_imports;
    out.unusable = lines.unusable;
    for (const auto& entry : lines.entries) {
        const fs::path folder = resolve_pth_entry(file.parent_path(), entry, os);
        if (is_folder(folder) && std::find(out.folders.begin(), out.folders.end(), folder) == out.folders.end()) {
            out.folders.push_back(folder);
        }
    }
    return out;
}

} // namespace rwc
