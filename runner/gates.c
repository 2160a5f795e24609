// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "gates.h"
#include "inifile.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int number(const char *v, double *out, bool percent_ok)
{
	char *end;

	*out = strtod(v, &end);
	if (end == v)
		return -EINVAL;
	if (*end == '%' && percent_ok) {
		*out /= 100;
		end++;
	}
	while (*end == ' ' || *end == '\t')
		end++;
	return *end && *end != '#' && *end != ';' ? -EINVAL : 0;
}

static int on_key(struct inifile *ini, const char *section, const char *k, const char *v)
{
	struct gates *g = ini->user;
	double x;

	if (!strcmp(section, "latency") && !strcmp(k, "p50_threshold") && !number(v, &x, true) &&
	    x >= 0)
		g->cmp.threshold = x;
	else if (!strcmp(section, "latency") && !strcmp(k, "alpha") && !number(v, &x, false) &&
		 x > 0 && x < 1)
		g->cmp.alpha = x;
	else if (!strcmp(section, "latency") && !strcmp(k, "min_runs") && !number(v, &x, false) &&
		 x >= 2)
		g->cmp.min_runs = (size_t)x;
	else if (!strcmp(section, "memory") && !strcmp(k, "resident_pages") &&
		 !number(v, &x, false) && x >= 0)
		g->resident_pages = (long)x;
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
