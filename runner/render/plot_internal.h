/* SPDX-License-Identifier: GPL-2.0 */
/* What the figures share (plot.c), for the figures kept in files of their own. */
#ifndef VRB_PLOT_INTERNAL_H
#define VRB_PLOT_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "plot.h"

/* Every run of every side must have the cell, done, with the same steps; -EINVAL otherwise. */
int plot__need_cell(struct side *sides, size_t n, const char *cell, const char *figure);
/* One value of step j of a cell in every run of a side that has it, sorted; how many. */
size_t plot__step_values(struct side *s, const char *cell, size_t j,
			 double (*get)(json_t *step), double *v, size_t cap);
/* A step's resident_pages_after, or NAN. */
double plot__resident_after(json_t *step);
/* DIR/NAME for writing, its first line "# HEADER"; NULL after a message. */
FILE *plot__open_tsv(const char *dir, const char *name, const char *header);
/* gnuplot on common.gp + NAME.gp into DIR as PNG and SVG, added to set with its caption. */
int plot__render(const char *name, const char *dir, const char *vars, int w, int h,
		 struct plot_set *set, const char *caption);

#endif
