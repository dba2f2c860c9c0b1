// Rolling updates of a group: the pipeline a version's metadata implies,
// and the state machine that walks an update through it.
export { validateConfig, validateServiceConfig, DEFAULT_WARMUP_SEC, DEFAULT_SMOOTH_SUBSTEPS } from './config';
export { derivePipeline, groupPipeline } from './derive';
export type { PipelineResult } from './derive';
export { validateState, validatePipeline } from './schema';
export { start } from './start';
export { tick, AUTO_REVERT_MS } from './tick';
export type { TickOptions, TickResult } from './tick';
export type { UpdateActions } from './actions';
export { MAX_ERROR_MESSAGE } from './actions';
export { current } from './current';
export { spread } from './spread';
