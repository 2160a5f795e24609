// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "vm.h"
#include "lava.h"
#include "vm_initrd.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t vm_interrupted;

static void on_signal(int sig)
{
	vm_interrupted = sig;
}

void vm_opts__init(struct vm_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->cpus = 2;
	o->nodes = 1;
	o->timeout_s = 300;
}

#define MAX_ARGS 64

static void build_qemu_argv(char **argv, const struct kernel_info *ki, const char *run_dir,
			    const struct vm_opts *o, const char *accel)
{
	int n = 0, mem = o->mem_mb ? o->mem_mb : 1024 * o->nodes, i;

	argv[n++] = strdup("qemu-system-x86_64");
	argv[n++] = strdup("-accel");
	argv[n++] = strdup(accel);
	if (o->icount && !strcmp(accel, "tcg")) {
		/*
		 * Guest time from instruction counts: under TCG, wall time is the
		 * host's scheduling noise (boot-to-boot modes 40 % apart here);
		 * virtual time counts the work the guest kernel does.
		 */
		argv[n++] = strdup("-icount");
		argv[n++] = vrb_fmt("shift=%d,sleep=off", VM_ICOUNT_SHIFT);
	}
	argv[n++] = strdup("-cpu");
	argv[n++] = strdup(strcmp(accel, "kvm") ? "max" : "host");
	argv[n++] = strdup("-smp");
	argv[n++] = vrb_fmt("%d", o->cpus);
	argv[n++] = strdup("-m");
	argv[n++] = vrb_fmt("%dM", mem);
	if (o->nodes > 1) {
		for (i = 0; i < o->nodes; i++) {
			int first = i * o->cpus / o->nodes, last = (i + 1) * o->cpus / o->nodes - 1;

			argv[n++] = strdup("-object");
			argv[n++] = vrb_fmt("memory-backend-ram,id=m%d,size=%dM", i, mem / o->nodes);
			argv[n++] = strdup("-numa");
			argv[n++] = vrb_fmt("node,nodeid=%d,cpus=%d-%d,memdev=m%d", i, first, last, i);
		}
	}
	argv[n++] = strdup("-nodefaults");
	argv[n++] = strdup("-display");
	argv[n++] = strdup("none");
	argv[n++] = strdup("-no-reboot");
	argv[n++] = strdup("-kernel");
	argv[n++] = strdup(ki->vmlinuz);
	argv[n++] = strdup("-initrd");
	argv[n++] = vrb_fmt("%s/initrd", run_dir);
	argv[n++] = strdup("-append");
	/*
	 * cryptomgr.notests: the crypto self-tests run in cryptomgr_test
	 * kthreads for seconds after boot, on the CPU a measurement uses
	 * (seen: 2,500 context switches into them during one 100-op job).
	 */
	argv[n++] = vrb_fmt("console=ttyS0 panic=-1 oops=panic loglevel=6 cryptomgr.notests=1%s%s",
			    o->append ? " " : "", o->append ? o->append : "");
	argv[n++] = strdup("-serial");
	argv[n++] = vrb_fmt("file:%s/console.log", run_dir);
	argv[n++] = strdup("-serial");
	argv[n++] = vrb_fmt("file:%s/channel.raw", run_dir);
	argv[n] = NULL;
}

enum boot_end { BOOT_EXITED, BOOT_TIMEOUT, BOOT_INTERRUPTED, BOOT_NOSTART, BOOT_PROBE_FAILED };

/*
 * The KVM probe need not wait for its timeout: where /dev/kvm opens but cannot
 * run an ordinary guest (kvm_pvm here: "KVM internal error. Suberror: 1 ...
 * emulation failure", after which QEMU waits with its vCPU stopped; or an
 * assertion on an MSR it cannot set), QEMU says so at once, and a guest that
 * runs prints to its console within a second.
 */
static bool probe_hopeless(const char *run_dir, long elapsed_s)
{
	static const char *const marks[] = { "KVM internal error", "emulation failure",
					     "failed to set MSR", "kvm_", "KVM: " };
	char *qlog = vrb_fmt("%s/qemu.log", run_dir), *con = vrb_fmt("%s/console.log", run_dir);
	char *text = NULL;
	struct stat st;
	bool hopeless = false;
	size_t i;

	if (vrb_read_file(qlog, &text, NULL) == 0)
		for (i = 0; i < sizeof(marks) / sizeof(marks[0]) && !hopeless; i++)
			hopeless = strstr(text, marks[i]) != NULL;
	if (!hopeless && elapsed_s >= VM_PROBE_SILENT_S)
		hopeless = stat(con, &st) != 0 || st.st_size == 0;
	free(text);
	free(qlog);
	free(con);
	return hopeless;
}

int vm__prepare(const struct kernel_info *ki)
{
	char *base = vm_initrd__base(ki);

	free(base);
	return base ? 0 : -EIO;
}

bool vm__interrupted(void)
{
	return vm_interrupted != 0;
}

/* The last "@vrb progress" record the guest has sent so far, to the callback. */
static void poll_progress(const char *run_dir, const struct vm_opts *o)
{
	char *path = vrb_fmt("%s/channel.raw", run_dir), *raw = NULL, *p, *hit = NULL, *eol;
	size_t len;

	if (vrb_read_file(path, &raw, &len) == 0) {
		for (p = raw; (p = memmem(p, len - (p - raw), "@vrb progress ", 14)); p++)
			hit = p;
		eol = hit ? strchr(hit, '\n') : NULL;
		if (eol) {
			*eol = '\0';
			o->on_progress(o->progress_arg, hit + 14);
		}
	}
	free(path);
	free(raw);
}

static enum boot_end boot(char **argv, int timeout_s, int *status, const char *run_dir,
			  const struct vm_opts *o)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct timespec start, now, tick = { 0, 20 * 1000 * 1000 };
	enum boot_end end = BOOT_EXITED;
	unsigned int ticks = 0;
	pid_t pid, w;

	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	clock_gettime(CLOCK_MONOTONIC, &start);
	pid = fork();
	if (pid < 0) {
		end = BOOT_NOSTART;
		goto out;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		char *qlog = vrb_fmt("%s/qemu.log", run_dir);
		int efd = open(qlog, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		/* QEMU's own messages (a KVM register dump among them) go to the run's
		 * log, never to the user's terminal; guest_failed() shows their tail. */
		if (efd >= 0)
			dup2(efd, STDERR_FILENO);
		setpgid(0, 0);	/* a terminal's ^C reaches us, and we stop qemu */
		execvp(argv[0], argv);
		fprintf(stderr, "vrbench: error: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	for (;;) {
		w = waitpid(pid, status, WNOHANG);
		if (w == pid)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (vm_interrupted || now.tv_sec - start.tv_sec >= timeout_s) {
			end = vm_interrupted ? BOOT_INTERRUPTED : BOOT_TIMEOUT;
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			break;
		}
		if (o->probe && probe_hopeless(run_dir, now.tv_sec - start.tv_sec)) {
			end = BOOT_PROBE_FAILED;
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			break;
		}
		nanosleep(&tick, NULL);
		if (o->on_progress && ++ticks % 25 == 0)
			poll_progress(run_dir, o);
	}
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return end;
}

/* The first line of the console that says why the kernel died, if any. */
static char *console_reason(const char *run_dir)
{
	static const char *const marks[] = { "Kernel panic", "BUG:", "Oops", "WARNING:" };
	char *path = vrb_fmt("%s/console.log", run_dir), *log = NULL, *hit, *eol, *r = NULL;
	size_t i;

	if (vrb_read_file(path, &log, NULL) == 0) {
		for (i = 0; i < sizeof(marks) / sizeof(marks[0]) && !r; i++) {
			hit = strstr(log, marks[i]);
			if (!hit)
				continue;
			eol = strpbrk(hit, "\r\n");
			r = strndup(hit, eol ? (size_t)(eol - hit) : strlen(hit));
		}
	}
	free(path);
	free(log);
	return r;
}

/* The last lines of one of the run's logs, when it has any. */
static void print_log_tail(const char *run_dir, const char *file, int max_lines)
{
	char *path = vrb_fmt("%s/%s", run_dir, file), *log = NULL, *p;
	size_t len = 0;
	int lines = 0;

	if (vrb_read_file(path, &log, &len) == 0 && len) {
		for (p = log + len - 1; p > log && lines < max_lines; p--)
			if (*p == '\n')
				lines++;
		fprintf(stderr, "--- last lines of %s ---\n%s\n---\n", path, p == log ? p : p + 2);
	}
	free(path);
	free(log);
}

static char *new_run_dir(const struct kernel_info *ki)
{
	static int seq;
	char stamp[32];
	char *dir;

	vrb_stamp(stamp, sizeof(stamp));
	dir = vrb_fmt("%s/vm/%s-%s-%d.%d", vrb_results_root(), ki->name, stamp, (int)getpid(),
		      seq++);
	vrb_mkdirs(dir);
	return dir;
}

static const char *probe_kvm(const struct kernel_info *ki, const struct vm_opts *o)
{
	char *cache = vrb_fmt("%s/accel", vrb_cache()), *seen = NULL, *want;
	const char *verdict = "tcg";
	struct vm_opts po = *o;
	struct vm_result pr;
	struct utsname u;
	int fd;

	uname(&u);
	want = vrb_fmt("%s kvm\n", u.release);
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		goto out;
	close(fd);
	if (vrb_read_file(cache, &seen, NULL) == 0 && !strncmp(seen, u.release, strlen(u.release))) {
		verdict = strstr(seen, " kvm") ? "kvm" : "tcg";
		goto out;
	}
	po.accel = "kvm";
	po.timeout_s = 60;
	po.no_module = true;
	po.keep = false;
	po.quiet = true;
	po.probe = true;
	if (vm__run(ki, (char *[]){ "true", NULL }, &po, &pr) == 0 && pr.exit_code == 0)
		verdict = "kvm";
	vm_result__free(&pr);
	/* one line, whatever QEMU said: its messages stay in the probe's log */
	vrb_info("/dev/kvm is present; %s (probed once, cached in %s)",
		 strcmp(verdict, "kvm") ? "KVM does not run guests here, using TCG" :
		 "KVM runs guests here, using it", cache);
	free(seen);
	seen = vrb_fmt("%s %s\n", u.release, verdict);
	vrb_write_file_atomic(cache, seen, strlen(seen));
out:
	free(cache);
	free(seen);
	free(want);
	return verdict;
}

const char *vm__accel(const struct kernel_info *ki, const struct vm_opts *o)
{
	const char *env = getenv("VRBENCH_ACCEL");

	if (o->accel)
		return o->accel;
	if (o->lava)	/* the LAVA device is QEMU under TCG (config/lava/qemu-tcg.yaml) */
		return "tcg";
	if (env && (!strcmp(env, "tcg") || !strcmp(env, "kvm")))
		return env;
	return probe_kvm(ki, o);
}

static int guest_failed(const struct kernel_info *ki, struct vm_result *res, const char *why,
			bool quiet)
{
	char *reason;

	if (quiet)
		return -EIO;
	reason = console_reason(res->run_dir);
	print_log_tail(res->run_dir, "qemu.log", 5);
	print_log_tail(res->run_dir, "console.log", 15);
	vrb_err("kernel '%s' (%s): %s%s%s; console log kept: %s/console.log", ki->name,
		ki->release, why, reason ? ": " : "", reason ? reason : "", res->run_dir);
	free(reason);
	return -EIO;
}

static int collect(const struct kernel_info *ki, struct vm_result *res,
		   enum boot_end end, const struct vm_opts *o)
{
	char *raw_path = vrb_fmt("%s/channel.raw", res->run_dir), *raw = NULL, *why;
	size_t len = 0;
	int err;

	vrb_read_file(raw_path, &raw, &len);
	free(raw_path);
	err = raw ? vm_channel__parse(raw, len, &res->ch) : -ENOENT;
	free(raw);
	if (end == BOOT_INTERRUPTED)
		return guest_failed(ki, res, "interrupted", o->quiet);
	if (end == BOOT_TIMEOUT) {
		why = vrb_fmt("guest did not power off within %d s (timeout)", o->timeout_s);
		err = guest_failed(ki, res, why, o->quiet);
		free(why);
		return err;
	}
	if (err == -EPROTO)
		return guest_failed(ki, res, "garbled result channel", o->quiet);
	if (res->ch.error) {
		why = vrb_fmt("guest reported: %s", res->ch.error);
		err = guest_failed(ki, res, why, o->quiet);
		free(why);
		return err;
	}
	if (!res->ch.has_exit)
		return guest_failed(ki, res, "guest stopped before the command finished (panic?)",
				    o->quiet);
	res->exit_code = res->ch.exit_code;
	return 0;
}

#define BOOT_ATTEMPTS 3

/*
 * A boot that ended without /init ever starting (a kernel crash in early
 * boot, seen rarely under TCG with several vCPUs) says nothing about the
 * command: such a boot is tried again, its console log kept.
 */
static bool boot_flake(const struct vm_result *res, enum boot_end end)
{
	static const char start[] = "@vrb start\n";	/* /init's first record */
	char *path = vrb_fmt("%s/channel.raw", res->run_dir), head[sizeof(start)] = "";
	FILE *f;

	if (end != BOOT_EXITED) {
		free(path);
		return false;
	}
	f = fopen(path, "rb");
	if (f) {
		if (!fread(head, 1, sizeof(start) - 1, f))
			head[0] = '\0';
		fclose(f);
	}
	free(path);
	return memcmp(head, start, sizeof(start) - 1) != 0;
}

static void keep_log(const char *run_dir, int attempt)
{
	char *from = vrb_fmt("%s/console.log", run_dir);
	char *to = vrb_fmt("%s/console.boot%d.log", run_dir, attempt);

	rename(from, to);
	free(from);
	free(to);
}

int vm__run(const struct kernel_info *ki, char *const cmd[], const struct vm_opts *o,
	    struct vm_result *res)
{
	char *argv[MAX_ARGS] = { 0 }, *base = NULL;
	enum boot_end end;
	const char *accel;
	int err, status = 0, i, attempt;

	if (o->lava)
		return lava__run(ki, cmd, o, res);
	memset(res, 0, sizeof(*res));
	if (o->nodes < 1 || o->nodes > 8 || o->cpus < o->nodes || o->cpus > 64) {
		vrb_err("--nodes must be 1..8 and --cpus at least --nodes (got %d nodes, %d cpus)",
			o->nodes, o->cpus);
		return -EINVAL;
	}
	accel = vm__accel(ki, o);
	base = vm_initrd__base(ki);
	if (!base) {
		vrb_err("kernel '%s': packing the initramfs failed", ki->name);
		return -EIO;
	}
	res->run_dir = new_run_dir(ki);
	err = vm_initrd__write_job(res->run_dir, cmd, o);
	if (!err)
		err = vm_initrd__make(res->run_dir, base, o->rootfs);
	free(base);
	if (err) {
		vrb_err("kernel '%s': preparing the guest in %s failed: %s", ki->name,
			res->run_dir, strerror(-err));
		return err;
	}
	build_qemu_argv(argv, ki, res->run_dir, o, accel);
	for (attempt = 1;; attempt++) {
		end = boot(argv, o->timeout_s, &status, res->run_dir, o);
		if (end == BOOT_NOSTART) {
			vrb_err("cannot start qemu-system-x86_64: %s", strerror(errno));
			err = -EIO;
			break;
		}
		if (end == BOOT_PROBE_FAILED) {
			err = -EIO;
			break;
		}
		if (!boot_flake(res, end) || attempt == BOOT_ATTEMPTS || o->probe) {
			err = collect(ki, res, end, o);
			break;
		}
		/* The kernel died before /init ran: not ours to measure.  Keep its log. */
		keep_log(res->run_dir, attempt);
		if (!o->quiet)
			vrb_info("kernel '%s': the guest crashed while booting, before /init "
				 "(console log kept as console.boot%d.log); booting again",
				 ki->name, attempt);
	}
	for (i = 0; argv[i]; i++)
		free(argv[i]);
	if (end == BOOT_NOSTART)
		return err;
	if ((!err || o->quiet) && !o->keep) {
		vrb_rmtree(res->run_dir);
		free(res->run_dir);
		res->run_dir = NULL;
	}
	return err;
}

void vm_result__free(struct vm_result *res)
{
	vm_channel__free(&res->ch);
	free(res->run_dir);
	memset(res, 0, sizeof(*res));
}
