/* global RectifyVerifier, document -- the verifier above it in verify.html, and the page */
// Browser side of verify.html: the bundle is read from the chosen ZIP or folder, checked with
// WebCrypto, and nothing leaves the page.
const env = {
  sha256: async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)),
  hash: async (algorithm, bytes) => new Uint8Array(await crypto.subtle.digest(algorithm === 'sha256' ? 'SHA-256' : algorithm, bytes)),
  // WebCrypto has neither SM3 nor SM2: a 国密 bundle is checked with node verify.mjs.
  supports: (hash, signature) => hash === 'sha256' && signature === 'ed25519',
  inflateRaw: async (bytes) => new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer()),
  verifySignature: async (algorithm, raw, message, signature) => {
    let key;
    try {
      key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    } catch {
      throw new Error('此浏览器不支持 Ed25519 验签，请换用新版浏览器，或在命令行运行 node verify.mjs');
    }
    return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
  },
};

const output = document.getElementById('report');
const status = document.getElementById('status');

async function check(read) {
  status.textContent = '正在验证…';
  status.className = '';
  output.textContent = '';
  try {
    const report = await read();
    output.textContent = RectifyVerifier.formatReport(report);
    status.textContent = !report.ok ? '验证未通过' : report.complete ? '验证通过' : '未发现改动，但签名证明不完整';
    status.className = !report.ok ? 'failed' : report.complete ? 'ok' : 'partial';
  } catch (err) {
    status.textContent = '无法验证';
    status.className = 'failed';
    output.textContent = err.message;
  }
}

const trustedKey = () => document.getElementById('key').value.trim() || undefined;

document.getElementById('zip').addEventListener('change', (e) => {
  const file = e.target.files[0];
  if (file) check(async () => RectifyVerifier.verifyZip(new Uint8Array(await file.arrayBuffer()), env, { trustedKey: trustedKey() }));
});

document.getElementById('folder').addEventListener('change', (e) => {
  const chosen = [...e.target.files];
  if (!chosen.length) return;
  check(async () => {
    const files = new Map();
    // webkitRelativePath starts with the chosen folder's own name.
    for (const f of chosen) files.set(f.webkitRelativePath.split('/').slice(1).join('/'), new Uint8Array(await f.arrayBuffer()));
    return RectifyVerifier.verifyFiles(files, env, { trustedKey: trustedKey() });
  });
});
