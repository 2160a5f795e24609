// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "native.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/utsname.h>

static int build_for_running(char **ko)
{
	char *out = vrb_fmt("%s/build/kmod/native", vrb_root());
	char *src = vrb_fmt("%s/kmod", vrb_root());
	struct utsname u;
	char *kdir;
	int rc;

	uname(&u);
	kdir = vrb_fmt("/lib/modules/%s/build", u.release);
	vrb_mkdirs(out);
	rc = vrb_run((char *[]){ "sh", "-c", "cp -p \"$1\"/*.c \"$1\"/*.h \"$1\"/Kbuild \"$2\"/",
				 "sh", src, out, NULL }, NULL);
	if (!rc)
		rc = vrb_run((char *[]){ "make", "-s", "-C", kdir, vrb_fmt("M=%s", out), "modules",
					 NULL }, NULL);
	*ko = vrb_fmt("%s/vrealloc_bench.ko", out);
	free(out);
	free(src);
	free(kdir);
	return rc ? -EIO : 0;
}

static bool interrupted;

bool native__interrupted(void)
{
	return interrupted;
}

int native__run(char *const cmd[])
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_term;
	char *ko = NULL;
	int rc;

	if (build_for_running(&ko)) {
		vrb_err("building the module for the running kernel failed");
		free(ko);
		return VRB_EXIT_NOMEASURE;
	}
	if (!vrb_exists("/sys/kernel/debug/vrealloc_bench") &&
	    mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) && errno != EBUSY)
		vrb_info("mounting debugfs: %s", strerror(errno));
	if (vrb_run((char *[]){ "insmod", ko, NULL }, NULL)) {
		vrb_err("insmod %s failed", ko);
		free(ko);
		return VRB_EXIT_NOMEASURE;
	}
	/* ^C reaches the command; we stay to unload the module afterwards. */
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGTERM, &ign, &old_term);
	rc = vrb_run(cmd, NULL);
	interrupted = rc == 130 || rc == 143;
	if (vrb_run((char *[]){ "rmmod", "vrealloc_bench", NULL }, NULL))
		vrb_err("rmmod vrealloc_bench failed: the module is still loaded");
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	free(ko);
	return rc < 0 ? VRB_EXIT_NOMEASURE : rc;
}
