// SPDX-License-Identifier: GPL-2.0
/*
 * Where vrbench finds its files and where it writes: a checkout keeps both
 * beside the binary, as it always has; an installed binary (make install, the
 * Debian package) reads PREFIX/share/vrbench and writes only into the cache
 * and the results directory, never under PREFIX.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static char self[PATH_MAX];
static char root[PATH_MAX];
static int installed = -1;

const char *vrb_self(void)
{
	ssize_t n;

	if (self[0])
		return self;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		snprintf(self, sizeof(self), "vrbench");
	else
		self[n] = '\0';
	return self;
}

static bool paths__is_root(const char *dir)
{
	char *cat = vrb_fmt("%s/config/kernels.ini", dir);
	bool yes = vrb_exists(cat);

	free(cat);
	return yes;
}

const char *vrb_root(void)
{
	const char *env = getenv("VRBENCH_ROOT");
	char bin[PATH_MAX], *share;

	if (root[0])
		return root;
	installed = 0;
	if (env && *env) {
		snprintf(root, sizeof(root), "%s", env);
		return root;
	}
	snprintf(bin, sizeof(bin), "%s", vrb_self());
	if (strrchr(bin, '/'))
		*strrchr(bin, '/') = '\0';
	else
		snprintf(bin, sizeof(bin), ".");
	/* PREFIX/bin/vrbench -> PREFIX/share/vrbench, wherever PREFIX is */
	share = vrb_fmt("%s/../share/vrbench", bin);
	if (!paths__is_root(bin) && paths__is_root(share)) {
		if (!realpath(share, root))
			snprintf(root, sizeof(root), "%s", share);
		installed = 1;
	} else {
		snprintf(root, sizeof(root), "%s", bin);
	}
	free(share);
	return root;
}

bool vrb_installed(void)
{
	if (installed < 0)
		vrb_root();
	return installed > 0;
}

const char *vrb_cache(void)
{
	static char cache[PATH_MAX];
	const char *env = getenv("VRBENCH_CACHE");
	const char *home = getenv("HOME");

	if (!cache[0]) {
		if (env && *env)
			snprintf(cache, sizeof(cache), "%s", env);
		else
			snprintf(cache, sizeof(cache), "%s/.cache/vrbench",
				 home && *home ? home : "/root");
	}
	return cache;
}

const char *vrb_build_dir(void)
{
	static char dir[PATH_MAX];

	if (!dir[0])
		snprintf(dir, sizeof(dir), "%s/build", vrb_installed() ? vrb_cache() : vrb_root());
	return dir;
}

const char *vrb_results_root(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("VRBENCH_RESULTS");

	if (!dir[0]) {
		if (env && *env)
			snprintf(dir, sizeof(dir), "%s", env);
		else if (vrb_installed())
			snprintf(dir, sizeof(dir), "results");
		else
			snprintf(dir, sizeof(dir), "%s/results", vrb_root());
	}
	return dir;
}
