// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* One write per line: several workers (run --jobs) share one stderr. */
static void say(const char *prefix, const char *fmt, va_list ap)
{
	char *msg = NULL;

	if (vasprintf(&msg, fmt, ap) < 0) {
		fputs(prefix, stderr);
		fputs("(out of memory)\n", stderr);
		return;
	}
	fprintf(stderr, "%s%s\n", prefix, msg);
	fflush(stderr);
	free(msg);
}

void vrb_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("vrbench: error: ", fmt, ap);
	va_end(ap);
}

void vrb_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("vrbench: ", fmt, ap);
	va_end(ap);
}

void vrb_stamp(char *buf, size_t len)
{
	time_t now = time(NULL);

	strftime(buf, len, "%Y%m%d-%H%M%S", localtime(&now));
}

static char *vrb_vfmt(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	return s;
}

char *vrb_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vrb_vfmt(fmt, ap);
	va_end(ap);
	return s;
}

void vrb_appendf(char **buf, const char *fmt, ...)
{
	size_t old = *buf ? strlen(*buf) : 0, len;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vrb_vfmt(fmt, ap);
	va_end(ap);
	len = strlen(s);
	*buf = realloc(*buf, old + len + 1);
	if (!*buf)
		abort();
	memcpy(*buf + old, s, len + 1);
	free(s);
}

int vrb_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) ? -1 : 0;
}

int vrb_rmtree(const char *path)
{
	if (!vrb_exists(path))
		return 0;
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) ? -errno : 0;
}

bool vrb_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

int vrb_read_file(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0, got;
	char *b;

	if (!f)
		return -errno;
	b = malloc(cap + 1);
	if (!b)
		abort();
	while ((got = fread(b + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap + 1);
			if (!b)
				abort();
		}
	}
	fclose(f);
	b[n] = '\0';
	*buf = b;
	if (len)
		*len = n;
	return 0;
}

int vrb_write_file_atomic(const char *path, const void *buf, size_t len)
{
	char *tmp = vrb_fmt("%s.tmp.%d", path, (int)getpid());
	int fd, err = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	if (write(fd, buf, len) != (ssize_t)len || fsync(fd))
		err = errno ? -errno : -EIO;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
out:
	free(tmp);
	return err;
}

int vrb_run(char *const argv[], char **out)
{
	int pipefd[2] = { -1, -1 };
	size_t cap = 1024, n = 0;
	char *buf = NULL;
	int status;
	ssize_t got;
	pid_t pid;

	if (out && pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (out)
			dup2(pipefd[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "vrbench: error: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (out) {
		close(pipefd[1]);
		buf = malloc(cap);
		if (!buf)
			abort();
		while ((got = read(pipefd[0], buf + n, cap - n - 1)) > 0 ||
		       (got < 0 && errno == EINTR)) {
			n += got > 0 ? got : 0;
			if (cap - n < 2) {
				cap *= 2;
				buf = realloc(buf, cap);
				if (!buf)
					abort();
			}
		}
		close(pipefd[0]);
		while (n && buf[n - 1] == '\n')
			n--;
		buf[n] = '\0';
		*out = buf;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	/* the child's own exit code (the value this call exists for), or -EINTR when a
	 * signal ended it */
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

uint64_t vrb_fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

int vrb_copy_file(const char *from, const char *to)
{
	char *buf = NULL;
	size_t len;
	int err = vrb_read_file(from, &buf, &len);

	if (!err)
		err = vrb_write_file_atomic(to, buf, len);
	free(buf);
	return err;
}
