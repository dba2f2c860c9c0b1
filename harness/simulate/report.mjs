// The picture of a simulation: per group and process, the share of
// instances on each version over time as stacked bands; step boundaries as
// vertical lines named by their step; button presses and answers as
// markers; waits for an ack or a `proceed`, and paused or failed stretches,
// as a strip along the bottom, each in its own colour. Labels are laid out
// in rows so that none overprints another (labels.mjs). The time axis ends
// a margin after the last change, unless the whole duration is asked for.
// Drawn by Vega-Lite and rendered to SVG by Vega in Node, without a
// browser; the HTML form is the same SVG in a page with the timeline, no
// scripts and no network.

import * as vega from 'vega';
import { compile } from 'vega-lite';
import { clock } from './clock.mjs';
import { layoutRows, PAD, textWidth } from './labels.mjs';
import { timelineText } from './timeline.mjs';

const WIDTH = 720;
const HEIGHT = 90;
const FONT_SIZE = 9;
// Label rows: the first one's top, and the height of each.
const LABELS_TOP = 12;
const ROW = 11;
// The strip along the bottom that shows the waits.
const STRIP = 15;
// Past the last change the picture goes on this many ticks, or this share
// of the time up to it, whichever is longer.
const MARGIN_TICKS = 4;
const MARGIN_SHARE = 0.1;

// Each kind of wait in its own colour, named in the legend.
const WAITS = [
  ['ack wait', '#f7dc6f'],
  ['proceed wait', '#aed6f1'],
  ['paused', '#bfc9ca'],
  ['failed', '#ec7063'],
];

function groupKey(role, group) {
  return `${role}\u0000${group}`;
}

// Rows {t, version, share} where a process's counts change, and at the end.
function bandRows(history, name, endMs) {
  const rows = [];
  const seen = new Set();
  const totals = (digest) => {
    const out = {};
    for (const [version, hosts] of Object.entries(digest?.processes?.[name] ?? {})) {
      out[version] = Object.values(hosts).reduce((a, b) => a + b, 0);
      seen.add(version);
    }
    return out;
  };
  const points = history.map(({ at_ms: t, digest }) => ({ t, counts: totals(digest) }));
  points.push({ t: endMs, counts: points.length ? points[points.length - 1].counts : {} });
  for (const { t, counts } of points) {
    for (const version of seen) rows.push({ t, version, instances: counts[version] ?? 0 });
  }
  return rows;
}

// What an update is waiting for, if anything: an ack, a `proceed`, or
// someone to act on a paused or failed update.
function waitOf(u) {
  if (!u) return null;
  if (u.direction === 'pause') return { what: 'paused: waiting for someone (or the auto revert)', label: 'paused' };
  if (u.direction === 'error') return { what: 'failed: waiting for someone (or the auto revert)', label: 'failed' };
  const stage = u.stages.find((s) => s.name === u.step);
  if (!stage || u.direction !== 'forward') return null;
  if (stage.forward_mode.startsWith('ack')) return { what: 'waiting for an ack', label: 'ack wait' };
  return stage.forward_mode === 'manual' && !u.auto ? { what: 'waiting for proceed', label: 'proceed wait' } : null;
}

// Step boundaries and waits of one group, from its digests.
function stepMarks(history, endMs) {
  const rules = [];
  const waits = [];
  let open = null;
  const close = (t) => {
    if (open && t > open.t) waits.push({ ...open, t2: t });
    open = null;
  };
  let lastStep = null;
  let lastUpdate = null;
  const rule = (t, step) => rules.push({ t, step });
  for (const { at_ms: t, digest } of history) {
    const u = digest?.update;
    const step = u ? u.step : null;
    if (step !== lastStep && step !== null) rule(t, step);
    // The driver drops a finished update in the run that finishes it.
    if (step === null && lastUpdate && !['done', 'revert_done'].includes(lastStep)) {
      rule(t, digest?.version === lastUpdate.target_ver ? 'done' : digest?.version === lastUpdate.source_ver ? 'revert_done' : 'update ended');
    }
    lastStep = step;
    lastUpdate = u ?? null;
    const waiting = waitOf(u);
    if ((open?.what ?? null) !== (waiting?.what ?? null)) {
      close(t);
      if (waiting) open = { t, ...waiting };
    }
  }
  close(endMs);
  return { rules, waits };
}

function actionMarks(result, role, group) {
  const marks = [];
  for (const a of result.actions) {
    const b = a.button ?? {};
    if (b.role !== role || (b.group ?? b.group_name) !== group) continue;
    const what = b.update_action ?? b.action ?? '?';
    marks.push({ t: a.injected_ms, what: `pressed ${what}`, kind: 'press', row: -5 });
    if (a.answered_ms !== null) {
      const ok = a.answer && a.answer.ok === true;
      marks.push({ t: a.answered_ms, what: `${ok ? 'done' : 'refused'}: ${what}`, kind: ok ? 'answer ok' : 'answer refused', row: 5 });
    }
  }
  return marks;
}

// Uploads, peers lost or back and split brains, for every panel.
function clusterEvents(result) {
  const said = { upload: (e) => `uploaded ${e.version}`, peer: (e) => `${e.host} ${e.what}`, split: (e) => `split brain (${e.leader})` };
  return result.timeline.filter((e) => said[e.kind]).map((e) => ({ t: e.at_ms, what: said[e.kind](e) }));
}

// The last time something the picture shows happens: a group changes, a
// button is pressed or answered, a cluster event.
function lastChange(result) {
  let last = 0;
  for (const history of Object.values(result.history)) for (const { at_ms: t } of history) last = Math.max(last, t);
  for (const a of result.actions) last = Math.max(last, a.injected_ms, a.answered_ms ?? 0);
  for (const e of clusterEvents(result)) last = Math.max(last, e.t);
  return last;
}

// Where the time axis ends: the end of the run, or with `full` false a
// margin after the last change (on a tick), if that comes sooner.
export function drawnEnd(result, { full = false } = {}) {
  const end = Math.max(result.end_ms, result.tick_ms);
  if (full) return end;
  const last = lastChange(result);
  const margin = Math.max(MARGIN_TICKS * result.tick_ms, last * MARGIN_SHARE);
  return Math.min(end, Math.max(result.tick_ms, Math.ceil((last + margin) / result.tick_ms) * result.tick_ms));
}

// The labels of the steps and cluster events at their rules, in rows
// (labels.mjs), their text under `label`; `px` of time t.
function ruleLabels(rules, events, px) {
  const labels = [...rules.map((r) => ({ x: px(r.t), text: r.step, kind: 'step' })), ...events.map((e) => ({ x: px(e.t), text: e.what, kind: 'event' }))];
  const { placed, rows } = layoutRows(labels, { width: WIDTH, fontSize: FONT_SIZE });
  const rowed = (kind) => placed.filter((l) => l.kind === kind).map((l) => ({ px: l.px, y: LABELS_TOP + l.row * ROW, label: l.text }));
  return { steps: rowed('step'), events: rowed('event'), rows };
}

// A wait's label only where it fits inside its own stretch (the legend
// names its colour either way).
function waitLabels(waits, px) {
  return waits.filter((w) => textWidth(w.label, FONT_SIZE) + 2 * PAD <= px(w.t2) - px(w.t)).map((w) => ({ px: px(w.t) + PAD, label: w.label }));
}

// The Vega-Lite spec of the whole picture. `full`: to the end of the run,
// not the last change plus a margin.
export function reportSpec(result, { full = false } = {}) {
  const endMs = drawnEnd(result, { full });
  const px = (t) => (Math.min(t, endMs) / endMs) * WIDTH;
  const panels = [];
  const versions = new Set();
  const events = clusterEvents(result);
  const groups = Object.keys(result.history).sort().map((key) => {
    const history = result.history[key].filter((h) => h.at_ms <= endMs);
    return { key, history, ...stepMarks(history, endMs) };
  });
  // The legend names the kinds of wait there are, each in its colour.
  const waitKinds = WAITS.filter(([kind]) => groups.some((g) => g.waits.some((w) => w.label === kind)));
  const waitScale = { domain: waitKinds.map(([kind]) => kind), range: waitKinds.map(([, colour]) => colour) };
  for (const { key, history, rules, waits } of groups) {
    const [role, group] = key.split('\u0000');
    const names = new Set();
    for (const { digest } of history) for (const name of Object.keys(digest?.processes ?? {})) names.add(name);
    const marks = actionMarks(result, role, group);
    const labels = ruleLabels(rules, events, px);
    const height = Math.max(HEIGHT, LABELS_TOP + labels.rows * ROW + STRIP + 4);
    for (const name of [...names].sort()) {
      const rows = bandRows(history, name, endMs);
      for (const r of rows) versions.add(r.version);
      // Only the bands set the time scale and axis; the overlays share them.
      const x = { field: 't', type: 'temporal' };
      const timeAxis = { ...x, scale: { type: 'utc', domain: [0, endMs] }, axis: { format: '%H:%M:%S', title: 'time from the start (h:m:s)', labelFlush: true } };
      // Labels at pixel positions of their own (labels.mjs), not on the scales.
      const at = (y) => ({ x: { field: 'px', type: 'quantitative', scale: null }, y: typeof y === 'number' ? { value: y } : { field: y, type: 'quantitative', scale: null }, text: { field: 'label' } });
      const layers = [];
      layers.push({
        data: { values: rows },
        mark: { type: 'area', interpolate: 'step-after', line: false },
        encoding: {
          x: timeAxis,
          y: { field: 'instances', type: 'quantitative', stack: 'normalize', axis: { format: '%', title: 'share', tickCount: 2 } },
          color: { field: 'version', type: 'nominal', legend: { title: 'version' } },
          order: { field: 'version' },
          tooltip: [{ field: 'version' }, { field: 'instances' }],
        },
      });
      if (waits.length) {
        layers.push({
          data: { values: waits },
          // A strip along the bottom: shading the bands would change their colors.
          mark: { type: 'rect', opacity: 0.95, stroke: '#555', strokeWidth: 0.5 },
          encoding: {
            x,
            x2: { field: 't2' },
            y: { value: height - STRIP },
            y2: { value: height },
            fill: { field: 'label', type: 'nominal', scale: waitScale, legend: { title: 'waiting' } },
            tooltip: { field: 'what' },
          },
        });
        const inside = waitLabels(waits, px);
        if (inside.length) {
          layers.push({
            data: { values: inside },
            mark: { type: 'text', align: 'left', baseline: 'bottom', fontSize: FONT_SIZE, color: '#222', fontWeight: 'bold' },
            encoding: at(height - 2),
          });
        }
      }
      if (rules.length) {
        layers.push({ data: { values: rules }, mark: { type: 'rule', color: '#333', strokeDash: [4, 3] }, encoding: { x } });
        layers.push({ data: { values: labels.steps }, mark: { type: 'text', align: 'left', baseline: 'top', fontSize: FONT_SIZE, color: '#222' }, encoding: at('y') });
      }
      if (events.length) {
        layers.push({ data: { values: events }, mark: { type: 'rule', color: '#7d3c98', strokeWidth: 1.5 }, encoding: { x } });
        layers.push({
          data: { values: labels.events },
          mark: { type: 'text', align: 'left', baseline: 'top', fontSize: FONT_SIZE, color: '#4a235a', fontStyle: 'italic' },
          encoding: at('y'),
        });
      }
      if (marks.length) {
        layers.push({
          data: { values: marks },
          mark: { type: 'point', filled: true, size: 50 },
          encoding: {
            x,
            y: { field: 'row', type: 'quantitative', scale: null },
            shape: { field: 'kind', type: 'nominal', scale: { domain: ['press', 'answer ok', 'answer refused'], range: ['triangle-down', 'circle', 'cross'] }, legend: { title: 'buttons' } },
            fill: { value: '#000' },
            tooltip: { field: 'what' },
          },
        });
      }
      panels.push({ title: { text: `${role}/${group || '(no group)'} · ${name}`, anchor: 'start', fontSize: 12 }, width: WIDTH, height, layer: layers });
    }
  }
  const ran = result.ended === 'error' ? 'stopped by an error' : result.ended === 'interrupted' ? `interrupted at ${clock(result.end_ms)}` : `to ${clock(result.end_ms)}`;
  const drawn = endMs < Math.max(result.end_ms, result.tick_ms) ? `; drawn to ${clock(endMs)}, nothing changes after ${clock(lastChange(result))}` : '';
  const title = `${result.name}: ${result.ticks} ticks of ${result.tick_ms / 1000} s, ${ran}${drawn}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start' },
    config: { font: 'DejaVu Sans, Verdana, sans-serif', view: { stroke: '#ccc' } },
    resolve: { scale: { color: 'shared', shape: 'shared', fill: 'shared' } },
    vconcat: panels.length ? panels : [{ width: WIDTH, height: 20, data: { values: [] }, mark: 'point', title: 'no groups' }],
    usermeta: { versions: [...versions].sort(), waits: waitScale.domain, end_ms: endMs },
  };
}

// `options.full`: draw the whole duration (see reportSpec).
export async function reportSvg(result, options = {}) {
  const view = new vega.View(vega.parse(compile(reportSpec(result, options)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export async function reportHtml(result, options = {}) {
  const svg = await reportSvg(result, options);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`simulation ${result.name}`)}</title>
<style>body{font-family:sans-serif;margin:1.5em}pre{font-size:12px;background:#f6f6f6;padding:1em;overflow-x:auto}</style>
</head>
<body>
<h1>${escapeHtml(`simulation ${result.name}`)}</h1>
${svg}
<h2>Timeline</h2>
<pre>${escapeHtml(timelineText(result))}</pre>
</body>
</html>
`;
}

// Writes by the file's extension: .svg or .html.
export async function reportFor(result, file, options = {}) {
  if (/\.html?$/i.test(file)) return reportHtml(result, options);
  return reportSvg(result, options);
}

export { groupKey };
