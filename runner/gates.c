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
	GATES_EXACT_METRICS
#undef X
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

static int on_key(struct inifile *ini, const char *section, const char *k, const char *v)
{
	struct gates *g = ini->user;
	bool pct;
	double x;
	int e;

	if (!strcmp(section, "latency") && !strcmp(k, "p50_threshold") && !number(v, &x, &pct) &&
	    x >= 0 && x < 1)
		g->cmp.threshold = x;
	else if (!strcmp(section, "latency") && !strcmp(k, "alpha") && !number(v, &x, NULL) &&
		 x > 0 && x < 1)
		g->cmp.alpha = x;
	else if (!strcmp(section, "latency") && !strcmp(k, "min_runs") && !number(v, &x, NULL) &&
		 x >= 2 && x == floor(x))
		g->cmp.min_runs = (size_t)x;
	else if (!strcmp(section, "latency") && !strcmp(k, "allow_undecided") &&
		 !gates__set_undecided(g, v))
		;
	else if (!strcmp(section, "exact") && (e = exact_index(k)) >= 0 && !number(v, &x, NULL) &&
		 x >= 0 && x == floor(x))
		g->allow[e] = (long)x;
	else
		return inifile__fail(ini, "[%s] %s = '%s': unknown key or bad value", section, k, v);
	return 1;
}

int gates__load(const char *path, struct gates *g, char *err, size_t len)
{
	const char *env = getenv("VRBENCH_GATES");
	char *def = vrb_fmt("%s/config/gates.ini", vrb_root()), *text = NULL;
	int rc = 0;

	memset(g, 0, sizeof(*g));
	cmp_opts__init(&g->cmp);
	if (!path)
		path = env && *env ? env : def;
	if (vrb_read_file(path, &text, NULL) == 0)
		rc = inifile__parse(text, path, on_key, g, err, len);
	else if (path != def)
		rc = (snprintf(err, len, "%s: cannot read", path), -EINVAL);
	free(text);
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

size_t gates__undecided_allowed(const struct gates *g, size_t n)
{
	return g->allow_undecided_share ? (size_t)floor(g->allow_undecided * (double)n) :
					  (size_t)g->allow_undecided;
}
