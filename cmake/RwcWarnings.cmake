# Warning flags for the project's own targets: rwc_warnings(<target>).
function(rwc_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${RWC_WARNINGS_AS_ERRORS}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
      -Wno-sign-conversion $<$<BOOL:${RWC_WARNINGS_AS_ERRORS}>:-Werror>)
  endif()
endfunction()
