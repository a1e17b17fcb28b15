// tgmcp reaches into gramjs internals (sender queues, exported senders, reconnect state) that its
// typings leave out or mark private. Each use declares the narrow view it needs; hasMethods checks
// at run time that an object really has a view's methods before it is taken as one, so a gramjs
// release that renames one fails loudly where the object is taken in, not later or open.

/** Whether `o` is an object with a function under each of `keys`. */
export function hasMethods(o: unknown, ...keys: string[]): o is object {
  return (
    typeof o === 'object' &&
    o !== null &&
    keys.every((key) => typeof Reflect.get(o, key) === 'function')
  );
}

/** The error for a gramjs object without a member tgmcp relies on. */
export function internalsChanged(what: string, members: string[]): TypeError {
  return new TypeError(
    `gramjs ${what} has no ${members.join('/')}: this gramjs version is not supported (tgmcp relies on these internals)`,
  );
}
