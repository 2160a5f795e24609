// SPDX-License-Identifier: GPL-2.0
/* Unit tests for bench definitions (runner/bench.c): cells, defaults, errors. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bench.h"

static void built_in_default(void **state)
{
	struct bench b;
	char err[512];
	size_t i;
	int walks = 0;

	(void)state;
	assert_int_equal(bench__load(NULL, &b, err, sizeof(err)), 0);
	assert_string_equal(b.name, "default");
	assert_string_equal(b.origin, "(built-in default)");
	assert_true(b.ncells >= 8);
	assert_string_equal(b.cells[0].name, "grow");
	assert_string_equal(b.cells[0].job, "pattern=grow from=o0 to=o10 reps=5 warmup=1");
	for (i = 0; i < b.ncells; i++) {
		walks += b.cells[i].walk;
		if (b.cells[i].once)	/* the module runs it once; the runner reps times */
			assert_null(strstr(b.cells[i].job, "reps="));
		assert_int_equal(b.cells[i].passes, b.cells[i].once ? 5 : 1);
	}
	/*
	 * walk-256k-16k, walk-regrow-in-place, walk-account, walk-nofs,
	 * walk-nofs-then-kernel, walk-usermap
	 */
	assert_int_equal(walks, 6);
	bench__free(&b);
}

static void same_as_file(void **state)
{
	struct bench a, b;
	char err[512];

	(void)state;
	assert_int_equal(bench__load(NULL, &a, err, sizeof(err)), 0);
	assert_int_equal(bench__load("bench/default.ini", &b, err, sizeof(err)), 0);
	assert_true(a.hash == b.hash);	/* the compiled-in text is the file */
	bench__free(&a);
	bench__free(&b);
}

static void expect_error(const char *text, const char *needle)
{
	struct bench b;
	char err[512];

	assert_int_equal(bench__parse(text, "t.ini", &b, err, sizeof(err)), -EINVAL);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not contain '%s'", err, needle);
}

static void errors_name_file_and_line(void **state)
{
	(void)state;
	expect_error("[a]\npattern = grow\nfrom = o0\ncolour = red\n", "t.ini:4: [a] unknown key 'colour'");
	expect_error("[a]\npattern = grow\ncpu_node = first\n", "t.ini:3: [a] cpu_node = 'first'");
	expect_error("[suite]\nname = x\nrepeat = 3\n[a]\npattern=grow\n", "t.ini:3: [suite] unknown key 'repeat'");
	expect_error("pattern = grow\n", "t.ini:1: 'pattern' stands outside");
	expect_error("[a]\npattern = grow\n[b]\npattern = shrink\n[a]\nfrom = o1\n",
		     "t.ini:6: cell [a] is defined twice");
	expect_error("[a]\npattern =\n", "t.ini:2: [a] pattern has no value");
	expect_error("[a]\nsizes = 256K, 16K\n", "t.ini:2: [a] sizes = '256K, 16K': values have no blanks");
	expect_error("[a\npattern = grow\n", "t.ini:1: syntax error");
	expect_error("[suite]\nname = empty\n", "t.ini: defines no cells");
	expect_error("[w]\npattern = walk\nreps = 0\n", "t.ini: [w] reps = '0': a walk repeats 1 to 100 times");
	expect_error("[suite]\nreps = many\n[w]\npattern = walk\n", "[w] reps = 'many'");
	expect_error("[e]\npattern = edges\nreps = 101\n", "[e] reps = '101': an edges cell repeats");
	expect_error("[suite]\ncmdline = a=1;reboot\n[w]\npattern = walk\n",
		     "t.ini:2: [suite] cmdline 'a=1;reboot': kernel parameters");
}

/* [suite] cmdline: the guests' extra kernel command line, kept as written. */
static void suite_cmdline(void **state)
{
	struct bench b;
	char err[512];

	(void)state;
	assert_int_equal(bench__load("bench/init.ini", &b, err, sizeof(err)), 0);
	assert_string_equal(b.cmdline, "init_on_alloc=0 init_on_free=1");
	bench__free(&b);
	assert_int_equal(bench__load("bench/default.ini", &b, err, sizeof(err)), 0);
	assert_null(b.cmdline);
	bench__free(&b);
}

/* A walk's reps (its own, else the suite's) is the runner's passes, not the module's. */
static void walk_passes(void **state)
{
	struct bench b;
	char err[512];

	(void)state;
	assert_int_equal(bench__parse("[suite]\nreps = 7\n[w]\nreps = 3\npattern = walk\n"
				      "[v]\npattern = walk\n[g]\npattern = grow\n", "p.ini", &b, err,
				      sizeof(err)), 0);
	assert_string_equal(b.cells[0].job, "pattern=walk");
	assert_int_equal(b.cells[0].passes, 3);
	assert_int_equal(b.cells[1].passes, 7);
	assert_int_equal(b.cells[2].passes, 1);
	assert_string_equal(b.cells[2].job, "pattern=grow reps=7");
	bench__free(&b);
	assert_int_equal(bench__parse("[w]\npattern = walk\n", "p.ini", &b, err, sizeof(err)), 0);
	assert_int_equal(b.cells[0].passes, 1);
	bench__free(&b);
	/* edges runs once in the module, like a walk: its reps are passes too */
	assert_int_equal(bench__parse("[suite]\nreps = 4\n[e]\npattern = edges\n", "p.ini", &b, err,
				      sizeof(err)), 0);
	assert_string_equal(b.cells[0].job, "pattern=edges");
	assert_int_equal(b.cells[0].passes, 4);
	assert_false(b.cells[0].walk);
	bench__free(&b);
}

static void numa_matrix(void **state)
{
	struct bench b;
	char err[512];

	(void)state;
	assert_int_equal(bench__parse("[g]\npattern = grow\ncpu_node = each\nmem_node = each\n"
				      "[w]\npattern = walk\nmem_node = 1\n", "n.ini", &b, err,
				      sizeof(err)), 0);
	bench__expand(&b, 2);
	assert_int_equal(b.ncells, 5);
	assert_string_equal(b.cells[0].name, "g@cpu0-mem0");
	assert_string_equal(b.cells[1].name, "g@cpu0-mem1");
	assert_string_equal(b.cells[3].name, "g@cpu1-mem1");
	assert_int_equal(b.cells[3].cpu_node, 1);
	assert_int_equal(b.cells[3].mem_node, 1);
	assert_string_equal(b.cells[4].name, "w");
	assert_int_equal(b.cells[4].cpu_node, BENCH_NODE_ANY);
	assert_int_equal(b.cells[4].mem_node, 1);
	bench__free(&b);
}

static void shipped_suites_parse(void **state)
{
	static const char *const files[] = { "bench/default.ini", "bench/claim.ini",
					     "bench/numa.ini", "bench/threads.ini", "bench/init.ini",
					     NULL };
	struct bench b;
	char err[512];
	int i;

	(void)state;
	for (i = 0; files[i]; i++) {
		if (bench__load(files[i], &b, err, sizeof(err)))
			fail_msg("%s", err);
		bench__free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(built_in_default),
		cmocka_unit_test(same_as_file),
		cmocka_unit_test(suite_cmdline),
		cmocka_unit_test(errors_name_file_and_line),
		cmocka_unit_test(walk_passes),
		cmocka_unit_test(numa_matrix),
		cmocka_unit_test(shipped_suites_parse),
	};

	return cmocka_run_group_tests_name("bench", tests, NULL, NULL);
}
