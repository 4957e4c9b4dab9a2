// See kernel_install.hpp; the route and its limits: docs/integrations.md, "Jupyter kernels".
#include "kernel_install.hpp"

#include "error.hpp"
#include "file_status.hpp"
#include "kernel_spec.hpp"
#include "text_file.hpp"
#include "text_util.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

namespace rwc {

namespace {

/// An Error (exit 1) for a failed file operation on p.
Error file_error(const char* what, const fs::path& p, const std::string& text)
{
    return Error{fmt::format("cannot {} {}: {}", what, p.string(), text), k_exit_failure};
}

/// True when something (a folder, a file, a dangling link) is at p.
bool occupied(const fs::path& p)
{
    boost::system::error_code ec;
    return fs::symlink_status(p, ec).type() != fs::file_not_found && !ec;
}

/// Removes p and everything below it; an Error (exit 1) when that fails.
Status remove_tree(const fs::path& p)
{
    boost::system::error_code ec;
    fs::remove_all(p, ec);
    if (ec) {
        return file_error("remove", p, ec.message());
    }
    return Done{};
}

/// Fills folder (new, empty) with files.
Status fill_folder(const fs::path& folder, const std::vector<KernelFile>& files)
{
    for (const auto& file : files) {
        if (const Status written = write_new_text_file(folder / file.name, file.bytes); !written) {
            return file_error("write", folder / file.name, written.error().message);
        }
    }
    return Done{};
}

/// The kernel name to use: --name (or --remove-kernel NAME), else the default, checked and
/// lower-cased as jupyter_client stores it (kernelspec.py lists folders by their lower-cased
/// names). Throws Failure (exit 2) for a name outside [A-Za-z0-9._-].
std::string chosen_name(const KernelOptions& options, const std::optional<PythonEnv>& python)
{
    const std::string name = options.name ? *options.name : default_kernel_name(*python);
    if (const auto problem = kernel_name_problem(name)) {
        throw Failure(k_exit_usage, *problem);
    }
    return ascii_lower(name);
}

/// Throws Failure (exit 2) unless python is an environment a kernelspec can start.
void check_environment(const std::optional<PythonEnv>& python, const KernelOptions& options, const char* option)
{
    if (!python) {
        throw Failure(k_exit_usage, fmt::format("{}: no Python environment was found; pass --python PATH (an "
                                                "interpreter or an environment root)",
                                                option));
    }
    // A shared install is changed only when named (docs/design.md, "Trust rules"; as the hooks).
    if (options.location == KernelLocation::sys_prefix && python->kind == EnvKind::system && python->source == "PATH") {
        throw Failure(k_exit_usage, fmt::format("{} --sys-prefix: the interpreter found is {}, on PATH, not a venv or "
                                                "conda environment; name it with --python to change it anyway",
                                                option, python->interpreter.string()));
    }
}

} // namespace

bool has_ipykernel(const std::vector<fs::path>& site_packages)
{
    for (const auto& sp : site_packages) {
        boost::system::error_code ec;
        for (fs::directory_iterator it(sp, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = ascii_lower(it->path().filename().string());
            const std::string suffix = ".dist-info";
            if (name.rfind("ipykernel-", 0) == 0 && name.size() > suffix.size() &&
                name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 && is_folder(it->path())) {
                return true;
            }
        }
    }
    return false;
}

std::vector<KernelFile> ipykernel_logos(const fs::path& root)
{
    const fs::path folder = root / "share" / "jupyter" / "kernels" / "python3";
    std::vector<KernelFile> logos;
    for (const char* name : k_kernel_logos) {
        if (auto bytes = read_text_file(folder / name, k_max_logo_file)) {
            logos.push_back({name, std::move(*bytes)});
        }
    }
    return logos;
}

Expected<fs::path> kernels_folder(const KernelOptions& options, const PythonEnv* python, const Environment& env,
                                  const fs::path& working_directory)
{
    switch (options.location) {
    case KernelLocation::sys_prefix:
        if (python == nullptr) {
            return Error{"--sys-prefix: no Python environment was found; pass --python PATH", k_exit_usage};
        }
        return python->root / "share" / "jupyter" / "kernels";
    case KernelLocation::prefix:
        return fs::absolute(fs::path(options.prefix), working_directory) / "share" / "jupyter" / "kernels";
    case KernelLocation::user: break;
    }
    auto data = jupyter_data_dir(env);
    if (!data) {
        return data.error();
    }
    return fs::absolute(fs::path(*data), working_directory) / "kernels";
}

Status write_kernelspec(const fs::path& kernels, const std::string& name, const std::vector<KernelFile>& files,
                        bool replace)
{
    const fs::path target = kernels / name;
    if (occupied(target) && !replace) {
        return Error{
            fmt::format("a kernelspec '{}' already exists at {}; pass --force to replace it", name, target.string()),
            k_exit_usage};
    }
    boost::system::error_code ec;
    fs::create_directories(kernels, ec);
    if (ec) {
        return file_error("create", kernels, ec.message());
    }
    const fs::path tmp = kernels / (".rwc-tmp-" + name);
    const fs::path old = kernels / (".rwc-old-" + name);
    if (Status cleared = remove_tree(tmp); !cleared) {
        return cleared;
    }
    if (!fs::create_directory(tmp, ec) || ec) {
        return file_error("create", tmp, ec ? ec.message() : "it exists");
    }
    if (Status filled = fill_folder(tmp, files); !filled) {
        fs::remove_all(tmp, ec);
        return filled;
    }
    const bool moved_aside = occupied(target);
    if (moved_aside) {
        fs::remove_all(old, ec);
        fs::rename(target, old, ec);
        if (ec) {
            const Error error = file_error("replace", target, ec.message());
            fs::remove_all(tmp, ec);
            return error;
        }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        const Error error = file_error("write", target, ec.message());
        fs::remove_all(tmp, ec);
        if (moved_aside) {
            fs::rename(old, target, ec);
        }
        return error;
    }
    return moved_aside ? remove_tree(old) : Status(Done{});
}

Status remove_kernelspec(const fs::path& kernels, const std::string& name)
{
    const fs::path target = kernels / name;
    if (!occupied(target)) {
        return Error{fmt::format("no kernelspec '{}' in {}", name, kernels.string()), k_exit_usage};
    }
    const fs::path old = kernels / (".rwc-old-" + name);
    boost::system::error_code ec;
    fs::remove_all(old, ec);
    fs::rename(target, old, ec);
    if (ec) {
        return file_error("remove", target, ec.message());
    }
    return remove_tree(old);
}

int run_kernel_action(const KernelOptions& options, const std::optional<PythonEnv>& python, bool install,
                      const fs::path& launcher, const Environment& env, const fs::path& working_directory)
{
    const char* option = install ? "--install-kernel" : "--remove-kernel";
    if (install || options.location == KernelLocation::sys_prefix) {
        check_environment(python, options, option);
    }
    const std::string name = chosen_name(options, python);
    const fs::path kernels = kernels_folder(options, python ? &*python : nullptr, env, working_directory)
                                 .value_or_throw(option + std::string(": "));
    if (!install) {
        remove_kernelspec(kernels, name).value_or_throw();
        fmt::print("run-with-cuda: removed the kernelspec '{}' from {}\n", name, kernels.string());
        return 0;
    }
    const std::string interpreter_name = python->interpreter.filename().string();
    if (!is_python_name(interpreter_name, env.os())) {
        throw Failure(k_exit_usage, fmt::format("--install-kernel: the interpreter {} is not named python, python3 or "
                                                "pythonX.Y, so the kernel's launcher would not take it as the "
                                                "environment's; name one of those with --python",
                                                python->interpreter.string()));
    }
    if (!has_ipykernel(python->site_packages)) {
        throw Failure(k_exit_usage, fmt::format("--install-kernel: the environment at {} has no ipykernel (no "
                                                "ipykernel-*.dist-info in its site-packages); run `{} -m pip install "
                                                "ipykernel` first",
                                                python->root.string(), python->interpreter.string()));
    }
    const std::string display = options.display_name ? *options.display_name : default_display_name(*python);
    if (display.empty()) {
        throw Failure(k_exit_usage, "--display-name: the display name cannot be empty");
    }
    std::vector<KernelFile> files{
        {"kernel.json", kernel_json(launcher, python->interpreter, display).value_or_throw("--install-kernel: ")}};
    for (auto& logo : ipykernel_logos(python->root)) {
        files.push_back(std::move(logo));
    }
    write_kernelspec(kernels, name, files, options.force).value_or_throw();
    fmt::print("run-with-cuda: installed the kernelspec '{}' ({}) in {}\n", name, display, (kernels / name).string());
    return 0;
}

} // namespace rwc
