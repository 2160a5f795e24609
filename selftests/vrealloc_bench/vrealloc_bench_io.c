// SPDX-License-Identifier: GPL-2.0
/*
 * The kselftest's side of the vrealloc_bench debugfs ABI (kmod/ABI.md): write
 * a job, run it, read the result and its step fields, and the system counters
 * the cases compare against.  No expectations here: those are the cases'.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest.h"
#include "vrealloc_bench_io.h"

char info[4096];
char result[1 << 20];

int write_file(const char *name, const char *s)
{
	int fd = open(name, O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

int read_file(const char *name, char *buf, size_t len)
{
	int fd = open(name, O_RDONLY);
	ssize_t n, got = 0;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return n < 0 ? -errno : 0;
}

/* "key=value" in a text of such lines or words: the value, or NULL. */
const char *find(const char *text, const char *key, char *val, size_t len)
{
	size_t klen = strlen(key);
	const char *p = text;

	while ((p = strstr(p, key))) {
		if ((p == text || p[-1] == ' ' || p[-1] == '\n') && p[klen] == '=') {
			size_t n = strcspn(p + klen + 1, " \n");

			snprintf(val, len, "%.*s", (int)n, p + klen + 1);
			return val;
		}
		p += klen;
	}
	return NULL;
}

long info_num(const char *key)
{
	char v[64];

	return find(info, key, v, sizeof(v)) ? strtol(v, NULL, 10) : -1;
}

/* A number from step N of the last result; LONG_MIN when absent or "na". */
long step_num(int step, const char *key)
{
	char head[32], line[4096], v[64];
	const char *p, *eol;

	snprintf(head, sizeof(head), "step=%d ", step);
	for (p = result; (p = strstr(p, head)); p++) {
		if (p != result && p[-1] != '\n')
			continue;
		eol = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s", eol ? (int)(eol - p) : (int)strlen(p), p);
		if (!find(line, key, v, sizeof(v)) || !strcmp(v, "na"))
			return LONG_MIN;
		return strtol(v, NULL, 10);
	}
	return LONG_MIN;
}

int nsteps(void)
{
	char v[32];

	return find(result, "steps", v, sizeof(v)) ? atoi(v) : 0;
}

/* Write a job and run it (a walk: to its end); the result is in result[]. */
int job(const char *j)
{
	int err = write_file(D "job", j), walk = strstr(j, "pattern=walk") != NULL;

	if (err) {
		ksft_print_msg("job '%s' refused: %s\n", j, strerror(-err));
		return err;
	}
	do
		err = write_file(D "run", "1");
	while (walk && !err);
	if (walk && err == -ENODATA)
		err = 0;
	if (err)
		ksft_print_msg("job '%s' failed: %s\n", j, strerror(-err));
	return err ? err : read_file(D "result", result, sizeof(result));
}

/* Sum of a step field over every step of the last result. */
long sum_steps(const char *key)
{
	long total = 0, v;
	int i;

	for (i = 0; i < nsteps(); i++) {
		v = step_num(i, key);
		total += v == LONG_MIN ? 0 : v;
	}
	return total;
}

/*
 * VmallocUsed, exactly: fold every CPU's pending vmstat deltas first (7.1+
 * counts it as a node stat), after giving RCU-deferred frees (exited
 * threads' stacks) a moment.
 */
long meminfo_kb(const char *key)
{
	char buf[8192], *p;

	usleep(200 * 1000);
	write_file("/proc/sys/vm/stat_refresh", "1");

	if (read_file("/proc/meminfo", buf, sizeof(buf)))
		return -1;
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key) + 1, NULL, 10) : -1;
}

/*
 * Pages of vmalloc areas that vrealloc made or the module holds, from
 * /proc/vmallocinfo: exact, and blind to the rest of the system (kernel
 * threads' stacks, which come and go under load, are vmalloc'd too).
 */
long vrealloc_pages(void)
{
	static char buf[1 << 20];
	long pages = 0;
	char *line, *p = buf, *n;

	if (read_file("/proc/vmallocinfo", buf, sizeof(buf)))
		return -1;
	while ((line = strsep(&p, "\n"))) {
		if (!strstr(line, "[vrealloc_bench]") && !strstr(line, " vrealloc") &&
		    !strstr(line, " kvrealloc"))
			continue;
		n = strstr(line, "pages=");
		pages += n ? strtol(n + 6, NULL, 10) : 0;
	}
	return pages;
}

/*
 * VmallocUsed once it has come back to base, or what it settled at: frees
 * deferred through RCU (exited kthreads' stacks) land a little later.  A
 * real leak stays; waiting about 3 s is what separates the two.
 */
long settled_kb(long base)
{
	long now = meminfo_kb("VmallocUsed:");
	int i;

	for (i = 0; i < 15 && now != base; i++)
		now = meminfo_kb("VmallocUsed:");
	return now;
}
