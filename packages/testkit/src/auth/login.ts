// Login state of the fake account and the auth.* handlers: phone code (read by the test),
// 2FA with real SRP, QR login tokens with expiry and the accepted-token update, log out.
import { randomBytes, randomInt } from 'node:crypto';
import { Api } from 'telegram';
import { RpcError } from '../mtproto/connection.js';
import type { TlObject } from '../mtproto/tl.js';
import type { HandlerTable } from '../rpc/context.js';
import { apiUser, big } from '../rpc/convert.js';
import type { World } from '../world/world.js';
import {
  SRP_G,
  SRP_PRIME,
  type SrpChallenge,
  type SrpVerifier,
  createChallenge,
  createVerifier,
  verifyProof,
} from './srp.js';

/** Methods an unauthorized key may call (everything else: 401 AUTH_KEY_UNREGISTERED). */
export const AUTH_FREE_METHODS: ReadonlySet<string> = new Set([
  'help.GetConfig',
  'help.GetNearestDc',
  'auth.SendCode',
  'auth.ResendCode',
  'auth.CancelCode',
  'auth.SignIn',
  'auth.CheckPassword',
  'account.GetPassword',
  'auth.ExportLoginToken',
  'auth.ImportLoginToken',
  'auth.ImportAuthorization',
  'auth.LogOut',
]);

const digits = (phone: string | undefined) => (phone ?? '').replace(/\D/g, '');
const CODE_TTL_SEC = 300;
const QR_TTL_SEC = 30;

export class LoginState {
  authorized: boolean;
  /** The last login code sent: what a person would read in the Telegram app. */
  lastCode: string | undefined;
  private readonly codes = new Map<string, { phone: string; code: string; expiresAt: number }>();
  private passwordNeeded = false;
  private verifier: SrpVerifier | undefined;
  private challenge: SrpChallenge | undefined;
  private readonly qrTokens = new Map<string, { expiresAt: number; accepted: boolean }>();

  constructor(
    private readonly world: World,
    authorized: boolean,
    private readonly broadcast: (update: TlObject) => void,
  ) {
    this.authorized = authorized;
  }

  /** A person scans the QR code on another device; the current token is accepted. */
  acceptQrLogin(token?: Buffer): void {
    const key = token ? token.toString('hex') : [...this.qrTokens.keys()].at(-1);
    const entry = key ? this.qrTokens.get(key) : undefined;
    if (!key || !entry || entry.expiresAt <= this.world.now())
      throw new Error('no live QR login token to accept');
    entry.accepted = true;
    this.broadcast(
      new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: this.world.now() }),
    );
  }

  private passwordVerifier(): SrpVerifier | undefined {
    if (this.world.password === undefined) return undefined;
    return (this.verifier ??= createVerifier(this.world.password));
  }

  private authorize(): Api.auth.Authorization {
    this.authorized = true;
    this.passwordNeeded = false;
    return new Api.auth.Authorization({ user: apiUser(this.world.self, this.world) });
  }

  private afterFirstFactor(): Api.auth.Authorization {
    if (this.passwordVerifier()) {
      this.passwordNeeded = true;
      throw new RpcError(401, 'SESSION_PASSWORD_NEEDED');
    }
    return this.authorize();
  }

  handlers(): HandlerTable {
    return {
      'auth.SendCode': (req: Api.auth.SendCode) => this.sendCode(req.phoneNumber),
      'auth.ResendCode': (req: Api.auth.ResendCode) => this.sendCode(req.phoneNumber),
      'auth.CancelCode': (req: Api.auth.CancelCode) => this.codes.delete(req.phoneCodeHash),
      'auth.SignIn': (req: Api.auth.SignIn) => {
        const sent = this.codes.get(req.phoneCodeHash);
        if (!sent || sent.expiresAt <= this.world.now())
          throw new RpcError(400, 'PHONE_CODE_EXPIRED');
        if (digits(req.phoneNumber) !== sent.phone) throw new RpcError(400, 'PHONE_NUMBER_INVALID');
        if (!req.phoneCode) throw new RpcError(400, 'PHONE_CODE_EMPTY');
        if (req.phoneCode !== sent.code) throw new RpcError(400, 'PHONE_CODE_INVALID');
        this.codes.delete(req.phoneCodeHash);
        if (sent.phone !== digits(this.world.self.phone))
          throw new RpcError(400, 'PHONE_NUMBER_UNOCCUPIED');
        return this.afterFirstFactor();
      },
      'account.GetPassword': () => {
        const verifier = this.passwordVerifier();
        const newAlgo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
          salt1: randomBytes(8),
          salt2: randomBytes(16),
          g: SRP_G,
          p: SRP_PRIME,
        });
        const common = {
          newAlgo,
          newSecureAlgo: new Api.SecurePasswordKdfAlgoSHA512({ salt: randomBytes(8) }),
          secureRandom: randomBytes(256),
        };
        if (!verifier) return new Api.account.Password({ hasPassword: false, ...common });
        this.challenge = createChallenge(verifier);
        return new Api.account.Password({
          hasPassword: true,
          currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
            salt1: verifier.salt1,
            salt2: verifier.salt2,
            g: SRP_G,
            p: SRP_PRIME,
          }),
          srp_B: this.challenge.gB,
          srpId: big(this.challenge.srpId),
          ...common,
        });
      },
      'auth.CheckPassword': (req: Api.auth.CheckPassword) => {
        const verifier = this.passwordVerifier();
        const input = req.password as Api.InputCheckPasswordSRP;
        if (!verifier || !this.passwordNeeded) throw new RpcError(400, 'PASSWORD_HASH_INVALID');
        if (!this.challenge || String(input.srpId) !== String(this.challenge.srpId))
          throw new RpcError(400, 'SRP_ID_INVALID');
        const ok = verifyProof(
          verifier,
          this.challenge,
          Buffer.from(input.A),
          Buffer.from(input.M1),
        );
        this.challenge = undefined; // one proof per challenge
        if (!ok) throw new RpcError(400, 'PASSWORD_HASH_INVALID');
        return this.authorize();
      },
      'auth.ExportLoginToken': () => {
        const now = this.world.now();
        for (const [key, entry] of this.qrTokens) {
          if (!entry.accepted) continue;
          this.qrTokens.delete(key);
          return new Api.auth.LoginTokenSuccess({ authorization: this.afterFirstFactor() });
        }
        const token = randomBytes(32);
        this.qrTokens.set(token.toString('hex'), { expiresAt: now + QR_TTL_SEC, accepted: false });
        return new Api.auth.LoginToken({ expires: now + QR_TTL_SEC, token });
      },
      'auth.LogOut': () => {
        this.authorized = false;
        return new Api.auth.LoggedOut({});
      },
    };
  }

  private sendCode(phoneNumber: string): Api.auth.SentCode {
    const phone = digits(phoneNumber);
    if (phone.length < 5) throw new RpcError(400, 'PHONE_NUMBER_INVALID');
    const code = String(randomInt(10_000, 100_000));
    const phoneCodeHash = randomBytes(8).toString('hex');
    this.codes.set(phoneCodeHash, { phone, code, expiresAt: this.world.now() + CODE_TTL_SEC });
    this.lastCode = code;
    return new Api.auth.SentCode({
      type: new Api.auth.SentCodeTypeApp({ length: 5 }),
      phoneCodeHash,
      timeout: 60,
    });
  }
}
