"""PyInstaller hook for the CUDA 13 wheels' nvidia/cu13 folder, used by test_bundles.py: the
same rules as pyinstaller-hooks-contrib's hooks for the CUDA 12 wheels (hook-nvidia.cuda_runtime.py,
hook-nvidia.cuda_nvrtc.py; it has none for nvidia.cu13 in 2026.9): the shared libraries stay in
nvidia/cu13/lib inside the bundle, with no symbolic link at its top level. The ".alt." copies of
NVRTC (a second 109 MB build that nothing loads by soname) are left out to keep the bundle small."""
from _pyinstaller_hooks_contrib.utils.nvidia_cuda import (collect_nvidia_cuda_binaries,
                                                          create_symlink_suppression_patterns)

binaries = [entry for entry in collect_nvidia_cuda_binaries(__file__) if ".alt." not in entry[0]]
bindepend_symlink_suppression = create_symlink_suppression_patterns(__file__)
