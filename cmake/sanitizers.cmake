# ASan + UBSan for the whole build; -fno-sanitize-recover makes any report fail the test.
if(JEUGDSIM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
  # GCC's manual (-fsanitize=address): "sanitizers tend to increase the rate of false positive
  # warnings, most notably those around -Wmaybe-uninitialized". GCC 12 reports every
  # alternative of a std::variant as maybe-uninitialized once instrumented. The Release build
  # keeps the warning as an error, so a real case is still caught there; here it is noise.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()
