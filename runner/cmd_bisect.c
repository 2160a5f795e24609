// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench bisect: find the commit that made vrealloc slower or fatter.
 * Measures the good revision once as the baseline, then drives
 * `git bisect run` with `vrbench bisect-step` as the predicate: build the
 * kernel at the revision (tinyconfig + config/kernel/vrbench.config, one O=
 * directory, incremental), build the module for it, boot, run the suite,
 * `compare --gate` against the baseline: 0 good, 1 bad, 125 skip.
 * A stand-in --measure-cmd replaces build + boot + run (tests, or a user's own).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "util.h"

struct bisect {
	char *tree, *state, *bench, *measure_cmd, *runs;
};

static char *git_out(const char *tree, char *const args[])
{
	char *argv[16] = { "git", "-C", (char *)tree }, *out = NULL;
	int i, rc;

	for (i = 0; args[i] && i < 12; i++)
		argv[3 + i] = args[i];
	argv[3 + i] = NULL;
	rc = vrb_run(argv, &out);
	if (rc) {
		free(out);
		return NULL;
	}
	return out;
}

/* Measure the tree's checked-out revision into out; 0, or 125 (could not measure). */
static int measure(const struct bisect *b, const char *out)
{
	char *self = vrb_fmt("%s/vrbench", vrb_root()), *kdir, *cat, *text;
	int rc;

	vrb_mkdirs(out);
	if (b->measure_cmd) {	/* stand-in: writes result files into $VRB_OUT */
		setenv("VRB_OUT", out, 1);
		setenv("VRB_RUNS", b->runs, 1);
		rc = vrb_run((char *[]){ "sh", "-c", vrb_fmt("cd '%s' && %s", b->tree,
							   b->measure_cmd), NULL }, NULL);
		free(self);
		return rc ? VRB_EXIT_NOMEASURE : 0;
	}
	kdir = vrb_fmt("%s/kbuild", b->state);
	rc = vrb_run((char *[]){ vrb_fmt("%s/scripts/build-kernel.sh", vrb_root()), b->tree, kdir,
				 NULL }, NULL);
	if (!rc) {	/* the built tree as a local kernel of a catalogue of its own */
		cat = vrb_fmt("%s/kernels.ini", b->state);
		text = vrb_fmt("[bisect]\nsource = local\nvmlinuz = %s/arch/x86/boot/bzImage\n"
			       "build = %s\n", kdir, kdir);
		vrb_write_file_atomic(cat, text, strlen(text));
		setenv("VRBENCH_KERNELS", cat, 1);
		rc = vrb_run((char *[]){ self, "run", "--kernels", "bisect", "--runs", b->runs,
					 "--output", (char *)out, b->bench ? "--bench" : NULL,
					 b->bench, NULL }, NULL);
		free(cat);
		free(text);
	}
	free(kdir);
	free(self);
	return rc ? VRB_EXIT_NOMEASURE : 0;
}

static int save_state(const struct bisect *b)
{
	char *path = vrb_fmt("%s/bisect.env", b->state);
	char *text = vrb_fmt("%s\n%s\n%s\n%s\n", b->tree, b->runs, b->bench ? b->bench : "",
			     b->measure_cmd ? b->measure_cmd : "");
	int err = vrb_write_file_atomic(path, text, strlen(text));

	free(path);
	free(text);
	return err;
}

static int load_state(struct bisect *b)
{
	char *path = vrb_fmt("%s/bisect.env", b->state), *text = NULL, *p, *l[4];
	int i;

	if (vrb_read_file(path, &text, NULL))
		return -1;
	for (p = text, i = 0; i < 4; i++)
		l[i] = strsep(&p, "\n");
	b->tree = strdup(l[0]);
	b->runs = strdup(l[1]);
	b->bench = *l[2] ? strdup(l[2]) : NULL;
	b->measure_cmd = l[3] && *l[3] ? strdup(l[3]) : NULL;
	free(text);
	free(path);
	return 0;
}

/* git bisect run's predicate: 0 good, 1 bad, 125 skip; never anything else. */
int cmd_bisect_step(int argc, char **argv)
{
	struct bisect b = { 0 };
	char *sha, *out, *good, *self = vrb_fmt("%s/vrbench", vrb_root());
	int rc, saved;

	if (argc != 2)
		return VRB_EXIT_NOMEASURE;
	b.state = argv[1];
	if (load_state(&b))
		return VRB_EXIT_NOMEASURE;
	sha = git_out(b.tree, (char *[]){ "rev-parse", "--short=12", "HEAD", NULL });
	if (!sha)
		return VRB_EXIT_NOMEASURE;
	out = vrb_fmt("%s/%s", b.state, sha);
	good = vrb_fmt("%s/good", b.state);
	rc = measure(&b, out);
	if (!rc) {	/* its table goes to the log (stderr); stdout is bisect's answer */
		fflush(stdout);
		saved = dup(STDOUT_FILENO);
		dup2(STDERR_FILENO, STDOUT_FILENO);
		rc = vrb_run((char *[]){ self, "compare", "--gate", good, out, NULL }, NULL);
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	vrb_info("bisect: %s is %s", sha, rc == 0 ? "good" : rc == 1 ? "bad (regressed)" :
		 "skipped (could not measure or decide)");
	return rc == 0 || rc == 1 ? rc : VRB_EXIT_NOMEASURE;
}

static void bisect_usage(FILE *f)
{
	fprintf(f, "usage: vrbench bisect --tree DIR --good REV --bad REV [--bench FILE] [--runs N]\n"
		   "                      [--measure-cmd CMD]\n\n"
		   "Find the first commit between GOOD and BAD that regresses (compare --gate against\n"
		   "GOOD measured once).  Each step builds the kernel of DIR (tinyconfig +\n"
		   "config/kernel/vrbench.config, incremental), the module, boots it and runs the\n"
		   "suite N times (default 5).  --measure-cmd replaces that with a command run in\n"
		   "DIR that writes result files into $VRB_OUT ($VRB_RUNS of them).  Prints the\n"
		   "first bad commit and its comparison.  Exit: 0 found, 1 none found, 2 usage.\n");
}

int cmd_bisect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tree", required_argument, NULL, 't' }, { "good", required_argument, NULL, 'g' },
		{ "bad", required_argument, NULL, 'b' }, { "bench", required_argument, NULL, 'B' },
		{ "runs", required_argument, NULL, 'r' },
		{ "measure-cmd", required_argument, NULL, 'm' }, { "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct bisect b = { .runs = "5" };
	const char *good = NULL, *bad = NULL;
	char *self = vrb_fmt("%s/vrbench", vrb_root()), *first, *subject, *gd, *bd, stamp[32];
	char *orig;
	time_t now = time(NULL);
	int c, rc;

	while ((c = getopt_long(argc, argv, "t:g:b:B:r:m:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': b.tree = optarg; break;
		case 'g': good = optarg; break;
		case 'b': bad = optarg; break;
		case 'B': b.bench = optarg; break;
		case 'r': b.runs = optarg; break;
		case 'm': b.measure_cmd = optarg; break;
		case 'h': bisect_usage(stdout); return 0;
		default: bisect_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (!b.tree || !good || !bad) {
		bisect_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	gd = git_out(b.tree, (char *[]){ "rev-parse", "--verify", "-q", vrb_fmt("%s^{commit}", good), NULL });
	bd = git_out(b.tree, (char *[]){ "rev-parse", "--verify", "-q", vrb_fmt("%s^{commit}", bad), NULL });
	if (!gd || !bd) {
		vrb_err("%s is not a git tree with revisions %s and %s", b.tree, good, bad);
		return VRB_EXIT_USAGE;
	}
	if (b.bench && b.bench[0] != '/')
		b.bench = realpath(b.bench, NULL);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&now));
	b.state = vrb_fmt("%s/results/bisect-%s", vrb_root(), stamp);
	vrb_mkdirs(b.state);
	save_state(&b);
	/* where the user's tree stands, to put it back at the end */
	orig = git_out(b.tree, (char *[]){ "symbolic-ref", "-q", "--short", "HEAD", NULL });
	if (!orig)
		orig = git_out(b.tree, (char *[]){ "rev-parse", "HEAD", NULL });
	vrb_info("bisect: measuring the good revision %.12s once as the baseline", gd);
	if (vrb_run((char *[]){ "git", "-C", b.tree, "checkout", "-q", "--detach", gd, NULL }, NULL) ||
	    measure(&b, vrb_fmt("%s/good", b.state))) {
		vrb_err("bisect: the good revision could not be measured");
		return VRB_EXIT_NOMEASURE;
	}
	rc = vrb_run((char *[]){ "git", "-C", b.tree, "bisect", "start", bd, gd, NULL }, NULL);
	if (!rc)
		rc = vrb_run((char *[]){ "git", "-C", b.tree, "bisect", "run", self, "bisect-step",
					 b.state, NULL }, NULL);
	first = git_out(b.tree, (char *[]){ "rev-parse", "-q", "--verify", "refs/bisect/bad", NULL });
	if (!rc && first && strcmp(first, gd)) {
		subject = git_out(b.tree, (char *[]){ "log", "-1", "--format=%h %s", first, NULL });
		printf("\nfirst bad commit: %s\n\n", subject ? subject : first);
		fflush(stdout);
		vrb_run((char *[]){ self, "compare", vrb_fmt("%s/good", b.state),
				    vrb_fmt("%s/%.12s", b.state, first), NULL }, NULL);
		free(subject);
	} else {
		printf("no first bad commit found (see %s)\n", b.state);
		rc = 1;
	}
	vrb_run((char *[]){ "git", "-C", b.tree, "bisect", "reset", "-q", NULL }, NULL);
	if (orig)
		vrb_run((char *[]){ "git", "-C", b.tree, "checkout", "-q", orig, NULL }, NULL);
	free(orig);
	free(first);
	return rc ? 1 : 0;
}
