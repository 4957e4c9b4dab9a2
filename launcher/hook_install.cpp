// See hook_install.hpp; the hook itself and its limits: docs/windows-dll-loading.md.
#include "hook_install.hpp"

#include "error.hpp"
#include "text_file.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

#include <algorithm>

namespace rwc {

namespace {

constexpr const char* k_pth_name = "run_with_cuda_dll_dirs.pth";
constexpr const char* k_module_stem = "_run_with_cuda_dll_dirs";

/// Throws Failure (exit 1) for a failed file operation on p.
[[noreturn]] void fail(const char* what, const fs::path& p, const std::string& error)
{
    throw Failure(k_exit_failure, fmt::format("cannot {} {}: {}", what, p.string(), error));
}

/// Writes text to p through p + ".rwc-tmp" and a rename, so p is never half written.
void replace_file(const fs::path& p, const std::string& text)
{
    const fs::path tmp = p.string() + ".rwc-tmp";
    boost::system::error_code ec;
    fs::remove(tmp, ec);
    if (const Status written = write_new_text_file(tmp, text); !written) {
        fail("write", tmp, written.error().message);
    }
    fs::rename(tmp, p, ec);
    if (ec) {
        fs::remove(tmp, ec);
        fail("write", p, ec.message());
    }
}

/// True when child is p or lies below it, compared lexically.
bool is_inside(const fs::path& child, const fs::path& root)
{
    const fs::path rel = child.lexically_normal().lexically_relative(root.lexically_normal());
    return !rel.empty() && *rel.begin() != "..";
}

} // namespace

std::optional<fs::path> hook_site_packages(const PythonEnv& python)
{
    if (python.kind == EnvKind::embeddable) {
        // The folder whose .pth files site.py processes once the ._pth file has "import site"
        // (docs/packaged-apps.md, "The embeddable distribution"); a folder the ._pth file lists is
        // only put on sys.path, its .pth files are not run.
        const fs::path sp = python.root / "Lib" / "site-packages";
        boost::system::error_code ec;
        return fs::is_directory(sp, ec) ? std::optional<fs::path>(sp) : std::nullopt;
    }
    const auto& sps = python.site_packages;
    const auto own =
        std::find_if(sps.begin(), sps.end(), [&](const fs::path& sp) { return is_inside(sp, python.root); });
    if (own != sps.end()) {
        return *own;
    }
    return sps.empty() ? std::nullopt : std::optional<fs::path>(sps.front());
}

bool has_dll_hook(const PythonEnv& python)
{
    if (python.kind == EnvKind::embeddable) { // without "import site" no .pth file runs
        const auto sp = hook_site_packages(python);
        boost::system::error_code ec;
        return sp && python.pth && python.pth->import_site && fs::is_regular_file(*sp / k_pth_name, ec);
    }
    return std::any_of(python.site_packages.begin(), python.site_packages.end(), [](const fs::path& sp) {
        boost::system::error_code ec;
        return fs::is_regular_file(sp / k_pth_name, ec);
    });
}

HookChange install_hook(const fs::path& site_packages)
{
    bool changed = false;
    for (const auto& file : hook_files()) { // the module before the .pth that imports it
        const fs::path p = site_packages / file.name;
        if (const auto current = read_text_file(p); !current || *current != file.text) {
            replace_file(p, file.text);
            changed = true;
        }
    }
    return changed ? HookChange::written : HookChange::unchanged;
}

HookChange remove_hook(const fs::path& site_packages)
{
    std::vector<fs::path> doomed{site_packages / k_pth_name, site_packages / (std::string(k_module_stem) + ".py")};
    boost::system::error_code ec;
    // Byte code written by the interpreter: __pycache__/_run_with_cuda_dll_dirs.cpython-312.pyc.
    for (fs::directory_iterator it(site_packages / "__pycache__", ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().filename().string().rfind(std::string(k_module_stem) + ".", 0) == 0) {
            doomed.push_back(it->path());
        }
    }
    bool removed = false;
    for (const auto& p : doomed) {
        ec.clear();
        if (fs::remove(p, ec)) {
            removed = true;
        } else if (ec) {
            fail("remove", p, ec.message());
        }
    }
    return removed ? HookChange::removed : HookChange::absent;
}

int run_hook_action(const std::optional<PythonEnv>& python, bool install)
{
    const char* option = install ? "--install-hook" : "--remove-hook";
    if (!python) {
        throw Failure(k_exit_usage, fmt::format("{}: no Python environment was found; pass --python PATH (an "
                                                "interpreter or an environment root)",
                                                option));
    }
    // An interpreter found on PATH is a shared install: changing it must be asked for by name.
    if (python->kind == EnvKind::system && python->source == "PATH") {
        throw Failure(k_exit_usage, fmt::format("{}: the interpreter found is {}, on PATH, not a venv or conda "
                                                "environment; name it with --python to change it anyway",
                                                option, python->interpreter.string()));
    }
    const auto sp = hook_site_packages(*python);
    if (!sp) {
        throw Failure(k_exit_usage, fmt::format("{}: the environment at {} has no site-packages folder", option,
                                                python->root.string()));
    }
    switch (install ? install_hook(*sp) : remove_hook(*sp)) {
    case HookChange::written: fmt::print("run-with-cuda: installed the start-up hook into {}\n", sp->string()); break;
    case HookChange::unchanged:
        fmt::print("run-with-cuda: the start-up hook in {} is up to date\n", sp->string());
        break;
    case HookChange::removed: fmt::print("run-with-cuda: removed the start-up hook from {}\n", sp->string()); break;
    case HookChange::absent: fmt::print("run-with-cuda: no start-up hook in {}\n", sp->string()); break;
    }
    if (install && python->kind == EnvKind::embeddable && python->pth && !python->pth->import_site) {
        fmt::print(stderr,
                   "run-with-cuda: warning: {} has no line \"import site\", so Python does not run the hook; add "
                   "that line to it\n",
                   python->pth->file.string());
    }
    return 0;
}

} // namespace rwc
