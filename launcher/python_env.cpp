// Selecting the Python environment and its site-packages from the files on disk:
// docs/design.md, "Which Python environment"; docs/design.md, "Where site-packages is".
#include "python_env.hpp"

#include "file_status.hpp"
#include "python_query.hpp"
#include "text_file.hpp"
#include "text_lines.hpp"
#include "text_util.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cctype>

namespace rwc {

namespace {

/// "3.12.1" -> "3.12"; "" when the text does not start with "D.D".
std::string major_minor(const std::string& version)
{
    const auto dot = version.find('.');
    if (dot == std::string::npos || dot == 0) {
        return {};
    }
    auto end = version.find_first_not_of("0123456789", dot + 1);
    if (end == dot + 1 || dot + 1 == version.size()) {
        return {}; // "3." or "3.x": no minor version
    }
    return version.substr(0, end == std::string::npos ? version.size() : end);
}

void add_existing(std::vector<fs::path>& list, const fs::path& p)
{
    if (is_folder(p) && std::find(list.begin(), list.end(), p) == list.end()) {
        list.push_back(p);
    }
}

/// The site-packages folders under prefix for version "X.Y" (docs/design.md, "Where
/// site-packages is": lib/pythonX.Y, free-threaded lib/pythonX.Yt; Windows Lib). With an
/// unknown version, the single lib/python3.* folder that has one.
std::vector<fs::path> prefix_site_packages(const fs::path& prefix, const std::string& version, TargetOs os)
{
    std::vector<fs::path> out;
    if (os == TargetOs::windows) {
        add_existing(out, prefix / "Lib" / "site-packages");
        return out;
    }
    if (!version.empty()) {
        add_existing(out, prefix / "lib" / ("python" + version) / "site-packages");
        add_existing(out, prefix / "lib" / ("python" + version + "t") / "site-packages");
        return out;
    }
    boost::system::error_code ec;
    for (fs::directory_iterator it(prefix / "lib", ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind("python3.", 0) == 0) {
            add_existing(out, it->path() / "site-packages");
        }
    }
    if (out.size() > 1) {
        out.clear(); // several versions: the files cannot tell which one this interpreter uses
    }
    return out;
}

/// The version "X.Y" from a file or folder name such as python3.12 or python3.13t; "" otherwise.
std::string version_from_name(const fs::path& file)
{
    std::string name = file.filename().string();
    if (name.rfind("python", 0) != 0) {
        return {};
    }
    return major_minor(name.substr(6));
}

/// True for a free-threaded build's name or folder: python3.13t, python3.13t.exe (PEP 703).
bool free_threaded_name(const fs::path& file)
{
    const std::string name(without_exe_suffix(ascii_lower(file.filename().string())));
    const std::string version = version_from_name(file);
    return !version.empty() && name == "python" + version + "t";
}

/// The version "X.Y" of a Windows install from its pythonXY.dll beside the interpreter
/// (python312.dll -> "3.12"); "" when there is none.
std::string version_from_dll(const fs::path& dir)
{
    boost::system::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = ascii_lower(it->path().filename().string());
        if (name.size() > 11 && name.rfind("python3", 0) == 0 && name.compare(name.size() - 4, 4, ".dll") == 0) {
            const std::string digits = name.substr(7, name.size() - 11); // "12" of python312.dll
            if (digits.find_first_not_of("0123456789") == std::string::npos) {
                return "3." + digits;
            }
        }
    }
    return {};
}

/// The user site (`pip install --user`), docs/design.md, "Where site-packages is": ~/.local/lib/pythonX.Y/site-packages
/// or %APPDATA%/Python/PythonXY/site-packages, with a "t" after the version for a
/// free-threaded build; PYTHONUSERBASE moves the base and PYTHONNOUSERSITE disables it
/// (CPython 3.13 site.py, _get_path).
std::optional<fs::path> user_site(const PythonEnv& py, const Environment& env, TargetOs os)
{
    if (py.version.empty() || env.get("PYTHONNOUSERSITE").value_or("").size() > 0) {
        return std::nullopt;
    }
    const std::string version = py.version + (py.free_threaded ? "t" : "");
    std::string compact = version;
    compact.erase(std::remove(compact.begin(), compact.end(), '.'), compact.end());
    const auto base = env.get("PYTHONUSERBASE");
    if (os == TargetOs::windows) {
        fs::path root = base ? fs::path(*base) : fs::path(env.get("APPDATA").value_or("")) / "Python";
        if (root.empty() || root.is_relative()) {
            return std::nullopt;
        }
        return root / ("Python" + compact) / "site-packages";
    }
    fs::path root = base ? fs::path(*base) : fs::path(env.get("HOME").value_or("")) / ".local";
    if (root.is_relative()) {
        return std::nullopt;
    }
    return root / "lib" / ("python" + version) / "site-packages";
}

/// The folders activation puts on PATH (venv's activate, conda activate).
std::vector<fs::path> activation_folders(const fs::path& root, EnvKind kind, TargetOs os)
{
    std::vector<fs::path> out;
    if (kind == EnvKind::venv) {
        add_existing(out, root / (os == TargetOs::windows ? "Scripts" : "bin"));
    } else if (kind == EnvKind::conda) {
        if (os == TargetOs::windows) {
            for (const char* sub : {"", "Library/mingw-w64/bin", "Library/usr/bin", "Library/bin", "Scripts"}) {
                add_existing(out, *sub ? (root / sub).make_preferred() : root); // "Library\\bin"
            }
        } else {
            add_existing(out, root / "bin");
        }
    }
    return out;
}

/// The interpreter inside an environment root folder, or an empty path.
fs::path interpreter_in(const fs::path& root, TargetOs os)
{
    const std::vector<fs::path> candidates =
        os == TargetOs::windows ? std::vector<fs::path>{root / "Scripts" / "python.exe", root / "python.exe"}
                                : std::vector<fs::path>{root / "bin" / "python3", root / "bin" / "python"};
    for (const auto& c : candidates) {
        if (is_file(c)) {
            return c;
        }
    }
    return {};
}

/// Fills site_packages from the files; asks the interpreter when they cannot tell.
void find_site_packages(PythonEnv& py, const fs::path& base_prefix, bool system_site, const Environment& env,
                        TargetOs os, const Log& log, bool may_start_interpreter)
{
    auto own = prefix_site_packages(py.root, py.version, os);
    if (!own.empty() && os == TargetOs::linux) {
        const fs::path lib_folder = own.front().parent_path(); // lib/python3.12[t]
        py.version = py.version.empty() ? version_from_name(lib_folder) : py.version;
        py.free_threaded = py.free_threaded || free_threaded_name(lib_folder);
    }
    if (own.empty() && os == TargetOs::linux && !may_start_interpreter) {
        log.warn("python: the files of {} do not tell its site-packages, and this option starts no program to "
                 "ask it; its CUDA libraries are left out (a launch asks it)",
                 py.interpreter.string());
    } else if (own.empty() && os == TargetOs::linux) {
        log.note("python: asking {} for its site-packages", py.interpreter.string());
        auto facts = query_interpreter(py.interpreter, std::chrono::seconds(5));
        if (!facts) {
            log.note("python: {}", facts.error().message);
        } else {
            py.version = facts->version;
            if (py.kind == EnvKind::system && !facts->prefix.empty()) {
                py.root = facts->prefix; // e.g. a pyenv shim's folder is not the install's prefix
            }
            if (auto user = user_site(py, env, os); user && py.kind != EnvKind::venv) {
                add_existing(py.site_packages, *user);
            }
            for (const auto& sp : facts->site_packages) {
                add_existing(py.site_packages, fs::path(sp));
            }
            return;
        }
    }
    // Without a venv, the user site comes before the install's own, as in CPython's
    // site.main(). A venv's own site-packages comes first: the user chose that environment.
    if (py.kind != EnvKind::venv) {
        if (auto user = user_site(py, env, os)) {
            add_existing(py.site_packages, *user);
        }
    }
    for (const auto& sp : own) {
        add_existing(py.site_packages, sp);
    }
    if (!system_site) {
        return;
    }
    if (auto user = user_site(py, env, os); user && py.kind == EnvKind::venv) {
        add_existing(py.site_packages, *user);
    }
    if (!base_prefix.empty() && base_prefix != py.root) {
        for (const auto& sp : prefix_site_packages(base_prefix, py.version, os)) {
            add_existing(py.site_packages, sp);
        }
    }
    if (os == TargetOs::linux && base_prefix == "/usr" && !py.version.empty()) {
        // Debian/Ubuntu system Python (docs/layouts.md): dist-packages folders.
        add_existing(py.site_packages, fs::path("/usr/local/lib") / ("python" + py.version) / "dist-packages");
        add_existing(py.site_packages, "/usr/lib/python3/dist-packages");
    }
}

/// The site-packages of an embeddable Python, from its ._pth file (Modules/getpath.py):
/// the folders it lists, then, with "import site", what site.py adds for the prefix on
/// Windows (Lib/site.py, getsitepackages: the prefix itself and <prefix>\Lib\site-packages).
/// No user site: a ._pth file implies isolated mode. py.pth holds the file's path on entry
/// and the file as read on return; warns when it cannot be read.
void embeddable_site_packages(PythonEnv& py, const Log& log)
{
    const fs::path file = py.pth->file;
    auto pth = read_pth_file(file, TargetOs::windows);
    if (!pth) {
        log.warn("python: {}; its folders are left out", pth.error().message);
        py.pth_problem = pth.error().message;
        return;
    }
    for (const auto& folder : pth->folders) {
        add_existing(py.site_packages, folder);
    }
    if (pth->import_site) {
        add_existing(py.site_packages, py.root);
        add_existing(py.site_packages, py.root / "Lib" / "site-packages");
    }
    py.pth = std::move(*pth);
}

} // namespace

bool is_python_name(const std::string& name, TargetOs os)
{
    const std::string n = os == TargetOs::windows ? std::string(without_exe_suffix(ascii_lower(name))) : name;
    if (n == "python" || n == "pythonw" || n == "python3") {
        return true;
    }
    // pythonX.Y and free-threaded pythonX.Yt
    if (n.rfind("python", 0) != 0) {
        return false;
    }
    std::string rest = n.substr(6);
    if (!rest.empty() && rest.back() == 't') {
        rest.pop_back();
    }
    return !major_minor(rest).empty() && major_minor(rest) == rest;
}

std::optional<std::string> pyvenv_value(const std::string& text, const std::string& key)
{
    Lines lines(text);
    while (const auto next = lines.next()) {
        const std::string line(*next);
        const auto eq = line.find('=');
        if (eq != std::string::npos && ascii_lower(trim(line.substr(0, eq))) == key) {
            return std::string(trim(line.substr(eq + 1)));
        }
    }
    return std::nullopt;
}

const char* env_kind_name(EnvKind kind) noexcept
{
    switch (kind) {
    case EnvKind::venv: return "venv";
    case EnvKind::conda: return "conda";
    case EnvKind::embeddable: return "embeddable";
    case EnvKind::system: break;
    }
    return "system";
}

std::optional<PythonEnv> describe_python_env(const fs::path& p, const Environment& env, const Log& log,
                                             bool may_start_interpreter)
{
    const TargetOs os = env.os();
    PythonEnv py;
    boost::system::error_code ec;
    const fs::file_status status = fs::status(p, ec); // one stat for both questions
    if (fs::is_directory(status)) {
        py.interpreter = interpreter_in(p, os);
        if (py.interpreter.empty()) {
            log.note("python: {} holds no interpreter", p.string());
            return std::nullopt;
        }
    } else if (fs::is_regular_file(status)) {
        py.interpreter = p;
    } else {
        return std::nullopt;
    }
    // CPython looks for pyvenv.cfg beside the executable, then one folder up (getpath).
    const fs::path dir = py.interpreter.parent_path();
    fs::path base_prefix;
    bool system_site = true;
    fs::path cfg = dir / "pyvenv.cfg";
    if (!is_file(cfg)) {
        cfg = dir.parent_path() / "pyvenv.cfg";
    }
    if (is_file(cfg)) {
        py.kind = EnvKind::venv;
        py.root = cfg.parent_path();
        const std::string text = read_text_file(cfg).value_or("");
        py.version =
            major_minor(pyvenv_value(text, "version").value_or(pyvenv_value(text, "version_info").value_or("")));
        system_site = ascii_lower(pyvenv_value(text, "include-system-site-packages").value_or("false")) == "true";
        if (const auto home = pyvenv_value(text, "home")) {
            // home is the base interpreter's folder: <prefix>/bin on Linux, <prefix> on Windows.
            base_prefix = os == TargetOs::windows ? fs::path(*home) : fs::path(*home).parent_path();
        }
    } else if (const fs::path pth = os == TargetOs::windows ? find_pth_file(py.interpreter) : fs::path();
               !pth.empty()) {
        py.kind = EnvKind::embeddable; // Modules/getpath.py: the ._pth file sets home and sys.path
        py.pth = PthFile{};
        py.pth->file = pth;
        py.root = dir;
    } else {
        const fs::path prefix = os == TargetOs::windows ? dir : dir.parent_path();
        py.root = prefix;
        py.kind = is_folder(prefix / "conda-meta") ? EnvKind::conda : EnvKind::system;
        base_prefix = prefix;
    }
    if (py.version.empty()) {
        py.version = version_from_name(py.interpreter);
    }
    if (py.version.empty() && os == TargetOs::windows) {
        py.version = version_from_dll(dir);
    }
    py.free_threaded = free_threaded_name(py.interpreter);
    if (py.kind == EnvKind::embeddable) {
        embeddable_site_packages(py, log);
    } else {
        find_site_packages(py, base_prefix, system_site, env, os, log, may_start_interpreter);
    }
    py.path_folders = activation_folders(py.root, py.kind, os);
    return py;
}

} // namespace rwc
