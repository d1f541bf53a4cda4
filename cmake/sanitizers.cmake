# ASan + UBSan for the whole build; -fno-sanitize-recover makes any report fail the test.
# GCC leaves float-cast-overflow out of 'undefined' (clang has it in): a double too large for the
# integer it is converted to is undefined behaviour, and scenario values are doubles, so it is
# asked for by name.
if(JEUGDSIM_SANITIZE)
  set(JEUGDSIM_SANITIZERS address,undefined,float-cast-overflow)
  add_compile_options(-fsanitize=${JEUGDSIM_SANITIZERS} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${JEUGDSIM_SANITIZERS} -fno-sanitize-recover=all)
  # GCC's manual (-fsanitize=address): "sanitizers tend to increase the rate of false positive
  # warnings, most notably those around -Wmaybe-uninitialized". GCC 12 reports every
  # alternative of a std::variant as maybe-uninitialized once instrumented. The Release build
  # keeps the warning as an error, so a real case is still caught there; here it is noise.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()
