// A user named by a tool argument: resolved, and refused when it names a chat. Errors name the
// argument (`field`), so the model knows which one to fix.
import { TargetRefusal } from '../errors.js';

export async function resolveUser<P extends { id: string; type?: string }>(
  resolve: (ref: string) => Promise<P>,
  ref: string,
  field: string,
): Promise<P> {
  const peer = await resolve(ref).catch((err: unknown) => {
    Object.assign(err as object, { field });
    throw err;
  });
  if (peer.type !== 'user')
    throw new TargetRefusal('NOT_A_USER', `${peer.id} is a ${peer.type}, not a user`, field);
  return peer;
}
