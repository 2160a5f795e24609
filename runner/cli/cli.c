// SPDX-License-Identifier: GPL-2.0
/*
 * What several commands share: finding a kernel by name with a clear error,
 * getting it ready to boot, running a command in its guest, and where a
 * command's results go.  These return exit codes (cli/ is where exit codes
 * live), unlike the stages below, which return 0 or -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cli.h"
#include "kernel.h"
#include "util.h"
#include "vm.h"

struct catalogue *cli__load_catalogue(void)
{
	struct catalogue *cat;
	char err[1024];

	if (catalogue__load(&cat, catalogue__default_path(), err, sizeof(err))) {
		vrb_err("%s", err);
		return NULL;
	}
	return cat;
}

const struct kernel_entry *cli__find_kernel(const struct catalogue *cat, const char *name)
{
	const struct kernel_entry *e = catalogue__find(cat, name);
	char *names;

	if (!e) {
		names = catalogue__names(cat);
		vrb_err("unknown kernel '%s': %s knows %s", name, catalogue__default_path(), names);
		free(names);
	}
	return e;
}

int cli__prepare_kernel(const char *name, struct kernel_info *ki)
{
	struct catalogue *cat = cli__load_catalogue();
	const struct kernel_entry *e = cat ? cli__find_kernel(cat, name) : NULL;
	int rc = !e ? VRB_EXIT_USAGE : kernel__prepare(e, ki) ? VRB_EXIT_NOMEASURE : 0;

	if (cat)
		catalogue__free(cat);
	return rc;
}

char *cli__results_dir(const char *kind)
{
	char stamp[32];

	vrb_stamp(stamp, sizeof(stamp));
	return vrb_fmt("%s/%s-%s", vrb_results_root(), kind, stamp);
}

static int save_files(const struct vm_channel *ch, const char *dir)
{
	char *path;
	size_t i;
	int err = vrb_mkdirs(dir);

	for (i = 0; !err && i < ch->nfiles; i++) {
		if (!strcmp(ch->files[i].name, "stdout") || strchr(ch->files[i].name, '/'))
			continue;
		path = vrb_fmt("%s/%s", dir, ch->files[i].name);
		err = vrb_write_file_atomic(path, ch->files[i].data, ch->files[i].len);
		free(path);
	}
	if (err)
		vrb_err("saving the guest's files into %s: %s", dir, strerror(-err));
	return err;
}

int cli__vm_exec(const char *kname, struct vm_opts *o, char **cmd, const char *out_dir)
{
	struct kernel_info ki;
	struct vm_result res;
	const struct vm_file *f;
	int rc;

	rc = cli__prepare_kernel(kname, &ki);
	if (rc)
		return rc;
	rc = vm__run(&ki, cmd, o, &res) ? VRB_EXIT_NOMEASURE : res.exit_code;
	f = vm_channel__file(&res.ch, "stdout");
	if (f)
		fwrite(f->data, 1, f->len, stdout);
	if (out_dir && res.ch.nfiles && save_files(&res.ch, out_dir) && !rc)
		rc = 1;
	if (res.run_dir && o->keep)
		vrb_info("run directory kept: %s", res.run_dir);
	vm_result__free(&res);
	kernel_info__free(&ki);
	return rc;
}

int cli__judge_exit(int err)
{
	return err == -ENODATA ? VRB_EXIT_NOMEASURE : VRB_EXIT_USAGE;
}

int cli__parse_looks(const char *arg, unsigned int *looks)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end || v < 1 || v > 1000) {
		vrb_err("--looks '%s': expected a count of 1 to 1000", arg);
		return -EINVAL;
	}
	*looks = (unsigned int)v;
	return 0;
}

int cli__parse_int(const char *opt, const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		vrb_err("%s: '%s' is not a whole number from %d to %d", opt, s, lo, hi);
		return -EINVAL;
	}
	*out = (int)v;
	return 0;
}

char *cli__build_selftest(void)
{
	char *out = vrb_fmt("%s/selftests", vrb_build_dir());
	char *src = vrb_fmt("%s/selftests/vrealloc_bench", vrb_root());
	char *output = vrb_fmt("OUTPUT=%s", out);
	/* kselftest.h is in the cache this vrbench uses, not wherever $HOME points */
	char *cache = vrb_fmt("VRBENCH_CACHE=%s", vrb_cache());
	char *bin = vrb_fmt("%s/vrealloc_bench_test", out);

	vrb_mkdirs(out);
	if (vrb_run((char *[]){ "make", "-s", "-C", src, output, cache, NULL }, NULL)) {
		vrb_err("building %s failed", src);
		free(bin);
		bin = NULL;
	}
	free(out);
	free(src);
	free(output);
	free(cache);
	return bin;
}
