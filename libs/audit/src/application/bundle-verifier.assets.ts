import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The verifier's sources, beside the code that serves them (the process runs from the project root). */
const DIR = path.join(process.cwd(), 'libs/audit/verifier');

const NODE_IMPORTS = `import { createHash, createPublicKey, verify } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
`;

let cached: { html: string; mjs: string } | null = null;

/**
 * verify.html and verify.mjs of every bundle: the same verifier text in both, with the platform's
 * crypto around it (WebCrypto in the page, node:crypto on the command line).
 */
export function bundleVerifier(): { html: string; mjs: string } {
  if (cached) return cached;
  const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');
  const core = read('bundle-verifier.js');
  const html = read('verify.template.html').replace('/*VERIFIER*/', () => `${core}\n${read('verify-browser.js')}`);
  const mjs = `#!/usr/bin/env node\n// Rectify 证据包验证程序（命令行）：node verify.mjs [文件夹或 ZIP] [--key 可信公钥] [--json]\n${NODE_IMPORTS}\n${core}\n${read('verify-node.js')}`;
  cached = { html, mjs };
  return cached;
}
