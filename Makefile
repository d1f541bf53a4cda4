# The two commands of the README. Both install missing Debian packages first.
#   make demo   build Release, compare Assen with and without POH, write the HTML report, print its path
#   make test   build (warnings are errors) and run every test through CTest
# Variables: BUILD (build folder), JOBS (parallel jobs), CMAKE_ARGS (extra configure flags),
# FUZZ_SECONDS (make fuzz: seconds per fuzz target), PGO (0: no profile-guided build).

BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_ARGS ?=
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

FUZZ_SECONDS ?= 40

.PHONY: demo test deps build bench sanitize fuzz format tidy clean

deps:
	@scripts/install-deps

# Profile-guided (cmake/pgo.cmake, docs/performance.md): an instrumented jeugdsim in BUILD-pgo
# runs the training scenarios (scripts/pgo-train), and BUILD is compiled with its profile.
# PGO=0: one plain build (also for a compiler other than GCC).
PGO ?= 1
PROFILE := $(abspath $(BUILD))-pgo/profile
RELEASE := $(GENERATOR) -DCMAKE_BUILD_TYPE=Release -DJEUGDSIM_WERROR=ON

build: deps
ifeq ($(PGO),1)
	cmake -S . -B $(BUILD)-pgo $(RELEASE) -DJEUGDSIM_PGO=generate -DJEUGDSIM_PGO_PROFILE=$(PROFILE) \
	  -DJEUGDSIM_BUILD_TESTS=OFF -DJEUGDSIM_BUILD_BENCH=OFF $(CMAKE_ARGS)
	cmake --build $(BUILD)-pgo -j $(JOBS) --target jeugdsim
	scripts/pgo-train $(BUILD)-pgo/app/jeugdsim $(PROFILE)
	cmake -S . -B $(BUILD) $(RELEASE) -DJEUGDSIM_PGO=use -DJEUGDSIM_PGO_PROFILE=$(PROFILE) $(CMAKE_ARGS)
else
	cmake -S . -B $(BUILD) $(RELEASE) -DJEUGDSIM_PGO=off $(CMAKE_ARGS)
endif
	cmake --build $(BUILD) -j $(JOBS)

# Assen with the POH-jeugd it got in 2017 against the same file without any POH, replication by
# replication (common random numbers), each replication's inputs drawn from the posterior of the
# calibration on Assen's figures (docs/calibration.md), with the HTML report; REPORT_LANG=nl for
# Dutch.
REPORT_LANG ?= en
demo: build
	@echo "== Assen 2015-2021, POH-jeugd from 2017 (scenarios/assen.yaml), against no POH at all"
	$(BUILD)/app/jeugdsim compare scenarios/assen.yaml --variant "without POH:tiers.poh.fte=0" \
	  --posterior scenarios/posteriors/assen/posterior.csv \
	  --out results/compare-assen --report --lang $(REPORT_LANG)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer, with the invariant
# checks built in (engine/check.hpp). -O1 -g1 (line tables, enough for the sanitizers' stack
# traces) compiles in about half the time of -O2 -g, which is most of CI's time.
sanitize: deps
	cmake -S . -B $(BUILD)-asan $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJEUGDSIM_WERROR=ON \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
	  -DJEUGDSIM_SANITIZE=ON -DJEUGDSIM_CHECKS=ON -DJEUGDSIM_BUILD_BENCH=OFF $(CMAKE_ARGS)
	cmake --build $(BUILD)-asan -j $(JOBS)
	ctest --test-dir $(BUILD)-asan --output-on-failure -j $(JOBS)

# libFuzzer on the scenario loader and on --set (fuzz/), built with clang, ASan and UBSan in its
# own folder (-O1 -g1 as libFuzzer advises), each target for FUZZ_SECONDS; any crash, sanitizer
# report or hang fails it.
fuzz: deps
	@scripts/install-deps fuzz
	cmake -S . -B $(BUILD)-fuzz $(GENERATOR) -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
	  -DJEUGDSIM_WERROR=ON -DJEUGDSIM_FUZZ=ON -DJEUGDSIM_MPI=OFF \
	  -DJEUGDSIM_BUILD_TESTS=OFF -DJEUGDSIM_BUILD_BENCH=OFF $(CMAKE_ARGS)
	cmake --build $(BUILD)-fuzz -j $(JOBS) --target fuzz_scenario fuzz_override
	fuzz/run $(BUILD)-fuzz $(FUZZ_SECONDS)

bench: build
	$(BUILD)/bench/bench_event_queue
	$(BUILD)/bench/bench_network
	$(BUILD)/bench/bench_youth_care
	$(BUILD)/bench/bench_sweep
	$(BUILD)/bench/bench_mm8_limit
	$(BUILD)/bench/bench_draws
	$(BUILD)/bench/bench_calibrate

# Lay out every C++ file as .clang-format says (CI fails on a file that is not: scripts/check-format).
format: deps
	@scripts/check-format --fix

# The checks of .clang-tidy over every source, from a configure-only folder without the PGO
# flags (which clang does not know); not part of CI: it takes about 10 minutes on 2 cores.
tidy: deps
	cmake -S . -B $(BUILD)-tidy $(GENERATOR) -DJEUGDSIM_PGO=off -DJEUGDSIM_BUILD_BENCH=OFF $(CMAKE_ARGS) >/dev/null
	run-clang-tidy-14 -p $(BUILD)-tidy -quiet -j $(JOBS) '/(engine|models|io|app)/.*\.cpp$$'

clean:
	rm -rf $(BUILD) $(BUILD)-pgo $(BUILD)-asan $(BUILD)-fuzz $(BUILD)-tidy
