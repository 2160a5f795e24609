// SPDX-License-Identifier: GPL-2.0
/*
 * A judgement as its readers want it: the table (or markdown) that benchstat
 * and hyperfine taught, memory and moves, what got worse, the verdict last;
 * or one JSON document for tools.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"
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

static void print_table(FILE *f, const struct pool_row *rows, size_t n, bool md)
{
	char a[32], b[32];
	size_t i;

	fprintf(f, md ? "| cell #step op sizes | base p50 | new p50 | ratio | 95%% CI | p (Holm) | verdict |\n"
		    "|---|---:|---:|---:|---|---:|---|\n" :
		    "%-46s %10s %10s %7s %17s %9s  %s\n", "cell #step op sizes", "base p50",
	       "new p50", "ratio", "95% CI", "p (Holm)", "verdict");
	for (i = 0; i < n; i++) {
		const struct pool_row *r = &rows[i];

		if (r->step < 0 || (!r->nb && !r->nn))
			continue;
		if (r->r.verdict == CMP_NOT_ENOUGH) {	/* the ratio of medians, but no p, no interval */
			char ratio[16] = "-";

			if (r->nb && r->nn && r->r.ratio > 0)
				snprintf(ratio, sizeof(ratio), "%.3f", r->r.ratio);
			fprintf(f, md ? "| %s | %s | %s | %s | | | not enough data (%zu and %zu runs) |\n" :
				    "%-46s %10s %10s %7s                  -         -  not enough data (%zu and %zu runs)\n",
			       r->key, r->nb ? human_ns(r->r.base_median, a, sizeof(a)) : "-",
			       r->nn ? human_ns(r->r.new_median, b, sizeof(b)) : "-", ratio, r->nb, r->nn);
			continue;
		}
		fprintf(f, md ? "| %s | %s | %s | %.3f | [%.3f, %.3f] | %.3g | %s |\n" :
			    "%-46s %10s %10s %7.3f  [%6.3f, %6.3f] %9.3g  %s\n", r->key,
		       human_ns(r->r.base_median, a, sizeof(a)), human_ns(r->r.new_median, b, sizeof(b)),
		       r->r.ratio, r->r.ci_lo, r->r.ci_hi, cmp__p_shown(&r->r),
		       cmp__verdict_name(r->r.verdict));
	}
}

static struct exact *resident(const struct pool_row *r)
{
	return row__exact((struct pool_row *)r, "resident_pages_after");
}

/* Resident pages after each step whose median changed: what a reader checks a claim with. */
static void print_memory(FILE *f, const struct pool_row *rows, size_t n, bool md)
{
	double b, nw;
	size_t i;

	fprintf(f, md ? "\n| memory (exact): resident pages after the step, median of the runs | base | new | change |\n|---|---:|---:|---|\n" :
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
		fprintf(f, md ? "| %s | %g | %g | %s |\n" : "  %-46s %8g -> %-8g %s\n", rows[i].key, b, nw,
		       change);
	}
}

/* Whether resizes move the pointer (a copy), summed over all runs. */
static void print_moves(FILE *f, const struct pool_row *rows, size_t n, bool md)
{
	size_t i, k;

	fprintf(f, md ? "\n| pointer moves (copies), all runs | base | new |\n|---|---:|---:|\n" :
		    "\npointer moves (a move is a copy), over all runs\n");
	for (i = 0; i < n; i++) {
		struct exact *m = row__exact((struct pool_row *)&rows[i], "moved");
		long mb = 0, mn = 0;

		if (!m || !m->nb || !m->nn)
			continue;
		for (k = 0; k < m->nb; k++)
			mb += m->base[k];
		for (k = 0; k < m->nn; k++)
			mn += m->new[k];
		if ((mb == 0) == (mn == 0))
			continue;
		fprintf(f, md ? "| %s | %ld in %zu runs | %ld in %zu runs |\n" :
			    "  %-46s %ld in %zu runs -> %ld in %zu runs\n", rows[i].key, mb, m->nb, mn,
		       m->nn);
	}
}

static void print_findings(FILE *f, const struct finding *fs, size_t n, bool md)
{
	int dir;
	size_t i, shown;

	for (dir = 1; dir >= -1; dir -= 2) {
		for (i = 0, shown = 0; i < n; i++) {
			if (fs[i].dir != dir)
				continue;
			if (!shown++)
				fprintf(f, md ? "\n| %s | |\n|---|---|\n" : "\n%s\n", dir > 0 ?
				       "lost or worse (exact, every run counts): each is a regression" :
				       "better (exact)");
			fprintf(f, md ? "| %s | %s |\n" : "  %-46s %s\n", fs[i].key, fs[i].text);
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
static json_t *exact_json(const struct pool_row *r)
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
json_t *judgement__json(const struct judgement *j)
{
	const struct side *base = &j->base, *new = &j->new;
	const struct pool_row *rows = j->rows;
	const struct finding *f = j->findings;
	const struct judge_tally *t = &j->tally;
	const struct gates *g = &j->gates;
	size_t n = j->nrows, nf = j->nfindings, i;
	json_t *cells = json_array(), *o;

	for (i = 0; i < n; i++) {
		const struct pool_row *r = &rows[i];

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
		if (r->r.verdict != CMP_NOT_ENOUGH) {
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
	json_object_set_new(o, "verdict", json_string(j->verdict));
	json_object_set_new(o, "threshold", json_real(g->cmp.threshold));
	/* alpha as applied: per look when `ci` split it over its looks */
	json_object_set_new(o, "alpha", json_real(g->cmp.alpha));
	json_object_set_new(o, "looks", json_integer(j->looks));
	json_object_set_new(o, "geomean_ratio", json_null());
	if (t->in_geomean)
		json_object_set_new(o, "geomean_ratio", json_real(exp(t->log_sum / t->in_geomean)));
	return o;
}


void judgement__print_json(const struct judgement *j, FILE *f)
{
	json_t *doc = judgement__json(j);

	json_dumpf(doc, f, JSON_INDENT(1));
	fputc('\n', f);
	json_decref(doc);
}

void judgement__print(const struct judgement *j, FILE *f, bool md)
{
	double geomean = judgement__geomean(j);

	fprintf(f, "base: %s (%zu runs)   new: %s (%zu runs)\n\n", j->base.label, j->base.n,
		j->new.label, j->new.n);
	print_table(f, j->rows, j->nrows, md);
	print_memory(f, j->rows, j->nrows, md);
	print_moves(f, j->rows, j->nrows, md);
	print_findings(f, j->findings, j->nfindings, md);
	if (j->tally.in_geomean)
		fprintf(f, "\ngeomean ratio over %zu cells: %.3f\n", j->tally.in_geomean, geomean);
	fprintf(f, "%sverdict: %s\n", j->tally.in_geomean ? "" : "\n", j->verdict);
}
