// The container images a version needs. As in the reference, a version's
// `containers` list, when it has one, replaces the images of its processes
// (it can name images that no process uses, e.g. data volumes).
import { has, isObject, objectOrEmpty } from '../json';
import { isArray } from '../array';
import { describe } from './own';

// A list, sorted and deduplicated once at the end: images are names that
// are new to the engine on every call, and using them as object keys made
// V8 build a hidden class per name, which dominated the run time.
export type ImageList = string[];

export function uniqueSorted(list: string[]): string[] {
  var sorted = list.slice().sort();
  var out: string[] = [];
  for (var i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]);
  }
  return out;
}

function isImage(image: unknown): image is string {
  return typeof image === 'string' && image !== '';
}

function addImage(image: unknown, path: string, out: ImageList, errors: string[]): void {
  if (isImage(image)) out.push(image);
  else errors.push(path + ': not an image name (a non-empty string), but ' + describe(image));
}

// `path` + `tail`: where `value` is, made for an error line only. The
// version's images start at `out[since]`.
function addProcesses(value: unknown, path: string, tail: string, required: boolean, since: number, out: ImageList, errors: string[]): void {
  if (value == null) {
    if (required) errors.push(path + tail + ': missing');
    return;
  }
  var processes = objectOrEmpty(value);
  if (processes === null) {
    errors.push(path + tail + ': not an object, but ' + describe(value));
    return;
  }
  // Images in any order (the list is sorted at the end); sorted names only
  // when something is reported, so that the lines keep one order.
  var names = Object.keys(processes);
  var first = out.length;
  for (var i = 0; i < names.length; i++) {
    var proc = processes[names[i]];
    if (!isObject(proc) || !isImage(proc.image)) break;
    // A version's processes mostly run one image: a repeat of the one just
    // added is left out (the list is deduplicated at the end anyway), which
    // spares sorting it.
    if (out.length === since || out[out.length - 1] !== proc.image) out.push(proc.image);
  }
  if (i === names.length) return;
  out.length = first;
  names.sort();
  for (var j = 0; j < names.length; j++) {
    var named = processes[names[j]];
    if (!isObject(named)) errors.push(path + tail + '.' + names[j] + ': not an object, but ' + describe(named));
    else if (isImage(named.image)) out.push(named.image);
    else addImage(named.image, path + tail + '.' + names[j] + '.image', out, errors);
  }
}

/** Adds the images of one version's metadata to `out`. Best effort: a
 * malformed part is reported and skipped and the rest still counts, since an
 * image left out of the list is an image the cleanup may delete. */
export function addVersionImages(meta: unknown, path: string, out: ImageList, errors: string[]): void {
  if (!isObject(meta)) {
    errors.push(path + ': metadata is not an object, but ' + describe(meta));
    return;
  }
  if (has(meta, 'containers') && meta.containers != null) {
    var containers = meta.containers;
    if (isArray(containers)) {
      for (var i = 0; i < containers.length; i++) addImage(containers[i], path + '.containers.' + i, out, errors);
      return;
    }
    errors.push(path + '.containers: not a list, but ' + describe(containers) +
      '; using the images of its daemons and commands');
  }
  var since = out.length;
  addProcesses(meta.daemons, path, '.daemons', true, since, out, errors);
  addProcesses(meta.commands, path, '.commands', false, since, out, errors);
}

/** The images one version needs, for callers outside the tracking rules. */
export function versionImages(meta: unknown): { images: string[]; errors: string[] } {
  var list: ImageList = [];
  var errors: string[] = [];
  addVersionImages(meta, 'version', list, errors);
  return { images: uniqueSorted(list), errors: errors };
}
