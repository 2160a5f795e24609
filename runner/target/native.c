// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "native.h"
#include "util.h"
#include "kmod/vrb_abi.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/utsname.h>

static int build_for_running(char **ko)
{
	char *out = vrb_fmt("%s/kmod/native", vrb_build_dir());
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

char *native__installed_module(const char *release)
{
	char *path = NULL;

	if (vrb_run((char *[]){ "sh", "-c", "modinfo -k \"$1\" -F filename vrealloc_bench 2>/dev/null",
				"sh", (char *)release, NULL }, &path) || !path || !*path ||
	    !vrb_exists(path)) {
		free(path);
		return NULL;
	}
	return path;
}

/* Whether the loaded module speaks this runner's ABI (a DKMS module may be older). */
static bool native__abi_matches(void)
{
	char *info = NULL, *want = vrb_fmt("abi=%d\n", VRB_ABI_VERSION);
	bool yes = !vrb_read_file("/sys/kernel/debug/vrealloc_bench/info", &info, NULL) &&
		   !strncmp(info, want, strlen(want));

	free(info);
	free(want);
	return yes;
}

static bool interrupted;
static volatile sig_atomic_t native_signal;

bool native__interrupted(void)
{
	return interrupted;
}

/* Recorded, not ignored: an ignored SIGINT would stay ignored in the command after exec. */
static void native__on_signal(int sig)
{
	native_signal = sig;
}

/*
 * Load the installed module if it matches; else build one and insmod it.
 * A modprobe that a ^C ended is not a missing module: no build is tried.
 */
static int native__load(void)
{
	struct utsname u;
	bool failed;
	char *ko;

	uname(&u);
	ko = native__installed_module(u.release);
	failed = ko && vrb_run((char *[]){ "modprobe", "vrealloc_bench", NULL }, NULL);
	if (failed && native_signal) {
		free(ko);
		return -EINTR;
	}
	if (ko && !failed) {
		if (native__abi_matches()) {
			vrb_info("native: the installed module %s", ko);
			free(ko);
			return 0;
		}
		vrb_info("native: the installed module %s is not abi %d; building one", ko,
			 VRB_ABI_VERSION);
		vrb_run((char *[]){ "rmmod", "vrealloc_bench", NULL }, NULL);
	}
	free(ko);
	ko = NULL;
	if (build_for_running(&ko)) {
		vrb_err("building the module for the running kernel failed");
		free(ko);
		return -EIO;
	}
	if (vrb_run((char *[]){ "insmod", ko, NULL }, NULL)) {
		vrb_err("insmod %s failed", ko);
		free(ko);
		return -EIO;
	}
	free(ko);
	return 0;
}

int native__run(char *const cmd[])
{
	struct sigaction sa = { .sa_handler = native__on_signal }, old_int, old_term;
	int rc;

	if (!vrb_exists("/sys/kernel/debug/vrealloc_bench") &&
	    mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) && errno != EBUSY)
		vrb_info("mounting debugfs: %s", strerror(errno));
	/*
	 * ^C reaches the command and modprobe (its process group); we stay to
	 * unload the module.  Caught from before the load: a ^C during modprobe
	 * can leave the module loaded with modprobe dead of it, and must not
	 * read as a module that is missing.
	 */
	native_signal = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = native__load();
	if (rc && !native_signal) {
		rc = VRB_EXIT_NOMEASURE;
		goto out;
	}
	if (!native_signal)
		rc = vrb_run(cmd, NULL);
	/*
	 * A ^C that lands after the command ended hits rmmod, in the same
	 * process group: that rmmod dies of it, so it is tried once more, and
	 * the signal still counts (it was read only before rmmod, and a ^C
	 * between the command and the unload was lost: the run went on).
	 */
	if (vrb_exists("/sys/module/vrealloc_bench") &&
	    vrb_run((char *[]){ "rmmod", "vrealloc_bench", NULL }, NULL) &&
	    (!native_signal || vrb_run((char *[]){ "rmmod", "vrealloc_bench", NULL }, NULL)))
		vrb_err("rmmod vrealloc_bench failed: the module is still loaded");
out:
	interrupted = native_signal || rc == 130 || rc == 143;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (interrupted)
		return 130;
	return rc < 0 ? VRB_EXIT_NOMEASURE : rc;
}
