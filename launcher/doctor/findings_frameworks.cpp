// The framework findings of --doctor: torch's own pins, CUDA label and cuDNN; Triton's ptxas
// and triton-windows' CUDA root; xFormers and FlashAttention built for another torch. The
// installed packages' metadata comes first, docs/compat.md's tables (config/compat.json) second.
#include "doctor/findings.hpp"
#include "doctor/pep440_version.hpp"
#include "doctor/pep508_markers.hpp"
#include "text_util.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace rwc {

namespace {

bool is_triton_key(std::string_view key)
{
    return key == "triton" || key == "triton-windows" || key == "pytorch-triton";
}

/// True when a's release equals b's (zero-padded): 3.1.0.post17 and 3.1 match 3.1.0.
bool same_release(const PyVersion& a, const PyVersion& b)
{
    PyVersion x = a, y = b;
    x.pre_kind = y.pre_kind = 3;
    x.post = y.post = x.dev = y.dev = -1;
    return a.valid() && b.valid() && compare_versions(x, y) == 0;
}

/// True when a's release starts with prefix's components (torch 2.6.0 matches "2.6").
bool release_starts_with(const PyVersion& a, const PyVersion& prefix)
{
    if (!a.valid() || !prefix.valid() || prefix.release.size() > a.release.size()) {
        return false;
    }
    return std::equal(prefix.release.begin(), prefix.release.end(), a.release.begin());
}

/// The version named by a specifier's first clause ("==9.1.0.70" -> 9.1.0.70).
PyVersion specifier_version(const std::string& specifier)
{
    const auto start = specifier.find_first_not_of("=!<>~");
    return start == std::string::npos ? PyVersion{}
                                      : parse_version(specifier.substr(start, specifier.find(',') - start));
}

/// The Requires-Dist of d on key that applies on the target, with a version specifier.
const Requirement* pin_on(const Distribution& d, const DoctorFacts& f, std::string_view key)
{
    for (const auto& r : d.requires) {
        if (r.name == key && !r.specifier.empty() && marker_applies(r.marker, f.markers)) {
            return &r;
        }
    }
    return nullptr;
}

void torch_pins(const DoctorFacts& f, const Distribution& torch, std::vector<Finding>& out)
{
    std::vector<std::string> missing;
    for (const auto& r : torch.requires) {
        if ((!starts_with(r.name, "nvidia-") && !is_triton_key(r.name)) || r.specifier.empty() ||
            !marker_applies(r.marker, f.markers)) {
            continue;
        }
        const Distribution* have = find_distribution(f.dists, r.name);
        if (!have) {
            missing.push_back(r.name + r.specifier);
            continue;
        }
        const PyVersion hv = parse_version(have->version);
        if (version_satisfies(hv, r.specifier)) {
            continue;
        }
        const PyVersion want = specifier_version(r.specifier);
        const bool major_differs = !hv.valid() || !want.valid() || hv.release[0] != want.release[0];
        if (starts_with(r.name, "nvidia-cudnn") && major_differs) {
            continue; // cudnn-major-mismatch says it
        }
        out.push_back({is_triton_key(r.name) || major_differs ? Severity::error : Severity::warning, "torch-pin-unmet",
                       fmt::format("torch {} requires {}{} but {} is installed: pip install '{}{}'.", torch.version,
                                   r.name, r.specifier, have->version, r.name, r.specifier)});
    }
    if (!missing.empty()) {
        std::string list, args;
        for (const auto& m : missing) {
            list += (list.empty() ? "" : ", ") + m;
            args += " '" + m + "'";
        }
        out.push_back({Severity::error, "torch-pin-unmet",
                       fmt::format("torch {} requires {}, not installed: pip install{}.", torch.version, list, args)});
    }
}

void torch_cuda(const DoctorFacts& f, const Distribution& torch, const PyVersion& tv, const CompatTables& compat,
                std::vector<Finding>& out)
{
    if (tv.local == "cpu" && !f.dists.nvidia.empty()) {
        out.push_back({Severity::warning, "torch-cpu-build",
                       fmt::format("torch {} is a CPU-only build although NVIDIA wheels are installed: install a CUDA "
                                   "build (pip install torch --index-url https://download.pytorch.org/whl/cu126).",
                                   torch.version)});
    }
    const int label_major = cuda_major_of_tag(tv.local);
    std::vector<const Distribution*> runtimes;
    for (const auto& d : f.dists.nvidia) {
        if (starts_with(d.key, "nvidia-cuda-runtime") && d.cuda_major > 0) {
            runtimes.push_back(&d);
        }
    }
    if (label_major > 0 && !runtimes.empty() &&
        std::none_of(runtimes.begin(), runtimes.end(),
                     [&](const Distribution* d) { return d->cuda_major == label_major; })) {
        out.push_back({Severity::error, "torch-cuda-mismatch",
                       fmt::format("torch {} is built for CUDA {} (+{}) but the installed runtime {} {} is CUDA {}: "
                                   "install the torch build for CUDA {}, or pip install nvidia-cuda-runtime-cu{}.",
                                   torch.version, label_major, tv.local, runtimes[0]->name, runtimes[0]->version,
                                   runtimes[0]->cuda_major, runtimes[0]->cuda_major, label_major)});
    }
    // cuDNN: torch's own pin, else docs/compat.md's "PyTorch and the pip CUDA libraries" table.
    long expected = 0;
    std::string why;
    for (const auto& r : torch.requires) {
        if (starts_with(r.name, "nvidia-cudnn") && marker_applies(r.marker, f.markers)) {
            if (const PyVersion want = specifier_version(r.specifier); want.valid()) {
                expected = want.release[0];
                why = "its pin " + r.name + r.specifier;
            }
        }
    }
    for (const auto& [torch_version, cudnn] : compat.torch_cudnn) {
        if (expected == 0 && same_release(parse_version(torch_version), tv) && parse_version(cudnn).valid()) {
            expected = parse_version(cudnn).release[0];
            why = fmt::format("docs/compat.md: torch {} was tested with cuDNN {}", torch_version, cudnn);
        }
    }
    for (const auto& d : f.dists.nvidia) {
        const PyVersion dv = parse_version(d.version);
        if (starts_with(d.key, "nvidia-cudnn") && expected > 0 && dv.valid() && dv.release[0] != expected) {
            out.push_back({Severity::error, "cudnn-major-mismatch",
                           fmt::format("torch {} expects cuDNN {} ({}) but {} {} is cuDNN {}: pip install "
                                       "'{}>={},<{}'.",
                                       torch.version, expected, why, d.name, d.version, dv.release[0], d.key, expected,
                                       expected + 1)});
        }
    }
}

void triton_rules(const DoctorFacts& f, const Distribution* torch, const CompatTables& compat,
                  std::vector<Finding>& out)
{
    const Distribution* triton = nullptr;
    for (const char* key : {"triton", "triton-windows", "pytorch-triton"}) {
        triton = triton ? triton : find_distribution(f.dists, key);
    }
    if (!triton) {
        return;
    }
    if (f.os == TargetOs::windows && triton->key == "triton-windows") {
        if (std::none_of(f.triton_windows_roots.begin(), f.triton_windows_roots.end(),
                         [](const TritonRoot& r) { return r.missing.empty(); })) {
            std::string tried;
            for (const auto& r : f.triton_windows_roots) {
                tried += fmt::format("{}{} lacks {}", tried.empty() ? "" : "; ", r.root.string(), r.missing.front());
            }
            out.push_back(
                {Severity::error, "triton-windows-no-cuda",
                 fmt::format("{} {} finds no CUDA root with bin/ptxas.exe, include/cuda.h and lib/x64/cuda.lib "
                             "({}): pip install nvidia-cuda-nvcc-cu12 nvidia-cuda-runtime-cu12, or set "
                             "CUDA_PATH to a CUDA 12 toolkit.",
                             triton->name, triton->version, tried.empty() ? "no candidate" : tried)});
        }
    } else if (f.triton_ptxas.empty()) {
        out.push_back({Severity::error, "triton-no-ptxas",
                       fmt::format("{} {} is installed but no ptxas is reachable (TRITON_PTXAS_PATH, its bundled "
                                   "backends/nvidia/bin/ptxas, PATH, CUDA_PATH/bin): pip install nvidia-cuda-nvcc "
                                   "(CUDA 13) or nvidia-cuda-nvcc-cu12, or set TRITON_PTXAS_PATH.",
                                   triton->name, triton->version)});
    }
    const PyVersion tv = torch ? parse_version(torch->version) : PyVersion{};
    if (!tv.valid() || pin_on(*torch, f, triton->key)) {
        return; // torch's own pin is checked by torch-pin-unmet
    }
    for (const auto& [torch_version, triton_version] : compat.torch_triton) {
        if (same_release(parse_version(torch_version), tv) &&
            !same_release(parse_version(triton->version), parse_version(triton_version))) {
            out.push_back(
                {Severity::error, "triton-torch-mismatch",
                 fmt::format("torch {} goes with triton {} (docs/compat.md) but {} {} is installed: pip install "
                             "'{}=={}.*'.",
                             torch->version, triton_version, triton->name, triton->version, triton->key,
                             triton_version)});
            return;
        }
    }
}

/// xFormers and FlashAttention: built for one torch (their Requires-Dist or local label,
/// else docs/compat.md's tables).
void extension_rules(const DoctorFacts& f, const Distribution* torch, const CompatTables& compat,
                     std::vector<Finding>& out)
{
    const PyVersion tv = torch ? parse_version(torch->version) : PyVersion{};
    const auto report = [&](const Distribution& ext, const std::string& code, const std::string& wanted,
                            const std::string& why) {
        out.push_back(
            {Severity::error, code,
             torch ? fmt::format("{} {} is built for torch {} ({}) but torch {} is installed: install the {} "
                                 "build for torch {}, or torch {}.",
                                 ext.name, ext.version, wanted, why, torch->version, ext.name,
                                 fmt::format("{}.{}", tv.release[0], tv.release.size() > 1 ? tv.release[1] : 0), wanted)
                   : fmt::format("{} {} is built for torch {} ({}) but torch is not installed: pip install "
                                 "'torch=={}'.",
                                 ext.name, ext.version, wanted, why, wanted)});
    };
    if (const Distribution* x = find_distribution(f.dists, "xformers"); x && parse_version(x->version).valid()) {
        const PyVersion xv = parse_version(x->version);
        for (const auto& bad : compat.xformers_bad) {
            if (compare_versions(parse_version(bad), xv) == 0) {
                out.push_back(
                    {Severity::warning, "xformers-known-bad",
                     fmt::format("xformers {} is known to be buggy (docs/compat.md): install another release, "
                                 "such as 0.0.29.post1 for torch 2.5.1.",
                                 x->version)});
            }
        }
        std::string spec, why;
        if (const Requirement* r = pin_on(*x, f, "torch")) { // ==2.9.1, or >=2.10 from xformers 0.0.35 on
            spec = r->specifier;
            why = "its Requires-Dist torch" + r->specifier;
        }
        for (const auto& [xformers, torch_version] : compat.xformers_torch) {
            if (spec.empty() && compare_versions(parse_version(xformers), xv) == 0) {
                spec = "==" + torch_version;
                why = "docs/compat.md";
            }
        }
        if (!spec.empty() && (!torch || (tv.valid() && !version_satisfies(tv, spec)))) {
            report(*x, "xformers-torch-mismatch",
                   specifier_version(spec).valid() && spec.rfind("==", 0) == 0 ? spec.substr(2) : spec, why);
        }
    }
    const Distribution* fa = find_distribution(f.dists, "flash-attn");
    const PyVersion fv = fa ? parse_version(fa->version) : PyVersion{};
    if (!fv.valid()) {
        return;
    }
    std::vector<std::string> wanted; // torch versions (or "2.6" prefixes) the wheel was built for
    std::string why;
    if (const auto at = fv.local.find("torch"); at != std::string::npos) {
        const auto end = fv.local.find_first_not_of("0123456789.", at + 5);
        std::string v = fv.local.substr(at + 5, end == std::string::npos ? std::string::npos : end - at - 5);
        while (!v.empty() && v.back() == '.') {
            v.pop_back();
        }
        if (parse_version(v).valid()) {
            wanted.push_back(v);
            why = "its version label +" + fv.local;
        }
    }
    if (const Requirement* r = pin_on(*fa, f, "torch"); wanted.empty() && r && starts_with(r->specifier, "==")) {
        wanted.push_back(r->specifier.substr(2));
        why = "its Requires-Dist torch" + r->specifier;
    }
    for (const auto& [flash, torch_versions] : compat.flash_attn_torch) {
        if (wanted.empty() && compare_versions(parse_version(flash), fv) == 0) {
            wanted = torch_versions;
            why = "docs/compat.md, Windows community wheels";
        }
    }
    const bool fits = std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
        return release_starts_with(tv, parse_version(w)) || same_release(tv, parse_version(w));
    });
    if (!wanted.empty() && !fits && (!torch || tv.valid())) {
        std::string list;
        for (const auto& w : wanted) {
            list += (list.empty() ? "" : " or ") + w;
        }
        report(*fa, "flash-attn-torch-mismatch", list, why);
    }
}

/// XLA's libdevice and ptxas (docs/real-wheels.md, "JAX"): the folder XLA searches first.
void xla_rules(const DoctorFacts& f, std::vector<Finding>& out)
{
    if (!f.xla || (!f.xla->folder.empty() && f.xla->missing.empty())) {
        return;
    }
    const std::string fix = "pip install nvidia-cuda-nvcc nvidia-nvvm (CUDA 13) or nvidia-cuda-nvcc-cu12, or set "
                            "XLA_FLAGS=--xla_gpu_cuda_data_dir=<a CUDA toolkit>";
    const std::string fails = "XLA fails with \"libdevice not found at ./libdevice.10.bc\" or \"Couldn't get ptxas "
                              "version\" unless another CUDA root has them";
    std::string missing;
    for (const auto& m : f.xla->missing) {
        missing += (missing.empty() ? "" : " and ") + m;
    }
    out.push_back(
        {Severity::warning, "xla-no-libdevice",
         f.xla->folder.empty()
             ? fmt::format("{} is installed but gives XLA no CUDA data folder (no nvidia/cu13 or nvidia/cuda_nvcc "
                           "with bin/ptxas for JAX, no --xla_gpu_cuda_data_dir in XLA_FLAGS for TensorFlow): {}; {}.",
                           f.xla->framework, fails, fix)
             : fmt::format("XLA's CUDA data folder for {} is {} ({}), which has no {}: {}; {}.", f.xla->framework,
                           f.xla->folder.string(), f.xla->source, missing, fails, fix)});
}

/// Numba's libdevice (docs/real-wheels.md, "Numba (numba-cuda)"): its search ends at
/// $CUDA_HOME/nvvm/libdevice whether the file is there or not.
void numba_rules(const DoctorFacts& f, std::vector<Finding>& out)
{
    if (!f.numba || f.numba->file.empty() || f.numba->exists) {
        return;
    }
    out.push_back({Severity::warning, "numba-no-libdevice",
                   fmt::format("{} would read libdevice from {} ({}), which is not there, and no NVIDIA wheel has "
                               "one: compiling a kernel fails with FileNotFoundError (numba-cuda takes $CUDA_HOME "
                               "before /usr/local/cuda); pip install \"numba-cuda[cu13]\" (nvidia-nvvm) or "
                               "nvidia-cuda-nvcc-cu12, or set [cuda] toolkit = \"keep\" (numba-cuda then takes "
                               "/usr/local/cuda's) or \"<path>\" of a full CUDA toolkit.",
                               f.numba->framework, f.numba->file.string(), f.numba->source)});
}

} // namespace

void diagnose_frameworks(const DoctorFacts& facts, const CompatTables& compat, std::vector<Finding>& out)
{
    const Distribution* torch = find_distribution(facts.dists, "torch");
    if (torch && parse_version(torch->version).valid()) {
        torch_pins(facts, *torch, out);
        torch_cuda(facts, *torch, parse_version(torch->version), compat, out);
    }
    triton_rules(facts, torch, compat, out);
    extension_rules(facts, torch, compat, out);
    xla_rules(facts, out);
    numba_rules(facts, out);
}

} // namespace rwc
