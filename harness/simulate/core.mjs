// What a simulation does around each scheduler run: building the next
// input, applying the scenario's events to it, and reading back a digest of
// what each group is and where its instances run. The same functions run in
// Node (the reference driver, fresh.mjs) and inside QuickJS (the kept engine,
// kept.mjs, which evaluates their source text), so both ways of running give
// the same inputs and digests by construction.
//
// Hence: ES5 only, no closures over this module, each function referring
// only to the others listed in CORE_FUNCTIONS.

function setKey(obj, key, value) {
  // Names come from the scenario and the schedule; `__proto__` is one.
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value: value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !(value instanceof Array);
}

// The state a simulation carries between runs besides the schedule: the
// start input's other fields (runtime, peers, ...) in their order.
function newParts(start) {
  var order = Object.keys(start);
  var fields = {};
  for (var i = 0; i < order.length; i++) setKey(fields, order[i], start[order[i]]);
  return { order: order, fields: fields, lostPeers: {} };
}

// parts.fields[key] as an object to change, made one (and added to the
// input) only when an event needs it.
function objectField(parts, key) {
  if (!isPlainObject(parts.fields[key])) {
    if (!Object.prototype.hasOwnProperty.call(parts.fields, key)) parts.order.push(key);
    setKey(parts.fields, key, {});
  }
  return parts.fields[key];
}

// The input of one run, keys in the start input's order (then now, parents,
// actions if it had none).
function buildInput(parts, now, parents, actions) {
  var input = {};
  var order = parts.order;
  var given = { now: now, parents: parents, actions: actions };
  for (var i = 0; i < order.length; i++) {
    var key = order[i];
    setKey(input, key, Object.prototype.hasOwnProperty.call(given, key) ? given[key] : parts.fields[key]);
  }
  if (!Object.prototype.hasOwnProperty.call(input, 'now')) input.now = now;
  if (!Object.prototype.hasOwnProperty.call(input, 'parents')) input.parents = parents;
  if (!Object.prototype.hasOwnProperty.call(input, 'actions')) input.actions = actions;
  return input;
}

// event: {upload: {role, version, metadata}} | {peer_lost: hostname} |
// {peer_back: hostname}. Returns a word on what happened, for the timeline.
function applyEvent(parts, event) {
  var id;
  if (event.upload) {
    var runtime = objectField(parts, 'runtime');
    var up = event.upload;
    // Own only: runtime['__proto__'] is otherwise Object.prototype.
    if (!Object.prototype.hasOwnProperty.call(runtime, up.role) || !isPlainObject(runtime[up.role])) setKey(runtime, up.role, {});
    setKey(runtime[up.role], up.version, up.metadata);
    return 'uploaded';
  }
  var peers = objectField(parts, 'peers');
  if (event.peer_lost !== undefined) {
    for (id in peers) {
      if (Object.prototype.hasOwnProperty.call(peers, id) && isPlainObject(peers[id]) && peers[id].hostname === event.peer_lost) {
        setKey(parts.lostPeers, id, peers[id]);
        delete peers[id];
        return 'lost';
      }
    }
    return 'unknown';
  }
  if (event.peer_back !== undefined) {
    for (id in parts.lostPeers) {
      if (Object.prototype.hasOwnProperty.call(parts.lostPeers, id) && parts.lostPeers[id].hostname === event.peer_back) {
        setKey(peers, id, parts.lostPeers[id]);
        delete parts.lostPeers[id];
        return 'back';
      }
    }
    return 'unknown';
  }
  return 'ignored';
}

// Whether the engine would accept a result (harness/engine/result.mjs
// decides exactly, and says why, for the results this finds wrong): null
// when fine, else a reason. `ids` are the input's action ids.
function resultProblem(result, ids) {
  if (!isPlainObject(result)) return 'not an object {schedule, log, actions}';
  if (!isPlainObject(result.schedule)) return 'schedule must be a JSON object';
  if (typeof result.log !== 'string') return 'log must be a string';
  if (result.actions === undefined) return null;
  if (!isPlainObject(result.actions)) return 'actions must be an object mapping action ids to answers';
  var answered = Object.keys(result.actions);
  for (var i = 0; i < answered.length; i++) {
    if (ids.indexOf(answered[i]) < 0) return 'actions key ' + JSON.stringify(answered[i]) + ' is not an action id of the input';
  }
  return null;
}

// Per group of the api driver's schedule: its state, and the records
// "host\u0001process\u0001version\u0001instances" of what runs for it on the nodes (a
// process is a service, or a daemon's name when it has none; versions are
// the daemons' own `version` fields, else their image; process names are
// whatever the schedule uses). Keyed "role\u0000group", daemons without a
// group under the group "". Only strings here: a simulation looks at every
// group every tick, and builds digests only for those that changed.
function groupsOf(schedule) {
  var out = {};
  var state = isPlainObject(schedule.state) ? schedule.state : {};
  var roles = Object.keys(state);
  var r, g, i, key;
  for (r = 0; r < roles.length; r++) {
    var groups = isPlainObject(state[roles[r]]) && isPlainObject(state[roles[r]].groups) ? state[roles[r]].groups : {};
    var names = Object.keys(groups);
    for (g = 0; g < names.length; g++) {
      if (!isPlainObject(groups[names[g]])) continue;
      setKey(out, roles[r] + '\u0000' + names[g], { role: roles[r], group: names[g], state: groups[names[g]], records: [] });
    }
  }
  var nodes = isPlainObject(schedule.nodes) ? schedule.nodes : {};
  var hosts = Object.keys(nodes).sort();
  for (var h = 0; h < hosts.length; h++) {
    var nodeRoles = isPlainObject(nodes[hosts[h]]) && isPlainObject(nodes[hosts[h]].roles) ? nodes[hosts[h]].roles : {};
    var roleNames = Object.keys(nodeRoles);
    for (r = 0; r < roleNames.length; r++) {
      var daemons = isPlainObject(nodeRoles[roleNames[r]]) && isPlainObject(nodeRoles[roleNames[r]].daemons) ? nodeRoles[roleNames[r]].daemons : {};
      var processNames = Object.keys(daemons);
      for (i = 0; i < processNames.length; i++) {
        var d = daemons[processNames[i]];
        if (!isPlainObject(d)) continue;
        var groupName = typeof d.group === 'string' ? d.group : '';
        key = roleNames[r] + '\u0000' + groupName;
        if (!Object.prototype.hasOwnProperty.call(out, key)) setKey(out, key, { role: roleNames[r], group: groupName, state: null, records: [] });
        out[key].records.push(
          hosts[h] + '\u0001' + (typeof d.service === 'string' ? d.service : processNames[i]) + '\u0001' +
            (typeof d.version === 'string' ? d.version : typeof d.image === 'string' ? d.image : '?') + '\u0001' +
            (typeof d.instances === 'number' ? d.instances : 1)
        );
      }
    }
  }
  return out;
}

// A text that changes whenever the group's digest does.
function signature(entry) {
  var s = entry.state;
  var text = '';
  if (s !== null) {
    var u = isPlainObject(s.update) ? s.update : null;
    text = [s.version, s.auto_update === true].join('\u0001');
    if (u) {
      var length = u.pipeline instanceof Array ? u.pipeline.length : -1;
      text += '\u0001' + [u.source_ver, u.target_ver, u.step, u.direction, u.smooth_step, u.auto, u.downgrade, u.error_message, u.start_ts, length].join('\u0001');
    }
  }
  return text + '\u0002' + entry.records.join('\u0002');
}

// The group's digest: version, update (its stages in brief) and processes
// {process: {version: {host: instances}}}.
function digestOf(entry) {
  var s = entry.state;
  var digest = { role: entry.role, group: entry.group, version: s ? s.version : null, auto_update: s ? s.auto_update === true : false, update: null, processes: {} };
  var update = s && isPlainObject(s.update) ? s.update : null;
  var i;
  if (update) {
    var stages = [];
    var pipeline = update.pipeline instanceof Array ? update.pipeline : [];
    for (i = 0; i < pipeline.length; i++) {
      var st = isPlainObject(pipeline[i]) ? pipeline[i] : {};
      stages.push({
        name: st.name, kind: st.kind, forward_mode: st.forward_mode, forward_downgrade_mode: st.forward_downgrade_mode,
        forward_time: st.forward_time, backward_time: st.backward_time, substeps: st.substeps,
      });
    }
    digest.update = {
      source_ver: update.source_ver, target_ver: update.target_ver, step: update.step, direction: update.direction,
      smooth_step: update.smooth_step, auto: update.auto, downgrade: update.downgrade, error_message: update.error_message,
      stages: stages,
    };
  }
  var processes = digest.processes;
  for (i = 0; i < entry.records.length; i++) {
    var rec = entry.records[i].split('\u0001');
    rec[3] = Number(rec[3]);
    if (!Object.prototype.hasOwnProperty.call(processes, rec[1])) setKey(processes, rec[1], {});
    var byVersion = processes[rec[1]];
    if (!Object.prototype.hasOwnProperty.call(byVersion, rec[2])) setKey(byVersion, rec[2], {});
    var onHost = byVersion[rec[2]];
    setKey(onHost, rec[0], (Object.prototype.hasOwnProperty.call(onHost, rec[0]) ? onHost[rec[0]] : 0) + rec[3]);
  }
  return digest;
}

// Every group's digest (see digestOf).
function digestGroups(schedule) {
  var entries = groupsOf(schedule);
  var out = {};
  for (var key in entries) if (Object.prototype.hasOwnProperty.call(entries, key)) setKey(out, key, digestOf(entries[key]));
  return out;
}

// The digests of the groups that changed since the last call (`memo`: key
// -> signature, updated), a group gone being null.
function changedDigests(memo, schedule) {
  var entries = groupsOf(schedule);
  var changed = {};
  var key;
  for (key in entries) {
    if (!Object.prototype.hasOwnProperty.call(entries, key)) continue;
    var text = signature(entries[key]);
    if (memo[key] !== text) {
      setKey(changed, key, digestOf(entries[key]));
      setKey(memo, key, text);
    }
  }
  for (key in memo) {
    if (Object.prototype.hasOwnProperty.call(memo, key) && !Object.prototype.hasOwnProperty.call(entries, key)) {
      setKey(changed, key, null);
      delete memo[key];
    }
  }
  return changed;
}

// The log lines that report errors (the toolbox's log writes `:ERROR:`).
function errorLines(log) {
  var lines = String(log).split('\n');
  var errors = [];
  for (var i = 0; i < lines.length; i++) if (/(^|[\s:\]])ERROR[:\s]/.test(lines[i])) errors.push(lines[i]);
  return errors;
}

// Whether some group has an update still running.
function updating(digests) {
  for (var key in digests) {
    if (!Object.prototype.hasOwnProperty.call(digests, key)) continue;
    var u = digests[key] && digests[key].update;
    if (u && u.step !== 'done' && u.step !== 'revert_done') return true;
  }
  return false;
}

// The seed as determinism.mjs's seedFor computes it on the host (FNV-1a over
// the input with sorted keys), computed only when the scheduler first calls
// Math.random in a run: most never do, and it costs a pass over the input.
// (Also in scheduler.wasm's boot script, harness/wasm/boot.mjs.)
export function seedFunctions() {
  function sortKeys(value) {
    if (value instanceof Array) {
      var list = [];
      for (var i = 0; i < value.length; i++) list.push(sortKeys(value[i]));
      return list;
    }
    if (value === null || typeof value !== 'object') return value;
    var sorted = {};
    var names = Object.keys(value).sort();
    // setKey, as the host's sortKeys: a `__proto__` key is kept.
    for (var k = 0; k < names.length; k++) setKey(sorted, names[k], sortKeys(value[names[k]]));
    return sorted;
  }
  // Math.imul is not ES5 (the prelude strips it).
  function mul32(a, b) {
    var low = (a & 0xffff) * b;
    var high = (((a >>> 16) * b) & 0xffff) << 16;
    return (low + high) | 0;
  }
  function seedOf(input) {
    return function () {
      var text = JSON.stringify(sortKeys(input));
      var hash = 0x811c9dc5 | 0;
      for (var i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = mul32(hash, 0x01000193);
      }
      return hash | 0;
    };
  }
  return [sortKeys, mul32, seedOf];
}

export const CORE_FUNCTIONS = [setKey, isPlainObject, newParts, objectField, buildInput, applyEvent, resultProblem, groupsOf, signature, digestOf, digestGroups, changedDigests, errorLines, updating];

export { setKey, isPlainObject, newParts, objectField, buildInput, applyEvent, resultProblem, groupsOf, signature, digestOf, digestGroups, changedDigests, errorLines, updating };
