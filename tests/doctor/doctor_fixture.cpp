#include "doctor_fixture.hpp"

#include "config.hpp"
#include "cuda_layout.hpp"
#include "env_plan.hpp"
#include "log.hpp"
#include "python_env.hpp"

#include <boost/filesystem/fstream.hpp>
#include <boost/filesystem/operations.hpp>

#include <stdexcept>

namespace rwc::doctor_test {

fs::path cu13_manifests()
{
    return RWC_DOCTOR_CU13_MANIFESTS;
}

HostProbes FakeProbes::probes() const
{
    return {[driver = driver] { return driver; }, [cache = cache] { return cache; },
            [line = tool_line](const fs::path&) -> Expected<std::string> {
                if (line.empty()) {
                    return Error{"exited with status 1"};
                }
                return line;
            }};
}

FixtureVenv::FixtureVenv(TargetOs os) : m_os(os), m_root(m_temp.root() / "venv")
{
    const bool windows = os == TargetOs::windows;
    m_sp = windows ? m_root / "Lib" / "site-packages" : m_root / "lib" / "python3.12" / "site-packages";
    fs::create_directories(m_sp);
    fs::create_directories(m_temp.root() / "home");
    fs::ofstream(m_root / "pyvenv.cfg") << "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.1\n";
    const fs::path python = windows ? m_root / "Scripts" / "python.exe" : m_root / "bin" / "python";
    fs::create_directories(python.parent_path());
    fs::ofstream(python) << "#!/bin/sh\nexit 1\n";
    fs::permissions(python, fs::owner_all | fs::group_read | fs::others_read);
}

fs::path FixtureVenv::file(const std::string& rel, const std::string& content, bool executable) const
{
    const fs::path p = m_sp / rel;
    fs::create_directories(p.parent_path());
    fs::ofstream(p, std::ios::binary) << content;
    if (executable || p.parent_path().filename() == "bin") {
        fs::permissions(p, fs::owner_all | fs::group_read | fs::group_exe | fs::others_read | fs::others_exe);
    }
    return p;
}

void FixtureVenv::add_cu13_wheels(const std::vector<std::string>& only) const
{
    for (fs::directory_iterator it(cu13_manifests()), end; it != end; ++it) {
        const std::string name = it->path().filename().string();
        bool wanted = only.empty();
        for (const auto& prefix : only) {
            wanted = wanted || name.rfind(prefix, 0) == 0;
        }
        if (!wanted) {
            continue;
        }
        const std::string record = read_file(it->path() / "RECORD");
        for (std::size_t start = 0; start < record.size();) {
            auto end_line = record.find('\n', start);
            end_line = end_line == std::string::npos ? record.size() : end_line;
            const std::string path = record.substr(start, record.find(',', start) - start);
            start = end_line + 1;
            if (path.find(".dist-info/") == std::string::npos && !path.empty() &&
                path.find("..") == std::string::npos) {
                file(path);
            }
        }
        fs::create_directories(m_sp / name);
        for (fs::directory_iterator f(it->path()), fend; f != fend; ++f) {
            fs::copy_file(f->path(), m_sp / name / f->path().filename(), fs::copy_option::overwrite_if_exists);
        }
    }
}

void FixtureVenv::add_dist(const std::string& folder, const std::optional<std::string>& metadata,
                           const std::vector<std::string>& files) const
{
    const fs::path dist = m_sp / (folder + ".dist-info");
    fs::create_directories(dist);
    if (metadata) {
        fs::ofstream(dist / "METADATA", std::ios::binary) << *metadata;
    }
    std::string record;
    for (const auto& f : files) {
        file(f);
        record += f + ",sha256=x,0\n";
    }
    record += folder + ".dist-info/METADATA,,\n";
    fs::ofstream(dist / "RECORD", std::ios::binary) << record;
}

void FixtureVenv::add_wheel(const std::string& name, const std::string& version, const std::vector<std::string>& files,
                            const std::vector<std::string>& requires) const
{
    std::string metadata = "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n";
    for (const auto& r : requires) {
        metadata += "Requires-Dist: " + r + "\n";
    }
    std::string folder = name;
    for (auto& c : folder) {
        c = c == '-' ? '_' : c;
    }
    add_dist(folder + "-" + version, metadata + "\n", files);
}

void FixtureVenv::add_metadata_file(const std::string& file_name) const
{
    const std::string folder = file_name.substr(0, file_name.size() - std::string(".METADATA").size());
    add_dist(folder, read_file(fs::path(RWC_DOCTOR_METADATA) / file_name));
}

void FixtureVenv::add_cu12_torch_wheels() const
{
    const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> wheels = {
        {"nvidia-cuda-nvrtc-cu12", "12.4.127", {"nvidia/cuda_nvrtc/lib/libnvrtc.so.12"}},
        {"nvidia-cuda-runtime-cu12",
         "12.4.127",
         {"nvidia/cuda_runtime/lib/libcudart.so.12", "nvidia/cuda_runtime/include/cuda.h"}},
        {"nvidia-cuda-cupti-cu12", "12.4.127", {"nvidia/cuda_cupti/lib/libcupti.so.12"}},
        {"nvidia-cudnn-cu12", "9.1.0.70", {"nvidia/cudnn/lib/libcudnn.so.9"}},
        {"nvidia-cublas-cu12",
         "12.4.5.8",
         {"nvidia/cublas/lib/libcublas.so.12", "nvidia/cublas/lib/libcublasLt.so.12"}},
        {"nvidia-cufft-cu12", "11.2.1.3", {"nvidia/cufft/lib/libcufft.so.11"}},
        {"nvidia-curand-cu12", "10.3.5.147", {"nvidia/curand/lib/libcurand.so.10"}},
        {"nvidia-cusolver-cu12", "11.6.1.9", {"nvidia/cusolver/lib/libcusolver.so.11"}},
        {"nvidia-cusparse-cu12", "12.3.1.170", {"nvidia/cusparse/lib/libcusparse.so.12"}},
        {"nvidia-nccl-cu12", "2.21.5", {"nvidia/nccl/lib/libnccl.so.2"}},
        {"nvidia-nvtx-cu12", "12.4.127", {"nvidia/nvtx/lib/libnvToolsExt.so.1"}},
        {"nvidia-nvjitlink-cu12", "12.4.127", {"nvidia/nvjitlink/lib/libnvJitLink.so.12"}},
    };
    for (const auto& [name, version, files] : wheels) {
        add_wheel(name, version, files);
    }
}

void FixtureVenv::make_embeddable(const std::string& pth) const
{
    fs::remove(m_root / "pyvenv.cfg");
    fs::remove_all(m_root / "Scripts");
    fs::ofstream(m_root / "python.exe") << "MZ";
    fs::ofstream(m_root / "python312.dll") << "MZ";
    fs::ofstream(m_root / "python312._pth", std::ios::binary) << pth;
}

DoctorFacts FixtureVenv::facts(const RunOptions& options) const
{
    std::vector<std::string> entries = {"PATH=" +
                                            std::string(m_os == TargetOs::windows ? "C:\\Windows" : "/usr/bin:/bin"),
                                        "HOME=" + (m_temp.root() / "home").string(), "PYTHONNOUSERSITE=1"};
    entries.insert(entries.end(), options.env.begin(), options.env.end());
    const Environment env = Environment::from_strings(entries, m_os);
    const Log log(false);
    Config config = default_config(m_temp.root());
    if (options.config) {
        options.config(config);
    }
    std::optional<PythonEnv> python;
    if (!options.no_python) {
        python = describe_python_env(m_root, env, log);
        if (!python) {
            throw std::runtime_error("the fixture venv is not an environment");
        }
        python->source = "--python";
    }
    std::vector<fs::path> sps = config.extra_site_packages;
    if (python) {
        sps.insert(sps.end(), python->site_packages.begin(), python->site_packages.end());
    }
    CudaLayout layout;
    if (config.cuda_enabled) {
        layout = scan_cuda_layout(sps, config.include, config.exclude, m_os, log);
    }
    const EnvPlan plan = make_env_plan(env, config, python, layout, log);
    return collect_doctor_facts({env, config, std::nullopt, python, sps, layout, plan}, options.probes.probes());
}

std::vector<Finding> FixtureVenv::findings(const RunOptions& options) const
{
    return diagnose(facts(options), compat_tables());
}

bool fires(const std::vector<Finding>& findings, const std::string& code)
{
    return find_code(findings, code).has_value();
}

bool mentions(const std::optional<Finding>& f, const std::string& text)
{
    return f && f->message.find(text) != std::string::npos;
}

RunOptions with_driver(int cuda_version)
{
    RunOptions o;
    o.probes.driver = {"libcuda.so.1", true, cuda_version, ""};
    return o;
}

std::vector<std::string> codes(const std::vector<Finding>& findings)
{
    std::vector<std::string> out;
    for (const auto& f : findings) {
        out.push_back(f.code);
    }
    return out;
}

std::optional<Finding> find_code(const std::vector<Finding>& findings, const std::string& code)
{
    for (const auto& f : findings) {
        if (f.code == code) {
            return f;
        }
    }
    return std::nullopt;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to)
{
    for (auto at = text.find(from); !from.empty() && at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

} // namespace rwc::doctor_test
