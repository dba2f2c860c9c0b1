// The README's and docs' links to files and headings of this repository
// lead somewhere.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { anchors, docFiles, links, root } from './markdown.mjs';

describe('docs: links', function () {
  it('every relative link names a file that exists, and a heading it has', function () {
    const bad = [];
    for (const doc of docFiles()) {
      for (const { target, line } of links(doc)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [file, anchor] = target.split('#');
        const to = file === '' ? doc : path.normalize(path.join(path.dirname(doc), file));
        if (!existsSync(path.join(root, to))) {
          bad.push(`${doc}:${line}: ${target}: no such file`);
        } else if (anchor !== undefined && to.endsWith('.md') && !anchors(to).has(anchor)) {
          bad.push(`${doc}:${line}: ${target}: ${to} has no heading #${anchor}`);
        }
      }
    }
    expect(bad, bad.join('\n')).to.deep.equal([]);
  });

  it('the anchors are GitHub\'s', function () {
    expect([...anchors('README.md')]).to.include.members([
      'deploying-to-verwalter-013-schedulerwasm', 'your-own-rules-pin-a-groups-version', 'where-the-rest-lives',
    ]);
  });
});
