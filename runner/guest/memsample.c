// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "memsample.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CGROOT "/sys/fs/cgroup"

static char cg_path[PATH_MAX];

static int write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!f)
		return -errno;
	if (fputs(s, f) < 0)
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

int memsample__cgroup_enter(void)
{
	char procs[PATH_MAX + 16];
	int err;

	/* The root may refuse (it does under a container); a child still works then. */
	write_str(CGROOT "/cgroup.subtree_control", "+memory");
	snprintf(cg_path, sizeof(cg_path), CGROOT "/vrbench.%d", (int)getpid());
	if (mkdir(cg_path, 0755) && errno != EEXIST) {
		err = -errno;
		cg_path[0] = '\0';
		return err;
	}
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg_path);
	err = write_str(procs, "0");
	if (err)
		memsample__cgroup_leave();
	return err;
}

void memsample__cgroup_leave(void)
{
	char procs[PATH_MAX + 16];

	if (!cg_path[0])
		return;
	snprintf(procs, sizeof(procs), "%s", CGROOT "/cgroup.procs");
	write_str(procs, "0");
	rmdir(cg_path);
	cg_path[0] = '\0';
}

const char *memsample__cgroup_path(void)
{
	return cg_path[0] ? cg_path : NULL;
}

/* "key value" (or "key: value kB") in a file: the value, or -1. */
static long long read_key(const char *path, const char *key)
{
	size_t klen = strlen(key);
	char line[512];
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) || (line[klen] != ' ' && line[klen] != ':'))
			continue;
		v = strtoll(line + klen + 1 + (line[klen] == ':'), NULL, 10);
		break;
	}
	fclose(f);
	return v;
}

/* A file holding one number (memory.current). */
static long long read_number(const char *path)
{
	char *buf = NULL;
	long long v = -1;

	if (vrb_read_file(path, &buf, NULL) == 0)
		v = strtoll(buf, NULL, 10);
	free(buf);
	return v;
}

/* Areas made by the module, directly or through (kv)realloc on its behalf. */
static void vmallocinfo(long long *pages, long long *areas)
{
	FILE *f = fopen("/proc/vmallocinfo", "r");
	char line[1024], *p;

	*pages = *areas = -1;
	if (!f)
		return;
	*pages = *areas = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "[vrealloc_bench]") && !strstr(line, " vrealloc") &&
		    !strstr(line, " kvrealloc"))
			continue;
		(*areas)++;
		p = strstr(line, "pages=");
		if (p)
			*pages += strtoll(p + 6, NULL, 10);
	}
	fclose(f);
}

static json_t *num_or_null(long long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

json_t *memsample__take(void)
{
	long long memcg_vmalloc = -1, memcg_current = -1, pages, areas;
	char path[PATH_MAX + 32];

	if (cg_path[0]) {
		snprintf(path, sizeof(path), "%s/memory.stat", cg_path);
		memcg_vmalloc = read_key(path, "vmalloc");
		snprintf(path, sizeof(path), "%s/memory.current", cg_path);
		memcg_current = read_number(path);
	}
	vmallocinfo(&pages, &areas);
	return json_pack("{sosososososo}",
			 "memcg_vmalloc_bytes", num_or_null(memcg_vmalloc),
			 "memcg_current_bytes", num_or_null(memcg_current),
			 "vmalloc_used_kb", num_or_null(read_key("/proc/meminfo", "VmallocUsed")),
			 "nr_vmalloc", num_or_null(read_key("/proc/vmstat", "nr_vmalloc")),
			 "vmallocinfo_pages", num_or_null(pages),
			 "vmallocinfo_areas", num_or_null(areas));
}
