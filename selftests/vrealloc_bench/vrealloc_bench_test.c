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
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kselftest.h"
#include "vrealloc_bench_io.h"

#define NCASES 10

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
	/*
	 * Without __GFP_ZERO, init_on_alloc or init_on_free obliges the same:
	 * the shrink zeroes what it gives up, so the grow back reads zero
	 * (the module counts it from abi 6).
	 */
	if ((info_num("init_on_alloc") == 1 || info_num("init_on_free") == 1) &&
	    info_num("abi") >= 6) {
		if (job("pattern=walk sizes=64K,6000,8000")) {
			ksft_test_result_fail("gfp=zero: job failed\n");
			return;
		}
		ksft_print_msg("init_on_alloc=%ld init_on_free=%ld, gfp=kernel: grow back read %ld "
			       "stale bytes\n", info_num("init_on_alloc"), info_num("init_on_free"),
			       sum_steps("zero_errors"));
		bad += sum_steps("zero_errors");
	} else {
		ksft_print_msg("init_on_alloc and init_on_free off: gfp=kernel grows not checked\n");
	}
	ksft_print_msg("gfp=zero: %ld grows with non-zero new bytes\n", bad);
	ksft_test_result(bad == 0, "__GFP_ZERO, init_on_alloc: new bytes read zero after shrink then grow\n");
}

/*
 * 5: a shrink across a page boundary frees exactly the tail pages (7.2+):
 * unmaps them and gives them back to the allocator (the module holds the
 * first and last tail page of a ladder's probed shrinks: abi 7).  A tail a
 * GFP_NOFS shrink had to keep goes at the next resize that may free it, even
 * one to the same size: vrealloc's shrink branch takes size <= old (abi 8).
 */
static void case_tail_pages(void)
{
	long b, a, b2, a2, kept = 0, same_b = 64, same_a = 4;

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
	if (info_num("abi") >= 7) {
		if (job("pattern=shrink from=1M to=4K reps=1")) {
			ksft_test_result_fail("shrink frees the tail pages: job failed\n");
			return;
		}
		kept = sum_steps("free_errors");
		ksft_print_msg("1M -> 4K ladder: %ld shrinks unmapped tail pages and did not "
			       "free them\n", kept);
	}
	if (info_num("abi") >= 8) {
		if (job("pattern=walk sizes=256K,16K,16K gfps=kernel,nofs,kernel")) {
			ksft_test_result_fail("shrink frees the tail pages: job failed\n");
			return;
		}
		same_b = step_num(2, "resident_pages_before");
		same_a = step_num(2, "resident_pages_after");
		ksft_print_msg("256K -> 16K under GFP_NOFS, then 16K -> 16K under GFP_KERNEL: "
			       "%ld -> %ld pages\n", same_b, same_a);
	}
	ksft_test_result(b == 64 && a == 4 && b2 == 16 && a2 == 5 && kept == 0 &&
			 same_b == 64 && same_a == 4,
			 "shrink frees exactly the tail pages\n");
}

/* 6: huge and vmalloc_user areas, nofs and noio shrinks free nothing. */
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
	/* VM_USERMAP: remap_vmalloc_range() checks against the unchanged size */
	if (job("pattern=walk start=user sizes=256K,16K")) {
		ksft_test_result_fail("nofs, noio, huge, usermap shrinks free nothing: job failed\n");
		return;
	}
	b = step_num(1, "resident_pages_before");
	a = step_num(1, "resident_pages_after");
	ksft_print_msg("vmalloc_user 256K -> 16K: %ld -> %ld pages\n", b, a);
	ok &= b == 64 && a == 64;
	ksft_test_result(ok, "nofs, noio, huge and vmalloc_user shrinks free nothing\n");
}

/*
 * 7: size 0 frees, NULL acts as vmalloc, a grow that cannot be satisfied
 * fails and leaves the area as it was (abi 8), 10,000 ladders leave no
 * trace: no page of vrealloc's or the module's left in /proc/vmallocinfo
 * (exact), with VmallocUsed printed beside it (system-wide, so only
 * informative).
 */
static void case_edges(void)
{
	long before, after, vm_before, null_vm, zero_null;
	long fail_null, fail_b, fail_a, fail_bad;
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
	if (info_num("abi") >= 8) {
		fail_null = step_num(2, "returned_null");
		fail_b = step_num(2, "resident_pages_before");
		fail_a = step_num(2, "resident_pages_after");
		fail_bad = step_num(2, "verify_errors");
		ksft_print_msg("a grow of 64K past all of RAM returned NULL: %s; the area: %ld -> "
			       "%ld pages, %ld with lost bytes\n", fail_null == 1 ? "yes" : "no",
			       fail_b, fail_a, fail_bad);
		ok &= fail_null == 1 && fail_b == 16 && fail_a == 16 && fail_bad == 0;
	}
	if (job("pattern=grow from=4K to=64K reps=10000 fill=0 verify=0")) {
		ksft_test_result_fail("edges: 10,000 ladders failed\n");
		return;
	}
	after = vrealloc_pages();
	ksft_print_msg("vrealloc's pages in vmallocinfo: %ld before, %ld after 10,000 ladders "
		       "(VmallocUsed %ld -> %ld kB, system-wide)\n", before, after, vm_before,
		       settled_kb(vm_before));
	ok &= before == after && before >= 0;
	ksft_test_result(ok, "size 0 frees, NULL allocates, an impossible grow fails, "
			 "10,000 ladders leave no trace\n");
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

/*
 * 9: __GFP_THISNODE: an area already on the node asked for stays in place;
 * one found elsewhere moves there, even on a shrink; no page left off it.
 */
static void case_thisnode(void)
{
	char nodes[32];
	int two = find(info, "nodes", nodes, sizeof(nodes)) && !strcmp(nodes, "0-1");
	long moved_stay, moved_go = 1, errors;

	if (!strstr(info, "node_api=vrealloc_node") || info_num("abi") < 6) {
		ksft_test_result_skip("__GFP_THISNODE: needs vrealloc_node() (6.18+)\n");
		return;
	}
	if (job(two ? "pattern=walk sizes=256K,15000,16K node=1 thisnode=1" :
		      "pattern=walk sizes=256K,15000,16K node=0 thisnode=1")) {
		ksft_test_result_fail("__GFP_THISNODE: job failed\n");
		return;
	}
	moved_stay = step_num(1, "moved") + step_num(2, "moved");
	errors = sum_steps("node_errors");
	if (two) {
		if (job("pattern=walk sizes=256K,15000,16K node=1 thisnode=1 alloc_node=0")) {
			ksft_test_result_fail("__GFP_THISNODE: job failed\n");
			return;
		}
		moved_go = step_num(1, "moved");
		errors += sum_steps("node_errors");
		ksft_print_msg("thisnode: on node 1, %ld of 2 resizes moved; on node 0, the shrink "
			       "to node 1 moved: %s; resizes leaving pages off node 1: %ld\n",
			       moved_stay, moved_go == 1 ? "yes" : "no", errors);
	} else {
		ksft_print_msg("thisnode: one node, the move to another is not checked; %ld of 2 "
			       "resizes moved, %ld left pages off the node\n", moved_stay, errors);
	}
	ksft_test_result(moved_stay == 0 && moved_go == 1 && errors == 0,
			 "__GFP_THISNODE: in place on the node, moved to it from another\n");
}

/* The vmalloc line of a cgroup's memory.stat ("vmalloc BYTES"), or -1. */
static long memcg_vmalloc(const char *cg)
{
	char path[256], buf[16384], *p;

	usleep(100 * 1000);
	snprintf(path, sizeof(path), "%s/memory.stat", cg);
	if (read_file(path, buf, sizeof(buf)))
		return -1;
	if (strncmp(buf, "vmalloc ", 8))
		p = strstr(buf, "\nvmalloc ");
	else
		p = buf - 1;
	return p ? strtol(p + 9, NULL, 10) : -1;
}

/* Move this process into a new child cgroup with the memory controller. */
static int enter_cgroup(const char *cg)
{
	char path[300], pid[32];

	write_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	if (mkdir(cg, 0755) && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(pid, sizeof(pid), "%d", getpid());
	return write_file(path, pid);
}

/*
 * 10: an accounted area stays charged to its writer's memcg, all of it,
 * through moving grows and shrinks: memory.stat's vmalloc follows the area
 * (within memcg's batching: 64 pages a CPU), a shrink that frees the tail
 * (7.2+) takes its pages off the charge and NR_VMALLOC, nothing is left
 * charged once the area is freed, and no page is left uncharged.
 */
static void case_charge(void)
{
	static const char *const cg = "/sys/fs/cgroup/vrealloc_bench_ksft";
	long before, held, grown, shrunk, freed, errors, want_shrunk;
	long batch = 64 * 4096 * sysconf(_SC_NPROCESSORS_ONLN);
	char pid[32];
	int err;

	if (info_num("abi") < 6 || access("/sys/fs/cgroup/cgroup.controllers", R_OK) ||
	    enter_cgroup(cg)) {
		ksft_test_result_skip("memcg charge: needs cgroup2 with the memory controller\n");
		return;
	}
	before = memcg_vmalloc(cg);
	err = write_file(D "job", "pattern=walk gfp=account sizes=1M,4M,64K");
	err = err ? err : write_file(D "run", "1");
	held = err ? -1 : memcg_vmalloc(cg);
	err = err ? err : write_file(D "run", "1");
	grown = err ? -1 : memcg_vmalloc(cg);
	err = err ? err : write_file(D "run", "1");
	shrunk = err ? -1 : memcg_vmalloc(cg);
	while (!err)
		err = write_file(D "run", "1");
	freed = memcg_vmalloc(cg);
	read_file(D "result", result, sizeof(result));
	errors = sum_steps("charge_errors");
	snprintf(pid, sizeof(pid), "%d", getpid());
	write_file("/sys/fs/cgroup/cgroup.procs", pid);
	rmdir(cg);
	if (err != -ENODATA || before < 0) {
		ksft_test_result_fail("memcg charge: job failed (%s)\n", strerror(-err));
		return;
	}
	/* a kernel that keeps the tail on a shrink keeps it charged too */
	want_shrunk = info_num("shrink_frees") == 1 ? 64L << 10 : 4L << 20;
	ksft_print_msg("memcg vmalloc: %ld before, %ld with 1 MiB, %ld after the moving grow to "
		       "4 MiB, %ld after the shrink to 64 KiB (%ld expected), %ld once freed; "
		       "resizes leaving pages uncharged: %ld\n", before, held, grown, shrunk,
		       before + want_shrunk, freed, errors);
	ksft_test_result(labs(held - before - (1L << 20)) <= batch &&
			 labs(grown - before - (4L << 20)) <= batch + 8192 &&
			 labs(shrunk - before - want_shrunk) <= batch + 8192 &&
			 labs(freed - before) <= batch && errors == 0,
			 "an accounted area stays charged through a moving grow, a shrink "
			 "uncharges its tail\n");
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
	case_thisnode();
	case_charge();
	ksft_finished();
}
