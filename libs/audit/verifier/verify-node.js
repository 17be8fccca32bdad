/* global path, fileURLToPath, createHash, inflateRawSync, createPublicKey, verify, readdirSync, readFileSync, statSync -- imported at the top of verify.mjs */
// Node.js (18 or later) side of verify.mjs: reads the bundle (this folder, another folder or the
// ZIP) and checks it with node:crypto. Usage: node verify.mjs [folder | bundle.zip] [--key KEY] [--json]
// Exit code 0: intact and fully signed; 3: nothing changed, but not everything is signed; 1: changed; 2: could not run.
const args = process.argv.slice(2);
const json = args.includes('--json');
const keyAt = args.indexOf('--key');
const trustedKey = keyAt >= 0 ? args[keyAt + 1] : undefined;
const target = args.find((a, i) => !a.startsWith('--') && (keyAt < 0 || i !== keyAt + 1)) ?? path.dirname(fileURLToPath(import.meta.url));

// SubjectPublicKeyInfo of an SM2 key, up to its 65-byte point (id-ecPublicKey, curve SM2).
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

const env = {
  sha256: async (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest()),
  hash: async (algorithm, bytes) => new Uint8Array(createHash(algorithm).update(bytes).digest()),
  supports: () => true,
  inflateRaw: async (bytes) => new Uint8Array(inflateRawSync(bytes)),
  verifySignature: async (algorithm, raw, message, signature) => {
    try {
      if (algorithm === 'sm2') {
        const key = createPublicKey({ key: Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(raw)]), format: 'der', type: 'spki' });
        return verify('sm3', message, key, signature);
      }
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};

function readFolder(root) {
  const files = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join('/'), new Uint8Array(readFileSync(full)));
    }
  };
  walk(root);
  return files;
}

try {
  const verifier = globalThis.RectifyVerifier;
  const report = statSync(target).isDirectory()
    ? await verifier.verifyFiles(readFolder(target), env, { trustedKey })
    : await verifier.verifyZip(new Uint8Array(readFileSync(target)), env, { trustedKey });
  console.log(json ? JSON.stringify(report, null, 2) : verifier.formatReport(report));
  // 0: intact and proven by signatures; 3: intact as far as it goes, not fully signed; 1: changed.
  process.exitCode = report.ok ? (report.complete ? 0 : 3) : 1;
} catch (err) {
  console.error(`无法验证 ${target}：${err.message}`);
  process.exitCode = 2;
}
