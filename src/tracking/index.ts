export { usedVersions, KEEP_RULES } from './used';
export type { KeepRule, Downgrade, TrackingParams, UsedVersions, ImageMemo } from './used';
export { pruneLastDeployed } from './last-deployed';
export { versionImages } from './images';
export { DEFAULT_LIFETIME_MS } from './options';
export type { TrackingOptions } from './options';
