// Just enough of the WebAssembly binary format for scheduler.wasm: reading
// a module's types, imports, exports and memory (what the host must offer,
// what the tests check), and putting a payload into a copy of the engine
// template: a data segment of its own in new pages past the template's
// memory, and the template's settings filled in.

const MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const SECTION = { type: 1, import: 2, memory: 5, export: 7, data: 11 };
const PAGE = 64 * 1024;
const PAYLOAD_GAP = 64;
const VALUE_TYPES = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64' };
const KINDS = ['function', 'table', 'memory', 'global'];
// The glue's `settings` (engine/glue.c) starts with these 16 bytes.
export const SETTINGS_MAGIC = Buffer.from('verwalter-wasm-1', 'latin1');
const SETTINGS_FIELDS = [
  'payload_addr', 'payload_len', 'memory_limit', 'budget', 'stack_limit', 'parsed_per_unit', 'units_per_check', 'written_per_unit',
  'check_input', 'last_units', 'last_checks', 'last_parsed', 'last_compared', 'last_written',
];

class Reader {
  constructor(bytes, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }
  byte() {
    if (this.at >= this.bytes.length) throw new Error('not a WebAssembly module: it ends early');
    return this.bytes[this.at++];
  }
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  }
  name() {
    const length = this.u32();
    const text = this.bytes.subarray(this.at, this.at + length).toString('utf8');
    this.at += length;
    return text;
  }
  limits() {
    const flags = this.byte();
    const min = this.u32();
    return flags & 1 ? { min, max: this.u32() } : { min };
  }
}

function u32leb(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return Buffer.from(out);
}

// i32.const takes a signed LEB128.
function i32leb(value) {
  const out = [];
  let v = value | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) {
      out.push(b);
      return Buffer.from(out);
    }
    out.push(b | 0x80);
  }
}

function sectionsOf(bytes) {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(MAGIC)) throw new Error('not a WebAssembly module (version 1)');
  const reader = new Reader(bytes, 8);
  const sections = [];
  while (reader.at < bytes.length) {
    const header = reader.at;
    const id = reader.byte();
    const size = reader.u32();
    sections.push({ id, header, start: reader.at, end: reader.at + size });
    reader.at += size;
  }
  return sections;
}

function vector(bytes, section, readItem) {
  if (!section) return [];
  const reader = new Reader(bytes, section.start);
  const count = reader.u32();
  const items = [];
  for (let i = 0; i < count; i++) items.push(readItem(reader));
  return items;
}

// {types, imports, exports, memory}: imports and exports as {module?, name,
// kind, type?}, functions with their signature {params, results}.
export function describeModule(bytes) {
  const sections = sectionsOf(bytes);
  const find = (id) => sections.find((s) => s.id === id);
  const types = vector(bytes, find(SECTION.type), (r) => {
    if (r.byte() !== 0x60) throw new Error('unknown type form');
    const params = Array.from({ length: r.u32() }, () => VALUE_TYPES[r.byte()]);
    const results = Array.from({ length: r.u32() }, () => VALUE_TYPES[r.byte()]);
    return { params, results };
  });
  const imports = vector(bytes, find(SECTION.import), (r) => {
    const module = r.name();
    const name = r.name();
    const kind = KINDS[r.byte()];
    if (kind === 'function') return { module, name, kind, type: types[r.u32()] };
    if (kind === 'table') {
      r.byte();
      r.limits();
    } else if (kind === 'memory') r.limits();
    else {
      r.byte();
      r.byte();
    }
    return { module, name, kind };
  });
  const exports = vector(bytes, find(SECTION.export), (r) => ({ name: r.name(), kind: KINDS[r.byte()], index: r.u32() }));
  const [memory] = vector(bytes, find(SECTION.memory), (r) => r.limits());
  return { types, imports, exports, memory };
}

function section(id, body) {
  return Buffer.concat([Buffer.from([id]), u32leb(body.length), body]);
}

// A copy of `template` holding `payload` (a Buffer) at the start of pages
// appended to its memory, with its settings set: `settings` maps the glue's
// field names to u32 values (payload_addr and payload_len are set here).
// The glue keeps the payload from the heap.
export function withPayload(template, payload, settings) {
  const sections = sectionsOf(template);
  const memorySection = sections.find((s) => s.id === SECTION.memory);
  const dataSection = sections.find((s) => s.id === SECTION.data);
  if (!memorySection || !dataSection) throw new Error('the engine template has no memory or no data section');
  const { memory } = describeModule(template);
  // Past the old end, and not at it: the allocator writes a header there
  // (engine/glue.c, constructed).
  const address = memory.min * PAGE + PAYLOAD_GAP;
  const pages = Math.ceil((address + payload.length) / PAGE);
  if (pages > 65536) throw new Error(`the modules take ${payload.length} bytes, more than a 32-bit memory holds`);

  const out = Buffer.from(template);
  const magicAt = out.indexOf(SETTINGS_MAGIC);
  if (magicAt < 0 || out.indexOf(SETTINGS_MAGIC, magicAt + 1) >= 0) throw new Error('the engine template has no single settings block');
  const values = { ...settings, payload_addr: address, payload_len: payload.length };
  SETTINGS_FIELDS.forEach((field, i) => {
    if (values[field] !== undefined) out.writeUInt32LE(values[field] >>> 0, magicAt + 16 + 4 * i);
  });

  const limits = memory.max === undefined ? Buffer.concat([Buffer.from([0]), u32leb(pages)]) : Buffer.concat([Buffer.from([1]), u32leb(pages), u32leb(Math.max(pages, memory.max))]);
  const memoryBody = Buffer.concat([u32leb(1), limits]);
  const reader = new Reader(out, dataSection.start);
  const count = reader.u32();
  const segment = Buffer.concat([u32leb(0), Buffer.from([0x41]), i32leb(address), Buffer.from([0x0b]), u32leb(payload.length), payload]);
  const dataBody = Buffer.concat([u32leb(count + 1), out.subarray(reader.at, dataSection.end), segment]);

  const parts = [out.subarray(0, 8)];
  for (const s of sections) {
    if (s.id === SECTION.memory) parts.push(section(SECTION.memory, memoryBody));
    else if (s.id === SECTION.data) parts.push(section(SECTION.data, dataBody));
    else parts.push(out.subarray(s.header, s.end));
  }
  return Buffer.concat(parts);
}

// The settings a built module carries (for `wasm --info` and the tests).
export function settingsOf(bytes) {
  const at = bytes.indexOf(SETTINGS_MAGIC);
  if (at < 0) return null;
  return Object.fromEntries(SETTINGS_FIELDS.map((field, i) => [field, bytes.readUInt32LE(at + 16 + 4 * i)]));
}
