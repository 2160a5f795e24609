// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "inifile.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct reader {
	struct inifile *ini;
	const char *p;
	inifile_handler fn;
};

/* inih's reader callback: one line at a time, counted. */
static char *read_line(char *str, int num, void *stream)
{
	struct reader *r = stream;
	const char *nl;
	size_t n;

	if (!*r->p)
		return NULL;
	nl = strchr(r->p, '\n');
	n = nl ? (size_t)(nl - r->p + 1) : strlen(r->p);
	if (n > (size_t)num - 1)
		n = num - 1;
	memcpy(str, r->p, n);
	str[n] = '\0';
	r->p += n;
	r->ini->line++;
	return str;
}

static int on_key(void *user, const char *section, const char *key, const char *value)
{
	struct reader *r = user;

	return r->fn(r->ini, section, key, value);
}

int inifile__fail(struct inifile *ini, const char *fmt, ...)
{
	va_list ap;

	if (!ini->err_line) {
		va_start(ap, fmt);
		vsnprintf(ini->err, sizeof(ini->err), fmt, ap);
		va_end(ap);
		ini->err_line = ini->line;
	}
	return 0;
}

int inifile__parse(const char *text, const char *origin, inifile_handler fn, void *user,
		   char *msg, size_t msglen)
{
	struct inifile ini = { .origin = origin, .user = user };
	struct reader r = { &ini, text, fn };
	int line = ini_parse_stream(read_line, &r, on_key, &r);

	if (!line)
		return 0;
	snprintf(msg, msglen, "%s:%d: %s", origin, line,
		 ini.err_line == line ? ini.err : "syntax error");
	return -EINVAL;
}
