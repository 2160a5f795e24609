// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "pool.h"
#include "results.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int add_file(struct side *s, const char *path)
{
	char err[1024];
	json_t *root;

	if (results__load(path, &root, err, sizeof(err))) {
		vrb_err("%s", err);
		return -EINVAL;
	}
	s->runs = realloc(s->runs, (s->n + 1) * sizeof(*s->runs));
	s->paths = realloc(s->paths, (s->n + 1) * sizeof(*s->paths));
	s->paths[s->n] = strdup(path);
	s->runs[s->n++] = root;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json in dir whose name matches filter (NULL: all), sorted. */
static char **list_json(const char *dir, const char *filter, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);

		if (l < 6 || strcmp(e->d_name + l - 5, ".json") || (filter && !strstr(e->d_name, filter)))
			continue;
		v = realloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = vrb_fmt("%s/%s", dir, e->d_name);
	}
	if (d)
		closedir(d);
	qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

/* A file, a directory, or a kernel name: its newest session in results/. */
int side__load(const char *arg, struct side *s)
{
	char *dir = vrb_fmt("%s", vrb_results_root()), *filter = vrb_fmt("-%s-run", arg);
	char **files, *session = NULL;
	struct stat st;
	size_t n, i;
	int err = 0;

	s->label = strdup(arg);
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		files = list_json(arg, NULL, &n);
	} else if (stat(arg, &st) == 0) {
		free(dir);
		free(filter);
		return add_file(s, arg);
	} else {
		files = list_json(dir, filter, &n);
		if (n)	/* names start with the session stamp: the last one is newest */
			session = strndup(strrchr(files[n - 1], '/') + 1,
					  strstr(strrchr(files[n - 1], '/'), filter) -
					  strrchr(files[n - 1], '/') - 1);
	}
	for (i = 0; i < n && !err; i++)
		if (!session || strstr(files[i], session))
			err = add_file(s, files[i]);
	if (!err && !s->n) {
		vrb_err("'%s': no result files (not a file, a directory of results, or a kernel "
			"with runs in %s)", arg, dir);
		err = -ENOENT;
	}
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(session);
	free(dir);
	free(filter);
	return err;
}

void side__free(struct side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		json_decref(s->runs[i]);
		free(s->paths[i]);
	}
	free(s->runs);
	free(s->paths);
	free(s->label);
	memset(s, 0, sizeof(*s));
}

static struct pool_row *row_for(struct pool_row **rows, size_t *nrows, const char *key, const char *cell,
			   int step)
{
	size_t i;

	for (i = 0; i < *nrows; i++)
		if (!strcmp((*rows)[i].key, key))
			return &(*rows)[i];
	*rows = realloc(*rows, (*nrows + 1) * sizeof(**rows));
	if (!*rows)
		abort();
	memset(&(*rows)[*nrows], 0, sizeof(**rows));
	(*rows)[*nrows].key = strdup(key);
	(*rows)[*nrows].cell = strdup(cell);
	(*rows)[*nrows].step = step;
	(*rows)[*nrows].cell_row = *nrows;
	return &(*rows)[(*nrows)++];
}

struct exact *row__exact(struct pool_row *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nexact; i++)
		if (!strcmp(r->exact[i].name, name))
			return &r->exact[i];
	return NULL;
}

static void push_exact(struct pool_row *r, bool is_new, const char *name, long v)
{
	struct exact *e = row__exact(r, name);

	if (!e) {
		r->exact = realloc(r->exact, (r->nexact + 1) * sizeof(*r->exact));
		if (!r->exact)
			abort();
		e = &r->exact[r->nexact++];
		memset(e, 0, sizeof(*e));
		e->name = strdup(name);
	}
	if (is_new) {
		e->new = realloc(e->new, (e->nn + 1) * sizeof(long));
		e->new[e->nn++] = v;
	} else {
		e->base = realloc(e->base, (e->nb + 1) * sizeof(long));
		e->base[e->nb++] = v;
	}
}

static void push(double **v, size_t *n, double x)
{
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = x;
}

static void push_if_int(struct pool_row *r, bool is_new, const char *name, json_t *v)
{
	if (json_is_integer(v))
		push_exact(r, is_new, name, (long)json_integer_value(v));
}

/*
 * Memory a cell holds after a step, relative to before its first step: deltas
 * of single steps would call a free that releases fewer pages "worse" when the
 * step before it (a shrink that now frees) already gave them back.  Around
 * walk steps the runner samples the writer's memcg and the module's areas in
 * /proc/vmallocinfo (around other cells, the whole cell: push_held on the cell
 * row); the module reports each step's NR_VMALLOC change.
 */
struct held {
	json_t *first_before;	/* the first step's memory.before */
	long nr_vmalloc;	/* running sum of nr_vmalloc_delta */
	bool nr_known;		/* every step so far reported it */
};

/* What the memory samples b (before) and a (after) differ by, as "held" metrics. */
static void push_held(struct pool_row *r, bool is_new, json_t *b, json_t *a)
{
	static const char *const keys[][2] = {
		{ "memcg_vmalloc_bytes", "memcg_vmalloc_bytes_held" },
		{ "vmallocinfo_pages", "vmallocinfo_pages_held" },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *bv = json_object_get(b, keys[i][0]), *av = json_object_get(a, keys[i][0]);

		if (json_is_integer(av) && json_is_integer(bv))
			push_exact(r, is_new, keys[i][1],
				   (long)(json_integer_value(av) - json_integer_value(bv)));
	}
}

static void collect_held(struct pool_row *r, bool is_new, json_t *step, struct held *h)
{
	json_t *d = json_object_get(step, "nr_vmalloc_delta");

	h->nr_known = h->nr_known && json_is_integer(d);
	h->nr_vmalloc += json_integer_value(d);
	if (h->nr_known)
		push_exact(r, is_new, "nr_vmalloc_held", h->nr_vmalloc);
	push_held(r, is_new, h->first_before,
		  json_object_get(json_object_get(step, "memory"), "after"));
}

static void collect_step(struct pool_row *row, bool is_new, json_t *step, struct held *h)
{
	static const char *const counts[] = { "resident_pages_after", "moved", "fail",
					      "verify_errors", "zero_errors", "node_errors",
					      "charge_errors", "free_errors" };
	json_t *p50j = step__p50(step), *v;
	char name[32];
	size_t i;

	*(is_new ? &row->present_new : &row->present_base) += 1;
	if (json_is_number(p50j) && json_number_value(p50j) > 0)
		push(is_new ? &row->new : &row->base, is_new ? &row->nn : &row->nb,
		     json_number_value(p50j));
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		push_if_int(row, is_new, counts[i], json_object_get(step, counts[i]));
	json_array_foreach(json_object_get(step, "node_pages_after"), i, v) {
		snprintf(name, sizeof(name), "node%zu_pages", i);
		push_if_int(row, is_new, name, v);
	}
	collect_held(row, is_new, step, h);
}

json_t *step__p50(json_t *step)
{
	json_t *q = json_object_get(json_object_get(step, "quiet_ns"), "p50");

	return q ? q : json_object_get(json_object_get(step, "summary_ns"), "p50");
}

json_t *run__cell(json_t *run, const char *name)
{
	json_t *cell;
	size_t i;

	json_array_foreach(json_object_get(run, "cells"), i, cell) {
		const char *n = json_string_value(json_object_get(cell, "name"));

		if (n && !strcmp(n, name))
			return cell;
	}
	return NULL;
}

/* A cell row's status in one run; its steps when the cell is done. */
static void collect_cell(struct pool_row **rows, size_t *nrows, size_t ci, bool is_new, json_t *cell)
{
	const char *status = cell ? json_string_value(json_object_get(cell, "status")) : "missing";
	bool done = status && !strcmp(status, "done");
	struct held h = { .nr_known = true };
	char key[256];
	json_t *step;
	size_t j;

	if (!status)
		status = "(no status)";
	push_exact(&(*rows)[ci], is_new, "not_done", !done);
	if (!done) {
		char **slot = is_new ? &(*rows)[ci].status_new : &(*rows)[ci].status_base;

		if (!*slot)
			*slot = strdup(status);
		return;
	}
	*(is_new ? &(*rows)[ci].present_new : &(*rows)[ci].present_base) += 1;
	push_if_int(&(*rows)[ci], is_new, "alloc_fail", json_object_get(cell, "alloc_fail"));
	/* cells other than walks: what the whole cell left charged or mapped */
	push_held(&(*rows)[ci], is_new, json_object_get(json_object_get(cell, "memory"), "before"),
		  json_object_get(json_object_get(cell, "memory"), "after"));
	h.first_before = json_object_get(json_object_get(json_array_get(json_object_get(cell, "steps"),
									0), "memory"), "before");
	json_array_foreach(json_object_get(cell, "steps"), j, step) {
		const char *cell_name = (*rows)[ci].cell;
		struct pool_row *row;

		snprintf(key, sizeof(key), "%s #%zu %s %lld->%lld", cell_name, j,
			 json_string_value(json_object_get(step, "op")),
			 json_integer_value(json_object_get(step, "old_bytes")),
			 json_integer_value(json_object_get(step, "new_bytes")));
		row = row_for(rows, nrows, key, cell_name, (int)j);
		row->cell_row = ci;
		collect_step(row, is_new, step, &h);
	}
}

void rows__collect(const struct side *s, bool is_new, struct pool_row **rows, size_t *nrows)
{
	json_t *cell;
	size_t r, i, ncells;

	/* every cell any run of this side has, beside those the base side had */
	for (r = 0; r < s->n; r++)
		json_array_foreach(json_object_get(s->runs[r], "cells"), i, cell) {
			const char *name = json_string_value(json_object_get(cell, "name"));

			if (name)
				row_for(rows, nrows, name, name, -1);
		}
	ncells = *nrows;
	for (r = 0; r < s->n; r++)
		for (i = 0; i < ncells; i++)
			if ((*rows)[i].step < 0)
				collect_cell(rows, nrows, i, is_new,
					     run__cell(s->runs[r], (*rows)[i].cell));
}

void rows__free(struct pool_row *rows, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < rows[i].nexact; j++) {
			free(rows[i].exact[j].name);
			free(rows[i].exact[j].base);
			free(rows[i].exact[j].new);
		}
		free(rows[i].exact);
		free(rows[i].key);
		free(rows[i].cell);
		free(rows[i].base);
		free(rows[i].new);
		free(rows[i].status_base);
		free(rows[i].status_new);
	}
	free(rows);
}
