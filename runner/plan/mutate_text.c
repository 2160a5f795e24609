// SPDX-License-Identifier: GPL-2.0
/*
 * A small lexer for one C function: code told from comments and literals,
 * parentheses counted, lines and identifiers found.  Enough for mutate.c's
 * local operators on a pinned kernel's source; not a C parser.
 */
#include "mutate_text.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

bool body__is_code(const struct body *b, size_t i)
{
	return i >= b->lo && i <= b->hi && b->code[i - b->lo];
}

bool text__ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The end of the identifier starting at i, or i when none starts there. */
size_t body__ident_end(const struct body *b, size_t i)
{
	size_t e = i;

	if (!body__is_code(b, i) || (i > 0 && text__ident_char(b->src[i - 1])) ||
	    !(isalpha((unsigned char)b->src[i]) || b->src[i] == '_'))
		return i;
	while (text__ident_char(b->src[e]))
		e++;
	return e;
}

bool body__word_is(const struct body *b, size_t i, size_t e, const char *w)
{
	return e - i == strlen(w) && !strncmp(b->src + i, w, e - i);
}

size_t body__skip_space(const struct body *b, size_t i)
{
	while (i < b->hi && (isspace((unsigned char)b->src[i]) || !body__is_code(b, i)))
		i++;
	return i;
}

/* The previous code character before i that is not a blank; b->lo at most. */
size_t body__prev_code(const struct body *b, size_t i)
{
	while (i > b->lo && (isspace((unsigned char)b->src[i - 1]) || !body__is_code(b, i - 1)))
		i--;
	return i > b->lo ? i - 1 : b->lo;
}

/* The ')' matching the '(' at i, or 0. */
size_t body__match_paren(const struct body *b, size_t i)
{
	int depth = 0;

	for (; i < b->hi; i++) {
		if (!body__is_code(b, i))
			continue;
		depth += b->src[i] == '(';
		if (b->src[i] == ')' && --depth == 0)
			return i;
	}
	return 0;
}

/* The '(' matching the ')' at i, or 0. */
size_t body__match_paren_back(const struct body *b, size_t i)
{
	int depth = 0;

	for (; i > b->lo; i--) {
		if (!body__is_code(b, i))
			continue;
		depth += b->src[i] == ')';
		if (b->src[i] == '(' && --depth == 0)
			return i;
	}
	return 0;
}

int text__line_of(const char *src, size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		line += src[i] == '\n';
	return line;
}

size_t text__line_start(const char *src, size_t off)
{
	while (off > 0 && src[off - 1] != '\n')
		off--;
	return off;
}

size_t text__line_end(const char *src, size_t off)
{
	while (src[off] && src[off] != '\n')
		off++;
	return off;
}

/* Mark code, comments and literals of src[lo..hi]. */
void body__mark_code(struct body *b)
{
	enum { CODE, LINE, BLOCK, STR, CHR } st = CODE;
	const char *s = b->src;
	bool esc = false;	/* the character after a backslash in a literal */
	size_t i;

	for (i = b->lo; i <= b->hi; i++) {
		bool code = false;

		switch (st) {
		case CODE:
			if (s[i] == '/' && s[i + 1] == '/')
				st = LINE;
			else if (s[i] == '/' && s[i + 1] == '*')
				st = BLOCK;
			else if (s[i] == '"')
				st = STR;
			else if (s[i] == '\'')
				st = CHR;
			else
				code = true;
			break;
		case LINE:
			st = s[i] == '\n' ? CODE : LINE;
			break;
		case BLOCK:
			if (s[i] == '/' && s[i - 1] == '*' && i > 0)
				st = CODE;
			break;
		case STR:
		case CHR:
			if (esc)
				esc = false;
			else if (s[i] == '\\')
				esc = true;
			else if (s[i] == (st == STR ? '"' : '\''))
				st = CODE;
			break;
		}
		b->code[i - b->lo] = code;
		b->paren[i - b->lo] = i > b->lo ? b->paren[i - 1 - b->lo] : 0;
		if (i > b->lo && b->code[i - 1 - b->lo])
			b->paren[i - b->lo] += (s[i - 1] == '(') - (s[i - 1] == ')');
	}
}

/* The body of func's definition (its name in column 0 or after a return type). */
int body__find(struct body *b, const char *func)
{
	size_t flen = strlen(func), i, depth = 0;
	const char *p = b->src;

	while ((p = strstr(p, func))) {
		const char *ls = b->src + text__line_start(b->src, p - b->src);

		if ((p == b->src || !text__ident_char(p[-1])) && p[flen] == '(' &&
		    !isspace((unsigned char)*ls) && *ls != '#') {
			const char *q = strstr(p, "\n{");
			const char *semi = strchr(p, ';');

			if (q && (!semi || q < semi)) {
				b->lo = q + 1 - b->src;
				break;
			}
		}
		p += flen;
	}
	if (!p)
		return -EINVAL;
	for (i = b->lo; b->src[i]; i++) {	/* braces in column 0 close it */
		if (b->src[i] == '{')
			depth++;
		if (b->src[i] == '}' && --depth == 0 && b->src[i - 1] == '\n')
			break;
	}
	if (!b->src[i])
		return -EINVAL;
	b->hi = i;
	return 0;
}

