// The seed's session files (TG_SESSION_PATH, TG_SESSIONS_DIR, SESSION_DIR hold Telethon
// `.session` SQLite files) are imported into the store once, under their label, so existing
// setups keep working. Already-stored names are never overwritten.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { importTelethonSession } from './import.js';
import { validateSessionName } from './names.js';
import type { SessionStore } from './store.js';

export interface SeedSessionLocations {
  sessionPath?: string;
  sessionDirs: string[];
}

export async function migrateSeedSessions(
  store: SessionStore,
  seed: SeedSessionLocations,
): Promise<{ imported: string[]; skipped: Array<{ file: string; reason: string }> }> {
  const files: string[] = [];
  if (seed.sessionPath)
    files.push(
      seed.sessionPath.endsWith('.session') ? seed.sessionPath : `${seed.sessionPath}.session`,
    );
  for (const dir of seed.sessionDirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort())
      if (f.endsWith('.session')) files.push(path.join(dir, f));
  }
  const imported: string[] = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  for (const file of files) {
    const label = path.basename(file).slice(0, -'.session'.length);
    try {
      validateSessionName(label);
    } catch {
      skipped.push({ file, reason: 'its name is not a valid session name' });
      continue;
    }
    if (store.exists(label)) continue;
    if (!existsSync(file)) {
      skipped.push({ file, reason: 'not found' });
      continue;
    }
    try {
      const s = await importTelethonSession(file);
      store.save(label, { session: s.session, source: 'telethon-sqlite' });
      imported.push(label);
    } catch (err) {
      skipped.push({ file, reason: (err as Error).message });
    }
  }
  return { imported, skipped };
}
