// What every page shares: building elements (text only: nothing a user typed is ever parsed
// as HTML), the API client (token, CSRF token, one error line), and folding for search.

/** An element: h("td", {class: "x", onclick: f}, "text", child…). Strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "value" || k === "checked" || k === "selected" || k === "disabled") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replace an element's children, leaving out null, undefined and false. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

/** Case- and accent-blind form of a text: "Núñez" → "nunez". */
export function fold(s) {
  return (s || "").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) return "";
  const n = Math.round(amount).toLocaleString("en-GB");
  return currency ? `${n} ${currency}` : n;
}

export function percent(x) {
  return x === null || x === undefined ? "" : `${Math.round(x * 100)}%`;
}

export const session = {csrf: null, readOnly: true, redact: sessionStorage.getItem("kamgraph.redact") === "1"};

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function token() { return sessionStorage.getItem("kamgraph.token") || ""; }

export function setToken(value) { sessionStorage.setItem("kamgraph.token", value); }

/** GET an API path (query values may be arrays: repeated parameters). */
export async function get(path, query = {}) {
  const res = await fetch(url(path, query), {headers: {"X-Kamgraph-Token": token()}});
  return answer(res);
}

export function url(path, query = {}) {
  const q = new URLSearchParams();
  if (session.redact) q.append("redact", "1");
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === "") continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** POST a JSON edit with the CSRF token. */
export async function post(path, body) {
  const res = await fetch(path, {
    method: "POST", body: JSON.stringify(body),
    headers: {"Content-Type": "application/json", "X-CSRF-Token": session.csrf || "", "X-Kamgraph-Token": token()},
  });
  return answer(res);
}

/** A file from the API, saved by the browser under its own name. */
export async function download(path, query, name) {
  const res = await fetch(url(path, query), {headers: {"X-Kamgraph-Token": token()}});
  if (!res.ok) return answer(res);
  const blob = await res.blob();
  const a = h("a", {href: URL.createObjectURL(blob), download: name});
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function answer(res) {
  const type = res.headers.get("content-type") || "";
  const data = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(res.status, (data && data.error) || `HTTP ${res.status}`);
  return data;
}

/** Show one error line at the top of the page (and keep it until the next action). */
export function showError(err) {
  const bar = document.getElementById("error");
  bar.textContent = err instanceof Error ? err.message : String(err);
  bar.hidden = false;
}

export function clearError() {
  const bar = document.getElementById("error");
  bar.hidden = true;
  bar.textContent = "";
}

/** A <select> of (value, label) pairs. */
export function select(options, value, onchange, attrs = {}) {
  return h("select", {...attrs, onchange: (e) => onchange(e.target.value)},
    options.map(([v, label]) => h("option", {value: v, selected: v === value}, label)));
}
