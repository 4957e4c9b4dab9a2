#!/usr/bin/env bash
# Fuzzes each libFuzzer harness of tests/fuzz for SECONDS (default 60) with clang's
# libFuzzer, ASan and UBSan (preset fuzz). New inputs go to build/fuzz/corpus/<name>/; the
# repository's corpus (tests/fuzz/corpus/<name>/) is read, never written. A crash leaves
# its reproducer in build/fuzz/crashes/<name>/: add it to the repository's corpus, where
# ctest replays it (fuzz.<name>). Usage: scripts/fuzz.sh [SECONDS] [HARNESS...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends clang libclang-rt-dev
fi
harnesses=("$@")
if ((${#harnesses[@]} == 0)); then
  harnesses=(config cli metadata record pep440 pep508 win_cmdline pth)
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j 2 --target "${harnesses[@]/#/rwc_fuzz_}"
status=0
for h in "${harnesses[@]}"; do
  mkdir -p "build/fuzz/corpus/$h" "build/fuzz/crashes/$h"
  echo "== $h: $seconds s"
  if ! "build/fuzz/tests/fuzz/rwc_fuzz_$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="build/fuzz/crashes/$h/" \
      "build/fuzz/corpus/$h" "tests/fuzz/corpus/$h" 2>"build/fuzz/$h.log"; then
    echo "$h: FAILED (build/fuzz/$h.log, reproducer in build/fuzz/crashes/$h/)"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec" "build/fuzz/$h.log" | sed "s/^/$h: /"
done
exit $status
