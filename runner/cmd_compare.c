// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench compare BASE NEW: is NEW worse than BASE, by how much, how sure?
 * First whether the two are comparable at all (comparable.c), then latency
 * per cell and step (compare.c: slower / faster / unchanged / ~, Holm across
 * cells) and the exact metrics (exact.c: anything lost or worse in any run).
 * BASE and NEW: result files, directories, or kernel names (their newest
 * session in results/).
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
#include "comparable.h"
#include "compare.h"
#include "exact.h"
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

/* What one comparison found, for the verdict and the exit code. */
struct tally {
	size_t rows, slower, faster, unchanged, undecided, not_enough, worse, better;
	double log_sum;
	size_t in_geomean;
};

static void print_table(const struct row *rows, size_t n, bool md)
{
	char a[32], b[32];
	size_t i;

	printf(md ? "| cell #step op sizes | base p50 | new p50 | ratio | 95%% CI | p (Holm) | verdict |\n"
		    "|---|---:|---:|---:|---|---:|---|\n" :
		    "%-46s %10s %10s %7s %17s %9s  %s\n", "cell #step op sizes", "base p50",
	       "new p50", "ratio", "95% CI", "p (Holm)", "verdict");
	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		if (r->step < 0 || (!r->nb && !r->nn))
			continue;
		if (r->r.verdict == V_NOT_ENOUGH) {	/* the ratio of medians, but no p, no interval */
			char ratio[16] = "-";

			if (r->nb && r->nn && r->r.ratio > 0)
				snprintf(ratio, sizeof(ratio), "%.3f", r->r.ratio);
			printf(md ? "| %s | %s | %s | %s | | | not enough data (%zu and %zu runs) |\n" :
				    "%-46s %10s %10s %7s                  -         -  not enough data (%zu and %zu runs)\n",
			       r->key, r->nb ? human_ns(r->r.base_median, a, sizeof(a)) : "-",
			       r->nn ? human_ns(r->r.new_median, b, sizeof(b)) : "-", ratio, r->nb, r->nn);
			continue;
		}
		printf(md ? "| %s | %s | %s | %.3f | [%.3f, %.3f] | %.3g | %s |\n" :
			    "%-46s %10s %10s %7.3f  [%6.3f, %6.3f] %9.3g  %s\n", r->key,
		       human_ns(r->r.base_median, a, sizeof(a)), human_ns(r->r.new_median, b, sizeof(b)),
		       r->r.ratio, r->r.ci_lo, r->r.ci_hi, cmp__p_shown(&r->r),
		       cmp__verdict_name(r->r.verdict));
	}
}

static struct exact *resident(const struct row *r)
{
	return row__exact((struct row *)r, "resident_pages_after");
}

/* Resident pages after each step whose median changed: what a reader checks a claim with. */
static void print_memory(const struct row *rows, size_t n, bool md)
{
	double b, nw;
	size_t i;

	printf(md ? "\n| memory (exact): resident pages after the step, median of the runs | base | new | change |\n|---|---:|---:|---|\n" :
		    "\nmemory (exact): resident pages after the step, median of the runs\n");
	for (i = 0; i < n; i++) {
		const struct exact *e = resident(&rows[i]);
		char change[48];

		if (!e || !e->nb || !e->nn)
			continue;
		b = exact__median(e->base, e->nb);
		nw = exact__median(e->new, e->nn);
		if (b == nw)
			continue;
		if (b > 0)
			snprintf(change, sizeof(change), "%+.2f %%", 100.0 * (nw - b) / b);
		else
			snprintf(change, sizeof(change), "%+g pages", nw - b);
		printf(md ? "| %s | %g | %g | %s |\n" : "  %-46s %8g -> %-8g %s\n", rows[i].key, b, nw,
		       change);
	}
}

/* Whether resizes move the pointer (a copy), summed over all runs. */
static void print_moves(const struct row *rows, size_t n, bool md)
{
	size_t i, k;

	printf(md ? "\n| pointer moves (copies), all runs | base | new |\n|---|---:|---:|\n" :
		    "\npointer moves (a move is a copy), over all runs\n");
	for (i = 0; i < n; i++) {
		struct exact *m = row__exact((struct row *)&rows[i], "moved");
		long mb = 0, mn = 0;

		if (!m || !m->nb || !m->nn)
			continue;
		for (k = 0; k < m->nb; k++)
			mb += m->base[k];
		for (k = 0; k < m->nn; k++)
			mn += m->new[k];
		if ((mb == 0) == (mn == 0))
			continue;
		printf(md ? "| %s | %ld in %zu runs | %ld in %zu runs |\n" :
			    "  %-46s %ld in %zu runs -> %ld in %zu runs\n", rows[i].key, mb, m->nb, mn,
		       m->nn);
	}
}

static void print_findings(const struct finding *f, size_t n, bool md)
{
	int dir;
	size_t i, shown;

	for (dir = 1; dir >= -1; dir -= 2) {
		for (i = 0, shown = 0; i < n; i++) {
			if (f[i].dir != dir)
				continue;
			if (!shown++)
				printf(md ? "\n| %s | |\n|---|---|\n" : "\n%s\n", dir > 0 ?
				       "lost or worse (exact, every run counts): each is a regression" :
				       "better (exact)");
			printf(md ? "| %s | %s |\n" : "  %-46s %s\n", f[i].key, f[i].text);
		}
	}
}

static json_t *findings_json(const struct finding *f, size_t n, int dir)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i].dir == dir)
			json_array_append_new(a, json_pack("{ssss}", "key", f[i].key, "what", f[i].text));
	return a;
}

static json_t *longs(const long *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

/* A row's exact metrics, one value per run: {"moved": {"base": [...], "new": [...]}} */
static json_t *exact_json(const struct row *r)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < r->nexact; i++)
		json_object_set_new(o, r->exact[i].name,
				    json_pack("{soso}", "base", longs(r->exact[i].base, r->exact[i].nb),
					      "new", longs(r->exact[i].new, r->exact[i].nn)));
	return o;
}

/* The whole comparison as one JSON document, for tools. */
static void print_json(const struct side *base, const struct side *new, const struct row *rows,
		       size_t n, const struct finding *f, size_t nf, const struct tally *t,
		       const struct gates *g, const char *verdict)
{
	json_t *cells = json_array(), *o;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		if (r->step < 0 || (!r->nb && !r->nn))
			continue;
		o = json_pack("{sssIsIss}", "key", r->key, "runs_base", (json_int_t)r->nb,
			      "runs_new", (json_int_t)r->nn, "verdict",
			      cmp__verdict_name(r->r.verdict));
		if (r->nb && r->nn) {
			json_object_set_new(o, "base_p50_ns", json_real(r->r.base_median));
			json_object_set_new(o, "new_p50_ns", json_real(r->r.new_median));
		}
		if (r->nb && r->nn && r->r.ratio > 0)
			json_object_set_new(o, "ratio", json_real(r->r.ratio));
		json_object_set_new(o, "exact", exact_json(r));
		if (r->r.verdict != V_NOT_ENOUGH) {
			json_object_set_new(o, "ci95", json_pack("[ff]", r->r.ci_lo, r->r.ci_hi));
			json_object_set_new(o, "p_slower_holm", json_real(r->r.p_slower_adj));
			json_object_set_new(o, "p_faster_holm", json_real(r->r.p_faster_adj));
		}
		json_array_append_new(cells, o);
	}
	o = json_object();
	json_object_set_new(o, "base", json_pack("{sssI}", "label", base->label, "runs",
						 (json_int_t)base->n));
	json_object_set_new(o, "new", json_pack("{sssI}", "label", new->label, "runs",
						(json_int_t)new->n));
	json_object_set_new(o, "cells", cells);
	json_object_set_new(o, "worse", findings_json(f, nf, 1));
	json_object_set_new(o, "better", findings_json(f, nf, -1));
	json_object_set_new(o, "counts", json_pack("{sIsIsIsIsIsI}", "slower", (json_int_t)t->slower,
						   "faster", (json_int_t)t->faster, "unchanged",
						   (json_int_t)t->unchanged, "undecided",
						   (json_int_t)t->undecided, "not_enough_data",
						   (json_int_t)t->not_enough, "worse",
						   (json_int_t)t->worse));
	json_object_set_new(o, "verdict", json_string(verdict));
	json_object_set_new(o, "threshold", json_real(g->cmp.threshold));
	json_object_set_new(o, "geomean_ratio", json_null());
	if (t->in_geomean)
		json_object_set_new(o, "geomean_ratio", json_real(exp(t->log_sum / t->in_geomean)));
	json_dumpf(o, stdout, JSON_INDENT(1));
	putchar('\n');
	json_decref(o);
}

static void tally__count(struct tally *t, const struct row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		if (r->step < 0 || (!r->nb && !r->nn))
			continue;
		t->rows++;
		switch (r->r.verdict) {
		case V_REGRESSED: t->slower++; break;
		case V_IMPROVED: t->faster++; break;
		case V_UNCHANGED: t->unchanged++; break;
		case V_UNDECIDED: t->undecided++; break;
		case V_NOT_ENOUGH: t->not_enough++; break;
		}
		if (r->r.verdict != V_NOT_ENOUGH && r->r.ratio > 0) {
			t->log_sum += log(r->r.ratio);
			t->in_geomean++;
		}
	}
}

static void compare_usage(FILE *f)
{
	fprintf(f, "usage: vrbench compare [--gate] [--gate-allow-undecided N|N%%] [--gates FILE]\n"
		   "                       [--allow-mismatch KEY[,KEY]] [--format table|markdown|json]\n"
		   "                       BASE NEW\n\n"
		   "BASE and NEW: result files, directories of them, or kernel names (their newest\n"
		   "session in results/).  Refused (exit 2) when the two did not measure the same\n"
		   "thing the same way: clock, bench, job lines, accelerator, CPUs, page size,\n"
		   "init_on_alloc/free, kasan (--allow-mismatch KEY allows one, never the clock).\n"
		   "Latency per cell and step: slower / faster when the change is significantly past\n"
		   "the threshold (Welch t on logs, Holm across cells), unchanged when the 95%% interval\n"
		   "is within it, ~ otherwise.  Exact metrics (cells that failed or went missing,\n"
		   "errors, moves, resident and vmalloc pages, memcg): anything worse in any run.\n"
		   "Exit with --gate: 0 every gated cell decided and nothing worse, 1 a regression,\n"
		   "125 no regression but cells undecided or short of runs, 2 input error.\n");
}

static int gate_exit(const struct tally *t, const struct gates *g)
{
	if (t->slower || t->worse)
		return 1;
	if (t->undecided + t->not_enough > gates__undecided_allowed(g, t->rows))
		return VRB_EXIT_NOMEASURE;
	return 0;
}

static char *verdict_text(const struct tally *t, const struct gates *g)
{
	const char *head = t->slower || t->worse ? "REGRESSION" :
			   gate_exit(t, g) ? "UNDECIDED" : "no regression";

	return vrb_fmt("%s: %zu slower, %zu lost or worse (exact), %zu faster, %zu unchanged, "
		       "%zu ~, %zu not enough data (threshold %.0f %%, Holm at %.2f, %zu runs a "
		       "side needed%s)", head, t->slower, t->worse, t->faster, t->unchanged,
		       t->undecided, t->not_enough, g->cmp.threshold * 100, g->cmp.alpha,
		       g->cmp.min_runs, !strcmp(head, "UNDECIDED") ?
		       "; the gate passes only when every cell is decided" : "");
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gate", no_argument, NULL, 'g' }, { "gates", required_argument, NULL, 'G' },
		{ "gate-allow-undecided", required_argument, NULL, 'u' },
		{ "allow-mismatch", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' }, { "help", no_argument, NULL, 'h' }, { 0 }
	};
	const char *gates_path = NULL, *format = "table", *undecided = NULL, *allow = "";
	struct side base = { 0 }, new = { 0 };
	struct finding *findings = NULL;
	struct tally t = { 0 };
	struct row *rows = NULL;
	size_t nrows = 0, nf = 0, i;
	bool gate = false, md, json;
	struct cmp_result *rs;
	char err[512], *verdict;
	struct gates g;
	int c, rc;

	while ((c = getopt_long(argc, argv, "gG:u:a:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'g': gate = true; break;
		case 'G': gates_path = optarg; break;
		case 'u': undecided = optarg; break;
		case 'a': allow = optarg; break;
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
	if (undecided && gates__set_undecided(&g, undecided)) {
		vrb_err("--gate-allow-undecided '%s': expected a count or a percentage", undecided);
		return VRB_EXIT_USAGE;
	}
	if (comparable__parse_allow(allow) || load_side(argv[optind], &base) ||
	    load_side(argv[optind + 1], &new) || comparable__check(&base, &new, allow))
		return VRB_EXIT_USAGE;
	abi_check(&base, &new);
	collect(&base, false, &rows, &nrows);
	collect(&new, true, &rows, &nrows);
	rs = calloc(nrows ? nrows : 1, sizeof(*rs));
	for (i = 0; i < nrows; i++)
		cmp__metric(rows[i].base, rows[i].nb, rows[i].new, rows[i].nn, &g.cmp, &rs[i]);
	cmp__correct(rs, nrows, &g.cmp);
	for (i = 0; i < nrows; i++)
		rows[i].r = rs[i];
	free(rs);
	tally__count(&t, rows, nrows);
	exact__compare(rows, nrows, &g, &findings, &nf);
	for (i = 0; i < nf; i++)
		t.worse += findings[i].dir > 0;
	if (!t.rows) {
		vrb_err("no cell and step is measured on either side: nothing to compare");
		rows__free(rows, nrows);
		return VRB_EXIT_NOMEASURE;
	}
	verdict = verdict_text(&t, &g);
	if (json) {
		print_json(&base, &new, rows, nrows, findings, nf, &t, &g, verdict);
	} else {
		printf("base: %s (%zu runs)   new: %s (%zu runs)\n\n", base.label, base.n, new.label,
		       new.n);
		print_table(rows, nrows, md);
		print_memory(rows, nrows, md);
		print_moves(rows, nrows, md);
		print_findings(findings, nf, md);
		if (t.in_geomean)
			printf("\ngeomean ratio over %zu cells: %.3f\n", t.in_geomean,
			       exp(t.log_sum / t.in_geomean));
		printf("%sverdict: %s\n", t.in_geomean ? "" : "\n", verdict);
	}
	rc = gate ? gate_exit(&t, &g) : 0;
	free(verdict);
	findings__free(findings, nf);
	rows__free(rows, nrows);
	side__free(&base);
	side__free(&new);
	return rc;
}
