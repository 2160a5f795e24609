// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench plot [--out DIR] RESULTS...: the figures that set two or more
 * kernels or commits side by side (plot.c), PNG and SVG with their data.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "plot.h"
#include "util.h"



static void plot_usage(FILE *f)
{
	fprintf(f, "usage: vrbench plot [--out DIR] RESULTS RESULTS...\n\n"
		   "RESULTS: a kernel name (its newest session in results/), a directory of result\n"
		   "files or one file; two or more, in order.  Writes into DIR (default\n"
		   "results/plots-STAMP/) as PNG and SVG, each with its data as TSV:\n"
		   "  latency   latency against size, one panel per pattern, one line per kernel\n"
		   "  savings   resident pages before and after each shrink, share returned\n"
		   "  ratio     each row's ratio last / first with its interval and verdict\n"
		   "  trend     each against the first, in order, the first the gate fails marked\n"
		   "  numa      (NUMA suite results) CPU node x memory node: latency, placement\n");
}

int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' }, { 0 }
	};
	struct plot_set set = { 0 };
	struct side *sides = NULL;
	char **labels = NULL, *dir = NULL;
	struct judgement j;
	json_t *judged = NULL;
	size_t n, i;
	int c, rc;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': dir = strdup(optarg); break;
		case 'h': plot_usage(stdout); return 0;
		default: plot_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	n = (size_t)(argc - optind);
	if (plot__load(argv + optind, n, &sides, &labels))
		return VRB_EXIT_USAGE;
	if (!dir)
		dir = cli__results_dir("plots");
	/* side by side only what compare would compare: one clock, one bench, ... */
	if (!judge__sides(argv[optind], argv[argc - 1], NULL, &j))
		judged = judgement__json(&j);
	rc = judged ? plot__render_all(sides, labels, n, dir, judged, &set) : -EINVAL;
	if (!judged)
		vrb_err("plot: %s and %s are not comparable (see above): no figure drawn",
			argv[optind], argv[argc - 1]);
	if (!rc && set.n && strcmp(set.fig[0].name, "numa"))
		rc = plot__trend(argv + optind, sides, labels, n, dir, &j, &set);
	if (judged)
		judgement__free(&j);
	for (i = 0; i < set.n; i++)
		printf("%s\n%s\n", set.fig[i].png, set.fig[i].svg);
	plot_set__free(&set);
	for (i = 0; i < n; i++) {
		side__free(&sides[i]);
		free(labels[i]);
	}
	free(sides);
	free(labels);
	free(dir);
	json_decref(judged);
	return rc ? VRB_EXIT_USAGE : 0;
}
