// Test helpers for verwalter-ack: a fake verwalter node on 127.0.0.1 and a
// way to run the real CLI.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../harness/bin/verwalter-ack.mjs', import.meta.url));

// A node that plays verwalter. `routes` maps "METHOD /path" to a handler
// (req, body) => {status, body?, json?} (or an array of them, used in turn,
// the last one repeating). Like verwalter's router, POST /v1/wait_action
// with another Content-Type than exactly application/json gets 415.
// Every request is recorded in `requests`.
export async function fakeVerwalter(routes = {}) {
  const requests = [];
  const counters = {};
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      const key = `${req.method} ${req.url}`;
      if (req.url === '/v1/wait_action' && req.headers['content-type'] !== 'application/json') {
        res.writeHead(415).end('Unsupported Media Type');
        return;
      }
      let handler = routes[key];
      if (Array.isArray(handler)) {
        const i = counters[key] = (counters[key] ?? -1) + 1;
        handler = handler[Math.min(i, handler.length - 1)];
      }
      if (!handler) {
        res.writeHead(404).end('Not Found');
        return;
      }
      const answer = typeof handler === 'function' ? handler(req, body) : handler;
      if (answer.json !== undefined) {
        res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.json));
      } else {
        res.writeHead(answer.status ?? 200);
        res.end(answer.body ?? '');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    requests,
    posts: () => requests.filter((r) => r.method === 'POST'),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// /v1/status of node `id` as verwalter serves it (only the fields the tool
// reads, plus a few to look real). `leader` is null, or {id, name, addr?}.
export function status(id, leader) {
  return {
    json: {
      version: 'v0.13.5', id, name: `node-${id}`, hostname: `node-${id}.example.org`,
      peers: 2, leader, roles: 1, num_errors: 0, errors: {}, failed_roles: [],
      debug_force_leader: false, schedule_status: 'ok',
    },
  };
}

export const selfLeader = (id) => status(id, {
  id, name: `node-${id}`, hostname: `node-${id}.example.org`, addr: null, schedule: 'abc',
});

// Retries as fast as VERWALTER_ACK_BACKOFF allows (at least 100 ms), so that
// tests of retries stay short.
export const FAST_BACKOFF = '100,200';

// Runs the CLI with a clean environment (only what is given, plus PATH) and
// fast retries. Resolves {code, signal, stdout, stderr}.
export function runCli(args, env = {}, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, VERWALTER_ACK_BACKOFF: FAST_BACKOFF, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not exit in ${timeoutMs}ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// Spawns the CLI and returns the child and its captured output, without
// waiting for it to exit.
export function startCli(args, env = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, VERWALTER_ACK_BACKOFF: FAST_BACKOFF, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => { out.stdout += d; });
  child.stderr.on('data', (d) => { out.stderr += d; });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, out, exited };
}

export async function waitFor(pred, timeoutMs = 3000, what = 'condition') {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
