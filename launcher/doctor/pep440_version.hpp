// PEP 440 versions and specifiers, PEP 503 names and PyTorch's "+cuXYZ" tags: the little of
// packaging's rules --doctor needs to compare installed versions with pins and tables.
#pragma once

#ifdef RWC_CORE_LIBRARY
#error "rwc_core depends on nothing of the doctor (launcher/CMakeLists.txt): include no doctor/ header there"
#endif

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

} // namespace rwc
