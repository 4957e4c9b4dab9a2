#!/bin/sh
# The GPU cases on an existing environment, installing nothing (scripts/gpu_check.py; docs/real-wheels.md,
# "GPU checks on an existing environment"):  scripts/gpu-check.sh PYTHON [--launcher FILE] [--other-cuda DIR]
exec python3 "$(dirname "$0")/gpu_check.py" "$@"
