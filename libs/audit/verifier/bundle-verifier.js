/*
 * The verifier of a Rectify evidence bundle (证据包). This exact text is inlined into the bundle's
 * verify.html (run by a browser, WebCrypto) and verify.mjs (run by Node.js, node:crypto): it uses
 * no library and contacts nothing, so whoever receives a bundle can check it without trusting
 * Rectify's code or servers. It recomputes every hash itself: the canonical JSON (RFC 8785) of each
 * event, the hash chain of each case, each event's Merkle inclusion proof (RFC 9162) up to the root
 * of a signed checkpoint (C2SP signed note, Ed25519), the files against the manifest, and the ZIP's
 * own structure, so that a one-byte change anywhere is reported with the file and event it touched.
 */
(function (root) {
  'use strict';

  const GENESIS = '0'.repeat(64);
  const EVENT_FIELDS = ['caseId', 'seq', 'type', 'payload', 'fromState', 'toState', 'actorId', 'actorRole', 'actorUnitId', 'machineVersion', 'correlationId', 'at'];
  const MANIFEST = 'manifest.json';
  const MANIFEST_HASH = 'manifest.sha256';
  const MANIFEST_SIG = 'manifest.sig';
  /** An event this long before the checkpoint was logged before it: unproven, its proof was taken away. */
  const SEQUENCING_SLACK_MS = 10 * 60 * 1000;
  const utf8 = new TextEncoder();
  const text = new TextDecoder('utf-8', { fatal: true });

  /** RFC 8785 (JCS): keys sorted by UTF-16 code units, ECMAScript number and string forms. */
  function canonical(value) {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('非有限数值不能规范化');
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
    return '{' + Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  function fromBase64(s) {
    if (typeof s !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
    try {
      return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    } catch {
      return null;
    }
  }

  // ---- ZIP (PKWARE APPNOTE): every byte belongs to a header, a file's data or the directory ----

  const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    let c = 0xffffffff;
    for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  /**
   * The files of a ZIP, each checked against its CRC and its two headers, and the whole archive
   * against its directory (no byte outside an entry). `inflateRaw` is the platform's inflate.
   */
  async function readZip(zip, inflateRaw) {
    const findings = [];
    const files = new Map();
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const broken = (message, file) => {
      findings.push({ level: 'error', file: file || '（ZIP 结构）', message });
      return { files, findings };
    };
    let end = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
      if (view.getUint32(i, true) === 0x06054b50 && i + 22 + view.getUint16(i + 20, true) === zip.length) {
        end = i;
        break;
      }
    }
    if (end < 0) return broken('找不到 ZIP 目录结尾记录：文件被截断或改动');
    const count = view.getUint16(end + 10, true);
    const dirSize = view.getUint32(end + 12, true);
    const dirOffset = view.getUint32(end + 16, true);
    if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0 || view.getUint16(end + 8, true) !== count || dirOffset + dirSize !== end) {
      return broken('ZIP 目录结尾记录与目录不符');
    }
    let at = dirOffset;
    let expectedLocal = 0;
    let attributes = null;
    for (let n = 0; n < count; n++) {
      if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) return broken(`ZIP 目录第 ${n + 1} 项损坏`);
      const flags = view.getUint16(at + 8, true);
      const method = view.getUint16(at + 10, true);
      const crc = view.getUint32(at + 16, true);
      const compressed = view.getUint32(at + 20, true);
      const size = view.getUint32(at + 24, true);
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      const local = view.getUint32(at + 42, true);
      let name;
      try {
        name = text.decode(zip.subarray(at + 46, at + 46 + nameLength));
      } catch {
        return broken(`ZIP 目录第 ${n + 1} 项的文件名不是 UTF-8`);
      }
      const centralCommon = zip.subarray(at + 6, at + 32);
      const centralName = zip.subarray(at + 46, at + 46 + nameLength + extraLength);
      // The bytes only the directory holds (made-by version, attributes) must agree across entries.
      const entryAttributes = hex(concat(zip.subarray(at + 4, at + 6), zip.subarray(at + 34, at + 42)));
      if (commentLength || view.getUint16(at + 34, true) !== 0 || (attributes !== null && attributes !== entryAttributes)) return broken('ZIP 目录项的属性被改动', name);
      attributes = entryAttributes;
      at += 46 + nameLength + extraLength + commentLength;
      if (local !== expectedLocal || local + 30 > dirOffset || view.getUint32(local, true) !== 0x04034b50) return broken('文件的本地头不在目录所记录的位置', name);
      const localNameLength = view.getUint16(local + 26, true);
      const localExtraLength = view.getUint16(local + 28, true);
      const dataStart = local + 30 + localNameLength + localExtraLength;
      const localCommon = zip.subarray(local + 4, local + 30);
      const localName = zip.subarray(local + 30, dataStart);
      const descriptor = (flags & 0x08) !== 0;
      const descriptorLength = descriptor ? 16 : 0;
      if (descriptor) {
        // With a data descriptor the local header leaves CRC and sizes zero; the descriptor holds them.
        const d = dataStart + compressed;
        if (d + 16 > dirOffset || view.getUint32(d, true) !== 0x08074b50 || view.getUint32(d + 4, true) !== crc || view.getUint32(d + 8, true) !== compressed || view.getUint32(d + 12, true) !== size) {
          return broken('文件的数据描述符与目录不符', name);
        }
        if (!equal(localCommon.subarray(0, 10), centralCommon.subarray(0, 10)) || localCommon.subarray(10, 22).some((b) => b !== 0) || !equal(localCommon.subarray(22), centralCommon.subarray(22))) {
          return broken('文件的本地头与目录记录不符', name);
        }
      } else if (!equal(localCommon, centralCommon)) {
        return broken('文件的本地头与目录记录不符', name);
      }
      if (!equal(localName, centralName)) return broken('文件的本地头与目录记录不符', name);
      expectedLocal = dataStart + compressed + descriptorLength;
      const raw = zip.subarray(dataStart, dataStart + compressed);
      let data;
      try {
        if (method === 0) data = raw;
        else if (method === 8) data = await inflateRaw(raw);
        else return broken(`不支持的压缩方法 ${method}`, name);
      } catch {
        findings.push({ level: 'error', file: name, message: '无法解压：压缩数据被改动' });
        continue;
      }
      // Kept all the same, so the checks of its content can name the event that was changed.
      if (data.length !== size || crc32(data) !== crc) findings.push({ level: 'error', file: name, message: '内容与 ZIP 记录的 CRC 或长度不符：内容被改动' });
      if (files.has(name)) return broken('ZIP 中有重名文件', name);
      files.set(name, data);
    }
    if (at !== end) return broken('ZIP 目录长度与目录结尾记录不符');
    if (expectedLocal !== dirOffset) return broken('ZIP 中有不属于任何文件的字节');
    return { files, findings };
  }

  // ---- Signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint) ----

  // Signature type bytes of signed-note: Ed25519 is 0x01; SM2 (the 国密 profile) takes the private-use 0xff.
  const TYPES = { 1: { name: 'ed25519', keyLength: 32 }, 255: { name: 'sm2', keyLength: 65 } };

  /** `name+hexid+base64(type || key)` → the key, after checking its id. */
  async function parseVerifierKey(vkey, env) {
    const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(String(vkey).trim());
    const bytes = match && fromBase64(match[3]);
    if (!bytes || !TYPES[bytes[0]] || bytes.length !== TYPES[bytes[0]].keyLength + 1) return null;
    const id = (await env.sha256(concat(utf8.encode(match[1]), Uint8Array.of(0x0a), bytes))).subarray(0, 4);
    if (hex(id) !== match[2]) return null;
    return { name: match[1], keyId: match[2], algorithm: TYPES[bytes[0]].name, raw: bytes.subarray(1), verifierKey: String(vkey).trim() };
  }

  /** A signed note's text and signature lines; null when it is not one. */
  function parseSigned(note) {
    const split = note.indexOf('\n\n');
    if (split < 0 || !note.endsWith('\n')) return null;
    const signatures = [];
    for (const line of note.slice(split + 2, -1).split('\n')) {
      const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
      const bytes = m && fromBase64(m[2]);
      if (!bytes || bytes.length < 5) return null;
      signatures.push({ name: m[1], keyId: hex(bytes.subarray(0, 4)), signature: bytes.subarray(4) });
    }
    return { body: note.slice(0, split + 1), signatures };
  }

  /** The key among `keys` whose valid signature the note carries, or null. */
  async function signerOf(env, note, keys) {
    for (const s of note.signatures) {
      const key = keys.find((k) => k.name === s.name && k.keyId === s.keyId);
      if (key && (await env.verifySignature(key.algorithm, key.raw, utf8.encode(note.body), s.signature))) return key;
    }
    return null;
  }

  function parseNote(note) {
    const split = note.indexOf('\n\n');
    if (split < 0 || !note.endsWith('\n')) return null;
    const body = note.slice(0, split + 1);
    const lines = body.split('\n').slice(0, -1);
    if (lines.length < 3 || !/^\d+$/.test(lines[1])) return null;
    const rootHash = fromBase64(lines[2]);
    const time = lines.slice(3).find((l) => l.startsWith('time '));
    if (!rootHash || rootHash.length !== 32) return null;
    const signatures = [];
    for (const line of note.slice(split + 2, -1).split('\n')) {
      const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
      const bytes = m && fromBase64(m[2]);
      if (!bytes || bytes.length < 5) return null;
      signatures.push({ name: m[1], keyId: hex(bytes.subarray(0, 4)), signature: bytes.subarray(4) });
    }
    return { body, origin: lines[0], treeSize: Number(lines[1]), rootHash, at: time ? time.slice(5) : null, signatures };
  }

  // ---- RFC 9162 ----

  // The trail's hash (SHA-256, or SM3 in the 国密 profile): chain links, leaves and nodes.
  const leafHash = (env, data) => env.hash(concat(Uint8Array.of(0), data));
  const nodeHash = (env, l, r) => env.hash(concat(Uint8Array.of(1), l, r));

  async function verifyInclusion(env, index, size, leaf, proof, rootHash) {
    if (index >= size) return false;
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of proof) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(env, p, r);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) {
            fn = Math.floor(fn / 2);
            sn = Math.floor(sn / 2);
          }
        }
      } else {
        r = await nodeHash(env, r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && equal(r, rootHash);
  }

  // ---- The bundle ----

  function parseJson(bytes) {
    try {
      return JSON.parse(text.decode(bytes));
    } catch {
      return undefined;
    }
  }

  /**
   * Checks the files of a bundle (path → bytes). `env` gives, as promises, sha256(bytes),
   * hash(algorithm, bytes) and verifySignature(algorithm, rawKey, message, signature), and
   * supports(hash, signature) says whether this platform has the bundle's algorithms. With `trustedKey` (a
   * verifier key obtained elsewhere, e.g. from the discipline commission's copy) the checkpoint
   * must be signed by that key, not merely by the key the bundle carries.
   */
  async function verifyFiles(files, env, options) {
    const opts = options || {};
    const findings = [];
    const error = (file, message, event) => findings.push({ level: 'error', file, event: event || null, message });
    const warning = (file, message, event) => findings.push({ level: 'warning', file, event: event || null, message });
    const summary = { cases: 0, events: 0, proven: 0, unsigned: 0, attachments: 0, filesChecked: 0, checkpoint: null, createdAt: null, query: null, manifestSigned: false };
    // ok: nothing was changed; complete: and everything is proven by signatures.
    const report = () => {
      const ok = !findings.some((f) => f.level === 'error');
      return { ok, complete: ok && summary.manifestSigned && !!summary.checkpoint && summary.unsigned === 0, findings, summary };
    };

    const manifestBytes = files.get(MANIFEST);
    const manifest = manifestBytes && parseJson(manifestBytes);
    if (!manifest || typeof manifest !== 'object' || !Array.isArray(manifest.files)) {
      error(MANIFEST, manifestBytes ? 'manifest.json 不是有效的清单' : '缺少 manifest.json');
      return report();
    }
    summary.createdAt = manifest.createdAt || null;
    summary.query = manifest.query || null;
    const recorded = files.get(MANIFEST_HASH) && text.decode(files.get(MANIFEST_HASH)).trim();
    const manifestHash = hex(await env.sha256(manifestBytes));
    if (recorded !== manifestHash) error(MANIFEST_HASH, `manifest.json 的 SHA-256 为 ${manifestHash}，与 manifest.sha256 记录的 ${recorded || '（缺失）'} 不符`);
    summary.manifestSha256 = manifestHash;
    const algorithm = manifest.hashAlgorithm || 'sha256';
    if (!env.supports(algorithm, manifest.signatureAlgorithm || 'ed25519')) {
      error(MANIFEST, `本证据包使用国密算法（${algorithm} / ${manifest.signatureAlgorithm}），此环境不支持：请在命令行运行 node verify.mjs（Node.js 自带 SM3、SM2）`);
      return report();
    }
    const trail = { ...env, hash: (bytes) => env.hash(algorithm, bytes) };

    const listed = new Set();
    for (const entry of manifest.files) {
      listed.add(entry.path);
      const bytes = files.get(entry.path);
      if (!bytes) {
        error(entry.path, '清单列出的文件缺失');
        continue;
      }
      summary.filesChecked++;
      const actual = hex(await env.sha256(bytes));
      if (actual !== entry.sha256 || bytes.length !== entry.size) error(entry.path, `文件内容与清单不符（SHA-256 应为 ${entry.sha256}，实为 ${actual}）`);
    }
    for (const path of files.keys()) {
      if (path !== MANIFEST && path !== MANIFEST_HASH && path !== MANIFEST_SIG && !listed.has(path)) error(path, '清单未列出的文件');
    }

    // The checkpoint and the key that signed it.
    let checkpoint = null;
    const keysFile = 'checkpoints/keys.json';
    const keyList = files.get(keysFile) ? parseJson(files.get(keysFile)) : undefined;
    const keys = [];
    if (!Array.isArray(keyList)) error(keysFile, '缺少或无法读取签名公钥列表');
    else {
      for (const k of keyList) {
        const key = await parseVerifierKey(k && k.verifierKey, env);
        if (!key) error(keysFile, `公钥 ${k && k.verifierKey} 无效（密钥标识与公钥不符）`);
        else keys.push(key);
      }
    }
    let trusted = null;
    if (opts.trustedKey) {
      trusted = await parseVerifierKey(opts.trustedKey, env);
      if (!trusted) error('（可信公钥）', '您提供的可信公钥格式无效');
    }
    const cp = manifest.checkpoint;
    if (!cp || !cp.file) {
      warning(MANIFEST, '证据包不含签名检查点：事件只能核对哈希链，不能核对签名');
    } else {
      const noteBytes = files.get(cp.file);
      let note;
      try {
        note = noteBytes ? parseNote(text.decode(noteBytes)) : null;
      } catch {
        note = null;
      }
      if (!note) error(cp.file, noteBytes ? '检查点不是有效的签名记录' : '缺少检查点文件');
      else {
        const signer = await signerOf(env, note, trusted ? [trusted] : keys);
        if (!signer) error(cp.file, trusted ? '检查点没有您提供的可信公钥的有效签名' : '检查点签名无效：检查点内容或签名被改动');
        else {
          checkpoint = note;
          summary.checkpoint = { origin: note.origin, treeSize: note.treeSize, at: note.at, keyName: signer.name, verifierKey: signer.verifierKey, trustedKeyGiven: !!trusted };
        }
        if (cp.treeSize !== note.treeSize) error(MANIFEST, `清单记录的检查点大小 ${cp.treeSize} 与检查点文件的 ${note.treeSize} 不符`);
      }
    }

    // The manifest (the question, the cases and their heads, every file's hash) signed by the log's key.
    const sigBytes = files.get(MANIFEST_SIG);
    if (!sigBytes) warning(MANIFEST_SIG, '清单未签名（提取时服务器没有签名密钥）：只能核对证据包内部一致');
    else {
      let note;
      try {
        note = parseSigned(text.decode(sigBytes));
      } catch {
        note = null;
      }
      const signer = note && (await signerOf(env, note, trusted ? [trusted] : keys));
      if (!note || !signer) error(MANIFEST_SIG, trusted ? '清单签名无效，或不是您提供的可信公钥所签' : '清单签名无效：清单或其签名被改动');
      else if (note.body !== `${manifest.format}\n${manifestHash}\n`) error(MANIFEST_SIG, '签名所指的清单哈希与 manifest.json 不符：清单被改动');
      else summary.manifestSigned = true;
    }

    // Events: each one's hash recomputed, each chain linked, each tip held against the case's head.
    const eventsFile = 'events.jsonl';
    const eventsBytes = files.get(eventsFile);
    const chains = new Map();
    const caseInfo = new Map((manifest.cases || []).map((c) => [c.caseId, c]));
    if (!eventsBytes) error(eventsFile, '缺少 events.jsonl');
    else {
      let lines;
      try {
        lines = text.decode(eventsBytes).split('\n');
      } catch {
        lines = null;
        error(eventsFile, 'events.jsonl 不是 UTF-8 文本');
      }
      if (lines && lines[lines.length - 1] === '') lines.pop();
      for (const [i, line] of (lines || []).entries()) {
        let event;
        try {
          event = JSON.parse(line);
        } catch {
          error(eventsFile, `第 ${i + 1} 行不是有效的 JSON`);
          continue;
        }
        const name = `${event.caseCode || event.caseId} 第 ${event.seq} 条（${event.type}）`;
        if (canonical(event) !== line) error(eventsFile, `第 ${i + 1} 行不是规范 JSON（RFC 8785）`, name);
        const body = {};
        for (const f of EVENT_FIELDS) body[f] = event[f];
        const expected = hex(await trail.hash(concat(utf8.encode(String(event.prevHash)), utf8.encode(canonical(body)))));
        if (expected !== event.hash) error(eventsFile, `事件内容与其哈希不符：第 ${i + 1} 行被改动`, name);
        if (!chains.has(event.caseId)) chains.set(event.caseId, []);
        chains.get(event.caseId).push({ event, name, line: i + 1 });
        summary.events++;
      }
    }
    summary.cases = chains.size;
    for (const [caseId, list] of chains) {
      let prev = { seq: 0, hash: GENESIS };
      for (const { event, name, line } of list) {
        if (event.seq !== prev.seq + 1) error(eventsFile, `第 ${line} 行：事件序号应为 ${prev.seq + 1}，实为 ${event.seq}（有事件缺失或被插入）`, name);
        else if (event.prevHash !== prev.hash) error(eventsFile, `第 ${line} 行：前一哈希与上一事件不符（链被改动）`, name);
        prev = event;
      }
      const info = caseInfo.get(caseId);
      if (!info) error(MANIFEST, `清单未记录案件 ${caseId}`);
      else if (info.headSeq !== prev.seq || info.headHash !== prev.hash) {
        error(eventsFile, `案件链尾为第 ${prev.seq} 条，与提取时案件记录的第 ${info.headSeq} 条不符（事件被删除或截断）`, `${info.caseCode} 第 ${prev.seq} 条`);
      }
    }
    for (const info of caseInfo.values()) if (!chains.has(info.caseId)) error(eventsFile, `清单记录的案件 ${info.caseCode} 没有任何事件`);

    // Inclusion proofs up to the signed root.
    for (const [caseId, list] of chains) {
      const info = caseInfo.get(caseId) || { caseCode: caseId };
      const proofFile = `proofs/${info.caseCode}.json`;
      const proofs = files.get(proofFile) ? parseJson(files.get(proofFile)) : undefined;
      if (!proofs || !Array.isArray(proofs.entries)) {
        error(proofFile, '缺少或无法读取包含证明');
        continue;
      }
      const bySeq = new Map(proofs.entries.map((e) => [e.seq, e]));
      const signedAt = checkpoint && Date.parse(checkpoint.at);
      let unsignedBefore = null;
      for (const { event, name } of list) {
        const entry = bySeq.get(event.seq);
        bySeq.delete(event.seq);
        if (!entry || entry.logIndex === null || !checkpoint || entry.logIndex >= checkpoint.treeSize) {
          summary.unsigned++;
          unsignedBefore = unsignedBefore || name;
          // The log is sequenced in each chain's order and within seconds: an old event left out of it had its proof removed.
          if (signedAt && Date.parse(event.at) < signedAt - SEQUENCING_SLACK_MS) error(proofFile, '此事件早于签名检查点，却没有包含证明：证明被删除，或事件被改动', name);
          else warning(proofFile, '尚未被签名检查点覆盖（晚于提取时最新的检查点）：只能核对哈希链', name);
          continue;
        }
        if (unsignedBefore) error(proofFile, `${unsignedBefore} 没有包含证明，而其后的事件有：证明被删除，或事件被改动`, name);
        const path = (entry.path || []).map(fromBase64);
        const leaf = await leafHash(trail, utf8.encode(canonical({ chain: caseId, seq: event.seq, hash: event.hash })));
        if (proofs.caseId !== caseId || path.some((p) => !p || p.length !== 32) || !(await verifyInclusion(trail, entry.logIndex, checkpoint.treeSize, leaf, path, checkpoint.rootHash))) {
          error(proofFile, `包含证明不成立：此事件不是签名检查点（第 ${checkpoint.treeSize} 条）所覆盖日志的第 ${entry.logIndex} 项`, name);
        } else summary.proven++;
      }
      for (const seq of bySeq.keys()) error(proofFile, `第 ${seq} 条事件的证明在 events.jsonl 中没有对应事件`);
    }

    // Attachments: each cited by an event (so the chain covers its hash), each file as hashed.
    const attachmentsFile = 'attachments.json';
    const attachments = files.get(attachmentsFile) ? parseJson(files.get(attachmentsFile)) : undefined;
    if (!Array.isArray(attachments)) error(attachmentsFile, '缺少或无法读取附件清单');
    else {
      for (const a of attachments) {
        summary.attachments++;
        const label = `附件「${a.name}」`;
        const citing = (chains.get(a.caseId) || []).filter(({ event }) =>
          Array.isArray(event.payload && event.payload.attachments) && event.payload.attachments.some((x) => x && x.id === a.id && x.sha256 === a.sha256),
        );
        if (!citing.length) warning(attachmentsFile, `${label}未被任何事件引用：其哈希不在审计链中`);
        if (a.file) {
          const bytes = files.get(a.file);
          if (!bytes) error(a.file, `${label}的文件缺失`);
          else if (hex(await env.sha256(bytes)) !== a.sha256 || bytes.length !== a.size) error(a.file, `${label}的内容与其 SHA-256 不符`, citing[0] && citing[0].name);
        }
      }
    }
    return report();
  }

  async function verifyZip(zip, env, options) {
    const { files, findings } = await readZip(zip, env.inflateRaw);
    const result = await verifyFiles(files, env, options);
    return { ...result, ok: result.ok && !findings.some((f) => f.level === 'error'), findings: [...findings, ...result.findings] };
  }

  const beijing = (iso) => {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? String(iso) : `${new Date(t + 8 * 3600000).toISOString().replace('T', ' ').slice(0, 19)}（北京时间）`;
  };

  /** The report as the Chinese text both verifiers print. */
  function formatReport(r) {
    const s = r.summary;
    const verdict = !r.ok
      ? '验证未通过：证据包被改动或不完整。'
      : r.complete
        ? '验证通过：证据包完整，未发现改动，全部内容都有签名证明。'
        : '未发现改动，但证据包没有完整的签名证明（见下方提示）：只能说明证据包内部一致。';
    const lines = [verdict, ''];
    if (s.createdAt) lines.push(`提取时间：${beijing(s.createdAt)}`);
    if (s.manifestSha256) lines.push(`清单 SHA-256：${s.manifestSha256}`);
    lines.push(`案件 ${s.cases} 件，事件 ${s.events} 条，其中 ${s.proven} 条已由签名检查点证明，${s.unsigned} 条尚未被检查点覆盖；附件 ${s.attachments} 个；核对文件 ${s.filesChecked} 个；清单${s.manifestSigned ? '已签名' : '未签名'}。`);
    if (s.checkpoint) {
      lines.push(`签名检查点：日志 ${s.checkpoint.origin}，共 ${s.checkpoint.treeSize} 条，时间 ${beijing(s.checkpoint.at)}`);
      lines.push(`签名公钥：${s.checkpoint.verifierKey}${s.checkpoint.trustedKeyGiven ? '（与您提供的可信公钥一致）' : '（取自证据包本身：请与纪检监察机关另行保存的公钥核对）'}`);
    }
    const errors = r.findings.filter((f) => f.level === 'error');
    const warnings = r.findings.filter((f) => f.level === 'warning');
    if (errors.length) {
      lines.push('', `发现问题 ${errors.length} 处：`);
      for (const f of errors) lines.push(`  ✗ ${f.file}${f.event ? ` · ${f.event}` : ''}：${f.message}`);
    }
    if (warnings.length) {
      lines.push('', `提示 ${warnings.length} 条：`);
      for (const f of warnings) lines.push(`  ! ${f.file}${f.event ? ` · ${f.event}` : ''}：${f.message}`);
    }
    return lines.join('\n');
  }

  const api = { canonical, crc32, readZip, verifyFiles, verifyZip, formatReport };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.RectifyVerifier = api;
})(globalThis);
