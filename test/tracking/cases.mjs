// The tracking rules as a table: each case is the input of `usedVersions`
// and the parts of its output it pins down. `errors` defaults to none.
// Adding a case means adding an entry here; rules.test.mjs runs them all.
import { T, NOW, M, H, D, meta, uploaded, oldVersions, group } from './helpers.mjs';

export default [
  // Rule 3, and nothing else.
  {
    name: 'latest: a lone old version, no groups',
    params: { versions: oldVersions('v1'), groups: {} },
    expect: { kept: { v1: ['latest'] }, versions: ['v1'], images: ['img-v1'], missing: [], downgrades: [] },
  },
  {
    name: 'latest is by version ordering, not by text or upload time',
    params: {
      versions: { 'v9': meta(40 * D, 'nine'), 'v10': meta(50 * D, 'ten'), 'v1.0.8': meta(30 * D, 'old') },
      groups: {},
    },
    expect: { kept: { v10: ['latest'] }, versions: ['v10'], images: ['ten'] },
  },
  {
    name: 'no versions and no groups',
    params: { versions: {}, groups: {} },
    expect: { kept: {}, versions: [], images: [], missing: [], downgrades: [] },
  },

  // Rule 1.
  {
    name: 'uploaded: 23h59m ago is kept',
    params: { versions: { v1: meta(23 * H + 59 * M, 'one'), v2: meta(30 * D, 'two') }, groups: {} },
    expect: { kept: { v2: ['latest'], v1: ['uploaded'] }, versions: ['v2', 'v1'], images: ['one', 'two'] },
  },
  {
    name: 'uploaded: 24h01m ago is not kept',
    params: { versions: { v1: meta(24 * H + 1 * M, 'one'), v2: meta(30 * D, 'two') }, groups: {} },
    expect: { kept: { v2: ['latest'] }, versions: ['v2'], images: ['two'] },
  },
  {
    name: 'uploaded: a numeric string timestamp (as the runtime files may have it)',
    params: { versions: { v1: { timestamp: String(uploaded(H)), daemons: {} }, v2: meta(30 * D) }, groups: {} },
    expect: { kept: { v2: ['latest'], v1: ['uploaded'] } },
  },
  {
    name: 'uploaded and latest at once',
    params: { versions: { v1: meta(30 * D), v2: meta(H) }, groups: {} },
    expect: { kept: { v2: ['uploaded', 'latest'] } },
  },
  {
    name: 'uploaded: lifetime is an option',
    params: {
      versions: { v1: meta(2 * H), v2: meta(4 * H), v3: meta(30 * D) },
      groups: {},
      options: { uploaded_lifetime_ms: 3 * H },
    },
    expect: { versions: ['v3', 'v1'] },
  },

  // Running, and rule 4 (before_latest) kicking in or not.
  {
    name: 'latest not deployed: the one before it is not kept',
    params: { versions: oldVersions('v1', 'v2', 'v3', 'v4'), groups: { web: group('v2', 10 * D) } },
    expect: { kept: { v4: ['latest'], v2: ['running'] }, versions: ['v4', 'v2'], images: ['img-v2', 'img-v4'] },
  },
  {
    name: 'latest deployed: the one before it is kept (before_latest)',
    params: { versions: oldVersions('v1', 'v2', 'v3', 'v4'), groups: { web: group('v4', 10 * D) } },
    expect: { kept: { v4: ['latest', 'running'], v3: ['before_latest'] }, versions: ['v4', 'v3'] },
  },
  {
    name: 'latest deployed in one group of several is enough for before_latest',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: { a: group('v1', 10 * D), b: group('v4', 10 * D), c: group('v1', 10 * D) },
    },
    expect: { kept: { v4: ['latest', 'running'], v3: ['before_latest'], v1: ['running'] } },
  },
  {
    name: 'latest only as an update target: before_latest does not apply (the source is kept anyway)',
    params: {
      versions: oldVersions('v1', 'v2', 'v3'),
      groups: { web: { version: 'v1', update: { source_ver: 'v1', target_ver: 'v3' }, last_deployed: { v1: NOW - 10 * D } } },
    },
    expect: { kept: { v3: ['latest', 'updating'], v1: ['running', 'updating'] } },
  },
  {
    name: 'latest deployed and the only version: nothing before it',
    params: { versions: oldVersions('v1'), groups: { web: group('v1', 10 * D) } },
    expect: { kept: { v1: ['latest', 'running'] } },
  },

  // Rule 2.
  {
    name: 'deployed: 23h59m ago is kept, 24h01m ago is not (the newest other one is previous)',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4', 'v5', 'v6'),
      groups: { web: group('v5', 1 * H, { v4: 2 * H, v2: 23 * H + 59 * M, v1: 24 * H + 1 * M }) },
    },
    expect: {
      kept: { v6: ['latest'], v5: ['deployed', 'running'], v4: ['deployed', 'previous'], v2: ['deployed'] },
    },
  },
  {
    name: 'deployed: 23h59m ago, in a group that has moved on twice since',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: { web: group('v3', 1 * H, { v2: 2 * H, v1: 23 * H + 59 * M }) },
    },
    expect: { kept: { v4: ['latest'], v3: ['deployed', 'running'], v2: ['deployed', 'previous'], v1: ['deployed'] } },
  },
  {
    name: 'deployed: 24h01m ago in a group that has moved on twice since is not kept',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: { web: group('v3', 1 * H, { v2: 2 * H, v1: 24 * H + 1 * M }) },
    },
    expect: { kept: { v4: ['latest'], v3: ['deployed', 'running'], v2: ['deployed', 'previous'] } },
  },
  {
    name: 'deployed: lifetime is an option',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: { web: group('v3', 1 * H, { v2: 2 * H, v1: 3 * H }) },
      options: { deployed_lifetime_ms: 150 * M },
    },
    expect: { kept: { v4: ['latest'], v3: ['deployed', 'running'], v2: ['deployed', 'previous'] } },
  },
  {
    name: 'deployed: Lua-era string deploy times',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: { web: { version: 'v3', last_deployed: { v3: String(NOW - H), v2: String(NOW - 2 * H), v1: String(NOW - 50 * D) } } },
    },
    expect: { kept: { v4: ['latest'], v3: ['deployed', 'running'], v2: ['deployed', 'previous'] } },
  },

  // Rule 5.
  {
    name: 'previous: the rollback target is kept however old',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: { web: group('v3', 400 * D, { v1: 1000 * D, v2: 900 * D }) },
    },
    expect: { kept: { v4: ['latest'], v3: ['running'], v2: ['previous'] } },
  },
  {
    name: 'previous: per group',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4', 'v5'),
      groups: { a: group('v3', 400 * D, { v1: 1000 * D }), b: group('v3', 400 * D, { v2: 1000 * D }) },
    },
    expect: { kept: { v5: ['latest'], v3: ['running'], v2: ['previous'], v1: ['previous'] } },
  },
  {
    name: 'previous: is the most recently deployed, not the newest version',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: { web: group('v2', 400 * D, { v3: 1000 * D, v1: 500 * D }) },
    },
    expect: {
      kept: { v4: ['latest'], v2: ['running'], v1: ['previous'] },
      downgrades: [{ group: 'web', version: 'v2', newer: 'v3', update: false }],
    },
  },
  {
    name: 'previous: equal deploy times go to the newer version',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: { web: group('v3', 400 * D, { v1: 1000 * D, v2: 1000 * D }) },
    },
    expect: { kept: { v4: ['latest'], v3: ['running'], v2: ['previous'] } },
  },
  {
    name: 'previous: a group with no version keeps its most recent one',
    params: { versions: oldVersions('v1', 'v2', 'v3'), groups: { web: { version: null, last_deployed: { v1: NOW - 400 * D } } } },
    expect: { kept: { v3: ['latest'], v1: ['previous'] } },
  },

  // Updates.
  {
    name: 'a group mid-update keeps source and target and their images',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4', 'v5'),
      groups: {
        web: {
          version: 'v2',
          update: { pipeline: [], source_ver: 'v2', target_ver: 'v3', step: 'start', direction: 'forward' },
          last_deployed: { v2: NOW - 40 * D },
        },
      },
    },
    expect: {
      kept: { v5: ['latest'], v3: ['updating'], v2: ['running', 'updating'] },
      versions: ['v5', 'v3', 'v2'],
      images: ['img-v2', 'img-v3', 'img-v5'],
      downgrades: [],
    },
  },
  {
    name: 'an update to an older version is a downgrade',
    params: {
      versions: oldVersions('v1', 'v2', 'v3'),
      groups: { web: { version: 'v2', update: { source_ver: 'v2', target_ver: 'v1' }, last_deployed: { v2: NOW - 40 * D } } },
    },
    expect: {
      kept: { v3: ['latest'], v2: ['running', 'updating'], v1: ['updating'] },
      downgrades: [{ group: 'web', version: 'v1', newer: 'v2', update: true }],
    },
  },
  {
    name: 'Lua-era `[]` for no update and for an empty last_deployed',
    params: { versions: oldVersions('v1', 'v2'), groups: { web: { version: 'v1', update: [], last_deployed: [] } } },
    expect: { kept: { v2: ['latest'], v1: ['running'] } },
  },

  // Downgrades.
  {
    name: 'downgrade: v1.0.8 after v10.8 is flagged and v10.8 kept',
    params: {
      versions: { 'v10.8': meta(30 * D, 'new'), 'v1.0.8': meta(30 * D, 'old'), 'v1.0.7': meta(60 * D, 'older') },
      groups: { web: group('v1.0.8', 2 * D, { 'v10.8': 3 * D, 'v1.0.7': 60 * D }) },
    },
    expect: {
      kept: { 'v10.8': ['latest', 'previous'], 'v1.0.8': ['running'] },
      versions: ['v10.8', 'v1.0.8'],
      images: ['new', 'old'],
      downgrades: [{ group: 'web', version: 'v1.0.8', newer: 'v10.8', update: false }],
    },
  },
  {
    name: 'downgrade: v9 after v10 (older by version ordering, newer as text)',
    params: { versions: oldVersions('v9', 'v10'), groups: { web: group('v9', 2 * D, { v10: 3 * D }) } },
    expect: { downgrades: [{ group: 'web', version: 'v9', newer: 'v10', update: false }] },
  },
  {
    name: 'downgrade: `newer` is the newest version the group ran, however old its entry',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: { web: group('v1', 2 * D, { v2: 3 * D, v3: 20 * D }) },
    },
    expect: { downgrades: [{ group: 'web', version: 'v1', newer: 'v3', update: false }] },
  },
  {
    name: 'no downgrade when a group runs the newest it ever ran',
    params: { versions: oldVersions('v1', 'v2', 'v3'), groups: { a: group('v3', D, { v1: 3 * D, v2: 2 * D }), b: group('v2', D) } },
    expect: { downgrades: [] },
  },
  {
    name: 'downgrades are listed by group name',
    params: {
      versions: oldVersions('v1', 'v2'),
      groups: {
        zeta: group('v1', D, { v2: 2 * D }),
        alpha: { version: 'v1', update: { source_ver: 'v2', target_ver: 'v1' }, last_deployed: { v2: NOW - 2 * D } },
      },
    },
    expect: {
      downgrades: [
        { group: 'alpha', version: 'v1', newer: 'v2', update: false },
        { group: 'alpha', version: 'v1', newer: 'v2', update: true },
        { group: 'zeta', version: 'v1', newer: 'v2', update: false },
      ],
    },
  },

  // Images.
  {
    name: 'images: daemons and commands',
    params: {
      versions: {
        v1: { timestamp: uploaded(30 * D), daemons: { web: { image: 'web.v1', config: 'c' } }, commands: { migrate: { image: 'migrate.v1', config: 'c' } } },
      },
      groups: {},
    },
    expect: { images: ['migrate.v1', 'web.v1'] },
  },
  {
    name: 'images: a `containers` list replaces the images of daemons and commands',
    params: {
      versions: {
        v1: { timestamp: uploaded(30 * D), containers: ['data.v1', 'web.v1'], daemons: { web: { image: 'web.v1-x', config: 'c' } }, commands: { m: { image: 'm.v1', config: 'c' } } },
        v2: meta(30 * D, 'web.v2'),
      },
      groups: { web: group('v1', D) },
    },
    expect: { images: ['data.v1', 'web.v1', 'web.v2'] },
  },
  {
    name: 'images: an empty `containers` list keeps no images',
    params: { versions: { v1: { timestamp: uploaded(30 * D), containers: [], daemons: { web: { image: 'web.v1', config: 'c' } } } }, groups: {} },
    expect: { kept: { v1: ['latest'] }, images: [] },
  },
  {
    name: 'images: shared by several versions are listed once, sorted',
    params: { versions: { v1: meta(H, 'b', 'a'), v2: meta(H, 'a', 'c') }, groups: {} },
    expect: { images: ['a', 'b', 'c'] },
  },
  {
    name: 'images: only of kept versions',
    params: { versions: { v1: meta(30 * D, 'gone'), v2: meta(30 * D, 'kept') }, groups: {} },
    expect: { images: ['kept'] },
  },

  // Malformed metadata only affects its own version.
  {
    name: 'malformed: each kind affects only its own version',
    params: {
      versions: {
        v1: { timestamp: uploaded(H) },
        v2: { timestamp: uploaded(H), daemons: 'web' },
        v3: { timestamp: uploaded(H), daemons: { web: { image: 42, config: 'c' }, db: { image: 'db.v3', config: 'c' } } },
        v4: { timestamp: uploaded(H), containers: 'data.v4', daemons: { web: { image: 'web.v4', config: 'c' } } },
        v5: { timestamp: 'yesterday', daemons: { web: { image: 'web.v5', config: 'c' } } },
        v6: 'not metadata',
        v7: { timestamp: uploaded(H), daemons: { web: { image: 'web.v7', config: 'c' } }, commands: ['x'] },
        v8: meta(H, 'web.v8'),
      },
      groups: { a: group('v5', 40 * D), b: group('v6', 40 * D) },
    },
    expect: {
      kept: {
        v8: ['uploaded', 'latest'], v7: ['uploaded'], v6: ['running'], v5: ['running'],
        v4: ['uploaded'], v3: ['uploaded'], v2: ['uploaded'], v1: ['uploaded'],
      },
      images: ['db.v3', 'web.v4', 'web.v5', 'web.v7', 'web.v8'],
      missing: [],
      errors: [
        'versions.v6: metadata is not an object, but string "not metadata"',
        'versions.v5.timestamp: not a number of seconds, but string "yesterday"',
        'versions.v7.commands: not an object, but array',
        'versions.v4.containers: not a list, but string "data.v4"; using the images of its daemons and commands',
        'versions.v3.daemons.web.image: not an image name (a non-empty string), but number 42',
        'versions.v2.daemons: not an object, but string "web"',
        'versions.v1.daemons: missing',
      ],
    },
  },
  {
    name: 'malformed: no daemons is fine when `containers` says what to keep',
    params: { versions: { v1: { timestamp: uploaded(H), containers: ['x.v1'] } }, groups: {} },
    expect: { images: ['x.v1'] },
  },
  {
    name: 'malformed: a version without timestamp is reported and not kept for being uploaded',
    params: { versions: { v1: { daemons: {} }, v2: meta(30 * D) }, groups: {} },
    expect: { kept: { v2: ['latest'] }, errors: ['versions.v1.timestamp: missing'] },
  },
  {
    name: 'malformed: bad container entries are skipped, the rest kept',
    params: { versions: { v1: { timestamp: uploaded(H), containers: ['a', null, '', 'b'] } }, groups: {} },
    expect: {
      images: ['a', 'b'],
      errors: [
        'versions.v1.containers.1: not an image name (a non-empty string), but null',
        'versions.v1.containers.2: not an image name (a non-empty string), but string ""',
      ],
    },
  },
  {
    name: 'malformed groups and group fields are reported, the rest tracked',
    params: {
      versions: oldVersions('v1', 'v2', 'v3', 'v4'),
      groups: {
        a: 'web',
        b: { version: 7, last_deployed: { v2: 'soon', v1: NOW - 50 * D } },
        c: { version: 'v3', update: { source_ver: 'v3' }, last_deployed: 'v3' },
        d: { version: 'v2', update: 'yes' },
      },
    },
    expect: {
      kept: { v4: ['latest'], v3: ['running', 'updating'], v2: ['running'], v1: ['previous'] },
      errors: [
        'groups.a: not an object, but string "web"',
        'groups.b.version: not a version string, but number 7',
        'groups.b.last_deployed.v2: deploy time is not a number, but string "soon"',
        'groups.c.update.target_ver: missing',
        'groups.c.last_deployed: not an object, but string "v3"',
        'groups.d.update: not an object, but string "yes"',
      ],
    },
  },

  // Versions in use whose metadata is gone.
  {
    name: 'missing: a running version not in the runtime is kept and reported',
    params: { versions: oldVersions('v2', 'v3'), groups: { web: group('v1', 40 * D) } },
    expect: {
      kept: { v3: ['latest'], v1: ['running'] },
      versions: ['v3', 'v1'],
      images: ['img-v3'],
      missing: ['v1'],
      errors: ['groups.web.version: version v1 is not in the runtime (its metadata is gone); kept anyway'],
    },
  },
  {
    name: 'missing: update source and target, rollback target',
    params: {
      versions: oldVersions('v5'),
      groups: {
        web: { version: 'v2', update: { source_ver: 'v2', target_ver: 'v3' }, last_deployed: { v2: NOW - 40 * D, v1: NOW - 50 * D } },
      },
    },
    expect: {
      kept: { v5: ['latest'], v3: ['updating'], v2: ['running', 'updating'], v1: ['previous'] },
      missing: ['v3', 'v2', 'v1'],
      errors: [
        'groups.web.update.target_ver: version v3 is not in the runtime (its metadata is gone); kept anyway',
        'groups.web.version: version v2 is not in the runtime (its metadata is gone); kept anyway',
        'groups.web.update.source_ver: version v2 is not in the runtime (its metadata is gone); kept anyway',
        'groups.web.last_deployed.v1: version v1 is not in the runtime (its metadata is gone); kept anyway',
      ],
    },
  },
  {
    name: 'missing: a recently deployed rollback target is reported once',
    params: { versions: oldVersions('v5'), groups: { web: group('v5', H, { v4: 2 * H }) } },
    expect: {
      kept: { v5: ['deployed', 'latest', 'running'], v4: ['deployed', 'previous'] },
      missing: ['v4'],
      errors: ['groups.web.last_deployed.v4: version v4 is not in the runtime (its metadata is gone); kept anyway'],
    },
  },
  {
    name: 'missing: with no runtime at all, running versions are still kept',
    params: { versions: {}, groups: { web: group('v1', D) } },
    expect: { versions: ['v1'], missing: ['v1'], images: [] },
    errorCount: 1,
  },

  // The runtime is a directory tree: project-level keys are not versions.
  {
    name: 'runtime keys that are not versions are ignored',
    params: { versions: { ...oldVersions('v1'), pipelines: { x: 1 }, 'readme.txt': 'hello', value: null }, groups: {} },
    expect: { kept: { v1: ['latest'] }, versions: ['v1'] },
  },

  // Options and the clock.
  {
    name: 'options: the semver ordering for semver projects',
    params: {
      versions: { 'v1.0.0-rc.1': meta(30 * D, 'rc'), 'v1.0.0': meta(30 * D, 'release') },
      groups: {},
      options: { compare: T.version.compareSemver },
    },
    expect: { kept: { 'v1.0.0': ['latest'] } },
  },
  {
    name: 'options: bad values are reported and the defaults used',
    params: {
      versions: { v1: meta(23 * H), v2: meta(30 * D) },
      groups: {},
      options: { uploaded_lifetime_ms: '3h', deployed_lifetime_ms: -1, compare: 'semver' },
    },
    expect: {
      kept: { v2: ['latest'], v1: ['uploaded'] },
      errors: [
        'options.deployed_lifetime_ms: not a non-negative number, but number -1; using the default 86400000',
        'options.uploaded_lifetime_ms: not a non-negative number, but string "3h"; using the default 86400000',
        'options.compare: not a function, but string "semver"; using version.compare',
      ],
    },
  },
  {
    name: 'no usable clock: time rules are off, the rest still applies',
    params: { versions: { v1: meta(H), v2: meta(H) }, groups: { web: group('v1', H, { v0: 2 * H }) }, now: 'now' },
    expect: {
      kept: { v2: ['latest'], v1: ['running'], v0: ['previous'] },
    },
    errorCount: 2,
  },
];
