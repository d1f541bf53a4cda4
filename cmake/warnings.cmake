# Warnings live in an INTERFACE target that every jeugdsim target links PRIVATE, so they apply
# to our code and never leak to users of the libraries.
add_library(jeugdsim_warnings INTERFACE)
target_compile_options(jeugdsim_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
                       -Wconversion -Wsign-conversion -Wnull-dereference -Wdouble-promotion
                       -Wformat=2 -Wimplicit-fallthrough)
if(JEUGDSIM_WERROR)
  target_compile_options(jeugdsim_warnings INTERFACE -Werror)
endif()
