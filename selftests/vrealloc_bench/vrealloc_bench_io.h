/* SPDX-License-Identifier: GPL-2.0 */
/* The kselftest's debugfs and /proc helpers (vrealloc_bench_io.c). */
#ifndef VREALLOC_BENCH_IO_H
#define VREALLOC_BENCH_IO_H

#include <stddef.h>

#define D "/sys/kernel/debug/vrealloc_bench/"

extern char info[4096];		/* the module's info file, read once at start */
extern char result[1 << 20];	/* the last job's result */

int write_file(const char *name, const char *s);
int read_file(const char *name, char *buf, size_t len);
/* "key=value" in a text of such lines or words: the value, or NULL. */
const char *find(const char *text, const char *key, char *val, size_t len);
long info_num(const char *key);
/* A number from step N of the last result; LONG_MIN when absent or "na". */
long step_num(int step, const char *key);
int nsteps(void);
/* Write a job and run it (a walk: to its end); the result is in result[]. */
int job(const char *j);
/* Sum of a step field over every step of the last result. */
long sum_steps(const char *key);
/* A /proc/meminfo field in kB, vmstat deltas folded first. */
long meminfo_kb(const char *key);
/* Pages of areas vrealloc made or the module holds, from /proc/vmallocinfo. */
long vrealloc_pages(void);
/* VmallocUsed once back at base, or what it settled at (about 3 s). */
long settled_kb(long base);

#endif
