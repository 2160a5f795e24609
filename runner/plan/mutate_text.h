/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text of one C function as mutate.c sees it: which characters are code
 * (not comment or literal), how deep in parentheses each is, where its lines
 * and identifiers start and end (mutate_text.c).
 */
#ifndef VRB_MUTATE_TEXT_H
#define VRB_MUTATE_TEXT_H

#include "mutate.h"

#include <stdbool.h>
#include <stddef.h>

struct body {
	const char *src;
	size_t lo, hi;		/* src[lo] is the body's '{', src[hi] its '}' */
	char *code;		/* code[i - lo]: src[i] is code, not comment or literal */
	int *paren;		/* paren[i - lo]: ( minus ) of the code before src[i] */
	const char *func;
	int line0;		/* the line of src[lo] */
	struct mutant *out;
	size_t n;
};

/* The body of func's definition in b->src: b->lo, b->hi.  0 or -EINVAL. */
int body__find(struct body *b, const char *func);
/* Fill b->code and b->paren (allocated by the caller, b->hi - b->lo + 1). */
void body__mark_code(struct body *b);

bool body__is_code(const struct body *b, size_t i);
/* The end of the identifier starting at i, or i when none starts there. */
size_t body__ident_end(const struct body *b, size_t i);
bool body__word_is(const struct body *b, size_t i, size_t e, const char *w);
/* The next code character from i that is not a blank. */
size_t body__skip_space(const struct body *b, size_t i);
/* The previous code character before i that is not a blank; b->lo at most. */
size_t body__prev_code(const struct body *b, size_t i);
/* The ')' matching the '(' at i, or 0; the '(' matching the ')' at i, or 0. */
size_t body__match_paren(const struct body *b, size_t i);
size_t body__match_paren_back(const struct body *b, size_t i);

bool text__ident_char(char c);
int text__line_of(const char *src, size_t off);
size_t text__line_start(const char *src, size_t off);
size_t text__line_end(const char *src, size_t off);

#endif
