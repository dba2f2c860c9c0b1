/*
 * The C side of scheduler.wasm: verwalter 0.13's wasm interface around one
 * QuickJS runtime. verwalter keeps the instance between runs, so the runtime,
 * the loaded modules and whatever they keep live on from run to run.
 *
 * Built once into engine.wasm, a template: the builder (harness/wasm/)
 * writes the scheduler's precompiled modules into a data segment of its own
 * and fills in `settings` below. A template without modules has one more use:
 * scheduler() then compiles a module to bytecode for the builder.
 *
 * Nothing here may be imported but env.log_panic (verwalter has no other
 * host functions), so the few WASI calls wasi-libc makes are answered here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"

#define EXPORT(name) __attribute__((export_name(#name)))

__attribute__((import_module("env"), import_name("log_panic")))
extern void log_panic(const char *payload, int payload_len, const char *file, int file_len, int line);

extern size_t malloc_usable_size(void *ptr);

/* Found by its magic and filled in by the builder (harness/wasm/binary.mjs).
   The work a run does is counted in units (the builder's calibration makes
   one about a millisecond in wasmi): QuickJS's interrupt checks (one per
   about 10000 calls and backward jumps) and the bytes parsed and written,
   which never reach the handler. */
struct settings {
    char magic[16];
    uint32_t payload_addr;      /* where the modules are; 0 in the template */
    uint32_t payload_len;
    uint32_t memory_limit;      /* bytes QuickJS may allocate */
    uint32_t budget;            /* units a run may take; 0: no limit */
    uint32_t stack_limit;       /* bytes of C stack QuickJS may use */
    uint32_t parsed_per_unit;   /* input bytes parsed per unit */
    uint32_t units_per_check;   /* units per interrupt check */
    uint32_t written_per_unit;  /* answer bytes written per unit */
    uint32_t check_input;       /* 1: fail a run that changes its input (the harness's builds) */
    /* Written by each run, for the benchmark's calibration: */
    uint32_t last_units, last_checks, last_parsed, last_compared, last_written;
};
__attribute__((used)) volatile struct settings settings = {
    {'v','e','r','w','a','l','t','e','r','-','w','a','s','m','-','1'},
    0, 0, 1u << 30, 0, 256 * 1024, 256, 1, 1024, 0, 0, 0, 0, 0, 0,
};

_Noreturn static void panic(const char *why, int line) {
    log_panic(why, (int)strlen(why), "glue.c", 6, line);
    __builtin_trap();
}

/* ---- what wasi-libc asks of a WASI host, answered without one ---- */

#define WASI_ENOSYS 52
#define WASI_EBADF 8
#define WASI_STUB(name, ...) \
    int32_t __imported_wasi_snapshot_preview1_##name(__VA_ARGS__)

/* No clock: Date.now() is the input's "now" (the prelude), and the
   interrupt handler counts work instead of time. */
WASI_STUB(clock_time_get, int32_t id, int64_t precision, int32_t out) {
    *(uint64_t *)(uintptr_t)out = 0;
    return 0;
}
WASI_STUB(clock_res_get, int32_t id, int32_t out) { *(uint64_t *)(uintptr_t)out = 1; return 0; }
WASI_STUB(fd_write, int32_t fd, int32_t iovs, int32_t n, int32_t written) { *(uint32_t *)(uintptr_t)written = 0; return WASI_EBADF; }
WASI_STUB(fd_read, int32_t fd, int32_t iovs, int32_t n, int32_t nread) { return WASI_EBADF; }
WASI_STUB(fd_close, int32_t fd) { return WASI_EBADF; }
WASI_STUB(fd_seek, int32_t fd, int64_t offset, int32_t whence, int32_t out) { return WASI_EBADF; }
WASI_STUB(fd_fdstat_get, int32_t fd, int32_t out) { return WASI_EBADF; }
WASI_STUB(fd_prestat_get, int32_t fd, int32_t out) { return WASI_EBADF; }
WASI_STUB(fd_prestat_dir_name, int32_t fd, int32_t path, int32_t len) { return WASI_EBADF; }
WASI_STUB(environ_sizes_get, int32_t count, int32_t size) {
    *(uint32_t *)(uintptr_t)count = 0;
    *(uint32_t *)(uintptr_t)size = 0;
    return 0;
}
WASI_STUB(environ_get, int32_t environ, int32_t buf) { return 0; }
WASI_STUB(random_get, int32_t buf, int32_t len) { memset((void *)(uintptr_t)buf, 0, (size_t)len); return 0; }
_Noreturn void __imported_wasi_snapshot_preview1_proc_exit(int32_t code) { panic("exit() called", __LINE__); }

/* ---- memory: QuickJS counts what it holds against the limit ---- */

#define MALLOC_OVERHEAD 8

/* Set when an allocation failed during a run: QuickJS may then throw null
   rather than its out-of-memory error. */
static int allocation_failed;

static void *vw_malloc(JSMallocState *s, size_t size) {
    void *ptr;
    if (s->malloc_size + size > s->malloc_limit) {
        allocation_failed = 1;
        return NULL;
    }
    ptr = malloc(size);
    if (!ptr) {
        allocation_failed = 1;
        return NULL;
    }
    s->malloc_count++;
    s->malloc_size += malloc_usable_size(ptr) + MALLOC_OVERHEAD;
    return ptr;
}

static void vw_free(JSMallocState *s, void *ptr) {
    if (!ptr) return;
    s->malloc_count--;
    s->malloc_size -= malloc_usable_size(ptr) + MALLOC_OVERHEAD;
    free(ptr);
}

static void *vw_realloc(JSMallocState *s, void *ptr, size_t size) {
    size_t old_size;
    if (!ptr) return size ? vw_malloc(s, size) : NULL;
    old_size = malloc_usable_size(ptr);
    if (size == 0) {
        vw_free(s, ptr);
        return NULL;
    }
    if (s->malloc_size + size - old_size > s->malloc_limit || !(ptr = realloc(ptr, size))) {
        allocation_failed = 1;
        return NULL;
    }
    s->malloc_size += malloc_usable_size(ptr) - old_size;
    return ptr;
}

static size_t vw_usable_size(const void *ptr) { return malloc_usable_size((void *)ptr); }

static const JSMallocFunctions malloc_functions = { vw_malloc, vw_free, vw_realloc, vw_usable_size };

/* ---- the answer's JSON text, written here rather than by JSON.stringify ----
   QuickJS 2021's JSON.stringify makes a JS array of key strings for every
   object, a string for every array index and a quoted copy of every key: in
   wasmi it took longer than all the scheduling. This writes the same text
   (same member order, escapes, numbers; toJSON and boxed values handed to
   JSON.stringify itself) as UTF-8, straight into the buffer verwalter reads. */

#include <math.h>

typedef struct {
    char *buf;
    size_t len, cap;
} Out;

static int out_grow(Out *o, size_t more) {
    size_t cap;
    char *buf;
    if (o->len + more <= o->cap) return 1;
    cap = o->cap ? o->cap : 4096;
    while (cap < o->len + more) cap *= 2;
    buf = realloc(o->buf, cap);
    if (!buf) return 0;
    o->buf = buf;
    o->cap = cap;
    return 1;
}

static int out_put(Out *o, const char *text, size_t len) {
    if (!out_grow(o, len)) return 0;
    memcpy(o->buf + o->len, text, len);
    o->len += len;
    return 1;
}

static int out_putc(Out *o, char c) {
    if (!out_grow(o, 1)) return 0;
    o->buf[o->len++] = c;
    return 1;
}

/* A JS string's UTF-8 as JSON.stringify quotes it. JS_ToCStringLen writes a
   lone surrogate as three bytes ED A0..BF xx; JSON.stringify escapes it. */
static int out_quoted(Out *o, const char *text, size_t len) {
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;
    if (!out_grow(o, len + 2)) return 0;
    o->buf[o->len++] = '"';
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        char escaped[6];
        size_t n = 2;
        unsigned code;
        if (c >= 0x20 && c != '"' && c != '\\' && !(c == 0xED && i + 2 < len && (unsigned char)text[i + 1] >= 0xA0)) continue;
        if (!out_put(o, text + run, i - run)) return 0;
        escaped[0] = '\\';
        switch (c) {
        case '"': escaped[1] = '"'; break;
        case '\\': escaped[1] = '\\'; break;
        case '\b': escaped[1] = 'b'; break;
        case '\f': escaped[1] = 'f'; break;
        case '\n': escaped[1] = 'n'; break;
        case '\r': escaped[1] = 'r'; break;
        case '\t': escaped[1] = 't'; break;
        default:
            code = c;
            if (c == 0xED) {
                code = 0xD000 | ((unsigned)(text[i + 1] & 0x3F) << 6) | (unsigned)(text[i + 2] & 0x3F);
                i += 2;
            }
            escaped[1] = 'u';
            escaped[2] = hex[(code >> 12) & 15];
            escaped[3] = hex[(code >> 8) & 15];
            escaped[4] = hex[(code >> 4) & 15];
            escaped[5] = hex[code & 15];
            n = 6;
        }
        if (!out_put(o, escaped, n)) return 0;
        run = i + 1;
    }
    if (!out_put(o, text + run, len - run)) return 0;
    return out_putc(o, '"');
}

static int out_js_string(JSContext *ctx, Out *o, JSValueConst value) {
    size_t len;
    const char *text = JS_ToCStringLen(ctx, &len, value);
    int ok;
    if (!text) return 0;
    ok = out_quoted(o, text, len);
    JS_FreeCString(ctx, text);
    return ok;
}

static int out_number(JSContext *ctx, Out *o, JSValueConst value) {
    char digits[24];
    int n = 0, negative;
    uint64_t u;
    double d;
    const char *text;
    size_t len;
    int ok;
    if (JS_VALUE_GET_TAG(value) == JS_TAG_INT) {
        int32_t i = JS_VALUE_GET_INT(value);
        negative = i < 0;
        u = negative ? (uint64_t)(-(int64_t)i) : (uint64_t)i;
    } else {
        d = JS_VALUE_GET_FLOAT64(value);
        if (!isfinite(d)) return out_put(o, "null", 4);
        /* Whole numbers below 2^53 (timestamps) print as integers in JS;
           -0 prints as 0. Anything else goes through QuickJS's own dtoa. */
        if (d != floor(d) || fabs(d) >= 9007199254740992.0) {
            text = JS_ToCStringLen(ctx, &len, value);
            if (!text) return 0;
            ok = out_put(o, text, len);
            JS_FreeCString(ctx, text);
            return ok;
        }
        negative = d < 0;
        u = (uint64_t)(negative ? -d : d);
    }
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative && !(n == 1 && digits[sizeof digits - 1] == '0')) digits[sizeof digits - 1 - n++] = '-';
    return out_put(o, digits + sizeof digits - n, (size_t)n);
}

/* Keys repeat all through a schedule: their quoted text is kept per atom for
   one answer (atoms are only reused once freed, and the objects being written
   hold theirs). */
#define KEY_CACHE 4096
static struct { JSAtom atom; uint32_t len; char *text; } key_cache[KEY_CACHE];

static void key_cache_clear(void) {
    for (int i = 0; i < KEY_CACHE; i++) {
        free(key_cache[i].text);
        key_cache[i].text = NULL;
        key_cache[i].atom = 0;
    }
}

static int out_key(JSContext *ctx, Out *o, JSAtom atom) {
    unsigned slot = atom % KEY_CACHE;
    if (key_cache[slot].text && key_cache[slot].atom == atom) return out_put(o, key_cache[slot].text, key_cache[slot].len);
    {
        Out quoted = {0};
        const char *text = JS_AtomToCString(ctx, atom);
        int ok;
        if (!text) return 0;
        ok = out_quoted(&quoted, text, strlen(text)) && out_putc(&quoted, ':');
        JS_FreeCString(ctx, text);
        if (!ok) {
            free(quoted.buf);
            return 0;
        }
        free(key_cache[slot].text);
        key_cache[slot].atom = atom;
        key_cache[slot].len = (uint32_t)quoted.len;
        key_cache[slot].text = quoted.buf;
        return out_put(o, quoted.buf, quoted.len);
    }
}

#define MAX_DEPTH 1000

/* Objects already written in this answer, by address: the api driver shares
   its pipeline objects between groups and versions, and a plain object's
   text cannot change while the answer is written (no JavaScript runs). */
#define WRITTEN_SLOTS 8192
#define WRITTEN_MIN 48
static struct { void *object; uint32_t at, len; } written[WRITTEN_SLOTS];
static unsigned written_count;

static unsigned written_slot(void *object) {
    return (unsigned)(((uintptr_t)object >> 3) * 2654435761u) & (WRITTEN_SLOTS - 1);
}

static int written_find(void *object) {
    unsigned slot = written_slot(object);
    while (written[slot].object) {
        if (written[slot].object == object) return (int)slot;
        slot = (slot + 1) & (WRITTEN_SLOTS - 1);
    }
    return -1;
}

static void written_add(void *object, size_t at, size_t len) {
    unsigned slot;
    /* Kept at most half full, so that a search always ends. */
    if (len < WRITTEN_MIN || written_count >= WRITTEN_SLOTS / 2) return;
    slot = written_slot(object);
    while (written[slot].object) slot = (slot + 1) & (WRITTEN_SLOTS - 1);
    written[slot].object = object;
    written[slot].at = (uint32_t)at;
    written[slot].len = (uint32_t)len;
    written_count++;
}

static void written_clear(void) {
    memset(written, 0, sizeof written);
    written_count = 0;
}

typedef struct {
    JSContext *ctx;
    Out *out;
    JSValue object_proto, array_proto; /* the intrinsic prototypes */
    JSAtom to_json, length;
    int inherited_to_json;            /* a toJSON on Object/Array.prototype: no fast path */
    void *path[MAX_DEPTH];            /* the objects being written, for cycles */
    int depth;
} Writer;

/* The member name or array index a value is written under: a toJSON is
   handed it. */
typedef struct {
    JSAtom atom;
    uint32_t index;
    int is_index;
} Key;

static int write_value(Writer *w, JSValueConst value, Key key);

/* JSON.stringify({key: value}) without its braces: for values that are not
   plain (toJSON, boxed primitives, dates, class instances). */
static int write_by_stringify(Writer *w, JSValueConst value, Key key) {
    JSContext *ctx = w->ctx;
    JSValue holder = JS_NewObject(ctx), text;
    JSAtom atom = key.is_index ? JS_NewAtomUInt32(ctx, key.index) : JS_DupAtom(ctx, key.atom);
    size_t len, head;
    const char *chars;
    int ok = 0;
    if (JS_IsException(holder) || atom == JS_ATOM_NULL) {
        JS_FreeValue(ctx, holder);
        return 0;
    }
    if (JS_DefinePropertyValue(ctx, holder, atom, JS_DupValue(ctx, value), JS_PROP_C_W_E) < 0) goto done;
    text = JS_JSONStringify(ctx, holder, JS_UNDEFINED, JS_UNDEFINED);
    if (JS_IsException(text)) goto done;
    chars = JS_IsString(text) ? JS_ToCStringLen(ctx, &len, text) : NULL;
    JS_FreeValue(ctx, text);
    if (!chars) goto done;
    /* {"key":...}, or {} when the value writes as nothing. */
    if (len <= 2) ok = 2;
    else {
        head = 1;
        while (head < len && chars[head] != ':') head += chars[head] == '\\' ? 2 : 1;
        ok = out_put(w->out, chars + head + 1, len - head - 2);
    }
    JS_FreeCString(ctx, chars);
done:
    JS_FreeAtom(ctx, atom);
    JS_FreeValue(ctx, holder);
    return ok;
}

/* What JSON.stringify leaves out of an object (and writes as null in an
   array): undefined, functions, symbols. */
static int is_skipped(JSContext *ctx, JSValueConst value) {
    int tag = JS_VALUE_GET_TAG(value);
    return tag == JS_TAG_UNDEFINED || tag == JS_TAG_SYMBOL || (tag == JS_TAG_OBJECT && JS_IsFunction(ctx, value));
}

static int same_object(JSValueConst a, JSValueConst b) {
    return JS_VALUE_GET_TAG(a) == JS_TAG_OBJECT && JS_VALUE_GET_TAG(b) == JS_TAG_OBJECT && JS_VALUE_GET_PTR(a) == JS_VALUE_GET_PTR(b);
}

static int write_plain(Writer *w, JSValueConst object, int is_array, Key key);

static int write_object(Writer *w, JSValueConst object, Key key) {
    JSContext *ctx = w->ctx;
    JSValue proto = JS_GetPrototype(ctx, object);
    int is_array, plain, ok;
    if (JS_IsException(proto)) return 0;
    is_array = JS_IsArray(ctx, object);
    if (is_array < 0) {
        JS_FreeValue(ctx, proto);
        return 0;
    }
    plain = !w->inherited_to_json && (is_array ? same_object(proto, w->array_proto) : (JS_IsNull(proto) || same_object(proto, w->object_proto)));
    JS_FreeValue(ctx, proto);
    if (!plain) return write_by_stringify(w, object, key);
    {
        int slot = written_find(JS_VALUE_GET_PTR(object));
        size_t at = w->out->len;
        if (slot >= 0) {
            /* Grown first: the copy comes from the same buffer. */
            if (!out_grow(w->out, written[slot].len)) return 0;
            memcpy(w->out->buf + at, w->out->buf + written[slot].at, written[slot].len);
            w->out->len += written[slot].len;
            return 1;
        }
        ok = write_plain(w, object, is_array, key);
        if (ok == 1) written_add(JS_VALUE_GET_PTR(object), at, w->out->len - at);
        return ok;
    }
}

/* A plain object or array, member by member. */
static int write_plain(Writer *w, JSValueConst object, int is_array, Key key) {
    JSContext *ctx = w->ctx;
    int i, ok = 0;
    for (i = 0; i < w->depth; i++) {
        if (w->path[i] == JS_VALUE_GET_PTR(object)) {
            JS_ThrowTypeError(ctx, "circular reference");
            return 0;
        }
    }
    if (w->depth == MAX_DEPTH) {
        JS_ThrowRangeError(ctx, "the result is nested more than %d deep", MAX_DEPTH);
        return 0;
    }
    if (is_array) {
        JSValue length = JS_GetProperty(ctx, object, w->length);
        uint32_t n, k;
        int failed = JS_ToUint32(ctx, &n, length);
        JS_FreeValue(ctx, length);
        if (failed) return 0;
        w->path[w->depth++] = JS_VALUE_GET_PTR(object);
        ok = out_putc(w->out, '[');
        for (k = 0; ok && k < n; k++) {
            JSValue item = JS_GetPropertyUint32(ctx, object, k);
            if (JS_IsException(item)) {
                ok = 0;
                break;
            }
            if (k > 0) ok = out_putc(w->out, ',');
            if (ok && is_skipped(ctx, item)) ok = out_put(w->out, "null", 4);
            else if (ok) {
                Key index = { JS_ATOM_NULL, k, 1 };
                ok = write_value(w, item, index);
                /* A toJSON that gave nothing: null in an array. */
                if (ok == 2) ok = out_put(w->out, "null", 4);
            }
            JS_FreeValue(ctx, item);
        }
        ok = ok && out_putc(w->out, ']');
    } else {
        JSPropertyEnum *tab;
        uint32_t n, k;
        int first = 1;
        if (JS_GetOwnPropertyNames(ctx, &tab, &n, object, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0) return 0;
        for (k = 0; k < n; k++) {
            if (tab[k].atom == w->to_json) break;
        }
        if (k < n) {
            /* An own toJSON: JSON.stringify's business. */
            for (k = 0; k < n; k++) JS_FreeAtom(ctx, tab[k].atom);
            js_free(ctx, tab);
            return write_by_stringify(w, object, key);
        }
        w->path[w->depth++] = JS_VALUE_GET_PTR(object);
        ok = out_putc(w->out, '{');
        for (k = 0; k < n; k++) {
            JSValue item;
            if (!ok) break;
            item = JS_GetProperty(ctx, object, tab[k].atom);
            if (JS_IsException(item)) {
                ok = 0;
                break;
            }
            if (!is_skipped(ctx, item)) {
                Key name = { tab[k].atom, 0, 0 };
                size_t mark = w->out->len;
                ok = (first || out_putc(w->out, ',')) && out_key(ctx, w->out, tab[k].atom);
                if (ok) ok = write_value(w, item, name);
                /* A member whose toJSON gave nothing is left out, comma and all. */
                if (ok == 2) {
                    w->out->len = mark;
                    ok = 1;
                } else first = 0;
            }
            JS_FreeValue(ctx, item);
        }
        for (k = 0; k < n; k++) JS_FreeAtom(ctx, tab[k].atom);
        js_free(ctx, tab);
        ok = ok && out_putc(w->out, '}');
    }
    w->depth--;
    return ok;
}

/* 1 when written, 2 when the value writes as nothing (a toJSON that gave
   undefined), 0 with a pending exception. */
static int write_value(Writer *w, JSValueConst value, Key key) {
    switch (JS_VALUE_GET_TAG(value)) {
    case JS_TAG_NULL:
        return out_put(w->out, "null", 4);
    case JS_TAG_BOOL:
        return JS_VALUE_GET_BOOL(value) ? out_put(w->out, "true", 4) : out_put(w->out, "false", 5);
    case JS_TAG_INT:
    case JS_TAG_FLOAT64:
        return out_number(w->ctx, w->out, value);
    case JS_TAG_STRING:
        return out_js_string(w->ctx, w->out, value);
    case JS_TAG_OBJECT:
        return write_object(w, value, key);
    default:
        return write_by_stringify(w, value, key);
    }
}

/* ---- reading the input: what is unchanged since the last run is last run's
   value ----
   verwalter writes every input with sorted keys (serde_json's maps), and from
   one run to the next most of it is the same bytes: the runtime, the peers,
   the parent (the previous schedule, as verwalter re-serialized it). A member
   whose text equals the last input's member at the same place is handed over
   as the value parsed then; the rest is parsed by QuickJS's JSON parser. The
   boot script deep-freezes the input before the scheduler sees it, so a value
   handed over twice is the value that text parses to. Anything unusual
   (unsorted or escaped keys, malformed text) is simply parsed whole. */

static char *last_text;
static size_t last_len;
static JSValue last_value = JS_UNDEFINED;
/* The size of the input's `parents` text (NO_PARENTS: not known): what the
   budget expects the first answer to take. */
#define NO_PARENTS ((size_t)-1)
static size_t parents_len = NO_PARENTS;
/* Bytes parsed and bytes only compared in this run, for the budget. */
static size_t bytes_parsed, bytes_compared;

/* Below this size a changed value is parsed whole rather than taken apart. */
#define REUSE_SPLIT 512
#define REUSE_DEPTH 32

static const char *skip_space(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    return p;
}

/* Past the string starting at p (a quote); NULL if it does not end.
   *escaped is set when it holds a backslash. */
static const char *skip_string(const char *p, const char *end, int *escaped) {
    for (p++; p < end; p++) {
        if (*p == '"') return p + 1;
        if (*p == '\\') {
            *escaped = 1;
            p++;
        }
    }
    return NULL;
}

/* Past the value starting at p, by its brackets and quotes only (the parser
   or an equal last text vouches for the rest); NULL if it does not end. */
static const char *skip_value(const char *p, const char *end) {
    int depth = 0, escaped;
    if (p >= end) return NULL;
    if (*p != '{' && *p != '[' && *p != '"') {
        while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') p++;
        return p;
    }
    while (p < end) {
        if (*p == '"') {
            p = skip_string(p, end, &escaped);
            if (!p) return NULL;
            if (depth == 0) return p;
            continue;
        }
        if (*p == '{' || *p == '[') depth++;
        else if (*p == '}' || *p == ']') {
            if (--depth == 0) return p + 1;
        }
        p++;
    }
    return NULL;
}

/* QuickJS's JSON parser over [p, end): it reads up to a NUL there (the
   input buffer has room for one past its end: vw_alloc). */
static JSValue parse_span(JSContext *ctx, const char *p, const char *end) {
    char *at = (char *)end, saved = *at;
    JSValue value;
    *at = 0;
    value = JS_ParseJSON(ctx, p, (size_t)(end - p), "<input>");
    *at = saved;
    bytes_parsed += (size_t)(end - p);
    return value;
}

/* One member of an object's text: the key's bytes (between the quotes) and
   the value's span. */
typedef struct {
    const char *key, *key_end, *value, *value_end;
} Member;

/* The member at p (after '{' or ','): 1, 0 at '}', -1 when it is not one
   this reader takes (malformed, or an escaped key). *p moves past it. */
static int next_member(const char **at, const char *end, Member *m) {
    const char *p = skip_space(*at, end);
    int escaped = 0;
    if (p < end && *p == ',') p = skip_space(p + 1, end);
    if (p < end && *p == '}') {
        *at = p + 1;
        return 0;
    }
    if (p >= end || *p != '"') return -1;
    m->key = p + 1;
    p = skip_string(p, end, &escaped);
    if (!p || escaped) return -1;
    m->key_end = p - 1;
    p = skip_space(p, end);
    if (p >= end || *p != ':') return -1;
    m->value = skip_space(p + 1, end);
    m->value_end = skip_value(m->value, end);
    if (!m->value_end) return -1;
    p = skip_space(m->value_end, end);
    if (p >= end || (*p != ',' && *p != '}')) return -1;
    *at = p;
    return 1;
}

static int compare_keys(const Member *a, const Member *b) {
    size_t la = (size_t)(a->key_end - a->key), lb = (size_t)(b->key_end - b->key);
    int c = memcmp(a->key, b->key, la < lb ? la : lb);
    return c ? c : (la < lb ? -1 : la > lb);
}

static JSAtom key_atom(JSContext *ctx, const Member *m) {
    const char *p;
    JSValue name;
    JSAtom atom;
    for (p = m->key; p < m->key_end; p++) {
        if ((unsigned char)*p >= 0x80) break;
    }
    if (p == m->key_end) return JS_NewAtomLen(ctx, m->key, (size_t)(m->key_end - m->key));
    /* JS_NewAtomLen matches bytes against 8-bit atoms: not for UTF-8. */
    name = JS_NewStringLen(ctx, m->key, (size_t)(m->key_end - m->key));
    if (JS_IsException(name)) return JS_ATOM_NULL;
    atom = JS_ValueToAtom(ctx, name);
    JS_FreeValue(ctx, name);
    return atom;
}

static JSValue read_value(JSContext *ctx, const char *p, const char *end, const char *last, const char *last_end, JSValueConst last_value, int depth);

static JSValue read_object(JSContext *ctx, const char *p, const char *end, const char *last, const char *last_end, JSValueConst last_value, int depth) {
    JSValue object = JS_NewObject(ctx);
    const char *at = p + 1, *last_at = last + 1;
    Member m, lm, previous;
    int have_last = 0, got, last_got = 1, first = 1;
    if (JS_IsException(object)) return object;
    for (;;) {
        JSAtom atom;
        JSValue child, last_child = JS_UNDEFINED;
        int matched = 0;
        got = next_member(&at, end, &m);
        if (got == 0) break;
        /* Keys out of order (or repeated): not verwalter's text; parse it whole. */
        if (got < 0 || (!first && compare_keys(&previous, &m) >= 0)) goto whole;
        first = 0;
        previous = m;
        while (last_got > 0) {
            if (!have_last) {
                last_got = next_member(&last_at, last_end, &lm);
                if (last_got <= 0) break;
                have_last = 1;
            }
            int c = compare_keys(&lm, &m);
            if (c < 0) {
                have_last = 0;
                continue;
            }
            matched = c == 0;
            break;
        }
        if (depth == 0 && m.key_end - m.key == 7 && memcmp(m.key, "parents", 7) == 0) parents_len = (size_t)(m.value_end - m.value);
        atom = key_atom(ctx, &m);
        if (atom == JS_ATOM_NULL) goto fail;
        if (matched) {
            last_child = JS_GetProperty(ctx, last_value, atom);
            if (JS_IsException(last_child)) {
                JS_FreeAtom(ctx, atom);
                goto fail;
            }
            have_last = 0;
        }
        child = read_value(ctx, m.value, m.value_end, matched ? lm.value : NULL, matched ? lm.value_end : NULL, last_child, depth + 1);
        JS_FreeValue(ctx, last_child);
        if (JS_IsException(child) || JS_DefinePropertyValue(ctx, object, atom, child, JS_PROP_C_W_E) < 0) {
            JS_FreeAtom(ctx, atom);
            goto fail;
        }
        JS_FreeAtom(ctx, atom);
    }
    if (skip_space(at, end) != end) goto whole;
    return object;
whole:
    JS_FreeValue(ctx, object);
    return parse_span(ctx, p, end);
fail:
    JS_FreeValue(ctx, object);
    return JS_EXCEPTION;
}

static JSValue read_array(JSContext *ctx, const char *p, const char *end, const char *last, const char *last_end, JSValueConst last_value, int depth) {
    JSValue array = JS_NewArray(ctx);
    const char *at = skip_space(p + 1, end), *last_at = skip_space(last + 1, last_end);
    uint32_t i;
    if (JS_IsException(array)) return array;
    if (at < end && *at == ']') goto done;
    for (i = 0;; i++) {
        const char *item = at, *item_end = skip_value(item, end), *last_item = NULL, *last_item_end = NULL;
        JSValue last_child = JS_UNDEFINED, child;
        if (!item_end) goto whole;
        if (last_at && last_at < last_end && *last_at != ']') {
            last_item = last_at;
            last_item_end = skip_value(last_item, last_end);
            if (last_item_end) {
                last_child = JS_GetPropertyUint32(ctx, last_value, i);
                if (JS_IsException(last_child)) goto fail;
                last_at = skip_space(last_item_end, last_end);
                if (last_at < last_end && *last_at == ',') last_at = skip_space(last_at + 1, last_end);
            } else last_item = last_at = NULL;
        } else last_at = NULL;
        child = read_value(ctx, item, item_end, last_item, last_item_end, last_child, depth + 1);
        JS_FreeValue(ctx, last_child);
        if (JS_IsException(child) || JS_DefinePropertyValueUint32(ctx, array, i, child, JS_PROP_C_W_E) < 0) goto fail;
        at = skip_space(item_end, end);
        if (at < end && *at == ']') break;
        if (at >= end || *at != ',') goto whole;
        at = skip_space(at + 1, end);
    }
done:
    if (skip_space(at + 1, end) != end) goto whole;
    return array;
whole:
    JS_FreeValue(ctx, array);
    return parse_span(ctx, p, end);
fail:
    JS_FreeValue(ctx, array);
    return JS_EXCEPTION;
}

/* The value of [p, end): last run's value when [last, last_end) is the same
   text, else parsed, taken apart where it is large and last run had the
   same kind of value there. */
static JSValue read_value(JSContext *ctx, const char *p, const char *end, const char *last, const char *last_end, JSValueConst last_value, int depth) {
    size_t len = (size_t)(end - p);
    if (last && (size_t)(last_end - last) == len && memcmp(p, last, len) == 0) {
        bytes_compared += len;
        return JS_DupValue(ctx, last_value);
    }
    if (!last || len < REUSE_SPLIT || depth > REUSE_DEPTH || *p != *last) return parse_span(ctx, p, end);
    if (*p == '{' && JS_IsObject(last_value)) return read_object(ctx, p, end, last, last_end, last_value, depth);
    if (*p == '[' && JS_IsArray(ctx, last_value) > 0) return read_array(ctx, p, end, last, last_end, last_value, depth);
    return parse_span(ctx, p, end);
}

/* The input's value (JS_EXCEPTION when it is not JSON: run() then parses the
   text itself, for the parser's message); the text is kept for the next run. */
static JSValue read_input(JSContext *ctx, const char *input, size_t len) {
    const char *p = skip_space(input, input + len), *end = input + len;
    JSValue value;
    char *copy;
    size_t known_parents = parents_len;
    bytes_parsed = bytes_compared = 0;
    parents_len = NO_PARENTS;
    while (end > p && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\r' || end[-1] == '\t')) end--;
    value = read_value(ctx, p, end, last_text, last_text ? last_text + last_len : NULL, last_value, 0);
    if (JS_IsException(value)) return value;
    /* The same text as last time: the same parents. Read whole (the first
       run): found by a scan of the top level. */
    if (parents_len == NO_PARENTS && bytes_parsed == 0) parents_len = known_parents;
    if (parents_len == NO_PARENTS && p < end && *p == '{') {
        const char *at = p + 1;
        Member m;
        while (next_member(&at, end, &m) > 0) {
            if (m.key_end - m.key == 7 && memcmp(m.key, "parents", 7) == 0) parents_len = (size_t)(m.value_end - m.value);
        }
    }
    copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, input, len);
        free(last_text);
        JS_FreeValue(ctx, last_value);
        last_text = copy;
        last_len = len;
        last_value = JS_DupValue(ctx, value);
    }
    return value;
}

/* Forgets the last input (after a run that failed in the engine). */
static void forget_input(JSContext *ctx) {
    free(last_text);
    last_text = NULL;
    last_len = 0;
    JS_FreeValue(ctx, last_value);
    last_value = JS_UNDEFINED;
}

/* ---- the interface verwalter calls ---- */

/* Called here, once, rather than by wrappers the linker would otherwise put
   around every export (which would run the constructors on every call).
   First of all, the payload is kept from the allocator: wasi-libc's malloc
   takes everything from __heap_base to the end of memory as its first free
   space, and the builder put the payload at the end. One allocation that
   covers it, never freed, is carved from the start of that space (malloc
   writes no more than the headers around it). */
extern void __wasm_call_ctors(void);
extern unsigned char __heap_base;
static void constructed(void) {
    static int done;
    if (done) return;
    done = 1;
    if (settings.payload_len) {
        uintptr_t start = (uintptr_t)&__heap_base, end = settings.payload_addr + settings.payload_len;
        uintptr_t guard = (uintptr_t)malloc(end - start);
        if (!guard || guard > settings.payload_addr || guard + (end - start) < end) panic("the payload is not where the allocator starts", __LINE__);
    }
    __wasm_call_ctors();
}

/* verwalter writes its input here; a failed allocation is a trap, after
   which verwalter starts a fresh instance. */
EXPORT(alloc) void *vw_alloc(int32_t len) {
    void *ptr;
    constructed();
    if (len < 0) panic("alloc: a negative length", __LINE__);
    /* One byte more: the input reader puts a NUL past a span it parses. */
    ptr = malloc((size_t)len + 1);
    if (!ptr) panic("alloc: out of memory", __LINE__);
    return ptr;
}

EXPORT(dealloc) void vw_dealloc(void *ptr) { free(ptr); }

/* The units counted in this run (with the answer's expected size already
   in), and the interrupt checks. */
static uint32_t units_used, checks, last_written;
static int over_budget;

static int on_interrupt(JSRuntime *rt, void *opaque) {
    checks++;
    units_used += settings.units_per_check;
    if (settings.budget != 0 && units_used > settings.budget) {
        over_budget = 1;
        return 1;
    }
    return 0;
}

static JSRuntime *runtime;
static JSContext *context;
static JSValue api_run, api_failed, api_unwritable, api_loaded;
static Writer writer;

static uint32_t read_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The payload: u32 count, then count x (u32 offset, u32 length) from its
   start, then the bytecode. Entry 0 is the boot script. */
static const uint8_t *payload(void) { return (const uint8_t *)(uintptr_t)settings.payload_addr; }
static uint32_t entry_count(void) { return read_u32(payload()); }

static JSValue read_entry(JSContext *ctx, uint32_t index) {
    const uint8_t *base = payload();
    JSValue code;
    if (index >= entry_count()) return JS_ThrowRangeError(ctx, "no module %u in the payload", index);
    code = JS_ReadObject(ctx, base + read_u32(base + 4 + 8 * index), read_u32(base + 8 + 8 * index), JS_READ_OBJ_BYTECODE);
    if (JS_IsException(code)) return code;
    return JS_EvalFunction(ctx, code);
}

/* native.load(index): the value of precompiled module `index` (a function
   taking exports, require and module, as the harness's loader wraps it). */
static JSValue native_load(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t index;
    if (JS_ToUint32(ctx, &index, argv[0])) return JS_EXCEPTION;
    return read_entry(ctx, index);
}

/* native.outOfMemory(): whether an allocation failed in this run. */
static JSValue native_out_of_memory(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    return JS_NewBool(ctx, allocation_failed);
}

static void drop_engine(void) {
    if (context) {
        forget_input(context);
        JS_FreeValue(context, api_run);
        JS_FreeValue(context, api_failed);
        JS_FreeValue(context, api_unwritable);
        JS_FreeValue(context, api_loaded);
        JS_FreeValue(context, writer.object_proto);
        JS_FreeValue(context, writer.array_proto);
        JS_FreeAtom(context, writer.to_json);
        JS_FreeAtom(context, writer.length);
        JS_FreeContext(context);
    }
    if (runtime) JS_FreeRuntime(runtime);
    context = NULL;
    runtime = NULL;
}

/* Why the engine could not start, for the run's log. */
static char start_error[400];

static int start_failed(JSValue exception) {
    const char *text;
    JS_FreeValue(context, exception);
    exception = JS_GetException(context);
    text = JS_ToCString(context, exception);
    strncpy(start_error, text ? text : "out of memory", sizeof start_error - 1);
    if (text) JS_FreeCString(context, text);
    JS_FreeValue(context, exception);
    return 0;
}

/* Evaluates the boot script and keeps its run() and failed(). */
static int start_engine(void) {
    JSValue boot, native, global, api, args[4];
    runtime = JS_NewRuntime2(&malloc_functions, NULL);
    if (!runtime) return 0;
    JS_SetMemoryLimit(runtime, settings.memory_limit);
    JS_SetMaxStackSize(runtime, settings.stack_limit);
    JS_SetInterruptHandler(runtime, on_interrupt, NULL);
    context = JS_NewContext(runtime);
    if (!context) return 0;
    api_run = api_failed = api_unwritable = api_loaded = JS_UNDEFINED;
    /* The intrinsic prototypes, taken before any scheduler code runs. */
    global = JS_GetGlobalObject(context);
    writer.ctx = context;
    writer.object_proto = JS_GetPrototype(context, global);
    {
        JSValue array = JS_NewArray(context);
        writer.array_proto = JS_GetPrototype(context, array);
        JS_FreeValue(context, array);
    }
    JS_FreeValue(context, global);
    writer.to_json = JS_NewAtom(context, "toJSON");
    writer.length = JS_NewAtom(context, "length");
    boot = read_entry(context, 0);
    if (JS_IsException(boot)) return start_failed(boot);
    native = JS_NewObject(context);
    JS_SetPropertyStr(context, native, "load", JS_NewCFunction(context, native_load, "load", 1));
    JS_SetPropertyStr(context, native, "outOfMemory", JS_NewCFunction(context, native_out_of_memory, "outOfMemory", 0));
    global = JS_GetGlobalObject(context);
    args[0] = global;
    args[1] = native;
    args[2] = JS_NewUint32(context, settings.budget);
    args[3] = JS_NewBool(context, settings.check_input);
    api = JS_Call(context, boot, JS_UNDEFINED, 4, args);
    JS_FreeValue(context, boot);
    JS_FreeValue(context, native);
    JS_FreeValue(context, global);
    if (JS_IsException(api)) return start_failed(api);
    api_run = JS_GetPropertyStr(context, api, "run");
    api_failed = JS_GetPropertyStr(context, api, "failed");
    api_unwritable = JS_GetPropertyStr(context, api, "unwritable");
    api_loaded = JS_GetPropertyStr(context, api, "isLoaded");
    JS_FreeValue(context, api);
    return JS_IsFunction(context, api_run) && JS_IsFunction(context, api_failed) && JS_IsFunction(context, api_unwritable) &&
        JS_IsFunction(context, api_loaded);
}

/* A malloc'd, NUL-terminated copy for verwalter to read and dealloc. */
static char *copy_out(const char *text, size_t len) {
    char *out = malloc(len + 1);
    if (!out) panic("scheduler: no memory for the result", __LINE__);
    memcpy(out, text, len);
    out[len] = 0;
    return out;
}

/* The last resort, when not even the engine can write the answer:
   {"schedule":null,"log":"scheduler.wasm: <what>: <detail>\n"}. */
static char *engine_failure(const char *what, const char *detail) {
    static const char mark[] = "scheduler.wasm: ", head[] = "{\"schedule\":null,\"log\":";
    Out log = { 0 }, out = { 0 };
    int ok = out_put(&log, mark, sizeof mark - 1) && out_put(&log, what, strlen(what)) &&
        (!detail[0] || (out_put(&log, ": ", 2) && out_put(&log, detail, strlen(detail)))) && out_putc(&log, '\n') &&
        out_put(&out, head, sizeof head - 1) && out_quoted(&out, log.buf, log.len) && out_put(&out, "}", 2);
    free(log.buf);
    if (!ok) panic("scheduler: no memory for the result", __LINE__);
    return out.buf;
}

static char *string_out(JSValue value) {
    size_t len;
    const char *text;
    char *out;
    if (!JS_IsString(value)) {
        JS_FreeValue(context, value);
        return NULL;
    }
    text = JS_ToCStringLen(context, &len, value);
    JS_FreeValue(context, value);
    if (!text) return NULL;
    out = copy_out(text, len);
    JS_FreeCString(context, text);
    return out;
}

/* {"schedule":...,"log":...,"actions":...} of run()'s answer object, NUL-
   terminated; NULL with an exception pending when it cannot be written. */
static char *write_answer(JSValueConst answer) {
    static const char *const names[] = { "schedule", "log", "actions" };
    Out out = { 0 };
    JSValue inherited = JS_GetProperty(context, writer.array_proto, writer.to_json);
    int ok, i;
    if (JS_IsException(inherited)) return NULL;
    /* Array.prototype's chain holds Object.prototype's too. */
    writer.inherited_to_json = !JS_IsUndefined(inherited);
    JS_FreeValue(context, inherited);
    writer.out = &out;
    writer.depth = 0;
    ok = out_putc(&out, '{');
    for (i = 0; ok && i < 3; i++) {
        JSAtom atom = JS_NewAtom(context, names[i]);
        JSValue value = JS_GetProperty(context, answer, atom);
        Key key = { atom, 0, 0 };
        ok = !JS_IsException(value) && (i == 0 || out_putc(&out, ',')) && out_key(context, &out, atom);
        if (ok) ok = write_value(&writer, value, key);
        if (ok == 2) ok = out_put(&out, "null", 4);
        JS_FreeValue(context, value);
        JS_FreeAtom(context, atom);
    }
    ok = ok && out_put(&out, "}", 2);
    key_cache_clear();
    written_clear();
    if (!ok) {
        free(out.buf);
        {
            /* Out of our own buffer's memory, nothing was thrown. */
            JSValue pending = JS_GetException(context);
            if (JS_IsNull(pending)) JS_ThrowOutOfMemory(context);
            else JS_Throw(context, pending);
        }
        return NULL;
    }
    return out.buf;
}

/* Template only: input "<file>\0<source>", output u32 status (0: bytecode
   follows, 1: an error message follows), u32 length, the bytes. */
static char *compile(const char *input, int32_t len) {
    JSRuntime *rt = JS_NewRuntime();
    JSContext *ctx = JS_NewContext(rt);
    size_t name_len = strnlen(input, (size_t)len), size = 0, source_len;
    char *source;
    uint32_t status = 0;
    uint8_t *bytes = NULL;
    const char *message = NULL;
    char *out;
    JSValue code;
    if (name_len >= (size_t)len) panic("compile: no file name", __LINE__);
    /* QuickJS's parser reads up to a NUL past the source. */
    source_len = (size_t)len - name_len - 1;
    source = malloc(source_len + 1);
    if (!source) panic("compile: out of memory", __LINE__);
    memcpy(source, input + name_len + 1, source_len);
    source[source_len] = 0;
    code = JS_Eval(ctx, source, source_len, input, JS_EVAL_TYPE_GLOBAL | JS_EVAL_FLAG_COMPILE_ONLY);
    free(source);
    if (JS_IsException(code)) {
        JSValue error = JS_GetException(ctx);
        status = 1;
        message = JS_ToCStringLen(ctx, &size, error);
        JS_FreeValue(ctx, error);
    } else {
        bytes = JS_WriteObject(ctx, &size, code, JS_WRITE_OBJ_BYTECODE);
        JS_FreeValue(ctx, code);
    }
    out = malloc(8 + size);
    if (!out) panic("compile: out of memory", __LINE__);
    memcpy(out, &status, 4);
    memcpy(out + 4, &(uint32_t){(uint32_t)size}, 4);
    memcpy(out + 8, status ? (const void *)message : (const void *)bytes, size);
    if (message) JS_FreeCString(ctx, message);
    if (bytes) js_free(ctx, bytes);
    JS_FreeContext(ctx);
    JS_FreeRuntime(rt);
    return out;
}

/* One scheduler run: `input` is verwalter's JSON; the answer is one JSON
   value {"schedule", "log", "actions"}, NUL-terminated. */
EXPORT(scheduler) char *vw_scheduler(const char *input, int32_t len) {
    JSValue args[3], result;
    char *out;
    constructed();
    if (settings.payload_len == 0) return compile(input, len);
    if (!context && !start_engine()) {
        drop_engine();
        /* An empty reason: no memory even for the runtime. */
        if (!start_error[0]) strcpy(start_error, "out of memory");
        return engine_failure("the engine could not start", start_error);
    }
    over_budget = 0;
    allocation_failed = 0;
    args[0] = read_input(context, input, (size_t)len);
    if (JS_IsException(args[0])) {
        /* Not JSON (or no memory): run() parses the text and says why. */
        JS_FreeValue(context, JS_GetException(context));
        forget_input(context);
        bytes_parsed = (size_t)len;
        args[0] = JS_NewStringLen(context, input, (size_t)len);
        if (JS_IsException(args[0])) return engine_failure("no memory for the input", "");
    }
    /* Comparing equal text costs next to nothing beside parsing it. The
       answer is expected as long as the last one; before any, as long as
       the parents (an answer is the next parent), or four fifths of the
       input where they could not be told apart. */
    checks = 0;
    units_used = (uint32_t)(bytes_parsed / settings.parsed_per_unit +
        (last_written ? last_written : parents_len != NO_PARENTS ? parents_len : (size_t)len / 5 * 4) / settings.written_per_unit);
    args[1] = JS_NewUint32(context, units_used);
    args[2] = JS_NewUint32(context, (uint32_t)len);
    result = JS_Call(context, api_run, JS_UNDEFINED, 3, args);
    JS_FreeValue(context, args[0]);
    settings.last_units = units_used;
    settings.last_checks = checks;
    settings.last_parsed = (uint32_t)bytes_parsed;
    settings.last_compared = (uint32_t)bytes_compared;
    if (JS_IsException(result)) {
        /* Only what JavaScript cannot catch gets here: the budget's
           interrupt, or a failure inside run() itself. */
        JSValue why[2];
        JS_FreeValue(context, JS_GetException(context));
        /* Stopped by the budget, the input read stays: the next run, which
           verwalter makes a second later, need not read it again. */
        if (!over_budget) forget_input(context);
        why[0] = JS_NewBool(context, over_budget);
        why[1] = JS_NewUint32(context, units_used);
        over_budget = 0;
        units_used = 0;
        result = JS_Call(context, api_failed, JS_UNDEFINED, 2, why);
        if (JS_IsException(result)) {
            JS_FreeValue(context, JS_GetException(context));
            return engine_failure("the run failed and its error could not be written (out of memory?)", "");
        }
        {
            /* Stopped while main.js loaded: the next run starts afresh. */
            JSValue loaded = JS_Call(context, api_loaded, JS_UNDEFINED, 0, NULL);
            int restart = !JS_ToBool(context, loaded);
            JS_FreeValue(context, loaded);
            if (restart) {
                out = string_out(result);
                drop_engine();
                return out ? out : engine_failure("the run's answer could not be read (out of memory?)", "");
            }
        }
    }
    if (JS_IsObject(result)) {
        out = write_answer(result);
        JS_FreeValue(context, result);
        if (out) {
            /* The next run expects as much to write. */
            last_written = (uint32_t)strlen(out);
            settings.last_written = last_written;
            return out;
        }
        {
            JSValue error = JS_GetException(context);
            result = JS_Call(context, api_unwritable, JS_UNDEFINED, 1, &error);
            JS_FreeValue(context, error);
        }
        if (JS_IsException(result)) {
            JS_FreeValue(context, JS_GetException(context));
            return engine_failure("the answer could not be written (out of memory?)", "");
        }
    }
    out = string_out(result);
    return out ? out : engine_failure("the run's answer could not be read (out of memory?)", "");
}
