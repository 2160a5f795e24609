/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mutants of a kernel function, generated, not hand-picked: every condition
 * negated (whole, and each operand of a top-level && or ||), every statement
 * with a side effect dropped, every <, <=, >, >= made off by one, every min
 * and max swapped, every page count one more.  Each is one small edit of the
 * source, written as a patch `source = build` applies (mutate.c).
 */
#ifndef VRB_MUTATE_H
#define VRB_MUTATE_H

#include <stddef.h>

/*
 * The code under test in mm/vmalloc.c: vrealloc's one function and the
 * helpers only its resize paths call (what `vrbench coverage` reports and
 * `vrbench mutants` mutates).  NULL-terminated.
 */
extern const char *const code_under_test[];

struct mutant {
	char id[80];		/* "<function>+<line in body>-<op>[-<n>]" */
	const char *op;		/* negate, negate-operand, drop, off-by-one, swap-minmax, pages+1 */
	int line;		/* the first line it changes */
	char *before;		/* the lines it changes, as they were */
	char *after;		/* and as the mutant has them */
	int first, last;	/* 1-based, inclusive: the lines replaced */
};

/*
 * Every mutant of the body of function func (a definition starting in column
 * 0) in src.  0, or -EINVAL with err naming what was not found.
 */
int mutate__function(const char *src, const char *func, struct mutant **out, size_t *n,
		     char *err, size_t len);

/* A unified diff of m against src, file path (a/path, b/path): malloc'd. */
char *mutant__patch(const struct mutant *m, const char *src, const char *path);

void mutants__free(struct mutant *m, size_t n);

#endif
