// SPDX-License-Identifier: GPL-2.0
/*
 * Job parsing: one "key=value ..." write into a struct vrb_job, then
 * vrb_job_check() (vrb_job_check.c) before the module allocates anything: a job
 * that parses can run.  The names it knows are in vrb_job_format.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/nodemask.h>
#include <linux/numa.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "vrb_abi.h"
#include "vrb_compat.h"
#include "vrb_job.h"
#include "vrb_job_internal.h"

/* "65536", "64K", "2M", "1G", "16p" (pages), "o4" (order 4 = 16 pages). */
static int parse_size(const char *key, const char *s, size_t *out)
{
	unsigned long long v;
	unsigned int shift = 0, order;
	char num[24];
	size_t len = strlen(s);

	if (s[0] == 'o') {
		if (kstrtouint(s + 1, 10, &order) || order > 30)
			goto fail;
		*out = PAGE_SIZE << order;
		return 0;
	}
	if (!len || len >= sizeof(num))
		goto fail;
	strscpy(num, s, sizeof(num));
	switch (num[len - 1]) {
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	case 'p':
		shift = PAGE_SHIFT;
		break;
	}
	if (shift)
		num[len - 1] = '\0';
	if (!isdigit(num[0]) || kstrtoull(num, 10, &v) || v > (SIZE_MAX >> shift))
		goto fail;
	*out = (size_t)v << shift;
	return 0;
fail:
	vrb_job_reject(key, "'%s' is not a size (bytes, K, M, G, Np pages or oN page order)", s);
	return -EINVAL;
}

static int parse_uint(const char *key, const char *s, unsigned long lo,
		      unsigned long hi, unsigned long *out)
{
	unsigned long v;

	if (!isdigit(s[0]) || kstrtoul(s, 10, &v) || v < lo || v > hi) {
		vrb_job_reject(key, "'%s' is not a whole number from %lu to %lu", s, lo, hi);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int parse_bool(const char *key, const char *s, bool *out)
{
	unsigned long v;
	int err = parse_uint(key, s, 0, 1, &v);

	if (!err)
		*out = v;
	return err;
}

static int parse_gfp(const char *key, const char *s, unsigned int *out)
{
	char buf[64], *p = buf, *w;
	unsigned int i, flags = 0;

	if (strscpy(buf, s, sizeof(buf)) < 0)
		goto fail;
	if (!strcmp(buf, "kernel")) {
		*out = 0;
		return 0;
	}
	while ((w = strsep(&p, "+"))) {
		for (i = 0; i < VRB_NR_GFP_WORDS; i++)
			if (!strcmp(w, vrb_gfp_names[i]))
				break;
		if (i == VRB_NR_GFP_WORDS)
			goto fail;
		flags |= 1U << i;
	}
	if ((flags & VRB_GFP_NOFS) && (flags & VRB_GFP_NOIO))
		goto fail;
	*out = flags;
	return 0;
fail:
	vrb_job_reject(key, "'%s': expected kernel, or account, zero, nofs, noio joined by '+'",
		       s);
	return -EINVAL;
}

static int parse_step(const char *s, struct vrb_job *job)
{
	unsigned long mul;

	if (s[0] == 'x') {
		if (parse_uint("step", s + 1, 2, 16, &mul))
			return -EINVAL;
		job->step_mul = mul;
		job->step_add = 0;
		return 0;
	}
	if (s[0] == '+' && !parse_size("step", s + 1, &job->step_add) && job->step_add) {
		job->step_mul = 0;
		return 0;
	}
	vrb_job_reject("step", "'%s': expected xN (multiply) or +SIZE (add)", s);
	return -EINVAL;
}

static int walk_size_at(const char *key, const char *w, struct vrb_job *job, unsigned int i)
{
	return parse_size(key, w, &job->walk[i]);
}

static int walk_gfp_at(const char *key, const char *w, struct vrb_job *job, unsigned int i)
{
	return parse_gfp(key, w, &job->walk_gfp[i]);
}

/*
 * A walk's comma list of at most VRB_MAX_WALK entries (sizes=, gfps=), entry i
 * parsed by at(); *n counts them.  what names the entries in the refusal.
 */
static int parse_walk_list(const char *key, const char *what, const char *s, struct vrb_job *job,
			   unsigned int *n,
			   int (*at)(const char *key, const char *w, struct vrb_job *job,
				     unsigned int i))
{
	char buf[256], *p = buf, *w;
	int err;

	if (strscpy(buf, s, sizeof(buf)) < 0) {
		vrb_job_reject(key, "list too long");
		return -EINVAL;
	}
	*n = 0;
	while ((w = strsep(&p, ","))) {
		if (*n == VRB_MAX_WALK) {
			vrb_job_reject(key, "at most %d %s", VRB_MAX_WALK, what);
			return -EINVAL;
		}
		err = at(key, w, job, (*n)++);
		if (err)
			return err;
	}
	return 0;
}

static int parse_pattern(const char *val, struct vrb_job *job)
{
	int i = match_string(vrb_pattern_names, VRB_NR_PATTERNS, val);

	if (i < 0) {
		vrb_job_reject("pattern",
			       "'%s': expected grow, shrink, regrow, pingpong, append, walk, edges",
			       val);
		return -EINVAL;
	}
	job->pattern = i;
	return 0;
}

static int parse_api(const char *val, struct vrb_job *job)
{
	if (!strcmp(val, "vrealloc"))
		job->api = VRB_API_VREALLOC;
	else if (!strcmp(val, "kvrealloc"))
		job->api = VRB_API_KVREALLOC;
	else
		return vrb_job_reject("api", "'%s': expected vrealloc or kvrealloc", val), -EINVAL;
	return 0;
}

static int parse_start(const char *val, struct vrb_job *job)
{
	if (!strcmp(val, "vmalloc"))
		job->start = VRB_START_VMALLOC;
	else if (!strcmp(val, "huge"))
		job->start = VRB_START_HUGE;
	else if (!strcmp(val, "user"))
		job->start = VRB_START_USER;
	else
		return vrb_job_reject("start", "'%s': expected vmalloc, huge or user", val),
		       -EINVAL;
	return 0;
}

static int parse_node(const char *key, const char *val, int *node)
{
	unsigned long v;
	int err;

	if (!strcmp(val, "-1") || !strcmp(val, "none")) {
		*node = NUMA_NO_NODE;
		return 0;
	}
	err = parse_uint(key, val, 0, MAX_NUMNODES - 1, &v);
	if (!err)
		*node = v;
	return err;
}

static int parse_uint32(const char *key, const char *val, unsigned long lo,
			unsigned long hi, unsigned int *out)
{
	unsigned long v;
	int err = parse_uint(key, val, lo, hi, &v);

	if (!err)
		*out = v;
	return err;
}

/*
 * One parse_key_NAME() per key of vrb_abi_table.h: the table below
 * is generated from that list, so a key declared there and not parsed here,
 * or parsed here and not declared there, does not build.
 */
static int parse_key_pattern(struct vrb_job *job, const char *key, const char *val)
{
	return parse_pattern(val, job);
}

static int parse_key_api(struct vrb_job *job, const char *key, const char *val)
{
	return parse_api(val, job);
}

static int parse_key_gfp(struct vrb_job *job, const char *key, const char *val)
{
	return parse_gfp(key, val, &job->gfp);
}

static int parse_key_start(struct vrb_job *job, const char *key, const char *val)
{
	return parse_start(val, job);
}

static int parse_key_node(struct vrb_job *job, const char *key, const char *val)
{
	return parse_node(key, val, &job->node);
}

static int parse_key_alloc_node(struct vrb_job *job, const char *key, const char *val)
{
	return parse_node(key, val, &job->alloc_node);
}

static int parse_key_thisnode(struct vrb_job *job, const char *key, const char *val)
{
	return parse_bool(key, val, &job->thisnode);
}

static int parse_key_from(struct vrb_job *job, const char *key, const char *val)
{
	return parse_size(key, val, &job->from);
}

static int parse_key_to(struct vrb_job *job, const char *key, const char *val)
{
	return parse_size(key, val, &job->to);
}

static int parse_key_step(struct vrb_job *job, const char *key, const char *val)
{
	return parse_step(val, job);
}

static int parse_key_elem(struct vrb_job *job, const char *key, const char *val)
{
	return parse_size(key, val, &job->elem);
}

static int parse_key_count(struct vrb_job *job, const char *key, const char *val)
{
	return parse_uint(key, val, 1, VRB_MAX_COUNT, &job->count);
}

static int parse_key_sizes(struct vrb_job *job, const char *key, const char *val)
{
	return parse_walk_list(key, "sizes", val, job, &job->nwalk, walk_size_at);
}

static int parse_key_gfps(struct vrb_job *job, const char *key, const char *val)
{
	/* one gfp (the words of gfp=) per size of sizes=, in order */
	return parse_walk_list(key, "entries, one per size", val, job, &job->nwalk_gfp,
			       walk_gfp_at);
}

static int parse_key_reps(struct vrb_job *job, const char *key, const char *val)
{
	return parse_uint32(key, val, 1, VRB_MAX_REPS, &job->reps);
}

static int parse_key_warmup(struct vrb_job *job, const char *key, const char *val)
{
	return parse_uint32(key, val, 0, VRB_MAX_WARMUP, &job->warmup);
}

static int parse_key_purpose(struct vrb_job *job, const char *key, const char *val)
{
	if (strcmp(val, "calibration"))
		return vrb_job_reject(key, "'%s': the only purpose is calibration", val), -EINVAL;
	job->calibration = true;
	return 0;
}

static int parse_key_calibrate_slowdown(struct vrb_job *job, const char *key, const char *val)
{
	return parse_uint32(key, val, 1, 1000, &job->slowdown);
}

static int parse_key_threads(struct vrb_job *job, const char *key, const char *val)
{
	if (!strcmp(val, "all")) {
		/* one runner per CPU, as many as a job may have */
		job->threads = min_t(unsigned int, num_online_cpus(), VRB_MAX_THREADS);
		return 0;
	}
	return parse_uint32(key, val, 1, VRB_MAX_THREADS, &job->threads);
}

static int parse_key_fill(struct vrb_job *job, const char *key, const char *val)
{
	return parse_bool(key, val, &job->fill);
}

static int parse_key_verify(struct vrb_job *job, const char *key, const char *val)
{
	return parse_bool(key, val, &job->verify);
}

static int parse_key_drain(struct vrb_job *job, const char *key, const char *val)
{
	return parse_bool(key, val, &job->drain);
}

static int parse_key_jitter(struct vrb_job *job, const char *key, const char *val)
{
	return parse_bool(key, val, &job->jitter);
}

static int parse_key_scatter(struct vrb_job *job, const char *key, const char *val)
{
	return parse_bool(key, val, &job->scatter);
}

struct vrb_job_key {
	const char *name;
	int (*parse)(struct vrb_job *job, const char *key, const char *val);
	unsigned int since;	/* the abi that brought it */
};

static const struct vrb_job_key vrb_job_keys[] = {
#define VRB_JOB_KEY(name, since) { #name, parse_key_##name, since },
#include "vrb_abi_table.h"
};

static int parse_key(struct vrb_job *job, const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vrb_job_keys); i++)
		if (!strcmp(key, vrb_job_keys[i].name))
			return vrb_job_keys[i].parse(job, key, val);
	vrb_job_reject(key, "unknown key");
	return -EINVAL;
}

static void job_defaults(struct vrb_job *job)
{
	memset(job, 0, sizeof(*job));
	job->pattern = VRB_GROW;
	job->api = VRB_HAVE_VREALLOC_EXPORT ? VRB_API_VREALLOC : VRB_API_KVREALLOC;
	job->node = NUMA_NO_NODE;
	job->alloc_node = VRB_NODE_AS_NODE;
	job->step_mul = 2;
	job->elem = 24;
	job->count = 1000;
	job->walk[0] = 256 * 1024;
	job->walk[1] = 16 * 1024;
	job->nwalk = 2;
	job->reps = 1;
	job->threads = 1;
	job->fill = true;
	job->verify = true;
	job->drain = true;
	job->jitter = true;
	job->scatter = true;
}

/* Sizes not given take the pattern's own defaults: a shrink starts big. */
static void default_sizes(struct vrb_job *job, bool have_from, bool have_to)
{
	bool big_first = job->pattern != VRB_GROW;
	size_t big = job->pattern == VRB_SHRINK ? PAGE_SIZE << 10 : 256 * 1024;
	size_t small = job->pattern == VRB_SHRINK || job->pattern == VRB_GROW ?
		       PAGE_SIZE : 16 * 1024;

	if (job->pattern == VRB_GROW)
		big = PAGE_SIZE << 10;
	if (!have_from)
		job->from = big_first ? big : small;
	if (!have_to)
		job->to = big_first ? small : big;
}

int vrb_job_parse(char *buf, struct vrb_job *job, size_t max_bytes)
{
	bool any = false, have_from = false, have_to = false;
	char *p = buf, *tok, *eq;
	int err;

	job_defaults(job);
	while ((tok = strsep(&p, " \t\n"))) {
		if (!*tok)
			continue;
		eq = strchr(tok, '=');
		if (!eq || eq == tok) {
			vrb_job_reject(tok, "expected key=value");
			return -EINVAL;
		}
		*eq = '\0';
		if (!eq[1]) {
			vrb_job_reject(tok, "missing value");
			return -EINVAL;
		}
		err = parse_key(job, tok, eq + 1);
		if (err)
			return err;
		have_from |= !strcmp(tok, "from");
		have_to |= !strcmp(tok, "to");
		any = true;
	}
	if (!any) {
		pr_info_ratelimited("job: empty\n");
		return -EINVAL;
	}
	default_sizes(job, have_from, have_to);
	if (job->alloc_node == VRB_NODE_AS_NODE)
		job->alloc_node = job->node;
	return vrb_job_check(job, max_bytes);
}

