// SPDX-License-Identifier: GPL-2.0
/*
 * A guest's initramfs: the kernel's base (busybox, /init, the module), packed
 * once per kernel and repacked when an input changed, and each run's job
 * (the command and the files it takes along) appended as a second cpio.
 */
#define _GNU_SOURCE
#include "vm_initrd.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool newer(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_mtime >= sb.st_mtime;
}

/* busybox, /init and the module for one kernel; rebuilt when an input changed. */
char *vm_initrd__base(const struct kernel_info *ki)
{
	char *dir = vrb_fmt("%s/initramfs", vrb_build_dir());
	char *out = vrb_fmt("%s/%s.cpio.gz", dir, ki->abi);
	char *init = vrb_fmt("%s/scripts/guest-init.sh", vrb_root());
	char *script = vrb_fmt("%s/scripts/initramfs.sh", vrb_root());
	char *runner = vrb_fmt("%s", vrb_self());
	const char *ko = ki->ko ? ki->ko : "-";
	int rc = 0;

	vrb_mkdirs(dir);
	if (!newer(out, init) || (ki->ko && !newer(out, ki->ko)) || !newer(out, "/bin/busybox") ||
	    !newer(out, runner))
		rc = vrb_run((char *[]){ script, "base", (char *)ko, runner, out, NULL }, NULL);
	free(runner);
	free(dir);
	free(init);
	free(script);
	if (rc) {
		free(out);
		return NULL;
	}
	return out;
}

static char *shell_quote(const char *s)
{
	size_t n = 2, i;
	char *q, *p;

	for (i = 0; s[i]; i++)
		n += s[i] == '\'' ? 4 : 1;
	q = p = malloc(n + 1);
	if (!q)
		abort();
	*p++ = '\'';
	for (i = 0; s[i]; i++) {
		if (s[i] == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = s[i];
		}
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

/* Copy a host file into the job directory, keeping its mode. */
static int copy_in(const char *job, const char *src)
{
	const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
	char *dst = vrb_fmt("%s/%s", job, base), *buf = NULL;
	struct stat st;
	size_t len;
	int err;

	err = stat(src, &st) ? -errno : vrb_read_file(src, &buf, &len);
	if (!err)
		err = vrb_write_file_atomic(dst, buf, len);
	if (!err && chmod(dst, st.st_mode & 0777))
		err = -errno;
	if (err)
		vrb_err("--file %s: %s", src, strerror(-err));
	free(dst);
	free(buf);
	return err;
}

int vm_initrd__write_job(const char *run_dir, char *const cmd[], const struct vm_opts *o)
{
	char *job = vrb_fmt("%s/job", run_dir), *path, *line = strdup("exec"), *q, *t;
	int err, i;

	vrb_mkdirs(job);
	for (i = 0; cmd[i]; i++) {
		q = shell_quote(cmd[i]);
		t = vrb_fmt("%s %s", line, q);
		free(q);
		free(line);
		line = t;
	}
	t = vrb_fmt("%s\n", line);
	path = vrb_fmt("%s/cmd", job);
	err = vrb_write_file_atomic(path, t, strlen(t));
	free(path);
	for (i = 0; !err && i < o->nfiles; i++)
		err = copy_in(job, o->files[i]);
	if (!err && o->module_args) {
		path = vrb_fmt("%s/module-args", job);
		err = vrb_write_file_atomic(path, o->module_args, strlen(o->module_args));
		free(path);
	}
	if (!err && o->no_module) {
		path = vrb_fmt("%s/no-module", job);
		err = vrb_write_file_atomic(path, "", 0);
		free(path);
	}
	if (!err && o->console) {	/* scripts/guest-init.sh: records on the one console */
		path = vrb_fmt("%s/console", job);
		err = vrb_write_file_atomic(path, "", 0);
		free(path);
	}
	free(t);
	free(line);
	free(job);
	return err;
}

/* initrd = job cpio (uncompressed, first) + the cached base (gzip) [+ a rootfs (gzip)]. */
int vm_initrd__make(const char *run_dir, const char *base, const char *rootfs)
{
	char *script = vrb_fmt("%s/scripts/initramfs.sh", vrb_root());
	char *job = vrb_fmt("%s/job", run_dir), *jobcpio = vrb_fmt("%s/job.cpio", run_dir);
	char *initrd = vrb_fmt("%s/initrd", run_dir);
	char *a = NULL, *b = NULL, *all = NULL;
	size_t alen = 0, blen = 0;
	int err = -EIO;

	if (vrb_run((char *[]){ script, "job", job, jobcpio, NULL }, NULL))
		goto out;
	if (vrb_read_file(jobcpio, &a, &alen) || vrb_read_file(base, &b, &blen))
		goto out;
	all = malloc(alen + blen);
	if (!all)
		abort();
	memcpy(all, a, alen);
	memcpy(all + alen, b, blen);
	err = vrb_write_file_atomic(initrd, all, alen + blen);
	if (!err && rootfs &&
	    vrb_run((char *[]){ script, "rootfs", (char *)rootfs, initrd, NULL }, NULL))
		err = -EIO;
out:
	free(script);
	free(job);
	free(jobcpio);
	free(initrd);
	free(a);
	free(b);
	free(all);
	return err;
}
