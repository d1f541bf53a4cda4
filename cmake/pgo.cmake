# Profile-guided optimisation of the simulation libraries (GCC's -fprofile-generate and
# -fprofile-use; figures in docs/performance.md). `make build` does the three steps: it builds
# an instrumented jeugdsim in BUILD-pgo (JEUGDSIM_PGO=generate), runs it on a small training
# workload (scripts/pgo-train), and builds BUILD with the profile it wrote (JEUGDSIM_PGO=use).
# Off by default for a plain CMake build; `make PGO=0` builds without it.
#
# Only the libraries marked PROFILE_GUIDED (jeugdsim_add_library) are built with the profile:
# the youth-care model, where the time of a real run goes (0.93-0.95 of the time per Drenthe
# replication). Not the network model: its M/M/8 replication ran 1.045 of the plain build's
# time (41 alternated rounds; not looked into further).
# The optimisations a profile guides (inlining, code layout, unrolling) change no
# floating-point operation (no -ffast-math; no fused multiply-add, see CMakeLists.txt), so the
# output is byte for byte that of a plain build (checked on every file of scenarios/).
set(JEUGDSIM_PGO "off" CACHE STRING "Profile-guided optimisation: off, generate or use")
set_property(CACHE JEUGDSIM_PGO PROPERTY STRINGS off generate use)
set(JEUGDSIM_PGO_PROFILE "" CACHE PATH "Folder of the profile that generate writes and use reads")

if(NOT JEUGDSIM_PGO MATCHES "^(off|generate|use)$")
  message(FATAL_ERROR "JEUGDSIM_PGO is '${JEUGDSIM_PGO}': expected off, generate or use")
endif()
if(NOT JEUGDSIM_PGO STREQUAL "off")
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "JEUGDSIM_PGO=${JEUGDSIM_PGO} needs GCC (this is ${CMAKE_CXX_COMPILER_ID}): "
                        "configure with -DJEUGDSIM_PGO=off, or build with `make PGO=0`")
  endif()
  if(NOT JEUGDSIM_PGO_PROFILE)
    message(FATAL_ERROR "JEUGDSIM_PGO=${JEUGDSIM_PGO} needs JEUGDSIM_PGO_PROFILE, the folder of the profile")
  endif()
endif()

# The profile names each object file by its path; the training build and the optimised one
# live in different folders, so the path is taken relative to the build folder.
function(jeugdsim_profile_guided target)
  set(prefix -fprofile-prefix-path=${CMAKE_BINARY_DIR})
  if(JEUGDSIM_PGO STREQUAL "generate")
    # atomic: the training run uses threads, whose counts must not be lost.
    target_compile_options(${target} PRIVATE -fprofile-generate=${JEUGDSIM_PGO_PROFILE}
                                             -fprofile-update=atomic ${prefix})
    target_link_options(${target} INTERFACE -fprofile-generate)
  elseif(JEUGDSIM_PGO STREQUAL "use")
    # partial-training: code the training does not run is optimised as usual, not for size.
    # A profile older than the code (a build by hand after an edit, without retraining) is
    # used where it still fits; GCC's warning about the rest must not fail a -Werror build.
    target_compile_options(${target} PRIVATE -fprofile-use=${JEUGDSIM_PGO_PROFILE}
                                             -fprofile-partial-training ${prefix}
                                             -Wno-missing-profile -Wno-error=coverage-mismatch)
  endif()
endfunction()
