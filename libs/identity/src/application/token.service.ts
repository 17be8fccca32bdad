import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DomainError, ErrorCode, Role } from '@app/workflow';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';

export interface TokenClaims {
  sub: string;
  roles: Role[];
  unitId: string;
  username?: string;
}

const DURATION = /^(\d+)(s|m|h|d)$/;
const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

export function durationSeconds(value: string): number {
  const [, n, unit] = DURATION.exec(value) ?? [];
  if (!n) throw new Error(`bad duration ${value}`);
  return Number(n) * SECONDS[unit as keyof typeof SECONDS];
}

const unauthenticated = (detail: string) => new DomainError(ErrorCode.UNAUTHENTICATED, detail);

const VERIFIED_CACHE_SIZE = 10_000;

/** Issues HS256 tokens; verifies HS256 (own) and, when a public key is configured, RS256 (external IdP). */
@Injectable()
export class TokenService {
  readonly expiresInSeconds: number;
  // Parsed once: given a string, jsonwebtoken tries (and fails) to parse it as a public key on every call.
  private readonly secretKey?: KeyObject;
  private readonly publicKey?: KeyObject;

  constructor(@Inject(IDENTITY_OPTIONS) options: IdentityOptions) {
    this.expiresInSeconds = durationSeconds(options.auth.expiresIn);
    this.secretKey = options.jwtSecret ? createSecretKey(Buffer.from(options.jwtSecret)) : undefined;
    this.publicKey = options.auth.jwtPublicKey ? createPublicKey(options.auth.jwtPublicKey) : undefined;
  }

  issue(claims: TokenClaims): string {
    if (!this.secretKey) throw new Error('JWT_SECRET is not configured; this server cannot issue tokens');
    const { sub, ...rest } = claims;
    return jwt.sign(rest, this.secretKey, {
      algorithm: 'HS256',
      subject: sub,
      expiresIn: this.expiresInSeconds,
      issuer: 'rectify',
    });
  }

  /** Claims of tokens already verified, until they expire: a token is verified once, not per request. */
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();

  verify(token: string): TokenClaims {
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.claims;
    if (known) this.verified.delete(token);
    const { claims, expiresAt } = this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, expiresAt });
    return claims;
  }

  private verifySignature(token: string): { claims: TokenClaims; expiresAt: number } {
    let decoded: jwt.Jwt | null;
    try {
      decoded = jwt.decode(token, { complete: true });
    } catch {
      decoded = null;
    }
    if (!decoded || typeof decoded.payload === 'string') throw unauthenticated('malformed bearer token');
    const alg = decoded.header.alg;
    let key: KeyObject | undefined;
    if (alg === 'HS256') key = this.secretKey;
    else if (alg === 'RS256') key = this.publicKey;
    if (!key) throw unauthenticated(`tokens signed with ${alg} are not accepted`);
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key, { algorithms: [alg as jwt.Algorithm] }) as jwt.JwtPayload;
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw unauthenticated(expired ? 'bearer token has expired' : 'bearer token signature is invalid');
    }
    if (typeof payload.sub !== 'string' || !payload.sub) throw unauthenticated('bearer token has no subject');
    return {
      claims: {
        sub: payload.sub,
        roles: Array.isArray(payload.roles) ? (payload.roles as Role[]) : [],
        unitId: typeof payload.unitId === 'string' ? payload.unitId : '',
        username: typeof payload.username === 'string' ? payload.username : undefined,
      },
      // A token without exp is held for a minute only.
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + 60_000,
    };
  }
}
