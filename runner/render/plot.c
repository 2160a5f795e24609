// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "plot.h"
#include "plot_internal.h"
#include "util.h"

#include <errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every run of every side must have the cell, done, with the same steps. */
int plot__need_cell(struct side *sides, size_t n, const char *cell, const char *figure)
{
	size_t s, r;

	for (s = 0; s < n; s++)
		for (r = 0; r < sides[s].n; r++) {
			json_t *c = run__cell(sides[s].runs[r], cell);
			const char *st = c ? json_string_value(json_object_get(c, "status")) : NULL;

			if (!c || !st || strcmp(st, "done")) {
				vrb_err("%s: cell '%s' is %s there: the %s figure needs it in every "
					"run", sides[s].paths[r], cell, c ? st ? st : "without status" :
					"missing", figure);
				return -EINVAL;
			}
		}
	return 0;
}

static double step_p50(json_t *step)
{
	return json_number_value(step__p50(step));
}

/*
 * One value of step j of a cell in every run of a side that has it (get
 * returns NAN where a run lacks it), sorted; returns how many.
 */
size_t plot__step_values(struct side *s, const char *cell, size_t j,
			  double (*get)(json_t *step), double *v, size_t cap)
{
	size_t r, k = 0;

	for (r = 0; r < s->n && k < cap; r++) {
		json_t *st = json_array_get(json_object_get(run__cell(s->runs[r], cell), "steps"), j);
		double x = st ? get(st) : NAN;

		if (!isnan(x))
			v[k++] = x;
	}
	gsl_sort(v, 1, k);
	return k;
}

static double p50_us(json_t *step)
{
	return step_p50(step) / 1000;
}

double plot__resident_after(json_t *step)
{
	json_t *v = json_object_get(step, "resident_pages_after");

	return json_is_integer(v) ? (double)json_integer_value(v) : NAN;
}

/* median, min and max of one step's p50 over a side's runs, in microseconds */
static void step_spread(struct side *s, const char *cell, size_t j, double *med, double *lo,
			double *hi)
{
	double v[256];
	size_t k = plot__step_values(s, cell, j, p50_us, v, 256);

	*med = k ? gsl_stats_median_from_sorted_data(v, 1, k) : NAN;
	*lo = k ? v[0] : NAN;
	*hi = k ? v[k - 1] : NAN;
}

static long step_long(struct side *s, const char *cell, size_t j, const char *key)
{
	json_t *st = json_array_get(json_object_get(run__cell(s->runs[0], cell), "steps"), j);

	return (long)json_integer_value(json_object_get(st, key));
}

FILE *plot__open_tsv(const char *dir, const char *name, const char *header)
{
	char *path = vrb_fmt("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	if (!f)
		vrb_err("cannot write %s: %m", path);
	else
		fprintf(f, "# %s\n", header);
	free(path);
	return f;
}

static const char *human_bytes(long b, char *buf, size_t len)
{
	if (b >= 1 << 20 && !(b % (1 << 20)))
		snprintf(buf, len, "%ldM", b >> 20);
	else if (b >= 1 << 10 && !(b % (1 << 10)))
		snprintf(buf, len, "%ldK", b >> 10);
	else
		snprintf(buf, len, "%ld", b);
	return buf;
}

static int latency_tsv(struct side *sides, size_t n, const char *dir)
{
	static const char *const patterns[] = { "grow", "shrink", "regrow", "append" };
	double med, lo, hi;
	size_t p, s, j;
	FILE *f;

	for (p = 0; p < 4; p++) {
		char *name = vrb_fmt("latency-%s.tsv", patterns[p]);

		if (plot__need_cell(sides, n, patterns[p], "latency"))
			return -EINVAL;
		f = plot__open_tsv(dir, name, "x median_us min_us max_us label (one block per kernel)");
		free(name);
		if (!f)
			return -EIO;
		for (s = 0; s < n; s++) {
			json_t *steps = json_object_get(run__cell(sides[s].runs[0], patterns[p]), "steps");

			for (j = 0; j < json_array_size(steps); j++) {
				json_t *st = json_array_get(steps, j);
				char a[24], b[24];

				step_spread(&sides[s], patterns[p], j, &med, &lo, &hi);
				/* ladders: x is the size; regrow and append: the step's index */
				fprintf(f, "%ld\t%.3f\t%.3f\t%.3f\t\"%s %s->%s\"\n", p < 2 ?
					step_long(&sides[s], patterns[p], j, "new_bytes") : (long)j,
					med, lo, hi, json_string_value(json_object_get(st, "op")),
					human_bytes(step_long(&sides[s], patterns[p], j, "old_bytes"), a,
						    sizeof(a)),
					human_bytes(step_long(&sides[s], patterns[p], j, "new_bytes"), b,
						    sizeof(b)));
			}
			fprintf(f, "\n\n");
		}
		fclose(f);
	}
	return 0;
}

/* One row: a shrink step of a cell: pages before, after per kernel, share returned. */
static void savings_row(FILE *f, struct side *sides, size_t n, const char *cell, size_t j)
{
	char a[24], b[24];
	size_t s;
	long before = step_long(&sides[0], cell, j, "resident_pages_before");

	fprintf(f, "%s->%s\t%ld", human_bytes(step_long(&sides[0], cell, j, "old_bytes"), a, sizeof(a)),
		human_bytes(step_long(&sides[0], cell, j, "new_bytes"), b, sizeof(b)), before);
	for (s = 0; s < n; s++)
		fprintf(f, "\t%ld", step_long(&sides[s], cell, j, "resident_pages_after"));
	for (s = 0; s < n; s++) {
		long bs = step_long(&sides[s], cell, j, "resident_pages_before");
		long as = step_long(&sides[s], cell, j, "resident_pages_after");

		fprintf(f, "\t%.2f", bs > 0 ? 100.0 * (bs - as) / bs : 0);
	}
	fputc('\n', f);
}

static int savings_tsv(struct side *sides, size_t n, const char *dir)
{
	json_t *steps;
	size_t j;
	FILE *f;

	if (plot__need_cell(sides, n, "walk-256k-16k", "savings") || plot__need_cell(sides, n, "shrink", "savings"))
		return -EINVAL;
	f = plot__open_tsv(dir, "savings.tsv", "step before after_1..after_n returned_percent_1..n");
	if (!f)
		return -EIO;
	savings_row(f, sides, n, "walk-256k-16k", 1);	/* the claim: 256K -> 16K */
	steps = json_object_get(run__cell(sides[0].runs[0], "shrink"), "steps");
	for (j = 0; j < json_array_size(steps); j++)
		savings_row(f, sides, n, "shrink", j);
	fclose(f);
	return 0;
}

static int ratio_tsv(const json_t *root, const char *dir, double *thr)
{
	size_t i, y = 0;
	json_t *c;
	FILE *f;

	*thr = json_number_value(json_object_get(root, "threshold"));
	f = plot__open_tsv(dir, "ratio.tsv", "y ratio ci_lo ci_hi rgb label");
	if (!f)
		return -EIO;
	json_array_foreach(json_object_get(root, "cells"), i, c) {
		const char *v = json_string_value(json_object_get(c, "verdict"));
		json_t *ci = json_object_get(c, "ci95");
		double r = json_number_value(json_object_get(c, "ratio"));
		long rgb = !strcmp(v, "slower") ? 0xD55E00 : !strcmp(v, "faster") ? 0x009E73 :
			   !strcmp(v, "unchanged") ? 0x000000 : 0x999999;

		if (!(r > 0))
			continue;
		fprintf(f, "%zu\t%.5g\t%.5g\t%.5g\t%ld\t\"%s\"\n", y++, r,
			ci ? json_number_value(json_array_get(ci, 0)) : r,
			ci ? json_number_value(json_array_get(ci, 1)) : r, rgb,
			json_string_value(json_object_get(c, "key")));
	}
	fclose(f);
	return y ? 0 : -EINVAL;
}

/* Run gnuplot on common.gp + NAME.gp for png and svg. */
int plot__render(const char *name, const char *dir, const char *vars, int w, int h,
		  struct plot_set *set, const char *caption)
{
	static const char *const fmts[] = { "png", "svg" };
	char *paths[2], *e, *common = vrb_fmt("%s/plots/common.gp", vrb_root());
	char *tmpl = vrb_fmt("%s/plots/%s.gp", vrb_root(), name), *log = NULL;
	int i, rc = 0;

	for (i = 0; i < 2; i++) {
		paths[i] = vrb_fmt("%s/%s.%s", dir, name, fmts[i]);
		e = vrb_fmt("fmt='%s'; out='%s'; dir='%s'; w=%d; h=%d; %s", fmts[i], paths[i], dir, w,
			    h, vars);
		if (!rc && vrb_run((char *[]){ "gnuplot", "-e", e, common, tmpl, NULL }, &log)) {
			vrb_err("gnuplot failed on %s (%s)", tmpl, fmts[i]);
			rc = -EIO;
		}
		free(log);
		log = NULL;
		free(e);
	}
	free(common);
	free(tmpl);
	if (rc) {
		free(paths[0]);
		free(paths[1]);
		return rc;
	}
	set->fig = realloc(set->fig, (set->n + 1) * sizeof(*set->fig));
	set->fig[set->n].name = strdup(name);
	set->fig[set->n].png = paths[0];
	set->fig[set->n].svg = paths[1];
	set->fig[set->n++].caption = strdup(caption);
	return 0;
}

static char *names_var(char **labels, size_t n)
{
	char *s = strdup(""), *t;
	size_t i;

	for (i = 0; i < n; i++) {
		t = vrb_fmt("%s%s%s", s, i ? " " : "", labels[i]);
		free(s);
		s = t;
	}
	return s;
}

/* Sides whose cells are bound to (cpu_node, mem_node) pairs: the NUMA suite. */
bool plot__is_numa(struct side *sides, size_t n)
{
	size_t s;

	for (s = 0; s < n; s++) {
		json_t *c = json_array_get(json_object_get(sides[s].runs[0], "cells"), 0);
		json_t *b = json_object_get(c, "binding");

		if (!json_is_integer(json_object_get(b, "cpu_node")) ||
		    !json_is_integer(json_object_get(b, "mem_node")))
			return false;
	}
	return n > 0;
}

/* numa-K.tsv: the last grow rung of each grow@cpuX-memY cell, and placement. */
static int numa_tsv(struct side *sides, size_t n, const char *dir, double *cbmax)
{
	size_t s, i;
	json_t *c;

	*cbmax = 0;
	for (s = 0; s < n; s++) {
		char *name = vrb_fmt("numa-%zu.tsv", s + 1);
		FILE *f = plot__open_tsv(dir, name, "cpu_node mem_node latency_ms local_percent");

		free(name);
		if (!f)
			return -EIO;
		json_array_foreach(json_object_get(sides[s].runs[0], "cells"), i, c) {
			json_t *b = json_object_get(c, "binding"), *steps = json_object_get(c, "steps");
			json_t *last = json_array_get(steps, json_array_size(steps) - 1);
			json_t *np = json_object_get(last, "node_pages_after");
			long mem = (long)json_integer_value(json_object_get(b, "mem_node")), tot = 0;
			const char *cn = json_string_value(json_object_get(c, "name"));
			double med, lo, hi;
			size_t k;

			/* the grow@cpuX-memY cells only: a cell with no memory
			 * binding (grow-node-arg, mem_node = any) is no matrix cell
			 */
			if (strncmp(cn ?: "", "grow@", 5) || !last ||
			    !json_is_integer(json_object_get(b, "mem_node")))
				continue;
			for (k = 0; k < json_array_size(np); k++)
				tot += (long)json_integer_value(json_array_get(np, k));
			step_spread(&sides[s], cn, json_array_size(steps) - 1, &med, &lo, &hi);
			*cbmax = med / 1000 > *cbmax ? med / 1000 : *cbmax;
			fprintf(f, "%lld\t%ld\t%.4f\t%.1f\n",
				json_integer_value(json_object_get(b, "cpu_node")), mem, med / 1000,
				tot ? 100.0 * json_integer_value(json_array_get(np, mem)) / tot : 0);
		}
		fclose(f);
	}
	return 0;
}

int plot__render_all(struct side *sides, char **labels, size_t n, const char *dir,
		     const json_t *judged, struct plot_set *set)
{
	char *names = names_var(labels, n), *vars;
	double thr = 0.05;
	int rc = 0;

	vrb_mkdirs(dir);
	if (plot__is_numa(sides, n)) {
		double cbmax;

		rc = numa_tsv(sides, n, dir, &cbmax);
		vars = vrb_fmt("names='%s'; nk=%zu; cbmax=%g; title_text='NUMA: CPU node of the writer "
			       "x its memory node, last grow rung'", names, n, cbmax * 1.05);
		rc = rc ? rc : plot__render("numa", dir, vars, 520 * (int)n + 80, 480, set,
				      "Each square is the writer's CPU node (row) against the node its "
				      "memory was bound to (column): colour and the first number are the "
				      "time of the last grow rung; the second is the share of the area's "
				      "pages found on the node asked for (100 % = placement obeyed).");
		free(vars);
		free(names);
		return rc;
	}
	rc = latency_tsv(sides, n, dir);
	vars = vrb_fmt("names='%s'; nk=%zu; title_text='vrealloc() latency by size: %s'", names, n,
		       names);
	rc = rc ? rc : plot__render("latency", dir, vars, 1200, 860, set,
			      "Time of one vrealloc() against the size it resizes to, log-log, one "
			      "panel per pattern and one colour per kernel: the line is the median "
			      "over runs of each run's p50, the band spans the fastest to the slowest "
			      "run. A line that bends upward where another stays straight is where a "
			      "kernel starts copying.");
	free(vars);
	if (!rc)
		rc = savings_tsv(sides, n, dir);
	vars = vrb_fmt("names='%s'; nk=%zu; title_text='Pages kept after each shrink (and the share "
		       "returned)'", names, n);
	rc = rc ? rc : plot__render("savings", dir, vars, 1200, 640, set,
			      "For each shrink (first the 256K -> 16K of the savings claim, then the "
			      "shrink ladder), the grey bar is the pages mapped before it on the "
			      "first kernel and each kernel's bar the pages still mapped after it, "
			      "log scale; the percentage is the share of what that kernel held that "
			      "the shrink gave back (64 -> 4 pages is 93.75 %; 0 % means it kept "
			      "every page).");
	free(vars);
	if (!rc && judged && !(rc = ratio_tsv(judged, dir, &thr))) {
		vars = vrb_fmt("thr=%g; title_text='%s -> %s: each row, new / base, 95%% interval'",
			       thr, labels[0], labels[n - 1]);
		rc = plot__render("ratio", dir, vars, 1100, 1500, set,
			    "Each row of the comparison: its latency ratio (last kernel over first) "
			    "as a point with its 95 % interval as a bar, log scale. Red: slower "
			    "beyond the threshold (dashed), green: faster, black: unchanged (the "
			    "interval lies inside the dashes), grey: undecided or short of runs.");
		free(vars);
	}
	free(names);
	return rc;
}

void plot_set__free(struct plot_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->fig[i].name);
		free(set->fig[i].png);
		free(set->fig[i].svg);
		free(set->fig[i].caption);
	}
	free(set->fig);
	memset(set, 0, sizeof(*set));
}

int plot__load(char **args, size_t n, struct side **sides, char ***labels)
{
	size_t i, j;

	if (n < 2) {
		vrb_err("plotting needs two or more kernels or commits to set side by side "
			"(got %zu)", n);
		return -EINVAL;
	}
	*sides = calloc(n, sizeof(**sides));
	*labels = calloc(n, sizeof(char *));
	for (i = 0; i < n; i++) {
		json_t *k;
		const char *rel;

		if (side__load(args[i], &(*sides)[i]))
			return -EINVAL;
		k = json_object_get((*sides)[i].runs[0], "kernel");
		rel = json_string_value(json_object_get(k, "release")) ?: args[i];
		(*labels)[i] = strdup(rel);
		for (j = 0; j < i; j++)	/* the same kernel twice (A/A): tell them apart */
			if (!strcmp((*labels)[j], (*labels)[i])) {
				free((*labels)[i]);
				(*labels)[i] = vrb_fmt("%s#%zu", rel, i + 1);
				break;
			}
	}
	return 0;
}
