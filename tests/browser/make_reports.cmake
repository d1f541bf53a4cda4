# Writes the reports the browser tests open: run as a CTest fixture,
#   cmake -DJEUGDSIM=<binary> -DSOURCE=<source dir> -DOUT=<folder> -P make_reports.cmake
# a comparison (English, via compare --report), a sweep (sweep --report), and a run with PSA
# shown next to the comparison in one Dutch report (the report command over two folders).
file(REMOVE_RECURSE ${OUT})
set(small ${SOURCE}/tests/data/youth_care/small.yaml)
function(jeugdsim)
  execute_process(COMMAND ${JEUGDSIM} ${ARGN} COMMAND_ERROR_IS_FATAL ANY OUTPUT_QUIET)
endfunction()
jeugdsim(compare ${small} --variant matched:policy=matched --replications 8 --threads 2
         --out ${OUT}/compare --report)
jeugdsim(sweep ${SOURCE}/tests/data/sweeps/small-grid.yaml --replications 4 --threads 2
         --out ${OUT}/sweep --report)
jeugdsim(run ${small} --replications 16 --threads 2 --psa --out ${OUT}/run
         "--set" "uncertain={municipalities.town.demand_index: {dist: uniform, min: 0.5, max: 1.5}, triage.accuracy: {dist: uniform, min: 0.5, max: 1.0}}")
jeugdsim(report ${OUT}/run ${OUT}/compare --lang nl --out ${OUT}/nl.html)
