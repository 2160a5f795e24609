// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "modresult.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || end == s || *end || *s == '-' ? -EPROTO : 0;
}

static int parse_long(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return errno || end == s || *end ? -EPROTO : 0;
}

static int parse_u32(const char *s, uint32_t *v)
{
	uint64_t x;

	if (parse_u64(s, &x) || x > UINT32_MAX)
		return -EPROTO;
	*v = (uint32_t)x;
	return 0;
}

static int parse_nodes(const char *s, struct mod_step *st)
{
	char *copy = strdup(s), *p = copy, *tok;
	int err = 0;

	st->nnodes = 0;
	while (!err && (tok = strsep(&p, ","))) {
		if (st->nnodes == MOD_MAX_NODES)
			err = -EPROTO;
		else
			err = parse_u32(tok, &st->node_pages[st->nnodes++]);
	}
	free(copy);
	return err;
}

/* 1, 0 or na (-1) */
static int parse_tristate(const char *v, int *out)
{
	if (!strcmp(v, "na"))
		return *out = -1, 0;
	if (!strcmp(v, "0") || !strcmp(v, "1"))
		return *out = v[0] - '0', 0;
	return -EPROTO;
}

/* The module's step fields (kmod/vrb_abi_table.h): the runner and the module
 * are built from one tree, so a field the table does not name is drift. */
static const char *const step_fields[] = {
#define VRB_STEP_FIELD(name, since) #name,
#include "kmod/vrb_abi_table.h"
};

static bool step_field_known(const char *k)
{
	size_t i;

	for (i = 0; i < sizeof(step_fields) / sizeof(step_fields[0]); i++)
		if (!strcmp(k, step_fields[i]))
			return true;
	return false;
}

/* One "key=value" of a step line; a key the module's table does not name is refused. */
static int step_kv(struct mod_step *st, const char *k, const char *v)
{
	uint64_t ignored;

	if (!step_field_known(k))
		return -EPROTO;
	if (!strcmp(k, "op"))
		return snprintf(st->op, sizeof(st->op), "%s", v) >= (int)sizeof(st->op) ? -EPROTO : 0;
	if (!strcmp(k, "old"))
		return parse_u64(v, &st->old_size);
	if (!strcmp(k, "new"))
		return parse_u64(v, &st->new_size);
	if (!strcmp(k, "ops"))
		return parse_u64(v, &st->ops);
	if (!strcmp(k, "fail"))
		return parse_u64(v, &st->fail);
	if (!strcmp(k, "moved"))
		return parse_u64(v, &st->moved);
	if (!strcmp(k, "verify_errors"))
		return parse_u64(v, &st->verify_errors);
	if (!strcmp(k, "zero_errors"))
		return parse_u64(v, &st->zero_errors);
	if (!strcmp(k, "node_errors"))
		return parse_u64(v, &st->node_errors);
	if (!strcmp(k, "charge_errors"))
		return parse_u64(v, &st->charge_errors);
	if (!strcmp(k, "free_errors"))
		return parse_u64(v, &st->free_errors);
	if (!strcmp(k, "resident_pages_before"))
		return st->mem_valid = true, parse_long(v, &st->resident_before);
	if (!strcmp(k, "resident_pages_after"))
		return parse_long(v, &st->resident_after);
	if (!strcmp(k, "nr_vmalloc_delta")) {
		st->nr_valid = strcmp(v, "na") != 0;
		return st->nr_valid ? parse_long(v, &st->nr_vmalloc_delta) : 0;
	}
	if (!strcmp(k, "node_pages"))
		return parse_nodes(v, st);
	if (!strcmp(k, "huge"))
		return parse_tristate(v, &st->huge);
	if (!strcmp(k, "expect_free"))
		return parse_tristate(v, &st->expect_free);
	if (!strcmp(k, "pages_array_delta"))
		return st->array_valid = true, parse_long(v, &st->pages_array_delta);
	if (!strncmp(k, "t_", 2))	/* the module's own summary: recomputed from samples */
		return parse_u64(v, &ignored);
	/* vmalloc_addr, returned_null: the edges pattern's, read by the kselftest */
	return parse_tristate(v, &(int){ 0 });
}

static int parse_step_line(char *line, struct mod_result *r)
{
	char *p = line, *tok, *eq;
	struct mod_step *st;
	uint64_t idx;
	int err = 0;

	tok = strsep(&p, " ");
	if (parse_u64(tok + 5, &idx) || idx != r->nsteps)
		return -EPROTO;
	r->steps = realloc(r->steps, (r->nsteps + 1) * sizeof(*r->steps));
	if (!r->steps)
		abort();
	st = &r->steps[r->nsteps++];
	memset(st, 0, sizeof(*st));
	st->expect_free = -1;	/* abi 1 does not say */
	while (!err && p && (tok = strsep(&p, " "))) {
		eq = strchr(tok, '=');
		if (!eq)
			return -EPROTO;
		*eq = '\0';
		err = step_kv(st, tok, eq + 1);
	}
	return err;
}

/* "timer_irqs=I k k k": one per sample of the step just parsed, after them. */
static int parse_irqs(char *line, struct mod_result *r)
{
	char *p = strchr(line, '=') + 1, *tok;
	struct mod_step *st;
	uint64_t idx, v;

	tok = strsep(&p, " ");
	if (parse_u64(tok, &idx) || !r->nsteps || idx != r->nsteps - 1)
		return -EPROTO;
	st = &r->steps[idx];
	if (st->irqs || !(st->irqs = calloc(st->nsamples + 1, 1)))
		return -EPROTO;
	while (p && (tok = strsep(&p, " "))) {
		if (parse_u64(tok, &v) || v > 255 || st->nirqs == st->nsamples)
			return -EPROTO;
		st->irqs[st->nirqs++] = (uint8_t)v;
	}
	return st->nirqs == st->nsamples ? 0 : -EPROTO;
}

/* "samples=I v v v" or "hist=I k:n k:n" for the step just parsed. */
static int parse_series(char *line, struct mod_result *r, bool hist)
{
	char *p = strchr(line, '=') + 1, *tok;
	struct mod_step *st;
	uint64_t idx, v, k;
	size_t cap = 16;

	tok = strsep(&p, " ");
	if (parse_u64(tok, &idx) || !r->nsteps || idx != r->nsteps - 1)
		return -EPROTO;
	st = &r->steps[idx];
	if (hist)
		st->has_hist = true;
	else if (!(st->samples = malloc(cap * sizeof(uint64_t))))
		abort();
	while (p && (tok = strsep(&p, " "))) {
		if (hist) {
			char *colon = strchr(tok, ':');

			if (!colon)
				return -EPROTO;
			*colon = '\0';
			if (parse_u64(tok, &k) || k >= MOD_HIST_BUCKETS || parse_u64(colon + 1, &st->hist[k]))
				return -EPROTO;
			continue;
		}
		if (parse_u64(tok, &v))
			return -EPROTO;
		if (st->nsamples == cap && !(st->samples = realloc(st->samples, (cap *= 2) * 8)))
			abort();
		st->samples[st->nsamples++] = v;
	}
	return 0;
}

static int parse_header(char *line, struct mod_result *r)
{
	uint64_t v;

	if (!strncmp(line, "abi=", 4))
		return parse_u64(line + 4, &v) ? -EPROTO : (r->abi = (int)v, 0);
	if (!strncmp(line, "job=", 4))
		return free(r->job), r->job = strdup(line + 4), 0;
	if (!strncmp(line, "status=", 7)) {
		char *sp = strchr(line, ' ');
		long e = 0;

		if (sp) {
			*sp = '\0';
			if (strncmp(sp + 1, "err=", 4) || parse_long(sp + 5, &e))
				return -EPROTO;
		}
		r->err = (int)e;
		return snprintf(r->status, sizeof(r->status), "%s", line + 7) >= 16 ? -EPROTO : 0;
	}
	if (!strncmp(line, "clock_overhead_ns=", 18))
		return parse_u64(line + 18, &r->clock_overhead_ns);
	if (!strncmp(line, "alloc_fail=", 11))
		return parse_u64(line + 11, &r->alloc_fail);
	if (!strncmp(line, "drains=", 7))
		return sscanf(line, "drains=%" SCNu64 " drain_ns=%" SCNu64, &r->drains,
			      &r->drain_ns) == 2 ? (r->has_drains = true, 0) : -EPROTO;
	if (!strncmp(line, "walk_next=", 10))
		return sscanf(line, "walk_next=%u walk_steps=%u walk_held=%d", &r->walk_next,
			      &r->walk_steps, (int *)&v) == 3 ? (r->walk_held = v & 1, 0) : -EPROTO;
	if (!strncmp(line, "steps=", 6))
		return parse_u64(line + 6, &v);
	return -EPROTO;
}

int modresult__parse(const char *text, struct mod_result *r, char *err, size_t errlen)
{
	char *copy = strdup(text), *p = copy, *line;
	int lineno = 0, rc = 0;

	memset(r, 0, sizeof(*r));
	while (!rc && (line = strsep(&p, "\n"))) {
		lineno++;
		if (!*line)
			continue;
		if (!strncmp(line, "step=", 5))
			rc = parse_step_line(line, r);
		else if (!strncmp(line, "samples=", 8))
			rc = parse_series(line, r, false);
		else if (!strncmp(line, "hist=", 5))
			rc = parse_series(line, r, true);
		else if (!strncmp(line, "timer_irqs=", 11))
			rc = parse_irqs(line, r);
		else
			rc = parse_header(line, r);
		if (rc)
			snprintf(err, errlen, "module result line %d: cannot parse '%.80s'", lineno, line);
	}
	if (!rc && !r->abi) {
		snprintf(err, errlen, "module result has no abi= line");
		rc = -EPROTO;
	}
	free(copy);
	if (rc)
		modresult__free(r);
	return rc;
}

int modresult__append(struct mod_result *acc, const struct mod_result *more)
{
	size_t i;

	if (acc->nsteps != more->nsteps)
		return -EPROTO;
	for (i = 0; i < acc->nsteps; i++) {
		struct mod_step *a = &acc->steps[i];
		const struct mod_step *b = &more->steps[i];

		if (strcmp(a->op, b->op) || a->old_size != b->old_size || a->new_size != b->new_size)
			return -EPROTO;
	}
	for (i = 0; i < acc->nsteps; i++) {
		struct mod_step *a = &acc->steps[i];
		const struct mod_step *b = &more->steps[i];
		uint64_t *s = realloc(a->samples, (a->nsamples + b->nsamples + 1) * sizeof(*s));

		if (!s)
			return -ENOMEM;
		memcpy(s + a->nsamples, b->samples, b->nsamples * sizeof(*s));
		a->samples = s;
		if (a->irqs && b->irqs) {	/* both passes said, or neither is kept */
			uint8_t *q = realloc(a->irqs, a->nsamples + b->nsamples + 1);

			if (!q)
				return -ENOMEM;
			memcpy(q + a->nirqs, b->irqs, b->nirqs);
			a->irqs = q;
			a->nirqs += b->nirqs;
		} else {
			free(a->irqs);
			a->irqs = NULL;
			a->nirqs = 0;
		}
		a->nsamples += b->nsamples;
		a->ops += b->ops;
		a->fail += b->fail;
		a->moved += b->moved;
		a->verify_errors += b->verify_errors;
		a->zero_errors += b->zero_errors;
		a->node_errors += b->node_errors;
		a->charge_errors += b->charge_errors;
		a->free_errors += b->free_errors;
	}
	acc->alloc_fail += more->alloc_fail;
	acc->drains += more->drains;
	acc->drain_ns += more->drain_ns;
	if (strcmp(more->status, "done"))
		snprintf(acc->status, sizeof(acc->status), "%s", more->status);
	return 0;
}

void modresult__free(struct mod_result *r)
{
	size_t i;

	for (i = 0; i < r->nsteps; i++) {
		free(r->steps[i].samples);
		free(r->steps[i].irqs);
	}
	free(r->steps);
	free(r->job);
	memset(r, 0, sizeof(*r));
}
