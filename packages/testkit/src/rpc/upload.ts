// Files: upload.saveFilePart / saveBigFilePart collect parts per file id; upload.getFile
// serves stored bytes in the offsets and limits Telegram allows.
import { Api } from 'telegram';
import { dcOfConnection } from './system.js';
import { RpcError } from '../mtproto/connection.js';
import type { World } from '../world/world.js';
import type { HandlerTable } from './context.js';
import { num } from './peers.js';

const uploads = new WeakMap<World, Map<string, Map<number, Buffer>>>();
const MAX_PART = 512 * 1024;

function partsOf(world: World): Map<string, Map<number, Buffer>> {
  let m = uploads.get(world);
  if (!m) uploads.set(world, (m = new Map<string, Map<number, Buffer>>()));
  return m;
}

function savePart(world: World, fileId: unknown, part: number, bytes: Buffer): boolean {
  if (bytes.length > MAX_PART || (bytes.length % 1024 !== 0 && bytes.length === 0))
    throw new RpcError(400, 'FILE_PART_SIZE_INVALID');
  if (part < 0 || part > 7999) throw new RpcError(400, 'FILE_PART_INVALID');
  const all = partsOf(world);
  const key = String(fileId);
  let parts = all.get(key);
  if (!parts) all.set(key, (parts = new Map<number, Buffer>()));
  parts.set(part, Buffer.from(bytes));
  return true;
}

/** The bytes of an uploaded file (InputFile / InputFileBig); consumes the stored parts. */
export function takeUpload(world: World, input: { id: unknown; parts: number }): Buffer {
  const key = String(input.id);
  const parts = partsOf(world).get(key);
  if (!parts) throw new RpcError(400, 'FILE_PARTS_INVALID');
  const chunks: Buffer[] = [];
  for (let i = 0; i < input.parts; i++) {
    const p = parts.get(i);
    if (!p) throw new RpcError(400, `FILE_PART_${i}_MISSING`);
    chunks.push(p);
  }
  partsOf(world).delete(key);
  return Buffer.concat(chunks);
}

export const uploadHandlers: HandlerTable = {
  'upload.SaveFilePart': (req: Api.upload.SaveFilePart, { world }) =>
    savePart(world, req.fileId, req.filePart, req.bytes),
  'upload.SaveBigFilePart': (req: Api.upload.SaveBigFilePart, { world }) =>
    savePart(world, req.fileId, req.filePart, req.bytes),

  'upload.GetFile'(req: Api.upload.GetFile, { world, connection }) {
    const location = req.location as unknown as { className: string; id?: unknown };
    if (
      location.className !== 'InputDocumentFileLocation' &&
      location.className !== 'InputPhotoFileLocation'
    ) {
      throw new RpcError(400, 'LOCATION_INVALID');
    }
    const file = world.file(BigInt(String(location.id)));
    if (!file) throw new RpcError(400, 'FILE_ID_INVALID');
    // Like Telegram: a file is served by its own DC; elsewhere the answer names that DC.
    if (file.dcId !== dcOfConnection(connection))
      throw new RpcError(303, `FILE_MIGRATE_${file.dcId}`);
    const offset = num(req.offset);
    const limit = req.limit;
    if (limit <= 0 || limit > 1024 * 1024 || limit % 1024 !== 0)
      throw new RpcError(400, 'LIMIT_INVALID');
    if (offset < 0 || offset % 1024 !== 0) throw new RpcError(400, 'OFFSET_INVALID');
    const bytes = file.bytes().subarray(offset, offset + limit);
    return new Api.upload.File({ type: new Api.storage.FileUnknown(), mtime: 0, bytes });
  },
};
