import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { INPUT, removeDir, runCli, tempDir, writeCase } from './helpers.mjs';

const SCHEDULE = { state: { app: { groups: {} } }, roles: {}, nodes: {}, changes: [], owner_hostname: 'alpha' };

// Answers as verwalter's frontend does: /v1/schedule is the Schedule struct
// {timestamp, hash, data, origin}, stamped with the input's `now`.
function verwalterAnswers({ input = INPUT, timestamp = INPUT.now } = {}) {
  return {
    '/v1/scheduler_input': { status: 200, type: 'application/json', body: JSON.stringify(input) },
    '/v1/schedule': {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ timestamp, hash: 'c0ffee', data: SCHEDULE, origin: 'a1' }),
    },
  };
}

async function serve(routes) {
  const server = createServer((request, response) => {
    const route = routes[request.url] ?? { status: 404, type: 'text/html', body: '<h1>Not Found</h1>' };
    response.writeHead(route.status, { 'content-type': route.type });
    response.end(route.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('verwalter-harness record', function () {
  let dir;
  let server;

  beforeEach(async function () {
    dir = await tempDir();
  });
  afterEach(async function () {
    await server?.close();
    server = undefined;
    await removeDir(dir);
  });

  it('writes input.json and the schedule\'s data as expected.json', async function () {
    server = await serve(verwalterAnswers());
    const caseDir = path.join(dir, 'cases/first');
    const { code, stdout, stderr } = await runCli(['record', '--from', server.url, caseDir]);
    expect(stderr).to.equal('');
    expect(code).to.equal(0);
    expect(stdout).to.equal(`recorded ${caseDir} from ${server.url} (now ${INPUT.now}, schedule c0ffee)\n`);
    expect(JSON.parse(await readFile(path.join(caseDir, 'input.json'), 'utf8'))).to.deep.equal(INPUT);
    const expected = await readFile(path.join(caseDir, 'expected.json'), 'utf8');
    expect(JSON.parse(expected)).to.deep.equal(SCHEDULE);
    expect(expected).to.match(/^{\n {2}"changes": \[\],\n/);
  });

  it('refuses an --from that is no address, naming the flag', async function () {
    const { code, stderr } = await runCli(['record', '--from', 'ftp://leader', path.join(dir, 'c')]);
    expect(code).to.equal(2);
    expect(stderr).to.include("option '--from <address>' argument 'ftp://leader' is invalid");
  });

  it('accepts host:port without a scheme', async function () {
    server = await serve(verwalterAnswers());
    const { code } = await runCli(['record', '--from', server.url.replace('http://', ''), path.join(dir, 'c')]);
    expect(code).to.equal(0);
  });

  it('explains a 404 on the input: not the leader, or no run yet', async function () {
    const { '/v1/schedule': schedule } = verwalterAnswers();
    server = await serve({ '/v1/schedule': schedule });
    const { code, stderr } = await runCli(['record', '--from', server.url, path.join(dir, 'c')]);
    expect(code).to.equal(1);
    expect(stderr).to.include(`GET ${server.url}/v1/scheduler_input: 404 Not Found: this node has no scheduler input`);
    expect(stderr).to.include('not the leader');
  });

  it('refuses an answer that is not JSON', async function () {
    server = await serve({ ...verwalterAnswers(), '/v1/schedule': { status: 200, type: 'text/html', body: '<html>' } });
    const { code, stderr } = await runCli(['record', '--from', server.url, path.join(dir, 'c')]);
    expect(code).to.equal(1);
    expect(stderr).to.include(`GET ${server.url}/v1/schedule: the answer is not JSON (text/html; starts "<html>")`);
  });

  it('reports an unreachable host', async function () {
    const closed = await serve({});
    await closed.close();
    const { code, stderr } = await runCli(['record', '--from', closed.url, path.join(dir, 'c')]);
    expect(code).to.equal(1);
    expect(stderr).to.include(`cannot reach verwalter at ${closed.url}: ECONNREFUSED`);
  });

  it('refuses an input and a schedule from different scheduler runs', async function () {
    server = await serve(verwalterAnswers({ timestamp: INPUT.now - 5000 }));
    const { code, stderr } = await runCli(['record', '--from', server.url, path.join(dir, 'c')]);
    expect(code).to.equal(1);
    expect(stderr).to.include('come from different scheduler runs');
  });

  it('keeps an existing case unless --force', async function () {
    server = await serve(verwalterAnswers());
    await writeCase(dir, { 'input.json': { now: 1 } });
    const kept = await runCli(['record', '--from', server.url, dir]);
    expect(kept.code).to.equal(2);
    expect(kept.stderr).to.include('already holds a case; use --force');
    expect((await runCli(['record', '--from', server.url, dir, '--force'])).code).to.equal(0);
    expect(JSON.parse(await readFile(path.join(dir, 'input.json'), 'utf8')).now).to.equal(INPUT.now);
  });

  it('needs --from', async function () {
    const { code, stderr } = await runCli(['record', path.join(dir, 'c')]);
    expect(code).to.equal(2);
    expect(stderr).to.include("required option '--from <address>' not specified");
  });
});
