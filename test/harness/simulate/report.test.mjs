import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseHtml } from 'parse5';
import { reportHtml, reportSvg } from '../../../harness/simulate/report.mjs';
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
