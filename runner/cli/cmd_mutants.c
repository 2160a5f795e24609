// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench mutants [--function NAME]... [--path P] --out DIR SOURCE: write one
 * patch per mutant of the code under test (plan/mutate.c) into DIR, each
 * with the corpus's header (bench/regressions/), for `make mutants`
 * (scripts/regressions.sh --patches DIR) to build and judge.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "mutate.h"
#include "util.h"

static void mutants_usage(FILE *f)
{
	fprintf(f, "usage: vrbench mutants [--function NAME]... [--path PATH] --out DIR SOURCE\n\n"
		   "Write one patch per mutant of the named functions of SOURCE (default: the code\n"
		   "under test, vrealloc_node_align_noprof and vm_area_free_pages of mm/vmalloc.c)\n"
		   "into DIR: every condition negated (whole, and each operand of a top-level &&\n"
		   "or ||), every call or assignment statement dropped, every < <= > >= off by\n"
		   "one, every min/max swapped, every page count one more.  PATH is the file's\n"
		   "path in the kernel tree (default mm/vmalloc.c).  Each patch carries the\n"
		   "regression corpus's header (Kernel: 7.3-src, both suites, killed by any\n"
		   "gate finding); `make mutants` builds and judges them.  Prints one line a mutant.\n");
}

static int mutants__write(const char *dir, const char *src, const char *path,
			  const struct mutant *m)
{
	char *file = vrb_fmt("%s/%s.patch", dir, m->id), *diff = mutant__patch(m, src, path);
	FILE *f = fopen(file, "w");
	int rc = 0;

	if (!f || fprintf(f, "Mutant: %s, line %d of %s\nKernel: 7.3-src\nSuite: default numa init\n"
			     "Expect-metric: any\n\n%s", m->op, m->line, path, diff) < 0)
		rc = -errno;
	if (f && fclose(f))
		rc = -errno;
	if (rc)
		vrb_err("mutants: cannot write %s: %s", file, strerror(-rc));
	free(file);
	free(diff);
	return rc;
}

int cmd_mutants(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "function", required_argument, NULL, 'f' },
		{ "path", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *funcs[16], *path = "mm/vmalloc.c", *out = NULL;
	struct mutant *m = NULL;
	size_t nf = 0, n = 0, i;
	char *src = NULL, err[256];
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "f:p:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (nf == sizeof(funcs) / sizeof(funcs[0]) - 1) {
				vrb_err("mutants: at most 15 --function");
				return VRB_EXIT_USAGE;
			}
			funcs[nf++] = optarg;
			break;
		case 'p': path = optarg; break;
		case 'o': out = optarg; break;
		case 'h': mutants_usage(stdout); return 0;
		default: mutants_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (!out || optind != argc - 1) {
		mutants_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	for (i = 0; !nf && code_under_test[i]; i++)
		funcs[i] = code_under_test[i];
	nf = nf ? nf : i;
	if (vrb_read_file(argv[optind], &src, NULL)) {
		vrb_err("mutants: cannot read %s", argv[optind]);
		return VRB_EXIT_USAGE;
	}
	for (i = 0; i < nf; i++)
		if (mutate__function(src, funcs[i], &m, &n, err, sizeof(err))) {
			vrb_err("mutants: %s: %s", argv[optind], err);
			rc = VRB_EXIT_USAGE;
			goto out;
		}
	if (vrb_mkdirs(out)) {
		vrb_err("mutants: cannot create %s", out);
		rc = 1;
		goto out;
	}
	for (i = 0; i < n && !rc; i++) {
		rc = mutants__write(out, src, path, &m[i]) ? 1 : 0;
		if (!rc)
			printf("%s\n", m[i].id);
	}
out:
	mutants__free(m, n);
	free(src);
	return rc;
}
