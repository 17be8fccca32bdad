import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ConfigError, type AppConfig } from '@app/config';
import type { NoteSigner } from '../domain/signed-note';

export const AUDIT_SIGNER = Symbol('AUDIT_SIGNER');

/** The checkpoint signer of AUDIT_SIGNING_KEY (PEM text or a file's path), or null when none is configured. */
/** 1.2.156.10197.1.301, the SM2 curve, as DER. */
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

export function loadSigner(audit: AppConfig['audit']): NoteSigner | null {
  if (!audit.signingKey) return null;
  const pem = audit.signingKey.includes('-----BEGIN') ? audit.signingKey : readKeyFile(audit.signingKey);
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new ConfigError('Invalid configuration: AUDIT_SIGNING_KEY: expected an Ed25519 private key in PEM (or the path of one)');
  }
  // OpenSSL 3 loads an SM2 key from PEM as its own key type, which Node does not name: tell it by its curve's OID.
  const sm2 = privateKey.asymmetricKeyType === 'ec' ? privateKey.asymmetricKeyDetails?.namedCurve === 'SM2' : !privateKey.asymmetricKeyType && createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).includes(SM2_CURVE_OID);
  if (privateKey.asymmetricKeyType !== 'ed25519' && !sm2) {
    throw new ConfigError(`Invalid configuration: AUDIT_SIGNING_KEY: expected an Ed25519 or SM2 private key, got ${privateKey.asymmetricKeyType}`);
  }
  return { name: audit.logOrigin, algorithm: sm2 ? 'sm2' : 'ed25519', privateKey, publicKey: createPublicKey(privateKey) };
}

function readKeyFile(file: string): string {
  if (!existsSync(file)) throw new ConfigError(`Invalid configuration: AUDIT_SIGNING_KEY: no such file ${file}`);
  return readFileSync(file, 'utf8');
}

/** A new private key file (mode 0600) for embedded mode, kept beside the data like the JWT secret. */
export function createSigningKeyFile(file: string, algorithm: 'ed25519' | 'sm2' = 'ed25519'): void {
  if (existsSync(file)) return;
  const { privateKey } = algorithm === 'sm2' ? generateKeyPairSync('ec', { namedCurve: 'SM2' }) : generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  chmodSync(file, 0o600);
}
