// SPDX-License-Identifier: GPL-2.0
/* One run's result file: the guest's JSON, validated, with the host's facts. */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "results.h"
#include "run_keep.h"
#include "util.h"

static void augment(json_t *root, const struct run_plan *p, const struct kernel_info *ki,
		    int run, const char *accel)
{
	json_t *kernel = json_object_get(root, "kernel");
	struct utsname u;

	uname(&u);
	json_object_set_new(kernel, "name", json_string(ki->name));
	json_object_set_new(kernel, "abi", json_string(ki->abi));
	json_object_set_new(kernel, "cc", json_string(ki->cc ? ki->cc : ""));
	json_object_set_new(kernel, "packages", kernel__packages_json(ki));
	kernel__pin_json(kernel, ki);
	json_object_set_new(root, "target", p->target == TARGET_VM ?
		json_pack("{sssssisisiss}", "kind", "vm", "accel", accel, "cpus", p->vm.cpus,
			  "nodes", p->vm.nodes, "mem_mb", p->vm.mem_mb ? p->vm.mem_mb : 1024 * p->vm.nodes,
			  "clock", p->vm.icount && !strcmp(accel, "tcg") ? "icount" : "real") :
		json_pack("{ss}", "kind", "native"));
	if (p->vm.lava) {	/* booted by LAVA (lava.c, cmd_lava.c) */
		json_t *lava = json_pack("{ssss}", "device", p->lava_device ? p->lava_device :
					 "config/lava/qemu-tcg.yaml", "worker",
					 p->lava_worker ? p->lava_worker : u.nodename);

		if (p->lava_job_id)
			json_object_set_new(lava, "job", json_string(p->lava_job_id));
		json_object_update_new(json_object_get(root, "target"),
				       json_pack("{ssso}", "engine", "lava", "lava", lava));
	}
	json_object_set_new(root, "run", json_pack("{sssisi}", "session", p->stamp, "index", run,
						   "of", p->runs));
	json_object_set_new(root, "host", json_pack("{ssss}", "release", u.release,
						    "machine", u.machine));
}

int run_plan__keep(const struct run_plan *p, const struct kernel_info *ki, int run,
		   const char *accel, const char *data, size_t len)
{
	char why[512], *path;
	json_error_t je;
	json_t *root = json_loadb(data, len, 0, &je);
	int err;

	if (!root || results__validate(root, why, sizeof(why))) {
		vrb_err("kernel '%s' run %d: the guest's result is not valid: %s", ki->name, run,
			root ? why : je.text);
		json_decref(root);
		return -EPROTO;
	}
	augment(root, p, ki, run, accel);
	path = vrb_fmt("%s/%s-%s-run%d.json", p->out_dir, p->stamp, ki->name, run);
	err = results__write(path, root);
	if (err)
		vrb_err("cannot write %s: %s", path, strerror(-err));
	else
		printf("%s\n", path);
	fflush(stdout);
	free(path);
	json_decref(root);
	return err;
}

