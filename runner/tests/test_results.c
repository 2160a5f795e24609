// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for result files (runner/results.c) and the module's result
 * text (runner/modresult.c), on data recorded from a 7.3 guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "modresult.h"
#include "pool.h"
#include "results.h"
#include "util.h"

#define RECORDED "runner/tests/data/result-7.3.json"

static char *slurp(const char *path)
{
	char *buf;

	assert_int_equal(vrb_read_file(path, &buf, NULL), 0);
	return buf;
}

static void recorded_result_is_valid(void **state)
{
	json_t *root;
	char err[512];

	(void)state;
	if (results__load(RECORDED, &root, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "kernel"),
							       "access")), "vrealloc");
	json_decref(root);
}

static void round_trip(void **state)
{
	char tmp[] = "/tmp/vrb-result-XXXXXX", err[512];
	json_t *a, *b;
	int fd;

	(void)state;
	fd = mkstemp(tmp);
	close(fd);
	assert_int_equal(results__load(RECORDED, &a, err, sizeof(err)), 0);
	assert_int_equal(results__write(tmp, a), 0);
	assert_int_equal(results__load(tmp, &b, err, sizeof(err)), 0);
	assert_true(json_equal(a, b));
	json_decref(a);
	json_decref(b);
	unlink(tmp);
}

/* Write text to a temporary file and expect results__load to refuse it. */
static void expect_refused(const char *text, const char *needle)
{
	char tmp[] = "/tmp/vrb-result-XXXXXX", err[512];
	json_t *root = (json_t *)1;
	int fd = mkstemp(tmp);

	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(results__load(tmp, &root, err, sizeof(err)), -EINVAL);
	assert_null(root);
	if (!strstr(err, tmp) || !strstr(err, needle))
		fail_msg("error '%s' lacks the file or '%s'", err, needle);
	unlink(tmp);
}

/* The recorded file with one member replaced (or removed, value NULL). */
static char *edited(const char *dotted, json_t *value)
{
	char err[512], *copy = strdup(dotted), *p = copy, *k, *last = NULL, *text;
	json_t *root, *cur;

	assert_int_equal(results__load(RECORDED, &root, err, sizeof(err)), 0);
	cur = root;
	while ((k = strsep(&p, "."))) {
		if (last)
			cur = json_object_get(cur, last);
		last = k;
	}
	if (value)
		json_object_set_new(cur, last, value);
	else
		json_object_del(cur, last);
	text = json_dumps(root, 0);
	json_decref(root);
	free(copy);
	return text;
}

static void corrupt_files_refused(void **state)
{
	char *good = slurp(RECORDED), *t;

	(void)state;
	good[strlen(good) / 2] = '\0';		/* a crash mid-write, without rename */
	expect_refused(good, "not a readable result file");
	expect_refused("", "not a readable result file");
	expect_refused("{\"hello\": 1}", "schema is missing");
	expect_refused("{\"schema\": \"other\"}", "not a vrbench result");
	t = edited("schema_version", json_integer(99));
	expect_refused(t, "schema_version 99");
	free(t);
	t = edited("kernel.release", NULL);
	expect_refused(t, "kernel.release is missing");
	free(t);
	t = edited("machine.cpus", json_string("two"));
	expect_refused(t, "machine.cpus has the wrong type");
	free(t);
	t = edited("cells", json_pack("[{ss}]", "name", "x"));
	expect_refused(t, "cells[0]: job is missing");
	free(t);
	free(good);
}

static void module_walk_text(void **state)
{
	char *text = slurp("runner/tests/data/walk-7.3.txt"), err[256];
	struct mod_result r;
	json_t *st;

	(void)state;
	assert_int_equal(modresult__parse(text, &r, err, sizeof(err)), 0);
	assert_int_equal(r.abi, 1);
	assert_string_equal(r.status, "done");
	assert_int_equal(r.nsteps, 2);
	assert_true(r.walk_held);
	assert_string_equal(r.steps[1].op, "shrink");
	assert_int_equal(r.steps[1].resident_before, 64);
	assert_int_equal(r.steps[1].resident_after, 4);
	assert_true(r.steps[1].nr_valid);
	assert_int_equal(r.steps[1].nr_vmalloc_delta, -60);
	assert_int_equal(r.steps[1].nsamples, 1);
	st = results__step(&r.steps[1]);
	assert_int_equal(json_integer_value(json_object_get(st, "resident_pages_after")), 4);
	assert_int_equal(json_array_size(json_object_get(st, "samples_ns")), 1);
	json_decref(st);
	modresult__free(&r);
	free(text);
}

/* A walk's passes: samples appended, counts added, memory of the first pass kept. */
static void module_walk_passes(void **state)
{
	char *text = slurp("runner/tests/data/walk-7.3.txt"), err[256];
	struct mod_result a, b;

	(void)state;
	assert_int_equal(modresult__parse(text, &a, err, sizeof(err)), 0);
	assert_int_equal(modresult__parse(text, &b, err, sizeof(err)), 0);
	b.steps[1].samples[0] += 1000;
	b.steps[1].moved = 1;
	b.steps[1].resident_after = 99;
	assert_int_equal(modresult__append(&a, &b), 0);
	assert_int_equal(a.steps[1].nsamples, 2);
	assert_int_equal(a.steps[1].samples[1], a.steps[1].samples[0] + 1000);
	assert_int_equal(a.steps[1].ops, 2 * b.steps[1].ops);
	assert_int_equal(a.steps[1].moved, 1);
	assert_int_equal(a.steps[1].resident_after, 4);	/* the first pass's */
	b.steps[1].new_size *= 2;			/* another walk: refused */
	assert_int_equal(modresult__append(&a, &b), -EPROTO);
	assert_int_equal(a.steps[1].nsamples, 2);	/* and nothing added */
	b.nsteps = 1;
	assert_int_equal(modresult__append(&a, &b), -EPROTO);
	b.nsteps = 2;
	modresult__free(&a);
	modresult__free(&b);
	free(text);
}

static void module_append_histogram(void **state)
{
	char *text = slurp("runner/tests/data/append-7.3.txt"), err[256];
	struct mod_result r;
	uint32_t total = 0;
	int k;

	(void)state;
	assert_int_equal(modresult__parse(text, &r, err, sizeof(err)), 0);
	assert_int_equal(r.steps[0].ops, 1499);
	assert_int_equal(r.steps[0].nsamples, 1000);	/* max_samples */
	assert_true(r.steps[0].has_hist);
	for (k = 0; k < MOD_HIST_BUCKETS; k++)
		total += r.steps[0].hist[k];
	assert_int_equal(total, 1499);			/* the histogram holds every op */
	modresult__free(&r);
	free(text);
}

/* abi 3: drains, expect_free, pages_array_delta, huge=na */
static void module_abi3_fields(void **state)
{
	char text[] = "abi=3\njob=pattern=grow\nstatus=done err=0\nclock_overhead_ns=60\n"
		      "alloc_fail=0\ndrains=7 drain_ns=473872\nsteps=1\n"
		      "step=0 op=grow old=2097152 new=4194304 ops=5 fail=0 moved=5 verify_errors=0 "
		      "zero_errors=0 resident_pages_before=512 resident_pages_after=1024 "
		      "nr_vmalloc_delta=514 node_pages=1024 pages_array_delta=2 huge=na "
		      "expect_free=0\nsamples=0 1 2 3 4 5\n", err[256];
	struct mod_result r;
	json_t *st;

	(void)state;
	assert_int_equal(modresult__parse(text, &r, err, sizeof(err)), 0);
	assert_true(r.has_drains);
	assert_int_equal(r.drains, 7);
	assert_int_equal(r.drain_ns, 473872);
	assert_true(r.steps[0].array_valid);
	assert_int_equal(r.steps[0].pages_array_delta, 2);
	assert_int_equal(r.steps[0].huge, -1);
	assert_int_equal(r.steps[0].expect_free, 0);
	st = results__step(&r.steps[0]);
	assert_true(json_is_null(json_object_get(st, "huge")));
	assert_true(json_is_false(json_object_get(st, "expect_free")));
	assert_int_equal(json_integer_value(json_object_get(st, "pages_array_delta")), 2);
	json_decref(st);
	modresult__free(&r);
}

/* abi 4: timer interrupts per sample; the quiet median leaves the tick out */
static void module_abi4_timer_irqs(void **state)
{
	char text[] = "abi=4\njob=pattern=shrink\nstatus=done err=0\nsteps=1\n"
		      "step=0 op=shrink old=2097152 new=1048576 ops=5 fail=0 moved=0 verify_errors=0 "
		      "zero_errors=0\nsamples=0 1926882 1953513 1953386 1926882 1953322\n"
		      "timer_irqs=0 0 1 1 0 1\n", err[256];
	struct mod_result r;
	json_t *st;

	(void)state;
	assert_int_equal(modresult__parse(text, &r, err, sizeof(err)), 0);
	assert_int_equal(r.steps[0].nirqs, 5);
	assert_int_equal(r.steps[0].irqs[1], 1);
	st = results__step(&r.steps[0]);
	/* all five: the tick is in three, so the median is a ticked one */
	assert_true(json_real_value(json_object_get(json_object_get(st, "summary_ns"), "p50")) == 1953322);
	/* the two without: the rung's own time */
	assert_true(json_real_value(json_object_get(json_object_get(st, "quiet_ns"), "p50")) == 1926882);
	assert_int_equal(json_integer_value(json_object_get(st, "timer_hit_samples")), 3);
	assert_int_equal(json_array_size(json_object_get(st, "timer_irqs")), 5);
	assert_true(json_real_value(step__p50(st)) == 1926882);	/* what compare reads */
	json_decref(st);
	modresult__free(&r);
	/* every sample moved CPU: nothing is known, no quiet summary */
	assert_int_equal(modresult__parse("abi=4\nsteps=1\nstep=0 op=grow\nsamples=0 5 6\n"
					  "timer_irqs=0 255 255\n", &r, err, sizeof(err)), 0);
	st = results__step(&r.steps[0]);
	assert_null(json_object_get(st, "quiet_ns"));
	assert_true(json_real_value(step__p50(st)) == 5.5);
	json_decref(st);
	modresult__free(&r);
}

static void module_text_malformed(void **state)
{
	static const char *const bad[] = {
		"step=0 op=grow\n",				/* no abi */
		"abi=1\nstep=1 op=grow\n",			/* steps out of order */
		"abi=1\nstep=0 op=grow ops=-1\n",
		"abi=1\nstep=0 op=grow\nsamples=0 12 x\n",
		"abi=1\nsamples=0 1\n",			/* samples before any step */
		"abi=1\nstep=0 op=grow node_pages=1,2,3,4,5,6,7,8,9\n",
		"abi=1\nwhat=ever\n",
		"abi=3\ndrains=7\n",				/* drain_ns missing */
		"abi=2\nstep=0 op=grow huge=2\n",
		"abi=2\nstep=0 op=grow expect_free=yes\n",
		"abi=4\nstep=0 op=grow\nsamples=0 1 2\ntimer_irqs=0 0\n",	/* one short */
		"abi=4\nstep=0 op=grow\nsamples=0 1 2\ntimer_irqs=0 0 0 0\n",	/* one more */
		"abi=4\nstep=0 op=grow\nsamples=0 1\ntimer_irqs=0 256\n",
		"abi=4\nstep=0 op=grow\nsamples=0 1\ntimer_irqs=0 1\ntimer_irqs=0 1\n",
	};
	struct mod_result r;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(modresult__parse(bad[i], &r, err, sizeof(err)), -EPROTO);
		assert_true(strstr(err, "module result") != NULL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(recorded_result_is_valid),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(corrupt_files_refused),
		cmocka_unit_test(module_walk_text),
		cmocka_unit_test(module_walk_passes),
		cmocka_unit_test(module_abi3_fields),
		cmocka_unit_test(module_abi4_timer_irqs),
		cmocka_unit_test(module_append_histogram),
		cmocka_unit_test(module_text_malformed),
	};

	return cmocka_run_group_tests_name("results", tests, NULL, NULL);
}
