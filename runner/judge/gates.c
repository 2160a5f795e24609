// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "gates.h"
#include "inifile.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const exact_names[] = {
#define X(n) #n,
#define I(n) #n,
	GATES_EXACT_METRICS
#undef X
#undef I
};

static const bool exact_is_rule[] = {
#define X(n) false,
#define I(n) true,
	GATES_EXACT_METRICS
#undef X
#undef I
};

static int number(const char *v, double *out, bool *percent)
{
	char *end;

	*out = strtod(v, &end);
	if (end == v)
		return -EINVAL;
	if (percent)
		*percent = *end == '%';
	if (*end == '%' && percent) {
		*out /= 100;
		end++;
	}
	while (*end == ' ' || *end == '\t')
		end++;
	return *end && *end != '#' && *end != ';' ? -EINVAL : 0;
}

static int exact_index(const char *name)
{
	size_t i;

	for (i = 0; i < GE_COUNT; i++)
		if (!strcmp(name, exact_names[i]))
			return (int)i;
	return -1;
}

int gates__set_undecided(struct gates *g, const char *v)
{
	double x;
	bool pct;

	if (number(v, &x, &pct) || x < 0 || (pct && x > 1) || (!pct && x != floor(x)))
		return -EINVAL;
	g->allow_undecided = x;
	g->allow_undecided_share = pct;
	return 0;
}

/* The [latency] keys; with the [exact] ones, every key config/gates.ini must set. */
enum { GL_THRESHOLD, GL_ALPHA, GL_MIN_RUNS, GL_MAX_RUNS, GL_UNDECIDED, GL_COUNT };
static const char *const latency_names[GL_COUNT] = {
	"p50_threshold", "alpha", "min_runs", "max_runs", "allow_undecided",
};

struct gates_load {
	struct gates *g;
	bool seen[GL_COUNT + GE_COUNT];
};

static int latency_index(const char *name)
{
	size_t i;

	for (i = 0; i < GL_COUNT; i++)
		if (!strcmp(name, latency_names[i]))
			return (int)i;
	return -1;
}

static bool latency__set(struct gates *g, int i, const char *v)
{
	bool pct;
	double x;

	switch (i) {
	case GL_THRESHOLD:
		if (number(v, &x, &pct) || x < 0 || x >= 1)
			return false;
		g->cmp.threshold = x;
		return true;
	case GL_ALPHA:
		if (number(v, &x, NULL) || x <= 0 || x >= 1)
			return false;
		g->cmp.alpha = x;
		return true;
	case GL_MIN_RUNS:
		if (number(v, &x, NULL) || x < 2 || x != floor(x))
			return false;
		g->cmp.min_runs = (size_t)x;
		return true;
	case GL_MAX_RUNS:
		if (number(v, &x, NULL) || x < 2 || x > 1000 || x != floor(x))
			return false;
		g->max_runs = (size_t)x;
		return true;
	default:
		return !gates__set_undecided(g, v);
	}
}

static int on_key(struct inifile *ini, const char *section, const char *k, const char *v)
{
	struct gates_load *gl = ini->user;
	double x;
	int i = -1;

	if (!strcmp(section, "latency") && (i = latency_index(k)) >= 0 && latency__set(gl->g, i, v))
		gl->seen[i] = true;
	else if (!strcmp(section, "exact") && (i = exact_index(k)) >= 0 && !number(v, &x, NULL) &&
		 x >= 0 && x == floor(x))
		gl->g->allow[i] = (long)x, gl->seen[GL_COUNT + i] = true;
	else
		return inifile__fail(ini, "[%s] %s = '%s': unknown key or bad value", section, k, v);
	return 1;
}

static int gates__parse_file(const char *path, struct gates_load *gl, char *err, size_t len)
{
	char *text = NULL;
	int rc;

	if (vrb_read_file(path, &text, NULL))
		return snprintf(err, len, "%s: cannot read the gates file", path), -EINVAL;
	rc = inifile__parse(text, path, on_key, gl, err, len);
	free(text);
	return rc;
}

/* The defaults file must name every key: nothing falls back to a number in C. */
static int gates__check_complete(const char *path, const struct gates_load *gl, char *err,
				 size_t len)
{
	size_t i;

	for (i = 0; i < GL_COUNT + GE_COUNT; i++)
		if (!gl->seen[i])
			return snprintf(err, len, "%s: [%s] %s is missing (it has no other default)",
					path, i < GL_COUNT ? "latency" : "exact",
					i < GL_COUNT ? latency_names[i] : exact_names[i - GL_COUNT]),
			       -EINVAL;
	return 0;
}

int gates__load(const char *path, struct gates *g, char *err, size_t len)
{
	const char *env = getenv("VRBENCH_GATES");
	char *def = vrb_fmt("%s/config/gates.ini", vrb_root());
	struct gates_load gl = { .g = g };
	int rc;

	memset(g, 0, sizeof(*g));
	if (!path && env && *env)
		path = env;
	/* config/gates.ini is every default's one source; another file overrides it */
	rc = gates__parse_file(def, &gl, err, len);
	if (!rc)
		rc = gates__check_complete(def, &gl, err, len);
	if (!rc && path)
		rc = gates__parse_file(path, &gl, err, len);
	if (!rc && g->max_runs < g->cmp.min_runs)
		rc = -EINVAL, snprintf(err, len, "%s: [latency] max_runs = %zu is below min_runs = %zu",
				       path ? path : def, g->max_runs, g->cmp.min_runs);
	free(def);
	return rc;
}

long gates__allowance(const struct gates *g, const char *metric)
{
	unsigned int node;
	char rest;
	int i;

	if (sscanf(metric, "node%u_pages%c", &node, &rest) == 1)
		return g->allow[GE_node_pages];
	i = exact_index(metric);
	return i >= 0 ? g->allow[i] : 0;
}

bool gates__is_rule(const char *metric)
{
	int i = exact_index(metric);

	return i >= 0 && exact_is_rule[i];
}

size_t gates__undecided_allowed(const struct gates *g, size_t n)
{
	return g->allow_undecided_share ? (size_t)floor(g->allow_undecided * (double)n) :
					  (size_t)g->allow_undecided;
}
