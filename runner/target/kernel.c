// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "kernel.h"
#include "util.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int on_ini(void *user, const char *section, const char *key, const char *value)
{
	struct kernel_info *ki = user;
	char **slot = NULL;

	if (strcmp(section, "kernel"))
		return 1;
	if (!strcmp(key, "abi"))
		slot = &ki->abi;
	else if (!strcmp(key, "release"))
		slot = &ki->release;
	else if (!strcmp(key, "build"))
		slot = &ki->build;
	else if (!strcmp(key, "cc"))
		slot = &ki->cc;
	if (slot) {
		free(*slot);
		*slot = strdup(value);
	}
	return 1;
}

/* Fill ki from a complete kernel directory. */
static int load_dir(const char *name, const char *dir, struct kernel_info *ki)
{
	char *ini = vrb_fmt("%s/kernel.ini", dir);
	char *done = vrb_fmt("%s/.complete", dir);
	int err = 0;

	memset(ki, 0, sizeof(*ki));
	if (!vrb_exists(done) || ini_parse(ini, on_ini, ki) || !ki->abi || !ki->release ||
	    !ki->build) {
		err = -ENOENT;
		goto out;
	}
	ki->name = strdup(name);
	ki->dir = strdup(dir);
	ki->vmlinuz = vrb_fmt("%s/vmlinuz", dir);
out:
	free(ini);
	free(done);
	if (err)
		kernel_info__free(ki);
	return err;
}

int kernel__cached(const struct kernel_entry *e, struct kernel_info *ki)
{
	char *abi = NULL, *dir = NULL;
	int err = -ENOENT;

	memset(ki, 0, sizeof(*ki));
	if (e->source == KSRC_LOCAL || e->source == KSRC_BUILD) {
		dir = vrb_fmt("%s/kernels/local-%s", vrb_cache(), e->name);
		err = load_dir(e->name, dir, ki);
	} else if ((abi = catalogue__pinned_abi(e->name))) {
		dir = vrb_fmt("%s/kernels/%s", vrb_cache(), abi);
		err = load_dir(e->name, dir, ki);
	}
	free(abi);
	free(dir);
	return err;
}

int kernel__fetch(const struct kernel_entry *e, const char *pin, struct kernel_info *ki)
{
	char *script, *mode = NULL, *dir = NULL;
	int rc;

	memset(ki, 0, sizeof(*ki));
	if (e->source == KSRC_LOCAL) {
		script = vrb_fmt("%s/scripts/kernel-local.sh", vrb_root());
		rc = vrb_run((char *[]){ script, e->name, e->vmlinuz, e->build, NULL }, &dir);
	} else if (e->source == KSRC_BUILD) {
		/* make decides: a full build once, seconds when nothing changed */
		script = vrb_fmt("%s/scripts/kernel-build.sh", vrb_root());
		rc = vrb_run((char *[]){ script, e->name, e->series,
					 e->fragments ? e->fragments : "",
					 e->patches ? e->patches : "", NULL }, &dir);
	} else {
		script = vrb_fmt("%s/scripts/kernel-fetch.sh", vrb_root());
		if (pin)
			mode = strcmp(pin, "refresh") ? vrb_fmt("pin=%s", pin) : strdup(pin);
		rc = vrb_run((char *[]){ script, e->name, e->series,
					 (char *)catalogue__lock_path(), mode, NULL }, &dir);
	}
	free(script);
	free(mode);
	if (rc || !dir || !*dir) {
		vrb_err("kernel '%s' could not be fetched (see the messages above)", e->name);
		free(dir);
		return -EIO;
	}
	rc = load_dir(e->name, dir, ki);
	if (rc)
		vrb_err("kernel '%s': %s is incomplete", e->name, dir);
	free(dir);
	return rc;
}

int kernel__build_module(struct kernel_info *ki)
{
	char *script = vrb_fmt("%s/scripts/build-module.sh", vrb_root());
	char *out = vrb_fmt("%s/kmod/%s", vrb_build_dir(), ki->abi);
	char *ko = NULL;
	int rc;

	rc = vrb_run((char *[]){ script, ki->dir, out, NULL }, &ko);
	free(script);
	free(out);
	if (rc || !ko || !*ko) {
		vrb_err("kernel '%s': building the module for %s failed", ki->name, ki->release);
		free(ko);
		return -EIO;
	}
	free(ki->ko);
	ki->ko = ko;
	return 0;
}

int kernel__prepare(const struct kernel_entry *e, struct kernel_info *ki)
{
	int err;

	if (e->source == KSRC_LOCAL || e->source == KSRC_BUILD || kernel__cached(e, ki)) {
		err = kernel__fetch(e, NULL, ki);
		if (err)
			return err;
	}
	err = kernel__build_module(ki);
	if (err)
		kernel_info__free(ki);
	return err;
}

void kernel_info__free(struct kernel_info *ki)
{
	free(ki->name);
	free(ki->dir);
	free(ki->abi);
	free(ki->release);
	free(ki->build);
	free(ki->cc);
	free(ki->vmlinuz);
	free(ki->ko);
	memset(ki, 0, sizeof(*ki));
}

static int on_package(void *user, const char *section, const char *key, const char *value)
{
	if (!strcmp(section, "packages"))
		json_object_set_new(user, key, json_string(value));
	return 1;
}

json_t *kernel__packages_json(const struct kernel_info *ki)
{
	char *ini = vrb_fmt("%s/kernel.ini", ki->dir);
	json_t *o = json_object();

	ini_parse(ini, on_package, o);
	free(ini);
	return o;
}

/*
 * What the lock pinned the name to, beside what ran: they differ only when the
 * pin had vanished from Debian and VRBENCH_ON_VANISHED=newest stood in for it.
 */
void kernel__pin_json(json_t *kernel, const struct kernel_info *ki)
{
	char *abi = catalogue__pin(ki->name, "abi"), *ver = catalogue__pin(ki->name, "version");
	json_t *pkgs = kernel__packages_json(ki);
	const char *ran = NULL, *key;
	json_t *v;

	json_object_foreach(pkgs, key, v)
		if (!strncmp(key, "linux-headers-", 14) && strstr(key, "-amd64"))
			ran = json_string_value(v);
	if (abi && ver)
		json_object_set_new(kernel, "pinned", json_pack("{sssssb}", "abi", abi, "version", ver,
			"honoured", !strcmp(abi, ki->abi) && ran && !strcmp(ver, ran)));
	json_decref(pkgs);
	free(abi);
	free(ver);
}

char *kernel__standin_abi(const struct kernel_entry *e)
{
	char *abi = catalogue__pin(e->name, "abi"), *ver = catalogue__pin(e->name, "version");
	char *path = NULL, *text = NULL, *line, *r = NULL;

	if (!abi || !ver)
		goto out;
	/* scripts/lib.sh vrb_vanished_put: $VRBENCH_CACHE/vanished/kernel-ABI=VERSION */
	path = vrb_fmt("%s/vanished/kernel-%s=%s", vrb_cache(), abi, ver);
	if (vrb_read_file(path, &text, NULL))
		goto out;
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "abi=", 4) && !r)
			r = strdup(line + 4);
out:
	free(abi);
	free(ver);
	free(path);
	free(text);
	return r;
}
