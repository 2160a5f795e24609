// SPDX-License-Identifier: GPL-2.0
/* vrbench info: what this host offers for measuring. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "catalogue.h"
#include "cli.h"
#include "commands.h"
#include "kernel.h"
#include "target.h"
#include "topology.h"
#include "util.h"

static void print_accel(void)
{
	char *path = vrb_fmt("%s/accel", vrb_cache()), *seen = NULL;
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		printf("accelerator:   tcg (no usable /dev/kvm)\n");
	} else {
		close(fd);
		if (vrb_read_file(path, &seen, NULL) == 0)
			printf("accelerator:   %s (probe: %s)\n", strstr(seen, " kvm") ? "kvm" : "tcg",
			       strstr(seen, " kvm") ? "KVM guests boot" : "KVM guests do not boot");
		else
			printf("accelerator:   /dev/kvm present, not probed yet (the first boot probes)\n");
	}
	free(seen);
	free(path);
}

/* Nodes, CPUs and memory per node, as hwloc sees them (what binding uses). */
static void print_topology(void)
{
	struct topology *t = topology__load();
	json_t *j, *node;
	size_t i;

	if (!t)
		return;
	j = topology__json(t);
	printf("cpu:           %s, %lld CPUs\n", json_string_value(json_object_get(j, "cpu_model")),
	       json_integer_value(json_object_get(j, "cpus")));
	json_array_foreach(json_object_get(j, "nodes"), i, node)
		printf("node %lld:        CPUs %s, %.1f GiB\n",
		       json_integer_value(json_object_get(node, "os_index")),
		       json_string_value(json_object_get(node, "cpus")),
		       json_integer_value(json_object_get(node, "memory_bytes")) / 1073741824.0);
	json_decref(j);
	topology__free(t);
}

/* What the module reports, when it is loaded here (natively or in a guest). */
static void print_module(void)
{
	char *info = NULL, *p, *line;

	if (vrb_read_file("/sys/kernel/debug/vrealloc_bench/info", &info, NULL)) {
		printf("module:        not loaded here (`vrbench vm --kernel NAME -- vrbench info` "
		       "shows it in a guest)\n");
		return;
	}
	printf("module:\n");
	for (p = info; (line = strsep(&p, "\n"));)
		if (*line)
			printf("  %s\n", line);
	free(info);
}

int cmd_info(int argc, char **argv)
{
	struct catalogue *cat;
	struct kernel_info ki;
	struct utsname u;
	char why[256];
	size_t i;

	(void)argv;
	if (argc > 1) {
		printf("usage: vrbench info\n\nThis machine: kernel, topology (nodes, CPUs, memory per node),\n"
		       "what the module reports when loaded, targets, accelerator, cache, kernels.\n");
		return strcmp(argv[1], "--help") ? VRB_EXIT_USAGE : 0;
	}
	uname(&u);
	printf("kernel:        %s %s\n", u.release, u.machine);
	print_topology();
	print_module();
	if (target__native_available(why, sizeof(why)))
		printf("native target: available\n");
	else
		printf("native target: unavailable: %s; the VM target is used\n", why);
	print_accel();
	printf("cache:         %s\n", vrb_cache());
	if (!vrb_exists(catalogue__default_path())) {	/* e.g. inside a guest */
		printf("kernels:       no catalogue here (%s)\n", catalogue__default_path());
		return 0;
	}
	cat = cli__load_catalogue();
	if (!cat)
		return VRB_EXIT_USAGE;
	printf("kernels:       %s\n", catalogue__default_path());
	for (i = 0; i < catalogue__count(cat); i++) {
		const struct kernel_entry *e = catalogue__get(cat, i);

		if (kernel__cached(e, &ki) == 0) {
			printf("  %-8s %s (%s)\n", e->name, ki.release, ki.abi);
			kernel_info__free(&ki);
		} else {
			printf("  %-8s not fetched\n", e->name);
		}
	}
	catalogue__free(cat);
	return 0;
}
