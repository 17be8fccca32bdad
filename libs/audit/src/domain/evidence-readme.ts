const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);

const guomiNote = (hash: string, signature: string) => `  4. 本证据包的审计链使用${hash === 'sm3' ? ' SM3 ' : ' SHA-256 '}计算事件哈希、叶子和内部节点，检查点用${signature === 'sm2' ? ' SM2 ' : ' Ed25519 '}签名（文件校验值仍为 SHA-256）。
     浏览器不自带 SM3、SM2，请用 node verify.mjs 验证。
`;

/** The README.txt of an evidence bundle: what it holds, how to check it, what that proves. */
export function bundleReadme(facts: { hashAlgorithm?: string; signatureAlgorithm?: string; origin: string; createdAt: string; createdBy: string; scope: string; cases: number; events: number; treeSize: number | null }): string {
  return `证据包说明（Rectify 审计证据包）
================================

本证据包由 Rectify 于 ${beijing(facts.createdAt)}（北京时间）提取，提取人：${facts.createdBy}。
范围：${facts.scope}。共 ${facts.cases} 件案件、${facts.events} 条审计事件。
审计日志：${facts.origin}；签名检查点覆盖日志前 ${facts.treeSize ?? 0} 条。

一、包内文件
  events.jsonl        每行一条审计事件，为 RFC 8785 规范 JSON（键按字典序、无多余空白）。
                      每个案件的事件按序号排列，构成一条哈希链。
  proofs/<案件编号>.json 每条事件在全局审计日志中的位置（logIndex）及其默克尔包含证明（RFC 9162）。
  checkpoints/<大小>.txt 签名检查点（C2SP tlog-checkpoint 签名记录）：日志大小、根哈希、时间、Ed25519 签名。
  checkpoints/keys.json 签名公钥（名称+标识+公钥 形式的验证公钥，以及 PEM）。
  attachments.json    佐证材料清单：名称、类型、大小、SHA-256，以及引用它的事件。
  attachments/        提取时选择"包含附件文件"才有：附件原文件。
  manifest.json       清单：提取范围、案件及其链尾、每个文件的 SHA-256 与大小。
  manifest.sha256     manifest.json 本身的 SHA-256。
  verify.html         离线验证页面：用浏览器打开，选择本 ZIP 文件或解压后的文件夹。
  verify.mjs          同一验证程序的命令行版本：node verify.mjs [文件夹或 ZIP] [--key 可信公钥]。

二、如何验证
  1. 用浏览器（Chrome、Edge、Firefox、Safari 新版）打开 verify.html，选择证据包 ZIP 文件；
     或在装有 Node.js 18 以上版本的电脑上，在解压后的文件夹中运行：node verify.mjs
  2. 验证程序不联网，只使用浏览器或 Node.js 自带的密码算法，逐项重新计算：
     - 每个文件的 SHA-256 与清单一致，清单与 manifest.sha256 一致，ZIP 结构与 CRC 完整；
     - 每条事件：hash = SHA-256(prevHash 十六进制文本 ‖ 事件字段的规范 JSON)，
       事件字段为 caseId, seq, type, payload, fromState, toState, actorId, actorRole,
       actorUnitId, machineVersion, correlationId, at；
     - 每个案件的链：序号从 1 连续，第 1 条的 prevHash 为 64 个 0，每条的 prevHash 为上一条的 hash，
       链尾与提取时案件记录的链尾（清单 cases 中的 headSeq、headHash）一致；
     - 每条事件的日志叶子 = SHA-256(0x00 ‖ 规范 JSON {chain: 案件ID, seq, hash})，
       按包含证明逐级计算（内部节点 SHA-256(0x01 ‖ 左 ‖ 右)）必须得到签名检查点中的根哈希；
     - 检查点的 Ed25519 签名有效。
  3. 任何一个字节被改动，验证程序都会指出被改动的文件和事件。
${facts.hashAlgorithm === 'sm3' || facts.signatureAlgorithm === 'sm2' ? guomiNote(facts.hashAlgorithm ?? 'sha256', facts.signatureAlgorithm ?? 'ed25519') : ''}

三、验证结果说明了什么
  - 通过：包内每条事件都与提取时审计日志中的记录一致，且这些记录在签名检查点的时间之前已经存在于
    日志中、之后未被改动或删除（改动任何事件都会改变根哈希，而根哈希有签名）。
  - 签名公钥取自证据包本身时，只能说明证据包内部一致。请将验证结果中显示的签名公钥，与纪检监察机关
    另行保存的检查点公钥核对（网页中填入"可信公钥"，或 node verify.mjs --key 名称+标识+公钥）；
    也可将 checkpoints/ 中的检查点与另行保存的检查点副本比对。
  - 清单的 SHA-256 已记入 Rectify 的管理操作审计链（证据包提取事件），可据此核对本证据包确为当时提取的原件。
  - 提示"尚未被签名检查点覆盖"的事件晚于提取时最新的检查点，只能核对哈希链；稍后重新提取即可得到签名证明。
  - 来电人姓名、电话等个人信息不在审计链中，只以加盐的 HMAC 承诺记录，证据包不含这些个人信息。
`;
}
