// SPDX-License-Identifier: GPL-2.0
/*
 * The report: one page a reviewer reads.  index.md for a mail or a pull
 * request, and index.html, self-contained (figures embedded, no server, no
 * network): the verdict first, then the figures with how to read each, the
 * comparison table, and the machine and kernel facts both sides were measured
 * with.  Written from a judgement made once by the caller.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "report.h"
#include "util.h"

static char *base64_file(const char *path)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *buf = NULL, *out, *o;
	size_t len, i;

	if (vrb_read_file(path, &buf, &len))
		return NULL;
	o = out = malloc(4 * ((len + 2) / 3) + 1);
	for (i = 0; i + 2 < len; i += 3) {
		unsigned int v = (unsigned char)buf[i] << 16 | (unsigned char)buf[i + 1] << 8 |
				 (unsigned char)buf[i + 2];

		*o++ = tbl[v >> 18];
		*o++ = tbl[(v >> 12) & 63];
		*o++ = tbl[(v >> 6) & 63];
		*o++ = tbl[v & 63];
	}
	if (i < len) {
		unsigned int v = (unsigned char)buf[i] << 16 |
				 (i + 1 < len ? (unsigned char)buf[i + 1] << 8 : 0);

		*o++ = tbl[v >> 18];
		*o++ = tbl[(v >> 12) & 63];
		*o++ = i + 1 < len ? tbl[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	free(buf);
	return out;
}

static void html_escape(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
}

static const char *fact(json_t *run, const char *obj, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(json_object_get(run, obj), key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(buf, len, "%lld", json_integer_value(v));
	else
		snprintf(buf, len, "-");
	return buf;
}

/* The facts both sides were measured with, as markdown table rows. */
static void facts_md(FILE *f, struct side *s)
{
	static const char *const rows[][3] = {
		{ "kernel release", "kernel", "release" }, { "Debian ABI", "kernel", "abi" },
		{ "access path", "kernel", "access" }, { "compiler", "kernel", "cc" },
		{ "clock", "target", "clock" }, { "accelerator", "target", "accel" },
		{ "guest CPUs", "target", "cpus" }, { "guest memory (MiB)", "target", "mem_mb" },
		{ "CPU model", "machine", "cpu_model" }, { "bench", "bench", "name" },
		{ "bench hash", "bench", "hash" }, { "runner", "runner", "version" },
	};
	static const char *const cfg[] = { "init_on_alloc", "init_on_free", "kasan", "page_size",
					   "hz", "preempt" };
	char a[64], b[64];
	size_t i;

	fprintf(f, "| | base | new |\n|---|---|---|\n| runs | %zu | %zu |\n", s[0].n, s[1].n);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		fprintf(f, "| %s | %s | %s |\n", rows[i][0],
			fact(s[0].runs[0], rows[i][1], rows[i][2], a, sizeof(a)),
			fact(s[1].runs[0], rows[i][1], rows[i][2], b, sizeof(b)));
	for (i = 0; i < sizeof(cfg) / sizeof(cfg[0]); i++) {
		json_t *c0 = json_object_get(json_object_get(s[0].runs[0], "kernel"), "config");
		json_t *c1 = json_object_get(json_object_get(s[1].runs[0], "kernel"), "config");

		fprintf(f, "| %s | %s | %s |\n", cfg[i], fact(c0, cfg[i], NULL, a, sizeof(a)),
			fact(c1, cfg[i], NULL, b, sizeof(b)));
	}
}

/* --numa BASE_DIR,NEW_DIR: the NUMA suite's results, for the NUMA matrix. */
static int add_numa(const char *pair, const char *dir, struct plot_set *set)
{
	char *copy = strdup(pair), *comma = strchr(copy, ','), *args[2], **labels = NULL;
	struct side *sides = NULL;
	int rc = -1;

	if (!comma) {
		vrb_err("--numa '%s': expected BASE,NEW (the NUMA suite's results)", pair);
		free(copy);
		return -1;
	}
	*comma = '\0';
	args[0] = copy;
	args[1] = comma + 1;
	if (!plot__load(args, 2, &sides, &labels)) {
		if (plot__is_numa(sides, 2))
			rc = plot__render_all(sides, labels, 2, dir, NULL, set);
		else
			vrb_err("--numa %s: these results are not of the NUMA suite (cells bound to "
				"a CPU node and a memory node)", pair);
	}
	free(copy);
	return rc;
}

/* What regressed, one line each: rows called slower, exact metrics worse. */
static char *regressions_of(json_t *j)
{
	char *s = strdup(""), *t;
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(j, "cells"), i, c)
		if (!strcmp(json_string_value(json_object_get(c, "verdict")) ?: "", "slower")) {
			t = vrb_fmt("%s- %s: slower, ratio %.3f\n", s,
				    json_string_value(json_object_get(c, "key")),
				    json_number_value(json_object_get(c, "ratio")));
			free(s);
			s = t;
		}
	json_array_foreach(json_object_get(j, "worse"), i, c) {
		t = vrb_fmt("%s- %s: %s\n", s, json_string_value(json_object_get(c, "key")),
			    json_string_value(json_object_get(c, "what")));
		free(s);
		s = t;
	}
	return s;
}

/* The comparison as markdown, from the one judgement the report makes. */
static char *judgement__markdown(const struct judgement *j)
{
	char *md = NULL;
	size_t len;
	FILE *f = open_memstream(&md, &len);

	if (!f)
		abort();
	judgement__print(j, f, true);
	fclose(f);
	while (len && md[len - 1] == '\n')	/* the page adds its own line ends */
		md[--len] = '\0';
	return md;
}

/* The HTML page: the markdown's content, figures embedded as data: URIs. */
static int write_html(const char *path, const char *title, const char *verdict, int rc,
		      const char *regressions, const struct plot_set *set, const char *md,
		      const char *facts)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f)
		return -1;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>");
	html_escape(f, title);
	fprintf(f, "</title>\n<style>body{font-family:sans-serif;max-width:1250px;margin:2em auto;"
		   "color:#222}img{max-width:100%%;border:1px solid #ddd}pre{background:#f6f6f6;"
		   "padding:1em;overflow-x:auto;font-size:12px}.verdict{font-size:1.3em;padding:.6em;"
		   "border-left:6px solid %s;background:#fafafa}figcaption{color:#444;"
		   "margin:.3em 0 2em}</style>\n</head><body>\n<h1>", rc == 1 ? "#D55E00" :
		   rc == 0 ? "#009E73" : "#999999");
	html_escape(f, title);
	fprintf(f, "</h1>\n<p class=\"verdict\"><b>");
	html_escape(f, judge__gate_meaning(rc));
	fprintf(f, "</b><br>");
	html_escape(f, verdict);
	fprintf(f, "</p>\n");
	if (*regressions) {
		fprintf(f, "<h2>What regressed</h2>\n<pre>");
		html_escape(f, regressions);
		fprintf(f, "</pre>\n");
	}
	for (i = 0; i < set->n; i++) {
		char *b64 = base64_file(set->fig[i].png);

		fprintf(f, "<figure><img alt=\"%s\" src=\"data:image/png;base64,%s\">\n<figcaption>",
			set->fig[i].name, b64 ? b64 : "");
		html_escape(f, set->fig[i].caption);
		fprintf(f, "</figcaption></figure>\n");
		free(b64);
	}
	fprintf(f, "<h2>The comparison</h2>\n<pre>");
	html_escape(f, md);
	fprintf(f, "</pre>\n<h2>Measured with</h2>\n<pre>");
	html_escape(f, facts);
	fprintf(f, "</pre>\n<script>window.addEventListener('load', function () {\n"
		   "  var im = document.images, ok = 0;\n"
		   "  for (var i = 0; i < im.length; i++) if (im[i].complete && im[i].naturalWidth > 0) ok++;\n"
		   "  document.body.setAttribute('data-images', ok + '/' + im.length);\n"
		   "});</script>\n</body></html>\n");
	return fclose(f);
}

int report__write(char **args, struct side *sides, char **labels, const char *numa,
		  const char *dir, const struct judgement *j)
{
	char *md, *title, *facts = NULL, *regressions, *path;
	json_t *judged = judgement__json(j);
	struct plot_set set = { 0 };
	int rc = j->gate_exit, err = 0;
	size_t i, flen;
	FILE *f, *ff;

	regressions = regressions_of(judged);
	md = judgement__markdown(j);
	if (plot__render_all(sides, labels, 2, dir, judged, &set) ||
	    plot__trend(args, sides, labels, 2, dir, j, &set) ||
	    (numa && add_numa(numa, dir, &set))) {
		err = -EINVAL;
		goto out;
	}
	title = vrb_fmt("vrealloc(): %s -> %s", labels[0], labels[1]);
	ff = open_memstream(&facts, &flen);
	facts_md(ff, sides);
	fclose(ff);
	path = vrb_fmt("%s/index.md", dir);
	f = fopen(path, "w");
	free(path);
	if (!f) {
		err = -EIO;
		goto out_title;
	}
	fprintf(f, "# %s\n\n**Verdict: %s.** %s\n\n", title, judge__gate_meaning(rc), j->verdict);
	if (*regressions)
		fprintf(f, "What regressed:\n\n%s\n", regressions);
	for (i = 0; i < set.n; i++)
		fprintf(f, "![%s](%s.png)\n\n%s\n\n", set.fig[i].name, set.fig[i].name,
			set.fig[i].caption);
	fprintf(f, "## The comparison\n\n%s\n## Measured with\n\n%s", md, facts);
	fclose(f);
	path = vrb_fmt("%s/index.html", dir);
	if (write_html(path, title, j->verdict, rc, regressions, &set, md, facts))
		err = -EIO;
	free(path);
out_title:
	free(title);
out:
	plot_set__free(&set);
	free(md);
	free(regressions);
	free(facts);
	json_decref(judged);
	return err;
}
