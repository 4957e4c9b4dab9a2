// The text of an installed distribution's *.dist-info folder that --doctor reads: METADATA
// headers (core metadata, PEP 566), Requires-Dist (PEP 508) and RECORD (PEP 376), and the
// CUDA major of an NVIDIA wheel (docs/layouts.md). Pure text functions; dist_scan.hpp reads the disk.
#pragma once

#ifdef RWC_CORE_LIBRARY
#error "rwc_core depends on nothing of the doctor (launcher/CMakeLists.txt): include no doctor/ header there"
#endif

#include <string>
#include <string_view>
#include <vector>

namespace rwc {

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

/// True for the keys of NVIDIA's library wheels: "nvidia-*", and the wheels whose files lie
/// outside nvidia/ (cutensor-cuNN, custatevec-cuNN, cutensornet-cuNN, cudensitymat-cuNN,
/// cuquantum-cuNN: docs/layouts.md, "Outside nvidia/"); key is normalised.
bool is_nvidia_library_key(const std::string& key);

/// True for the CUDA frameworks the doctor reports (torch, triton, triton-windows,
/// pytorch-triton, xformers, flash-attn, jax, jaxlib, jax-cuda*-plugin/-pjrt, cupy and
/// cupy-cuda*, onnxruntime-gpu, ctranslate2, tensorflow, tensorflow-gpu, numba-cuda); key is
/// normalised.
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

} // namespace rwc
