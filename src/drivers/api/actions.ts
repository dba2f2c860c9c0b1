// The buttons of verwalter's web UI that the api driver understands, as
// validators. Each action is checked before anything is applied; a bad one
// changes nothing and is answered with the reasons.
import * as V from '../../validate';
import { actionTime, keys, setKey } from '../../json';

var variables = V.map(V.string(), V.or<string | number>([V.string(), V.number()]));
var servers = V.list(V.string());

function button<S extends V.Shape>(name: string, shape: S) {
  var full: V.Shape = { action: V.constant(name), role: V.string() };
  var ks = keys(shape);
  for (var i = 0; i < ks.length; i++) setKey(full, ks[i], shape[ks[i]]);
  return V.object(full) as V.Validator<V.ShapeValue<S> & { action: string; role: string }>;
}

export var UPDATE_ACTIONS = ['pause', 'revert', 'resume', 'skip', 'proceed', 'ack', 'error'];

var BUTTONS = {
  create_group: button('create_group', { group_name: V.string(), version: V.string() }),
  delete_group: button('delete_group', { group: V.string() }),
  add_daemon: button('add_daemon', {
    group: V.string(), new_name: V.string(), service: V.string(),
    servers: servers, number_per_server: V.number(), variables: V.optional(variables),
  }),
  delete_daemon: button('delete_daemon', { group: V.string(), name: V.string() }),
  set_servers: button('set_servers', { group: V.string(), service: V.string(), servers: servers }),
  set_number_per_server: button('set_number_per_server', { group: V.string(), service: V.string(), number_per_server: V.number() }),
  enable_auto_update: button('enable_auto_update', { group: V.string() }),
  disable_auto_update: button('disable_auto_update', { group: V.string() }),
  force_version: button('force_version', { group: V.string(), to_version: V.string() }),
  start_update: button('start_update', { group: V.string(), to_version: V.string() }),
  update_action: button('update_action', {
    group: V.string(),
    update_action: V.oneOf(UPDATE_ACTIONS),
    step: V.optional(V.string()),
    error_message: V.optional(V.string()),
  }),
};

export var ACTION = V.object({ button: V.choice('action', BUTTONS as { [name: string]: V.Validator<ApiButton> }) }, { allowExtra: true });

/** A validated button; which fields are set depends on `action`. */
export interface ApiButton {
  action: string;
  role: string;
  group?: string;
  group_name?: string;
  version?: string;
  new_name?: string;
  name?: string;
  service?: string;
  servers?: string[];
  number_per_server?: number;
  variables?: { [name: string]: string | number };
  to_version?: string;
  update_action?: string;
  step?: string;
  error_message?: string;
}

export interface CheckedAction {
  id: string;
  timestamp: number;
  button: ApiButton;
}

export interface RejectedAction {
  id: string;
  errors: string[];
}

/** Valid actions in timestamp order (ties by id, so the order never
 * depends on key order), and the rejected ones with their reasons. */
export function checkActions(actions: { [id: string]: unknown }): { valid: CheckedAction[]; invalid: RejectedAction[] } {
  var valid: CheckedAction[] = [];
  var invalid: RejectedAction[] = [];
  // Sorted: the rejected ones are logged in this order.
  var ids = keys(actions).sort();
  for (var i = 0; i < ids.length; i++) {
    var id = ids[i];
    var ts = actionTime(id);
    var r = V.validate(ACTION, actions[id]);
    if (ts === null) r.errors.unshift(': action id ' + id + ' is not a millisecond timestamp');
    if (r.errors.length) invalid.push({ id: id, errors: r.errors });
    else valid.push({ id: id, timestamp: ts as number, button: r.value.button });
  }
  valid.sort(function (a, b) {
    return a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  return { valid: valid, invalid: invalid };
}
