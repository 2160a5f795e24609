// SPDX-License-Identifier: GPL-2.0
/*
 * Two sides judged once: whether they are comparable at all (comparable.c),
 * latency per cell and step (compare.c: slower / faster / unchanged / ~,
 * Holm across cells), the exact metrics (exact.c: anything lost or worse in
 * any run), and from those the verdict and the gate's exit code.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "comparable.h"
#include "compare.h"
#include "judge.h"
#include "util.h"

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

static void tally__count(struct judge_tally *t, const struct pool_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pool_row *r = &rows[i];

		if (r->step < 0 || (!r->nb && !r->nn))
			continue;
		t->rows++;
		switch (r->r.verdict) {
		case CMP_REGRESSED: t->slower++; break;
		case CMP_IMPROVED: t->faster++; break;
		case CMP_UNCHANGED: t->unchanged++; break;
		case CMP_UNDECIDED: t->undecided++; break;
		case CMP_NOT_ENOUGH: t->not_enough++; break;
		}
		if (r->r.verdict != CMP_NOT_ENOUGH && r->r.ratio > 0) {
			t->log_sum += log(r->r.ratio);
			t->in_geomean++;
		}
	}
}

static int gate_exit(const struct judge_tally *t, const struct gates *g)
{
	if (t->slower || t->worse)
		return 1;
	if (t->undecided + t->not_enough > gates__undecided_allowed(g, t->rows))
		return VRB_EXIT_NOMEASURE;
	return 0;
}

static char *verdict_text(const struct judge_tally *t, const struct gates *g, unsigned int looks)
{
	char *split = looks > 1 ? vrb_fmt(", alpha split over %u looks", looks) : strdup("");
	const char *head = t->slower || t->worse ? "REGRESSION" :
			   gate_exit(t, g) ? "UNDECIDED" : "no regression";

	char *text = vrb_fmt("%s: %zu slower, %zu lost or worse (exact), %zu faster, %zu unchanged, "
			     "%zu ~, %zu not enough data (threshold %.0f %%, Holm at %.3g%s, %zu "
			     "runs a side needed%s)", head, t->slower, t->worse, t->faster,
			     t->unchanged, t->undecided, t->not_enough, g->cmp.threshold * 100,
			     g->cmp.alpha, split, g->cmp.min_runs, !strcmp(head, "UNDECIDED") ?
			     "; the gate passes only when every cell is decided" : "");

	free(split);
	return text;
}

/* Latency per row, corrected across the family of rows. */
static void judge__latency(struct judgement *j)
{
	struct cmp_result *rs = calloc(j->nrows ? j->nrows : 1, sizeof(*rs));
	size_t i;

	if (!rs)
		abort();
	for (i = 0; i < j->nrows; i++)
		cmp__metric(j->rows[i].base, j->rows[i].nb, j->rows[i].new, j->rows[i].nn,
			    &j->gates.cmp, &rs[i]);
	cmp__correct(rs, j->nrows, &j->gates.cmp);
	for (i = 0; i < j->nrows; i++)
		j->rows[i].r = rs[i];
	free(rs);
}

static int judge__load(const char *base, const char *new, const struct judge_opts *o,
		       struct judgement *j)
{
	const char *allow = o && o->allow_mismatch ? o->allow_mismatch : "";
	char err[512];

	if (gates__load(o ? o->gates_path : NULL, &j->gates, err, sizeof(err))) {
		vrb_err("%s", err);
		return -EINVAL;
	}
	if (o && o->allow_undecided && gates__set_undecided(&j->gates, o->allow_undecided)) {
		vrb_err("--gate-allow-undecided '%s': expected a count or a percentage",
			o->allow_undecided);
		return -EINVAL;
	}
	j->looks = o && o->looks > 1 ? o->looks : 1;
	j->gates.cmp.alpha /= j->looks;	/* looks.h: Bonferroni over the planned looks */
	if (comparable__parse_allow(allow) || side__load(base, &j->base) ||
	    side__load(new, &j->new) || comparable__check(&j->base, &j->new, allow))
		return -EINVAL;
	return 0;
}

int judge__sides(const char *base, const char *new, const struct judge_opts *o,
		 struct judgement *j)
{
	size_t i;
	int rc;

	memset(j, 0, sizeof(*j));
	rc = judge__load(base, new, o, j);
	if (rc) {
		judgement__free(j);
		return rc;
	}
	abi_check(&j->base, &j->new);
	rows__collect(&j->base, false, &j->rows, &j->nrows);
	rows__collect(&j->new, true, &j->rows, &j->nrows);
	judge__latency(j);
	tally__count(&j->tally, j->rows, j->nrows);
	exact__compare(j->rows, j->nrows, &j->gates, &j->findings, &j->nfindings);
	for (i = 0; i < j->nfindings; i++)
		j->tally.worse += j->findings[i].dir > 0;
	if (!j->tally.rows) {
		vrb_err("no cell and step is measured on either side: nothing to compare");
		judgement__free(j);
		return -ENODATA;
	}
	j->verdict = verdict_text(&j->tally, &j->gates, j->looks);
	j->gate_exit = gate_exit(&j->tally, &j->gates);
	return 0;
}

const char *judge__gate_meaning(int gate_exit)
{
	return gate_exit == 0 ? "the gate passes (exit 0)" :
	       gate_exit == 1 ? "the gate fails: a regression (exit 1)" :
	       "the gate cannot decide (exit 125)";
}

double judgement__geomean(const struct judgement *j)
{
	return j->tally.in_geomean ? exp(j->tally.log_sum / j->tally.in_geomean) : 0;
}

void judgement__free(struct judgement *j)
{
	free(j->verdict);
	findings__free(j->findings, j->nfindings);
	rows__free(j->rows, j->nrows);
	side__free(&j->base);
	side__free(&j->new);
	memset(j, 0, sizeof(*j));
}
