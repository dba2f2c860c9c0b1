// verwalter-ack against fake verwalter nodes on 127.0.0.1, mostly through
// the real CLI.
import { expect } from 'chai';
import http from 'node:http';
import { sendAction, buildAction, EXIT } from '../../harness/ack/ack.mjs';
import {
  fakeVerwalter, status, selfLeader, runCli, startCli, waitFor,
} from './helpers.mjs';

const LITHOS_NAME = 'my-app-staging/ru-slave-migrate-2.0';
const BUTTON = {
  role: 'my-app-staging', group: 'ru-slave', action: 'update_action', step: 'cmd_migrate', update_action: 'ack',
};
const OK = { json: { ok: true, step: 'cmd_migrate' } };

describe('verwalter-ack: end to end', function () {
  this.timeout(5000);
  let servers = [];
  const serve = async (routes) => {
    const s = await fakeVerwalter(routes);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  const args = (node, ...more) => ['--verwalter-host', '127.0.0.1', '--verwalter-port', String(node.port), ...more];

  it('asks the node for the leader and posts the ack to it when it is the leader', async () => {
    const a = await serve({ 'GET /v1/status': selfLeader('a'), 'POST /v1/wait_action': OK });
    const r = await runCli(args(a, '--exit'), { LITHOS_NAME });
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(a.requests.map((q) => `${q.method} ${q.url}`)).to.deep.equal(['GET /v1/status', 'POST /v1/wait_action']);
    const post = a.posts()[0];
    expect(post.headers['content-type']).to.equal('application/json');
    expect(Number(post.headers['content-length'])).to.equal(Buffer.byteLength(post.body));
    expect(JSON.parse(post.body)).to.deep.equal({ button: BUTTON });
    expect(JSON.parse(r.stdout)).to.deep.equal(OK.json);
    expect(r.stderr).to.include('posting').and.include('accepted');
  });

  it('goes to the leader the status names (node A says B leads: B gets the post)', async () => {
    const b = await serve({ 'GET /v1/status': selfLeader('b'), 'POST /v1/wait_action': OK });
    const a = await serve({
      'GET /v1/status': status('a', { id: 'b', name: 'node-b', hostname: 'node-b.example.org', addr: `127.0.0.1:${b.port}` }),
      'POST /v1/wait_action': { status: 503, body: 'Service Unavailable' },
    });
    const r = await runCli(args(a, '--exit', '--proceed'), { LITHOS_NAME });
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(a.posts()).to.have.length(0);
    expect(b.posts()).to.have.length(1);
    expect(JSON.parse(b.posts()[0].body).button).to.deep.equal({ ...BUTTON, update_action: 'proceed' });
    expect(r.stderr).to.include(`leader is node-b (http://127.0.0.1:${b.port})`);
  });

  it('retries from the start when the leader it was sent to is not the leader anymore', async () => {
    const b = await serve({ 'POST /v1/wait_action': { status: 503, body: 'Service Unavailable' } });
    const a = await serve({
      'GET /v1/status': [
        status('a', { id: 'b', name: 'node-b', addr: `127.0.0.1:${b.port}` }),
        selfLeader('a'),
      ],
      'POST /v1/wait_action': OK,
    });
    const r = await runCli(args(a, '--exit'), { LITHOS_NAME });
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(b.posts()).to.have.length(1);
    expect(a.posts()).to.have.length(1);
    expect(r.stderr).to.match(/attempt 1: node-b cannot take the action \(HTTP 503\).*retrying in 100ms/);
  });

  it('retries after 503, then succeeds', async () => {
    const a = await serve({
      'GET /v1/status': selfLeader('a'),
      'POST /v1/wait_action': [{ status: 503, body: 'x' }, { status: 503, body: 'x' }, OK],
    });
    const r = await runCli(args(a, '--exit'), { LITHOS_NAME });
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(a.posts()).to.have.length(3);
    expect(a.posts().map((p) => p.body)).to.deep.equal(Array(3).fill(JSON.stringify({ button: BUTTON })));
    expect(r.stderr.match(/^verwalter-ack: attempt \d+: .*HTTP 503.*$/gm)).to.have.length(2);
    expect(r.stderr).to.include('retrying in 100ms').and.include('retrying in 200ms');
  });

  it('retries after 429 Too Many Requests', async () => {
    const a = await serve({
      'GET /v1/status': selfLeader('a'),
      'POST /v1/wait_action': [{ status: 429, body: 'Too Many Requests' }, OK],
    });
    const r = await runCli(args(a, '--exit'), { LITHOS_NAME });
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(a.posts()).to.have.length(2);
    expect(r.stderr).to.include('attempt 1: leader node-a is busy (HTTP 429');
  });

  it('retries while the node knows no leader', async () => {
    const a = await serve({
      'GET /v1/status': [status('a', null), status('a', null), selfLeader('a')],
      'POST /v1/wait_action': OK,
    });
    const r = await runCli(args(a, '--exit'), { LITHOS_NAME });
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(r.stderr.match(/knows no leader yet/g)).to.have.length(2);
    expect(a.posts()).to.have.length(1);
  });

  it('retries, without crashing, while the leader in the status has a name that is not a string and no addr', async () => {
    const a = await serve({
      'GET /v1/status': [status('a', { id: 'b', name: 5, hostname: null, addr: null }), selfLeader('a')],
      'POST /v1/wait_action': OK,
    });
    const r = await runCli(args(a, '--exit'), { LITHOS_NAME });
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(r.stderr).to.include(
      `attempt 1: http://127.0.0.1:${a.port}/v1/status names a leader without a usable address: ` +
      '{"id":"b","name":5,"hostname":null,"addr":null}; retrying in 100ms');
    expect(a.requests.map((q) => `${q.method} ${q.url}`))
      .to.deep.equal(['GET /v1/status', 'GET /v1/status', 'POST /v1/wait_action']);
  });

  it('refuses (exit 2, sending nothing) a VERWALTER_ACK_BACKOFF that would retry in a busy loop', async () => {
    const a = await serve({ 'GET /v1/status': status('a', null) });
    const refused = [
      // 0 x 2 = 0: the delay would never grow.
      ['0,0', 'min 0 is below 100 ms'],
      ['50', 'min 50 is below 100 ms'],
      // Past 2^31-1 ms Node's timer fires after 1 ms.
      ['3000000000', 'min 3000000000 is above a day (86400000 ms)'],
      ['500,86400001', 'max 86400001 is above a day (86400000 ms)'],
    ];
    for (const [backoff, why] of refused) {
      // --max-attempts only so that a tool that took it would stop.
      const r = await runCli(args(a, '--exit', '--max-attempts', '3'), { LITHOS_NAME, VERWALTER_ACK_BACKOFF: backoff });
      expect(r.code, backoff).to.equal(EXIT.USAGE);
      expect(r.stderr).to.equal(`verwalter-ack: VERWALTER_ACK_BACKOFF: ${why}\n(see verwalter-ack --help)\n`);
    }
    expect(a.requests).to.have.length(0);
  });

  it('exits 1 with the message when the scheduler answers an error', async () => {
    const a = await serve({
      'GET /v1/status': selfLeader('a'),
      'POST /v1/wait_action': { json: { error: 'step cmd_migrate is not running' } },
    });
    // Without --exit too: an error answer is never "stay alive".
    const r = await runCli(args(a, '--error', 'migration failed'), { LITHOS_NAME });
    expect(r.code).to.equal(EXIT.ERROR_ANSWER);
    expect(r.stderr).to.include('the scheduler answered with an error: step cmd_migrate is not running');
    expect(JSON.parse(a.posts()[0].body).button).to.deep.equal({
      ...BUTTON, update_action: 'error', error_message: 'migration failed',
    });
    expect(a.posts()).to.have.length(1);
  });

  it('reports a 204 (no answer) with exit 4', async () => {
    const a = await serve({ 'GET /v1/status': selfLeader('a'), 'POST /v1/wait_action': { status: 204 } });
    const r = await runCli(args(a, '--exit'), { LITHOS_NAME });
    expect(r.code).to.equal(EXIT.NO_ANSWER);
    expect(r.stderr).to.include('delivered, but the scheduler gave no answer (HTTP 204)');
    expect(r.stdout).to.equal('');
    expect(a.posts()).to.have.length(1);
  });

  it('fails clearly (exit 5) on an answer that is not JSON', async () => {
    const a = await serve({
      'GET /v1/status': selfLeader('a'),
      'POST /v1/wait_action': { status: 200, body: '<html>oops</html>' },
    });
    const r = await runCli(args(a, '--exit'), { LITHOS_NAME });
    expect(r.code).to.equal(EXIT.PROTOCOL);
    expect(r.stderr).to.include("the scheduler's answer is not JSON: <html>oops</html>");
    expect(a.posts()).to.have.length(1);
  });

  it('fails clearly (exit 5) on an unexpected HTTP status, without retrying', async () => {
    const a = await serve({ 'GET /v1/status': selfLeader('a') }); // no wait_action: 404
    const r = await runCli(args(a, '--exit'), { LITHOS_NAME });
    expect(r.code).to.equal(EXIT.PROTOCOL);
    expect(r.stderr).to.include('unexpected HTTP 404');
    expect(a.posts()).to.have.length(1);
  });

  it('gives up after --max-attempts when nothing listens (exit 3)', async () => {
    const gone = await fakeVerwalter();
    await gone.close();
    const r = await runCli(args(gone, '--exit', '--max-attempts', '3'), { LITHOS_NAME });
    expect(r.code).to.equal(EXIT.GAVE_UP);
    expect(r.stderr.match(/^verwalter-ack: attempt \d: cannot reach .*ECONNREFUSED/gm)).to.have.length(3);
    expect(r.stderr).to.include('gave up after 3 attempt(s)');
  });

  it('stays alive after success until killed, without --exit', async () => {
    const a = await serve({ 'GET /v1/status': selfLeader('a'), 'POST /v1/wait_action': OK });
    const { child, out, exited } = startCli(args(a), { LITHOS_NAME });
    try {
      await waitFor(() => out.stderr.includes('staying alive'), 3000, 'the CLI to finish its post');
      await new Promise((r) => setTimeout(r, 300));
      expect(child.exitCode).to.equal(null);
      expect(child.signalCode).to.equal(null);
      expect(JSON.parse(out.stdout)).to.deep.equal(OK.json);
      expect(a.posts()).to.have.length(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.deep.equal({ code: 0, signal: null });
  });

  it('stays alive after a 204 too (the action was delivered)', async () => {
    const a = await serve({ 'GET /v1/status': selfLeader('a'), 'POST /v1/wait_action': { status: 204 } });
    const { child, out, exited } = startCli(args(a), { LITHOS_NAME });
    try {
      await waitFor(() => out.stderr.includes('staying alive'), 3000, 'the CLI to finish its post');
      await new Promise((r) => setTimeout(r, 100));
      expect(child.exitCode).to.equal(null);
    } finally {
      child.kill('SIGTERM');
    }
    await exited;
  });

  it('takes role, group and step from flags without LITHOS_NAME', async () => {
    const a = await serve({ 'GET /v1/status': selfLeader('a'), 'POST /v1/wait_action': OK });
    const r = await runCli(args(a, '--exit', '--role', 'r', '--group', 'g', '--step', 'cmd_x'));
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(JSON.parse(a.posts()[0].body).button).to.include({ role: 'r', group: 'g', step: 'cmd_x' });
  });

  it('without LITHOS_NAME or flags prints the curl command and exits 77, sending nothing', async () => {
    const a = await serve({ 'GET /v1/status': selfLeader('a') });
    const r = await runCli(args(a, '--exit'));
    expect(r.code).to.equal(77);
    expect(r.stdout.trim()).to.equal(
      "curl -sS -XPOST -H 'Content-Type: application/json' -d " +
      `'{"button":{"role":"ROLE","group":"GROUP","action":"update_action","step":"cmd_STEP","update_action":"ack"}}' ` +
      `http://127.0.0.1:${a.port}/v1/wait_action`);
    expect(r.stderr).to.include('no LITHOS_NAME');
    expect(a.requests).to.have.length(0);
  });

  it('for a command run by hand prints the curl command and exits 0, sending nothing', async () => {
    const a = await serve({ 'GET /v1/status': selfLeader('a') });
    const r = await runCli(args(a), { LITHOS_NAME: 'my-app-staging/cmd.myapp-migrate-2.1235' });
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include(`"role":"my-app-staging","group":"myapp"`).and.include('"step":"cmd_migrate"');
    expect(r.stdout).to.include(`http://127.0.0.1:${a.port}/v1/wait_action`);
    expect(r.stderr).to.include('run by hand');
    expect(a.requests).to.have.length(0);
  });

  it('reaches a node given as host:port or http://host:port, and exits 2 at once on a host that forms no URL', async () => {
    const a = await serve({ 'GET /v1/status': selfLeader('a'), 'POST /v1/wait_action': OK });
    for (const host of [`127.0.0.1:${a.port}`, `http://127.0.0.1:${a.port}`]) {
      const r = await runCli(['--verwalter-host', host, '--exit'], { LITHOS_NAME });
      expect(r.code, r.stderr).to.equal(EXIT.OK);
    }
    expect(a.posts()).to.have.length(2);
    const bad = await runCli(['--verwalter-host', 'https://127.0.0.1:1', '--exit'], { LITHOS_NAME });
    expect(bad.code).to.equal(EXIT.USAGE);
    expect(bad.stderr).to.equal('verwalter-ack: --verwalter-host: "https://127.0.0.1:1" is not http\n(see verwalter-ack --help)\n');
  });

  it('exits 2 with a clear message on an unparsable LITHOS_NAME', async () => {
    const r = await runCli(['--exit'], { LITHOS_NAME: 'no-slash-here.0' });
    expect(r.code).to.equal(EXIT.USAGE);
    expect(r.stderr).to.include('cannot parse LITHOS_NAME "no-slash-here.0"');
  });

  it('documents flags, environment and exit codes in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).to.equal(0);
    for (const word of ['--proceed', '--error', '--verwalter-host', '--verwalter-port', '--role', '--group',
      '--step', '--exit', '--max-attempts', 'LITHOS_NAME', 'VERWALTER_ACK_BACKOFF', '8379', 'localhost',
      'Exit codes', '77']) {
      expect(r.stdout).to.include(word);
    }
  });
});

describe('verwalter-ack: retries in process', () => {
  const action = buildAction({ role: 'r', group: 'g', step: 'cmd_s' });

  it('doubles the delay up to the bound, one line per attempt', async () => {
    const gone = await fakeVerwalter();
    await gone.close();
    const lines = [];
    const res = await sendAction(action, {
      host: '127.0.0.1', port: gone.port, backoff: { minMs: 1, maxMs: 4 }, maxAttempts: 6,
    }, (l) => lines.push(l));
    expect(res.code).to.equal(EXIT.GAVE_UP);
    expect(lines.map((l) => (l.match(/retrying in (\d+ms)|giving up/) || [])[1] || 'giving up'))
      .to.deep.equal(['1ms', '2ms', '4ms', '4ms', '4ms', 'giving up']);
    expect(lines.every((l, i) => l.startsWith(`attempt ${i + 1}: `))).to.equal(true);
  });

  it('retries when the status request times out', async () => {
    let calls = 0;
    const server = http.createServer((req, res) => {
      calls += 1;
      if (calls === 1) return; // never answer
      if (req.url === '/v1/status') {
        res.writeHead(200).end(JSON.stringify(selfLeader('a').json));
      } else {
        res.writeHead(200).end('{"done":1}');
      }
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const lines = [];
      const res = await sendAction(action, {
        host: '127.0.0.1', port: server.address().port, backoff: { minMs: 1, maxMs: 1 }, statusTimeoutMs: 100,
      }, (l) => lines.push(l));
      expect(res).to.deep.include({ code: EXIT.OK, answer: { done: 1 } });
      expect(lines[0]).to.match(/attempt 1: cannot reach .*no answer in 0.1s/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('falls back to the leader name and the given port when the leader has no addr', async () => {
    const a = await fakeVerwalter({
      // Leader "b" is known only by name; here that name is this very address.
      'GET /v1/status': status('a', { id: 'b', name: '127.0.0.1', hostname: 'b.example.org', addr: null }),
      'POST /v1/wait_action': { json: { ok: 1 } },
    });
    try {
      const res = await sendAction(action, { host: '127.0.0.1', port: a.port, maxAttempts: 1 });
      expect(res.code).to.equal(EXIT.OK);
      expect(a.posts()).to.have.length(1);
    } finally {
      await a.close();
    }
  });

  it('retries when /v1/status is not JSON', async () => {
    const a = await fakeVerwalter({
      'GET /v1/status': [{ status: 200, body: 'starting' }, selfLeader('a')],
      'POST /v1/wait_action': { json: {} },
    });
    try {
      const lines = [];
      const res = await sendAction(action, { host: '127.0.0.1', port: a.port, backoff: { minMs: 1, maxMs: 1 } },
        (l) => lines.push(l));
      expect(res.code).to.equal(EXIT.OK);
      expect(lines[0]).to.include('/v1/status is not JSON: starting');
    } finally {
      await a.close();
    }
  });
});
