// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "target.h"
#include "native.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

bool target__native_available(char *why, size_t len)
{
	struct utsname u;
	char *build, *installed;
	bool ok;

	if (!vrb_exists("/proc/modules")) {
		snprintf(why, len, "the running kernel has no module support (/proc/modules is missing)");
		return false;
	}
	if (geteuid() != 0) {
		snprintf(why, len, "loading a module needs root");
		return false;
	}
	/* a module DKMS installed for this kernel, or headers to build one */
	uname(&u);
	installed = native__installed_module(u.release);
	build = vrb_fmt("/lib/modules/%s/build", u.release);
	ok = installed || vrb_exists(build);
	if (!ok)
		snprintf(why, len, "no module for the running kernel: vrealloc-bench-dkms has none "
			 "for %s and its headers (%s) are missing", u.release, build);
	free(installed);
	free(build);
	return ok;
}

int target__pick(const char *name, enum target_kind *kind)
{
	static bool said;
	char why[256];

	if (!strcmp(name, "vm")) {
		*kind = TARGET_VM;
		return 0;
	}
	if (strcmp(name, "native") && strcmp(name, "auto")) {
		vrb_err("unknown target '%s' (expected vm, native or auto)", name);
		return -EINVAL;
	}
	if (target__native_available(why, sizeof(why))) {
		*kind = TARGET_NATIVE;
		return 0;
	}
	if (!strcmp(name, "native")) {
		vrb_err("the native target cannot work here: %s", why);
		return -EINVAL;
	}
	if (!said)
		vrb_info("%s; using the VM target", why);
	said = true;
	*kind = TARGET_VM;
	return 0;
}
