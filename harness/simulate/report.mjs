// The picture of a simulation: per group and process, the share of
// instances on each version over time as stacked bands; step boundaries as
// vertical lines named by their step; button presses and answers as
// markers; waits for an ack (or for a `proceed`) shaded. Drawn by Vega-Lite
// and rendered to SVG by Vega in Node, without a browser; the HTML form is
// the same SVG in a page with the timeline, no scripts and no network.

import * as vega from 'vega';
import { compile } from 'vega-lite';
import { clock } from './clock.mjs';
import { timelineText } from './timeline.mjs';

const WIDTH = 720;
const HEIGHT = 90;

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
  if (u.direction === 'pause') return { what: 'paused', label: 'paused' };
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
  const rule = (t, step) => rules.push({ t, step, row: 14 + (rules.length % 3) * 11 });
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
  return result.timeline.filter((e) => said[e.kind]).map((e, i) => ({ t: e.at_ms, what: said[e.kind](e), row: HEIGHT - 28 - (i % 2) * 11 }));
}

// The Vega-Lite spec of the whole picture.
export function reportSpec(result) {
  const endMs = Math.max(result.end_ms, result.tick_ms);
  const panels = [];
  const versions = new Set();
  const keys = Object.keys(result.history).sort();
  const events = clusterEvents(result);
  for (const key of keys) {
    const history = result.history[key];
    const [role, group] = key.split('\u0000');
    const names = new Set();
    for (const { digest } of history) for (const name of Object.keys(digest?.processes ?? {})) names.add(name);
    const { rules, waits } = stepMarks(history, endMs);
    const marks = actionMarks(result, role, group);
    for (const name of [...names].sort()) {
      const rows = bandRows(history, name, endMs);
      for (const r of rows) versions.add(r.version);
      // Only the bands set the time scale and axis; the overlays share them.
      const x = { field: 't', type: 'temporal' };
      const timeAxis = { ...x, scale: { type: 'utc', domain: [0, endMs] }, axis: { format: '%H:%M:%S', title: 'time from the start (h:m:s)', labelFlush: true } };
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
          mark: { type: 'rect', color: '#f7dc6f', opacity: 0.95, stroke: '#b7950b', strokeWidth: 0.5 },
          encoding: { x, x2: { field: 't2' }, y: { value: HEIGHT - 15 }, y2: { value: HEIGHT }, tooltip: { field: 'what' } },
        });
        layers.push({
          data: { values: waits },
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: HEIGHT - 2, fontSize: 9, color: '#5c4700', fontWeight: 'bold' },
          encoding: { x, y: { value: 0 }, text: { field: 'label' } },
        });
      }
      if (rules.length) {
        layers.push({ data: { values: rules }, mark: { type: 'rule', color: '#333', strokeDash: [4, 3] }, encoding: { x } });
        layers.push({
          data: { values: rules },
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 2, fontSize: 9, color: '#222' },
          // Alternate rows, so that steps close together stay readable.
          encoding: { x, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'step' } },
        });
      }
      if (events.length) {
        layers.push({ data: { values: events }, mark: { type: 'rule', color: '#7d3c98', strokeWidth: 1.5 }, encoding: { x } });
        layers.push({
          data: { values: events },
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 2, fontSize: 9, color: '#4a235a', fontStyle: 'italic' },
          encoding: { x, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'what' } },
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
      panels.push({ title: { text: `${role}/${group || '(no group)'} · ${name}`, anchor: 'start', fontSize: 12 }, width: WIDTH, height: HEIGHT, layer: layers });
    }
  }
  const title = `${result.name}: ${result.ticks} ticks of ${result.tick_ms / 1000} s, ${result.ended === 'error' ? 'stopped by an error' : `to ${clock(result.end_ms)}`}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start' },
    config: { font: 'DejaVu Sans, Verdana, sans-serif', view: { stroke: '#ccc' } },
    resolve: { scale: { color: 'shared', shape: 'shared' } },
    vconcat: panels.length ? panels : [{ width: WIDTH, height: 20, data: { values: [] }, mark: 'point', title: 'no groups' }],
    usermeta: { versions: [...versions].sort() },
  };
}

export async function reportSvg(result) {
  const view = new vega.View(vega.parse(compile(reportSpec(result)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export async function reportHtml(result) {
  const svg = await reportSvg(result);
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
export async function reportFor(result, file) {
  if (/\.html?$/i.test(file)) return reportHtml(result);
  return reportSvg(result);
}

export { groupKey };
