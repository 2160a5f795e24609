// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench anchor: upstream's own benchmark beside vrbench, in the same harness.
 *
 * lib/test_vmalloc.c's vrealloc_test (run_test_mask=4096) allocates a page,
 * grows it to four (a moving grow), shrinks it to one and to half a page,
 * grows it back and frees it, test_loop_count times, and prints one average
 * per thread when the module is loaded.  That is one number per load, the way
 * kernel developers quote it; its spread from load to load and from boot to
 * boot is the noise a change must beat.  anchor loads it N times in each of B
 * guests of a kernel built with CONFIG_TEST_VMALLOC=m (every kernel vrbench
 * builds from source has it), under the same clock and vCPU count as
 * `vrbench run`, and prints its coefficient of variation beside vrbench's for
 * the rows that do the same operations (sizes up to four pages) and for the
 * whole suite, from R runs it measures (or result files given with --against).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalogue.h"
#include "cli.h"
#include "commands.h"
#include "kernel.h"
#include "pool.h"
#include "stats.h"
#include "util.h"
#include "vm.h"

#define MAX_LOADS 1024

struct anchor_plan {
	const char *kernel;
	int boots, loads, threads, loops, runs;
	bool icount;
	const char *against;
};

static void anchor_usage(FILE *f)
{
	fprintf(f, "usage: vrbench anchor [--kernel NAME] [--boots B] [--loads N] [--threads T]\n"
		   "                      [--loops L] [--clock icount|real] [--runs R | --against DIR]\n\n"
		   "Load upstream's test_vmalloc (vrealloc_test, run_test_mask=4096) N times\n"
		   "(default 5) in each of B guests (default 2) of NAME (default 7.3-src: a kernel\n"
		   "built with CONFIG_TEST_VMALLOC=m), T threads (default 1), L loops a load\n"
		   "(default 20000), and print the spread of its one number per load beside the\n"
		   "run-to-run spread of vrbench's default suite on the same kernel: R runs\n"
		   "measured now (default 5), or the result files of DIR.  --clock as for run\n"
		   "(icount by default; real shows what the host's load does to both).\n"
		   "Exit: 0 printed; 2 usage, or the kernel has no test_vmalloc.ko; 125 a guest or\n"
		   "a load failed.\n");
}

/*
 * One guest: the time of each load (usec per loop, the mean over its threads).
 * Busybox's insmod tries finit_module and then init_module, and test_vmalloc's
 * init runs the test and fails with -EAGAIN each time, so one insmod can be
 * two loads: the script loads until the kernel log holds N summaries.
 */
static int anchor__boot(const struct anchor_plan *a, const struct kernel_info *ki, char *ko,
			double *avg, int *n)
{
	char *script = vrb_fmt(
		/* the same quieting `vrbench measure` applies in a guest (runner/quiet.c) */
		"echo 0 > /proc/sys/vm/compaction_proactiveness 2>/dev/null; "
		"echo 3600 > /proc/sys/vm/stat_interval 2>/dev/null; i=0; "
		"while [ $(dmesg | grep -c 'Summary: vrealloc_test') -lt %d ] && [ $i -lt %d ]; do "
		"insmod ./test_vmalloc.ko run_test_mask=4096 nr_threads=%d test_loop_count=%d "
		"test_repeat_count=1 2>/dev/null; i=$((i + 1)); done; "
		"dmesg | grep 'Summary: vrealloc_test' | head -n %d",
		a->loads * a->threads, 2 * a->loads, a->threads, a->loops, a->loads * a->threads);
	char *cmd[] = { "sh", "-c", script, NULL };
	struct vm_opts o;
	struct vm_result res;
	const struct vm_file *out;
	char *text, *line, *save = NULL;
	int err, seen = 0, bad = 0, passed, failed, first = *n;
	double sum = 0, us;

	vm_opts__init(&o);
	o.no_module = true;
	o.icount = a->icount;	/* as `vrbench run`: guest time from instruction counts */
	o.cpus = a->threads > 1 ? 2 : 1;
	o.timeout_s = 3600;
	o.files = &ko;
	o.nfiles = 1;
	err = vm__run(ki, cmd, &o, &res);
	free(script);
	if (err)
		return VRB_EXIT_NOMEASURE;
	out = vm_channel__file(&res.ch, "stdout");
	text = out ? strndup(out->data, out->len) : strdup("");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *s = strstr(line, "Summary: vrealloc_test");

		if (!s)
			continue;
		if (sscanf(s, "Summary: vrealloc_test passed: %d failed: %d xfailed: %*d repeat: %*d "
			      "loops: %*d avg: %lf usec", &passed, &failed, &us) != 3 ||
		    failed || passed != 1) {
			bad++;
			continue;
		}
		sum += us / a->loops;
		if (++seen == a->threads) {
			avg[(*n)++] = sum / seen;
			seen = 0;
			sum = 0;
		}
	}
	free(text);
	if (bad || *n - first != a->loads) {
		vrb_err("anchor: %d of %d loads in this guest gave a clean vrealloc_test summary (%d "
			"failed); console log kept in %s", *n - first, a->loads, bad,
			res.run_dir ? res.run_dir : "(removed)");
		vm_result__free(&res);
		return VRB_EXIT_NOMEASURE;
	}
	vm_result__free(&res);
	return 0;
}

/* sd / mean, as every summary in the results has it (stats.c) */
static double cov_of(const double *v, size_t n)
{
	struct summary s;

	stats__summarize(v, n, &s);
	return s.cov;
}

/* "grow #1 grow 4096->8192": the row's sizes, 0 when it names none. */
static long row_max_size(const char *key)
{
	long a = 0, b = 0;
	const char *s = strrchr(key, ' ');

	if (s && sscanf(s + 1, "%ld->%ld", &a, &b) == 2)
		return a > b ? a : b;
	return 0;
}

/* vrbench's side: run-to-run CoV of each row's p50, the small rows listed. */
static int anchor__print_vrbench(const char *dir, double anchor_cov)
{
	struct side s = { 0 };
	struct pool_row *rows = NULL;
	size_t nrows = 0, i, n = 0, under = 0, small = 0;
	double *covs;

	if (side__load(dir, &s))
		return VRB_EXIT_USAGE;
	rows__collect(&s, false, &rows, &nrows);
	covs = calloc(nrows + 1, sizeof(double));
	printf("\nvrbench, %zu runs of the default suite (%s): run-to-run CoV of each row's p50\n",
	       s.n, dir);
	printf("  rows doing what vrealloc_test does (sizes up to 16 KiB):\n");
	for (i = 0; i < nrows; i++) {
		long sz;

		if (rows[i].step < 0 || rows[i].nb != s.n || s.n < 2)
			continue;
		covs[n] = cov_of(rows[i].base, rows[i].nb);
		under += covs[n] <= 0.02;
		sz = row_max_size(rows[i].key);
		if (sz > 0 && sz <= 16384 && !strstr(rows[i].key, "append")) {
			printf("    %-46s %6.2f %%\n", rows[i].key, 100 * covs[n]);
			small++;
		}
		n++;
	}
	if (!n) {
		vrb_err("anchor: %s holds no row measured in every one of at least 2 runs", dir);
		free(covs);
		rows__free(rows, nrows);
		side__free(&s);
		return VRB_EXIT_USAGE;
	}
	gsl_sort(covs, 1, n);
	printf("  all %zu rows: median %.2f %%, 90th percentile %.2f %%, worst %.2f %%; "
	       "%zu of %zu at or under 2 %%\n", n, 100 * covs[n / 2],
	       100 * covs[(size_t)(0.9 * (n - 1))], 100 * covs[n - 1], under, n);
	printf("\nside by side: vrealloc_test %.2f %% (one number per load) against vrbench's "
	       "median row %.3f %%", 100 * anchor_cov, 100 * covs[n / 2]);
	if (covs[n / 2] * 100 < anchor_cov)
		printf(" (vrbench over 100x tighter)\n");
	else
		printf(" (vrbench %.1fx tighter)\n", anchor_cov / covs[n / 2]);
	free(covs);
	rows__free(rows, nrows);
	side__free(&s);
	return 0;
}

static int anchor__parse(int argc, char **argv, struct anchor_plan *a)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' }, { "boots", required_argument, NULL, 'b' },
		{ "loads", required_argument, NULL, 'n' }, { "threads", required_argument, NULL, 't' },
		{ "loops", required_argument, NULL, 'l' }, { "runs", required_argument, NULL, 'r' },
		{ "against", required_argument, NULL, 'a' }, { "clock", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c, *field;
	char *end;
	long v;

	while ((c = getopt_long(argc, argv, "k:b:n:t:l:r:a:C:h", opts, NULL)) != -1) {
		field = c == 'b' ? &a->boots : c == 'n' ? &a->loads : c == 't' ? &a->threads :
			c == 'l' ? &a->loops : c == 'r' ? &a->runs : NULL;
		if (field) {
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > (c == 'l' ? 100000000 : 64)) {
				vrb_err("--%s: '%s' is not a valid count", c == 'b' ? "boots" :
					c == 'n' ? "loads" : c == 't' ? "threads" : c == 'l' ? "loops" :
					"runs", optarg);
				return VRB_EXIT_USAGE;
			}
			*field = (int)v;
			continue;
		}
		switch (c) {
		case 'k': a->kernel = optarg; break;
		case 'a': a->against = optarg; break;
		case 'C':
			if (strcmp(optarg, "icount") && strcmp(optarg, "real")) {
				vrb_err("--clock: expected icount or real, not '%s'", optarg);
				return VRB_EXIT_USAGE;
			}
			a->icount = !strcmp(optarg, "icount");
			break;
		case 'h': anchor_usage(stdout); return -1;
		default: anchor_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		vrb_err("anchor: unexpected argument '%s'", argv[optind]);
		return VRB_EXIT_USAGE;
	}
	if (a->boots * a->loads < 3 || a->boots * a->loads > MAX_LOADS) {
		vrb_err("anchor: boots x loads must be from 3 to %d", MAX_LOADS);
		return VRB_EXIT_USAGE;
	}
	return 0;
}

int cmd_anchor(int argc, char **argv)
{
	struct anchor_plan a = { .kernel = "7.3-src", .boots = 2, .loads = 5, .threads = 1,
				 .loops = 20000, .runs = 5, .icount = true };
	struct kernel_info ki = { 0 };
	double avg[MAX_LOADS], boot_mean[64], within = 0;
	char *ko = NULL, *dir = NULL, stamp[32];
	int rc, b, n = 0, i;
	struct stat st;

	rc = anchor__parse(argc, argv, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = cli__prepare_kernel(a.kernel, &ki);
	if (rc)
		return rc;
	ko = vrb_fmt("%s/lib/test_vmalloc.ko", ki.build ? ki.build : "/nonexistent");
	if (stat(ko, &st)) {
		vrb_err("anchor: kernel '%s' has no %s: it needs CONFIG_TEST_VMALLOC=m (Debian's "
			"kernels do not; the kernels vrbench builds from source do, e.g. 7.3-src)",
			a.kernel, ko);
		rc = VRB_EXIT_USAGE;
		goto out;
	}
	for (b = 0; b < a.boots; b++) {
		int first = n;

		vrb_info("anchor: guest %d of %d, %d loads of test_vmalloc (vrealloc_test, %d "
			 "thread%s, %d loops)", b + 1, a.boots, a.loads, a.threads,
			 a.threads == 1 ? "" : "s", a.loops);
		rc = anchor__boot(&a, &ki, ko, avg, &n);
		if (rc)
			goto out;
		boot_mean[b] = gsl_stats_mean(avg + first, 1, n - first);
		within += cov_of(avg + first, n - first) / a.boots;
	}
	printf("upstream test_vmalloc vrealloc_test on %s (%s), %d guests x %d loads, %d "
	       "thread%s, %d loops a load, %s clock\n", ki.name, ki.release, a.boots, a.loads,
	       a.threads, a.threads == 1 ? "" : "s", a.loops, a.icount ? "icount" : "real");
	printf("  usec per loop, load by load:");
	for (i = 0; i < n; i++)
		printf("%s%.2f", i % a.loads ? " " : i ? " | " : " ", avg[i]);
	printf("\n  CoV over all %d loads: %.2f %%; within a guest (mean): %.2f %%; of the guests' "
	       "means: %.2f %%\n", n, 100 * cov_of(avg, n), 100 * within,
	       100 * cov_of(boot_mean, a.boots));
	if (a.against) {
		dir = strdup(a.against);
	} else {
		char *self = vrb_fmt("%s", vrb_self()), *runs = vrb_fmt("%d", a.runs);

		vrb_stamp(stamp, sizeof(stamp));
		dir = vrb_fmt("%s/anchor-%s", vrb_results_root(), stamp);
		vrb_info("anchor: vrbench's default suite, %d runs of %s into %s", a.runs, ki.name,
			 dir);
		rc = vrb_run((char *[]){ self, "run", "--kernels", (char *)a.kernel, "--runs", runs,
					 "--output", dir, "--clock", a.icount ? "icount" : "real",
					 NULL }, NULL);
		free(self);
		free(runs);
		if (rc) {
			rc = VRB_EXIT_NOMEASURE;
			goto out;
		}
	}
	rc = anchor__print_vrbench(dir, cov_of(avg, n));
out:
	free(dir);
	free(ko);
	kernel_info__free(&ki);
	return rc;
}
