/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by every part of the runner: messages, paths, processes. */
#ifndef VRB_UTIL_H
#define VRB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRB_EXIT_USAGE 2
#define VRB_EXIT_NOMEASURE 125	/* could not measure: git bisect run skips */

void vrb_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vrb_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Where things are (paths.c).  A checkout is the directory holding ./vrbench
 * and config/kernels.ini; an installed vrbench is PREFIX/bin/vrbench with its
 * read-only files in PREFIX/share/vrbench, and never writes under PREFIX.
 */
/* Read-only files (config/, bench/, kmod/, plots/, scripts/, selftests/):
 * $VRBENCH_ROOT, else the checkout, else PREFIX/share/vrbench. */
const char *vrb_root(void);
/* Whether vrb_root() is an installed share/vrbench rather than a checkout. */
bool vrb_installed(void);
/* This program's own path, to run itself. */
const char *vrb_self(void);
/* $VRBENCH_CACHE, else ~/.cache/vrbench. */
const char *vrb_cache(void);
/* What vrbench builds (initramfs, modules, the kselftest): the checkout's
 * build/, or $VRBENCH_CACHE/build when installed. */
const char *vrb_build_dir(void);
/* Where results go and kernel names are looked up: $VRBENCH_RESULTS, else the
 * checkout's results/, else results/ in the current directory (as perf
 * writes perf.data where it runs). */
const char *vrb_results_root(void);

/* asprintf that cannot fail (aborts on out-of-memory). */
char *vrb_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* *buf (malloc'd or NULL) with fmt's text added at its end. */
void vrb_appendf(char **buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Now as "YYYYmmdd-HHMMSS" (local time): the stamp results directories are named by. */
void vrb_stamp(char *buf, size_t len);

int vrb_mkdirs(const char *path);
int vrb_rmtree(const char *path);
bool vrb_exists(const char *path);

/*
 * Run argv to completion.  With out != NULL, its standard output is captured
 * (NUL-terminated, trailing newline removed); stderr passes through.
 * Returns its exit code, or a negative errno when it could not be run (-EINTR:
 * a signal ended it).
 */
int vrb_run(char *const argv[], char **out);

/* Read a whole file; returns 0 or -errno. */
int vrb_read_file(const char *path, char **buf, size_t *len);
/* Write a whole file through a temporary name and rename(2). */
int vrb_write_file_atomic(const char *path, const void *buf, size_t len);
/* Copy a file's bytes to another path (written atomically). 0 or -errno. */
int vrb_copy_file(const char *from, const char *to);

/* FNV-1a, 64 bits: a stable short name for a text (bench hashes, KCIDB ids). */
uint64_t vrb_fnv1a64(const char *s);

#endif
