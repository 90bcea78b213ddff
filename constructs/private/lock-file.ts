import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, LineCounter, parseDocument, stringify as stringifyYaml } from 'yaml';
import writeFileAtomic from 'write-file-atomic';
import { Errors } from '../errors';

/** Why a lock file is refused, the middle of {@link Errors.lockFileBad} (`address plan lock file F line N <reason>; fix ...`). */
const LockFileReasons = {
  notAFile: () => 'is not a regular file (a directory?)',
  unreadable: (why: string) => `cannot be read (${why})`,
  conflictMarkers: () => 'holds git merge conflict markers: resolve the conflict, keeping every allocation both sides record',
  notYaml: (why: string) => `is not valid YAML (${why})`,
  notAMap: () => 'is not a map with `pool:` and `allocations:` (it holds a list or a single value)',
  poolNotText: () => 'has a `pool:` that is not CIDR text',
  allocationsNotAMap: () => 'has `allocations:` that is not a map of key: cidr',
  keyNotText: () => 'has an allocation whose key is not text',
  valueNotText: (key: string) => `has allocation ${key} whose value is not CIDR text such as 10.20.0.0/24`,
  unknownField: (key: unknown) => `has an unknown field ${JSON.stringify(key)} (only pool: and allocations: are read)`,
};

/** One allocation line of a lock file. */
export interface LockEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line of the key in the file. */
  readonly line: number;
}

/** What a lock file holds, or why it cannot be used. */
export interface LockContents {
  /** False when the file exists but cannot be read or parsed or has the wrong shape: never write it then. */
  readonly ok: boolean;
  /** True when the file exists. */
  readonly exists: boolean;
  readonly pool?: { readonly value: string; readonly line: number };
  readonly entries: readonly LockEntry[];
  /** Why the file cannot be used (each message names the file, and the line where known). */
  readonly problems: readonly string[];
}

const HEADER =
  '# Address plan lock file, written by docker-network-cdktf AddressPlan at synth. Commit it: keys listed here\n' +
  '# keep their subnet whatever the order of networks in code. Delete a line to release a subnet.\n';

/**
 * Reads an address-plan lock file (`pool: ...`, `allocations: {key: cidr}`). A missing file is an empty lock; a
 * file that cannot be read, parsed, or has another shape is reported and marked not ok, so that nothing writes
 * over it (a rewritten lock would move subnets and replace networks).
 */
export function readLockFile(file: string): LockContents {
  const bad = (why: string, line?: number): LockContents => ({
    ok: false,
    exists: true,
    entries: [],
    problems: [Errors.lockFileBad(`${file}${line ? ` line ${line}` : ''}`, why)],
  });
  let text: string;
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return { ok: true, exists: false, entries: [], problems: [] };
    if (!stat.isFile()) return bad(LockFileReasons.notAFile());
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return bad(LockFileReasons.unreadable((e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  if (/^(<{7}|={7}|>{7})( |$)/m.test(text)) {
    const line = text.split('\n').findIndex((l) => /^(<{7}|={7}|>{7})( |$)/.test(l)) + 1;
    return bad(LockFileReasons.conflictMarkers(), line);
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset?: number) => (offset === undefined ? undefined : counter.linePos(offset).line);
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    return bad(LockFileReasons.notYaml(err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')), lineOf(err.pos[0]));
  }
  if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''))) {
    return { ok: true, exists: true, entries: [], problems: [] };
  }
  if (!isMap(doc.contents)) {
    return bad(LockFileReasons.notAMap(), lineOf(doc.contents.range?.[0]));
  }
  let pool: LockContents['pool'];
  const entries: LockEntry[] = [];
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const keyLine = lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    if (key === 'pool') {
      if (!isScalar(pair.value) || typeof pair.value.value !== 'string') return bad(LockFileReasons.poolNotText(), keyLine);
      pool = { value: pair.value.value, line: keyLine ?? 0 };
    } else if (key === 'allocations') {
      const v = pair.value;
      if (v === null || (isScalar(v) && v.value === null)) continue;
      if (!isMap(v)) return bad(LockFileReasons.allocationsNotAMap(), keyLine);
      for (const item of v.items) {
        const k = isScalar(item.key) ? item.key.value : undefined;
        const line = lineOf(isScalar(item.key) ? item.key.range?.[0] : undefined) ?? 0;
        if (typeof k !== 'string' && typeof k !== 'number') return bad(LockFileReasons.keyNotText(), line);
        if (!isScalar(item.value) || typeof item.value.value !== 'string') {
          return bad(LockFileReasons.valueNotText(String(k)), line);
        }
        entries.push({ key: String(k), value: item.value.value, line });
      }
    } else {
      return bad(LockFileReasons.unknownField(key), keyLine);
    }
  }
  return { ok: true, exists: true, pool, entries, problems: [] };
}

/**
 * Writes a lock file atomically (write-file-atomic: a temporary file beside it, fsynced, then renamed), so an
 * interrupted synth never leaves half a file. Returns a problem message instead of throwing.
 */
export function writeLockFile(file: string, pool: string, allocations: Record<string, string>): string | undefined {
  const body = HEADER + stringifyYaml({ pool, allocations });
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === body) return undefined;
    writeFileAtomic.sync(file, body);
    return undefined;
  } catch (e) {
    return Errors.lockFileUnwritable(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}
