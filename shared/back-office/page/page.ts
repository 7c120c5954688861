/**
 * The back office's page: one HTML answer with its style and script inline (like the hosted
 * checkout page, docs/decisions.md, decision 48), fixed for the life of a deployment, holding no
 * data: the script asks the operator routes for everything, with the operator's token. Mobile
 * first (one column at 360 px, tables become cards), a wide layout on a laptop, system fonts.
 */
import { createHash } from 'node:crypto';
import { API_BASE_PATH } from '../../../lib/routes.ts';
import { MESSAGES } from './messages.ts';
import { runBackOffice } from './script.ts';

export const STYLE = `
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef0f3;color:#161a1f;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
a{color:#0041a8}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.5rem 1rem;background:#10243e;color:#fff}
.bar a,.bar button{color:#fff}
.bar strong{font-size:1.05rem}
.bar nav{display:flex;gap:1rem;flex:1}
.bar nav a{padding:.5rem 0;text-decoration:none;border-bottom:3px solid transparent}
.bar nav a[aria-current=page]{border-bottom-color:#ffb347}
.tools{display:flex;align-items:center;gap:.75rem;font-size:.875rem}
.tools button{min-height:2.5rem;padding:.25rem .75rem;border:1px solid #8aa0bd;border-radius:6px;background:transparent;font:inherit;cursor:pointer}
main{max-width:75rem;margin:0 auto;padding:1rem}
h1{font-size:1.375rem;margin:.5rem 0 1rem}
h1:focus{outline:none}
h2{font-size:1.1rem;margin:0 0 .75rem}
.fold{padding:0}
.fold summary{padding:1rem;font-weight:700;font-size:1.05rem;cursor:pointer}
.fold .filters{margin:0;padding:0 1rem 1rem;box-shadow:none}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.card{margin:0 0 1rem;padding:1rem;border-radius:10px;background:#fff;box-shadow:0 1px 2px #0002}
.narrow{max-width:32rem;margin:2rem auto}
label{display:block;margin:0 0 .25rem;font-weight:600;font-size:.875rem}
input,select,textarea{width:100%;min-height:2.75rem;padding:.5rem .625rem;border:2px solid #6b7480;border-radius:6px;background:#fff;color:inherit;font:inherit;font-size:1rem}
textarea{font-family:ui-monospace,monospace;font-size:.8rem}
.row{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}
.row>input{flex:1 1 14rem}
.row .field{flex:0 1 12rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:.75rem;margin-bottom:.75rem}
.button{min-height:2.75rem;padding:.5rem 1rem;border:2px solid #0041a8;border-radius:6px;background:#0041a8;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.button.secondary{background:#fff;color:#0041a8}
.button:disabled{opacity:.6;cursor:progress}
.narrow .button{width:100%;margin-top:1rem}
:focus-visible{outline:3px solid #d97a00;outline-offset:2px}
.hint{color:#4a525d;font-size:.875rem;margin:.5rem 0 0}
.error{color:#b3001b;font-weight:600}
.notice{padding:.75rem 1rem;border-radius:8px;background:#e3f4e9;color:#0b5a2c;font-weight:600}
.count{margin:.25rem 0 .75rem}
.empty{padding:1rem;background:#fff;border-radius:10px}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{padding:.5rem .625rem;border-bottom:1px solid #dde1e6;text-align:left;vertical-align:top}
thead th{font-size:.8rem;color:#3d4550;text-transform:uppercase;letter-spacing:.02em}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.mono,.mono-title{font-family:ui-monospace,monospace;word-break:break-all}
.mono-title{font-size:1.05rem}
.matched{display:block;color:#4a525d}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.8rem;font-weight:700;white-space:nowrap}
.s-successful,.s-paid{background:#dcf3e4;color:#0b5a2c}
.s-failed{background:#fde2e4;color:#8f0016}
.s-pending,.s-open{background:#fff1d6;color:#7a4a00}
.s-expired,.s-canceled{background:#e6e8eb;color:#3d4550}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
.facts dt{font-weight:600;color:#3d4550}
.facts dd{margin:0;overflow-wrap:anywhere}
.back{display:inline-block;margin:.25rem 0}
.timeline{list-style:none;margin:0;padding:0 0 0 1rem;border-left:3px solid #c5cbd3}
.timeline li{position:relative;margin:0 0 .875rem;padding-left:.75rem}
.timeline li::before{content:"";position:absolute;left:-1.55rem;top:.4rem;width:.75rem;height:.75rem;border-radius:50%;background:#0041a8}
.timeline .k-webhook::before{background:#7a3db8}
.timeline .k-notification::before{background:#0b7a3b}
.timeline .k-checkout::before,.timeline .k-retry::before{background:#d97a00}
.timeline .k-status_reads::before{background:#6b7480}
.timeline .k-refund::before{background:#b8005c}
.refund{margin-top:1rem;border-top:1px solid #e1e5ea;padding-top:.5rem}
.refund h3{font-size:1rem;margin:0 0 .5rem}
.timeline time{display:block;font-size:.8rem;color:#4a525d}
.timeline .details{display:block;font-size:.85rem;color:#3d4550;word-break:break-word}
svg{display:block;width:100%;height:auto;max-height:15rem}
svg .bar{fill:#0041a8}
svg .axis{stroke:#6b7480}
svg text{font-size:13px;fill:#3d4550;text-anchor:middle}
dialog{max-width:28rem;border:0;border-radius:10px;padding:1.25rem;box-shadow:0 8px 30px #0004}
dialog::backdrop{background:#0006}
dialog form{display:flex;gap:.75rem;justify-content:flex-end}
@media (max-width:40rem){
  main{padding:.75rem}
  .bar nav{order:3;flex-basis:100%}
  table.payments thead,table.health thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
  table.payments,table.payments tbody,table.payments tr,table.payments td,table.health,table.health tbody,table.health tr,table.health td,table.health th{display:block;width:100%}
  table.payments tr,table.health tr{margin:0 0 .75rem;padding:.5rem .75rem;border-radius:10px;background:#fff;box-shadow:0 1px 2px #0002}
  table.payments td,table.health td{display:flex;justify-content:space-between;gap:1rem;padding:.3rem 0;border:0;text-align:right}
  table.payments td::before,table.health td::before{content:attr(data-label);flex:none;font-weight:600;color:#3d4550;text-align:left}
  table.payments td{overflow-wrap:anywhere}
  table.health td::before{flex:0 1 auto}
  .facts{grid-template-columns:1fr;gap:0}
  .facts dd{margin:0 0 .5rem}
  table.payments,table.health{background:transparent}
  table.health th{border:0;padding:.25rem 0}
  .row .field{flex:1 1 100%}
  .row .button{flex:1 1 100%}
}
`;

const boot = { base: API_BASE_PATH, messages: MESSAGES };

// `<` escaped: no text in the data can end the script element.
export const PAGE_SCRIPT = `(${runBackOffice.toString()})(${JSON.stringify(boot).replace(/</g, '\\u003c')})`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256(PAGE_SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The whole page; its text is the script's, in the operator's language (French first). */
export const PAGE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${MESSAGES.fr.title}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="bar">
<strong data-t="brand">${MESSAGES.fr.brand}</strong>
<nav><a href="#/payments" data-t="navPayments">${MESSAGES.fr.navPayments}</a><a href="#/networks" data-t="navNetworks">${MESSAGES.fr.navNetworks}</a></nav>
<div class="tools"><span id="who"></span><button id="lang" type="button" data-t="otherLang">${MESSAGES.fr.otherLang}</button><button id="signout" type="button" data-t="signOut" hidden>${MESSAGES.fr.signOut}</button></div>
</header>
<main id="app"><noscript>Le back office a besoin de JavaScript. The back office needs JavaScript.</noscript></main>
<dialog id="confirm"><p></p><form method="dialog"><button class="button secondary" value="no"></button><button class="button" value="yes"></button></form></dialog>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
