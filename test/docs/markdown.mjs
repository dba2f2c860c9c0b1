// What the docs tests read from the README and docs/*.md: fenced blocks
// with the marker comment before each, links, and heading anchors.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;

/** README.md, then docs/*.md by name: the order a reader meets them. */
export function docFiles() {
  const docs = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...docs.map((f) => `docs/${f}`)];
}

export const SHELL = new Set(['sh', 'bash', 'shell', 'console']);

/** A marker comment (the last non-blank line before a fence), as words:
 *   illustration[: why]       not run (needs a live cluster, the network, ...)
 *   pending: TAG              not run until TAG is in DOCS_PENDING (a feature
 *                             still being built); delete the marker to enable
 *   exit N                    the block must exit with status N
 *   output                    (console) every output line shown must appear
 *   file: PATH[ = REPO-PATH]  the reader saves this block as PATH; with
 *                             REPO-PATH it must equal that file of the repository */
export function parseMarker(text) {
  const marker = {};
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    let m;
    if (/^illustration(:.*)?$/.test(part)) marker.illustration = true;
    else if ((m = /^pending: *(\S+)$/.exec(part))) marker.pending = m[1];
    else if ((m = /^exit (\d+)$/.exec(part))) marker.exit = Number(m[1]);
    else if (part === 'output') marker.output = true;
    else if ((m = /^file: *(\S+)(?: *= *(\S+))?$/.exec(part))) Object.assign(marker, { file: m[1], sameAs: m[2] });
    else marker.unknown = part;
  }
  return marker;
}

/** The fenced blocks of a doc: {doc, line, lang, info, text, marker}. A fence
 * may be indented (in a list); its lines lose that indentation. */
export function blocks(doc) {
  const lines = readFileSync(path.join(root, doc), 'utf8').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[j]); j++) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const comment = k >= 0 ? /^\s*<!--\s*(.*?)\s*-->\s*$/.exec(lines[k]) : null;
    const words = info.trim().split(/\s+/).filter(Boolean);
    const marker = comment ? parseMarker(comment[1]) : {};
    if (words.slice(1).includes('illustration')) marker.illustration = true;
    out.push({ doc, line: i + 1, lang: words[0] ?? '', text: body.join('\n') + '\n', marker });
    i = j;
  }
  return out;
}

/** A block that holds commands but says no language: it would go unrun. */
export function looksLikeCommands(block) {
  if (block.lang !== '') return false;
  const first = block.text.split('\n').find((l) => l.trim() !== '') ?? '';
  return /^\$ /.test(first) || /^(npx|npm|node|verwalter-harness|verwalter-ack) /.test(first);
}

/** GitHub's anchor for a heading. */
export function slug(heading) {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The anchors of a doc's headings (outside code fences). */
export function anchors(doc) {
  const text = readFileSync(path.join(root, doc), 'utf8');
  const seen = new Map();
  const out = new Set();
  let fence = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fence = !fence;
    const m = !fence && /^#{1,6} (.*)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** The links of a doc outside code: {target, line}. */
export function links(doc) {
  const text = readFileSync(path.join(root, doc), 'utf8');
  // Code fences and inline code blank out (newlines kept, for line numbers).
  const prose = text
    .replace(/^\s*```[\s\S]*?^\s*```/gm, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/`[^`\n]*`/g, (m) => 'x'.repeat(m.length));
  const out = [];
  for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    out.push({ target: m[1], line: prose.slice(0, m.index).split('\n').length });
  }
  return out;
}
