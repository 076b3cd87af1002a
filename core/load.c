/*
** load.c -- reading documents from files, directories, JSONL and stdin
** (lede_ingest_path, lede_ingest_buffer; see lede.h and load.h).
**
** What it promises:
**   - a plain file (.txt, .md, no extension, or anything else met in a
**     directory) is one document: id from the file name
**     (lede_load_id_from_path), source the path as given, text stored byte
**     for byte (CRLF kept) except a leading UTF-8 BOM;
**   - a .jsonl/.ndjson file (or stdin starting with '{') is read line by
**     line, never whole, so memory follows the longest line, not the file;
**     each line is {"id","text"} plus optional "title", "date", "source",
**     "url" strings (null counts as absent); every other field is kept in
**     the document's meta object with its JSON value as written. A record
**     without "id" gets the file's base name (the store makes it unique),
**     and without "source" the file's path. Blank lines are skipped. These
**     record rules are lede_jsonl_parse (load.h), which `lede map` uses too,
**     so both take and refuse the same lines with the same reasons;
**   - "-" reads standard input: JSONL when its first byte that is not white
**     space (after a BOM) is '{', else one plain-text document whose id and
**     source are "stdin"; rejections then name "stdin";
**   - directories are walked recursively in bytewise name order; entries
**     whose name starts with '.' are skipped; symbolic links are followed,
**     but a directory already visited in this walk is not entered again,
**     so link loops end;
**   - every bad input (unreadable, binary, not UTF-8, empty, a malformed
**     JSONL line) is one lede_reject() call with a short specific reason;
**     the rest is still stored and the call returns LEDE_EINPUT at the end;
**     a store failure stops the ingest and is returned with its message,
**     after committing the documents stored before it;
**   - the stats count documents added and already stored, rejections, and
**     the bytes of the documents' text (stored or found already stored);
**     the progress callback sees them after every document and rejection.
*/
#include "load.h"
#include "handle.h"
#include "json.h"
#include "store.h"
#include "utf8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK (64 * 1024)
#define MAX_DIR_DEPTH 256
/* A .jsonl file with a NUL byte this early is binary, rejected once as a
** whole rather than line by line. */
#define JSONL_SNIFF 4096

static const char BOM[] = "\xEF\xBB\xBF";

void lede_load_id_from_path(const char *path, char *out, size_t outlen)
{
    if (!out || outlen == 0) return;
    out[0] = '\0';
    if (!path) return;
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/') end--; /* "dir/" names "dir" */
    size_t base = end;
    while (base > 0 && path[base - 1] != '/') base--;
    size_t stop = end;
    for (size_t i = end; i > base + 1; i--) {
        if (path[i - 1] == '.') {
            stop = i - 1; /* ".profile" keeps its name: a dot first is no extension */
            break;
        }
    }
    size_t n = stop - base;
    if (n >= outlen) n = outlen - 1;
    memcpy(out, path + base, n);
    out[n] = '\0';
}

/* ------------------------------------------------------------ the ingest */

typedef struct seen_dir { dev_t dev; ino_t ino; } seen_dir;

typedef struct ingest {
    lede *db;
    lede_ingest_stats st;  /* running totals, starting from the caller's */
    long rejected;         /* rejections in this call */
    int fatal;             /* the error that stopped the ingest, or LEDE_OK */
    lede_buf data;         /* a plain file's bytes */
    lede_buf line;         /* a JSONL line */
    lede_jsonl jl;         /* a JSONL record's fields */
    seen_dir *seen;
    size_t nseen, capseen;
} ingest;

static void progress(ingest *g)
{
    if (g->db->progress) g->db->progress(g->db->progress_ud, &g->st);
}

static void reject(ingest *g, const char *path, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void reject(ingest *g, const char *path, long line, const char *fmt, ...)
{
    char reason[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    lede_reject(g->db, path, line, reason);
    g->st.rejected++;
    g->rejected++;
    progress(g);
}

static int nomem(ingest *g)
{
    g->fatal = lede_seterr(g->db, LEDE_ENOMEM, "out of memory");
    return g->fatal;
}

/* Stores one validated document; a store failure becomes g->fatal, a
** document the store refuses as input (too large) a rejection. */
static int store(ingest *g, const char *path, long line, const char *text, size_t len,
                 const lede_doc_meta *meta)
{
    int added = 0;
    int rc = lede_store_add_doc(g->db, text, len, meta, NULL, &added);
    if (rc == LEDE_EINPUT) {
        reject(g, path, line, "%s", lede_errmsg(g->db));
        return LEDE_OK;
    }
    if (rc != LEDE_OK) return g->fatal = rc;
    if (added) g->st.docs_added++;
    else g->st.docs_duplicate++;
    g->st.bytes += (long long)len;
    progress(g);
    return LEDE_OK;
}

static size_t column_at(const char *s, size_t from, size_t at)
{
    size_t col = 1;
    for (size_t i = from; i < at; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) col++;
    return col;
}

/* Only white space (Unicode spaces and BOMs included)? */
static int all_space(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = lede_utf8_decode(s, n, i, &cp);
        if (!(cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0xFEFF ||
              (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
              cp == 0x205F || cp == 0x3000))
            return 0;
        i += (size_t)k;
    }
    return 1;
}

/*
** Why s[0..n) cannot be a document, or NULL: binary, not UTF-8, empty.
** Offsets, lines and columns are those of the input as given (BOM included),
** which is what a user's hex dump or editor shows.
*/
static const char *bad_text(const char *s, size_t n, char *why, size_t whylen, int lines)
{
    const char *nul = n ? memchr(s, '\0', n) : NULL;
    if (nul) {
        if (lines) snprintf(why, whylen, "binary file (NUL byte at offset %zu)", (size_t)(nul - s));
        else snprintf(why, whylen, "binary data (NUL byte at column %zu)", column_at(s, 0, (size_t)(nul - s)));
        return why;
    }
    size_t bad = lede_utf8_check(s, n);
    if (bad < n) {
        size_t ls = 0;
        long line = 1;
        for (size_t i = 0; i < bad; i++)
            if (s[i] == '\n') { line++; ls = i + 1; }
        if (lines)
            snprintf(why, whylen, "not UTF-8 (byte 0x%02x at line %ld, column %zu)",
                     (unsigned char)s[bad], line, column_at(s, ls, bad));
        else
            snprintf(why, whylen, "not UTF-8 (byte 0x%02x at column %zu)", (unsigned char)s[bad],
                     column_at(s, 0, bad));
        return why;
    }
    return NULL;
}

static void strip_bom(const char **s, size_t *n)
{
    if (*n >= 3 && memcmp(*s, BOM, 3) == 0) {
        *s += 3;
        *n -= 3;
    }
}

/* ------------------------------------------------------------- reading */

typedef struct reader {
    int fd;
    lede_buf b;   /* bytes read and not yet consumed start at pos */
    size_t pos;
    int eof;
} reader;

/* Reads more bytes, appending to r->b. 1 read, 0 end of input, -1 error
** (errno set), -2 out of memory. */
static int fill(reader *r)
{
    if (r->eof) return 0;
    if (lede_buf_reserve(&r->b, READ_CHUNK) != LEDE_OK) return -2;
    for (;;) {
        ssize_t k = read(r->fd, r->b.p + r->b.n, READ_CHUNK);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return -1;
        if (k == 0) { r->eof = 1; return 0; }
        r->b.n += (size_t)k;
        return 1;
    }
}

/* The next line (without '\n') into *line: 1, 0 at the end, -1/-2 as fill. */
static int read_line(reader *r, lede_buf *line)
{
    int any = 0;
    lede_buf_reset(line);
    for (;;) {
        if (r->pos == r->b.n) {
            lede_buf_reset(&r->b);
            r->pos = 0;
            int rc = fill(r);
            if (rc < 0) return rc;
            if (rc == 0) return any;
        }
        const char *p = r->b.p + r->pos;
        size_t avail = r->b.n - r->pos;
        const char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        if (lede_buf_add(line, p, take) != LEDE_OK) return -2;
        r->pos += take;
        any = 1;
        if (nl) {
            r->pos++;
            return 1;
        }
    }
}

/* The rest of the input appended to *out. 0, -1 or -2 as fill. */
static int read_rest(reader *r, lede_buf *out)
{
    if (lede_buf_add(out, r->b.p + r->pos, r->b.n - r->pos) != LEDE_OK) return -2;
    r->pos = r->b.n;
    for (;;) {
        if (lede_buf_reserve(out, READ_CHUNK) != LEDE_OK) return -2;
        ssize_t k = read(r->fd, out->p + out->n, READ_CHUNK);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return -1;
        if (k == 0) break;
        out->n += (size_t)k;
    }
    r->eof = 1;
    if (out->p) out->p[out->n] = '\0';
    return 0;
}

/* ---------------------------------------------------------------- JSONL */

enum { F_ID, F_TEXT, F_TITLE, F_DATE, F_SOURCE, F_URL, F_COUNT };
static const char *const field_names[F_COUNT] = {"id", "text", "title", "date", "source", "url"};

typedef struct record {
    lede_buf *meta;            /* the other fields, as a JSON object */
    int type[F_COUNT];         /* 0 when absent */
    const char *raw[F_COUNT];  /* the raw JSON value */
    size_t rawlen[F_COUNT];
    const char *dup;           /* a known field given twice */
    int nmeta;
} record;

static int on_member(void *ctx, const char *key, size_t keylen, int type, const char *val, size_t vallen)
{
    record *r = ctx;
    for (int f = 0; f < F_COUNT; f++) {
        if (strlen(field_names[f]) != keylen || memcmp(key, field_names[f], keylen) != 0) continue;
        if (r->type[f] && !r->dup) r->dup = field_names[f];
        r->type[f] = type;
        r->raw[f] = val;
        r->rawlen[f] = vallen;
        return 0;
    }
    lede_buf *m = r->meta;
    if ((r->nmeta++ ? lede_buf_addc(m, ',') : LEDE_OK) != LEDE_OK ||
        lede_buf_json_string(m, key, keylen) != LEDE_OK || lede_buf_addc(m, ':') != LEDE_OK ||
        lede_buf_add(m, val, vallen) != LEDE_OK)
        return LEDE_ENOMEM;
    return 0;
}

/* Decodes an optional string field into *out; *value is NULL when absent
** or null. LEDE_OK, LEDE_EINPUT (why filled) or LEDE_ENOMEM. */
static int string_field(const record *r, int f, lede_buf *out, const char **value, char *why, size_t whylen)
{
    *value = NULL;
    if (!r->type[f] || r->type[f] == LEDE_JSON_NULL) return LEDE_OK;
    if (r->type[f] != LEDE_JSON_STRING) {
        snprintf(why, whylen, "\"%s\" must be a string, not %s", field_names[f], lede_json_type_name(r->type[f]));
        return LEDE_EINPUT;
    }
    lede_buf_reset(out);
    int rc = lede_json_decode_string(r->raw[f], r->rawlen[f], out, NULL);
    if (rc != LEDE_OK || !lede_buf_cstr(out)) return LEDE_ENOMEM; /* already checked: only ENOMEM */
    if (memchr(out->p, '\0', out->n)) {
        snprintf(why, whylen, "\"%s\" contains a NUL character (\\u0000)", field_names[f]);
        return LEDE_EINPUT;
    }
    *value = out->p;
    return LEDE_OK;
}

static int reason(char *why, size_t whylen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int reason(char *why, size_t whylen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
    return LEDE_EINPUT;
}

int lede_jsonl_parse(lede_jsonl *jl, long lineno, const char *s, size_t n, lede_jsonl_doc *doc, char *why,
                     size_t whylen)
{
    if (n && s[n - 1] == '\r') n--; /* CRLF files */
    if (lineno == 1) strip_bom(&s, &n);
    size_t k = 0;
    while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r')) k++;
    if (k == n) return LEDE_DONE;

    const char *bad = bad_text(s, n, why, whylen, 0);
    if (bad) return LEDE_EINPUT;
    record r;
    memset(&r, 0, sizeof r);
    r.meta = &jl->meta;
    lede_buf_reset(&jl->meta);
    if (lede_buf_addc(&jl->meta, '{') != LEDE_OK) return LEDE_ENOMEM;
    lede_json_error err = {0, 0, ""};
    int rc = lede_json_object(s, n, on_member, &r, &err);
    if (rc == LEDE_ENOMEM) return rc;
    if (rc != LEDE_OK) {
        if (strncmp(err.msg, "not an object", 13) == 0) return reason(why, whylen, "not a JSON object%s", err.msg + 13);
        return reason(why, whylen, "malformed JSON: %s at column %zu", err.msg, err.column);
    }
    if (lede_buf_addc(&jl->meta, '}') != LEDE_OK) return LEDE_ENOMEM;
    if (r.dup) return reason(why, whylen, "duplicate \"%s\" field", r.dup);
    if (!r.type[F_TEXT]) return reason(why, whylen, "missing \"text\" field");
    if (r.type[F_TEXT] != LEDE_JSON_STRING)
        return reason(why, whylen, "\"text\" must be a string, not %s", lede_json_type_name(r.type[F_TEXT]));
    lede_buf_reset(&jl->text);
    rc = lede_json_decode_string(r.raw[F_TEXT], r.rawlen[F_TEXT], &jl->text, NULL);
    if (rc != LEDE_OK || !lede_buf_cstr(&jl->text)) return LEDE_ENOMEM; /* already checked: only ENOMEM */
    const char *text = jl->text.p;
    size_t len = jl->text.n;
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return reason(why, whylen, "\"text\" contains a NUL character (\\u0000) at offset %zu", (size_t)(nul - text));
    strip_bom(&text, &len);
    if (all_space(text, len)) return reason(why, whylen, "empty \"text\"");
    if (len > 0x7fffffff) return reason(why, whylen, "document larger than 2 GB");

    memset(doc, 0, sizeof *doc);
    doc->text = text;
    doc->len = len;
    if (r.type[F_ID] == LEDE_JSON_NUMBER && lede_json_is_integer(r.raw[F_ID], r.rawlen[F_ID])) {
        lede_buf_reset(&jl->id);
        if (lede_buf_add(&jl->id, r.raw[F_ID], r.rawlen[F_ID]) != LEDE_OK) return LEDE_ENOMEM;
        doc->meta.id = jl->id.p;
    } else if (r.type[F_ID] == LEDE_JSON_NUMBER) {
        return reason(why, whylen, "\"id\" must be a string or an integer");
    } else if (r.type[F_ID] && r.type[F_ID] != LEDE_JSON_STRING && r.type[F_ID] != LEDE_JSON_NULL) {
        return reason(why, whylen, "\"id\" must be a string or an integer, not %s", lede_json_type_name(r.type[F_ID]));
    } else if ((rc = string_field(&r, F_ID, &jl->id, &doc->meta.id, why, whylen)) != LEDE_OK) {
        return rc;
    }
    if (doc->meta.id && !*doc->meta.id) doc->meta.id = NULL;
    static const int opt[] = {F_TITLE, F_DATE, F_SOURCE, F_URL};
    lede_buf *bufs[] = {&jl->title, &jl->date, &jl->source, &jl->url};
    const char **dest[] = {&doc->meta.title, &doc->meta.date, &doc->meta.source, &doc->meta.url};
    for (int i = 0; i < 4; i++)
        if ((rc = string_field(&r, opt[i], bufs[i], dest[i], why, whylen)) != LEDE_OK) return rc;
    if (!(doc->meta.meta_json = lede_buf_cstr(&jl->meta))) return LEDE_ENOMEM;
    doc->meta_len = jl->meta.n;
    return LEDE_OK;
}

void lede_jsonl_free(lede_jsonl *jl)
{
    lede_buf *bufs[] = {&jl->text, &jl->id, &jl->title, &jl->date, &jl->source, &jl->url, &jl->meta};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) lede_buf_free(bufs[i]);
}

/* One JSONL line: stored, rejected, or skipped when blank. */
static int jsonl_record(ingest *g, const char *path, long lineno, const char *base,
                        const char *s, size_t n)
{
    char why[256];
    lede_jsonl_doc doc;
    int rc = lede_jsonl_parse(&g->jl, lineno, s, n, &doc, why, sizeof why);
    if (rc == LEDE_DONE) return LEDE_OK;
    if (rc == LEDE_ENOMEM) return nomem(g);
    if (rc != LEDE_OK) {
        reject(g, path, lineno, "%s", why);
        return LEDE_OK;
    }
    if (!doc.meta.id) doc.meta.id = base;
    if (!doc.meta.source) doc.meta.source = path;
    return store(g, path, lineno, doc.text, doc.len, &doc.meta);
}

/* Streams a JSONL input; `r` may already hold bytes peeked from it. */
static int jsonl_stream(ingest *g, const char *path, reader *r)
{
    char base[256];
    lede_load_id_from_path(path, base, sizeof base);
    /* Peek at the start: a binary file is one rejection, not thousands. */
    while (r->b.n - r->pos < JSONL_SNIFF && !r->eof) {
        int rc = fill(r);
        if (rc == -2) return nomem(g);
        if (rc < 0) {
            reject(g, path, 0, "cannot read: %s", strerror(errno));
            return LEDE_OK;
        }
    }
    const char *nul = memchr(r->b.p ? r->b.p + r->pos : "", '\0', r->b.n - r->pos);
    if (nul) {
        reject(g, path, 0, "binary file (NUL byte at offset %zu)", (size_t)(nul - (r->b.p + r->pos)));
        return LEDE_OK;
    }
    long lineno = 0, records = g->st.docs_added + g->st.docs_duplicate + g->rejected;
    for (;;) {
        int rc = read_line(r, &g->line);
        if (rc == -2) return nomem(g);
        if (rc < 0) {
            reject(g, path, lineno + 1, "cannot read: %s", strerror(errno));
            return LEDE_OK;
        }
        if (rc == 0) break;
        lineno++;
        if ((rc = jsonl_record(g, path, lineno, base, g->line.p, g->line.n)) != LEDE_OK) return rc;
    }
    if (records == g->st.docs_added + g->st.docs_duplicate + g->rejected)
        reject(g, path, 0, lineno ? "empty file (only blank lines)" : "empty file");
    return LEDE_OK;
}

/* ----------------------------------------------------------- plain text */

static int plain_doc(ingest *g, const char *path, const char *id, const char *source,
                     const char *s, size_t n)
{
    char why[160];
    const char *bad = bad_text(s, n, why, sizeof why, 1);
    if (bad) {
        reject(g, path, 0, "%s", bad);
        return LEDE_OK;
    }
    strip_bom(&s, &n);
    if (all_space(s, n)) {
        reject(g, path, 0, "empty file");
        return LEDE_OK;
    }
    lede_doc_meta meta = {0};
    meta.id = id;
    meta.source = source;
    meta.meta_json = "{}";
    return store(g, path, 0, s, n, &meta);
}

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    if (n <= e) return 0;
    for (size_t i = 0; i < e; i++) {
        char c = path[n - e + i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != ext[i]) return 0;
    }
    return path[n - e - 1] != '/';
}

static int is_jsonl_name(const char *path)
{
    return has_ext(path, ".jsonl") || has_ext(path, ".ndjson");
}

/* A file already opened as fd (closed here). */
static int load_fd(ingest *g, const char *path, int fd, const struct stat *sb)
{
    reader r = {fd, LEDE_BUF_INIT, 0, 0};
    int rc = LEDE_OK;
    if (is_jsonl_name(path)) {
        rc = jsonl_stream(g, path, &r);
    } else {
        lede_buf_reset(&g->data);
        if (S_ISREG(sb->st_mode) && sb->st_size > 0 &&
            lede_buf_reserve(&g->data, (size_t)sb->st_size + READ_CHUNK) != LEDE_OK) {
            rc = nomem(g);
        } else {
            int k = read_rest(&r, &g->data);
            if (k == -2) rc = nomem(g);
            else if (k < 0) reject(g, path, 0, "cannot read: %s", strerror(errno));
            else {
                char id[256];
                lede_load_id_from_path(path, id, sizeof id);
                rc = plain_doc(g, path, id, path, g->data.p ? g->data.p : "", g->data.n);
            }
        }
        /* A very large file should not pin its memory for the rest of a walk. */
        if (g->data.cap > (64u << 20)) lede_buf_free(&g->data);
    }
    lede_buf_free(&r.b);
    close(fd);
    return rc;
}

static int load_path(ingest *g, const char *path, int depth);

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(ingest *g, const char *path, const struct stat *sb, int depth)
{
    for (size_t i = 0; i < g->nseen; i++)
        if (g->seen[i].dev == sb->st_dev && g->seen[i].ino == sb->st_ino) return LEDE_OK;
    if (g->nseen == g->capseen) {
        size_t cap = g->capseen ? g->capseen * 2 : 16;
        seen_dir *v = realloc(g->seen, cap * sizeof *v);
        if (!v) return nomem(g);
        g->seen = v;
        g->capseen = cap;
    }
    g->seen[g->nseen++] = (seen_dir){sb->st_dev, sb->st_ino};
    if (depth > MAX_DIR_DEPTH) {
        reject(g, path, 0, "directories nested deeper than %d levels", MAX_DIR_DEPTH);
        return LEDE_OK;
    }

    DIR *d = opendir(path);
    if (!d) {
        reject(g, path, 0, "cannot open: %s", strerror(errno));
        return LEDE_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = LEDE_OK;
    errno = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue; /* hidden, and "." and ".." */
        if (n == cap) {
            size_t c2 = cap ? cap * 2 : 32;
            char **v = realloc(names, c2 * sizeof *v);
            if (!v) { rc = nomem(g); break; }
            names = v;
            cap = c2;
        }
        if (!(names[n] = strdup(e->d_name))) { rc = nomem(g); break; }
        n++;
    }
    closedir(d);
    if (rc == LEDE_OK && n) qsort(names, n, sizeof *names, cmp_names);

    lede_buf child = LEDE_BUF_INIT;
    size_t plen = strlen(path);
    while (plen > 1 && path[plen - 1] == '/') plen--;
    for (size_t i = 0; i < n && rc == LEDE_OK; i++) {
        lede_buf_reset(&child);
        if (lede_buf_add(&child, path, plen) != LEDE_OK ||
            (path[plen - 1] != '/' && lede_buf_addc(&child, '/') != LEDE_OK) ||
            lede_buf_adds(&child, names[i]) != LEDE_OK) {
            rc = nomem(g);
            break;
        }
        rc = load_path(g, child.p, depth + 1);
    }
    lede_buf_free(&child);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

/* depth 0: a path the caller named (any file type is read: a FIFO or
** /dev/stdin works); deeper: an entry of a directory walk. */
static int load_path(ingest *g, const char *path, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        reject(g, path, 0, "cannot open: %s", strerror(errno));
        return LEDE_OK;
    }
    if (S_ISDIR(sb.st_mode)) return walk_dir(g, path, &sb, depth);
    if (depth > 0 && !S_ISREG(sb.st_mode)) {
        reject(g, path, 0, "not a regular file");
        return LEDE_OK;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        reject(g, path, 0, "cannot open: %s", strerror(errno));
        return LEDE_OK;
    }
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) { /* replaced since stat() */
        close(fd);
        return walk_dir(g, path, &sb, depth);
    }
    return load_fd(g, path, fd, &sb);
}

/* Standard input: JSONL when the first byte that is not white space (after
** a BOM) is '{', else one plain-text document with the id "stdin". */
static int load_stdin(ingest *g)
{
    const char *name = "stdin";
    reader r = {STDIN_FILENO, LEDE_BUF_INIT, 0, 0};
    int rc = LEDE_OK, jsonl = 0;
    for (;;) {
        int k = fill(&r);
        if (k == -2) { rc = nomem(g); goto done; }
        if (k < 0) { reject(g, name, 0, "cannot read: %s", strerror(errno)); goto done; }
        const char *p = r.b.p;
        size_t n = r.b.n, i = 0;
        if (k > 0 && n < 3 && n > 0 && memcmp(p, BOM, n) == 0) continue; /* half a BOM so far */
        if (n >= 3 && memcmp(p, BOM, 3) == 0) i = 3;
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) i++;
        if (i < n) {
            jsonl = p[i] == '{';
            break;
        }
        if (k == 0) break;
    }
    if (jsonl) {
        rc = jsonl_stream(g, name, &r);
    } else {
        lede_buf_reset(&g->data);
        int k = read_rest(&r, &g->data);
        if (k == -2) rc = nomem(g);
        else if (k < 0) reject(g, name, 0, "cannot read: %s", strerror(errno));
        else if (g->data.n == 0) reject(g, name, 0, "empty input");
        else rc = plain_doc(g, name, name, name, g->data.p, g->data.n);
    }
done:
    lede_buf_free(&r.b);
    return rc;
}

static void ingest_free(ingest *g)
{
    lede_buf_free(&g->data);
    lede_buf_free(&g->line);
    lede_jsonl_free(&g->jl);
    free(g->seen);
}

int lede_ingest_path(lede *db, const char *path, lede_ingest_stats *stats)
{
    if (!db) return LEDE_EUSAGE;
    if (!path || !*path) return lede_seterr(db, LEDE_EUSAGE, "lede_ingest_path: no path given");
    ingest g;
    memset(&g, 0, sizeof g);
    g.db = db;
    if (stats) g.st = *stats;

    /* A caller's open batch (a script adding documents) is left to it. */
    int outer = db->in_batch, rc;
    if (!outer && (rc = lede_store_batch_begin(db)) != LEDE_OK) return rc;
    if (strcmp(path, "-") == 0) load_stdin(&g);
    else load_path(&g, path, 0);

    if (g.fatal) {
        /* Keep what was stored before the failure (the failed document was
        ** undone by the store), and the failure's message. */
        char msg[512];
        snprintf(msg, sizeof msg, "%s", lede_errmsg(db));
        if (!outer && lede_store_batch_end(db) != LEDE_OK) lede_store_batch_abort(db);
        rc = lede_seterr(db, g.fatal, "%s", msg);
    } else if (!outer && (rc = lede_store_batch_end(db)) != LEDE_OK) {
        lede_store_batch_abort(db);
    } else if (g.rejected) {
        rc = lede_seterr(db, LEDE_EINPUT, "%s: %ld input%s rejected", path, g.rejected,
                         g.rejected == 1 ? "" : "s");
    } else {
        rc = LEDE_OK;
    }
    if (stats) *stats = g.st;
    ingest_free(&g);
    return rc;
}

int lede_ingest_buffer(lede *db, const char *text, size_t len, const lede_doc_meta *meta,
                       char **id_out)
{
    if (id_out) *id_out = NULL;
    if (!db) return LEDE_EUSAGE;
    if (!text && len) return lede_seterr(db, LEDE_EUSAGE, "lede_ingest_buffer: text is NULL");
    if (!text) text = "";
    const char *nul = memchr(text, '\0', len);
    if (nul) return lede_seterr(db, LEDE_EINPUT, "binary data (NUL byte at offset %zu)", (size_t)(nul - text));
    size_t bad = lede_utf8_check(text, len);
    if (bad < len)
        return lede_seterr(db, LEDE_EINPUT, "not UTF-8 (byte 0x%02x at offset %zu)", (unsigned char)text[bad], bad);
    strip_bom(&text, &len);
    if (all_space(text, len)) return lede_seterr(db, LEDE_EINPUT, "empty text");

    lede_doc_meta m = {0};
    if (meta) m = *meta;
    if (!m.meta_json) m.meta_json = "{}";
    if (m.meta_json != NULL && strcmp(m.meta_json, "{}") != 0) {
        int type = 0;
        if (lede_json_check(m.meta_json, strlen(m.meta_json), &type, NULL) != LEDE_OK || type != LEDE_JSON_OBJECT)
            return lede_seterr(db, LEDE_EUSAGE, "lede_ingest_buffer: meta_json is not a JSON object");
    }
    int outer = db->in_batch, added = 0, rc;
    if (!outer && (rc = lede_store_batch_begin(db)) != LEDE_OK) return rc;
    rc = lede_store_add_doc(db, text, len, &m, id_out, &added);
    if (!outer) {
        if (rc == LEDE_OK) {
            if ((rc = lede_store_batch_end(db)) != LEDE_OK) {
                lede_store_batch_abort(db);
                if (id_out) { free(*id_out); *id_out = NULL; }
            }
        } else {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", lede_errmsg(db));
            if (lede_store_batch_end(db) != LEDE_OK) lede_store_batch_abort(db);
            lede_seterr(db, rc, "%s", msg);
        }
    }
    return rc;
}
