// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "exact.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* min, max and the median (times 2, to stay integral) of v */
static void spread(const long *v, size_t n, long *min, long *max, long *twice_median)
{
	long *c = malloc(n * sizeof(long));

	if (!c)
		abort();
	memcpy(c, v, n * sizeof(long));
	qsort(c, n, sizeof(long), cmp_long);
	*min = c[0];
	*max = c[n - 1];
	*twice_median = c[(n - 1) / 2] + c[n / 2];
	free(c);
}

double exact__median(const long *v, size_t n)
{
	long min, max, med2;

	spread(v, n, &min, &max, &med2);
	return med2 / 2.0;
}

int exact__judge(const long *base, size_t nb, const long *new, size_t nn, long allow)
{
	long bmin, bmax, bmed2, nmin, nmax, nmed2;

	if (!nb || !nn)
		return 0;
	spread(base, nb, &bmin, &bmax, &bmed2);
	spread(new, nn, &nmin, &nmax, &nmed2);
	if (nmax > bmax + allow || nmed2 > bmed2 + 2 * allow)
		return 1;
	if (nmin < bmin - allow || nmed2 < bmed2 - 2 * allow)
		return -1;
	return 0;
}

static char *describe(const long *v, size_t n)
{
	long min, max, med2;

	spread(v, n, &min, &max, &med2);
	if (min == max)
		return vrb_fmt("%ld (%zu runs)", min, n);
	return vrb_fmt("%ld..%ld, median %g (%zu runs)", min, max, med2 / 2.0, n);
}

static void add(struct finding **out, size_t *nout, const char *key, int dir, char *text)
{
	*out = realloc(*out, (*nout + 1) * sizeof(**out));
	if (!*out)
		abort();
	(*out)[*nout].key = key;
	(*out)[*nout].text = text;
	(*out)[(*nout)++].dir = dir;
}

static bool same_values(const struct exact *a, const struct exact *b)
{
	return b && a->nb == b->nb && a->nn == b->nn &&
	       !memcmp(a->base, b->base, a->nb * sizeof(long)) &&
	       !memcmp(a->new, b->new, a->nn * sizeof(long));
}

static long sum(const long *v, size_t n)
{
	long s = 0;

	while (n--)
		s += v[n];
	return s;
}

/*
 * A rule of each run (gates__is_rule): broken in any new run beyond the
 * allowance is a finding, whatever the base did; a base that broke it too is
 * said, not excused.
 */
static void judge_rule(struct pool_row *r, const struct exact *e, long allow,
		       struct finding **out, size_t *nout)
{
	size_t i, bad = 0, bad_base = 0;
	long most = 0;

	for (i = 0; i < e->nn; i++)
		if (e->new[i] > allow) {
			bad++;
			most = e->new[i] > most ? e->new[i] : most;
		}
	for (i = 0; i < e->nb; i++)
		bad_base += e->base[i] > allow;
	if (bad)
		add(out, nout, r->key, 1,
		    vrb_fmt("%s: broken in %zu of %zu new runs (up to %ld; a rule of every run%s)",
			    e->name, bad, e->nn, most,
			    bad_base ? ", broken in the base's runs too" : ""));
}

static void judge_metric(struct pool_row *r, struct exact *e, const struct gates *g,
			 struct finding **out, size_t *nout)
{
	char *b, *n;
	int dir;

	if (e->nn && gates__is_rule(e->name)) {	/* judged on the new runs alone */
		judge_rule(r, e, gates__allowance(g, e->name), out, nout);
		return;
	}
	if (!e->nb || !e->nn)
		return;
	/* one node holding exactly the resident pages: already judged as those */
	if (!strcmp(e->name, "node0_pages") && !row__exact(r, "node1_pages") &&
	    same_values(e, row__exact(r, "resident_pages_after")))
		return;
	dir = exact__judge(e->base, e->nb, e->new, e->nn, gates__allowance(g, e->name));
	if (!dir)
		return;
	b = describe(e->base, e->nb);
	n = describe(e->new, e->nn);
	if (!strcmp(e->name, "not_done"))
		add(out, nout, r->key, dir, dir > 0 ?
		    vrb_fmt("cell %s in %ld of %zu new runs (base: not done in %ld of %zu)",
			    r->status_new ? r->status_new : "not done", sum(e->new, e->nn), e->nn,
			    sum(e->base, e->nb), e->nb) :
		    vrb_fmt("cell done again (base: %s)", r->status_base ? r->status_base : "?"));
	else
		add(out, nout, r->key, dir, vrb_fmt("%s: %s -> %s", e->name, b, n));
	free(b);
	free(n);
}

size_t exact__compare(struct pool_row *rows, size_t n, const struct gates *g,
		      struct finding **out, size_t *nout)
{
	size_t i, j, worse = 0;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < n; i++) {
		struct pool_row *r = &rows[i], *cell = &rows[r->cell_row];

		for (j = 0; j < r->nexact; j++)
			judge_metric(r, &r->exact[j], g, out, nout);
		/* a step the base had, missing from new runs in which its cell was done */
		if (r->step >= 0 && r->present_base && r->present_new < cell->present_new)
			add(out, nout, r->key, 1, vrb_fmt("step missing from %zu of %zu new runs",
							  cell->present_new - r->present_new,
							  cell->present_new));
	}
	for (i = 0; i < *nout; i++)
		worse += (*out)[i].dir > 0;
	return worse;
}

void findings__free(struct finding *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(f[i].text);
	free(f);
}
