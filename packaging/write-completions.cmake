# Writes the shell completion scripts the launcher prints (`--completions SHELL`) into
# files, for the install rules (packaging/CMakeLists.txt):
#   cmake -DLAUNCHER=<run-with-cuda> -DOUT_DIR=<folder> -P write-completions.cmake
# Names are each shell's convention for a command's completion file: bash-completion's
# <command>, zsh's _<command>, fish's <command>.fish.
foreach(_rwc_pair IN ITEMS "bash=run-with-cuda" "zsh=_run-with-cuda" "fish=run-with-cuda.fish")
  string(REPLACE "=" ";" _rwc_pair "${_rwc_pair}")
  list(GET _rwc_pair 0 _rwc_shell)
  list(GET _rwc_pair 1 _rwc_file)
  execute_process(COMMAND "${LAUNCHER}" --completions "${_rwc_shell}"
                  OUTPUT_FILE "${OUT_DIR}/${_rwc_file}" RESULT_VARIABLE _rwc_rc)
  if(NOT _rwc_rc EQUAL 0)
    message(FATAL_ERROR "${LAUNCHER} --completions ${_rwc_shell} failed (${_rwc_rc})")
  endif()
endforeach()
