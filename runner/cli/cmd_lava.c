// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench lava jobs | submit | collect: the suite in a LAVA lab.
 *
 * jobs     writes one job directory a run (job.yaml from lava_job.c, the same
 *          generator as `run --engine lava`) and the kernel and initramfs
 *          they deploy, for the lab's device type and URL base;
 * submit   sends each job with lavacli and records its id (job-id);
 * collect  rebuilds result files from each job directory's log: lava.log as
 *          lava-run writes it, or the server's log fetched with lavacli.
 *
 * A job directory is the unit: job.yaml (whose vrbench.* metadata says which
 * kernel, run and session it was), job-id once submitted, lava.log once run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "catalogue.h"
#include "cli.h"
#include "commands.h"
#include "kernel.h"
#include "lava.h"
#include "lava_job.h"
#include "run_keep.h"
#include "util.h"
#include "vm_channel.h"
#include "vm_initrd.h"

static void lava_usage(FILE *f)
{
	fprintf(f,
		"usage: vrbench lava jobs --kernel NAME --out DIR [--bench FILE] [--runs N]\n"
		"                         [--clock icount|real] [--cpus N] [--device-type TYPE]\n"
		"                         [--boot METHOD] [--kernel-type T] [--console DEV]\n"
		"                         [--url-base URL] [--timeout SEC]\n"
		"       vrbench lava submit [--identity ID] JOBDIR...\n"
		"       vrbench lava collect [--identity ID] [--output DIR] JOBDIR...\n\n"
		"jobs     one LAVA job a run, DIR/NAME-runK/job.yaml, deploying NAME's kernel and\n"
		"         vrbench's initramfs (module, vrbench measure, the bench) from\n"
		"         DIR/images/NAME/ as URL-BASE/images/NAME/ (default file://DIR: lava-run\n"
		"         here).  --device-type qemu (default) boots QEMU (deploy to tmpfs, TCG\n"
		"         on config/lava/qemu-tcg.yaml); any other type is a board: deploy to\n"
		"         tftp, boot with --boot (grub, ipxe, u-boot...) and the ramdisk command,\n"
		"         --console its serial console (default ttyS0).  No LAVA overlay: the\n"
		"         guest's /init runs the suite and LAVA's monitor records a test case\n"
		"         with its measurement per row.\n"
		"submit   lavacli -i ID jobs submit each JOBDIR/job.yaml; writes JOBDIR/job-id.\n"
		"collect  each JOBDIR's run as a result file in DIR (default: the results\n"
		"         directory), from JOBDIR/lava.log (lava-run's output: lava-run ...\n"
		"         JOBDIR/job.yaml > JOBDIR/lava.log) or, with job-id and --identity,\n"
		"         the server's log (lavacli jobs logs --raw).  Provenance: target.engine\n"
		"         lava, target.lava {device_type, device, worker, job}.\n\n"
		"Exit: 0; 125 when a job did not give a result (LAVA's failure, a panic, a job\n"
		"not finished, a module that did not load: the reason is printed); 1 when a\n"
		"submission failed; 2 for usage errors.\n");
}

struct lava_jobs_opts {
	const char *kernel, *out, *bench, *device_type, *boot, *kernel_type, *console, *url_base;
	int runs, cpus, timeout_s;
	bool icount;
};

/* DIR/images/NAME/{vmlinuz,initrd}: what every job of the kernel deploys. */
static int lava_jobs__images(const struct lava_jobs_opts *lo, const struct kernel_info *ki,
			     const char *virt, const char *img)
{
	const char *bench = lo->bench && strrchr(lo->bench, '/') ? strrchr(lo->bench, '/') + 1 :
			    lo->bench;
	char *cmd[] = { "vrbench", "measure", "--out", "/vrbench/out/result.json", "--virt",
			(char *)virt, bench ? "--bench" : NULL, (char *)bench, NULL };
	char *files[] = { (char *)lo->bench }, *base, *p;
	struct vm_opts o;
	int err;

	vm_opts__init(&o);
	o.console = true;	/* LAVA's one serial port */
	o.files = lo->bench ? files : NULL;
	o.nfiles = lo->bench ? 1 : 0;
	base = vm_initrd__base(ki);
	if (!base)
		return -EIO;
	vrb_rmtree(img);
	vrb_mkdirs(img);
	err = vm_initrd__write_job(img, cmd, &o);
	err = err ? err : vm_initrd__make(img, base, NULL);
	p = vrb_fmt("%s/vmlinuz", img);
	err = err ? err : vrb_copy_file(ki->vmlinuz, p);
	free(p);
	free(base);
	p = vrb_fmt("%s/job", img);
	vrb_rmtree(p);
	free(p);
	p = vrb_fmt("%s/job.cpio", img);
	unlink(p);
	free(p);
	return err;
}

static int lava_jobs(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' }, { "out", required_argument, NULL, 'o' },
		{ "bench", required_argument, NULL, 'b' }, { "runs", required_argument, NULL, 'r' },
		{ "clock", required_argument, NULL, 'C' }, { "cpus", required_argument, NULL, 'c' },
		{ "device-type", required_argument, NULL, 'd' },
		{ "boot", required_argument, NULL, 'B' },
		{ "kernel-type", required_argument, NULL, 'T' },
		{ "console", required_argument, NULL, 'S' },
		{ "url-base", required_argument, NULL, 'u' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	struct lava_jobs_opts lo = { .device_type = "qemu", .console = "ttyS0", .runs = 5,
				     .cpus = 2, .timeout_s = 900, .icount = true };
	const struct kernel_entry *e;
	struct catalogue *cat;
	struct kernel_info ki = { 0 };
	char stamp[32], *abs_out, *base_url, *img;
	const char *virt;
	int c, k, err = 0;
	bool qemu;

	while ((c = getopt_long(argc, argv, "k:o:b:r:C:c:d:B:T:S:u:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': lo.kernel = optarg; break;
		case 'o': lo.out = optarg; break;
		case 'b': lo.bench = optarg; break;
		case 'r': if (cli__parse_int("--runs", optarg, 1, 1000, &lo.runs)) return 2; break;
		case 'c': if (cli__parse_int("--cpus", optarg, 1, 64, &lo.cpus)) return 2; break;
		case 't': if (cli__parse_int("--timeout", optarg, 60, 86400, &lo.timeout_s)) return 2; break;
		case 'C':
			if (strcmp(optarg, "icount") && strcmp(optarg, "real")) {
				vrb_err("--clock: expected icount or real, not '%s'", optarg);
				return VRB_EXIT_USAGE;
			}
			lo.icount = !strcmp(optarg, "icount");
			break;
		case 'd': lo.device_type = optarg; break;
		case 'B': lo.boot = optarg; break;
		case 'T':	/* what LAVA's tftp deployment accepts */
			if (strcmp(optarg, "image") && strcmp(optarg, "uimage") &&
			    strcmp(optarg, "zimage")) {
				vrb_err("--kernel-type: expected image, uimage or zimage, not '%s'",
					optarg);
				return VRB_EXIT_USAGE;
			}
			lo.kernel_type = optarg;
			break;
		case 'S': lo.console = optarg; break;
		case 'u': lo.url_base = optarg; break;
		case 'h': lava_usage(stdout); return 0;
		default: lava_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	qemu = !strcmp(lo.device_type, "qemu");
	if (!lo.kernel || !lo.out || optind != argc || (!qemu && !lo.boot)) {
		vrb_err("lava jobs: --kernel and --out are required%s", !qemu && !lo.boot ?
			"; a board's device type needs --boot METHOD" : "");
		lava_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	if (lo.bench && !vrb_exists(lo.bench)) {
		vrb_err("--bench %s: no such file", lo.bench);
		return VRB_EXIT_USAGE;
	}
	cat = cli__load_catalogue();
	if (!cat)
		return VRB_EXIT_USAGE;
	e = cli__find_kernel(cat, lo.kernel);
	if (!e) {
		catalogue__free(cat);
		return VRB_EXIT_USAGE;
	}
	if (kernel__prepare(e, &ki)) {
		catalogue__free(cat);
		return VRB_EXIT_NOMEASURE;
	}
	vrb_mkdirs(lo.out);
	abs_out = realpath(lo.out, NULL);
	base_url = lo.url_base ? vrb_fmt("%s", lo.url_base) : vrb_fmt("file://%s", abs_out);
	img = vrb_fmt("%s/images/%s", abs_out, ki.name);
	/* QEMU's guests as `run` names them; on a board the kernel runs on the metal */
	virt = qemu ? "qemu-tcg" : "none";
	err = lava_jobs__images(&lo, &ki, virt, img);
	if (err)
		vrb_err("kernel '%s': packing the job's initramfs in %s failed", ki.name, img);
	vrb_stamp(stamp, sizeof(stamp));
	for (k = 1; !err && k <= lo.runs; k++) {
		char *dir = vrb_fmt("%s/%s-run%d", abs_out, ki.name, k);
		char *path = vrb_fmt("%s/job.yaml", dir), *name = vrb_fmt("vrbench-%s-run%d", ki.name, k);
		char *kurl = vrb_fmt("%s/images/%s/vmlinuz", base_url, ki.name);
		char *iurl = vrb_fmt("%s/images/%s/initrd", base_url, ki.name);
		char *qargs = vrb_fmt("-cpu max -smp %d -no-reboot%s", lo.cpus,
				      lo.icount ? " -icount shift=3,sleep=off" : "");
		char *run = vrb_fmt("%d", k), *runs = vrb_fmt("%d", lo.runs);
		char *cpus = vrb_fmt("%d", lo.cpus);
		const char *meta[] = { "vrbench.kernel", ki.name, "vrbench.abi", ki.abi,
				       "vrbench.session", stamp, "vrbench.run", run,
				       "vrbench.runs", runs, "vrbench.cpus", cpus,
				       "vrbench.clock", qemu && lo.icount ? "icount" : "real",
				       "vrbench.device_type", lo.device_type, NULL };
		struct lava_job j = {
			.name = name, .device_type = lo.device_type,
			.boot_method = qemu ? "qemu" : lo.boot, .kernel_url = kurl,
			.kernel_type = lo.kernel_type, .initrd_url = iurl, .console = lo.console,
			.qemu_args = qargs, .minutes = lo.timeout_s / 60 + 1, .meta = meta,
		};

		vrb_mkdirs(dir);
		err = lava_job__write(path, &j);
		if (err)
			vrb_err("cannot write %s: %s", path, strerror(-err));
		else
			printf("%s\n", dir);
		free(dir);
		free(path);
		free(name);
		free(kurl);
		free(iurl);
		free(qargs);
		free(run);
		free(runs);
		free(cpus);
	}
	if (!err)
		vrb_info("%d job%s for device type %s; deploy from %s/images/%s/", lo.runs,
			 lo.runs == 1 ? "" : "s", lo.device_type, base_url, ki.name);
	free(img);
	free(base_url);
	free(abs_out);
	kernel_info__free(&ki);
	catalogue__free(cat);
	return err ? VRB_EXIT_NOMEASURE : 0;
}

static int lava_submit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "identity", required_argument, NULL, 'i' }, { "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *identity = "default";
	int c, i, failed = 0;

	while ((c = getopt_long(argc, argv, "i:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i': identity = optarg; break;
		case 'h': lava_usage(stdout); return 0;
		default: lava_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (optind == argc) {
		lava_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	for (i = optind; i < argc; i++) {
		char *job = vrb_fmt("%s/job.yaml", argv[i]), *out = NULL, *idf, *end;
		int rc;

		/* lavacli exits 0 when the server refuses a job: the id is the only proof */
		rc = vrb_run((char *[]){ "lavacli", "-i", (char *)identity, "jobs", "submit",
					 "--no-follow", job, NULL }, &out);
		if (rc || !out || !*out || (strtol(out, &end, 10), *end)) {
			vrb_err("%s: not submitted%s%s", argv[i], out && *out ? ": " : "",
				out ? out : "");
			if (rc == 127)
				vrb_err("lavacli is missing: install lavacli (make deps does)");
			failed++;
		} else {
			idf = vrb_fmt("%s/job-id", argv[i]);
			vrb_write_file_atomic(idf, out, strlen(out));
			printf("%s %s\n", argv[i], out);
			free(idf);
		}
		free(out);
		free(job);
	}
	return failed ? 1 : 0;
}

/* The server's log and device of a submitted job, into JOBDIR (lavacli). */
static int lava_collect__fetch(const char *dir, const char *identity, char **device)
{
	char *idf = vrb_fmt("%s/job-id", dir), *id = NULL, *log = NULL, *show = NULL, *p;
	int err = vrb_read_file(idf, &id, NULL);

	*device = NULL;
	if (err) {
		vrb_err("%s: no lava.log and no job-id (submit it, or run lava-run into it)", dir);
		free(idf);
		return err;
	}
	id[strcspn(id, "\n")] = '\0';
	if (vrb_run((char *[]){ "lavacli", "-i", (char *)identity, "jobs", "logs", "--raw",
				"--no-follow", id, NULL }, &log)) {
		vrb_err("%s: lavacli could not fetch job %s's log", dir, id);
		err = -EIO;
	} else {
		p = vrb_fmt("%s/lava.log", dir);
		err = vrb_write_file_atomic(p, log, strlen(log));
		free(p);
	}
	if (!err && !vrb_run((char *[]){ "lavacli", "-i", (char *)identity, "jobs", "show", id,
					 NULL }, &show) && (p = strstr(show, "\ndevice      : ")))
		*device = strndup(p + 15, strcspn(p + 15, "\n"));
	free(show);
	free(log);
	free(id);
	free(idf);
	return err;
}

/* The guest's result file from one job directory, kept as run_plan__keep keeps a run. */
static int lava_collect__one(const char *dir, const char *identity, const char *out_dir)
{
	char *job = vrb_fmt("%s/job.yaml", dir), *log = vrb_fmt("%s/lava.log", dir);
	char *kname = NULL, *abi = NULL, *session = NULL, *run = NULL, *runs = NULL, *cpus = NULL;
	char *clock = NULL, *dtype = NULL, *chan = NULL, *lava_error = NULL, *device = NULL;
	char *job_id = NULL, *idf = vrb_fmt("%s/job-id", dir), *worker = NULL;
	const struct vm_file *f;
	struct vm_channel ch = { 0 };
	struct run_plan p = { 0 };
	struct catalogue *cat = NULL;
	const struct kernel_entry *e;
	struct kernel_info ki = { 0 };
	struct utsname u;
	size_t len = 0;
	int err;

	err = lava_job__meta(job, "vrbench.kernel", &kname) ||
	      lava_job__meta(job, "vrbench.abi", &abi) ||
	      lava_job__meta(job, "vrbench.session", &session) ||
	      lava_job__meta(job, "vrbench.run", &run) || lava_job__meta(job, "vrbench.runs", &runs) ||
	      lava_job__meta(job, "vrbench.cpus", &cpus) ||
	      lava_job__meta(job, "vrbench.clock", &clock) ||
	      lava_job__meta(job, "vrbench.device_type", &dtype) ? -EINVAL : 0;
	if (err) {
		vrb_err("%s: no job.yaml written by `vrbench lava jobs` (its vrbench.* metadata)", dir);
		goto out;
	}
	if (!vrb_exists(log))
		err = lava_collect__fetch(dir, identity, &device);
	if (err)
		goto out;
	vrb_read_file(idf, &job_id, NULL);
	if (job_id)
		job_id[strcspn(job_id, "\n")] = '\0';
	err = lava_log__channel(log, &chan, &len, &lava_error);
	if (!err && vm_channel__parse(chan, len, &ch))
		err = -EPROTO;
	if (err) {
		vrb_err("%s: cannot read lava.log: %s", dir, strerror(-err));
		goto out;
	}
	if (ch.error || !ch.has_exit || ch.exit_code) {
		/* LAVA's verdict is not trusted alone: only a guest that finished counts */
		f = vm_channel__file(&ch, "stdout");
		vrb_err("%s: no result: %s%s%.*s", dir, ch.error ? ch.error : !ch.has_exit ?
			(lava_error ? lava_error : "the job did not finish (no exit record)") :
			"the guest's command failed", f && f->len ? ": " : "",
			f ? (int)f->len : 0, f ? f->data : "");
		err = -EIO;
		goto out;
	}
	f = vm_channel__file(&ch, "result.json");
	cat = cli__load_catalogue();
	e = cat ? cli__find_kernel(cat, kname) : NULL;
	if (!f || !e || kernel__prepare(e, &ki)) {
		vrb_err("%s: %s", dir, !f ? "the guest sent no result.json" :
			"its kernel is not in this catalogue");
		err = -EIO;
		goto out;
	}
	if (strcmp(ki.abi, abi)) {	/* the pin moved since the jobs were made */
		vrb_err("%s: the job ran %s '%s', the catalogue now pins %s", dir, kname, abi, ki.abi);
		err = -EIO;
		goto out;
	}
	uname(&u);
	p.out_dir = out_dir;
	p.runs = atoi(runs);
	p.target = strcmp(dtype, "qemu") ? TARGET_NATIVE : TARGET_VM;
	vm_opts__init(&p.vm);
	p.vm.cpus = atoi(cpus);
	p.vm.icount = !strcmp(clock, "icount");
	p.vm.lava = true;
	p.lava_device = device ? device : !strcmp(dtype, "qemu") ? "config/lava/qemu-tcg.yaml" :
			dtype;
	/* lavacli does not say which worker ran a server's job */
	worker = device ? vrb_fmt("lava server (lavacli identity %s)", identity) :
			  vrb_fmt("%s", u.nodename);
	p.lava_worker = worker;
	p.lava_job_id = job_id;
	snprintf(p.stamp, sizeof(p.stamp), "%s", session);
	vrb_mkdirs(out_dir);
	err = run_plan__keep(&p, &ki, atoi(run), p.target == TARGET_VM ? "tcg" : "none", f->data,
			     f->len);
out:
	kernel_info__free(&ki);
	if (cat)
		catalogue__free(cat);
	vm_channel__free(&ch);
	free(job);
	free(log);
	free(idf);
	free(kname);
	free(abi);
	free(session);
	free(run);
	free(runs);
	free(cpus);
	free(clock);
	free(dtype);
	free(chan);
	free(lava_error);
	free(device);
	free(job_id);
	free(worker);
	return err;
}

static int lava_collect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "identity", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *identity = "default", *out_dir = NULL;
	int c, i, failed = 0;

	while ((c = getopt_long(argc, argv, "i:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i': identity = optarg; break;
		case 'o': out_dir = optarg; break;
		case 'h': lava_usage(stdout); return 0;
		default: lava_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (optind == argc) {
		lava_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	if (!out_dir)
		out_dir = vrb_results_root();
	for (i = optind; i < argc; i++)
		failed += lava_collect__one(argv[i], identity, out_dir) != 0;
	vrb_info("%d result file%s in %s, %d job%s without a result", argc - optind - failed,
		 argc - optind - failed == 1 ? "" : "s", out_dir, failed, failed == 1 ? "" : "s");
	return failed ? VRB_EXIT_NOMEASURE : 0;
}

int cmd_lava(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		lava_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? VRB_EXIT_USAGE : 0;
	}
	if (!strcmp(argv[1], "jobs"))
		return lava_jobs(argc - 1, argv + 1);
	if (!strcmp(argv[1], "submit"))
		return lava_submit(argc - 1, argv + 1);
	if (!strcmp(argv[1], "collect"))
		return lava_collect(argc - 1, argv + 1);
	vrb_err("lava: unknown subcommand '%s' (jobs, submit, collect)", argv[1]);
	return VRB_EXIT_USAGE;
}
