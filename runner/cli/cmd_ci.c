// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench ci BASE NEW: the one command a CI job runs.  Both kernels (catalogue
 * names: Debian, built from source, or a local tree) fetched or built,
 * measured interleaved (`run`), judged, and written where a pipeline picks
 * them up: DIR/summary.md (for a merge request), DIR/compare.json (for tools),
 * DIR/kcidb.json (for KernelCI: render/kcidb.c),
 * DIR/report/ (the page and its figures), DIR/base/ and DIR/new/ (the result
 * files).  Exits with the gate's code.
 *
 * Adaptive: the first look judges min_runs a side; while latency cells stay
 * "~", min_runs more of each kernel are measured and everything is judged
 * again, up to the budget.  The number of looks is fixed by the budget before
 * the first run and alpha is split across them (runner/judge/looks.h), so
 * looking again does not raise the false-call rate.  BASE = NEW is an A/A
 * check: one kernel, its runs dealt alternately to the two sides.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "gates.h"
#include "judge.h"
#include "kcidb.h"
#include "looks.h"
#include "plot.h"
#include "report.h"
#include "util.h"

struct ci_opts {
	const char *base, *new, *bench, *out, *jobs, *timeout;
	size_t first;		/* runs a side at the first look (--runs; min_runs) */
	size_t step;		/* runs a side added per look (min_runs) */
	size_t max_runs;	/* runs a side at most (--budget N; max_runs) */
	double minutes;		/* --budget Nm: no new look that would end past it */
	bool aa;		/* BASE = NEW */
};

static void ci_usage(FILE *f)
{
	fprintf(f, "usage: vrbench ci [--runs N] [--budget N|Nm] [--bench FILE] [--out DIR]\n"
		   "                  [--jobs N] [--timeout SEC] BASE NEW\n\n"
		   "What a CI job runs: fetch or build the two kernels (catalogue names), measure\n"
		   "them interleaved, N runs each (default: config/gates.ini's min_runs), and judge.\n"
		   "While cells stay undecided (~), measure min_runs more of each and judge again,\n"
		   "up to the budget: N runs a side (default: gates.ini's max_runs; --max-runs N\n"
		   "is the same) or N minutes (Nm: no look starts that would end past it).  alpha\n"
		   "is split across the looks the budget allows.  BASE = NEW: an A/A check of one\n"
		   "kernel (its runs dealt to both sides).  Writes DIR (default results/ci-STAMP):\n"
		   "summary.md for a merge request, compare.json, kcidb.json (KCIDB v5.3, as\n"
		   "vrbench export --kcidb), report/ (index.html and figures), base/ and new/ (the\n"
		   "result files).  Exit as the gate: 0 no regression and every cell decided,\n"
		   "1 a regression, 125 undecided or a run could not be measured, 2 input error\n"
		   "(unknown kernel, incomparable sides), 130 interrupted.\n");
}

/* `vrbench run` in process, into dir, runs per side: its own exit code. */
static int ci__measure(const struct ci_opts *o, const char *dir, size_t runs)
{
	char *kernels = o->aa ? strdup(o->base) : vrb_fmt("%s,%s", o->base, o->new);
	char *count = vrb_fmt("%zu", o->aa ? 2 * runs : runs);
	char *argv[16] = { "run", "--kernels", kernels, "--runs", count, "--output", (char *)dir };
	int argc = 7, rc, saved;

	if (o->bench)
		argv[argc++] = "--bench", argv[argc++] = (char *)o->bench;
	if (o->jobs)
		argv[argc++] = "--jobs", argv[argc++] = (char *)o->jobs;
	if (o->timeout)
		argv[argc++] = "--timeout", argv[argc++] = (char *)o->timeout;
	optind = 0;	/* getopt again, for run's own options */
	/* run's list of result files goes to the log: ci's stdout is its own answer */
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(STDERR_FILENO, STDOUT_FILENO);
	rc = cmd_run(argc, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	free(kernels);
	free(count);
	return rc;
}

/*
 * Move raw's result files of kernel name ("<session>-NAME-runN.json") into
 * dir/SIDE: side "base" or "new"; in an A/A check (both sides one name) odd
 * runs are the base's and even runs the new side's, so both are interleaved.
 */
static int ci__split(const char *raw, const char *dir, const char *name, const char *side,
		     int parity)
{
	char *to = vrb_fmt("%s/%s", dir, side), *mid = vrb_fmt("-%s-run", name), *from, *dst;
	struct dirent *de;
	DIR *d = opendir(raw);
	int n = 0, run;

	vrb_mkdirs(to);
	while (d && (de = readdir(d))) {
		const char *hit = strstr(de->d_name, mid);

		if (!hit || strcmp(de->d_name + strlen(de->d_name) - 5, ".json") ||
		    sscanf(hit + strlen(mid), "%d", &run) != 1 ||
		    (parity >= 0 && run % 2 != parity))
			continue;
		from = vrb_fmt("%s/%s", raw, de->d_name);
		dst = vrb_fmt("%s/%s", to, de->d_name);
		if (rename(from, dst) == 0)
			n++;
		free(from);
		free(dst);
	}
	if (d)
		closedir(d);
	free(to);
	free(mid);
	return n;
}

static int ci__write_text(const char *path, const struct ci_opts *o, const struct judgement *j,
			  bool json)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		vrb_err("cannot write %s: %m", path);
		return -EIO;
	}
	if (json) {
		judgement__print_json(j, f);
	} else {
		fprintf(f, "## vrbench: %s against %s\n\n**%s**\n\nVerdict: %s.\n\n", o->new,
			o->base, j->verdict, judge__gate_meaning(j->gate_exit));
		judgement__print(j, f, true);
	}
	return fclose(f) ? -EIO : 0;
}

/* The final judgement's summary, JSON and report page; the gate's code. */
static int ci__write(const struct ci_opts *o, const char *dir, struct judgement *j)
{
	char *b = vrb_fmt("%s/base", dir), *n = vrb_fmt("%s/new", dir);
	char *args[2] = { b, n }, **labels = NULL, *p;
	struct side *sides = NULL;
	json_t *kcidb;
	int rc;

	p = vrb_fmt("%s/summary.md", dir);
	rc = ci__write_text(p, o, j, false);
	free(p);
	p = vrb_fmt("%s/compare.json", dir);
	rc = rc ? rc : ci__write_text(p, o, j, true);
	free(p);
	p = vrb_fmt("%s/kcidb.json", dir);
	kcidb = kcidb__document(j, "vrbench");
	if (!rc && json_dump_file(kcidb, p, JSON_INDENT(1) | JSON_SORT_KEYS))
		rc = -EIO, vrb_err("cannot write %s", p);
	json_decref(kcidb);
	free(p);
	printf("%s/summary.md\n%s/compare.json\n%s/kcidb.json\n", dir, dir, dir);
	/* the page needs the default suite's cells: with another bench there may be none */
	p = vrb_fmt("%s/report", dir);
	if (!rc && !plot__load(args, 2, &sides, &labels) &&
	    !report__write(args, sides, labels, NULL, p, j))
		printf("%s/index.html\n", p);
	else if (!rc)
		vrb_info("ci: no report page for this suite (see above); the verdict stands");
	free(p);
	printf("verdict: %s\n", j->verdict);
	free(b);
	free(n);
	return rc ? VRB_EXIT_USAGE : j->gate_exit;
}

static int ci__budget(const char *v, struct ci_opts *o)
{
	char *end;
	double x = strtod(v, &end);

	if (end == v || x <= 0 || (*end && strcmp(end, "m")))
		return -EINVAL;
	if (*end == 'm') {
		o->minutes = x;
		return 0;
	}
	if (x != (double)(size_t)x)
		return -EINVAL;
	o->max_runs = (size_t)x;
	return 0;
}

static int ci__opts(int argc, char **argv, struct ci_opts *o)
{
	static const struct option opts[] = {
		{ "runs", required_argument, NULL, 'r' }, { "bench", required_argument, NULL, 'b' },
		{ "out", required_argument, NULL, 'o' }, { "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 'T' }, { "budget", required_argument, NULL, 'B' },
		{ "max-runs", required_argument, NULL, 'M' }, { "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct gates g;
	char err[512], *end;
	long v;
	int c;

	if (gates__load(NULL, &g, err, sizeof(err))) {
		vrb_err("%s", err);
		return -EINVAL;
	}
	o->first = o->step = g.cmp.min_runs;
	o->max_runs = g.max_runs;
	while ((c = getopt_long(argc, argv, "r:b:o:j:T:B:M:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 2 || v > 1000) {
				vrb_err("--runs '%s': expected a count of 2 to 1000", optarg);
				return -EINVAL;
			}
			o->first = (size_t)v;
			break;
		case 'B':
		case 'M':
			if (ci__budget(optarg, o) || (c == 'M' && o->minutes)) {
				vrb_err("--%s '%s': expected runs a side (N)%s", c == 'B' ? "budget" :
					"max-runs", optarg, c == 'B' ? " or minutes (Nm)" : "");
				return -EINVAL;
			}
			break;
		case 'b': o->bench = optarg; break;
		case 'o': o->out = optarg; break;
		case 'j': o->jobs = optarg; break;
		case 'T': o->timeout = optarg; break;
		case 'h': ci_usage(stdout); return 1;
		default: ci_usage(stderr); return -EINVAL;
		}
	}
	if (argc - optind != 2) {
		ci_usage(stderr);
		return -EINVAL;
	}
	o->base = argv[optind];
	o->new = argv[optind + 1];
	o->aa = !strcmp(o->base, o->new);
	if (o->minutes)		/* a time budget stops early; the looks are max_runs' */
		o->max_runs = g.max_runs > o->first ? g.max_runs : o->first;
	return 0;
}

static double ci__now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Measure a look's runs into dir/base and dir/new; run's exit code. */
static int ci__look_measure(const struct ci_opts *o, const char *dir, size_t runs)
{
	char *raw = vrb_fmt("%s/runs", dir);
	int rc;

	vrb_mkdirs(raw);
	rc = ci__measure(o, raw, runs);
	/* runs that could not be measured are missing from a side: the gate fails closed */
	ci__split(raw, dir, o->base, "base", o->aa ? 1 : -1);
	ci__split(raw, dir, o->new, "new", o->aa ? 0 : -1);
	rmdir(raw);
	free(raw);
	return rc;
}

int cmd_ci(int argc, char **argv)
{
	struct ci_opts o = { 0 };
	struct judge_opts jo = { 0 };
	struct judgement j;
	struct looks l;
	char *dir, *b, *n;
	size_t have = 0, want;
	double t0 = ci__now(), t_look, now;
	unsigned int k;
	int rc = ci__opts(argc, argv, &o);

	if (rc)
		return rc > 0 ? 0 : VRB_EXIT_USAGE;
	looks__plan(&l, o.first, o.step, o.max_runs);
	jo.looks = l.count;
	dir = o.out ? strdup(o.out) : cli__results_dir("ci");
	b = vrb_fmt("%s/base", dir);
	n = vrb_fmt("%s/new", dir);
	for (k = 1;; k++) {
		t_look = ci__now();
		want = looks__runs_at(&l, k) - have;
		rc = ci__look_measure(&o, dir, want);
		if (rc == VRB_EXIT_USAGE || rc == 130)	/* refused before measuring, or ^C */
			goto out;
		have += want;
		rc = judge__sides(b, n, &jo, &j);
		if (rc) {
			rc = cli__judge_exit(rc);
			goto out;
		}
		if (!looks__again(&l, k, j.gate_exit, j.tally.undecided))
			break;
		/* the next look takes about as long as this one did */
		now = ci__now();
		if (o.minutes && now + (now - t_look) - t0 > o.minutes * 60) {
			vrb_info("ci: look %u of %u leaves %zu cells ~; another would pass the "
				 "%g-minute budget", k, l.count, j.tally.undecided, o.minutes);
			break;
		}
		vrb_info("ci: look %u of %u (%zu runs a side, each test at alpha %.3g): %zu cells "
			 "~; measuring %zu more runs a side", k, l.count, have, j.gates.cmp.alpha,
			 j.tally.undecided, looks__runs_at(&l, k + 1) - have);
		judgement__free(&j);
	}
	vrb_info("ci: %u of %u looks, %zu runs a side, each test at alpha %.3g", k, l.count,
		 have, j.gates.cmp.alpha);
	rc = ci__write(&o, dir, &j);
	judgement__free(&j);
out:
	free(b);
	free(n);
	free(dir);
	return rc;
}
