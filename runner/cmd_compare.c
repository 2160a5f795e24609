// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench compare BASE NEW: is NEW worse than BASE, by how much, how sure?
 * Latency per cell and step: the runs' p50 on each side, ratio of medians
 * with a bootstrap CI, Welch's t on logs, Holm across cells.  Memory: exact,
 * any change reported.  BASE and NEW: result files, directories, or kernel
 * names (their newest session in results/).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "compare.h"
#include "gates.h"
#include "pool.h"
#include "results.h"
#include "util.h"

static const char *human_ns(double ns, char *buf, size_t len)
{
	if (ns >= 1e6)
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	else if (ns >= 1e3)
		snprintf(buf, len, "%.1f us", ns / 1e3);
	else
		snprintf(buf, len, "%.0f ns", ns);
	return buf;
}

static void print_table(struct row *rows, size_t n, const struct gates *g, bool md)
{
	char a[32], b[32];
	size_t i;

	printf(md ? "| cell / step | base p50 | new p50 | ratio | 95%% CI | p (Holm) | verdict |\n"
		    "|---|---:|---:|---:|---|---:|---|\n" :
		    "%-44s %10s %10s %7s %17s %9s  %s\n", "cell / step", "base p50", "new p50",
	       "ratio", "95% CI", "p (Holm)", "verdict");
	for (i = 0; i < n; i++) {
		struct row *r = &rows[i];

		if (!r->nb || !r->nn)
			continue;
		printf(md ? "| %s | %s | %s | %.3f | [%.3f, %.3f] | %.3g | %s |\n" :
			    "%-44s %10s %10s %7.3f  [%6.3f, %6.3f] %9.3g  %s\n", r->key,
		       human_ns(r->r.base_median, a, sizeof(a)), human_ns(r->r.new_median, b, sizeof(b)),
		       r->r.ratio, r->r.ci_lo, r->r.ci_hi, r->r.p_adj, cmp__verdict_name(r->r.verdict));
	}
	(void)g;
}

/* Resident pages after the step grew past the gate's allowance. */
static bool mem_larger(const struct row *r, const struct gates *g)
{
	return r->mem_seen_base && r->mem_seen_new &&
	       r->mem_new_max - r->mem_base_max > g->resident_pages;
}

static json_t *pair(long a, long b)
{
	return json_pack("[II]", (json_int_t)a, (json_int_t)b);
}

/* The whole comparison as one JSON document, for tools. */
static void print_json(const struct side *base, const struct side *new, struct row *rows,
		       size_t n, const struct gates *g, const char *verdict, double geomean)
{
	json_t *cells = json_array(), *o;
	size_t i;

	for (i = 0; i < n; i++) {
		struct row *r = &rows[i];

		o = json_pack("{sssIsI}", "key", r->key, "runs_base", (json_int_t)r->nb,
			      "runs_new", (json_int_t)r->nn);
		if (r->nb && r->nn) {
			json_object_set_new(o, "base_p50_ns", json_real(r->r.base_median));
			json_object_set_new(o, "new_p50_ns", json_real(r->r.new_median));
			json_object_set_new(o, "ratio", json_real(r->r.ratio));
			if (!isnan(r->r.ci_lo))
				json_object_set_new(o, "ci95", json_pack("[ff]", r->r.ci_lo, r->r.ci_hi));
			json_object_set_new(o, "p", json_real(r->r.p));
			json_object_set_new(o, "p_holm", json_real(r->r.p_adj));
			json_object_set_new(o, "verdict", json_string(cmp__verdict_name(r->r.verdict)));
		}
		if (r->mem_seen_base && r->mem_seen_new)
			json_object_set_new(o, "resident_pages_after",
					    json_pack("{soso}", "base", pair(r->mem_base_min, r->mem_base_max),
						      "new", pair(r->mem_new_min, r->mem_new_max)));
		if (r->ops_base && r->ops_new)
			json_object_set_new(o, "moved", json_pack("{soso}",
					    "base", pair(r->moved_base, r->ops_base),
					    "new", pair(r->moved_new, r->ops_new)));
		json_object_set_new(o, "memory_larger", json_boolean(mem_larger(r, g)));
		json_array_append_new(cells, o);
	}
	o = json_pack("{s{sssI}s{sssI}sosfss}", "base", "label", base->label, "runs",
		      (json_int_t)base->n, "new", "label", new->label, "runs", (json_int_t)new->n,
		      "cells", cells, "geomean_ratio", geomean, "verdict", verdict);
	json_dumpf(o, stdout, JSON_INDENT(1));
	putchar('\n');
	json_decref(o);
}

/* Memory is exact: every change is reported, no statistics. Returns gate failures. */
static int print_memory(struct row *rows, size_t n, const struct gates *g, bool md)
{
	int fails = 0;
	size_t i;

	printf(md ? "\n| memory (exact): resident pages after the step | base | new | change |\n|---|---:|---:|---|\n" :
		    "\nmemory (exact): resident pages after the step\n");
	for (i = 0; i < n; i++) {
		struct row *r = &rows[i];
		char base[48], new[48], change[64];

		if (!r->mem_seen_base || !r->mem_seen_new ||
		    (r->mem_base_min == r->mem_new_min && r->mem_base_max == r->mem_new_max))
			continue;
		snprintf(base, sizeof(base), r->mem_base_min == r->mem_base_max ? "%ld" : "%ld..%ld",
			 r->mem_base_min, r->mem_base_max);
		snprintf(new, sizeof(new), r->mem_new_min == r->mem_new_max ? "%ld" : "%ld..%ld",
			 r->mem_new_min, r->mem_new_max);
		if (r->mem_base_max > 0)
			snprintf(change, sizeof(change), "%+.2f %%",
				 100.0 * (r->mem_new_max - r->mem_base_max) / r->mem_base_max);
		else
			snprintf(change, sizeof(change), "%+ld pages", r->mem_new_max - r->mem_base_max);
		if (mem_larger(r, g)) {
			fails++;
			strncat(change, " (more)", sizeof(change) - strlen(change) - 1);
		}
		printf(md ? "| %s | %s | %s | %s |\n" : "  %-44s %8s -> %-8s %s\n", r->key, base, new,
		       change);
	}
	return fails;
}

/* Whether resizes move the pointer (a copy) is exact too. */
static void print_moves(struct row *rows, size_t n, bool md)
{
	size_t i;

	printf(md ? "\n| pointer moves (copies) | base | new |\n|---|---:|---:|\n" :
		    "\npointer moves (a move is a copy), over all runs\n");
	for (i = 0; i < n; i++) {
		struct row *r = &rows[i];

		if (!r->ops_base || !r->ops_new ||
		    (r->moved_base == 0) == (r->moved_new == 0))
			continue;
		printf(md ? "| %s | %ld of %ld | %ld of %ld |\n" :
			    "  %-44s %ld of %ld -> %ld of %ld\n", r->key, r->moved_base, r->ops_base,
		       r->moved_new, r->ops_new);
	}
}

/* Latency on icount (virtual) time and on wall time are different quantities. */
static void clock_check(const struct side *a, const struct side *b)
{
	const char *ca = json_string_value(json_object_get(json_object_get(a->runs[0], "target"),
							   "clock"));
	const char *cb = json_string_value(json_object_get(json_object_get(b->runs[0], "target"),
							   "clock"));

	if (ca && cb && strcmp(ca, cb))
		vrb_info("warning: base was timed on the %s clock, new on the %s clock: latency "
			 "ratios compare different quantities (memory is unaffected)", ca, cb);
}

static const char *run_kernel(const json_t *run, const char *key)
{
	return json_string_value(json_object_get(json_object_get(run, "kernel"), key));
}

/*
 * One catalogue name should be one kernel (config/kernels.lock); results
 * taken before a pin moved, or on a machine with another lock, are not.
 */
static void abi_check(const struct side *a, const struct side *b)
{
	const struct side *sides[2] = { a, b };
	size_t i, j, k, l;

	for (i = 0; i < 2; i++)
		for (j = 0; j < sides[i]->n; j++)
			for (k = i; k < 2; k++)
				for (l = k == i ? j + 1 : 0; l < sides[k]->n; l++) {
					const json_t *r1 = sides[i]->runs[j], *r2 = sides[k]->runs[l];
					const char *n1 = run_kernel(r1, "name"), *n2 = run_kernel(r2, "name");
					const char *a1 = run_kernel(r1, "abi"), *a2 = run_kernel(r2, "abi");

					if (!n1 || !n2 || !a1 || !a2 || strcmp(n1, n2) || !strcmp(a1, a2))
						continue;
					vrb_info("note: kernel '%s' is Debian %s in one run and %s in another "
						 "(%s): one name, two kernels; config/kernels.lock pins a name "
						 "to one ABI", n1, a1, a2, i == k ? (i ? "new" : "base") :
						 "base and new");
					return;
				}
}

static void compare_usage(FILE *f)
{
	fprintf(f, "usage: vrbench compare [--gate] [--gates FILE] [--format table|markdown] BASE NEW\n\n"
		   "BASE and NEW: result files, directories of them, or kernel names (their newest\n"
		   "session in results/).  Latency: per cell and step, the ratio of the medians of\n"
		   "the runs' p50 with a bootstrap 95%% CI and Welch's t on logs, Holm-corrected\n"
		   "across cells; a change is called when significant and past the threshold\n"
		   "(config/gates.ini).  Memory: exact, every change listed.  The verdict is last.\n"
		   "Exit: 0 (with --gate: no regression), 1 regression (--gate), 2 usage or input\n"
		   "error, 125 nothing could be compared.\n");
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gate", no_argument, NULL, 'g' }, { "gates", required_argument, NULL, 'G' },
		{ "format", required_argument, NULL, 'f' }, { "help", no_argument, NULL, 'h' }, { 0 }
	};
	struct side base = { 0 }, new = { 0 };
	const char *gates_path = NULL, *format = "table";
	int c, regressed = 0, improved = 0, mem_fails = 0, compared = 0;
	bool undecided;
	char *verdict;
	struct row *rows = NULL;
	double log_sum = 0;
	size_t nrows = 0, i;
	bool gate = false, md, json;
	struct gates g;
	char err[512];

	while ((c = getopt_long(argc, argv, "gG:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'g': gate = true; break;
		case 'G': gates_path = optarg; break;
		case 'f': format = optarg; break;
		case 'h': compare_usage(stdout); return 0;
		default: compare_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	md = !strcmp(format, "markdown");
	json = !strcmp(format, "json");
	if (argc - optind != 2 || (!md && !json && strcmp(format, "table"))) {
		compare_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	if (gates__load(gates_path, &g, err, sizeof(err))) {
		vrb_err("%s", err);
		return VRB_EXIT_USAGE;
	}
	if (load_side(argv[optind], &base) || load_side(argv[optind + 1], &new))
		return VRB_EXIT_USAGE;
	clock_check(&base, &new);
	abi_check(&base, &new);
	collect(&base, false, &rows, &nrows);
	collect(&new, true, &rows, &nrows);
	for (i = 0; i < nrows; i++)
		cmp__metric(rows[i].base, rows[i].nb, rows[i].new, rows[i].nn, &g.cmp, &rows[i].r);
	{
		struct cmp_result *rs = calloc(nrows ? nrows : 1, sizeof(*rs));

		for (i = 0; i < nrows; i++)
			rs[i] = rows[i].r;
		cmp__correct(rs, nrows, &g.cmp);
		for (i = 0; i < nrows; i++)
			rows[i].r = rs[i];
		free(rs);
	}
	if (!json) {
		printf("base: %s (%zu runs)   new: %s (%zu runs)\n\n", base.label, base.n, new.label,
		       new.n);
		print_table(rows, nrows, &g, md);
	}
	for (i = 0; i < nrows; i++) {
		if (!rows[i].nb || !rows[i].nn || !(rows[i].r.ratio > 0))
			continue;
		compared++;
		log_sum += log(rows[i].r.ratio);
		regressed += rows[i].r.verdict == V_REGRESSED;
		improved += rows[i].r.verdict == V_IMPROVED;
	}
	for (i = 0; i < nrows; i++)
		mem_fails += mem_larger(&rows[i], &g);
	if (!json) {
		print_memory(rows, nrows, &g, md);
		print_moves(rows, nrows, md);
	}
	if (!compared) {
		vrb_err("no cell and step is measured on both sides: nothing to compare");
		return VRB_EXIT_NOMEASURE;
	}
	for (i = 0; i < nrows && rows[i].r.verdict == V_NOT_ENOUGH; i++)
		;
	undecided = i == nrows;	/* no latency verdict possible: never "no regression" */
	if (undecided)
		verdict = vrb_fmt("not enough data: %zu and %zu runs, %zu a side needed (memory: %d "
				  "metrics larger)", base.n, new.n, g.cmp.min_runs, mem_fails);
	else
		verdict = vrb_fmt("%s: %d slower, %d faster (p50 past %.0f %%, Holm at %.2f, %zu runs "
				  "a side needed), %d memory metrics larger",
				  regressed || mem_fails ? "REGRESSION" : "no regression", regressed,
				  improved, g.cmp.threshold * 100, g.cmp.alpha, g.cmp.min_runs, mem_fails);
	if (json)
		print_json(&base, &new, rows, nrows, &g, verdict, exp(log_sum / compared));
	else
		printf("\ngeomean ratio over %d cells: %.3f\nverdict: %s\n", compared,
		       exp(log_sum / compared), verdict);
	free(verdict);
	if (undecided)
		return gate ? (mem_fails ? 1 : VRB_EXIT_NOMEASURE) : 0;
	return gate && (regressed || mem_fails) ? 1 : 0;
}
