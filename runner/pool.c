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
int load_side(const char *arg, struct side *s)
{
	char *dir = vrb_fmt("%s/results", vrb_root()), *filter = vrb_fmt("-%s-run", arg);
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

static struct row *row_for(struct row **rows, size_t *nrows, const char *key)
{
	size_t i;

	for (i = 0; i < *nrows; i++)
		if (!strcmp((*rows)[i].key, key))
			return &(*rows)[i];
	*rows = realloc(*rows, (*nrows + 1) * sizeof(**rows));
	memset(&(*rows)[*nrows], 0, sizeof(**rows));
	(*rows)[*nrows].key = strdup(key);
	return &(*rows)[(*nrows)++];
}

static void push(double **v, size_t *n, double x)
{
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = x;
}

/* Widen [*min, *max] to hold v (the first value sets both). */
static void note_range(long v, long *min, long *max, bool *seen)
{
	*min = *seen && *min < v ? *min : v;
	*max = *seen && *max > v ? *max : v;
	*seen = true;
}

void collect(const struct side *s, bool is_new, struct row **rows, size_t *nrows)
{
	json_t *cell, *step, *v;
	size_t r, i, j;
	char key[256];

	for (r = 0; r < s->n; r++) {
		json_array_foreach(json_object_get(s->runs[r], "cells"), i, cell) {
			if (strcmp(json_string_value(json_object_get(cell, "status")), "done"))
				continue;
			json_array_foreach(json_object_get(cell, "steps"), j, step) {
				struct row *row;
				double p50;

				snprintf(key, sizeof(key), "%s %s %lld->%lld",
					 json_string_value(json_object_get(cell, "name")),
					 json_string_value(json_object_get(step, "op")),
					 json_integer_value(json_object_get(step, "old_bytes")),
					 json_integer_value(json_object_get(step, "new_bytes")));
				row = row_for(rows, nrows, key);
				p50 = json_real_value(json_object_get(json_object_get(step, "summary_ns"), "p50")) +
				      json_integer_value(json_object_get(json_object_get(step, "summary_ns"), "p50"));
				if (p50 > 0)
					push(is_new ? &row->new : &row->base, is_new ? &row->nn : &row->nb, p50);
				*(is_new ? &row->moved_new : &row->moved_base) +=
					json_integer_value(json_object_get(step, "moved"));
				*(is_new ? &row->ops_new : &row->ops_base) +=
					json_integer_value(json_object_get(step, "ops"));
				v = json_object_get(step, "resident_pages_after");
				if (!json_is_integer(v))
					continue;
				if (is_new)
					note_range(json_integer_value(v), &row->mem_new_min, &row->mem_new_max,
						   &row->mem_seen_new);
				else
					note_range(json_integer_value(v), &row->mem_base_min,
						   &row->mem_base_max, &row->mem_seen_base);
			}
		}
	}
}

