// SPDX-License-Identifier: GPL-2.0
/*
 * vrealloc() semantics, and the facts behind its performance history, checked
 * through the vrealloc_bench module (debugfs: vrealloc_bench/job, run, result;
 * see kmod/ABI.md).  Needs the module loaded and debugfs mounted; KTAP out.
 *
 * Expectations depend on the kernel: a case a kernel predates is a SKIP or
 * an XFAIL with the reason, never a silent pass.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kselftest.h"

#define D "/sys/kernel/debug/vrealloc_bench/"
#define NCASES 8

static char info[4096];
static char result[1 << 20];

static int write_file(const char *name, const char *s)
{
	int fd = open(name, O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int read_file(const char *name, char *buf, size_t len)
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
static const char *find(const char *text, const char *key, char *val, size_t len)
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

static long info_num(const char *key)
{
	char v[64];

	return find(info, key, v, sizeof(v)) ? strtol(v, NULL, 10) : -1;
}

/* A number from step N of the last result; LONG_MIN when absent or "na". */
static long step_num(int step, const char *key)
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

static int nsteps(void)
{
	char v[32];

	return find(result, "steps", v, sizeof(v)) ? atoi(v) : 0;
}

/* Write a job and run it (a walk: to its end); the result is in result[]. */
static int job(const char *j)
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
static long sum_steps(const char *key)
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
static long meminfo_kb(const char *key)
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
static long vrealloc_pages(void)
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
static long settled_kb(long base)
{
	long now = meminfo_kb("VmallocUsed:");
	int i;

	for (i = 0; i < 15 && now != base; i++)
		now = meminfo_kb("VmallocUsed:");
	return now;
}

/* 6.12.29 and 6.12.30 carry the in-place grow without its return (a0309faf1cb0). */
static int has_missing_return_bug(void)
{
	struct utsname u;
	unsigned int maj, min, sub;

	uname(&u);
	return sscanf(u.release, "%u.%u.%u", &maj, &min, &sub) == 3 && maj == 6 && min == 12 &&
	       (sub == 29 || sub == 30);
}

/* 1: contents survive up to min(old, new) on every grow and shrink step. */
static void case_contents(void)
{
	static const char *const jobs[] = {
		"pattern=grow from=4K to=1M reps=2",
		"pattern=shrink from=1M to=4K reps=2",
		"pattern=regrow from=256K to=16K reps=2",
		"pattern=append elem=24 count=2000",
	};
	long bad = 0, ops = 0;
	size_t i;

	for (i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		if (job(jobs[i])) {
			ksft_test_result_fail("contents: job failed\n");
			return;
		}
		bad += sum_steps("verify_errors") + sum_steps("fail");
		ops += sum_steps("ops");
	}
	ksft_print_msg("contents: %ld resizes checked, %ld with lost bytes or failures\n", ops, bad);
	ksft_test_result(bad == 0, "contents survive every grow and shrink\n");
}

/* 2: shrink returns the same pointer. */
static void case_shrink_in_place(void)
{
	if (job("pattern=shrink from=1M to=4K reps=3")) {
		ksft_test_result_fail("shrink keeps the pointer: job failed\n");
		return;
	}
	ksft_print_msg("shrink: %ld of %ld shrinks moved the pointer\n", sum_steps("moved"),
		       sum_steps("ops"));
	ksft_test_result(sum_steps("moved") == 0 && sum_steps("ops") > 0,
			 "shrink keeps the pointer\n");
}

/* 3: a grow within the pages the area still holds keeps the pointer. */
static void case_grow_in_place(void)
{
	long moved;

	if (job("pattern=walk sizes=64K,65000,65536")) {
		ksft_test_result_fail("grow within the area keeps the pointer: job failed\n");
		return;
	}
	moved = step_num(2, "moved");
	ksft_print_msg("64K -> 65000 -> 65536: the grow moved the pointer: %s\n",
		       moved ? "yes" : "no");
	if (moved && has_missing_return_bug()) {
		ksft_test_result_xfail("grow within the area keeps the pointer: known bug "
				       "in 6.12.29-30 (fixed by f7a35a3c36d1 in 6.12.31)\n");
		return;
	}
	ksft_test_result(moved == 0, "grow within the area keeps the pointer\n");
}

/* 4: with __GFP_ZERO on every call, bytes past the old size read zero. */
static void case_zero(void)
{
	long bad = 0;

	if (job("pattern=regrow gfp=zero from=64K to=4K reps=3")) {
		ksft_test_result_fail("gfp=zero: job failed\n");
		return;
	}
	bad += sum_steps("zero_errors");
	if (job("pattern=walk gfp=zero sizes=64K,6000,64K,60000,64K")) {
		ksft_test_result_fail("gfp=zero: job failed\n");
		return;
	}
	bad += sum_steps("zero_errors");
	/*
	 * Back up within the page a shrink kept: the bytes it gave up must have
	 * been zeroed then, since this grow is in place (no copy, no new page).
	 */
	if (job("pattern=walk gfp=zero sizes=64K,6000,8000")) {
		ksft_test_result_fail("gfp=zero: job failed\n");
		return;
	}
	bad += sum_steps("zero_errors");
	ksft_print_msg("gfp=zero: %ld grows with non-zero new bytes\n", bad);
	ksft_test_result(bad == 0, "__GFP_ZERO: new bytes read zero after shrink then grow\n");
}

/* 5: a shrink across a page boundary frees exactly the tail pages (7.2+). */
static void case_tail_pages(void)
{
	long b, a, b2, a2;

	if (info_num("shrink_frees") != 1) {
		ksft_test_result_skip("shrink frees the tail pages: this kernel keeps them "
				      "(freeing arrived in 7.2)\n");
		return;
	}
	if (job("pattern=walk sizes=256K,16K")) {
		ksft_test_result_fail("shrink frees the tail pages: job failed\n");
		return;
	}
	b = step_num(1, "resident_pages_before");
	a = step_num(1, "resident_pages_after");
	if (job("pattern=walk sizes=64K,16385")) {
		ksft_test_result_fail("shrink frees the tail pages: job failed\n");
		return;
	}
	b2 = step_num(1, "resident_pages_before");
	a2 = step_num(1, "resident_pages_after");
	ksft_print_msg("256K -> 16K: %ld -> %ld pages; 64K -> 16K+1: %ld -> %ld pages\n", b, a, b2, a2);
	ksft_test_result(b == 64 && a == 4 && b2 == 16 && a2 == 5,
			 "shrink frees exactly the tail pages\n");
}

/* 6: huge areas, nofs and noio shrinks free nothing. */
static void case_keeps(void)
{
	static const char *const gfps[] = { "nofs", "noio" };
	char j[128];
	long b, a;
	int ok = 1;
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(j, sizeof(j), "pattern=walk gfp=%s sizes=256K,16K", gfps[i]);
		if (job(j)) {
			ksft_test_result_fail("nofs, noio, huge shrinks free nothing: job failed\n");
			return;
		}
		b = step_num(1, "resident_pages_before");
		a = step_num(1, "resident_pages_after");
		ksft_print_msg("gfp=%s 256K -> 16K: %ld -> %ld pages\n", gfps[i], b, a);
		ok &= b == 64 && a == 64;
	}
	if (info_num("huge_vmalloc") == 1 && !job("pattern=walk start=huge sizes=4M,16K") &&
	    step_num(0, "huge") == 1) {
		b = step_num(1, "resident_pages_before");
		a = step_num(1, "resident_pages_after");
		ksft_print_msg("vmalloc_huge 4M -> 16K: %ld -> %ld pages\n", b, a);
		ok &= b == 1024 && a == 1024;
	} else {
		ksft_print_msg("vmalloc_huge: no huge mapping here; that part is not checked\n");
	}
	ksft_test_result(ok, "nofs, noio and huge shrinks free nothing\n");
}

/*
 * 7: size 0 frees, NULL acts as vmalloc, 10,000 ladders leave no trace: no
 * page of vrealloc's or the module's left in /proc/vmallocinfo (exact), with
 * VmallocUsed printed beside it (system-wide, so only informative).
 */
static void case_edges(void)
{
	long before, after, vm_before, null_vm, zero_null;
	int ok = 1;

	before = vrealloc_pages();
	vm_before = meminfo_kb("VmallocUsed:");
	if (job("pattern=edges from=64K")) {
		ksft_test_result_fail("edges: job failed\n");
		return;
	}
	null_vm = step_num(0, "vmalloc_addr");
	zero_null = step_num(1, "returned_null");
	ksft_print_msg("vrealloc(p, 0) returned NULL: %s\n", zero_null == 1 ? "yes" : "no");
	ok &= zero_null == 1;
	if (!strstr(info, "access=vrealloc"))
		ksft_print_msg("NULL as vmalloc: not checked (kvrealloc(NULL) is kmalloc; vrealloc "
			       "is not exported here)\n");
	else
		ok &= null_vm == 1;
	if (job("pattern=grow from=4K to=64K reps=10000 fill=0 verify=0")) {
		ksft_test_result_fail("edges: 10,000 ladders failed\n");
		return;
	}
	after = vrealloc_pages();
	ksft_print_msg("vrealloc's pages in vmallocinfo: %ld before, %ld after 10,000 ladders "
		       "(VmallocUsed %ld -> %ld kB, system-wide)\n", before, after, vm_before,
		       settled_kb(vm_before));
	ok &= before == after && before >= 0;
	ksft_test_result(ok, "size 0 frees, NULL allocates, 10,000 ladders leave no trace\n");
}

/* 8: one ladder per CPU at once: no errors, no leak. */
static void case_threads(void)
{
	long before, after, cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long bad, ops;

	before = vrealloc_pages();

	if (job("pattern=grow from=4K to=256K reps=20 threads=all")) {
		ksft_test_result_fail("one ladder per CPU: job failed\n");
		return;
	}
	after = vrealloc_pages();
	bad = sum_steps("verify_errors") + sum_steps("fail");
	ops = sum_steps("ops");
	ksft_print_msg("%ld CPUs: %ld resizes, %ld errors; vrealloc's pages %ld -> %ld\n", cpus, ops,
		       bad, before, after);
	ksft_test_result(bad == 0 && ops == cpus * 20 * 6 && before == after,
			 "one ladder per CPU at once: no errors, no leak\n");
}

int main(void)
{
	int i;

	ksft_print_header();
	ksft_set_plan(NCASES);
	if (read_file(D "info", info, sizeof(info)))
		ksft_exit_fail_msg("cannot read " D "info: is the module loaded and debugfs mounted?\n");
	ksft_print_msg("module: access=%s shrink_frees=%ld nr_vmalloc=%ld\n",
		       strstr(info, "access=vrealloc") ? "vrealloc" :
		       strstr(info, "access=kvrealloc") ? "kvrealloc" : "none",
		       info_num("shrink_frees"), info_num("nr_vmalloc"));
	if (strstr(info, "access=none")) {
		for (i = 0; i < NCASES; i++)
			ksft_test_result_skip("case %d: this kernel has no vrealloc()\n", i + 1);
		ksft_print_cnts();
		return KSFT_SKIP;
	}
	case_contents();
	case_shrink_in_place();
	case_grow_in_place();
	case_zero();
	case_tail_pages();
	case_keeps();
	case_edges();
	case_threads();
	ksft_finished();
}
