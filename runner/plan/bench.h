/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Benchmark definitions (the INI files in bench/): a suite of cells, each one module job
 * plus where it runs (CPU node, memory node).  See bench/default.ini.
 */
#ifndef VRB_RUNNER_BENCH_H
#define VRB_RUNNER_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BENCH_NODE_ANY  -1	/* no binding */
#define BENCH_NODE_EACH -2	/* expand: one cell per NUMA node */

struct bench_cell {
	char *name;
	char *job;		/* "key=value ..." for the module */
	int cpu_node;		/* bind the writer's CPUs to this node */
	int mem_node;		/* bind the writer's memory policy to this node */
	bool walk;		/* pattern=walk: memory sampled between steps */
	bool once;		/* walk or edges: the module runs it once, reps are passes */
	int passes;		/* walks and edges: the whole job this many times (reps); others 1 */
	int line;		/* where the section starts */
};

struct bench {
	char *name;
	char *origin;		/* file path, or "(built-in default)" */
	char *text;		/* the definition itself, recorded in results */
	uint64_t hash;		/* FNV-1a 64 of text: identifies the definition */
	char *cmdline;		/* [suite] cmdline: the guest kernel's extra command line, or NULL */
	struct bench_cell *cells;
	size_t ncells;
};

/* Parse a definition; errors name origin:line. */
int bench__parse(const char *text, const char *origin, struct bench *b, char *err, size_t len);
/* Load a file, or the built-in default suite when path is NULL. */
int bench__load(const char *path, struct bench *b, char *err, size_t len);
/* Replace "each" nodes by one cell per node of a machine with nnodes nodes. */
void bench__expand(struct bench *b, int nnodes);
void bench__free(struct bench *b);

extern const char bench_default_ini[];	/* bench/default.ini, compiled in */

#endif
