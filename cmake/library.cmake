# jeugdsim_add_library(<name> [PROFILE_GUIDED] SOURCES src... [PUBLIC deps...] [PRIVATE deps...])
# Creates jeugdsim_<name> with the alias jeugdsim::<name>, public headers in ./include, and the
# project's warnings applied privately. PROFILE_GUIDED: built with the profile when
# JEUGDSIM_PGO is on (cmake/pgo.cmake).
function(jeugdsim_add_library name)
  cmake_parse_arguments(ARG "PROFILE_GUIDED" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(jeugdsim_${name} ${ARG_SOURCES})
  add_library(jeugdsim::${name} ALIAS jeugdsim_${name})
  target_include_directories(jeugdsim_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(jeugdsim_${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE}
                        jeugdsim_warnings)
  if(ARG_PROFILE_GUIDED)
    jeugdsim_profile_guided(jeugdsim_${name})
  endif()
endfunction()
