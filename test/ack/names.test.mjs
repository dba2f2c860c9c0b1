// verwalter-ack reads back every process name the api driver writes: for
// each daemon on every node of every example recording, LITHOS_NAME gives
// the daemon's group and its service's step.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { parseLithosName } from '../../harness/ack/ack.mjs';

const dir = new URL('../example/recordings/', import.meta.url);

describe('verwalter-ack: the names the api driver writes', () => {
  it('every daemon of every recording parses back to its group and step, in both slots', () => {
    const slots = new Set();
    for (const name of readdirSync(dir)) {
      const expected = JSON.parse(readFileSync(new URL(name + '/expected.json', dir), 'utf8'));
      for (const node of Object.values(expected.nodes || {})) {
        for (const [role, r] of Object.entries(node.roles || {})) {
          for (const [proc, d] of Object.entries(r.daemons || {})) {
            slots.add(proc.endsWith('-2') ? 2 : 1);
            expect(parseLithosName(`${role}/${proc}.0`), `${name}: ${proc}`)
              .to.deep.equal({ role, group: d.group, step: `cmd_${d.service}`, byHand: false });
          }
        }
      }
    }
    expect([...slots].sort()).to.deep.equal([1, 2]);
  });
});
