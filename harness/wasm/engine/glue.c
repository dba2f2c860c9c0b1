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

/* Found by its magic and filled in by the builder (harness/wasm/payload.mjs). */
struct settings {
    char magic[16];
    uint32_t payload_addr;   /* where the modules are; 0 in the template */
    uint32_t payload_len;
    uint32_t memory_limit;   /* bytes QuickJS may allocate */
    uint32_t budget;         /* work units a run may take; 0: no limit */
    uint32_t stack_limit;    /* bytes of C stack QuickJS may use */
    uint32_t input_units;    /* input bytes counted as one unit of work */
    uint32_t last_units;     /* written by each run: the work it took (for the bench) */
};
__attribute__((used)) volatile struct settings settings = {
    {'v','e','r','w','a','l','t','e','r','-','w','a','s','m','-','1'},
    0, 0, 1u << 30, 0, 256 * 1024, 1024, 0,
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
    ptr = malloc(len > 0 ? (size_t)len : 1);
    if (!ptr) panic("alloc: out of memory", __LINE__);
    return ptr;
}

EXPORT(dealloc) void vw_dealloc(void *ptr) { free(ptr); }

/* Work is counted in units of QuickJS's interrupt checks (one per about
   10000 calls and backward jumps) plus the input's size: JSON parsing and
   writing never reach the handler, and grow with it. */
static uint32_t units_used;
static int over_budget;

static int on_interrupt(JSRuntime *rt, void *opaque) {
    units_used++;
    if (settings.budget != 0 && units_used > settings.budget) {
        over_budget = 1;
        return 1;
    }
    return 0;
}

static JSRuntime *runtime;
static JSContext *context;
static JSValue api_run, api_failed;

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
        JS_FreeValue(context, api_run);
        JS_FreeValue(context, api_failed);
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
    JSValue boot, native, global, api, args[3];
    runtime = JS_NewRuntime2(&malloc_functions, NULL);
    if (!runtime) return 0;
    JS_SetMemoryLimit(runtime, settings.memory_limit);
    JS_SetMaxStackSize(runtime, settings.stack_limit);
    JS_SetInterruptHandler(runtime, on_interrupt, NULL);
    context = JS_NewContext(runtime);
    if (!context) return 0;
    api_run = api_failed = JS_UNDEFINED;
    boot = read_entry(context, 0);
    if (JS_IsException(boot)) return start_failed(boot);
    native = JS_NewObject(context);
    JS_SetPropertyStr(context, native, "load", JS_NewCFunction(context, native_load, "load", 1));
    JS_SetPropertyStr(context, native, "outOfMemory", JS_NewCFunction(context, native_out_of_memory, "outOfMemory", 0));
    global = JS_GetGlobalObject(context);
    args[0] = global;
    args[1] = native;
    args[2] = JS_NewUint32(context, settings.budget);
    api = JS_Call(context, boot, JS_UNDEFINED, 3, args);
    JS_FreeValue(context, boot);
    JS_FreeValue(context, native);
    JS_FreeValue(context, global);
    if (JS_IsException(api)) return start_failed(api);
    api_run = JS_GetPropertyStr(context, api, "run");
    api_failed = JS_GetPropertyStr(context, api, "failed");
    JS_FreeValue(context, api);
    return JS_IsFunction(context, api_run) && JS_IsFunction(context, api_failed);
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
    static const char head[] = "{\"schedule\":null,\"log\":\"scheduler.wasm: ";
    static const char tail[] = "\\n\"}";
    size_t n = strlen(what), d = strlen(detail), at;
    /* Each byte of the detail takes at most 6 as a JSON escape. */
    char *out = malloc(sizeof head + n + 2 + 6 * d + sizeof tail);
    if (!out) panic("scheduler: no memory for the result", __LINE__);
    memcpy(out, head, sizeof head - 1);
    at = sizeof head - 1;
    memcpy(out + at, what, n); /* `what` is a literal without quotes */
    at += n;
    if (d) {
        out[at++] = ':';
        out[at++] = ' ';
    }
    for (size_t i = 0; i < d; i++) {
        unsigned char c = (unsigned char)detail[i];
        if (c == '"' || c == '\\') {
            out[at++] = '\\';
            out[at++] = (char)c;
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            memcpy(out + at, "\\u00", 4);
            out[at + 4] = hex[c >> 4];
            out[at + 5] = hex[c & 15];
            at += 6;
        } else {
            out[at++] = (char)c;
        }
    }
    memcpy(out + at, tail, sizeof tail);
    return out;
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
    JSValue args[2], result;
    char *out;
    constructed();
    if (settings.payload_len == 0) return compile(input, len);
    if (!context && !start_engine()) {
        drop_engine();
        /* An empty reason: no memory even for the runtime. */
        if (!start_error[0]) strcpy(start_error, "out of memory");
        return engine_failure("the engine could not start", start_error);
    }
    units_used = (uint32_t)len / settings.input_units;
    over_budget = 0;
    allocation_failed = 0;
    args[0] = JS_NewStringLen(context, input, (size_t)len);
    if (JS_IsException(args[0])) return engine_failure("no memory for the input", "");
    args[1] = JS_NewUint32(context, units_used);
    result = JS_Call(context, api_run, JS_UNDEFINED, 2, args);
    JS_FreeValue(context, args[0]);
    settings.last_units = units_used;
    if (JS_IsException(result)) {
        /* Only what JavaScript cannot catch gets here: the budget's
           interrupt, or a failure inside run() itself. */
        JSValue why[2];
        JS_FreeValue(context, JS_GetException(context));
        why[0] = JS_NewBool(context, over_budget);
        why[1] = JS_NewUint32(context, units_used);
        over_budget = 0;
        units_used = 0;
        result = JS_Call(context, api_failed, JS_UNDEFINED, 2, why);
        if (JS_IsException(result)) {
            JS_FreeValue(context, JS_GetException(context));
            return engine_failure("the run failed and its error could not be written (out of memory?)", "");
        }
    }
    out = string_out(result);
    return out ? out : engine_failure("the run's answer could not be read (out of memory?)", "");
}
