# Warnings and sanitizers for penaltyflow's own targets only: never CMAKE_CXX_FLAGS, never consumers.
function(penaltyflow_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(PENALTYFLOW_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(PENALTYFLOW_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=all
                                             -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
