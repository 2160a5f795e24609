// SPDX-License-Identifier: GPL-2.0
/*
 * Mutants of one C function, made from its text (mutate_text.c tells code
 * from comments and literals): six operators over the function's body.
 * Text, not an AST, on purpose: the source is a pinned kernel's, the
 * operators are local, and every mutant is compiled (and a mutant that does
 * not compile is reported as such by the build, never silently dropped).
 */
#define _GNU_SOURCE
#include "mutate.h"
#include "mutate_text.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const code_under_test[] = {
	"vrealloc_node_align_noprof", "vm_area_free_pages", NULL
};

/* One edit: src[at, at + del) becomes ins. */
struct edit {
	size_t at, del;
	const char *ins;
};

static void add(struct body *b, const char *op, const struct edit *e, size_t ne)
{
	size_t s = text__line_start(b->src, e[0].at);
	size_t end = text__line_end(b->src, e[ne - 1].at + e[ne - 1].del);
	size_t i, k, pos = s, len = 0, cap = end - s + 64;
	struct mutant *m;
	char *after = malloc(cap), base[64];
	int dup = 1;

	if (!after)
		abort();
	for (k = 0; k < ne; k++) {
		cap += strlen(e[k].ins);
		after = realloc(after, cap);
		if (!after)
			abort();
		memcpy(after + len, b->src + pos, e[k].at - pos);
		len += e[k].at - pos;
		memcpy(after + len, e[k].ins, strlen(e[k].ins));
		len += strlen(e[k].ins);
		pos = e[k].at + e[k].del;
	}
	memcpy(after + len, b->src + pos, end - pos);
	after[len + end - pos] = '\0';
	b->out = realloc(b->out, (b->n + 1) * sizeof(*b->out));
	if (!b->out)
		abort();
	m = &b->out[b->n++];
	m->op = op;
	m->first = m->line = text__line_of(b->src, s);
	m->last = text__line_of(b->src, end);
	m->before = strndup(b->src + s, end - s);
	m->after = after;
	/* the line counted from the body's "{": the same id while lines above move */
	snprintf(base, sizeof(base), "%s+%d-%s", b->func, m->line - b->line0, op);
	for (i = 0; i + 1 < b->n; i++)
		dup += !strncmp(b->out[i].id, base, strlen(base)) &&
		       (!b->out[i].id[strlen(base)] || b->out[i].id[strlen(base)] == '-');
	if (dup > 1)
		snprintf(m->id, sizeof(m->id), "%s-%d", base, dup);
	else
		snprintf(m->id, sizeof(m->id), "%s", base);
}

/* if (C) and while (C): !(C); and each operand of a top-level && or ||. */
static void op_negate(struct body *b, size_t i, size_t e)
{
	size_t open = body__skip_space(b, e), close, k, s;
	int depth = 0;

	if (!(body__word_is(b, i, e, "if") || body__word_is(b, i, e, "while")) || b->src[open] != '(')
		return;
	close = body__match_paren(b, open);
	if (!close)
		return;
	add(b, "negate", (struct edit[]){ { open + 1, 0, "!(" }, { close, 0, ")" } }, 2);
	for (s = k = open + 1; k <= close; k++) {
		bool split;

		if (!body__is_code(b, k))
			continue;
		depth += (b->src[k] == '(') - (b->src[k] == ')');
		split = k == close || (depth == 0 && (!strncmp(b->src + k, "&&", 2) ||
						      !strncmp(b->src + k, "||", 2)));
		if (!split)
			continue;
		if (k == close && s == open + 1)
			break;	/* one operand: the whole condition, done above */
		{
			size_t a = body__skip_space(b, s), z = body__prev_code(b, k) + 1;

			add(b, "negate-operand", (struct edit[]){ { a, 0, "!(" }, { z, 0, ")" } }, 2);
		}
		s = k + 2;
		k++;
	}
}

/* Where a statement starts: after ; { } a label, else, or an if/for/while header. */
static bool statement_start(const struct body *b, size_t i)
{
	size_t p = body__prev_code(b, i), o, w;
	char c = b->src[p];

	if (b->paren[i - b->lo])	/* inside parentheses: a for header's clauses */
		return false;
	if (c == ';' || c == '{' || c == '}')
		return true;
	if (c == ':') {	/* a label alone on its line, not a ?: */
		for (w = text__line_start(b->src, p); isspace((unsigned char)b->src[w]); w++)
			;
		return body__ident_end(b, w) == p;
	}
	if (c == 'e' && p >= 3 && !strncmp(b->src + p - 3, "else", 4))
		return true;
	if (c != ')' || !(o = body__match_paren_back(b, p)))
		return false;
	p = body__prev_code(b, o);
	for (w = p; w > b->lo && text__ident_char(b->src[w - 1]); w--)
		;
	return body__word_is(b, w, p + 1, "if") || body__word_is(b, w, p + 1, "for") ||
	       body__word_is(b, w, p + 1, "while");
}

/* The ';' ending the statement at i (depth 0), or 0 when a '{' comes first. */
static size_t statement_end(const struct body *b, size_t i, bool *assigns)
{
	int depth = 0;
	char c;

	*assigns = false;
	for (; i < b->hi; i++) {
		if (!body__is_code(b, i))
			continue;
		c = b->src[i];
		depth += (c == '(' || c == '[') - (c == ')' || c == ']');
		if (c == '{' || depth < 0)
			return 0;
		if (depth)
			continue;
		if (c == ';')
			return i;
		if ((c == '=' && !strchr("=!<>", b->src[i - 1]) && b->src[i + 1] != '=') ||
		    !strncmp(b->src + i, "++", 2) || !strncmp(b->src + i, "--", 2))
			*assigns = true;
	}
	return 0;
}

static bool keyword(const struct body *b, size_t i, size_t e)
{
	static const char *const words[] = {
		"return", "goto", "if", "else", "for", "while", "do", "switch", "case", "break",
		"continue", "default", "sizeof", "struct", "union", "enum", "unsigned", "signed",
		"const", "static", "volatile", "void", "int", "long", "short", "char", "bool",
		"size_t", "gfp_t", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", NULL };
	int k;

	for (k = 0; words[k]; k++)
		if (body__word_is(b, i, e, words[k]))
			return true;
	return false;
}

/* A call or an assignment as a statement: the statement dropped. */
static void op_drop(struct body *b, size_t i, size_t e)
{
	size_t n = body__skip_space(b, e), semi;
	bool assigns, call = b->src[n] == '(';

	if (keyword(b, i, e) || !statement_start(b, i) || (b->src[n] == ':' && b->src[n + 1] != ':'))
		return;	/* a label is no statement */
	if (!call && (body__ident_end(b, n) > n || b->src[n] == '*'))
		return;	/* "type name": a declaration */
	semi = statement_end(b, i, &assigns);
	if (!semi || (!call && !assigns))
		return;
	add(b, "drop", (struct edit[]){ { i, semi + 1 - i, "do { } while (0);" } }, 1);
}

/* min <-> max, min_t <-> max_t. */
static void op_minmax(struct body *b, size_t i, size_t e)
{
	const char *to = body__word_is(b, i, e, "min") ? "max" : body__word_is(b, i, e, "max") ? "min" :
			 body__word_is(b, i, e, "min_t") ? "max_t" : body__word_is(b, i, e, "max_t") ? "min_t" :
			 NULL;

	if (to && b->src[body__skip_space(b, e)] == '(')
		add(b, "swap-minmax", (struct edit[]){ { i, e - i, to } }, 1);
}

/* X = ...; where X names a page count (nr_pages): one page more. */
static void op_pages(struct body *b, size_t i)
{
	size_t p = body__prev_code(b, i), w, rhs, semi;
	bool assigns;

	if (b->src[i] != '=' || strchr("=!<>+-*/&|^", b->src[i - 1]) || b->src[i + 1] == '=')
		return;
	for (w = p + 1; w > b->lo && text__ident_char(b->src[w - 1]); w--)
		;
	if (w > p || !strstr(b->src + w, "nr_pages") || strstr(b->src + w, "nr_pages") > b->src + p)
		return;
	rhs = body__skip_space(b, i + 1);
	semi = statement_end(b, rhs, &assigns);
	if (semi)
		add(b, "pages+1", (struct edit[]){ { rhs, 0, "(" }, { semi, 0, ") + 1" } }, 2);
}

/* < <= > >=: the other of each pair (not << >> -> or their assignments). */
static void op_compare(struct body *b, size_t i)
{
	char c = b->src[i], n = b->src[i + 1];

	if ((c != '<' && c != '>') || b->src[i - 1] == c || n == c || b->src[i - 1] == '-' ||
	    (b->src[i - 1] == '<' || b->src[i - 1] == '>'))
		return;
	if (n == '=')
		add(b, "off-by-one", (struct edit[]){ { i, 2, c == '<' ? "<" : ">" } }, 1);
	else
		add(b, "off-by-one", (struct edit[]){ { i, 1, c == '<' ? "<=" : ">=" } }, 1);
}

int mutate__function(const char *src, const char *func, struct mutant **out, size_t *n,
		     char *err, size_t len)
{
	struct body b = { .src = src, .func = func, .out = *out, .n = *n };
	size_t i, e;

	if (body__find(&b, func))
		return snprintf(err, len, "no definition of %s() found", func), -EINVAL;
	b.code = calloc(b.hi - b.lo + 1, 1);
	b.paren = calloc(b.hi - b.lo + 1, sizeof(int));
	if (!b.code || !b.paren)
		abort();
	body__mark_code(&b);
	b.line0 = text__line_of(src, b.lo);
	for (i = b.lo + 1; i < b.hi; i++) {
		if (!body__is_code(&b, i))
			continue;
		e = body__ident_end(&b, i);
		if (e > i) {
			op_negate(&b, i, e);
			op_drop(&b, i, e);
			op_minmax(&b, i, e);
			i = e - 1;
			continue;
		}
		op_pages(&b, i);
		op_compare(&b, i);
	}
	free(b.code);
	free(b.paren);
	*out = b.out;
	*n = b.n;
	return 0;
}

static void put_lines(char **buf, const char *text, char mark)
{
	const char *p = text, *nl;

	do {
		nl = strchr(p, '\n');
		vrb_appendf(buf, "%c%.*s\n", mark, nl ? (int)(nl - p) : (int)strlen(p), p);
		p = nl + 1;
	} while (nl);
}

static int count_lines(const char *text)
{
	int n = 1;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

char *mutant__patch(const struct mutant *m, const char *src, const char *path)
{
	size_t s, e;
	int first = m->first > 3 ? m->first - 3 : 1, after_ctx = 0, l;
	char *buf = NULL, *ctx;

	for (s = 0, l = 1; l < first; s++)
		l += src[s] == '\n';
	e = text__line_start(src, s);
	for (l = first; l < m->first; l++)
		e = text__line_end(src, e) + 1;
	ctx = strndup(src + s, e - s ? e - s - 1 : 0);
	s = text__line_end(src, e);
	for (l = m->first; l < m->last; l++)
		s = text__line_end(src, s + 1);
	e = s;
	while (after_ctx < 3 && src[e] == '\n' && src[e + 1]) {
		e = text__line_end(src, e + 1);
		after_ctx++;
	}
	vrb_appendf(&buf, "--- a/%s\n+++ b/%s\n@@ -%d,%d +%d,%d @@\n", path, path, first,
		    m->first - first + m->last - m->first + 1 + after_ctx, first,
		    m->first - first + count_lines(m->after) + after_ctx);
	if (m->first > first)
		put_lines(&buf, ctx, ' ');
	put_lines(&buf, m->before, '-');
	put_lines(&buf, m->after, '+');
	if (after_ctx) {
		char *tail = strndup(src + s + 1, e - s - 1);

		put_lines(&buf, tail, ' ');
		free(tail);
	}
	free(ctx);
	return buf;
}

void mutants__free(struct mutant *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].before);
		free(m[i].after);
	}
	free(m);
}
