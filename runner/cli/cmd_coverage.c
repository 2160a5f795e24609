// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench coverage: which lines and branches of vrealloc() and its helpers in
 * mm/vmalloc.c each suite and the kselftest execute.  The kernel is a
 * `source = build` one with the kernel's gcov on mm/vmalloc.c (7.3-gcov:
 * config/kernel/gcov.config and gcov-vmalloc.patch).  Each source runs in its
 * own boot: counters reset after the module loaded, the source runs, the
 * guest sends /sys/kernel/debug/gcov/.../mm/vmalloc.gcda back, and gcc's own
 * gcov reads it beside the build's vmalloc.gcno (gcov --json-format: the
 * counts lcov and gcovr report are gcov's).  What boot and module load ran
 * is not counted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "kernel.h"
#include "mutate.h"
#include "util.h"
#include "vm.h"
#include "vm_channel.h"

/* What the resize paths call elsewhere in the file: counted as calls only. */
static const char *const coverage_callees[] = {
	"find_vm_area", "__vmalloc_node_range_noprof", "vfree", NULL
};

struct coverage_source {
	const char *name;	/* column of the table */
	const char *bench;	/* bench file (NULL: the default suite) */
	int nodes;
	bool kselftest;
	bool idle;		/* the control: nothing after the reset, so nothing counted */
	const char *append;	/* more kernel command line: the init_on_* outcomes */
};

/*
 * Every guest boots with init_on_alloc on (Debian's default); the shrink's
 * zeroing (`want_init_on_free() || want_init_on_alloc(flags)`) takes its
 * other outcomes only in a boot with it off, so the kselftest runs in two
 * more: init_on_free alone, and neither.
 */
static const struct coverage_source coverage_sources[] = {
	{ "idle", NULL, 1, false, true, NULL },
	{ "default", NULL, 1, false, false, NULL },
	{ "numa", "bench/numa.ini", 2, false, false, NULL },
	{ "kselftest", NULL, 1, true, false, NULL },
	{ "kselftest@init_on_free", NULL, 1, true, false, "init_on_alloc=0 init_on_free=1" },
	{ "kselftest@init_off", NULL, 1, true, false, "init_on_alloc=0 init_on_free=0" },
};
#define NSOURCES (sizeof(coverage_sources) / sizeof(coverage_sources[0]))

static void coverage_usage(FILE *f)
{
	fprintf(f,
		"usage: vrbench coverage [--kernel NAME] [--out DIR] [--timeout SEC]\n\n"
		"Boot NAME (default 7.3-gcov: gcov on mm/vmalloc.c) once per source - the default\n"
		"suite, bench/numa.ini on two nodes, the kselftest (also in a boot with\n"
		"init_on_alloc=0 init_on_free=1 and one with both off), and \"idle\" (nothing:\n"
		"the control, all zeros) - and report which lines and branches of\n"
		"vrealloc_node_align_noprof() and vm_area_free_pages() each executed, and the\n"
		"calls of them and of what they call in mm/vmalloc.c (gcov's counts, reset after\n"
		"boot and module load).  Prints a table a line of\n"
		"the function with branches: for each source, the outcomes it took (e.g. 1/2),\n"
		"and writes DIR/coverage.json and DIR/coverage.md (default: the results\n"
		"directory's coverage/).  Exit 0; 125 when a source did not run or gave no\n"
		"counts; 2 for usage errors.\n");
}

/* One source's boot: its command, wrapped to reset gcov first and send the counts. */
static int coverage__boot(const struct kernel_info *ki, const struct coverage_source *s,
			  const char *selftest, int timeout_s, const char *gcda)
{
	static const char wrap[] =
		"echo 1 > /sys/kernel/debug/gcov/reset || exit 125; \"$@\"; rc=$?; "
		"f=$(find /sys/kernel/debug/gcov -name vmalloc.gcda | head -n 1); "
		"[ -n \"$f\" ] && cat \"$f\" > /vrbench/out/vmalloc.gcda; exit $rc";
	char *bench = s->bench ? vrb_fmt("%s/%s", vrb_root(), s->bench) : NULL;
	char *files[1], *cmd[12];
	struct vm_opts o;
	struct vm_result res;
	const struct vm_file *f;
	int n = 0, err;

	vm_opts__init(&o);
	o.nodes = s->nodes;
	o.cpus = 2;
	o.append = s->append;
	o.timeout_s = timeout_s;
	cmd[n++] = "sh";
	cmd[n++] = "-c";
	cmd[n++] = (char *)wrap;
	cmd[n++] = "sh";
	if (s->idle) {
		cmd[n++] = "true";
	} else if (s->kselftest) {
		if (!selftest) {
			free(bench);
			return -ENOENT;
		}
		cmd[n++] = "./vrealloc_bench_test";
		files[0] = (char *)selftest;
	} else {
		cmd[n++] = "vrbench";
		cmd[n++] = "measure";
		cmd[n++] = "--out";
		cmd[n++] = "/vrbench/out/result.json";
		if (bench) {
			cmd[n++] = "--bench";
			cmd[n++] = strrchr(bench, '/') + 1;
			files[0] = bench;
		}
	}
	cmd[n] = NULL;
	o.files = s->kselftest || bench ? files : NULL;
	o.nfiles = s->kselftest || bench ? 1 : 0;
	err = vm__run(ki, cmd, &o, &res);
	f = err ? NULL : vm_channel__file(&res.ch, "vmalloc.gcda");
	if (!err && (res.exit_code || !f || !f->len)) {
		const struct vm_file *out = vm_channel__file(&res.ch, "stdout");

		vrb_err("coverage: %s exited %d%s%s%.*s", s->name, res.exit_code,
			f && f->len ? "" : " with no gcov counts (is NAME a gcov kernel?)",
			out && out->len ? ": " : "", out ? (int)out->len : 0, out ? out->data : "");
		err = -EIO;
	}
	if (!err)
		err = vrb_write_file_atomic(gcda, f->data, f->len);
	vm_result__free(&res);
	free(bench);
	return err;
}

/* gcov --json-format on one gcda beside the build's gcno: the file's JSON. */
static json_t *coverage__gcov(const struct kernel_info *ki, const char *dir, const char *gcda)
{
	char *gcno = vrb_fmt("%s/mm/vmalloc.gcno", ki->build), *script;
	char *out = NULL;
	json_t *doc = NULL, *files;
	json_error_t je;
	size_t i;

	script = vrb_fmt("set -e; cd \"$1\"; mkdir -p obj; cp \"$2\" obj/vmalloc.gcno; "
			 "cp \"$3\" obj/vmalloc.gcda; gcov --json-format --branch-probabilities "
			 "--branch-counts --stdout --object-directory obj vmalloc.c");
	if (!vrb_run((char *[]){ "sh", "-c", script, "sh", (char *)dir, gcno, (char *)gcda, NULL },
		     &out))
		doc = json_loads(out, 0, &je);
	if (!doc)
		vrb_err("coverage: gcov could not read %s with %s", gcda, gcno);
	/* the one file of the translation unit that is mm/vmalloc.c itself */
	files = json_object_get(doc, "files");
	for (i = 0; i < json_array_size(files); i++) {
		json_t *file = json_array_get(files, i);
		const char *name = json_string_value(json_object_get(file, "file"));

		if (name && strlen(name) >= 12 && !strcmp(name + strlen(name) - 12, "mm/vmalloc.c")) {
			json_incref(file);
			json_decref(doc);
			free(gcno);
			free(script);
			free(out);
			return file;
		}
	}
	json_decref(doc);
	free(gcno);
	free(script);
	free(out);
	return NULL;
}

static json_t *file__function(json_t *file, const char *name)
{
	json_t *fns = json_object_get(file, "functions");
	size_t i;

	for (i = 0; i < json_array_size(fns); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(fns, i), "name")) ?: "",
			    name))
			return json_array_get(fns, i);
	return NULL;
}

static json_t *file__line(json_t *file, json_int_t no)
{
	json_t *lines = json_object_get(file, "lines");
	size_t i;

	for (i = 0; i < json_array_size(lines); i++)
		if (json_integer_value(json_object_get(json_array_get(lines, i), "line_number")) == no)
			return json_array_get(lines, i);
	return NULL;
}

/* A count in a source's summary object, increased by n. */
static void sum__add(json_t *sum, const char *key, size_t n)
{
	json_object_set_new(sum, key, json_integer(json_integer_value(json_object_get(sum, key)) +
						  (json_int_t)n));
}

/* A source line of mm/vmalloc.c, trimmed, for the table (NULL when unreadable). */
static char *source__line(char **lines, size_t nlines, json_int_t no)
{
	char *s, *e;

	if (!lines || no < 1 || (size_t)no > nlines)
		return strdup("");
	for (s = lines[no - 1]; *s == ' ' || *s == '\t'; s++)
		;
	s = strdup(s);
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	*e = '\0';
	return s;
}

/* Per function: lines and branches executed by each source, and the table. */
static json_t *coverage__report(json_t *files[], const char *src_path, FILE *md)
{
	json_t *report = json_object();
	char *text = NULL, **lines = NULL, *p;
	size_t nlines = 0, k;
	int fi;

	if (src_path && !vrb_read_file(src_path, &text, NULL))
		for (p = text; p;) {
			lines = realloc(lines, (nlines + 1) * sizeof(*lines));
			if (!lines)
				abort();
			lines[nlines++] = strsep(&p, "\n");
		}
	for (fi = 0; code_under_test[fi]; fi++) {
		const char *fn = code_under_test[fi];
		json_t *fobj = json_object(), *rows = json_array();
		json_t *proto = NULL;
		json_int_t start = 0, end = 0, no;

		for (k = 0; k < NSOURCES && !proto; k++)
			proto = files[k] ? file__function(files[k], fn) : NULL;
		if (!proto) {
			json_object_set_new(report, fn, json_pack("{ss}", "error", "not in the gcov data"));
			json_decref(fobj);
			json_decref(rows);
			continue;
		}
		start = json_integer_value(json_object_get(proto, "start_line"));
		end = json_integer_value(json_object_get(proto, "end_line"));
		fprintf(md, "\n### `%s()` (mm/vmalloc.c:%lld-%lld)\n\n| line | code |", fn,
			(long long)start, (long long)end);
		for (k = 0; k < NSOURCES; k++)
			fprintf(md, " %s |", coverage_sources[k].name);
		fprintf(md, " any |\n|---|---|");
		for (k = 0; k <= NSOURCES; k++)
			fprintf(md, "---|");
		fputc('\n', md);
		for (k = 0; k < NSOURCES; k++) {
			json_t *sum = json_pack("{sisisisi}", "lines", 0, "lines_run", 0, "branches", 0,
						"branches_taken", 0);

			json_object_set_new(fobj, coverage_sources[k].name, sum);
		}
		for (no = start; no <= end; no++) {
			json_t *row = NULL, *any_taken = NULL;
			size_t nb = 0, b, taken_any = 0;
			char *code;

			for (k = 0; k < NSOURCES; k++) {
				json_t *line = files[k] ? file__line(files[k], no) : NULL;
				json_t *sum = json_object_get(fobj, coverage_sources[k].name);
				json_t *br = json_object_get(line, "branches");

				if (!line)
					continue;
				sum__add(sum, "lines", 1);
				if (json_integer_value(json_object_get(line, "count")) > 0)
					sum__add(sum, "lines_run", 1);
				nb = json_array_size(br);
				if (!nb)
					continue;
				if (!row) {
					row = json_pack("{sI}", "line", no);
					any_taken = json_array();
					for (b = 0; b < nb; b++)
						json_array_append_new(any_taken, json_false());
				}
				{
					size_t taken = 0;

					for (b = 0; b < nb; b++)
						if (json_integer_value(json_object_get(json_array_get(br, b),
										       "count")) > 0) {
							taken++;
							json_array_set_new(any_taken, b, json_true());
						}
					json_object_set_new(row, coverage_sources[k].name,
							    json_pack("{sisi}", "taken", (int)taken,
								      "of", (int)nb));
					sum__add(sum, "branches", nb);
					sum__add(sum, "branches_taken", taken);
				}
			}
			if (!row)
				continue;
			for (b = 0; b < json_array_size(any_taken); b++)
				taken_any += json_is_true(json_array_get(any_taken, b));
			json_object_set_new(row, "any", json_pack("{sisi}", "taken", (int)taken_any, "of",
								  (int)json_array_size(any_taken)));
			code = source__line(lines, nlines, no);
			json_object_set_new(row, "code", json_string(code));
			fprintf(md, "| %lld | `", (long long)no);
			for (p = code; *p; p++)	/* Markdown's column separator, escaped */
				fprintf(md, *p == '|' ? "\\|" : "%c", *p);
			fprintf(md, "` |");
			for (k = 0; k <= NSOURCES; k++) {
				json_t *c = json_object_get(row, k < NSOURCES ? coverage_sources[k].name :
								"any");

				fprintf(md, " %lld/%lld%s |",
					(long long)json_integer_value(json_object_get(c, "taken")),
					(long long)json_integer_value(json_object_get(c, "of")),
					k == NSOURCES && json_integer_value(json_object_get(c, "taken")) <
					json_integer_value(json_object_get(c, "of")) ? " **partly**" : "");
			}
			fputc('\n', md);
			free(code);
			json_decref(any_taken);
			json_array_append_new(rows, row);
		}
		fprintf(md, "\n| source | lines run | branch outcomes taken |\n|---|---|---|\n");
		for (k = 0; k < NSOURCES; k++) {
			json_t *sum = json_object_get(fobj, coverage_sources[k].name);

			fprintf(md, "| %s | %lld/%lld | %lld/%lld |\n", coverage_sources[k].name,
				(long long)json_integer_value(json_object_get(sum, "lines_run")),
				(long long)json_integer_value(json_object_get(sum, "lines")),
				(long long)json_integer_value(json_object_get(sum, "branches_taken")),
				(long long)json_integer_value(json_object_get(sum, "branches")));
		}
		json_object_set_new(fobj, "start_line", json_integer(start));
		json_object_set_new(fobj, "end_line", json_integer(end));
		json_object_set_new(fobj, "branch_lines", rows);
		json_object_set_new(report, fn, fobj);
	}
	/* calls: the control column must be all zeros, or the reset did not happen */
	fprintf(md, "\n### Calls\n\n| function |");
	for (k = 0; k < NSOURCES; k++)
		fprintf(md, " %s |", coverage_sources[k].name);
	fprintf(md, "\n|---|");
	for (k = 0; k < NSOURCES; k++)
		fprintf(md, "---|");
	fputc('\n', md);
	{
		json_t *calls = json_object();
		const char *const *lists[] = { code_under_test, coverage_callees };
		int li;

		for (li = 0; li < 2; li++)
			for (fi = 0; lists[li][fi]; fi++) {
				json_t *per = json_object();

				fprintf(md, "| `%s()` |", lists[li][fi]);
				for (k = 0; k < NSOURCES; k++) {
					json_t *f = files[k] ? file__function(files[k], lists[li][fi]) : NULL;
					json_int_t n = json_integer_value(json_object_get(f, "execution_count"));

					fprintf(md, " %lld |", (long long)n);
					json_object_set_new(per, coverage_sources[k].name, json_integer(n));
				}
				fputc('\n', md);
				json_object_set_new(calls, lists[li][fi], per);
			}
		json_object_set_new(report, "calls", calls);
	}
	free(lines);
	free(text);
	return report;
}

int cmd_coverage(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' }, { "out", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' }, { "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *kname = "7.3-gcov";
	char *out_dir = NULL, *p, *src_path = NULL, *mdtext = NULL, *selftest;
	json_t *files[NSOURCES] = { 0 }, *report;
	struct kernel_info ki;
	size_t k, mdlen = 0;
	int c, timeout_s = 900, failed = 0, rc;
	FILE *md;

	while ((c = getopt_long(argc, argv, "k:o:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kname = optarg; break;
		case 'o': out_dir = strdup(optarg); break;
		case 't': timeout_s = atoi(optarg) > 0 ? atoi(optarg) : 900; break;
		case 'h': coverage_usage(stdout); return 0;
		default: coverage_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		coverage_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	if (!out_dir)
		out_dir = vrb_fmt("%s/coverage", vrb_results_root());
	rc = cli__prepare_kernel(kname, &ki);
	if (rc)
		return rc;
	p = vrb_fmt("%s/mm/vmalloc.gcno", ki.build);
	if (!vrb_exists(p)) {
		vrb_err("coverage: kernel '%s' has no %s: not built with gcov on mm/vmalloc.c "
			"(use 7.3-gcov)", kname, p);
		free(p);
		kernel_info__free(&ki);
		return VRB_EXIT_USAGE;
	}
	free(p);
	selftest = cli__build_selftest();	/* without it, the kselftest's column fails */
	vrb_mkdirs(out_dir);
	for (k = 0; k < NSOURCES; k++) {
		char *gcda = vrb_fmt("%s/%s.gcda", out_dir, coverage_sources[k].name);
		char *work = vrb_fmt("%s/gcov-%s", out_dir, coverage_sources[k].name);

		vrb_info("coverage: %s (%zu/%zu)", coverage_sources[k].name, k + 1, NSOURCES);
		vrb_rmtree(work);
		vrb_mkdirs(work);
		if (!coverage__boot(&ki, &coverage_sources[k], selftest, timeout_s, gcda))
			files[k] = coverage__gcov(&ki, work, gcda);
		if (!files[k])
			failed++;
		if (files[k] && !src_path)
			src_path = strdup(json_string_value(json_object_get(files[k], "file")));
		vrb_rmtree(work);
		free(gcda);
		free(work);
	}
	/*
	 * gcov names the source as the compiler saw it, which may be gone (the
	 * build's bind-mounted tree): else the build tree's own copy, else the
	 * source tree beside it (scripts/kernel-build.sh's NAME/src).
	 */
	if (!src_path || !vrb_exists(src_path)) {
		const char *cand[] = { "%s/mm/vmalloc.c", "%s/../src/mm/vmalloc.c" };

		for (k = 0; k < 2; k++) {
			p = vrb_fmt(cand[k], ki.build);
			if (vrb_exists(p)) {
				free(src_path);
				src_path = p;
				break;
			}
			free(p);
		}
	}
	md = open_memstream(&mdtext, &mdlen);
	fprintf(md, "## Coverage of vrealloc() on kernel '%s' (%s)\n\nEach cell: branch outcomes "
		    "the source took on that line / outcomes gcov counts there.\n", kname, ki.abi);
	report = coverage__report(files, src_path, md);
	fclose(md);
	p = vrb_fmt("%s/coverage.md", out_dir);
	vrb_write_file_atomic(p, mdtext, mdlen);
	free(p);
	p = vrb_fmt("%s/coverage.json", out_dir);
	json_object_set_new(report, "kernel", json_pack("{ssss}", "name", kname, "abi", ki.abi));
	if (json_dump_file(report, p, JSON_INDENT(1) | JSON_SORT_KEYS))
		vrb_err("cannot write %s", p);
	free(p);
	fwrite(mdtext, 1, mdlen, stdout);
	vrb_info("coverage: %s/coverage.md and coverage.json; %d source%s without counts", out_dir,
		 failed, failed == 1 ? "" : "s");
	for (k = 0; k < NSOURCES; k++)
		json_decref(files[k]);
	json_decref(report);
	free(mdtext);
	free(src_path);
	free(selftest);
	free(out_dir);
	kernel_info__free(&ki);
	return failed ? VRB_EXIT_NOMEASURE : 0;
}
