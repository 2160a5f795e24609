/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Result files: JSON, one per run (one kernel, one boot or module load),
 * versioned (results/SCHEMA.md), written through a temporary name.
 */
#ifndef VRB_RESULTS_H
#define VRB_RESULTS_H

#include <jansson.h>
#include <stddef.h>

#include "modresult.h"

#define RESULTS_SCHEMA "vrbench-result"
#define RESULTS_SCHEMA_VERSION 1

/* A module step as JSON: its counts, memory, raw samples and their summary. */
json_t *results__step(const struct mod_step *st);
/* Write atomically: a crash leaves the old file or the new one, never half. */
int results__write(const char *path, json_t *root);
/* Load and validate; on error a message naming the file and what is wrong. */
int results__load(const char *path, json_t **root, char *err, size_t len);
/* Check the schema: required members and their types. 0 or -EINVAL. */
int results__validate(json_t *root, char *err, size_t len);

#endif
