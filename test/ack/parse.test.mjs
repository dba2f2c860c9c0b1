import { expect } from 'chai';
import {
  parseLithosName, buildAction, curlCommand, leaderBase, parseBackoff, UsageError, DEFAULT_BACKOFF,
} from '../../harness/ack/ack.mjs';
import { parseCommandLine } from '../../harness/ack/cli.mjs';

describe('verwalter-ack: LITHOS_NAME parsing', () => {
  // The reference's cases (ack2_tests.py).
  it('parses a daemon name (reference: test_parse_daemon)', () => {
    expect(parseLithosName('my-app-staging/myapp-migrate-2.0')).to.deep.equal({
      role: 'my-app-staging', group: 'myapp', step: 'cmd_migrate', byHand: false,
    });
  });

  it('takes the last dash as the name separator (reference: test_more_dashes)', () => {
    expect(parseLithosName('my-app-staging/ru-slave-migrate-2.0')).to.deep.equal({
      role: 'my-app-staging', group: 'ru-slave', step: 'cmd_migrate', byHand: false,
    });
  });

  it('recognises a command run by hand (reference: test_parse_command)', () => {
    expect(parseLithosName('my-app-staging/cmd.myapp-migrate-2.1235')).to.deep.equal({
      role: 'my-app-staging', group: 'myapp', step: 'cmd_migrate', byHand: true,
    });
  });

  it('parses a plain daemon without the -1/-2 marker', () => {
    expect(parseLithosName('web/prod-worker.3')).to.deep.equal({
      role: 'web', group: 'prod', step: 'cmd_worker', byHand: false,
    });
  });

  it('drops -1 and -2 (two versions side by side)', () => {
    for (const v of ['1', '2']) {
      expect(parseLithosName(`web/prod-worker-${v}.0`)).to.include({ group: 'prod', step: 'cmd_worker' });
    }
  });

  it('keeps other numeric suffixes as the name', () => {
    expect(parseLithosName('web/prod-worker-3.0')).to.include({ group: 'prod-worker', step: 'cmd_3' });
  });

  it('does not drop -1 when nothing would be left to split', () => {
    expect(parseLithosName('web/prod-1.0')).to.include({ group: 'prod', step: 'cmd_1' });
  });

  it('accepts dashes in role and group at once', () => {
    expect(parseLithosName('my-big-role/eu-west-1a-db-migrate-1.12')).to.deep.equal({
      role: 'my-big-role', group: 'eu-west-1a-db', step: 'cmd_migrate', byHand: false,
    });
  });

  it('accepts names without an instance number', () => {
    expect(parseLithosName('r/g-migrate')).to.include({ role: 'r', group: 'g', step: 'cmd_migrate' });
    expect(parseLithosName('r/g-migrate-2')).to.include({ group: 'g', step: 'cmd_migrate' });
    expect(parseLithosName('r/cmd.g-migrate')).to.include({ group: 'g', step: 'cmd_migrate', byHand: true });
  });

  it('accepts underscores and dots in the group', () => {
    expect(parseLithosName('r/v1.2_grp-do_it.0')).to.include({ group: 'v1.2_grp', step: 'cmd_do_it' });
  });

  it('rejects unknown shapes with a clear error', () => {
    const bad = {
      '': 'empty',
      '   ': 'empty',
      'myapp-migrate.0': 'no "/"',
      '/myapp-migrate.0': 'role is empty',
      'r/migrate.0': 'no "-"',
      'r/cmd.migrate.0': 'no "-"',
      'r/-migrate.0': 'group is empty',
      'r/myapp-.0': 'service name is empty',
      'r/a/b-c.0': 'more than one "/"',
      'r/myapp-migrate.x': 'numeric instance',
      'r/my app-migrate.0': 'whitespace',
      'r/': 'no "-"',
    };
    for (const [name, why] of Object.entries(bad)) {
      expect(() => parseLithosName(name), name)
        .to.throw(UsageError, why)
        .with.property('message').that.includes('LITHOS_NAME');
    }
  });
});

describe('verwalter-ack: action and curl command', () => {
  const t = { role: 'r', group: 'g', step: 'cmd_s' };

  it('builds the ack the web UI posts', () => {
    expect(buildAction(t)).to.deep.equal({
      button: { role: 'r', group: 'g', action: 'update_action', step: 'cmd_s', update_action: 'ack' },
    });
  });

  it('builds proceed and error actions', () => {
    expect(buildAction(t, { proceed: true }).button.update_action).to.equal('proceed');
    expect(buildAction(t, { error: 'boom' }).button).to.deep.equal({
      role: 'r', group: 'g', action: 'update_action', step: 'cmd_s',
      update_action: 'error', error_message: 'boom',
    });
    // An empty message is still an error, just without a message.
    expect(buildAction(t, { error: '' }).button).to.not.have.property('error_message');
    expect(buildAction(t, { error: '' }).button.update_action).to.equal('error');
  });

  it('quotes the JSON for a POSIX shell', () => {
    const cmd = curlCommand(buildAction(t, { error: "it's" }), 'h', 1234);
    expect(cmd).to.equal(
      "curl -sS -XPOST -H 'Content-Type: application/json' -d " +
      `'{"button":{"role":"r","group":"g","action":"update_action","step":"cmd_s",` +
      `"update_action":"error","error_message":"it'\\''s"}}' http://h:1234/v1/wait_action`);
  });
});

describe('verwalter-ack: leader address from /v1/status', () => {
  const asked = 'http://127.0.0.1:8379';

  it('uses the node asked when it is the leader itself', () => {
    const st = { id: 'a', name: 'na', leader: { id: 'a', name: 'na', hostname: 'na.x', addr: null } };
    expect(leaderBase(st, asked, 8379)).to.deep.equal({ base: asked, name: 'na' });
  });

  it("uses another leader's addr (IPv4 and IPv6)", () => {
    const st = { id: 'a', leader: { id: 'b', name: 'nb', hostname: 'nb.x', addr: '10.0.0.2:8379' } };
    expect(leaderBase(st, asked, 8379)).to.deep.equal({ base: 'http://10.0.0.2:8379', name: 'nb' });
    st.leader.addr = '[fe80::1]:8379';
    expect(leaderBase(st, asked, 8379).base).to.equal('http://[fe80::1]:8379');
  });

  it('falls back to the leader name and the given port without an addr', () => {
    const st = { id: 'a', leader: { id: 'b', name: 'nb', hostname: 'nb.x', addr: null } };
    expect(leaderBase(st, asked, 9000)).to.deep.equal({ base: 'http://nb:9000', name: 'nb' });
  });

  it('finds no usable leader in a name, hostname or addr that is not a string', () => {
    expect(leaderBase({ id: 'a', leader: { id: 'b', name: 5, addr: null } }, asked, 8379)).to.equal(null);
    expect(leaderBase({ id: 'a', leader: { id: 'b', name: {}, hostname: [], addr: 7 } }, asked, 8379)).to.equal(null);
    // A string among them is still used: hostname after name, as before.
    expect(leaderBase({ id: 'a', leader: { id: 'b', name: 5, hostname: 'hb' } }, asked, 8379))
      .to.deep.equal({ base: 'http://hb:8379', name: 'hb' });
    expect(leaderBase({ id: 'a', leader: { id: 'b', name: 5, addr: '10.0.0.2:8379' } }, asked, 8379))
      .to.deep.equal({ base: 'http://10.0.0.2:8379', name: 'b' });
  });

  it('reports no leader', () => {
    expect(leaderBase({ id: 'a', leader: null }, asked, 8379)).to.equal(null);
    expect(leaderBase({ id: 'a' }, asked, 8379)).to.equal(null);
    expect(leaderBase(null, asked, 8379)).to.equal(null);
  });
});

describe('verwalter-ack: command line', () => {
  const env = { LITHOS_NAME: 'role-x/grp-a-migrate-1.0' };

  it('defaults to localhost:8379, ack, retry forever, stay alive', () => {
    const c = parseCommandLine([], env);
    expect(c).to.deep.include({ mode: 'ack', host: 'localhost', port: 8379, maxAttempts: 0, exit: false });
    expect(c.backoff).to.deep.equal(DEFAULT_BACKOFF);
    expect(c.action.button).to.include({ role: 'role-x', group: 'grp-a', step: 'cmd_migrate', update_action: 'ack' });
  });

  it('reads host, port, proceed, error, exit, max-attempts', () => {
    const c = parseCommandLine(['--verwalter-host', 'h', '--verwalter-port=9', '--proceed', '--exit',
      '--max-attempts', '3'], env);
    expect(c).to.deep.include({ host: 'h', port: 9, exit: true, maxAttempts: 3 });
    expect(c.action.button.update_action).to.equal('proceed');
    const e = parseCommandLine(['--error', 'it broke'], env);
    expect(e.action.button).to.include({ update_action: 'error', error_message: 'it broke' });
  });

  it('takes host:port and http:// URLs for --verwalter-host, as record --from does', () => {
    const at = (...argv) => {
      const { host, port } = parseCommandLine(argv, env);
      return `${host} ${port}`;
    };
    expect(at('--verwalter-host', '127.0.0.1:18380')).to.equal('127.0.0.1 18380');
    expect(at('--verwalter-host', 'http://10.0.0.2:9000')).to.equal('10.0.0.2 9000');
    expect(at('--verwalter-host', 'http://leader')).to.equal('leader 80');
    expect(at('--verwalter-host', 'http://leader', '--verwalter-port', '8379')).to.equal('leader 8379');
    expect(at('--verwalter-host', 'fe80::1')).to.equal('[fe80::1] 8379');
    expect(at('--verwalter-host', '[fe80::1]:9')).to.equal('[fe80::1] 9');
    expect(at('--verwalter-host', 'leader', '--verwalter-port', '9')).to.equal('leader 9');
    expect(at('--verwalter-host', 'leader:9', '--verwalter-port', '9')).to.equal('leader 9');
  });

  it('refuses a --verwalter-host that forms no URL at once, and an empty --error', () => {
    const bad = [
      [['--verwalter-host', 'https://leader:8379'], '--verwalter-host: "https://leader:8379" is not http'],
      [['--verwalter-host', 'leader:port'], '--verwalter-host: not a host, host:port or URL: "leader:port"'],
      [['--verwalter-host', 'leader:8379/v1/status'], 'has more than a host and a port'],
      [['--verwalter-host', 'leader:1', '--verwalter-port', '2'], 'give the port once'],
      [['--error', ''], '--error needs a message'],
      [['--error', '  '], '--error needs a message'],
    ];
    for (const [argv, msg] of bad) {
      expect(() => parseCommandLine(argv, env), argv.join(' ')).to.throw(UsageError, msg);
    }
  });

  it('lets --role/--group/--step override LITHOS_NAME parts', () => {
    const c = parseCommandLine(['--group', 'other'], env);
    expect(c.action.button).to.include({ role: 'role-x', group: 'other', step: 'cmd_migrate' });
  });

  it('does not read LITHOS_NAME at all when all three flags are given', () => {
    const c = parseCommandLine(['--role', 'r', '--group', 'g', '--step', 's'], { LITHOS_NAME: 'garbage' });
    expect(c.mode).to.equal('ack');
    expect(c.action.button).to.include({ role: 'r', group: 'g', step: 's' });
    // Even a by-hand name does not stop an explicit ack.
    const d = parseCommandLine(['--role', 'r', '--group', 'g', '--step', 's'], { LITHOS_NAME: 'r/cmd.g-s.0' });
    expect(d.mode).to.equal('ack');
  });

  it('knows the by-hand and the no-environment modes', () => {
    expect(parseCommandLine([], { LITHOS_NAME: 'r/cmd.g-s.0' }).mode).to.equal('by-hand');
    expect(parseCommandLine([], {}).mode).to.equal('no-environment');
    expect(parseCommandLine([], { LITHOS_NAME: '' }).mode).to.equal('no-environment');
  });

  it('rejects bad usage', () => {
    const bad = [
      [['--bogus'], env, 'bogus'],
      [['--verwalter-prot', '5'], env, "unknown option '--verwalter-prot' (did you mean --verwalter-port?)"],
      [['extra'], env, 'extra'],
      [['--proceed', '--error', 'x'], env, 'exclude'],
      [['--verwalter-port', 'abc'], env, 'port'],
      [['--verwalter-port', '70000'], env, 'port'],
      [['--max-attempts', '-1'], env, 'max-attempts'],
      [['--role', 'r'], {}, '--group, --step'],
      [['--step', ''], env, '--step is empty'],
      [[], { LITHOS_NAME: 'nonsense' }, 'LITHOS_NAME'],
      [[], { ...env, VERWALTER_ACK_BACKOFF: 'fast' }, 'VERWALTER_ACK_BACKOFF'],
    ];
    for (const [argv, e, msg] of bad) {
      expect(() => parseCommandLine(argv, e), argv.join(' ')).to.throw(UsageError, msg);
    }
  });

  it('parses VERWALTER_ACK_BACKOFF', () => {
    expect(parseBackoff('150,2000')).to.deep.equal({ minMs: 150, maxMs: 2000 });
    expect(parseBackoff('100')).to.deep.equal({ minMs: 100, maxMs: 10000 });
    expect(() => parseBackoff('2000,150')).to.throw(UsageError);
    expect(() => parseBackoff('100,200,300')).to.throw(UsageError);
  });

  it('keeps VERWALTER_ACK_BACKOFF between 100 ms and a day (no busy loop)', () => {
    expect(parseBackoff('100,86400000')).to.deep.equal({ minMs: 100, maxMs: 86400000 });
    expect(parseBackoff('86400000')).to.deep.equal({ minMs: 86400000, maxMs: 86400000 });
    const refused = [
      ['0', 'min 0 is below 100 ms'],
      ['0,0', 'min 0 is below 100 ms'],
      ['99,1000', 'min 99 is below 100 ms'],
      ['100,86400001', 'max 86400001 is above a day (86400000 ms)'],
      ['3000000000', 'min 3000000000 is above a day (86400000 ms)'],
    ];
    for (const [text, msg] of refused) {
      expect(() => parseBackoff(text), text).to.throw(UsageError, `VERWALTER_ACK_BACKOFF: ${msg}`);
    }
  });
});
