// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "bench.h"
#include "inifile.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The module's job keys (kmod/ABI.md): anything else in a cell is a typo. */
/* Exactly the keys the module parses: its own table (kmod/vrb_abi_table.h). */
static const char *const job_keys[] = {
#define VRB_JOB_KEY(name, since) #name,
#include "kmod/vrb_abi_table.h"
	NULL,
};

struct parse {
	struct bench *b;
	char *suite_reps;	/* [suite] reps/warmup: defaults for every cell */
	char *suite_warmup;
};

static bool is_job_key(const char *k)
{
	int i;

	for (i = 0; job_keys[i]; i++)
		if (!strcmp(job_keys[i], k))
			return true;
	return false;
}

static int parse_node(const char *v, int *out)
{
	char *end;
	long n;

	if (!strcmp(v, "any")) {
		*out = BENCH_NODE_ANY;
		return 0;
	}
	if (!strcmp(v, "each")) {
		*out = BENCH_NODE_EACH;
		return 0;
	}
	n = strtol(v, &end, 10);
	if (end == v || *end || n < 0 || n > 1023)
		return -EINVAL;
	*out = (int)n;
	return 0;
}

static struct bench_cell *cell_for(struct bench *b, const char *section, int line)
{
	struct bench_cell *c;
	size_t i;

	if (b->ncells && !strcmp(b->cells[b->ncells - 1].name, section))
		return &b->cells[b->ncells - 1];
	for (i = 0; i < b->ncells; i++)
		if (!strcmp(b->cells[i].name, section))
			return NULL;
	b->cells = realloc(b->cells, (b->ncells + 1) * sizeof(*b->cells));
	if (!b->cells)
		abort();
	c = &b->cells[b->ncells++];
	memset(c, 0, sizeof(*c));
	c->name = strdup(section);
	c->job = strdup("");
	c->cpu_node = c->mem_node = BENCH_NODE_ANY;
	c->line = line;
	return c;
}

static void job_add(struct bench_cell *c, const char *k, const char *v)
{
	char *j = vrb_fmt("%s%s%s=%s", c->job, *c->job ? " " : "", k, v);

	free(c->job);
	c->job = j;
	if (!strcmp(k, "pattern")) {
		c->walk = !strcmp(v, "walk");
		c->once = c->walk || !strcmp(v, "edges");
	}
}

static int suite_key(struct inifile *ini, struct parse *p, const char *k, const char *v)
{
	if (!strcmp(k, "name")) {
		free(p->b->name);
		p->b->name = strdup(v);
	} else if (!strcmp(k, "reps")) {
		free(p->suite_reps);
		p->suite_reps = strdup(v);
	} else if (!strcmp(k, "warmup")) {
		free(p->suite_warmup);
		p->suite_warmup = strdup(v);
	} else if (!strcmp(k, "cmdline")) {
		/* words of key=value or flags: nothing a shell or QEMU's -append would read twice */
		if (!*v || v[strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=.,- ")])
			return inifile__fail(ini, "[suite] cmdline '%s': kernel parameters (letters, digits, _=.,-) separated by blanks", v);
		free(p->b->cmdline);
		p->b->cmdline = strdup(v);
	} else if (strcmp(k, "description")) {
		return inifile__fail(ini, "[suite] unknown key '%s' (known: name, description, reps, warmup, cmdline)", k);
	}
	return 1;
}

static int on_key(struct inifile *ini, const char *section, const char *k, const char *v)
{
	struct parse *p = ini->user;
	struct bench_cell *c;

	if (!*section)
		return inifile__fail(ini, "'%s' stands outside any [cell] section", k);
	if (!*v)
		return inifile__fail(ini, "[%s] %s has no value", section, k);
	if (!strcmp(section, "suite"))
		return suite_key(ini, p, k, v);
	c = cell_for(p->b, section, ini->line);
	if (!c)
		return inifile__fail(ini, "cell [%s] is defined twice", section);
	if (!strcmp(k, "cpu_node") || !strcmp(k, "mem_node")) {
		if (parse_node(v, !strcmp(k, "cpu_node") ? &c->cpu_node : &c->mem_node))
			return inifile__fail(ini, "[%s] %s = '%s': expected a node number, any or each",
					     section, k, v);
		return 1;
	}
	if (!strcmp(k, "description"))
		return 1;
	if (!is_job_key(k))
		return inifile__fail(ini, "[%s] unknown key '%s' (a job key of kmod/ABI.md, cpu_node, mem_node or description)",
				     section, k);
	if (strchr(v, ' ') || strchr(v, '\t'))
		return inifile__fail(ini, "[%s] %s = '%s': values have no blanks", section, k, v);
	job_add(c, k, v);
	return 1;
}

/*
 * Remove key=value from a cell's job; its value, or NULL.  A walk's reps is the
 * runner's: the module runs a walk once, a step per trigger, so the runner
 * walks it again for more samples per step (cmd_measure); edges, which the
 * module runs once too, likewise.
 */
static char *job_take(struct bench_cell *c, const char *k)
{
	char *copy = strdup(c->job), *tok, *save = NULL, *val = NULL, *rest = strdup("");
	size_t kl = strlen(k);

	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (!strncmp(tok, k, kl) && tok[kl] == '=') {
			free(val);
			val = strdup(tok + kl + 1);
		} else {
			char *r = vrb_fmt("%s%s%s", rest, *rest ? " " : "", tok);

			free(rest);
			rest = r;
		}
	}
	free(copy);
	free(c->job);
	c->job = rest;
	return val;
}

/* Suite-wide reps/warmup go to every cell that does not set its own. */
static int apply_suite_defaults(struct parse *p, const char *origin, char *err, size_t len)
{
	struct bench_cell *c;
	size_t i;

	for (i = 0; i < p->b->ncells; i++) {
		c = &p->b->cells[i];
		c->passes = 1;
		if (c->once) {
			char *v = job_take(c, "reps"), *end;
			const char *use = v ? v : p->suite_reps;
			long n = use ? strtol(use, &end, 10) : 1;

			if (use && (end == use || *end || n < 1 || n > 100)) {
				snprintf(err, len, "%s: [%s] reps = '%s': a%s repeats 1 to 100 times",
					 origin, c->name, use, c->walk ? " walk" : "n edges cell");
				free(v);
				return -EINVAL;
			}
			c->passes = (int)n;
			free(v);
		}
		if (p->suite_reps && !c->once && !strstr(c->job, "reps="))
			job_add(c, "reps", p->suite_reps);
		if (p->suite_warmup && !c->once && !strstr(c->job, "warmup="))
			job_add(c, "warmup", p->suite_warmup);
	}
	return 0;
}

int bench__parse(const char *text, const char *origin, struct bench *b, char *err, size_t len)
{
	struct parse p = { .b = b };
	int rc;

	memset(b, 0, sizeof(*b));
	rc = inifile__parse(text, origin, on_key, &p, err, len);
	if (!rc && !b->ncells) {
		snprintf(err, len, "%s: defines no cells", origin);
		rc = -EINVAL;
	}
	if (!rc)
		rc = apply_suite_defaults(&p, origin, err, len);
	free(p.suite_reps);
	free(p.suite_warmup);
	if (rc) {
		bench__free(b);
		return rc;
	}
	if (!b->name)
		b->name = strdup("unnamed");
	b->origin = strdup(origin);
	b->text = strdup(text);
	b->hash = vrb_fnv1a64(text);
	return 0;
}

int bench__load(const char *path, struct bench *b, char *err, size_t len)
{
	char *text;
	int rc;

	if (!path)
		return bench__parse(bench_default_ini, "(built-in default)", b, err, len);
	rc = vrb_read_file(path, &text, NULL);
	if (rc) {
		snprintf(err, len, "%s: cannot read: %s", path, strerror(-rc));
		return rc;
	}
	rc = bench__parse(text, path, b, err, len);
	free(text);
	return rc;
}

static void add_expanded(struct bench_cell **out, size_t *n, const struct bench_cell *c,
			 int cpu, int mem)
{
	struct bench_cell *d;

	*out = realloc(*out, (*n + 1) * sizeof(**out));
	if (!*out)
		abort();
	d = &(*out)[(*n)++];
	*d = *c;
	d->cpu_node = cpu;
	d->mem_node = mem;
	d->job = strdup(c->job);
	if (c->cpu_node == BENCH_NODE_EACH || c->mem_node == BENCH_NODE_EACH)
		d->name = vrb_fmt("%s@cpu%d-mem%d", c->name, cpu, mem);
	else
		d->name = strdup(c->name);
}

void bench__expand(struct bench *b, int nnodes)
{
	struct bench_cell *out = NULL;
	size_t n = 0, i;
	int cpu, mem;

	for (i = 0; i < b->ncells; i++) {
		const struct bench_cell *c = &b->cells[i];
		int c0 = c->cpu_node == BENCH_NODE_EACH ? 0 : c->cpu_node;
		int c1 = c->cpu_node == BENCH_NODE_EACH ? nnodes - 1 : c->cpu_node;
		int m0 = c->mem_node == BENCH_NODE_EACH ? 0 : c->mem_node;
		int m1 = c->mem_node == BENCH_NODE_EACH ? nnodes - 1 : c->mem_node;

		for (cpu = c0; cpu <= c1; cpu++)
			for (mem = m0; mem <= m1; mem++)
				add_expanded(&out, &n, c, cpu, mem);
	}
	for (i = 0; i < b->ncells; i++) {
		free(b->cells[i].name);
		free(b->cells[i].job);
	}
	free(b->cells);
	b->cells = out;
	b->ncells = n;
}

void bench__free(struct bench *b)
{
	size_t i;

	for (i = 0; i < b->ncells; i++) {
		free(b->cells[i].name);
		free(b->cells[i].job);
	}
	free(b->cells);
	free(b->name);
	free(b->cmdline);
	free(b->origin);
	free(b->text);
	memset(b, 0, sizeof(*b));
}
