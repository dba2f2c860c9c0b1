// A new update, at step `start`; the first tick moves it to the first stage.
import { compare } from '../version/compare';
import { Stage, UpdateState } from '../types';
import { clone } from '../json';

/** `downgrade` is set when the target is older than the source by version
 * ordering (the reference also counted equal versions as a downgrade);
 * stages then use their `forward_downgrade_mode`. `now` is in ms. */
export function start(source: string, target: string, pipeline: Stage[], auto: boolean, now: number): UpdateState {
  return {
    pipeline: clone(pipeline),
    source_ver: source,
    source_extra: {},
    target_ver: target,
    target_extra: {},
    step: 'start',
    direction: 'forward',
    downgrade: compare(target, source) < 0,
    start_ts: now,
    step_ts: now,
    change_ts: now,
    auto: auto,
  };
}
