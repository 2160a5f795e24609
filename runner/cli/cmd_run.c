// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench run: measure a bench suite on several kernels, several independent
 * times (a boot, or a module load, per run), kernels interleaved A B A B so
 * drift spreads evenly.  One result file per (kernel, run).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "catalogue.h"
#include "cli.h"
#include "commands.h"
#include "kernel.h"
#include "native.h"
#include "results.h"
#include "target.h"
#include "util.h"
#include "vm.h"
#include "run_keep.h"


static double elapsed(const struct run_plan *p)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - p->t0.tv_sec) + (now.tv_nsec - p->t0.tv_nsec) / 1e9;
}

/* "I N CELL" from the guest: one line, rewritten in place, on a terminal. */
static void on_progress(void *arg, const char *record)
{
	struct run_plan *p = arg;
	unsigned int i = 0, n = 0;
	char cell[64] = "";
	double t = elapsed(p), eta;

	if (!isatty(STDERR_FILENO) || p->jobs > 1 || sscanf(record, "%u %u %63s", &i, &n, cell) != 3 || !n)
		return;
	eta = (p->done + (double)i / n) > 0 ? t / (p->done + (double)i / n) * p->total - t : 0;
	fprintf(stderr, "\r\033[K[run %zu/%zu %s] cell %u/%u %s  elapsed %.0fs  ETA %.0fs",
		p->done + 1, p->total, p->current, i + 1, n, cell, t, eta);
}

static int one_vm_run(struct run_plan *p, const struct kernel_info *ki, int run)
{
	const char *accel = vm__accel(ki, &p->vm);
	char *virt = vrb_fmt("qemu-%s", accel);
	/* --file put the bench file into the guest's working directory, by its name */
	const char *bench = p->bench_path && strrchr(p->bench_path, '/') ?
			    strrchr(p->bench_path, '/') + 1 : p->bench_path;
	char *cmd[] = { "vrbench", "measure", "--out", "/vrbench/out/result.json", "--virt", virt,
			bench ? "--bench" : NULL, (char *)bench, NULL };
	const struct vm_file *f;
	struct vm_result res;
	int err;

	p->current = ki->name;
	err = vm__run(ki, cmd, &p->vm, &res);
	if (isatty(STDERR_FILENO) && p->jobs == 1)
		fprintf(stderr, "\r\033[K");
	f = vm_channel__file(&res.ch, "result.json");
	if (!err && (res.exit_code || !f)) {
		const struct vm_file *out = vm_channel__file(&res.ch, "stdout");

		vrb_err("kernel '%s' run %d: measure exited %d%s%.*s", ki->name, run, res.exit_code,
			out && out->len ? ": " : "", out ? (int)out->len : 0, out ? out->data : "");
		err = -EIO;
	}
	if (!err)
		err = run_plan__keep(p, ki, run, accel, f->data, f->len);
	vm_result__free(&res);
	free(virt);
	return err;
}

static int one_native_run(struct run_plan *p, const struct kernel_info *ki, int run)
{
	char *tmp = vrb_fmt("%s/.native-%d.json", p->out_dir, (int)getpid()), *data = NULL;
	char self[] = "/proc/self/exe";
	char *cmd[] = { self, "measure", "--out", tmp, "--virt", "native",
			p->bench_path ? "--bench" : NULL, (char *)p->bench_path, NULL };
	size_t len;
	int err;

	err = native__run(cmd) ? -EIO : vrb_read_file(tmp, &data, &len);
	if (!err)
		err = run_plan__keep(p, ki, run, "none", data, len);
	unlink(tmp);
	free(tmp);
	free(data);
	return err;
}

static int prepare_kernels(struct run_plan *p, const char *list)
{
	struct catalogue *cat = cli__load_catalogue();
	const struct kernel_entry *e;
	char *copy, *tok, *save = NULL;
	size_t i;
	int err = 0;

	if (!cat)
		return VRB_EXIT_USAGE;
	if (p->target == TARGET_NATIVE) {	/* the running kernel, whatever it is */
		struct utsname u;

		uname(&u);
		p->kernels = calloc(1, sizeof(*p->kernels));
		p->kernels[0].name = strdup("native");
		p->kernels[0].abi = strdup(u.release);
		p->kernels[0].release = strdup(u.release);
		p->kernels[0].dir = strdup("/nonexistent");
		p->nkernels = 1;
		catalogue__free(cat);
		return 0;
	}
	copy = list ? strdup(list) : NULL;
	for (i = 0; !list && i < catalogue__count(cat); i++)
		if (catalogue__get(cat, i)->is_default)
			copy = vrb_fmt("%s%s%s", copy ? copy : "", copy ? "," : "",
				       catalogue__get(cat, i)->name);
	for (tok = strtok_r(copy, ",", &save); tok && !err; tok = strtok_r(NULL, ",", &save)) {
		e = cli__find_kernel(cat, tok);
		if (!e) {
			err = VRB_EXIT_USAGE;
			break;
		}
		p->kernels = realloc(p->kernels, (p->nkernels + 1) * sizeof(*p->kernels));
		if (kernel__prepare(e, &p->kernels[p->nkernels]))
			err = VRB_EXIT_NOMEASURE;
		else
			p->nkernels++;
	}
	if (!err && !p->nkernels) {
		vrb_err("no kernels to run (--kernels is empty and the catalogue has no default)");
		err = VRB_EXIT_USAGE;
	}
	free(copy);
	catalogue__free(cat);
	return err;
}

static volatile sig_atomic_t parent_signal;

static void on_parent_signal(int sig)
{
	parent_signal = sig;
}

/* A ^C to a guest, to a native command, or to us between two runs. */
static bool stopped(void)
{
	return vm__interrupted() || native__interrupted() || parent_signal;
}

/* Job j of the plan: run j / nkernels + 1 on kernel j % nkernels (A B A B ...). */
static int run_plan__job(struct run_plan *p, size_t j)
{
	struct kernel_info *ki = &p->kernels[j % p->nkernels];
	int run = (int)(j / p->nkernels) + 1;

	if (!isatty(STDERR_FILENO) || p->jobs > 1)
		vrb_info("run %d/%d on kernel '%s' (%zu/%zu, %.0fs elapsed)", run, p->runs, ki->name,
			 j + 1, p->total, elapsed(p));
	return p->target == TARGET_VM ? one_vm_run(p, ki, run) : one_native_run(p, ki, run);
}

/*
 * Without --jobs: under TCG with icount a guest's clock is its own instruction
 * count, so guests side by side do not disturb each other's numbers: one per
 * host CPU, as many as memory holds (the guest's RAM and QEMU's own ~256 MiB
 * each, half of what is available).  On real time (KVM, --clock real) one at a
 * time, since neighbours would show in the timings.
 */
static int default_jobs(struct run_plan *p)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN), avail_kb = 0, per_kb, n;
	char line[256];
	FILE *f;

	if (p->target != TARGET_VM || !p->vm.icount || strcmp(vm__accel(&p->kernels[0], &p->vm), "tcg"))
		return 1;
	f = fopen("/proc/meminfo", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &avail_kb) == 1)
			break;
	if (f)
		fclose(f);
	per_kb = ((long)(p->vm.mem_mb ? p->vm.mem_mb : 1024 * (p->vm.nodes > 1 ? p->vm.nodes : 1)) +
		  256) * 1024;
	n = cpus < 1 ? 1 : cpus;
	if (avail_kb / 2 / per_kb < n)
		n = avail_kb / 2 / per_kb;
	if (n > (long)p->total && p->total)
		n = (long)p->total;
	return n < 1 ? 1 : (int)n;
}

/*
 * --jobs N: N worker processes take job numbers from one pipe (4-byte writes
 * are atomic), so a slow guest never holds back the others, and report each
 * job as one byte, 'k' kept or 'f' failed, on another.  A signal to the parent
 * is passed on; the workers' own vm__run handlers stop their guests.
 */
static int run_plan__parallel(struct run_plan *p, int *kept, int *failed)
{
	struct sigaction sa = { .sa_handler = on_parent_signal }, old_int, old_term;
	int todo[2], done[2], w, status;
	pid_t *pids = calloc(p->jobs, sizeof(pid_t));
	size_t k, j;
	char c;

	for (k = 0; k < p->nkernels; k++) {	/* once, before the workers would race */
		vm__accel(&p->kernels[k], &p->vm);
		if (vm__prepare(&p->kernels[k])) {
			vrb_err("kernel '%s': packing the initramfs failed", p->kernels[k].name);
			return VRB_EXIT_NOMEASURE;
		}
	}
	if (pipe(todo) || pipe(done)) {
		vrb_err("pipe: %s", strerror(errno));
		return VRB_EXIT_NOMEASURE;
	}
	fflush(NULL);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	for (w = 0; w < p->jobs; w++) {
		pids[w] = fork();
		if (pids[w] == 0) {
			uint32_t job;

			sigaction(SIGINT, &old_int, NULL);
			sigaction(SIGTERM, &old_term, NULL);
			close(todo[1]);
			close(done[0]);
			while (!stopped() && read(todo[0], &job, sizeof(job)) == sizeof(job)) {
				c = run_plan__job(p, job) ? 'f' : 'k';
				if (write(done[1], &c, 1) != 1)
					break;
			}
			fflush(NULL);
			_exit(stopped() ? 130 : 0);
		}
	}
	close(todo[0]);
	close(done[1]);
	for (j = 0; j < p->total && !parent_signal; j++) {
		uint32_t job = (uint32_t)j;

		if (write(todo[1], &job, sizeof(job)) != sizeof(job))
			break;
	}
	close(todo[1]);
	while (read(done[0], &c, 1) == 1) {
		*kept += c == 'k';
		*failed += c == 'f';
	}
	close(done[0]);
	for (w = 0; w < p->jobs; w++) {
		if (pids[w] <= 0)
			continue;
		if (parent_signal)
			kill(pids[w], SIGTERM);
		while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 130)
			parent_signal = parent_signal ? parent_signal : SIGTERM;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	free(pids);
	if (parent_signal)
		return 130;
	/* a worker that died mid-job said nothing of it: that run was not measured */
	if ((size_t)(*kept + *failed) < p->total) {
		vrb_err("%zu run%s ended without a word from their worker", p->total - *kept - *failed,
			p->total - *kept - *failed == 1 ? "" : "s");
		*failed = (int)p->total - *kept;
	}
	return 0;
}

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: vrbench run [--kernels LIST] [--bench FILE] [--runs N] [--output DIR]\n"
		"                   [--target vm|native|auto] [--cpus N] [--nodes N] [--timeout SEC]\n"
		"                   [--clock icount|real] [--jobs N] [--engine qemu|lava]\n\n"
		"Measure a bench suite (default: the built-in default suite, bench/default.ini) on\n"
		"each kernel (default: the catalogue's defaults), N independent times (a boot or a\n"
		"module load each; default 5), kernels interleaved.  Writes one result file per\n"
		"kernel and run into DIR (default results/) and prints each path.  Under TCG the\n"
		"guest clock counts instructions (--clock icount, the default, with 1 vCPU unless\n"
		"--cpus or --nodes say otherwise): wall time there is the host's scheduling noise.\n"
		"--jobs N boots up to N guests at once.  Default: with icount, one per host CPU\n"
		"(as memory allows), since each guest's clock is its own instruction count;\n"
		"on real time (KVM, --clock real) 1, since neighbours would show in the timings.\n"
		"--engine lava boots each guest through LAVA's lava-run (lava-dispatcher; TCG,\n"
		"one node; the device is config/lava/qemu-tcg.yaml): the same results.\n"
		"Exit: 0 all runs measured; 125 some run could not be measured (the others are\n"
		"kept); 130 interrupted (finished runs kept); 2 usage or input error.\n");
}

static int parse_opts(int argc, char **argv, struct run_plan *p, const char **kernels,
		      const char **target)
{
	static const struct option opts[] = {
		{ "kernels", required_argument, NULL, 'k' }, { "bench", required_argument, NULL, 'b' },
		{ "runs", required_argument, NULL, 'r' }, { "output", required_argument, NULL, 'o' },
		{ "target", required_argument, NULL, 't' }, { "cpus", required_argument, NULL, 'c' },
		{ "nodes", required_argument, NULL, 'n' }, { "timeout", required_argument, NULL, 'T' },
		{ "clock", required_argument, NULL, 'C' }, { "jobs", required_argument, NULL, 'j' },
		{ "engine", required_argument, NULL, 'E' }, { "help", no_argument, NULL, 'h' }, { 0 }
	};
	char *end;
	long v = 0;
	int c;

	while ((c = getopt_long(argc, argv, "k:b:r:o:t:c:n:T:C:j:E:h", opts, NULL)) != -1) {
		if (strchr("rcnTj", c)) {
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > (c == 'T' ? 86400 : 1000)) {
				vrb_err("--%s: '%s' is not a valid count", c == 'r' ? "runs" :
					c == 'c' ? "cpus" : c == 'n' ? "nodes" : c == 'T' ? "timeout" : "jobs",
					optarg);
				return VRB_EXIT_USAGE;
			}
		}
		switch (c) {
		case 'k': *kernels = optarg; break;
		case 'b': p->bench_path = optarg; break;
		case 'r': p->runs = (int)v; break;
		case 'o': p->out_dir = optarg; break;
		case 't': *target = optarg; break;
		case 'c': p->vm.cpus = (int)v; break;
		case 'n': p->vm.nodes = (int)v; break;
		case 'T': p->vm.timeout_s = (int)v; break;
		case 'j': p->jobs = (int)v; break;
		case 'C':
			if (strcmp(optarg, "icount") && strcmp(optarg, "real")) {
				vrb_err("--clock: expected icount or real, not '%s'", optarg);
				return VRB_EXIT_USAGE;
			}
			p->vm.icount = !strcmp(optarg, "icount");
			break;
		case 'E':
			if (strcmp(optarg, "qemu") && strcmp(optarg, "lava")) {
				vrb_err("--engine: expected qemu or lava, not '%s'", optarg);
				return VRB_EXIT_USAGE;
			}
			p->vm.lava = !strcmp(optarg, "lava");
			break;
		case 'h': run_usage(stdout); return -1;
		default: run_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		vrb_err("run: unexpected argument '%s'", argv[optind]);
		return VRB_EXIT_USAGE;
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	static char *bench_file[1];
	static char *cmdline_keep;	/* the suite's kernel command line, for every boot */
	struct run_plan p = { .runs = 5, .jobs = 0 };
	const char *kernels = NULL, *target = "auto";
	int rc, failed = 0, kept = 0;
	bool interrupted = false;
	struct bench b;
	char err[512];
	size_t k, j;

	vm_opts__init(&p.vm);
	p.vm.timeout_s = 600;
	p.vm.icount = true;	/* under TCG; KVM always runs on real time */
	p.vm.cpus = 0;		/* default below: 1 with icount, 2 on real time */
	p.out_dir = vrb_fmt("%s", vrb_results_root());
	rc = parse_opts(argc, argv, &p, &kernels, &target);
	if (rc)
		return rc < 0 ? 0 : rc;
	/* icount with one vCPU: no round-robin between vCPUs; a CPU per node for NUMA */
	if (!p.vm.cpus)
		p.vm.cpus = p.vm.nodes > 1 ? p.vm.nodes : p.vm.icount ? 1 : 2;
	/* A bad bench file is reported now, with its line, before any boot. */
	if (bench__load(p.bench_path, &b, err, sizeof(err))) {
		vrb_err("%s", err);
		return VRB_EXIT_USAGE;
	}
	if (b.cmdline && !strcmp(target, "auto"))
		target = "vm";	/* a suite that sets the kernel's command line boots it */
	if (target__pick(target, &p.target)) {
		bench__free(&b);
		return VRB_EXIT_USAGE;
	}
	if (b.cmdline && p.target != TARGET_VM) {
		/* the running kernel's command line is not ours to set */
		vrb_err("suite %s boots its kernels with '%s' ([suite] cmdline): it needs the VM target",
			b.name, b.cmdline);
		bench__free(&b);
		return VRB_EXIT_USAGE;
	}
	if (b.cmdline)
		p.vm.append = cmdline_keep = strdup(b.cmdline);
	bench__free(&b);
	if (vrb_mkdirs(p.out_dir)) {
		vrb_err("cannot create %s: %s", p.out_dir, strerror(errno));
		return VRB_EXIT_USAGE;
	}
	rc = prepare_kernels(&p, kernels);
	if (rc)
		return rc;
	p.total = (size_t)p.runs * p.nkernels;
	if (!p.jobs)
		p.jobs = default_jobs(&p);
	if (p.bench_path) {
		bench_file[0] = (char *)p.bench_path;
		p.vm.files = bench_file;
		p.vm.nfiles = 1;
	}
	p.vm.on_progress = on_progress;
	p.vm.progress_arg = &p;
	vrb_stamp(p.stamp, sizeof(p.stamp));
	clock_gettime(CLOCK_MONOTONIC, &p.t0);
	if (p.jobs > 1 && p.target == TARGET_VM) {
		interrupted = run_plan__parallel(&p, &kept, &failed) == 130;
	} else {
		/*
		 * One handler over the whole plan: a ^C between two runs (while a
		 * result is kept, or before the next guest or module load) ends the
		 * plan at the next run, finished runs kept, instead of killing us
		 * halfway through writing one.  The targets' own handlers nest.
		 */
		struct sigaction sa = { .sa_handler = on_parent_signal }, old_int, old_term;

		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		for (j = 0; j < p.total && !stopped(); j++, p.done++) {
			rc = run_plan__job(&p, j);
			failed += rc != 0;
			kept += rc == 0;
		}
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	vrb_info("%d result file%s in %s, %d run%s not measured, %.0fs", kept, kept == 1 ? "" : "s",
		 p.out_dir, failed, failed == 1 ? "" : "s", elapsed(&p));
	for (k = 0; k < p.nkernels; k++)
		kernel_info__free(&p.kernels[k]);
	free(p.kernels);
	if (stopped() || interrupted) {
		vrb_err("interrupted: the %d finished run%s kept", kept, kept == 1 ? " is" : "s are");
		return 130;
	}
	return failed ? VRB_EXIT_NOMEASURE : 0;
}
