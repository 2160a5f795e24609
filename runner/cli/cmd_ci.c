// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench ci BASE NEW: the one command a CI job runs.  Both kernels (catalogue
 * names: Debian, built from source, or a local tree) fetched or built,
 * measured interleaved (`run`), judged once, and written where a pipeline
 * picks them up: DIR/summary.md (for a merge request), DIR/compare.json (for
 * tools), DIR/report/ (the page and its figures), DIR/BASE/ and DIR/NEW/ (the
 * result files).  Exits with the gate's code.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "gates.h"
#include "judge.h"
#include "plot.h"
#include "report.h"
#include "util.h"

struct ci_opts {
	const char *base, *new, *bench, *out, *jobs, *timeout;
	char runs[16];
};

static void ci_usage(FILE *f)
{
	fprintf(f, "usage: vrbench ci [--runs N] [--bench FILE] [--out DIR] [--jobs N] [--timeout SEC]\n"
		   "                  BASE NEW\n\n"
		   "What a CI job runs: fetch or build the two kernels (catalogue names), measure\n"
		   "them interleaved, N runs each (default: config/gates.ini's min_runs), judge\n"
		   "once, and write DIR (default results/ci-STAMP): summary.md for a merge\n"
		   "request, compare.json, report/ (index.html and figures), BASE/ and NEW/ (the\n"
		   "result files).  Exit as the gate: 0 no regression and every cell decided,\n"
		   "1 a regression, 125 undecided or a run could not be measured, 2 input error\n"
		   "(unknown kernel, incomparable sides), 130 interrupted.\n");
}

/* `vrbench run` in process, into dir: its own exit code. */
static int ci__measure(const struct ci_opts *o, const char *dir)
{
	char *kernels = vrb_fmt("%s,%s", o->base, o->new);
	char *argv[16] = { "run", "--kernels", kernels, "--runs", (char *)o->runs,
			   "--output", (char *)dir };
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
	return rc;
}

/* Move raw's result files of kernel name ("<session>-NAME-runN.json") into dir/NAME. */
static int ci__split(const char *raw, const char *dir, const char *name)
{
	char *to = vrb_fmt("%s/%s", dir, name), *mid = vrb_fmt("-%s-run", name), *from, *dst;
	struct dirent *de;
	DIR *d = opendir(raw);
	int n = 0;

	vrb_mkdirs(to);
	while (d && (de = readdir(d))) {
		const char *hit = strstr(de->d_name, mid);

		if (!hit || strcmp(de->d_name + strlen(de->d_name) - 5, ".json"))
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

/* Judge the two directories once; write the summary, the JSON and the report. */
static int ci__judge(const struct ci_opts *o, const char *dir)
{
	char *b = vrb_fmt("%s/%s", dir, o->base), *n = vrb_fmt("%s/%s", dir, o->new);
	char *args[2] = { b, n }, **labels = NULL, *p;
	struct side *sides = NULL;
	struct judgement j;
	int rc = judge__sides(b, n, NULL, &j);

	if (rc) {
		rc = cli__judge_exit(rc);
		goto out;
	}
	p = vrb_fmt("%s/summary.md", dir);
	rc = ci__write_text(p, o, &j, false);
	free(p);
	p = vrb_fmt("%s/compare.json", dir);
	rc = rc ? rc : ci__write_text(p, o, &j, true);
	free(p);
	printf("%s/summary.md\n%s/compare.json\n", dir, dir);
	/* the page needs the default suite's cells: with another bench there may be none */
	p = vrb_fmt("%s/report", dir);
	if (!rc && !plot__load(args, 2, &sides, &labels) &&
	    !report__write(args, sides, labels, NULL, p, &j))
		printf("%s/index.html\n", p);
	else if (!rc)
		vrb_info("ci: no report page for this suite (see above); the verdict stands");
	free(p);
	printf("verdict: %s\n", j.verdict);
	rc = rc ? VRB_EXIT_USAGE : j.gate_exit;
	judgement__free(&j);
out:
	free(b);
	free(n);
	return rc;
}

static int ci__opts(int argc, char **argv, struct ci_opts *o)
{
	static const struct option opts[] = {
		{ "runs", required_argument, NULL, 'r' }, { "bench", required_argument, NULL, 'b' },
		{ "out", required_argument, NULL, 'o' }, { "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 'T' }, { "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct gates g;
	char err[512];
	int c;

	while ((c = getopt_long(argc, argv, "r:b:o:j:T:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': snprintf(o->runs, sizeof(o->runs), "%s", optarg); break;
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
	if (!strcmp(o->base, o->new)) {
		vrb_err("ci: BASE and NEW are both '%s': an A/A comparison is vrbench calibrate's",
			o->base);
		return -EINVAL;
	}
	if (!o->runs[0]) {	/* as many runs as the gate needs to decide, no more */
		if (gates__load(NULL, &g, err, sizeof(err))) {
			vrb_err("%s", err);
			return -EINVAL;
		}
		snprintf(o->runs, sizeof(o->runs), "%zu", g.cmp.min_runs);
	}
	return 0;
}

int cmd_ci(int argc, char **argv)
{
	struct ci_opts o = { 0 };
	char *dir, *raw;
	int rc = ci__opts(argc, argv, &o);

	if (rc)
		return rc > 0 ? 0 : VRB_EXIT_USAGE;
	dir = o.out ? strdup(o.out) : cli__results_dir("ci");
	raw = vrb_fmt("%s/runs", dir);
	vrb_mkdirs(raw);
	rc = ci__measure(&o, raw);
	if (rc == VRB_EXIT_USAGE || rc == 130)	/* refused before measuring, or ^C */
		goto out;
	/* runs that could not be measured are missing from a side: the gate fails closed */
	ci__split(raw, dir, o.base);
	ci__split(raw, dir, o.new);
	rmdir(raw);
	rc = ci__judge(&o, dir);
out:
	free(raw);
	free(dir);
	return rc;
}
