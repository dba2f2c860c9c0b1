// Walk scenarios: an update driven tick by tick, each output (through JSON,
// as it travels in a schedule) fed back as the next state. The walker is ES5
// source so the very same code runs in Node and, on the bundle, in QuickJS.

/** `runWalk(T, scenario)`: T is the bundle's VerwalterToolbox. A scenario:
 * {configs | pipeline, source, target, auto, t0, every, until, times?,
 *  actions: {"<ms>": [button, ...]}, options?, recordAll?}. Ticks at t0+every, ... up to
 * `until` (or at `times`), stopping at done/revert_done/null. Returns the
 * derived pipeline and a trace of every tick that changed something or
 * answered an action (of every tick, with recordAll): {now, step, direction, smooth_step?, pause_ts?,
 * error_message?, answers?, current}; plus the collected log. */
export const WALK_SOURCE = `
function runWalk(T, scenario) {
  var P = T.pipeline;
  var derived = scenario.pipeline ? { pipeline: scenario.pipeline } :
    P.derivePipeline(scenario.configs, new T.log.Logger('walk'));
  if (!derived.pipeline) return { error: derived.error, cycle: derived.cycle, trace: [] };
  var state = P.start(scenario.source, scenario.target, derived.pipeline, scenario.auto, scenario.t0);
  var trace = [];
  var logs = [];
  var times = scenario.times;
  if (!times) {
    times = [];
    for (var t = scenario.t0 + scenario.every; t <= scenario.until; t += scenario.every) times.push(t);
  }
  var last = '';
  for (var i = 0; i < times.length; i++) {
    var now = times[i];
    var posted = (scenario.actions || {})[String(now)] || [];
    var actions = {};
    for (var a = 0; a < posted.length; a++) actions[String(now + a)] = { button: posted[a] };
    var run = T.log.collect(function () {
      return P.tick(state, actions, now, new T.log.Logger('walk'), scenario.options);
    });
    if (run.text) logs.push('@' + now + '\\n' + run.text);
    if (run.error !== undefined) { trace.push({ now: now, thrown: run.error }); break; }
    var res = run.value;
    var hasAnswers = posted.length > 0;
    if (res.state === null) { trace.push({ now: now, state: null, answers: res.answers }); break; }
    var s = JSON.parse(JSON.stringify(res.state));
    var key = [s.step, s.direction, s.smooth_step, s.error_message, s.pause_ts].join('|');
    if (key !== last || hasAnswers || scenario.recordAll) {
      var entry = { now: now, step: s.step, direction: s.direction };
      if (s.smooth_step !== undefined) entry.smooth_step = s.smooth_step;
      if (s.pause_ts !== undefined) entry.pause_ts = s.pause_ts;
      if (s.error_message !== undefined) entry.error_message = s.error_message;
      if (s.downgrade) entry.downgrade = true;
      if (hasAnswers) entry.answers = res.answers;
      entry.current = P.current(s);
      trace.push(entry);
      last = key;
    }
    state = s;
    if (s.step === 'done' || s.step === 'revert_done') break;
  }
  return { pipeline: derived.pipeline, trace: trace, final: state, log: logs.join('') };
}
`;

// The reference spec's "typical setup": a migration acked by its command,
// a quick restart before the test mode, two sites in test mode, then
// restarted smoothly (10 substeps of 15 s for the slower one).
export const TYPICAL = {
  db_migrate: { mode: 'run-with-ack', before: ['test_mode'] },
  celery: { restart: 'quick', before: ['test_mode'], warmup_sec: 5 },
  slow_site: { restart: 'smooth', smooth_mode: 'alternate_port', test_mode_percent: 5, warmup_sec: 15 },
  fast_site: { restart: 'smooth', smooth_mode: 'same_port', test_mode_percent: 5, warmup_sec: 1 },
};

const T0 = 1500000000000;
const s = (sec) => String(T0 + sec * 1000);
const ack = (extra) => ({ role: 'web', group: 'main', action: 'update_action', step: 'cmd_db_migrate', update_action: 'ack', ...extra });
const act = (update_action, extra) => ({ role: 'web', group: 'main', action: 'update_action', update_action, ...extra });

export const SCENARIOS = {
  // Auto update: the migration is acked at 2 s, everything else goes by time.
  forward: {
    configs: TYPICAL, source: 'v1.0', target: 'v1.1', auto: true, t0: T0, every: 1000, until: T0 + 400000,
    actions: {
      [s(2)]: [ack()],
      // A retried ack, after the step moved on, is refused with the reason.
      [s(3)]: [ack()],
    },
  },
  // People drive it: pause at the quick restart, resume, proceed past the
  // test mode, revert in the middle of the smooth restart.
  pauseResumeRevert: {
    configs: TYPICAL, source: 'v1.0', target: 'v1.1', auto: false, t0: T0, every: 1000, until: T0 + 400000,
    actions: {
      [s(2)]: [ack()],
      [s(4)]: [act('pause', { step: 'quick_restart' })],
      [s(10)]: [act('proceed'), act('resume')],
      [s(30)]: [act('proceed', { step: 'test_mode' })],
      [s(80)]: [act('revert', { step: 'smooth_restart' })],
    },
  },
  // The migration fails: the update stops in `error` with the message and,
  // nobody acting, reverts by itself after 30 minutes.
  errorThenAutoRevert: {
    configs: TYPICAL, source: 'v1.0', target: 'v1.1', auto: true, t0: T0,
    times: [1, 2, 3, 60, 600, 1799, 1803, 1804, 1805, 1806].map((x) => T0 + x * 1000),
    recordAll: true,
    actions: {
      [s(3)]: [ack({ update_action: 'error', error_message: 'migration 42 failed: relation "users" exists' })],
    },
  },
  // A paused update (nobody resumes) reverts by itself after 30 minutes too.
  pauseThenAutoRevert: {
    configs: TYPICAL, source: 'v1.0', target: 'v1.1', auto: true, t0: T0,
    times: [1, 2, 5, 1000, 1805, 1806, 1830, 1850, 1870].map((x) => T0 + x * 1000),
    recordAll: true,
    actions: {
      [s(2)]: [ack()],
      [s(5)]: [act('pause')],
    },
  },
  // Back to an older version: the migration's downgrade mode (skip) lets it
  // pass with no ack, the restarts run as usual.
  downgrade: {
    configs: {
      ...TYPICAL,
      db_migrate: { mode: 'run-with-ack', downgrade_mode: 'skip', before: ['test_mode'] },
      warm_cache: { mode: 'run-with-ack', downgrade_mode: 'run-with-ack-ignoring-errors', after: ['smooth_restart'] },
    },
    source: 'v1.1', target: 'v1.0', auto: true, t0: T0, every: 1000, until: T0 + 400000,
    actions: {
      // Downgrading, a failing cache warmup is acked with its error ignored.
      [s(202)]: [act('error', { step: 'cmd_warm_cache', error_message: 'cache cold' })],
    },
  },
};
