// The driver's options as a whole: what is not an object, an option left
// undefined, an unknown name with nothing like it.
import { expect } from 'chai';
import { T } from './helpers.mjs';

const read = (options) => T.log.collect(() => T.drivers.api.driver(options)).text;

describe('api driver: reading the options', () => {
  it('options that are not an object are one error, and null or undefined none', () => {
    expect(read('x')).to.equal('[no-role]:ERROR: api driver: options: Value is not an object; those options keep their defaults\n');
    expect(read(null)).to.equal('');
    expect(read(undefined)).to.equal('');
  });

  it('hooks or a policy that are not objects, and an unknown name like no option, are named; an undefined option is the default', () => {
    expect(read({ hooks: 5, policy: [], template: undefined, zzz: 1 })).to.equal(
      '[no-role]:ERROR: api driver: options.hooks: Value is not an object of hook functions; ' +
        'options.policy: Value is not an object of hook functions; options.zzz: unknown option; those options keep their defaults\n',
    );
    expect(read({ template: undefined, hooks: undefined, policy: undefined })).to.equal('');
  });
});
