# ASan + UBSan for the whole build (JEUGDSIM_SANITIZE, and the fuzz build); -fno-sanitize-recover
# makes any report fail the test or the fuzz run.
# GCC leaves float-cast-overflow out of 'undefined' (clang has it in): a double too large for the
# integer it is converted to is undefined behaviour, and scenario values are doubles, so it is
# asked for by name.
if(JEUGDSIM_SANITIZE OR JEUGDSIM_FUZZ)
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

# libFuzzer (fuzz/): every library is instrumented for coverage, so that the fuzzer is guided by
# what our code does with an input; the fuzz targets link libFuzzer's main themselves.
if(JEUGDSIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "JEUGDSIM_FUZZ needs clang, whose libFuzzer it uses: configure with "
                        "-DCMAKE_CXX_COMPILER=clang++-14 (make fuzz does)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
