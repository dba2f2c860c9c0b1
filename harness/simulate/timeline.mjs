// A simulation's outcome for people (the timeline in words) and for
// machines (--json).

import { clock } from './clock.mjs';

const short = (value) => {
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

// A press in words: update_action ack on pyapp/prod {"step":"cmd_migrate"}
export function buttonText(button) {
  if (button === null || typeof button !== 'object') return short(button);
  const { role, action, group, group_name: groupName, update_action: updateAction, ...rest } = button;
  const target = [role, group ?? groupName].filter((x) => x !== undefined).join('/');
  const extra = Object.keys(rest).length ? ` ${short(rest)}` : '';
  return `${action ?? '?'}${updateAction ? ` ${updateAction}` : ''}${target ? ` on ${target}` : ''}${extra}`;
}

function endText(result) {
  const at = clock(result.end_ms);
  if (result.ended === 'error') return `stopped at tick ${result.failure.tick} (${clock(result.failure.atMs)}): ${result.failure.cause?.name ?? 'Error'}: ${result.failure.cause?.message ?? result.failure.message}`;
  if (result.ended === 'idle') return `idle at ${at} (tick ${result.ticks - 1}): no update running, no action pending`;
  if (result.ended === 'interrupted') return interruptedText(result);
  return `ended at ${at} (${result.ticks} ticks of ${result.tick_ms} ms)`;
}

// Where an interrupted simulation stopped: its last tick and time.
export function interruptedText(result) {
  const planned = Math.floor(result.duration_ms / result.tick_ms) + 1;
  if (result.ticks === 0) return `interrupted before the first tick: no tick ran, of ${planned}`;
  return `interrupted after tick ${result.ticks - 1} (${clock(result.end_ms)}): ${result.ticks} of ${planned} ticks ran`;
}

// The timeline's first line; `planned` (before the run, when the ticks to
// come are not known yet) names the ticks planned.
export function timelineHeader({ name, ticks, tick_ms: tickMs, start_ms: startMs }, { until = 'end' } = {}) {
  return `simulation ${name}: ${until === 'idle' ? 'up to ' : ''}${ticks} ticks, every ${tickMs} ms from ${new Date(startMs).toISOString()}\n`;
}

// One line per event, grouped by time: "+1m05s prod: step ...". `header`
// false leaves out the first line (the CLI printed it as the run began).
export function timelineText(result, { header = true } = {}) {
  const lines = header ? [timelineHeader(result).slice(0, -1)] : [];
  for (const event of result.timeline) {
    const at = clock(event.at_ms).padStart(10);
    if (event.kind === 'group') {
      const who = `${event.role}/${event.group || '(no group)'}`;
      event.lines.forEach((line, i) => lines.push(`${i === 0 ? at : ' '.repeat(10)}  ${who}: ${line}`));
    } else if (event.kind === 'action') lines.push(`${at}  pressed ${buttonText(event.button)} (action ${event.id})`);
    else if (event.kind === 'answer') lines.push(`${at}  answer to ${event.id}${event.side ? ` (on ${event.side})` : ''}: ${short(event.answer)}`);
    else if (event.kind === 'error') lines.push(`${at}  ERROR${event.side ? ` (on ${event.side})` : ''} ${event.line}`);
    else if (event.kind === 'upload') lines.push(`${at}  uploaded ${event.role} ${event.version}`);
    else if (event.kind === 'peer') lines.push(`${at}  peer ${event.host} ${event.what}`);
    else if (event.kind === 'split') lines.push(`${at}  split brain: ${event.leader} schedules from the same parent too`);
  }
  const unanswered = result.actions.filter((a) => a.answer === null);
  for (const a of unanswered) lines.push(`            no answer to ${a.id} (${buttonText(a.button)})`);
  for (const g of result.globals) lines.push(`WARNING tick ${g.tick} (${clock(g.at_ms)}): ${g.message}`);
  lines.push(endText(result));
  for (const [key, digest] of Object.entries(result.groups).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [role, group] = key.split('\u0000');
    const u = digest.update;
    lines.push(`  ${role}/${group || '(no group)'}: ${digest.version ?? '-'}${u ? `, update to ${u.target_ver} at ${u.step} (${u.direction})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

// --json: the same as data. Times are ms from the start; the final schedule
// is left to --out.
export function timelineJson(result) {
  return {
    name: result.name,
    start_ms: result.start_ms,
    tick_ms: result.tick_ms,
    duration_ms: result.duration_ms,
    ticks: result.ticks,
    ended: result.ended,
    end_ms: result.end_ms,
    failure: result.failure && {
      tick: result.failure.tick,
      at_ms: result.failure.atMs,
      type: result.failure.cause?.name ?? 'Error',
      message: result.failure.cause?.message ?? result.failure.message,
      log: result.failure.log,
    },
    timeline: result.timeline,
    actions: result.actions,
    errors: result.errors,
    groups: Object.values(result.groups),
    globals: { checked_ticks: result.checked_ticks, differences: result.globals },
    expectations: result.expectations,
    refusals: result.refusals,
  };
}
