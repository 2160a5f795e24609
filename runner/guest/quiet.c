// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "quiet.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct knob {
	const char *name, *path, *value;
} knobs[] = {
	/* kdamond.0 samples page tables every few ms: +1.5 ms on whichever call */
	{ "damon_stat", "/sys/module/damon_stat/parameters/enabled", "N" },
	/* kcompactd wakes to compact proactively */
	{ "compaction_proactiveness", "/proc/sys/vm/compaction_proactiveness", "0" },
	/* vmstat_update every second on every CPU */
	{ "stat_interval", "/proc/sys/vm/stat_interval", "3600" },
};

static char *read_line(const char *path)
{
	char *text = NULL, *nl;

	if (vrb_read_file(path, &text, NULL))
		return NULL;
	nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	return text;
}

json_t *quiet__apply(void)
{
	json_t *done = json_object();
	size_t i;

	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		char *old = read_line(knobs[i].path);
		FILE *f;

		if (!old)
			continue;	/* this kernel has no such knob */
		if (strcmp(old, knobs[i].value)) {
			f = fopen(knobs[i].path, "w");
			if (!f || fputs(knobs[i].value, f) < 0 || fclose(f)) {
				json_object_set_new(done, knobs[i].name,
						    json_string("could not be changed"));
				free(old);
				continue;
			}
		}
		json_object_set_new(done, knobs[i].name,
				    json_sprintf("%s -> %s", old, knobs[i].value));
		free(old);
	}
	return done;
}
