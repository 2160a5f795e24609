// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "catalogue.h"
#include "inifile.h"
#include "util.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct catalogue {
	struct kernel_entry *k;
	size_t n;
};

static struct kernel_entry *entry_for(struct catalogue *cat, const char *section)
{
	if (cat->n && !strcmp(cat->k[cat->n - 1].name, section))
		return &cat->k[cat->n - 1];
	if (catalogue__find(cat, section))
		return NULL;	/* a section given twice */
	cat->k = realloc(cat->k, (cat->n + 1) * sizeof(*cat->k));
	if (!cat->k)
		abort();
	memset(&cat->k[cat->n], 0, sizeof(*cat->k));
	cat->k[cat->n].name = strdup(section);
	return &cat->k[cat->n++];
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1"))
		*out = true;
	else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

#define FAIL(...) return inifile__fail(ini, __VA_ARGS__)

/*
 * "a, b c" -> "a b c"; with dir, relative words become dir/word (patch paths
 * are relative to the catalogue file's directory).
 */
static char *words(const char *value, const char *dir)
{
	char *copy = strdup(value), *p = copy, *w, *out = strdup(""), *t;

	while ((w = strsep(&p, ", \t"))) {
		bool rel = dir && *w != '/';

		if (!*w)
			continue;
		t = vrb_fmt("%s%s%s%s%s", out, *out ? " " : "", rel ? dir : "", rel ? "/" : "", w);
		free(out);
		out = t;
	}
	free(copy);
	return out;
}

static char *patch_paths(struct inifile *ini, const char *value)
{
	char *file = strdup(ini->origin), *slash = strrchr(file, '/'), *out;

	if (slash)
		*slash = '\0';
	out = words(value, slash ? file : ".");
	free(file);
	return out;
}

static int on_key(struct inifile *ini, const char *section, const char *key, const char *value)
{
	struct kernel_entry *e;

	if (!*section)
		FAIL("'%s' stands outside any [kernel] section", key);
	e = entry_for(ini->user, section);
	if (!e)
		FAIL("kernel [%s] is defined twice", section);
	if (!strcmp(key, "source")) {
		if (!strcmp(value, "debian"))
			e->source = KSRC_DEBIAN;
		else if (!strcmp(value, "local"))
			e->source = KSRC_LOCAL;
		else if (!strcmp(value, "build"))
			e->source = KSRC_BUILD;
		else
			FAIL("[%s] source = '%s': expected debian, local or build", section, value);
	} else if (!strcmp(key, "series")) {
		free(e->series);
		e->series = strdup(value);
	} else if (!strcmp(key, "vmlinuz")) {
		free(e->vmlinuz);
		e->vmlinuz = strdup(value);
	} else if (!strcmp(key, "build")) {
		free(e->build);
		e->build = strdup(value);
	} else if (!strcmp(key, "fragments")) {
		free(e->fragments);
		e->fragments = words(value, NULL);
	} else if (!strcmp(key, "patches")) {
		free(e->patches);
		e->patches = patch_paths(ini, value);
	} else if (!strcmp(key, "default")) {
		if (parse_bool(value, &e->is_default))
			FAIL("[%s] default = '%s': expected yes or no", section, value);
	} else {
		FAIL("[%s] unknown key '%s' (known: source, series, vmlinuz, build, fragments, patches, default)",
		     section, key);
	}
	return 1;
}

/* series = MAJOR.MINOR, nothing after */
static bool series_ok(const struct kernel_entry *e)
{
	unsigned int maj, min;
	char rest;

	return e->series && sscanf(e->series, "%u.%u%c", &maj, &min, &rest) == 2;
}

static int validate(const struct kernel_entry *e, char *err, size_t errlen)
{
	switch (e->source) {
	case KSRC_DEBIAN:
		if (!series_ok(e)) {
			snprintf(err, errlen, "[%s] a debian kernel needs series = MAJOR.MINOR", e->name);
			return -EINVAL;
		}
		return 0;
	case KSRC_LOCAL:
		if (!e->vmlinuz || !e->build) {
			snprintf(err, errlen, "[%s] a local kernel needs vmlinuz = and build =", e->name);
			return -EINVAL;
		}
		return 0;
	case KSRC_BUILD:
		if (!series_ok(e)) {
			snprintf(err, errlen, "[%s] a kernel built from source needs series = MAJOR.MINOR (the linux-source package)",
				 e->name);
			return -EINVAL;
		}
		if (e->vmlinuz || e->build) {
			snprintf(err, errlen, "[%s] vmlinuz = and build = are for local kernels; a built one has fragments = and patches =",
				 e->name);
			return -EINVAL;
		}
		return 0;
	default:
		snprintf(err, errlen, "[%s] needs source = debian, local or build", e->name);
		return -EINVAL;
	}
}

int catalogue__load(struct catalogue **out, const char *path, char *err, size_t errlen)
{
	struct catalogue *cat = calloc(1, sizeof(*cat));
	char msg[512], *text = NULL;
	int rc;
	size_t i;

	if (!cat)
		abort();
	rc = vrb_read_file(path, &text, NULL);
	if (rc) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(-rc));
		goto fail;
	}
	if (inifile__parse(text, path, on_key, cat, err, errlen))
		goto fail;
	for (i = 0; i < cat->n; i++) {
		if (validate(&cat->k[i], msg, sizeof(msg))) {
			snprintf(err, errlen, "%s: %s", path, msg);
			goto fail;
		}
	}
	free(text);
	*out = cat;
	return 0;
fail:
	free(text);
	catalogue__free(cat);
	return -EINVAL;
}

void catalogue__free(struct catalogue *cat)
{
	size_t i;

	if (!cat)
		return;
	for (i = 0; i < cat->n; i++) {
		free(cat->k[i].name);
		free(cat->k[i].series);
		free(cat->k[i].vmlinuz);
		free(cat->k[i].build);
		free(cat->k[i].fragments);
		free(cat->k[i].patches);
	}
	free(cat->k);
	free(cat);
}

size_t catalogue__count(const struct catalogue *cat)
{
	return cat->n;
}

const struct kernel_entry *catalogue__get(const struct catalogue *cat, size_t i)
{
	return i < cat->n ? &cat->k[i] : NULL;
}

const char *kernel_source__name(enum kernel_source s)
{
	return s == KSRC_DEBIAN ? "debian" : s == KSRC_LOCAL ? "local" : s == KSRC_BUILD ? "build" : "?";
}

const struct kernel_entry *catalogue__find(const struct catalogue *cat, const char *name)
{
	size_t i;

	for (i = 0; i < cat->n; i++)
		if (!strcmp(cat->k[i].name, name))
			return &cat->k[i];
	return NULL;
}

char *catalogue__names(const struct catalogue *cat)
{
	char *s = strdup(""), *t;
	size_t i;

	for (i = 0; i < cat->n; i++) {
		t = vrb_fmt("%s%s%s", s, i ? ", " : "", cat->k[i].name);
		free(s);
		s = t;
	}
	return s;
}

const char *catalogue__default_path(void)
{
	static char *path;
	const char *env = getenv("VRBENCH_KERNELS");

	if (!path)
		path = env && *env ? strdup(env) : vrb_fmt("%s/config/kernels.ini", vrb_root());
	return path;
}

const char *catalogue__lock_path(void)
{
	static char *path;
	const char *cat = catalogue__default_path();
	size_t n = strlen(cat);

	if (!path)
		path = n > 4 && !strcmp(cat + n - 4, ".ini") ?
		       vrb_fmt("%.*s.lock", (int)(n - 4), cat) : vrb_fmt("%s.lock", cat);
	return path;
}

struct pin_lookup {
	const char *name;
	const char *key;
	char *value;
};

static int on_lock_key(void *user, const char *section, const char *key, const char *value)
{
	struct pin_lookup *pl = user;

	if (!strcmp(section, pl->name) && !strcmp(key, pl->key)) {
		free(pl->value);
		pl->value = strdup(value);
	}
	return 1;
}

char *catalogue__pin(const char *name, const char *key)
{
	struct pin_lookup pl = { .name = name, .key = key };

	if (ini_parse(catalogue__lock_path(), on_lock_key, &pl) < 0)
		return NULL;	/* no lock file: nothing pinned yet */
	return pl.value;
}

char *catalogue__pinned_abi(const char *name)
{
	return catalogue__pin(name, "abi");
}
