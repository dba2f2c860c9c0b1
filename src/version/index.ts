export { compare, chunks } from './compare';
export type { Version } from './compare';
export { less, descending, sort, rsort, max, min, max as latest } from './order';
export type { Comparator } from './order';
export { compareSemver, isSemver } from './semver';
export { isVersionKey, versionNumbers, splitVersions, latestVersionButton, latestParentVersion } from './util';
export type { VersionSet, VersionNumbers, SplitVersions } from './util';
export { selectAuto, selectManual } from './select';
export type { SelectProps, Selection } from './select';
