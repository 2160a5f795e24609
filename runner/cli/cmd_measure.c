// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench measure: run a bench suite against the loaded module on this
 * kernel and write one result file.  This is what runs inside each guest (and
 * natively); `vrbench run` orchestrates it across kernels and runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "commands.h"
#include "counters.h"
#include "memsample.h"
#include "quiet.h"
#include "modresult.h"
#include "pool.h"
#include "results.h"
#include "topology.h"
#include "util.h"

#define DEBUGFS "/sys/kernel/debug/vrealloc_bench"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

struct measure {
	const char *dir;		/* the module's debugfs directory */
	struct topology *topo;
	int progress_fd;		/* guest channel for progress records, or -1 */
};

/* Write a whole string to a debugfs file; 0 or -errno (the module's verdict). */
static int mod_write(const char *dir, const char *file, const char *s)
{
	char *path = vrb_fmt("%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	free(path);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static char *mod_read(const char *dir, const char *file)
{
	char *path = vrb_fmt("%s/%s", dir, file), *text = NULL;

	if (vrb_read_file(path, &text, NULL))
		text = NULL;
	free(path);
	return text;
}

/* info's key=value lines as a JSON object (numbers where they are numbers). */
static json_t *module_info(const char *dir)
{
	char *text = mod_read(dir, "info"), *p, *line, *eq, *end;
	json_t *o = json_object();
	long long v;

	for (p = text; p && (line = strsep(&p, "\n"));) {
		eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		v = strtoll(eq + 1, &end, 10);
		json_object_set_new(o, line, *end || end == eq + 1 ? json_string(eq + 1) : json_integer(v));
	}
	free(text);
	return o;
}

static json_t *kernel_json(const char *dir)
{
	json_t *info = module_info(dir), *k;
	struct utsname u;

#define INFO(key) json_incref(json_object_get(info, key) ? json_object_get(info, key) : json_null())
	uname(&u);
	k = json_pack("{sssosososo}", "release", u.release, "module_abi", INFO("abi"),
		      "access", INFO("access"),
		      "capabilities", json_pack("{sosososo}", "node_api", INFO("node_api"),
						"nr_vmalloc", INFO("nr_vmalloc"),
						"huge_vmalloc", INFO("huge_vmalloc"),
						"shrink_frees", INFO("shrink_frees")),
		      "config", json_pack("{sosososososo}", "init_on_alloc", INFO("init_on_alloc"),
					  "init_on_free", INFO("init_on_free"), "kasan", INFO("kasan"),
					  "page_size", INFO("page_size"), "hz", INFO("hz"),
					  "preempt", INFO("preempt")),
		      "module_info", json_incref(info));
#undef INFO
	json_decref(info);
	return k;
}

static void progress(const struct measure *m, size_t i, size_t n, const char *name)
{
	char rec[256];
	int len;

	if (m->progress_fd >= 0) {
		len = snprintf(rec, sizeof(rec), "@vrb progress %zu %zu %s\n", i, n, name);
		if (write(m->progress_fd, rec, len) < 0)
			m = NULL;	/* progress is best effort */
	} else if (isatty(STDERR_FILENO)) {
		fprintf(stderr, "\rcell %zu/%zu %-40s", i + 1, n, name);
		if (i + 1 == n)
			fputc('\n', stderr);
	}
}

/*
 * The module's run(s) for one cell; walks are sampled around every step,
 * other cells around the whole cell (*cell_memory), so what a ladder leaves
 * charged or mapped after its last free shows too.
 */
static int run_cell(const struct measure *m, const struct bench_cell *c, json_t **memory,
		    json_t **cell_memory)
{
	json_t *before;
	int err;

	if (!c->walk) {
		if (!cell_memory)	/* an edges cell's later passes, timed only */
			return mod_write(m->dir, "run", "1");
		before = memsample__take();
		err = mod_write(m->dir, "run", "1");
		*cell_memory = json_pack("{soso}", "before", before, "after", memsample__take());
		return err;
	}
	if (memory)	/* NULL: a walk's later passes, timed only */
		*memory = json_array();
	for (;;) {
		before = memory ? memsample__take() : NULL;
		err = mod_write(m->dir, "run", "1");
		if (err == -ENODATA) {	/* the walk is over */
			json_decref(before);
			return 0;
		}
		if (memory)
			json_array_append_new(*memory, json_pack("{soso}", "before", before,
								 "after", memsample__take()));
		if (err || interrupted)
			return err ? err : -EINTR;
	}
}

/*
 * A walk's (or an edges cell's) passes after the first: the same job again
 * (which releases the area), run through once more, its samples added to r's.  One op per
 * step per pass, so a step's median needs several passes to stand against
 * an interrupt that hits one of them.
 */
static int walk_again(const struct measure *m, const struct bench_cell *c, struct mod_result *r)
{
	struct mod_result more;
	char err[256], *text;
	int pass, rc = 0;

	for (pass = 1; !rc && pass < c->passes && !interrupted; pass++) {
		rc = mod_write(m->dir, "job", c->job);
		if (!rc)
			rc = run_cell(m, c, NULL, NULL);
		text = mod_read(m->dir, "result");
		if (!text || modresult__parse(text, &more, err, sizeof(err))) {
			free(text);
			return rc ? rc : -EPROTO;
		}
		free(text);
		if (!rc)
			rc = modresult__append(r, &more);
		modresult__free(&more);
	}
	return rc ? rc : interrupted ? -EINTR : 0;
}

static json_t *steps_json(const struct mod_result *r, json_t *memory)
{
	json_t *steps = json_array(), *st;
	size_t i;

	for (i = 0; i < r->nsteps; i++) {
		st = results__step(&r->steps[i]);
		if (memory && json_array_get(memory, i))
			json_object_set(st, "memory", json_array_get(memory, i));
		json_array_append_new(steps, st);
	}
	return steps;
}

static json_t *measure_cell(const struct measure *m, const struct bench_cell *c)
{
	json_t *binding = NULL, *memory = NULL, *cell_memory = NULL, *cell;
	struct counters *ctr;
	struct mod_result r;
	char err[256], *text;
	int rc;

	cell = json_pack("{ssss}", "name", c->name, "job", c->job);
	rc = topology__bind(m->topo, c->cpu_node, c->mem_node, &binding);
	json_object_set_new(cell, "binding", binding);
	ctr = counters__open();
	if (!rc)
		rc = mod_write(m->dir, "job", c->job);
	if (rc) {
		json_object_set_new(cell, "status", json_string("refused"));
		json_object_set_new(cell, "error", json_string(strerror(-rc)));
		json_object_set_new(cell, "counters", counters__json(ctr));
		json_object_set_new(cell, "steps", json_array());
		goto out;
	}
	counters__start(ctr);
	rc = run_cell(m, c, &memory, &cell_memory);
	text = mod_read(m->dir, "result");
	if (!text || modresult__parse(text, &r, err, sizeof(err))) {
		counters__stop(ctr);
		json_object_set_new(cell, "counters", counters__json(ctr));
		json_object_set_new(cell, "status", json_string("unreadable"));
		json_object_set_new(cell, "error", json_string(text ? err : "cannot read result"));
		json_object_set_new(cell, "steps", json_array());
		free(text);
		goto out;
	}
	free(text);
	if (!rc && c->passes > 1)
		rc = walk_again(m, c, &r);
	counters__stop(ctr);
	json_object_set_new(cell, "counters", counters__json(ctr));
	if (c->passes > 1)
		json_object_set_new(cell, "passes", json_integer(c->passes));
	if (r.job)
		json_object_set_new(cell, "job", json_string(r.job));
	json_object_set_new(cell, "status", json_string(rc ? "failed" : r.status));
	if (rc)
		json_object_set_new(cell, "error", json_string(strerror(-rc)));
	json_object_set_new(cell, "clock_overhead_ns", json_integer((json_int_t)r.clock_overhead_ns));
	json_object_set_new(cell, "alloc_fail", json_integer(r.alloc_fail));
	if (r.has_drains)	/* the lazy purges taken out of the timed repetitions */
		json_object_set_new(cell, "lazy_drain", json_pack("{sIsI}", "count",
				    (json_int_t)r.drains, "ns", (json_int_t)r.drain_ns));
	json_object_set_new(cell, "steps", steps_json(&r, memory));
	if (cell_memory)
		json_object_set(cell, "memory", cell_memory);
	modresult__free(&r);
out:
	json_decref(memory);
	json_decref(cell_memory);
	counters__close(ctr);
	topology__unbind(m->topo);
	return cell;
}

static char *iso_now(void)
{
	char buf[32];
	time_t t = time(NULL);

	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	return strdup(buf);
}

static json_t *header(const struct measure *m, const struct bench *b, const char *virt)
{
	json_t *machine = topology__json(m->topo);
	char *now = iso_now(), hash[32];
	json_t *root;
	char *id = vrb_fmt("%s-%d", now, (int)getpid());

	snprintf(hash, sizeof(hash), "fnv1a64:%016llx", (unsigned long long)b->hash);
	json_object_set_new(machine, "virt", json_string(virt));
	root = json_pack("{sssIssssso soso so}", "schema", RESULTS_SCHEMA,
			 "schema_version", (json_int_t)RESULTS_SCHEMA_VERSION, "run_id", id,
			 "created", now, "runner", json_pack("{ss}", "version", VRB_VERSION),
			 "kernel", kernel_json(m->dir), "machine", machine,
			 "bench", json_pack("{ssssssss}", "name", b->name, "origin", b->origin,
					    "hash", hash, "text", b->text));
	json_object_set_new(root, "cgroup", memsample__cgroup_path() ?
			    json_string(memsample__cgroup_path()) : json_null());
	free(now);
	free(id);
	return root;
}

static void measure_usage(FILE *f)
{
	fprintf(f, "usage: vrbench measure [--bench FILE] [--out FILE] [--virt NAME]\n\n"
		   "Run a bench suite (default: the built-in default suite) against the loaded\n"
		   "module on this kernel and write one result file (default: stdout).  Binds\n"
		   "each cell with hwloc, counts with libperf, samples memory in its own cgroup.\n"
		   "Normally started by `vrbench run` inside each guest.\n");
}

/*
 * Under LAVA (scripts/guest-init.sh) a row is a test case its monitor reads:
 * "@vrb case CELL.sSTEP.p50 pass|fail P50 ns", fail when the cell did not
 * finish or a resize failed or lost data.  The result file is the record.
 */
static void lava__cases(int fd, json_t *cell)
{
	const char *name = json_string_value(json_object_get(cell, "name"));
	const char *status = json_string_value(json_object_get(cell, "status"));
	json_t *st, *p50;
	size_t i;

	json_array_foreach(json_object_get(cell, "steps"), i, st) {
		bool ok = status && !strcmp(status, "done") &&
			  !json_integer_value(json_object_get(st, "fail")) &&
			  !json_integer_value(json_object_get(st, "verify_errors")) &&
			  !json_integer_value(json_object_get(st, "zero_errors"));

		p50 = step__p50(st);
		dprintf(fd, "@vrb case %s.s%zu.p50 %s %.0f ns\n", name ? name : "cell", i,
			ok ? "pass" : "fail", p50 ? json_number_value(p50) : 0.0);
	}
}

int cmd_measure(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bench", required_argument, NULL, 'b' },
		{ "out", required_argument, NULL, 'o' },
		{ "virt", required_argument, NULL, 'v' },
		{ "debugfs", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct sigaction sa = { .sa_handler = on_signal };
	const char *bench_path = NULL, *out = NULL, *virt = "native", *fd_env;
	json_t *quiet;
	struct measure m = { .dir = DEBUGFS, .progress_fd = -1 };
	json_t *root = NULL, *cells;
	struct bench b;
	char err[512];
	int c, rc = 0;
	bool lava_cases;
	size_t i;

	while ((c = getopt_long(argc, argv, "b:o:v:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b': bench_path = optarg; break;
		case 'o': out = optarg; break;
		case 'v': virt = optarg; break;
		case 'd': m.dir = optarg; break;
		case 'h': measure_usage(stdout); return 0;
		default: measure_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (bench__load(bench_path, &b, err, sizeof(err))) {
		vrb_err("%s", err);
		return VRB_EXIT_USAGE;
	}
	if (!vrb_exists(m.dir)) {
		vrb_err("%s is missing: is the module loaded and debugfs mounted?", m.dir);
		bench__free(&b);
		return VRB_EXIT_NOMEASURE;
	}
	fd_env = getenv("VRB_CHANNEL_FD");
	if (fd_env)
		m.progress_fd = atoi(fd_env);
	m.topo = topology__load();
	if (!m.topo) {
		bench__free(&b);
		return VRB_EXIT_NOMEASURE;
	}
	bench__expand(&b, topology__nnodes(m.topo));
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (memsample__cgroup_enter())
		vrb_info("no cgroup of its own (memory.stat unavailable): %s", strerror(errno));
	quiet = strcmp(virt, "native") ? quiet__apply() : json_null();
	root = header(&m, &b, virt);
	json_object_set_new(json_object_get(root, "machine"), "quieted", quiet);
	cells = json_array();
	lava_cases = getenv("VRB_LAVA_CASES") && m.progress_fd >= 0;
	for (i = 0; i < b.ncells && !interrupted; i++) {
		progress(&m, i, b.ncells, b.cells[i].name);
		json_array_append_new(cells, measure_cell(&m, &b.cells[i]));
		if (lava_cases)
			lava__cases(m.progress_fd, json_array_get(cells, i));
	}
	json_object_set_new(root, "cells", cells);
	memsample__cgroup_leave();
	if (interrupted) {
		vrb_err("interrupted: no result written for this run");
		rc = 130;
	} else if (out) {
		rc = results__write(out, root) ? 1 : 0;
		if (rc)
			vrb_err("cannot write %s", out);
	} else {
		json_dumpf(root, stdout, JSON_INDENT(1) | JSON_SORT_KEYS);
		putchar('\n');
	}
	json_decref(root);
	topology__free(m.topo);
	bench__free(&b);
	return rc;
}
