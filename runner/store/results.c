// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "results.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *summary_json(const struct summary *s)
{
	return json_pack("{sIsfsfsfsfsfsfsfsf}", "n", (json_int_t)s->n, "min", s->min,
			 "p50", s->p50, "p90", s->p90, "p99", s->p99, "max", s->max,
			 "mean", s->mean, "mad", s->mad, "cov", s->cov);
}

/*
 * Timer interrupts per sample (abi 4, x86): "timer_irqs", and "quiet_ns", the
 * summary of the samples with the fewest of them.  Under icount every
 * repetition of a rung takes the same ns except for the ticks that land in it
 * (+26.6 us each here), so the quiet samples are the operation's own cost and
 * their median does not flip with how many repetitions a tick hit;
 * "timer_hit_samples" says how many had more.
 */
static void results__step_irqs(json_t *o, const struct mod_step *st)
{
	json_t *irqs;
	uint64_t *quiet;
	unsigned int least = 255;
	size_t i, n = 0;
	struct summary s;

	if (!st->irqs || st->nirqs != st->nsamples || !st->nsamples)
		return;
	irqs = json_array();
	for (i = 0; i < st->nirqs; i++) {
		json_array_append_new(irqs, json_integer(st->irqs[i]));
		if (st->irqs[i] < least)
			least = st->irqs[i];
	}
	json_object_set_new(o, "timer_irqs", irqs);
	if (least == 255)	/* every sample changed CPU: nothing is known */
		return;
	quiet = malloc(st->nsamples * sizeof(*quiet));
	if (!quiet)
		abort();
	for (i = 0; i < st->nsamples; i++)
		if (st->irqs[i] == least)
			quiet[n++] = st->samples[i];
	stats__summarize_u64(quiet, n, &s);
	json_object_set_new(o, "quiet_ns", summary_json(&s));
	json_object_set_new(o, "timer_hit_samples", json_integer((json_int_t)(st->nsamples - n)));
	free(quiet);
}

json_t *results__step(const struct mod_step *st)
{
	json_t *o, *samples = json_array(), *nodes = json_array(), *hist;
	struct summary s;
	size_t i;

	for (i = 0; i < st->nsamples; i++)
		json_array_append_new(samples, json_integer((json_int_t)st->samples[i]));
	stats__summarize_u64(st->samples, st->nsamples, &s);
	o = json_pack("{sssIsIsIsIsIsIsIsoso}", "op", st->op,
		      "old_bytes", (json_int_t)st->old_size, "new_bytes", (json_int_t)st->new_size,
		      "ops", (json_int_t)st->ops, "fail", (json_int_t)st->fail,
		      "moved", (json_int_t)st->moved, "verify_errors", (json_int_t)st->verify_errors,
		      "zero_errors", (json_int_t)st->zero_errors,
		      "samples_ns", samples, "summary_ns", summary_json(&s));
	json_object_set_new(o, "node_errors", json_integer((json_int_t)st->node_errors));
	json_object_set_new(o, "charge_errors", json_integer((json_int_t)st->charge_errors));
	json_object_set_new(o, "free_errors", json_integer((json_int_t)st->free_errors));
	if (st->mem_valid) {
		for (i = 0; i < (size_t)st->nnodes; i++)
			json_array_append_new(nodes, json_integer(st->node_pages[i]));
		json_object_set_new(o, "resident_pages_before", json_integer(st->resident_before));
		json_object_set_new(o, "resident_pages_after", json_integer(st->resident_after));
		json_object_set_new(o, "node_pages_after", nodes);
		json_object_set_new(o, "nr_vmalloc_delta",
				    st->nr_valid ? json_integer(st->nr_vmalloc_delta) : json_null());
		json_object_set_new(o, "huge", st->huge < 0 ? json_null() : json_boolean(st->huge));
		if (st->array_valid)
			json_object_set_new(o, "pages_array_delta", json_integer(st->pages_array_delta));
		if (st->expect_free >= 0)
			json_object_set_new(o, "expect_free", json_boolean(st->expect_free));
	} else {
		json_decref(nodes);
	}
	results__step_irqs(o, st);
	if (st->has_hist) {
		hist = json_object();
		for (i = 0; i < MOD_HIST_BUCKETS; i++) {
			char k[8];

			if (!st->hist[i])
				continue;
			snprintf(k, sizeof(k), "%zu", i);
			json_object_set_new(hist, k, json_integer(st->hist[i]));
		}
		json_object_set_new(o, "hist_log2_ns", hist);
	}
	return o;
}

int results__write(const char *path, json_t *root)
{
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	int err;

	if (!text)
		return -ENOMEM;
	err = vrb_write_file_atomic(path, text, strlen(text));
	free(text);
	return err;
}

/* "a.b.c" must exist with JSON type t. */
static int need(json_t *root, const char *dotted, json_type t, char *err, size_t len)
{
	char *copy = strdup(dotted), *p = copy, *k;
	json_t *cur = root;

	while (cur && (k = strsep(&p, ".")))
		cur = json_is_object(cur) ? json_object_get(cur, k) : NULL;
	free(copy);
	if (cur && (json_typeof(cur) == t ||
		    (t == JSON_REAL && json_typeof(cur) == JSON_INTEGER) ||
		    (t == JSON_TRUE && json_is_boolean(cur))))
		return 0;
	snprintf(err, len, "%s %s", dotted, cur ? "has the wrong type" : "is missing");
	return -EINVAL;
}

static int validate_step(json_t *st, char *err, size_t len)
{
	static const char *const ints[] = { "old_bytes", "new_bytes", "ops", "fail", "moved",
					    "verify_errors", "zero_errors", NULL };
	int i;

	if (need(st, "op", JSON_STRING, err, len) ||
	    need(st, "samples_ns", JSON_ARRAY, err, len) ||
	    need(st, "summary_ns.p50", JSON_REAL, err, len))
		return -EINVAL;
	for (i = 0; ints[i]; i++)
		if (need(st, ints[i], JSON_INTEGER, err, len))
			return -EINVAL;
	return 0;
}

int results__validate(json_t *root, char *err, size_t len)
{
	static const char *const strings[] = {
		"run_id", "created", "runner.version", "kernel.release", "kernel.access",
		"machine.virt", "machine.cpu_model", "bench.name", "bench.hash", "bench.text", NULL };
	static const char *const ints[] = {
		"kernel.module_abi", "kernel.config.page_size", "kernel.config.hz",
		"kernel.config.init_on_alloc", "kernel.config.init_on_free", "kernel.config.kasan",
		"machine.cpus", NULL };
	json_t *cells, *cell, *steps, *st;
	size_t i, j;
	char sub[256];

	if (!json_is_object(root) || need(root, "schema", JSON_STRING, err, len))
		return -EINVAL;
	if (strcmp(json_string_value(json_object_get(root, "schema")), RESULTS_SCHEMA)) {
		snprintf(err, len, "not a vrbench result (schema is not %s)", RESULTS_SCHEMA);
		return -EINVAL;
	}
	if (need(root, "schema_version", JSON_INTEGER, err, len))
		return -EINVAL;
	if (json_integer_value(json_object_get(root, "schema_version")) != RESULTS_SCHEMA_VERSION) {
		snprintf(err, len, "schema_version %lld, this vrbench reads %d",
			 json_integer_value(json_object_get(root, "schema_version")),
			 RESULTS_SCHEMA_VERSION);
		return -EINVAL;
	}
	for (i = 0; strings[i]; i++)
		if (need(root, strings[i], JSON_STRING, err, len))
			return -EINVAL;
	for (i = 0; ints[i]; i++)
		if (need(root, ints[i], JSON_INTEGER, err, len))
			return -EINVAL;
	if (need(root, "kernel.config.preempt", JSON_STRING, err, len) ||
	    need(root, "machine.nodes", JSON_ARRAY, err, len) ||
	    need(root, "cells", JSON_ARRAY, err, len))
		return -EINVAL;
	cells = json_object_get(root, "cells");
	json_array_foreach(cells, i, cell) {
		if (need(cell, "name", JSON_STRING, sub, sizeof(sub)) ||
		    need(cell, "job", JSON_STRING, sub, sizeof(sub)) ||
		    need(cell, "status", JSON_STRING, sub, sizeof(sub)) ||
		    need(cell, "binding", JSON_OBJECT, sub, sizeof(sub)) ||
		    need(cell, "counters", JSON_OBJECT, sub, sizeof(sub)) ||
		    need(cell, "steps", JSON_ARRAY, sub, sizeof(sub)))
			goto bad_cell;
		steps = json_object_get(cell, "steps");
		json_array_foreach(steps, j, st)
			if (validate_step(st, sub, sizeof(sub)))
				goto bad_cell;
		continue;
bad_cell:
		snprintf(err, len, "cells[%zu]: %s", i, sub);
		return -EINVAL;
	}
	return 0;
}

int results__load(const char *path, json_t **root, char *err, size_t len)
{
	json_error_t je;
	char why[300];

	*root = json_load_file(path, 0, &je);
	if (!*root) {
		snprintf(err, len, "%s: not a readable result file: %s (line %d, column %d)",
			 path, je.text, je.line, je.column);
		return -EINVAL;
	}
	if (results__validate(*root, why, sizeof(why))) {
		snprintf(err, len, "%s: not a valid vrbench result: %s", path, why);
		json_decref(*root);
		*root = NULL;
		return -EINVAL;
	}
	return 0;
}
