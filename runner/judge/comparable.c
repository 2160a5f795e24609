// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "comparable.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One fact of one run, as text (NULL members read as "(none)"). */
static char *fact(json_t *run, const char *key)
{
	json_t *k = json_object_get(run, "kernel"), *t = json_object_get(run, "target");
	json_t *v = NULL;

	if (!strcmp(key, "clock"))
		v = json_object_get(t, "clock");	/* files from before icount: real time */
	else if (!strcmp(key, "bench"))
		v = json_object_get(json_object_get(run, "bench"), "hash");
	else if (!strcmp(key, "accel"))
		v = json_object_get(t, "accel");
	else if (!strcmp(key, "cpus"))
		v = json_object_get(t, "cpus");
	else if (!strcmp(key, "kernel"))
		v = json_object_get(k, "release");
	else
		v = json_object_get(json_object_get(k, "config"), key);
	if (!v)
		return strdup(!strcmp(key, "clock") ? "real" : "(none)");
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_ENCODE_ANY);
}

static bool allowed(const char *allow, const char *key)
{
	const char *p = allow;
	size_t n = strlen(key);

	while (p && *p) {
		if (!strncmp(p, key, n) && (p[n] == ',' || !p[n]))
			return true;
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return false;
}

int comparable__parse_allow(const char *csv)
{
	char *copy = strdup(csv), *save = NULL, *k;
	int err = 0;

	for (k = strtok_r(copy, ",", &save); k && !err; k = strtok_r(NULL, ",", &save)) {
		if (!strcmp(k, "clock")) {
			vrb_err("--allow-mismatch clock: latencies on two clocks are different "
				"quantities and are never compared");
			err = -EINVAL;
		} else if (!allowed(COMPARABLE_KEYS, k)) {
			vrb_err("--allow-mismatch: unknown key '%s' (known: %s)", k, COMPARABLE_KEYS);
			err = -EINVAL;
		}
	}
	free(copy);
	return err;
}

/* The distinct values of a fact over a side, as "a (3 runs), b (2 runs)". */
static char *values(const struct side *s, char **v)
{
	char *out = strdup(""), *t;
	size_t i, j, count;

	for (i = 0; i < s->n; i++) {
		for (j = 0; j < i && strcmp(v[j], v[i]); j++)
			;
		if (j < i)
			continue;
		for (count = 0, j = i; j < s->n; j++)
			count += !strcmp(v[j], v[i]);
		t = vrb_fmt("%s%s%s (%zu run%s)", out, *out ? ", " : "", v[i], count,
			    count == 1 ? "" : "s");
		free(out);
		out = t;
	}
	return out;
}

static bool uniform(char **v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (strcmp(v[i], v[0]))
			return false;
	return true;
}

/*
 * A run's job line for a cell, or NULL when the run has no such cell or its
 * kernel refused the job (thisnode before 6.18): a refused job ran nothing,
 * its line is what was asked, not what ran, and the gate reports the cell's
 * missing rows itself.  The
 * module writes the access path it chose into the line (api=vrealloc where
 * the kernel exports it, kvrealloc on 6.12): a fact of the kernel, recorded
 * as kernel.access, and not a difference between two kernels' jobs.
 */
static char *job_of(json_t *run, const char *cell)
{
	json_t *c = run__cell(run, cell);
	char *line, *api, *end;

	if (!c || !strcmp(json_string_value(json_object_get(c, "status")) ?: "", "refused"))
		return NULL;
	line = strdup(json_string_value(json_object_get(c, "job")) ?: "(none)");
	api = strstr(line, "api=");
	if (api && (api == line || api[-1] == ' ')) {
		end = api + strcspn(api, " ");
		memmove(api, *end ? end + 1 : end, strlen(*end ? end + 1 : end) + 1);
	}
	return line;
}

/* Compare one fact (or one cell's job line, when cell is set); 1 if it differs. */
static int check_one(const struct side *b, const struct side *n, const char *key,
		     const char *cell, bool between)
{
	const struct side *sides[2] = { b, n };
	char **v[2], *desc[2];
	size_t i, k, have[2] = { 0, 0 };
	int bad = 0;

	for (k = 0; k < 2; k++) {
		v[k] = calloc(sides[k]->n + 1, sizeof(char *));
		for (i = 0; i < sides[k]->n; i++) {
			char *x = cell ? job_of(sides[k]->runs[i], cell) : fact(sides[k]->runs[i], key);

			if (x)	/* a cell missing from a run is the gate's business, not this */
				v[k][have[k]++] = x;
		}
	}
	for (k = 0; k < 2; k++) {
		struct side part = { .n = have[k] };

		desc[k] = values(&part, v[k]);
		if (!uniform(v[k], have[k])) {
			vrb_err("not comparable: within %s, %s%s%s differs: %s", k ? "new" : "base",
				key, cell ? " of cell " : "", cell ? cell : "", desc[k]);
			bad = 1;
		}
	}
	if (!bad && between && have[0] && have[1] && strcmp(v[0][0], v[1][0])) {
		vrb_err("not comparable: %s%s%s differs: base %s, new %s", key, cell ? " of cell " : "",
			cell ? cell : "", desc[0], desc[1]);
		bad = 1;
	}
	for (k = 0; k < 2; k++) {
		for (i = 0; i < have[k]; i++)
			free(v[k][i]);
		free(v[k]);
		free(desc[k]);
	}
	return bad;
}

int comparable__check(const struct side *base, const struct side *new, const char *allow)
{
	static const char *const keys[] = { "clock", "bench", "accel", "cpus", "page_size",
					    "init_on_alloc", "init_on_free", "kasan", "kernel" };
	const struct side *sides[2] = { base, new };
	json_t *c;
	size_t i, k, r;
	int bad = 0;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!allowed(allow, keys[i]))	/* a side is one kernel; the two may differ */
			bad += check_one(base, new, keys[i], NULL, strcmp(keys[i], "kernel"));
	if (!allowed(allow, "job")) {
		char **cells = NULL;
		size_t ncells = 0, j;

		for (k = 0; k < 2; k++)
			for (r = 0; r < sides[k]->n; r++)
				json_array_foreach(json_object_get(sides[k]->runs[r], "cells"), i, c) {
					const char *name = json_string_value(json_object_get(c, "name"));

					for (j = 0; name && j < ncells && strcmp(cells[j], name); j++)
						;
					if (!name || j < ncells)
						continue;
					cells = realloc(cells, (ncells + 1) * sizeof(*cells));
					cells[ncells++] = strdup(name);
				}
		for (j = 0; j < ncells; j++) {
			bad += check_one(base, new, "job line", cells[j], true);
			free(cells[j]);
		}
		free(cells);
	}
	if (bad)
		vrb_err("%d difference%s make%s these results incomparable%s", bad, bad == 1 ? "" : "s",
			bad == 1 ? "s" : "", " (--allow-mismatch KEY for a deliberate one)");
	return bad ? -EINVAL : 0;
}
