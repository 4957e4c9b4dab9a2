# rwc_tools_venv(<dir> <requirements.txt> <out-var>): a venv at <dir> with the pinned
# PyPI tools of <requirements.txt>, made once at configure time (a .complete stamp, redone
# when the requirements file changes); sets <out-var> to its python. The tests use their
# own copies of the tools, never what the machine happens to have.
function(rwc_tools_venv dir requirements out_var)
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  set(python "${dir}/bin/python")
  file(SHA256 "${requirements}" wanted)
  set(stamp "${dir}/.complete")
  set(have "")
  if(EXISTS "${stamp}")
    file(READ "${stamp}" have)
  endif()
  if(NOT have STREQUAL wanted)
    message(STATUS "Installing the tools of ${requirements} into ${dir}")
    execute_process(COMMAND "${Python3_EXECUTABLE}" -m venv --clear "${dir}" RESULT_VARIABLE rc OUTPUT_QUIET)
    if(rc EQUAL 0)
      execute_process(COMMAND "${python}" -m pip install -q --disable-pip-version-check -r "${requirements}"
                      RESULT_VARIABLE rc)
    endif()
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "Cannot install ${requirements} into ${dir} (exit ${rc})")
    endif()
    file(WRITE "${stamp}" "${wanted}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${requirements}")
  set(${out_var} "${python}" PARENT_SCOPE)
endfunction()
