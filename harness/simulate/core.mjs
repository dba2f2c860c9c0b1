// What a simulation does around each scheduler run: building the next
// input, applying the scenario's events to it, and reading back a digest of
// what each group is and where its instances run. The same functions run in
// Node (the reference driver, fresh.mjs) and inside QuickJS (the kept engine,
// kept.mjs, which evaluates their source text), so both ways of running give
// the same inputs and digests by construction.
//
// Hence: ES5 only, no closures over this module, each function referring
// only to the others listed in CORE_FUNCTIONS.

/* eslint-disable no-var */

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
  if (!isPlainObject(fields.runtime)) setKey(fields, 'runtime', {});
  if (!isPlainObject(fields.peers)) setKey(fields, 'peers', {});
  return { order: order, fields: fields, lostPeers: {} };
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
  var runtime = parts.fields.runtime;
  var peers = parts.fields.peers;
  var id;
  if (event.upload) {
    var up = event.upload;
    if (!isPlainObject(runtime[up.role])) setKey(runtime, up.role, {});
    setKey(runtime[up.role], up.version, up.metadata);
    return 'uploaded';
  }
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

// What the engine accepts as a result (harness/result.mjs says the same for
// runs through JSON); null when it is fine, else why not.
function resultProblem(result) {
  if (!isPlainObject(result)) return 'the scheduler returned ' + (result === null ? 'null' : typeof result) + ', not an object {schedule, log, actions}';
  if (!isPlainObject(result.schedule)) return 'schedule must be a JSON object';
  if (typeof result.log !== 'string') return 'log must be a string';
  if (result.actions === undefined) return null;
  if (!isPlainObject(result.actions)) return 'actions must be an object mapping action ids to answers';
  var ids = Object.keys(result.actions);
  for (var i = 0; i < ids.length; i++) {
    if (!/^\d+$/.test(ids[i])) return 'actions key ' + JSON.stringify(ids[i]) + ' is not an action id (the decimal keys of input.actions)';
  }
  return null;
}

// Per group of the api driver's schedule: its version and update, and per
// process (a service, or a daemon with no group) the instances of each
// version on each node. Keyed "role\u0000group"; versions are the daemons'
// own `version` fields (else their image), process names are whatever the
// schedule uses.
function digestGroups(schedule) {
  var out = {};
  var state = isPlainObject(schedule.state) ? schedule.state : {};
  var roles = Object.keys(state);
  var r, g, i, key;
  for (r = 0; r < roles.length; r++) {
    var groups = isPlainObject(state[roles[r]]) && isPlainObject(state[roles[r]].groups) ? state[roles[r]].groups : {};
    var names = Object.keys(groups);
    for (g = 0; g < names.length; g++) {
      var group = groups[names[g]];
      if (!isPlainObject(group)) continue;
      var update = isPlainObject(group.update) ? group.update : null;
      var digest = { role: roles[r], group: names[g], version: group.version, auto_update: group.auto_update === true, update: null, processes: {} };
      if (update) {
        var stages = [];
        var pipeline = update.pipeline instanceof Array ? update.pipeline : [];
        for (i = 0; i < pipeline.length; i++) {
          var st = isPlainObject(pipeline[i]) ? pipeline[i] : {};
          stages.push({ name: st.name, kind: st.kind, forward_mode: st.forward_mode, forward_time: st.forward_time, backward_time: st.backward_time, substeps: st.substeps });
        }
        digest.update = {
          source_ver: update.source_ver, target_ver: update.target_ver, step: update.step, direction: update.direction,
          smooth_step: update.smooth_step, auto: update.auto, downgrade: update.downgrade, error_message: update.error_message,
          stages: stages,
        };
      }
      setKey(out, roles[r] + '\u0000' + names[g], digest);
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
        if (!Object.prototype.hasOwnProperty.call(out, key)) {
          setKey(out, key, { role: roleNames[r], group: groupName, version: null, auto_update: false, update: null, processes: {} });
        }
        var processKey = typeof d.service === 'string' ? d.service : processNames[i];
        var versionKey = typeof d.version === 'string' ? d.version : typeof d.image === 'string' ? d.image : '?';
        var processes = out[key].processes;
        if (!Object.prototype.hasOwnProperty.call(processes, processKey)) setKey(processes, processKey, {});
        var byVersion = processes[processKey];
        if (!Object.prototype.hasOwnProperty.call(byVersion, versionKey)) setKey(byVersion, versionKey, {});
        var count = typeof d.instances === 'number' ? d.instances : 1;
        var onHost = byVersion[versionKey];
        setKey(onHost, hosts[h], (Object.prototype.hasOwnProperty.call(onHost, hosts[h]) ? onHost[hosts[h]] : 0) + count);
      }
    }
  }
  return out;
}

// The digests that differ from the last ones seen (`memo`: key -> JSON
// text, updated), a group gone being null.
function changedDigests(memo, digests) {
  var changed = {};
  var key;
  for (key in digests) {
    if (!Object.prototype.hasOwnProperty.call(digests, key)) continue;
    var text = JSON.stringify(digests[key]);
    if (memo[key] !== text) {
      setKey(changed, key, digests[key]);
      setKey(memo, key, text);
    }
  }
  for (key in memo) {
    if (Object.prototype.hasOwnProperty.call(memo, key) && !Object.prototype.hasOwnProperty.call(digests, key)) {
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

export const CORE_FUNCTIONS = [setKey, isPlainObject, newParts, buildInput, applyEvent, resultProblem, digestGroups, changedDigests, errorLines, updating];

export { setKey, isPlainObject, newParts, buildInput, applyEvent, resultProblem, digestGroups, changedDigests, errorLines, updating };
