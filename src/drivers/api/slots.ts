// Process names that never change while a version runs. Lithos stops a
// process whose name disappears and starts one whose name is new, so a
// rename is a restart. Each group service has two slots, `<group>-<service>`
// (slot 1) and `<group>-<service>-2` (slot 2): the version the group runs
// stays in its service's slot, an update's target takes the other one, and
// when the update is done the target's slot becomes the service's slot.
// Nothing is renamed at the start, at any step, on a revert or at the end.
import { has, keys, setKey } from '../../json';
import { Group, Service } from './state';

export type Slot = 1 | 2;

/** The slot a service's current version runs in; a parent without one (a
 * Lua-era or older schedule) ran it as `<group>-<service>`. */
export function slotOf(svc: Service): Slot {
  return svc.slot === 2 ? 2 : 1;
}

export function otherSlot(slot: Slot): Slot {
  return slot === 1 ? 2 : 1;
}

/** The lithos process name of a group service's slot. */
export function processName(group: string, service: string, slot: Slot): string {
  var base = group + '-' + service;
  return slot === 1 ? base : base + '-2';
}

/** Slot 1 is the default and not written, so a group that never updated
 * keeps the shape older schedules had. */
export function setSlot(svc: Service, slot: Slot): void {
  if (slot === 2) svc.slot = 2;
  else delete svc.slot;
}

/** After an update is done every service runs the target, in the slot the
 * target ran in. */
export function takeTargetSlots(g: Group): void {
  var names = keys(g.services);
  for (var i = 0; i < names.length; i++) setSlot(g.services[names[i]], otherSlot(slotOf(g.services[names[i]])));
}

/** Another group service of the role whose process names would meet those
 * of `service` in `group` (as "service <name> of group <name>"), or null.
 * Names are joined with dashes: `a` + `b-c` meets `a-b` + `c`, and a
 * service `x-2` meets `x`'s second slot; lithos would run one of them. */
export function clashingService(groups: { [name: string]: Group }, group: string, service: string): string | null {
  var base = processName(group, service, 1);
  var gnames = keys(groups).sort();
  for (var i = 0; i < gnames.length; i++) {
    var snames = keys(groups[gnames[i]].services).sort();
    for (var j = 0; j < snames.length; j++) {
      if (gnames[i] === group && snames[j] === service) continue;
      var other = processName(gnames[i], snames[j], 1);
      if (other === base || other === processName(group, service, 2) || base === processName(gnames[i], snames[j], 2)) {
        return 'service ' + snames[j] + ' of group ' + gnames[i];
      }
    }
  }
  return null;
}

/** Whether two group services of the role (`gnames`, with their service
 * names in `shapes`) could take the same process name (see
 * clashingService): two with the same `<group>-<service>`, or one whose
 * name is another's second slot. */
export function namesMayMeet(gnames: string[], shapes: { [group: string]: { names: string[] } }): boolean {
  // Without a dash in any name, `<group>-<service>` splits one way only and
  // has one dash, a second slot's name two: none can meet.
  var dashes = false;
  for (var d = 0; d < gnames.length && !dashes; d++) {
    dashes = gnames[d].indexOf('-') >= 0 || shapes[gnames[d]].names.join('').indexOf('-') >= 0;
  }
  if (!dashes) return false;
  var firsts: { [name: string]: boolean } = {};
  var seconds: string[] = [];
  for (var i = 0; i < gnames.length; i++) {
    var snames = shapes[gnames[i]].names;
    for (var j = 0; j < snames.length; j++) {
      var first = processName(gnames[i], snames[j], 1);
      if (has(firsts, first)) return true;
      setKey(firsts, first, true);
      seconds.push(processName(gnames[i], snames[j], 2));
    }
  }
  for (var k = 0; k < seconds.length; k++) if (has(firsts, seconds[k])) return true;
  return false;
}
