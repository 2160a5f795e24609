// SPDX-License-Identifier: GPL-2.0
/* vrbench validate FILE...: check result files against the schema. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "results.h"
#include "util.h"

int cmd_validate(int argc, char **argv)
{
	char err[1024];
	json_t *root;
	int i, bad = 0;

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout,
			"usage: vrbench validate FILE...\n\nCheck result files against results/SCHEMA.md "
			"(version %d).\nExit: 0 all valid, 1 some invalid (each named).\n",
			RESULTS_SCHEMA_VERSION);
		return argc < 2 ? VRB_EXIT_USAGE : 0;
	}
	for (i = 1; i < argc; i++) {
		if (results__load(argv[i], &root, err, sizeof(err))) {
			vrb_err("%s", err);
			bad++;
			continue;
		}
		printf("%s: valid (schema %d, kernel %s, %zu cells)\n", argv[i],
		       RESULTS_SCHEMA_VERSION,
		       json_string_value(json_object_get(json_object_get(root, "kernel"), "release")),
		       json_array_size(json_object_get(root, "cells")));
		json_decref(root);
	}
	return bad ? 1 : 0;
}
