# vrbench — top-level build.  `make demo` is the main job, `make check` the tests.
#
# Every target runs `deps` first (it installs what is missing and is quick when
# nothing is), then the real build in a second make.  The second make is parsed
# only after `deps` ran, so pkg-config, the kernel source and the libraries it
# finds are there on a machine's first run (issue: `make demo` on a fresh box
# linked with empty VRB_LIBS because pkg-config ran before the packages existed).

VRBENCH_CACHE ?= $(HOME)/.cache/vrbench
export VRBENCH_CACHE
# The script that installs the dependencies; a test swaps it to prove the order.
VRB_DEPS ?= scripts/deps.sh

TARGETS := all vrbench check check-kasan check-bisect check-anchor check-coverage regressions mutants lint demo readme-figures \
	install install-dkms man check-install
PUBLIC := $(TARGETS) deps clean clean-runner uninstall

ifndef VRB_DEPS_DONE

.DEFAULT_GOAL := all
$(TARGETS): deps
	@$(MAKE) --no-print-directory VRB_DEPS_DONE=1 $@

# /etc/apt is recorded before deps runs: `make check` proves at its end that
# nothing (deps included) touched the system's apt sources.
deps:
	@mkdir -p build && tests/apt-state.sh > build/apt-state.before
	@$(VRB_DEPS)

# make does not try to remake this file through the catch-all below.
Makefile: ;

# Anything else (a test binary, build/guest/vrb_fuzz) also goes through deps.
%: deps
	@$(MAKE) --no-print-directory VRB_DEPS_DONE=1 $@

.PHONY: $(PUBLIC)

else

CC ?= gcc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror
PKGS := inih jansson hwloc gsl
# libperf and libapi come from the kernel source `make deps` fetched (KERNEL-FACTS §7).
KSRC := $(VRBENCH_CACHE)/src/linux-7.3
LIBPERF := $(KSRC)/tools/lib/perf/libperf.a
LIBAPI := $(KSRC)/tools/lib/api/libapi.a
PERF_CFLAGS := -I$(KSRC)/tools/lib/perf/include -I$(KSRC)/tools/include/uapi
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))
ifeq ($(PKG_LIBS),)
$(error pkg-config knows none of $(PKGS): run 'make deps' (as root) first)
endif
# The runner's folders follow the pipeline (runner/README.md): every folder's
# headers are on the include path, and kmod's shared ABI headers by their
# path from the top ("kmod/vrb_abi.h").
RUNNER_STAGES := lib plan target guest store judge render cli
STAGE_CFLAGS := -I. $(addprefix -Irunner/,$(RUNNER_STAGES))
# The version's one source: debian/changelog's top entry.
VRB_VERSION := $(shell head -n 1 debian/changelog | awk '{ print $$2 }' | tr -d '()')
VRB_CFLAGS := -std=c11 $(WARN) -MMD -MP $(PKG_CFLAGS) $(PERF_CFLAGS) $(STAGE_CFLAGS) \
	-DVRB_VERSION='"$(VRB_VERSION)"'
VRB_LIBS := $(LIBPERF) $(LIBAPI) $(PKG_LIBS)

RUNNER_SRCS := $(filter-out runner/cli/main.c,$(foreach s,$(RUNNER_STAGES),$(wildcard runner/$(s)/*.c)))
RUNNER_OBJS := $(RUNNER_SRCS:runner/%.c=build/runner/%.o) build/runner/bench_default.o
TEST_SRCS := $(wildcard runner/tests/test_*.c)
TEST_BINS := $(TEST_SRCS:runner/tests/%.c=build/tests/%)

all: vrbench

vrbench: build/runner/cli/main.o $(RUNNER_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(VRB_LIBS)

build/runner/%.o: runner/%.c | build/runner $(LIBPERF)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(VRB_CFLAGS) -c -o $@ $<

# The default suite is compiled in: `vrbench run` works with no file at all.
build/runner/bench_default.c: bench/default.ini | build/runner
	{ echo '/* generated from bench/default.ini */'; \
	  echo 'const char bench_default_ini[] ='; \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; echo ';'; } > $@

build/runner/bench_default.o: build/runner/bench_default.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIBPERF) $(LIBAPI):
	scripts/kernel-source.sh 7.3 > /dev/null

build/tests/%: runner/tests/%.c $(RUNNER_OBJS) | build/tests
	$(CC) $(CFLAGS) $(VRB_CFLAGS) -o $@ $^ $(VRB_LIBS) -lcmocka

# Static, so it runs in the busybox guest: the module's malformed-job fuzzer.
build/guest/vrb_fuzz: tests/guest/vrb_fuzz.c | build/guest
	$(CC) -static -O2 -std=gnu11 $(WARN) -o $@ $<

build/runner build/tests build/guest:
	mkdir -p $@

# Unit tests (cmocka, recorded data, seconds) then integration tests that boot
# real kernels under QEMU (TAP, run by prove).
#
# The tests run with HOME pointed at an empty directory (VRBENCH_CACHE already
# resolved above): a path that falls back to $HOME finds nothing there and
# fails here, as it would on a fresh machine, and a test that writes into
# $HOME fails the run.
check:
	$(MAKE) --no-print-directory all $(TEST_BINS) build/guest/vrb_fuzz
	$(MAKE) --no-print-directory lint
	@set -e; home=$$(mktemp -d /tmp/vrbench-home.XXXXXX); trap 'rm -rf "$$home"' EXIT; \
	export HOME=$$home; echo "make check: HOME=$$home (empty), VRBENCH_CACHE=$$VRBENCH_CACHE"; \
	for t in $(TEST_BINS); do echo "== $$t"; $$t; done; \
	prove -v tests/integration/*.t; \
	left=$$(cd "$$home" && find . -mindepth 1 | head -n 5); \
	[ -z "$$left" ] || { echo "make check: the tests wrote into HOME: $$left" >&2; exit 1; }
	@tests/apt-state.sh | cmp -s - build/apt-state.before || \
		{ echo "make check: /etc/apt sources or preferences changed" >&2; exit 1; }
	@echo "make check: /etc/apt sources and preferences untouched"

# The runner must build without a warning under clang as well as gcc-12, and
# the module must be checkpatch --strict clean.
lint:
	@for f in runner/*/*.c tests/guest/*.c; do \
		clang -std=c11 $(WARN) $(PERF_CFLAGS) $(STAGE_CFLAGS) -DVRB_VERSION='"$(VRB_VERSION)"' -fsyntax-only $$f || exit 1; \
	done; echo "clang: runner/ builds without warnings"
	tests/layers.sh
	@! grep -n 'self, "compare"\|vrbench compare --' runner/*/*.c || \
		{ echo "lint: a command runs its own binary's compare: call judge__sides()" >&2; exit 1; }
	@echo "lint: verdicts come from judge__sides() in process"
	tests/checkpatch.sh

# Slow proofs, outside `make check` (README has their last results):
# the module on a KASAN + kmemleak kernel built from source (~10 min the first
# time: the kernel build; then ~N min of guest time).
check-kasan: all
	prove -v tests/slow/kasan.t

# A real bisection: 8 commits on linux-source-7.3, one planting a regression
# (two full kernel builds the first time, then incremental steps).
check-bisect: all
	prove -v tests/slow/bisect.t

# Upstream's test_vmalloc vrealloc_test beside vrbench (`vrbench anchor`) on
# 7.3 built from source (a kernel build the first time, then ~3 min).
check-anchor: all
	prove -v tests/slow/anchor.t

# Which branches of vrealloc() the suites and the kselftest run: `vrbench
# coverage` on 7.3-gcov (a kernel build the first time, then ~40 s).
check-coverage: all
	prove -v tests/slow/coverage.t

# The regression corpus (bench/regressions/): every variant built and judged by
# the gate against unpatched 7.3; REGRESSIONS_ARGS="--repeat 5 --only a,c".
regressions: all
	scripts/regressions.sh $(REGRESSIONS_ARGS)

# Mutants of the code under test (vrbench mutants), each built and judged like
# the corpus; MUTANTS_ARGS="--only ID,ID --runs 3".  About 3 h on 2 cores.
mutants: all
	scripts/mutants.sh $(MUTANTS_ARGS)

demo: all
	scripts/demo.sh

# make install: the binary in PREFIX/bin, its read-only files in
# PREFIX/share/vrbench (found there by the installed binary: runner/lib/paths.c),
# the man page generated from --help, bash completion.  DESTDIR for packagers.
# Nothing vrbench writes goes under PREFIX: the cache and results stay the user's.
PREFIX ?= /usr/local
DATADIR := $(PREFIX)/share/vrbench
SHARE_DIRS := bench config kmod plots scripts selftests
# The module's source for DKMS (dkms.conf's version is the package's).
DKMS_VERSION ?= $(VRB_VERSION)

man: build/man/vrbench.1

build/man/vrbench.1: vrbench scripts/man.sh
	scripts/man.sh ./vrbench $@

install: vrbench build/man/vrbench.1
	install -D -m 755 vrbench $(DESTDIR)$(PREFIX)/bin/vrbench
	mkdir -p $(DESTDIR)$(DATADIR)
	tar -c --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' --exclude='.*.cmd' \
		--exclude='Module.symvers' --exclude='modules.order' --exclude='*.tmp.*' \
		--exclude='plots/readme' $(SHARE_DIRS) | tar -x --no-same-owner -C $(DESTDIR)$(DATADIR)
	install -D -m 644 build/man/vrbench.1 $(DESTDIR)$(PREFIX)/share/man/man1/vrbench.1
	install -D -m 644 contrib/bash-completion/vrbench.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/vrbench

install-dkms:
	mkdir -p $(DESTDIR)/usr/src/vrealloc-bench-$(DKMS_VERSION)
	cp kmod/*.c kmod/*.h kmod/Kbuild kmod/Makefile $(DESTDIR)/usr/src/vrealloc-bench-$(DKMS_VERSION)/
	sed 's/#MODULE_VERSION#/$(DKMS_VERSION)/' kmod/dkms.conf > \
		$(DESTDIR)/usr/src/vrealloc-bench-$(DKMS_VERSION)/dkms.conf

# Build the Debian packages and install them into a fresh bookworm chroot:
# tests/install.sh (also run by make check).
check-install: all
	tests/install.sh

# README's figures, from the newest `make demo` (committed under plots/readme/).
readme-figures: all
	scripts/readme-figures.sh

.PHONY: all check check-kasan check-bisect check-anchor check-coverage regressions mutants lint demo readme-figures \
	install install-dkms man check-install

-include $(RUNNER_OBJS:.o=.d) build/runner/cli/main.d

endif

# Cleaning needs no dependencies.
clean-runner:
	rm -rf build/runner build/tests vrbench

clean: clean-runner
	rm -rf build results/vm

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/vrbench $(DESTDIR)$(PREFIX)/share/man/man1/vrbench.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/vrbench
	rm -rf $(DESTDIR)$(PREFIX)/share/vrbench
