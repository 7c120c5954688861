/**
 * The hosted page's style: mobile-first (one column, 360 pixels wide first), system fonts (nothing
 * to download), touch targets of at least 48 pixels, 16-pixel text in fields (no zoom on focus),
 * contrast of at least 4.5:1 for text and 3:1 for controls, a visible focus ring, and no motion for
 * those who asked for none. Inline in the page (render.ts), hashed for its Content-Security-Policy.
 */
export const STYLE = `
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef0f3;color:#161a1f;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:30rem;min-height:100vh;margin:0 auto;padding:1rem 1.25rem 2rem;background:#fff}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem;font-size:.875rem}
.secured{margin:0;color:#3d4550}
a{color:#0041a8}
.lang{padding:.75rem 0 .75rem .75rem}
.order{margin:1rem 0 .5rem;padding:1rem;border-radius:12px;background:#f5f7fa;text-align:center}
.order p{margin:0}
.label,.valid{color:#3d4550;font-size:.875rem}
.amount{font-size:2.25rem;font-weight:700;line-height:1.2;margin:.25rem 0!important}
.description{font-size:1rem}
h1{font-size:1.375rem;line-height:1.3;margin:1.25rem 0 .5rem}
h1:focus{outline:none}
label,legend{display:block;margin:1rem 0 .375rem;font-weight:600}
fieldset{border:0;margin:0;padding:0}
input,select{width:100%;min-height:3rem;padding:.625rem .75rem;border:2px solid #6b7480;border-radius:8px;background:#fff;color:inherit;font:inherit;font-size:1.125rem}
.option{display:flex;align-items:center;gap:.75rem;min-height:3rem;margin:.5rem 0 0;padding:.5rem .75rem;border:2px solid #c5cbd3;border-radius:8px;font-weight:500;cursor:pointer}
.option input{width:1.375rem;height:1.375rem;min-height:0;margin:0;accent-color:#0041a8}
.option:has(input:checked){border-color:#0041a8;background:#eef4ff}
.hint{margin:.375rem 0 0;color:#4a525d;font-size:.875rem}
.error{margin:.5rem 0 0;color:#b3001b;font-weight:600}
.button{display:block;width:100%;min-height:3.25rem;margin:1.25rem 0 0;padding:.75rem 1rem;border:2px solid #0041a8;border-radius:8px;background:#0041a8;color:#fff;font:inherit;font-size:1.125rem;font-weight:600;text-align:center;text-decoration:none;cursor:pointer}
.button.secondary{background:#fff;color:#0041a8;margin-top:.75rem}
.button:disabled{opacity:.7;cursor:progress}
:focus-visible{outline:3px solid #d97a00;outline-offset:2px}
.spinner{width:3rem;height:3rem;margin:1.5rem auto 0;border:.375rem solid #d6dbe1;border-top-color:#0041a8;border-radius:50%;animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){.spinner{animation:none}}
.mark{width:3.5rem;height:3.5rem;margin:1.5rem auto 0;border-radius:50%;background:#0b7a3b;color:#fff;font-size:2rem;line-height:3.5rem;text-align:center}
section{text-align:center}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`.trim();
