// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench bisect: find the commit that made vrealloc slower or fatter.
 * Checks the good revision out in a worktree of its own and builds it once,
 * then drives `git bisect run` with `vrbench bisect-step` as the predicate:
 * build the kernel at the revision (tinyconfig + config/kernel/vrbench.config,
 * one O= directory, incremental), then boot the good kernel and this one
 * alternately (good, new, good, new, ...: drift between steps lands on both
 * sides, not on a commit), run the suite and `compare --gate`: 0 good, 1 bad,
 * 125 skip (could not build, measure or decide), 128 abort (the two sides are
 * not comparable: an input error must never mark a commit).
 * A stand-in --measure-cmd replaces build + boot + run (tests, or a user's own).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "judge.h"
#include "util.h"

/* git bisect run aborts on an exit code above 127. */
#define VRB_EXIT_BISECT_ABORT 128

struct bisect {
	char *tree, *state, *bench, *measure_cmd, *runs;
	char *allow_undecided;	/* passed to compare --gate-allow-undecided */
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

static char *good_tree(const struct bisect *b)
{
	return vrb_fmt("%s/good-tree", b->state);
}

/* The stand-in: one run in dir (the good worktree or the tree), as out/<side>/run<i>.json. */
static int standin_once(const struct bisect *b, const char *dir, const char *out,
			const char *side, int i)
{
	char *tmp = vrb_fmt("%s/.tmp", out), *cmd, *dst;
	int rc;

	vrb_mkdirs(tmp);
	setenv("VRB_OUT", tmp, 1);
	setenv("VRB_RUNS", "1", 1);
	setenv("VRB_SIDE", side, 1);
	cmd = vrb_fmt("cd '%s' && VRB_RUN_INDEX=%d %s && mv \"$VRB_OUT\"/*.json '%s/%s/run%d.json'",
		      dir, i, b->measure_cmd, out, side, i);
	rc = vrb_run((char *[]){ "sh", "-c", cmd, NULL }, NULL);
	dst = vrb_fmt("%s/%s", out, side);
	free(cmd);
	free(dst);
	rmdir(tmp);
	free(tmp);
	return rc;
}

/* Build a tree's checked-out revision into kdir; 0 or 125. */
static int build_kernel(const char *tree, const char *kdir)
{
	int rc = vrb_run((char *[]){ vrb_fmt("%s/scripts/build-kernel.sh", vrb_root()),
				     (char *)tree, (char *)kdir, NULL }, NULL);

	return rc ? VRB_EXIT_NOMEASURE : 0;
}

/*
 * Measure the good revision and the tree's checked-out one, interleaved, into
 * out/good and out/new: 0, or 125 (could not build or measure).
 */
static int measure_pair(const struct bisect *b, const char *out)
{
	char *self = vrb_fmt("%s", vrb_self()), *gt = good_tree(b), *cat, *text, *mv;
	int rc = 0, i, n = atoi(b->runs);

	vrb_mkdirs(vrb_fmt("%s/good", out));
	vrb_mkdirs(vrb_fmt("%s/new", out));
	if (b->measure_cmd) {
		for (i = 1; i <= n && !rc; i++)
			rc = standin_once(b, gt, out, "good", i) ||
			     standin_once(b, b->tree, out, "new", i);
		goto done;
	}
	rc = build_kernel(b->tree, vrb_fmt("%s/kbuild", b->state));
	if (rc)
		goto done;
	/* both kernels as local ones of a catalogue of their own; `run` interleaves them */
	cat = vrb_fmt("%s/kernels.ini", b->state);
	text = vrb_fmt("[good]\nsource = local\nvmlinuz = %s/kbuild-good/arch/x86/boot/bzImage\n"
		       "build = %s/kbuild-good\n[bisect]\nsource = local\n"
		       "vmlinuz = %s/kbuild/arch/x86/boot/bzImage\nbuild = %s/kbuild\n",
		       b->state, b->state, b->state, b->state);
	vrb_write_file_atomic(cat, text, strlen(text));
	setenv("VRBENCH_KERNELS", cat, 1);
	rc = vrb_run((char *[]){ self, "run", "--kernels", "good,bisect", "--runs", b->runs,
				 "--output", (char *)out, b->bench ? "--bench" : NULL, b->bench,
				 NULL }, NULL);
	mv = vrb_fmt("cd '%s' && mv *-good-run*.json good/ && mv *-bisect-run*.json new/", out);
	if (!rc)
		rc = vrb_run((char *[]){ "sh", "-c", mv, NULL }, NULL);
	free(mv);
	free(cat);
	free(text);
done:
	free(gt);
	free(self);
	return rc ? VRB_EXIT_NOMEASURE : 0;
}

static int save_state(const struct bisect *b)
{
	char *path = vrb_fmt("%s/bisect.env", b->state);
	char *text = vrb_fmt("%s\n%s\n%s\n%s\n%s\n", b->tree, b->runs, b->bench ? b->bench : "",
			     b->measure_cmd ? b->measure_cmd : "",
			     b->allow_undecided ? b->allow_undecided : "");
	int err = vrb_write_file_atomic(path, text, strlen(text));

	free(path);
	free(text);
	return err;
}

static int load_state(struct bisect *b)
{
	char *path = vrb_fmt("%s/bisect.env", b->state), *text = NULL, *p, *l[5];
	int i;

	if (vrb_read_file(path, &text, NULL))
		return -1;
	for (p = text, i = 0; i < 5; i++)
		l[i] = p ? strsep(&p, "\n") : NULL;
	b->tree = strdup(l[0]);
	b->runs = strdup(l[1]);
	b->bench = *l[2] ? strdup(l[2]) : NULL;
	b->measure_cmd = l[3] && *l[3] ? strdup(l[3]) : NULL;
	b->allow_undecided = l[4] && *l[4] ? strdup(l[4]) : NULL;
	free(text);
	free(path);
	return 0;
}

/* The gate on one step's pair, judged in process; its table goes to the log (stderr). */
static int judge_step(const char *out, const char *allow_undecided)
{
	struct judge_opts o = { .allow_undecided = allow_undecided };
	char *good = vrb_fmt("%s/good", out), *new = vrb_fmt("%s/new", out);
	struct judgement j;
	int rc = judge__sides(good, new, &o, &j);

	if (!rc) {
		judgement__print(&j, stderr, false);
		rc = j.gate_exit;
		judgement__free(&j);
	} else {
		rc = cli__judge_exit(rc);
	}
	free(good);
	free(new);
	return rc;
}

/* git bisect run's predicate: 0 good, 1 bad, 125 skip, 128 abort; never anything else. */
int cmd_bisect_step(int argc, char **argv)
{
	struct bisect b = { 0 };
	char *sha, *out;
	int rc;

	if (argc != 2)
		return VRB_EXIT_BISECT_ABORT;
	b.state = argv[1];
	if (load_state(&b))
		return VRB_EXIT_BISECT_ABORT;
	sha = git_out(b.tree, (char *[]){ "rev-parse", "--short=12", "HEAD", NULL });
	if (!sha)
		return VRB_EXIT_BISECT_ABORT;
	out = vrb_fmt("%s/%s", b.state, sha);
	rc = measure_pair(&b, out);
	if (!rc)
		rc = judge_step(out, b.allow_undecided);
	if (rc == VRB_EXIT_USAGE) {
		vrb_err("bisect: %s cannot be compared with the good revision (see above): "
			"aborting the bisection rather than blaming or skipping a commit", sha);
		return VRB_EXIT_BISECT_ABORT;
	}
	vrb_info("bisect: %s is %s", sha, rc == 0 ? "good" : rc == 1 ? "bad (regressed)" :
		 "skipped (could not measure or decide)");
	return rc == 0 || rc == 1 ? rc : VRB_EXIT_NOMEASURE;
}

/* The first bad commit's comparison, for the reader. */
static void show_pair(const char *state, const char *sha)
{
	char *good = vrb_fmt("%s/%.12s/good", state, sha), *new = vrb_fmt("%s/%.12s/new", state, sha);
	struct judgement j;

	if (!judge__sides(good, new, NULL, &j)) {
		judgement__print(&j, stdout, false);
		judgement__free(&j);
	}
	free(good);
	free(new);
}

static void bisect_usage(FILE *f)
{
	fprintf(f, "usage: vrbench bisect --tree DIR --good REV --bad REV [--bench FILE] [--runs N]\n"
		   "                      [--measure-cmd CMD] [--allow-undecided N|N%%]\n\n"
		   "Find the first commit between GOOD and BAD that regresses (compare --gate).\n"
		   "GOOD is checked out in a worktree and built once; each step builds the kernel of\n"
		   "DIR (tinyconfig + config/kernel/vrbench.config, incremental) and boots GOOD's\n"
		   "and its kernel alternately, N runs each (default 5).  --measure-cmd replaces\n"
		   "that with a command run in GOOD's worktree and in DIR, alternately, that writes\n"
		   "one result file into $VRB_OUT ($VRB_SIDE good|new, $VRB_RUN_INDEX).  Prints the\n"
		   "first bad commit and its comparison.  Exit: 0 found, 1 none found, 2 usage or\n"
		   "a step whose results were not comparable (the bisection is aborted).\n"
		   "--allow-undecided: a step with up to that many undecided latency rows is\n"
		   "judged by what was decided (compare --gate-allow-undecided); use it with a\n"
		   "suite whose regression is in exact metrics (pages, moves), not latency.\n");
}

int cmd_bisect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tree", required_argument, NULL, 't' }, { "good", required_argument, NULL, 'g' },
		{ "bad", required_argument, NULL, 'b' }, { "bench", required_argument, NULL, 'B' },
		{ "runs", required_argument, NULL, 'r' },
		{ "measure-cmd", required_argument, NULL, 'm' }, { "help", no_argument, NULL, 'h' },
		{ "allow-undecided", required_argument, NULL, 'u' },
		{ 0 }
	};
	struct bisect b = { .runs = "5" };
	const char *good = NULL, *bad = NULL;
	char *self = vrb_fmt("%s", vrb_self()), *first, *subject, *gd, *bd, stamp[32];
	char *orig, *gt;
	bool aborted;
	int c, rc;

	while ((c = getopt_long(argc, argv, "t:g:b:B:r:m:u:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': b.tree = optarg; break;
		case 'g': good = optarg; break;
		case 'b': bad = optarg; break;
		case 'B': b.bench = optarg; break;
		case 'r': b.runs = optarg; break;
		case 'm': b.measure_cmd = optarg; break;
		case 'u': b.allow_undecided = optarg; break;
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
	vrb_stamp(stamp, sizeof(stamp));
	b.state = vrb_fmt("%s/bisect-%s", vrb_results_root(), stamp);
	vrb_mkdirs(b.state);
	save_state(&b);
	/* where the user's tree stands, to put it back at the end */
	orig = git_out(b.tree, (char *[]){ "symbolic-ref", "-q", "--short", "HEAD", NULL });
	if (!orig)
		orig = git_out(b.tree, (char *[]){ "rev-parse", "HEAD", NULL });
	vrb_info("bisect: checking the good revision %.12s out beside the tree%s", gd,
		 b.measure_cmd ? "" : " and building it once");
	gt = good_tree(&b);
	if (vrb_run((char *[]){ "git", "-C", b.tree, "worktree", "add", "-q", "--detach", gt, gd,
				NULL }, NULL) ||
	    (!b.measure_cmd && build_kernel(gt, vrb_fmt("%s/kbuild-good", b.state)))) {
		vrb_err("bisect: the good revision could not be checked out or built");
		return VRB_EXIT_NOMEASURE;
	}
	rc = vrb_run((char *[]){ "git", "-C", b.tree, "bisect", "start", bd, gd, NULL }, NULL);
	if (!rc)
		rc = vrb_run((char *[]){ "git", "-C", b.tree, "bisect", "run", self, "bisect-step",
					 b.state, NULL }, NULL);
	aborted = rc != 0;
	first = git_out(b.tree, (char *[]){ "rev-parse", "-q", "--verify", "refs/bisect/bad", NULL });
	if (aborted) {
		printf("bisection aborted: a step's results could not be compared or measured "
		       "(see above; state in %s)\n", b.state);
	} else if (first && strcmp(first, gd)) {
		subject = git_out(b.tree, (char *[]){ "log", "-1", "--format=%h %s", first, NULL });
		printf("\nfirst bad commit: %s\n\n", subject ? subject : first);
		show_pair(b.state, first);
		free(subject);
	} else {
		printf("no first bad commit found (see %s)\n", b.state);
		rc = 1;
	}
	vrb_run((char *[]){ "git", "-C", b.tree, "bisect", "reset", "-q", NULL }, NULL);
	vrb_run((char *[]){ "git", "-C", b.tree, "worktree", "remove", "--force", gt, NULL }, NULL);
	if (orig)
		vrb_run((char *[]){ "git", "-C", b.tree, "checkout", "-q", orig, NULL }, NULL);
	free(orig);
	free(first);
	free(gt);
	return aborted ? VRB_EXIT_USAGE : rc ? 1 : 0;
}
