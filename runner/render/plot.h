/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Figures from result files: the data each figure shows, written as TSV
 * beside it, then rendered by gnuplot from the templates in plots/ as PNG
 * (pngcairo) and SVG.  Each side is one kernel or commit (a name, a
 * directory or a file, as compare takes them).
 */
#ifndef VRB_PLOT_H
#define VRB_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "judge.h"
#include "pool.h"

struct figure {
	char *name;	/* "latency" */
	char *png, *svg;
	char *caption;	/* how to read it */
};

struct plot_set {
	struct figure *fig;
	size_t n;
};

/* Load the sides (at least two) and label each by its kernel release. */
int plot__load(char **args, size_t n, struct side **sides, char ***labels);
/*
 * Every figure the sides allow into out_dir; -EINVAL with a message when a
 * side lacks what a figure needs.  judged: judgement__json() of the first
 * side against the last (for the ratio figure), or NULL.
 */
int plot__render_all(struct side *sides, char **labels, size_t n, const char *out_dir,
		     const json_t *judged, struct plot_set *set);
/*
 * The trend across the sides in order: judges each against the first
 * (judge__sides, by its arguments; last, when given, is the judgement of the
 * last against the first, not made again) and draws the geometric-mean
 * latency ratio and the pages kept after 256K -> 16K, the first side the
 * gate fails marked.
 */
int plot__trend(char **args, struct side *sides, char **labels, size_t n, const char *dir,
		const struct judgement *last, struct plot_set *set);
/* Whether every side holds the NUMA suite (cells bound to a CPU and a memory node). */
bool plot__is_numa(struct side *sides, size_t n);
void plot_set__free(struct plot_set *set);

#endif
