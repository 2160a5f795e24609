// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "vm_channel.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define TAG "@vrb "

static int add_file(struct vm_channel *ch, const char *name, size_t nlen,
		    const char *data, size_t len)
{
	struct vm_file *f;

	ch->files = realloc(ch->files, (ch->nfiles + 1) * sizeof(*ch->files));
	if (!ch->files)
		abort();
	f = &ch->files[ch->nfiles++];
	f->name = strndup(name, nlen);
	f->data = malloc(len + 1);
	if (!f->name || !f->data)
		abort();
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
	return 0;
}

/* "NAME SIZE" -> name span and size; the name has no spaces. */
static int parse_file_header(const char *s, size_t n, size_t *nlen, size_t *size)
{
	const char *sp = memchr(s, ' ', n);
	unsigned long long v = 0;
	const char *p;

	if (!sp || sp == s)
		return -EPROTO;
	*nlen = sp - s;
	if (sp + 1 == s + n)
		return -EPROTO;
	for (p = sp + 1; p < s + n; p++) {
		if (*p < '0' || *p > '9' || v > (ULLONG_MAX - 9) / 10)
			return -EPROTO;
		v = v * 10 + (*p - '0');
	}
	*size = v;
	return 0;
}

static int parse_exit(const char *s, size_t n, int *code)
{
	char tmp[16], *end;
	long v;

	if (!n || n >= sizeof(tmp))
		return -EPROTO;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	v = strtol(tmp, &end, 10);
	if (*end || v < 0 || v > 255)
		return -EPROTO;
	*code = (int)v;
	return 0;
}

int vm_channel__parse(const char *buf, size_t len, struct vm_channel *ch)
{
	const char *p = buf, *end = buf + len, *nl, *body;
	size_t nlen, size, n;

	memset(ch, 0, sizeof(*ch));
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (!nl) {
			ch->truncated = true;
			return 0;
		}
		n = nl - p;
		if (n < strlen(TAG) || memcmp(p, TAG, strlen(TAG)))
			return -EPROTO;
		body = p + strlen(TAG);
		n -= strlen(TAG);
		if (n == 5 && !memcmp(body, "start", 5)) {
			ch->started = true;
			p = nl + 1;
		} else if (n > 5 && !memcmp(body, "file ", 5)) {
			if (parse_file_header(body + 5, n - 5, &nlen, &size))
				return -EPROTO;
			if (size > (size_t)(end - (nl + 1))) {
				ch->truncated = true;
				return 0;
			}
			add_file(ch, body + 5, nlen, nl + 1, size);
			p = nl + 1 + size;
		} else if (n > 6 && !memcmp(body, "error ", 6)) {
			free(ch->error);
			ch->error = strndup(body + 6, n - 6);
			p = nl + 1;
		} else if (n > 9 && !memcmp(body, "progress ", 9)) {
			p = nl + 1;	/* shown while the guest runs; nothing to keep */
		} else if (n > 5 && !memcmp(body, "exit ", 5)) {
			if (parse_exit(body + 5, n - 5, &ch->exit_code))
				return -EPROTO;
			ch->has_exit = true;
			p = nl + 1;
		} else {
			return -EPROTO;
		}
	}
	return 0;
}

const struct vm_file *vm_channel__file(const struct vm_channel *ch, const char *name)
{
	size_t i;

	for (i = 0; i < ch->nfiles; i++)
		if (!strcmp(ch->files[i].name, name))
			return &ch->files[i];
	return NULL;
}

void vm_channel__free(struct vm_channel *ch)
{
	size_t i;

	for (i = 0; i < ch->nfiles; i++) {
		free(ch->files[i].name);
		free(ch->files[i].data);
	}
	free(ch->files);
	free(ch->error);
	memset(ch, 0, sizeof(*ch));
}
