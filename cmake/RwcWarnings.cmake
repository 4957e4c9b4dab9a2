# Warning flags for the project's own targets: rwc_warnings(<target>).
function(rwc_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${RWC_WARNINGS_AS_ERRORS}>:/WX>)
  else()
    set(_rwc_flags -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
      $<$<BOOL:${RWC_WARNINGS_AS_ERRORS}>:-Werror>)
    # C and C++ only: windres (the .rc files of the Windows build) takes no -W flags.
    target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:C,CXX>:${_rwc_flags}>")
  endif()
endfunction()
