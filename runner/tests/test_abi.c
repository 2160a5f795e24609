// SPDX-License-Identifier: GPL-2.0
/*
 * The module's ABI has one table (kmod/vrb_abi_table.h): its documentation
 * (kmod/ABI.md) lists exactly its job keys and patterns, and a bench file
 * accepts every key the module parses (drift seen: jitter and drain refused
 * as typos by the runner, edges missing from ABI.md).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bench.h"
#include "modresult.h"
#include "util.h"

static const char *const table_keys[] = {
#define VRB_JOB_KEY(name, since) #name,
#include "kmod/vrb_abi_table.h"
	NULL,
};

static const char *const table_patterns[] = {
#define VRB_PATTERN(name, id) #name,
#include "kmod/vrb_abi_table.h"
	NULL,
};

static const char *const table_lines[] = {
#define VRB_RESULT_LINE(name, since) #name,
#include "kmod/vrb_abi_table.h"
	NULL,
};

static const char *const table_step_fields[] = {
#define VRB_STEP_FIELD(name, since) #name,
#include "kmod/vrb_abi_table.h"
	NULL,
};

/* The whole file, or NULL (the caller asserts). */
static char *file_text(const char *path)
{
	char *text = NULL;

	return vrb_read_file(path, &text, NULL) ? NULL : text;
}

/* The `backticked` words of the first (or, for values, second) column of
 * every row of ABI.md's "## Jobs" table, joined as " a b c ". */
static char *doc_words(int column, const char *row_key)
{
	char *text = NULL, *p, *end, *line, *out = calloc(1, 4096);
	size_t len;

	assert_int_equal(vrb_read_file("kmod/ABI.md", &text, &len), 0);
	p = strstr(text, "\n## Jobs\n");
	assert_non_null(p);
	end = strstr(p + 1, "\n## ");
	if (end)
		*end = '\0';
	for (line = strtok(p, "\n"); line; line = strtok(NULL, "\n")) {
		char *cell = line, *bar, *w;
		int c;

		if (strncmp(line, "| `", 3))
			continue;
		if (row_key && strncmp(line + 3, row_key, strlen(row_key)))
			continue;
		for (c = 1; c < column; c++)
			cell = strchr(cell + 1, '|');
		bar = strchr(cell + 1, '|');
		*bar = '\0';
		for (w = strchr(cell, '`'); w; w = strchr(w + 1, '`')) {
			char *close = strchr(w + 1, '`');

			if (!close)
				break;
			strcat(out, " ");
			strncat(out, w + 1, close - w - 1);
			w = close;
		}
	}
	strcat(out, " ");
	free(text);
	return out;
}

/* every name of list is a word of words, and words has no other */
static void same_set(const char *const *list, const char *words, const char *what)
{
	char *rest = strdup(words), probe[128], *hit;
	size_t i;

	for (i = 0; list[i]; i++) {
		snprintf(probe, sizeof(probe), " %s ", list[i]);
		hit = strstr(rest, probe);
		if (!hit)
			fail_msg("%s '%s' is in kmod/vrb_abi_table.h but not in ABI.md", what, list[i]);
		for (; hit; hit = strstr(hit, probe))	/* a key may have two rows */
			memset(hit + 1, ' ', strlen(list[i]));
	}
	for (hit = rest; *hit == ' '; hit++)
		;
	if (*hit)
		fail_msg("ABI.md documents %s that the module does not have: %s", what, hit);
	free(rest);
}

static void abi_md_lists_every_key(void **state)
{
	char *words = doc_words(1, NULL);

	(void)state;
	same_set(table_keys, words, "job key");
	free(words);
}

static void abi_md_lists_every_pattern(void **state)
{
	char *words = doc_words(2, "pattern`");

	(void)state;
	same_set(table_patterns, words, "pattern");
	free(words);
}

/* A cell with every key the module parses, each set: a bench file takes them all. */
static void bench_takes_every_key(void **state)
{
	static const char *const values[][2] = {
		{ "pattern", "grow" }, { "api", "vrealloc" }, { "gfp", "kernel" },
		{ "start", "vmalloc" }, { "node", "none" }, { "thisnode", "0" }, { "alloc_node", "none" }, { "from", "4K" },
		{ "to", "64K" }, { "step", "x2" }, { "elem", "24" }, { "count", "10" },
		{ "sizes", "256K,16K" }, { "gfps", "kernel,nofs" }, { "reps", "3" }, { "warmup", "1" },
		{ "purpose", "calibration" }, { "calibrate_slowdown", "5" }, { "threads", "1" },
		{ "fill", "1" }, { "verify", "1" }, { "drain", "0" }, { "jitter", "0" }, { "scatter", "0" },
	};
	char text[4096] = "[suite]\nname = t\n[cell]\n", err[512];
	struct bench b;
	size_t i, k;

	(void)state;
	for (k = 0; table_keys[k]; k++) {
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
			if (!strcmp(values[i][0], table_keys[k]))
				break;
		if (i == sizeof(values) / sizeof(values[0]))
			fail_msg("no test value for job key '%s'", table_keys[k]);
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s = %s\n",
			 values[i][0], values[i][1]);
	}
	if (bench__parse(text, "test", &b, err, sizeof(err)))
		fail_msg("a bench cell with every job key is refused: %s", err);
	assert_non_null(strstr(b.cells[0].job, "jitter=0"));
	assert_non_null(strstr(b.cells[0].job, "drain=0"));
	bench__free(&b);
}

/* Every line and step field of `result` is in ABI.md's "## result" section. */
static void abi_md_lists_every_result_field(void **state)
{
	char *text = file_text("kmod/ABI.md"), *sec, probe[64];
	size_t i;

	(void)state;
	assert_non_null(text);
	sec = strstr(text, "\n## result\n");
	assert_non_null(sec);
	for (i = 0; table_lines[i]; i++) {
		snprintf(probe, sizeof(probe), "%s=", table_lines[i]);
		if (!strstr(sec, probe))
			fail_msg("result line '%s' is in kmod/vrb_abi_table.h but not in ABI.md", table_lines[i]);
	}
	for (i = 0; table_step_fields[i]; i++) {
		snprintf(probe, sizeof(probe), " %s=", table_step_fields[i]);
		if (!strstr(sec, probe))
			fail_msg("step field '%s' is in kmod/vrb_abi_table.h but not in ABI.md",
				 table_step_fields[i]);
	}
	free(text);
}

/* The runner reads a result with every line and step field of the table, and refuses
 * a step field the table does not name (drift, not a newer ABI: one tree builds both). */
static void modresult_reads_every_field(void **state)
{
	static const char *const values[][2] = {
		{ "op", "shrink" }, { "old", "262144" }, { "new", "16384" }, { "ops", "1" },
		{ "fail", "0" }, { "moved", "0" }, { "verify_errors", "0" }, { "zero_errors", "0" },
		{ "node_errors", "0" }, { "charge_errors", "0" }, { "free_errors", "0" },
		{ "resident_pages_before", "64" }, { "resident_pages_after", "4" },
		{ "nr_vmalloc_delta", "-60" }, { "node_pages", "4" }, { "pages_array_delta", "0" },
		{ "huge", "0" }, { "expect_free", "1" }, { "vmalloc_addr", "1" },
		{ "returned_null", "na" }, { "t_min", "10" }, { "t_p50", "10" }, { "t_mean", "10" },
		{ "t_max", "10" },
	};
	char text[4096], err[256];
	struct mod_result r;
	size_t i, k;
	int n;

	(void)state;
	n = snprintf(text, sizeof(text), "abi=4\njob=pattern=walk sizes=262144,16384\n"
		     "status=done err=0\nclock_overhead_ns=40\nalloc_fail=0\n"
		     "drains=1 drain_ns=100\nwalk_next=1 walk_steps=3 walk_held=1\nsteps=1\nstep=0");
	for (k = 0; table_step_fields[k]; k++) {
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
			if (!strcmp(values[i][0], table_step_fields[k]))
				break;
		if (i == sizeof(values) / sizeof(values[0]))
			fail_msg("no test value for step field '%s'", table_step_fields[k]);
		n += snprintf(text + n, sizeof(text) - n, " %s=%s", values[i][0], values[i][1]);
	}
	snprintf(text + n, sizeof(text) - n, "\nsamples=0 10\ntimer_irqs=0 0\nhist=0 3:1\n");
	for (k = 0; table_lines[k]; k++)
		if (!strstr(text, table_lines[k]))
			fail_msg("result line '%s' has no test line here", table_lines[k]);
	if (modresult__parse(text, &r, err, sizeof(err)))
		fail_msg("a result with every field of the table is refused: %s", err);
	assert_int_equal(r.nsteps, 1);
	assert_int_equal(r.steps[0].resident_after, 4);
	modresult__free(&r);
	strcat(text, "step=1 op=grow bogus=1\n");
	assert_int_not_equal(modresult__parse(text, &r, err, sizeof(err)), 0);
	modresult__free(&r);
}

/* The kselftest reads only fields the table names (step_num() and find()). */
static void selftest_reads_table_fields(void **state)
{
	char *text = file_text("selftests/vrealloc_bench/vrealloc_bench_test.c"), *p, *q, key[64];
	size_t i, seen = 0;
	bool known;

	(void)state;
	assert_non_null(text);
	for (p = text; (p = strstr(p, "step_num(")); p++) {
		q = strchr(p, '"');
		if (!q || q > strchr(p, ')'))
			continue;	/* step_num(i, key): the key is a variable */
		snprintf(key, sizeof(key), "%.*s", (int)(strchr(q + 1, '"') - q - 1), q + 1);
		for (i = 0, known = false; table_step_fields[i]; i++)
			known |= !strcmp(key, table_step_fields[i]);
		if (!known)
			fail_msg("the kselftest reads step field '%s', which the module's table lacks", key);
		seen++;
	}
	assert_true(seen >= 5);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(abi_md_lists_every_key),
		cmocka_unit_test(abi_md_lists_every_pattern),
		cmocka_unit_test(bench_takes_every_key),
		cmocka_unit_test(abi_md_lists_every_result_field),
		cmocka_unit_test(modresult_reads_every_field),
		cmocka_unit_test(selftest_reads_table_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
