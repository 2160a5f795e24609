/* SPDX-License-Identifier: GPL-2.0 */
/* The machine as hwloc sees it, and binding the writer thread to a node. */
#ifndef VRB_TOPOLOGY_H
#define VRB_TOPOLOGY_H

#include <jansson.h>

struct topology;

struct topology *topology__load(void);
void topology__free(struct topology *t);
int topology__nnodes(const struct topology *t);
/* {"cpu_model", "cpus", "nodes": [{"os_index", "cpus", "memory_bytes"}]} */
json_t *topology__json(const struct topology *t);
/*
 * Bind this thread's CPUs and memory policy (strict) to the nodes given by
 * index (-1: leave unbound).  Returns 0 or -errno, and describes what the
 * thread got (cpuset, nodeset, policy) in *binding.
 */
int topology__bind(struct topology *t, int cpu_node, int mem_node, json_t **binding);
/* Back to the whole machine and the default memory policy. */
void topology__unbind(struct topology *t);

#endif
