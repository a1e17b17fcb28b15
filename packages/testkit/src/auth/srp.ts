// The server side of Telegram's 2FA check (SRP-2048 with PBKDF2-SHA512, as in
// core.telegram.org/api/srp): the password is really checked, never taken on trust.
import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';

/** Telegram's 2048-bit safe prime (the one gramjs accepts) and generator 3. */
export const SRP_PRIME = Buffer.from(
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b',
  'hex',
);
export const SRP_G = 3;

const P = BigInt(`0x${SRP_PRIME.toString('hex')}`);
const G = BigInt(SRP_G);

const sha256 = (...parts: Buffer[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const toBig = (b: Buffer) => BigInt(`0x${b.toString('hex') || '0'}`);
const to256 = (n: bigint) => Buffer.from(n.toString(16).padStart(512, '0'), 'hex');

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** PH2(password, salt1, salt2): the hash the client raises g to. */
export function passwordHash(password: string, salt1: Buffer, salt2: Buffer): Buffer {
  const sh = (data: Buffer, salt: Buffer) => sha256(salt, data, salt);
  const ph1 = sh(sh(Buffer.from(password, 'utf8'), salt1), salt2);
  return sh(pbkdf2Sync(ph1, salt1, 100_000, 64, 'sha512'), salt2);
}

export interface SrpVerifier {
  salt1: Buffer;
  salt2: Buffer;
  v: bigint;
}

export function createVerifier(password: string): SrpVerifier {
  const salt1 = randomBytes(40);
  const salt2 = randomBytes(16);
  return { salt1, salt2, v: modPow(G, toBig(passwordHash(password, salt1, salt2)), P) };
}

export interface SrpChallenge {
  srpId: bigint;
  b: bigint;
  /** srp_B = k*v + g^b mod p, 256 bytes. */
  gB: Buffer;
}

export function createChallenge(verifier: SrpVerifier): SrpChallenge {
  const k = toBig(sha256(SRP_PRIME, to256(G)));
  const b = toBig(randomBytes(256));
  const gB = (k * verifier.v + modPow(G, b, P)) % P;
  return { srpId: randomBytes(8).readBigInt64LE(0), b, gB: to256(gB) };
}

/** Checks the client's proof M1 for public value A. */
export function verifyProof(
  verifier: SrpVerifier,
  challenge: SrpChallenge,
  a: Buffer,
  m1: Buffer,
): boolean {
  const A = toBig(a);
  if (A <= 1n || A >= P - 1n) return false;
  const aFor = to256(A);
  const u = toBig(sha256(aFor, challenge.gB));
  const s = modPow((A * modPow(verifier.v, u, P)) % P, challenge.b, P);
  const k = sha256(to256(s));
  const pg = Buffer.from(sha256(SRP_PRIME).map((byte, i) => byte ^ sha256(to256(G))[i]!));
  const expected = sha256(
    pg,
    sha256(verifier.salt1),
    sha256(verifier.salt2),
    aFor,
    challenge.gB,
    k,
  );
  return expected.equals(Buffer.from(m1));
}
