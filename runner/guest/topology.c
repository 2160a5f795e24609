// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "topology.h"
#include "util.h"

#include <errno.h>
#include <hwloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct topology {
	hwloc_topology_t topo;
};

struct topology *topology__load(void)
{
	struct topology *t = calloc(1, sizeof(*t));

	if (!t)
		abort();
	if (hwloc_topology_init(&t->topo) || hwloc_topology_load(t->topo)) {
		vrb_err("hwloc cannot read this machine's topology");
		free(t);
		return NULL;
	}
	return t;
}

void topology__free(struct topology *t)
{
	if (!t)
		return;
	hwloc_topology_destroy(t->topo);
	free(t);
}

int topology__nnodes(const struct topology *t)
{
	int n = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_NUMANODE);

	return n > 0 ? n : 1;
}

static char *cpu_model(void)
{
	char *info = NULL, *p, *eol, *model;

	if (vrb_read_file("/proc/cpuinfo", &info, NULL))
		return strdup("unknown");
	p = strstr(info, "model name");
	p = p ? strchr(p, ':') : NULL;
	if (!p) {
		free(info);
		return strdup("unknown");
	}
	p += 2;
	eol = strchr(p, '\n');
	model = strndup(p, eol ? (size_t)(eol - p) : strlen(p));
	free(info);
	return model;
}

static json_t *bitmap_json(hwloc_const_bitmap_t b)
{
	char *s = NULL;
	json_t *j;

	hwloc_bitmap_list_asprintf(&s, b);
	j = json_string(s ? s : "");
	free(s);
	return j;
}

json_t *topology__json(const struct topology *t)
{
	json_t *nodes = json_array(), *o;
	char *model = cpu_model();
	int i, n = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_NUMANODE);

	for (i = 0; i < n; i++) {
		hwloc_obj_t node = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, i);

		json_array_append_new(nodes, json_pack("{sIsosI}", "os_index", (json_int_t)node->os_index,
						       "cpus", bitmap_json(node->cpuset), "memory_bytes",
						       (json_int_t)node->attr->numanode.local_memory));
	}
	o = json_pack("{sssIso}", "cpu_model", model, "cpus",
		      (json_int_t)hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PU), "nodes", nodes);
	free(model);
	return o;
}

static const char *policy_name(hwloc_membind_policy_t p)
{
	switch (p) {
	case HWLOC_MEMBIND_DEFAULT: return "default";
	case HWLOC_MEMBIND_FIRSTTOUCH: return "firsttouch";
	case HWLOC_MEMBIND_BIND: return "bind";
	case HWLOC_MEMBIND_INTERLEAVE: return "interleave";
	case HWLOC_MEMBIND_NEXTTOUCH: return "nexttouch";
	default: return "mixed";
	}
}

/* What the thread actually got, read back from the kernel. */
static json_t *current_binding(struct topology *t, int cpu_node, int mem_node)
{
	hwloc_bitmap_t cpus = hwloc_bitmap_alloc(), mems = hwloc_bitmap_alloc();
	hwloc_membind_policy_t policy = HWLOC_MEMBIND_DEFAULT;
	json_t *o;

	hwloc_get_cpubind(t->topo, cpus, HWLOC_CPUBIND_THREAD);
	hwloc_get_membind(t->topo, mems, &policy, HWLOC_MEMBIND_THREAD | HWLOC_MEMBIND_BYNODESET);
	o = json_pack("{soso sososs}",
		      "cpu_node", cpu_node < 0 ? json_null() : json_integer(cpu_node),
		      "mem_node", mem_node < 0 ? json_null() : json_integer(mem_node),
		      "cpuset", bitmap_json(cpus), "nodeset", bitmap_json(mems),
		      "mem_policy", policy_name(policy));
	hwloc_bitmap_free(cpus);
	hwloc_bitmap_free(mems);
	return o;
}

int topology__bind(struct topology *t, int cpu_node, int mem_node, json_t **binding)
{
	hwloc_obj_t node;
	int err = 0;

	if (cpu_node >= 0) {
		node = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, cpu_node);
		if (!node)
			err = -ENODEV;
		else if (hwloc_set_cpubind(t->topo, node->cpuset,
					   HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT))
			err = -errno;
	}
	if (!err && mem_node >= 0) {
		node = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, mem_node);
		if (!node)
			err = -ENODEV;
		else if (hwloc_set_membind(t->topo, node->nodeset, HWLOC_MEMBIND_BIND,
					   HWLOC_MEMBIND_THREAD | HWLOC_MEMBIND_BYNODESET |
					   HWLOC_MEMBIND_STRICT))
			err = -errno;
	}
	*binding = current_binding(t, cpu_node, mem_node);
	if (err)
		json_object_set_new(*binding, "error", json_string(strerror(-err)));
	return err;
}

void topology__unbind(struct topology *t)
{
	hwloc_obj_t root = hwloc_get_root_obj(t->topo);

	hwloc_set_cpubind(t->topo, root->cpuset, HWLOC_CPUBIND_THREAD);
	hwloc_set_membind(t->topo, root->nodeset, HWLOC_MEMBIND_DEFAULT,
			  HWLOC_MEMBIND_THREAD | HWLOC_MEMBIND_BYNODESET);
}
