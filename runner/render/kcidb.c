// SPDX-License-Identifier: GPL-2.0
/*
 * A comparison as a KCIDB v5.3 submission, for KernelCI's result database:
 * each side's kernel is a checkout (its source identity: the Debian packages
 * and their versions, as git is not recorded) and a build (ABI, release,
 * compiler, config facts), each row of each side a test with its number (the
 * runs' median p50 in seconds, and the exact memory metrics), each row of the
 * new side a test against the base (PASS unchanged or faster, FAIL slower,
 * ERROR undecided) and the gate one test (PASS, FAIL, ERROR: undecided).
 * Ids are origin:NAME-HASH of what they stand for, so a resubmission of the
 * same results updates the same objects instead of adding new ones.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kcidb.h"
#include "stats.h"
#include "util.h"

/* A path component: [A-Za-z0-9_-] only (KCIDB's path). */
static char *kcidb__component(const char *s)
{
	char *c = strdup(s), *p;

	if (!c)
		abort();
	for (p = c; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '_' && *p != '-')
			*p = '_';
	return c;
}

static const json_t *side__kernel(const struct side *s)
{
	return s->n ? json_object_get(s->runs[0], "kernel") : NULL;
}

/* What identifies a side's kernel build: name, ABI, release, packages, compiler. */
static char *side__identity(const struct side *s)
{
	const json_t *k = side__kernel(s);
	char *text = k ? json_dumps(k, JSON_SORT_KEYS | JSON_COMPACT) : strdup(s->label);

	if (!text)
		abort();
	return text;
}

/* The side's result files by session and run: what the tests were measured in. */
static uint64_t side__runs_hash(const struct side *s)
{
	char *all = strdup(""), *next;
	uint64_t h;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const char *id = json_string_value(json_object_get(s->runs[i], "run_id"));

		next = vrb_fmt("%s%s\n", all, id ? id : s->paths[i]);
		free(all);
		all = next;
	}
	h = vrb_fnv1a64(all);
	free(all);
	return h;
}

static const char *kstr(const json_t *k, const char *key)
{
	const char *v = json_string_value(json_object_get(k, key));

	return v ? v : "";
}

/* The checkout and the build of one side; their ids into ck and bd. */
static void kcidb__side(json_t *doc, const struct side *s, const char *origin, char **ck, char **bd)
{
	const json_t *k = side__kernel(s);
	char *ident = side__identity(s);
	uint64_t h = vrb_fnv1a64(ident);
	json_t *misc = json_pack("{ss}", "kernel_name", k ? kstr(k, "name") : s->label), *b;

	*ck = vrb_fmt("%s:checkout-%016llx", origin, (unsigned long long)h);
	*bd = vrb_fmt("%s:build-%016llx", origin, (unsigned long long)h);
	if (k && json_object_get(k, "packages"))
		json_object_set(misc, "packages", json_object_get(k, "packages"));
	json_array_append_new(json_object_get(doc, "checkouts"),
			      json_pack("{sssssssbso}", "id", *ck, "origin", origin, "tree_name",
					k && json_object_get(k, "packages") ? "debian" : "local",
					"valid", 1, "misc", misc));
	b = json_pack("{ssssssssssssss}", "id", *bd, "origin", origin, "checkout_id", *ck,
		      "architecture", "x86_64", "compiler", k ? kstr(k, "cc") : "", "config_name",
		      k ? kstr(k, "name") : s->label, "status", "PASS");
	if (k)
		json_object_set_new(b, "misc", json_pack("{sssssO?sO?}", "abi", kstr(k, "abi"),
							 "release", kstr(k, "release"), "module_abi",
							 json_object_get(k, "module_abi"), "config",
							 json_object_get(k, "config")));
	json_array_append_new(json_object_get(doc, "builds"), b);
	free(ident);
}

static double median_of(const double *x, size_t n)
{
	struct summary sum;

	stats__summarize(x, n, &sum);
	return sum.p50;
}

static void kcidb__test(json_t *doc, const char *origin, const char *build, uint64_t runs,
			const char *path, const char *status, json_t *number, json_t *misc)
{
	char *id = vrb_fmt("%s:%s-%016llx.%s", origin, strchr(build, ':') + 1,
			   (unsigned long long)runs, path);
	json_t *t = json_pack("{ssssssssss}", "id", id, "origin", origin, "build_id", build,
			      "path", path, "status", status);

	if (number)
		json_object_set_new(t, "number", number);
	if (misc)
		json_object_set_new(t, "misc", misc);
	json_array_append_new(json_object_get(doc, "tests"), t);
	free(id);
}

static const char *exact__unit(const char *metric)
{
	return strstr(metric, "bytes") ? "B" : strstr(metric, "pages") ? "pages" : "count";
}

/* Every row's measurement on one side: DONE tests with numbers. */
static void kcidb__measurements(json_t *doc, const struct judgement *j, bool new,
				const char *origin, const char *build, uint64_t runs)
{
	size_t i, e;

	for (i = 0; i < j->nrows; i++) {
		const struct pool_row *r = &j->rows[i];
		const double *v = new ? r->new : r->base;
		size_t n = new ? r->nn : r->nb;
		char *cell = kcidb__component(r->cell), *path;

		if (r->step >= 0 && n) {
			path = vrb_fmt("vrbench.%s.s%d.p50", cell, r->step);
			kcidb__test(doc, origin, build, runs, path, "DONE",
				    json_pack("{sfssss}", "value", median_of(v, n) * 1e-9, "unit",
					      "s", "prefix", "metric"),
				    json_pack("{sssI}", "row", r->key, "runs", (json_int_t)n));
			free(path);
		}
		for (e = 0; e < r->nexact; e++) {
			const struct exact *x = &r->exact[e];
			size_t m = new ? x->nn : x->nb, k;
			double *d = malloc((m ? m : 1) * sizeof(double));
			char *metric = kcidb__component(x->name);

			if (!d)
				abort();
			for (k = 0; k < m; k++)
				d[k] = (double)(new ? x->new[k] : x->base[k]);
			if (m) {
				path = r->step >= 0 ? vrb_fmt("vrbench.%s.s%d.%s", cell, r->step, metric) :
						      vrb_fmt("vrbench.%s.%s", cell, metric);
				kcidb__test(doc, origin, build, runs, path, "DONE",
					    json_pack("{sfss}", "value", median_of(d, m), "unit",
						      exact__unit(x->name)),
					    json_pack("{sssI}", "row", r->key, "runs", (json_int_t)m));
				free(path);
			}
			free(d);
			free(metric);
		}
		free(cell);
	}
}

static const char *verdict__status(enum cmp_verdict v)
{
	return v == CMP_REGRESSED ? "FAIL" : v == CMP_UNCHANGED || v == CMP_IMPROVED ? "PASS" : "ERROR";
}

/* The new side against the base: a test per latency row and one for the gate. */
static void kcidb__comparison(json_t *doc, const struct judgement *j, const char *origin,
			      const char *build, const char *base_build, uint64_t runs)
{
	double g = judgement__geomean(j);
	size_t i;

	for (i = 0; i < j->nrows; i++) {
		const struct pool_row *r = &j->rows[i];
		char *cell, *path;

		if (r->step < 0 || !r->nb || !r->nn || !(r->r.ratio > 0))
			continue;
		cell = kcidb__component(r->cell);
		path = vrb_fmt("vrbench.%s.s%d.vs_base", cell, r->step);
		kcidb__test(doc, origin, build, runs, path, verdict__status(r->r.verdict),
			    json_pack("{sf}", "value", r->r.ratio),
			    isnan(r->r.ci_lo) ?
			    json_pack("{sssssf}", "verdict", cmp__verdict_name(r->r.verdict),
				      "base_build_id", base_build, "p_holm", cmp__p_shown(&r->r)) :
			    json_pack("{sss[ff]sssf}", "verdict", cmp__verdict_name(r->r.verdict),
				      "ci95", r->r.ci_lo, r->r.ci_hi, "base_build_id", base_build,
				      "p_holm", cmp__p_shown(&r->r)));
		free(path);
		free(cell);
	}
	kcidb__test(doc, origin, build, runs, "vrbench.gate",
		    j->gate_exit == 0 ? "PASS" : j->gate_exit == 1 ? "FAIL" : "ERROR",
		    g > 0 ? json_pack("{sf}", "value", g) : NULL,
		    json_pack("{sssisssisf}", "verdict", j->verdict, "exit", j->gate_exit,
			      "base_build_id", base_build, "looks", (int)j->looks, "alpha",
			      j->gates.cmp.alpha));
}

json_t *kcidb__document(const struct judgement *j, const char *origin)
{
	json_t *doc = json_pack("{s{sisi}s[]s[]s[]}", "version", "major", 5, "minor", 3,
				"checkouts", "builds", "tests");
	char *ck_base, *bd_base, *ck_new, *bd_new;
	uint64_t runs_base = side__runs_hash(&j->base), runs_new = side__runs_hash(&j->new);

	kcidb__side(doc, &j->base, origin, &ck_base, &bd_base);
	kcidb__side(doc, &j->new, origin, &ck_new, &bd_new);
	if (!strcmp(bd_base, bd_new)) {	/* A/A: one kernel, listed once */
		json_array_remove(json_object_get(doc, "checkouts"), 1);
		json_array_remove(json_object_get(doc, "builds"), 1);
	}
	/* test ids name the runs too: an A/A's two sides stay two sets of tests */
	kcidb__measurements(doc, j, false, origin, bd_base, runs_base);
	kcidb__measurements(doc, j, true, origin, bd_new, runs_new);
	kcidb__comparison(doc, j, origin, bd_new, bd_base, runs_base ^ runs_new);
	free(ck_base);
	free(bd_base);
	free(ck_new);
	free(bd_new);
	return doc;
}
