// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "counters.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct counter_def {
	const char *name;
	__u32 type;
	__u64 config;
	const char *unit;
};

static const struct counter_def defs[] = {
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, "ns" },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, "count" },
	{ "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, "count" },
	{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS, "count" },
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, "count" },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, "count" },
	{ "cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES, "count" },
	{ "dTLB-load-misses", PERF_TYPE_HW_CACHE,
	  PERF_COUNT_HW_CACHE_DTLB | (PERF_COUNT_HW_CACHE_OP_READ << 8) |
	  (PERF_COUNT_HW_CACHE_RESULT_MISS << 16), "count" },
};

#define NDEFS (sizeof(defs) / sizeof(defs[0]))

struct counters {
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	struct perf_evsel *evsel[NDEFS];
	int open_err[NDEFS];		/* -errno when it could not be opened */
	struct perf_counts_values val[NDEFS];
};

/* libperf's own chatter stays out of the result. */
static int quiet(enum libperf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

struct counters *counters__open(void)
{
	struct counters *c = calloc(1, sizeof(*c));
	size_t i;

	if (!c)
		abort();
	libperf_init(quiet);
	/* One counter for this thread on any CPU (a NULL map opens one per CPU). */
	c->cpus = perf_cpu_map__new_any_cpu();
	c->threads = perf_thread_map__new_dummy();
	if (c->threads)
		perf_thread_map__set_pid(c->threads, 0, 0);
	for (i = 0; i < NDEFS; i++) {
		struct perf_event_attr attr = {
			.type = defs[i].type,
			.config = defs[i].config,
			.size = sizeof(attr),
			.disabled = 1,
			.exclude_hv = 1,
			.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
				       PERF_FORMAT_TOTAL_TIME_RUNNING,
		};
		int err;

		c->evsel[i] = perf_evsel__new(&attr);
		if (!c->evsel[i] || !c->cpus || !c->threads) {
			c->open_err[i] = -ENOMEM;
			continue;
		}
		err = perf_evsel__open(c->evsel[i], c->cpus, c->threads);
		if (err) {
			c->open_err[i] = err < 0 ? err : -EINVAL;
			perf_evsel__delete(c->evsel[i]);
			c->evsel[i] = NULL;
		}
	}
	return c;
}

void counters__start(struct counters *c)
{
	size_t i;

	for (i = 0; i < NDEFS; i++)
		if (c->evsel[i])
			perf_evsel__enable(c->evsel[i]);
}

void counters__stop(struct counters *c)
{
	size_t i;

	for (i = 0; i < NDEFS; i++) {
		if (!c->evsel[i])
			continue;
		perf_evsel__disable(c->evsel[i]);
		if (perf_evsel__read(c->evsel[i], 0, 0, &c->val[i]))
			c->open_err[i] = -EIO;
	}
}

json_t *counters__json(const struct counters *c)
{
	json_t *o = json_object();
	char why[160];
	size_t i;

	for (i = 0; i < NDEFS; i++) {
		if (c->open_err[i]) {
			snprintf(why, sizeof(why), "%s (%s)", strerror(-c->open_err[i]),
				 c->open_err[i] == -ENOENT || c->open_err[i] == -EOPNOTSUPP ?
				 "no such event on this CPU/PMU" : "cannot open");
			json_object_set_new(o, defs[i].name, json_pack("{ss}", "unavailable", why));
			continue;
		}
		json_object_set_new(o, defs[i].name,
				    json_pack("{sIsssIsI}", "value", (json_int_t)c->val[i].val,
					      "unit", defs[i].unit,
					      "time_enabled_ns", (json_int_t)c->val[i].ena,
					      "time_running_ns", (json_int_t)c->val[i].run));
	}
	return o;
}

void counters__close(struct counters *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < NDEFS; i++) {
		if (c->evsel[i]) {
			perf_evsel__close(c->evsel[i]);
			perf_evsel__delete(c->evsel[i]);
		}
	}
	perf_cpu_map__put(c->cpus);
	perf_thread_map__put(c->threads);
	free(c);
}
