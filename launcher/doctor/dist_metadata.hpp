// What --doctor reads from site-packages: *.dist-info/METADATA and RECORD (the core
// metadata spec, PEP 566 / PEP 508 / PEP 440), and the version tables of config/compat.json.
// Pure text functions here; scan_distributions() is the only one that touches the disk.
#pragma once

#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// A PEP 440 version ("2.5.1+cu124", "0.0.28.post3", "3.2.0rc1") split into its parts.
struct PyVersion {
    std::vector<long> release; ///< {2, 5, 1}; empty when the text is not a version
    int pre_kind = 3;          ///< 0 a, 1 b, 2 rc, 3 none
    long pre = 0;
    long post = -1;    ///< -1: no .postN
    long dev = -1;     ///< -1: no .devN
    std::string local; ///< the local label after '+', lower-case: "cu124"

    bool valid() const noexcept { return !release.empty(); }
};

/// Parses a PEP 440 version (case-insensitive, leading 'v' and spaces allowed); a text
/// that is not one gives a PyVersion with an empty release (valid() false), never throws.
PyVersion parse_version(std::string_view text);

/// Orders two versions by PEP 440 (release padded with zeros, dev < pre < final < post);
/// the local label is ignored. Returns <0, 0 or >0.
int compare_versions(const PyVersion& a, const PyVersion& b);

/// True when installed meets every comma-separated PEP 440 specifier ("==12.4.127",
/// ">=4.8.0,<5", "==2.5.*", "~=3.1"); an empty specifier is always met, and an invalid
/// version or a clause that cannot be parsed is never met.
bool version_satisfies(const PyVersion& installed, std::string_view specifiers);

/// PEP 503 normalised name: lower-case, each run of '-', '_', '.' one '-' ("Flash_Attn" -> "flash-attn").
std::string normalize_name(std::string_view name);

/// The CUDA major of a "+cuXYZ" label or of a "cuNN" name suffix: "cu124" -> 12, "cu118" -> 11,
/// "cu13" -> 13, "cu92" -> 9; 0 when text is not one (PyTorch's wheel-tag convention).
int cuda_major_of_tag(std::string_view text);

/// The variables of PEP 508 environment markers for the target: platform_system,
/// sys_platform, os_name, platform_machine (this build's CPU), python_version,
/// implementation_name, platform_python_implementation. python_version "X.Y" may be empty.
std::map<std::string, std::string> marker_environment(TargetOs os, const std::string& python_version);

/// Evaluates a PEP 508 marker ('platform_system == "Linux" and python_version < "3.13"').
/// An empty marker is true; a variable the environment does not define (extra, or an
/// unknown python_version) makes its comparison false; a syntax error makes it false.
bool marker_applies(std::string_view marker, const std::map<std::string, std::string>& env);

/// One Requires-Dist line, split (PEP 508): "nvidia-cudnn-cu12==9.1.0.70; platform_system == \"Linux\"".
struct Requirement {
    std::string name;      ///< normalised ("nvidia-cudnn-cu12")
    std::string specifier; ///< without spaces or parentheses ("==9.1.0.70"); "" for any version
    std::string marker;    ///< after ';', trimmed; "" for none
};

/// Parses a Requires-Dist value; extras ("name[x]") and a URL ("@ ...") are dropped. A
/// line without a name gives an empty Requirement::name.
Requirement parse_requirement(std::string_view line);

/// The header fields of a METADATA file that --doctor uses.
struct DistMetadata {
    std::string name;    ///< Name, as written
    std::string version; ///< Version, as written
    std::vector<Requirement>
    requires; ///< every Requires-Dist, in file order
};

/// Parses METADATA text: RFC 822 headers up to the first empty line (the body, the long
/// description, is ignored); continuation lines are folded; field names case-insensitive.
DistMetadata parse_metadata(std::string_view text);

/// One installed distribution: a "*.dist-info" folder of a site-packages folder.
struct Distribution {
    std::string name;                  ///< from METADATA, else from the folder name
    std::string key;                   ///< normalize_name(name)
    std::string version;               ///< from METADATA, else from the folder name; may be ""
    boost::filesystem::path dist_info; ///< absolute
    std::vector<Requirement>
    requires;
    int cuda_major = 0;            ///< 0: unknown; set for NVIDIA wheels and CUDA frameworks
    std::string cuda_major_source; ///< how cuda_major was found ("name suffix -cu13", ...)
    /// nvidia/<folder> names the wheel's RECORD lists files under ("cu13", "cudnn"), and the
    /// top-level package folders outside nvidia/ ("cutensor", "cuquantum": docs/layouts.md).
    std::vector<std::string> package_folders;
    std::string problem; ///< "" or what could not be read ("METADATA missing")
};

/// The distributions --doctor reports: the NVIDIA wheels and the CUDA frameworks.
struct DistributionScan {
    std::vector<Distribution> nvidia;     ///< is_nvidia_library_key(), sorted by key
    std::vector<Distribution> frameworks; ///< is_framework_key(), sorted by key
    std::size_t total = 0;                ///< every *.dist-info folder counted
    std::vector<std::string> problems;    ///< unreadable folders, one sentence each
};

/// The distribution with normalised key among scan's NVIDIA wheels and frameworks; nullptr if none.
const Distribution* find_distribution(const DistributionScan& scan, std::string_view key);

/// True for the keys of NVIDIA's library wheels: "nvidia-*", and the wheels whose files lie
/// outside nvidia/ (cutensor-cuNN, custatevec-cuNN, cutensornet-cuNN, cudensitymat-cuNN,
/// cuquantum-cuNN: docs/layouts.md, "Outside nvidia/"); key is normalised.
bool is_nvidia_library_key(const std::string& key);

/// True for the CUDA frameworks the doctor reports (torch, triton, triton-windows,
/// pytorch-triton, xformers, flash-attn, jax, jaxlib, jax-cuda*-plugin/-pjrt, cupy and
/// cupy-cuda*, onnxruntime-gpu, ctranslate2, tensorflow, tensorflow-gpu); key is normalised.
bool is_framework_key(const std::string& key);

/// The CUDA major of an NVIDIA wheel, first rule that tells: a "-cuNN" name suffix; RECORD
/// files under nvidia/cuNN/ (docs/layouts.md, the cu13 column); the version's major for packages
/// versioned like the toolkit (nvidia-cuda-*, nvjitlink, nvtx, nvvm, cublas). 0 when none
/// tells; source receives which rule answered.
int nvidia_wheel_cuda_major(const std::string& key, const std::string& version,
                            const std::vector<std::string>& package_folders, std::string& source);

/// The nvidia/<folder> names of RECORD text (CSV; the first field is a '/'-separated path),
/// and the outside-nvidia/ package folders it lists (cutensor, cuquantum), in first-seen order.
std::vector<std::string> record_package_folders(std::string_view record_text);

/// Lists the *.dist-info folders of each site-packages folder (a name seen in an earlier
/// folder wins, as importlib.metadata does) and reads METADATA (and, for NVIDIA wheels,
/// RECORD) of the ones reported. Other distributions are only counted, never opened.
/// Never throws: unreadable folders and files go to problems / Distribution::problem.
DistributionScan scan_distributions(const std::vector<boost::filesystem::path>& site_packages);

} // namespace rwc
