import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseHtml } from 'parse5';
import { CHAR_WIDTH } from '../../../harness/simulate/labels.mjs';
import { reportHtml, reportSpec, reportSvg } from '../../../harness/simulate/report.mjs';
import { simulate } from '../../../harness/simulate/simulation.mjs';
import { EXAMPLE, exampleScenario, scenarioNames } from './helpers.mjs';

// Every text of an SVG's <text> elements.
function texts(svg) {
  const out = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return undefined;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'text') [].concat(value).forEach((t) => out.push(typeof t === 'object' ? String(t['#text'] ?? '') : String(t)));
      else walk(value);
    }
    return undefined;
  };
  walk(new XMLParser({ ignoreAttributes: true }).parse(svg));
  return out;
}

// The drawn marks of an SVG written by Vega, by panel (its concat_<n>
// group): texts {text, x, y, size, anchor} and rect paths {label, fill},
// at their positions in the panel's plot (the translate()s of their
// groups added, less where the panel's background starts). Axis labels,
// titles and legends are left out.
function marksOf(svg) {
  const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, trimValues: false }).parse(svg);
  const panels = {};
  const walk = (nodes, dx, dy, panel, inMark) => {
    for (const node of nodes) {
      const name = Object.keys(node).find((k) => k !== ':@');
      const attrs = node[':@'] ?? {};
      const [, tx = 0, ty = 0] = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(attrs.transform ?? '') ?? [];
      const x = dx + Number(tx);
      const y = dy + Number(ty);
      const cls = attrs.class ?? '';
      const here = /role-scope concat_(\d+)_group/.exec(cls)?.[1] ?? panel;
      const mark = inMark || /\brole-mark\b/.test(cls);
      if (name === 'path' && attrs.class === 'background' && here !== null) (panels[here] ??= { texts: [], rects: [] }).origin = { x, y };
      if (name === 'text' && mark && here !== null) {
        const text = node.text.map((t) => t['#text']).join('');
        const { origin } = panels[here];
        panels[here].texts.push({ text, x: x - origin.x, y: y - origin.y, size: parseFloat(attrs['font-size']), anchor: attrs['text-anchor'] ?? 'start' });
      } else if (name === 'path' && mark && here !== null && /label: /.test(attrs['aria-label'] ?? '')) {
        (panels[here] ??= { texts: [], rects: [] }).rects.push({ label: /label: ([^;]+)/.exec(attrs['aria-label'])[1], fill: attrs.fill });
      }
      if (Array.isArray(node[name])) walk(node[name], x, y, here, mark);
    }
  };
  walk(tree, 0, 0, null, false);
  return panels;
}

// A text's box: its estimated width (Vega's, and labels.mjs's: more than
// DejaVu Sans takes), from the alphabetic baseline up 0.8 and down 0.2 of
// its size.
function box({ text, x, y, size, anchor }) {
  const width = CHAR_WIDTH * text.length * size;
  const left = anchor === 'end' ? x - width : anchor === 'middle' ? x - width / 2 : x;
  return { left, right: left + width, top: y - 0.8 * size, bottom: y + 0.2 * size };
}

// Pairs of texts of one panel whose boxes overlap.
function overprints(texts) {
  const found = [];
  const boxes = texts.map(box);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) found.push(`${texts[i].text} / ${texts[j].text}`);
    }
  }
  return found;
}

function elements(node, name, found = []) {
  if (node.nodeName === name) found.push(node);
  for (const child of node.childNodes ?? []) elements(child, name, found);
  if (node.content) elements(node.content, name, found);
  return found;
}

describe('simulate: the report picture', function () {
  this.timeout(120000);
  const results = {};
  before(async function () {
    for (const name of scenarioNames()) {
      const s = await exampleScenario(name);
      // Long scenarios with longer ticks: the picture is the same kind.
      results[name] = await simulate(EXAMPLE, s.duration_ms > 600000 ? { ...s, tick_ms: 30000 } : s, { samples: 0 });
    }
  });

  it('is well-formed SVG with one series per group and process, and names the versions in its legend', async function () {
    for (const name of scenarioNames()) {
      const result = results[name];
      const svg = await reportSvg(result);
      expect(XMLValidator.validate(svg), name).to.equal(true);
      const shown = texts(svg);
      const series = [];
      for (const [key, history] of Object.entries(result.history)) {
        const [role, group] = key.split('\u0000');
        const names = new Set(history.flatMap((h) => Object.keys(h.digest?.processes ?? {})));
        for (const process of names) series.push(`${role}/${group || '(no group)'} · ${process}`);
      }
      expect(series.length, name).to.be.greaterThan(0);
      expect(shown.filter((t) => t.includes(' · ')).sort(), name).to.deep.equal(series.sort());
      const versions = new Set(Object.values(result.history).flatMap((h) => h.flatMap((x) => Object.keys(x.digest?.processes ?? {}).flatMap((p) => Object.keys(x.digest.processes[p])))));
      for (const version of versions) expect(shown, `${name}: legend`).to.include(version);
      expect(shown).to.include('version');
    }
  });

  it('draws step boundaries, presses and ack waits', async function () {
    const shown = texts(await reportSvg(results['migration-ack-wait']));
    for (const step of ['cmd_migrate', 'test_mode', 'quick_restart', 'smooth_restart', 'done']) expect(shown).to.include(step);
    expect(shown).to.include('ack wait');
    expect(shown).to.include('proceed wait');
    expect(shown).to.include('press');
    expect(texts(await reportSvg(results.revert))).to.include('revert_done');
  });

  it('lays its labels out so that none overprints another, in every example and with labels crowded at one time', async function () {
    const smooth = results['smooth-rollout'];
    // Eight uploads and a split brain at the same tick as the update's start.
    const crowded = {
      ...smooth,
      timeline: [...smooth.timeline, ...Array.from({ length: 8 }, (_, i) => ({ at_ms: 0, tick: 0, kind: 'upload', role: 'pyapp', version: `v9.${i}.0` })), { at_ms: 0, tick: 0, kind: 'split', leader: 'beta' }],
    };
    const cases = [...scenarioNames().flatMap((name) => [[name, results[name], {}], [`${name} (full)`, results[name], { full: true }]]), ['crowded', crowded, {}]];
    for (const [name, result, options] of cases) {
      const panels = marksOf(await reportSvg(result, options));
      expect(Object.keys(panels), name).to.not.be.empty;
      for (const [panel, { texts }] of Object.entries(panels)) {
        expect(overprints(texts), `${name}, panel ${panel}`).to.deep.equal([]);
        for (const t of texts) expect([box(t).left, box(t).right], `${name}: ${t.text} within the panel`).to.satisfy(([left, right]) => left >= 0 && right <= 720);
      }
    }
    const labels = Object.values(marksOf(await reportSvg(crowded)))[0].texts.map((t) => t.text);
    expect(labels).to.include.members(['v9.0.0', 'v9.7.0', 'split brain (beta)'].map((v) => (v.startsWith('v') ? `uploaded ${v}` : v)));
    // The panel grew to hold the rows.
    expect(reportSpec(crowded).vconcat[0].height).to.be.above(90);
  });

  it('gives failed and paused stretches their own colour and legend entry', async function () {
    const failed = await reportSvg(results['error-auto-revert']);
    const rects = Object.values(marksOf(failed))[0].rects;
    const fills = Object.fromEntries(rects.map((r) => [r.label, r.fill]));
    expect(Object.keys(fills).sort()).to.deep.equal(['ack wait', 'failed']);
    expect(fills.failed).to.not.equal(fills['ack wait']);
    expect(texts(failed)).to.include.members(['waiting', 'ack wait', 'failed']);
    const paused = await reportSvg(results['pause-resume']);
    const pausedFills = Object.fromEntries(Object.values(marksOf(paused))[0].rects.map((r) => [r.label, r.fill]));
    expect(Object.keys(pausedFills).sort()).to.deep.equal(['ack wait', 'paused', 'proceed wait']);
    expect(new Set([...Object.values(pausedFills), fills.failed]).size).to.equal(4);
    expect(texts(paused)).to.include.members(['paused', 'proceed wait']);
    expect(texts(paused)).to.not.include('failed');
  });

  it('ends at the last change plus a margin, or with full at the end of the run', function () {
    const result = results['migration-ack-wait'];
    const domain = (spec) => spec.vconcat[0].layer[0].encoding.x.scale.domain;
    // Done at +6m20s, ended at +10m00s: a margin of 38 s, on a tick.
    expect(result.end_ms).to.equal(600000);
    expect(domain(reportSpec(result))).to.deep.equal([0, 420000]);
    expect(reportSpec(result).title.text).to.equal('migration-ack-wait: 121 ticks of 5 s, to +10m00s; drawn to +7m00s, nothing changes after +6m20s');
    expect(domain(reportSpec(result, { full: true }))).to.deep.equal([0, 600000]);
    expect(reportSpec(result, { full: true }).title.text).to.equal('migration-ack-wait: 121 ticks of 5 s, to +10m00s');
  });

  it('as HTML: one page, the SVG inline, the timeline, no scripts and nothing from the network', async function () {
    const html = await reportHtml(results['pause-resume']);
    const doc = parseHtml(html);
    expect(elements(doc, 'svg')).to.have.length(1);
    expect(elements(doc, 'script')).to.have.length(0);
    expect(elements(doc, 'link')).to.have.length(0);
    expect(elements(doc, 'img')).to.have.length(0);
    expect(elements(doc, 'pre')[0].childNodes[0].value).to.include('pressed update_action pause on pyapp/prod');
    expect(html).to.not.match(/(src|href)="https?:/);
  });
});
