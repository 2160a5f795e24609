/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inih over an in-memory text, with the line number inih is on available to
 * the handler, so every error can name its file and line.
 */
#ifndef VRB_INIFILE_H
#define VRB_INIFILE_H

#include <stddef.h>

struct inifile {
	const char *origin;	/* file name, for messages */
	int line;		/* the line being parsed */
	char err[512];		/* the first error, set with inifile__fail() */
	int err_line;
	void *user;
};

typedef int (*inifile_handler)(struct inifile *ini, const char *section, const char *key,
			       const char *value);

/*
 * Parse text; returns 0, or -EINVAL with msg = "ORIGIN:LINE: what" (the
 * handler's first message, or inih's syntax error).
 */
int inifile__parse(const char *text, const char *origin, inifile_handler fn, void *user,
		   char *msg, size_t msglen);
/* From a handler: record the error (first one wins) and return 0 to inih. */
int inifile__fail(struct inifile *ini, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
