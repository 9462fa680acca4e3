# arcsec: the two README commands are `make run` and `make check`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
RUN_DIR    := $(CURDIR)/run
CTEST_ARGS ?= --output-on-failure -j$(JOBS)

.PHONY: all setup build run check asan-check fuzz fuzz-smoke clean

all: build

setup:
	@sh scripts/setup

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# Foreground arcsecd with the embedded defaults (software provider, SQLite
# key store), socket and state under ./run/. Like Parsec, arcsecd refuses
# root unless told; a developer box running as root gets --allow-root and
# the daemon's warning says so.
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

# The developer running it is its administrator (their UID, as Unix peer
# credentials name it), so the identity commands work out of the box.
run: build
	@mkdir -p $(RUN_DIR)
	@chmod 0700 $(RUN_DIR)
	./$(BUILD)/arcsecd --run-dir $(RUN_DIR) --admin $$(id -u) $(ALLOW_ROOT)

check: build
	cd $(BUILD) && ctest $(CTEST_ARGS)

asan-check: setup
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DARCSEC_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest $(CTEST_ARGS)

# libFuzzer build (clang); run a target with e.g.
#   ./build-fuzz/fuzz/fuzz_header fuzz/corpus/header -max_total_time=60
fuzz: setup
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DARCSEC_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j$(JOBS)

# Every fuzz target for FUZZ_SECONDS on a scratch copy of its corpus (CI):
# catches what only clang warns about and what a short run can find.
FUZZ_SECONDS ?= 10
fuzz-smoke: fuzz
	@set -e; for t in $(FUZZ_BUILD)/fuzz/fuzz_*; do \
		[ -x "$$t" ] || continue; \
		n=$${t##*/fuzz_}; tmp=$$(mktemp -d); \
		cp -r fuzz/corpus/$$n/. $$tmp/ 2>/dev/null || true; \
		echo "fuzz-smoke: $$n ($(FUZZ_SECONDS) s)"; \
		$$t $$tmp -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 \
			> $$tmp.log 2>&1 || { tail -40 $$tmp.log; exit 1; }; \
		rm -rf $$tmp $$tmp.log; \
	done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
