// What must hold after every tick of a random history (history.mjs). Each
// invariant is `{name, check(tick)}`; `check` returns null, or a message
// saying what is wrong. `tick` is `{t, input, result, previous, memory,
// shuffled, T, roles}`: the scheduler input and its `{schedule, log,
// actions}`, the previous tick (null at first; same shape), a `memory`
// object an invariant may keep its own notes in across ticks (under its
// name), `shuffled()` the result for the input with its keys shuffled, the
// bundle `T`, and the role names. Add an invariant by appending to
// INVARIANTS.
import { resultText } from '../support/shuffle.mjs';

const own = (obj, key) => obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, key);
const groupsIn = (schedule, role) => (own(schedule.state, role) && own(schedule.state[role], 'groups') ? schedule.state[role].groups : {});
const inRuntime = (input, role) => own(input.runtime, role);

function parentStates(input, role) {
  const out = [];
  for (const p of input.parents) {
    if (own(p, 'state') && own(p.state, role) && p.state[role] != null) out.push({ state: p.state[role], origin: p.owner_hostname });
  }
  return out;
}

// Ids of the buttons carried out, by role and action.
function accepted(tick, role, action) {
  const out = [];
  for (const [id, a] of Object.entries(tick.input.actions)) {
    const b = a && a.button;
    if (!b || b.role !== role || b.action !== action) continue;
    if (tick.result.actions[id] && tick.result.actions[id].ok === true) out.push(b);
  }
  return out;
}

const dropped = (tick, role) => (tick.result.schedule && tick.result.schedule.changes || [])
  .some((c) => c.startsWith(`${role}: missing from the runtime for more than`));

export const noThrow = {
  name: 'no throw',
  check({ result }) {
    if (!result.schedule || typeof result.schedule !== 'object') return `no schedule:\n${result.log}`;
    if (/driver failed/.test(result.log)) return `a driver failed:\n${result.log}`;
    return null;
  },
};

export const everyActionAnsweredOnce = {
  name: 'every action answered once',
  check({ input, result }) {
    const want = Object.keys(input.actions).sort();
    const got = Object.keys(result.actions).sort();
    if (JSON.stringify(want) !== JSON.stringify(got)) return `actions ${JSON.stringify(want)} but answers ${JSON.stringify(got)}`;
    for (const [id, a] of Object.entries(result.actions)) {
      if (!(a && (a.ok === true || typeof a.error === 'string'))) return `answer to ${id} is neither {ok: true} nor {error}: ${JSON.stringify(a)}`;
    }
    return null;
  },
};

export const noGroupLost = {
  name: 'no group lost without a delete',
  check(tick) {
    const { input, result, T, roles } = tick;
    for (const role of roles) {
      const parents = parentStates(input, role);
      if (!parents.length || dropped(tick, role)) continue;
      const before = Object.keys(T.drivers.api._mergeParents(parents, T.gen.logger()).groups);
      const deleted = new Set(accepted(tick, role, 'delete_group').map((b) => b.group));
      const after = groupsIn(result.schedule, role);
      for (const g of before) {
        if (!deleted.has(g) && !own(after, g)) return `${role}: group ${JSON.stringify(g)} is gone, and no delete_group was carried out`;
      }
    }
    return null;
  },
};

export const versionsInUseKept = {
  name: 'every deployed or updating version kept',
  check({ result, roles }) {
    const s = result.schedule;
    for (const role of roles) {
      const groups = groupsIn(s, role);
      const names = Object.keys(groups);
      if (!names.length) continue;
      const kept = own(s.roles, role) && Array.isArray(s.roles[role].versions) ? s.roles[role].versions : [];
      for (const name of names) {
        const g = groups[name];
        const used = [g.version];
        if (g.update && !Array.isArray(g.update)) used.push(g.update.source_ver, g.update.target_ver);
        for (const v of used) if (!kept.includes(v)) return `${role}: group ${JSON.stringify(name)} uses ${v}, not in roles.versions ${JSON.stringify(kept)}`;
      }
      for (const [host, node] of Object.entries(s.nodes || {})) {
        const mine = own(node.roles, role) ? node.roles[role] : null;
        for (const [proc, d] of Object.entries((mine && mine.daemons) || {})) {
          if (!kept.includes(d.version)) return `${role}: ${host} runs ${proc} at ${d.version}, not in roles.versions`;
        }
      }
    }
    return null;
  },
};

export const sameUnderKeyShuffling = {
  name: 'output unchanged under key shuffling',
  check({ result, shuffled, T: _T }) {
    const a = resultText(result);
    const b = resultText(shuffled());
    if (a === b) return null;
    const la = a.split('\n');
    const lb = b.split('\n');
    for (let i = 0; i < Math.max(la.length, lb.length); i++) {
      if (la[i] !== lb[i]) return `first difference at line ${i + 1}:\n- ${String(la[i]).slice(0, 400)}\n+ ${String(lb[i]).slice(0, 400)}`;
    }
    return 'differs';
  },
};

/** Longer than any stage's time and the auto revert (30 min) together. */
export const STUCK_MS = 4 * 60 * 60 * 1000;

// An update waiting on people: an ack (or error) from the command, a
// "proceed" on a manual stage (auto updates go on by themselves), or a
// manual stage while walking back.
function waitsOnPeople(u) {
  const stage = Array.isArray(u.pipeline) ? u.pipeline.find((s) => s.name === u.step) : null;
  if (!stage) return false;
  if (u.direction === 'forward') {
    const mode = u.downgrade && stage.forward_downgrade_mode ? stage.forward_downgrade_mode : stage.forward_mode;
    return mode === 'ack' || mode === 'ack_ignore_errors' || (mode === 'manual' && !u.auto);
  }
  return u.direction === 'backward' && stage.backward_mode === 'manual';
}

export const noUpdateStuck = {
  name: 'no update stuck',
  check({ input, result, memory, roles }) {
    const seen = memory.noUpdateStuck || (memory.noUpdateStuck = {});
    const now = input.now;
    const live = {};
    for (const role of roles) {
      // A project missing from the runtime is frozen on purpose.
      if (!inRuntime(input, role)) continue;
      const groups = groupsIn(result.schedule, role);
      for (const name of Object.keys(groups)) {
        const u = groups[name].update;
        if (!u || Array.isArray(u)) continue;
        const key = JSON.stringify([role, name, u.start_ts]);
        const sig = JSON.stringify([u.step, u.direction, u.smooth_step]);
        live[key] = true;
        const was = seen[key];
        if (!was || was.sig !== sig || waitsOnPeople(u)) {
          seen[key] = { sig, since: now };
          continue;
        }
        if (now - was.since > STUCK_MS) {
          return `${role}: the update of ${JSON.stringify(name)} to ${u.target_ver} has been at ${u.step} (${u.direction}) since ${was.since}, waiting on nobody`;
        }
      }
    }
    for (const key of Object.keys(seen)) if (!live[key]) delete seen[key];
    return null;
  },
};

// `host group service version` -> its process names, for one role's
// daemons (more than one only where a project missing from the runtime
// carries over what two parents of a split brain placed).
function processNames(schedule, role) {
  const out = new Map();
  for (const [host, node] of Object.entries((schedule && schedule.nodes) || {})) {
    const mine = node && own(node.roles, role) ? node.roles[role] : null;
    for (const [proc, d] of Object.entries((mine && mine.daemons) || {})) {
      const key = JSON.stringify([host, d.group, d.service, d.version]);
      if (!out.has(key)) out.set(key, new Set());
      out.get(key).add(proc);
    }
  }
  return out;
}

// Lithos restarts a renamed process: a version of a group's service that
// runs on a node in two consecutive ticks runs there under the same name,
// unless people deleted and created that group or service in between, or
// forced the group's version (a forced switch may restart).
export const stableProcessNames = {
  name: 'a running version keeps its process name',
  check(tick) {
    const { previous, result, roles } = tick;
    if (!previous || !previous.result.schedule || !result.schedule) return null;
    for (const role of roles) {
      const remade = new Set();
      for (const b of accepted(tick, role, 'delete_group')) remade.add(JSON.stringify([b.group]));
      for (const b of accepted(tick, role, 'create_group')) remade.add(JSON.stringify([b.group_name]));
      for (const b of accepted(tick, role, 'force_version')) remade.add(JSON.stringify([b.group]));
      for (const b of accepted(tick, role, 'delete_daemon')) remade.add(JSON.stringify([b.group, b.name]));
      for (const b of accepted(tick, role, 'add_daemon')) remade.add(JSON.stringify([b.group, b.new_name]));
      const before = processNames(previous.result.schedule, role);
      for (const [key, procs] of processNames(result.schedule, role)) {
        const was = before.get(key);
        if (!was || [...was].some((proc) => procs.has(proc))) continue;
        const [, group, service] = JSON.parse(key);
        if (remade.has(JSON.stringify([group])) || remade.has(JSON.stringify([group, service]))) continue;
        return `${role}: ${key} ran as ${[...was].join(', ')}, now as ${[...procs].join(', ')}`;
      }
    }
    return null;
  },
};

export const INVARIANTS = [noThrow, everyActionAnsweredOnce, noGroupLost, versionsInUseKept, sameUnderKeyShuffling, noUpdateStuck, stableProcessNames];
