// The page: the header (language, redaction), the token prompt, and the two pages
// (portfolio at "/", an account at "/account/ID").
import {ApiError, clearError, fill, get, h, money, percent, select, session, setToken, showError} from "./dom.js";
import {lang, setLang, setWords, t} from "./i18n.js";
import {accountPage} from "./account.js";

const main = () => document.getElementById("main");

function header() {
  const bar = document.getElementById("controls");
  bar.replaceChildren(
    h("label", {class: "ctl"}, t("lang"), " ",
      select([["en", "English"], ["es", "Español"]], lang, (v) => { setLang(v); route(); }, {id: "lang"})),
    h("label", {class: "ctl"},
      h("input", {type: "checkbox", id: "redact", checked: session.redact, onchange: (e) => {
        session.redact = e.target.checked;
        sessionStorage.setItem("kamgraph.redact", session.redact ? "1" : "0");
        document.body.classList.toggle("redacted", session.redact);
        route();
      }}), " ", t("redact")),
  );
  document.getElementById("home").textContent = t("portfolio");
  document.body.classList.toggle("redacted", session.redact);
}

function askToken(retry) {
  const input = h("input", {type: "password", id: "token", autocomplete: "off", size: 30});
  const form = h("form", {class: "token", onsubmit: (e) => { e.preventDefault(); setToken(input.value); retry(); }},
    h("h2", {}, t("token_title")), h("p", {}, t("token_help")), input, " ",
    h("button", {type: "submit"}, t("token_go")));
  main().replaceChildren(form);
  input.focus();
}

async function start() {
  try {
    const s = await get("/api/session");
    session.csrf = s.csrf;
    session.readOnly = s.read_only;
    setWords(s.words);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) { askToken(start); return; }
    showError(err);
    return;
  }
  setLang(lang);
  route();
}

export function go(path) {
  history.pushState(null, "", path);
  route();
}

function route() {
  clearError();
  header();
  const m = location.pathname.match(/^\/account\/([^/]+)$/);
  if (m) accountPage(main(), decodeURIComponent(m[1])).catch(showError);
  else portfolioPage(main()).catch(showError);
}

// --- portfolio ------------------------------------------------------------------------

const COLUMNS = [
  ["name", "account", (r) => r.name, "text"],
  ["industry", "industry", (r) => r.industry || "", "text"],
  ["people", "people", (r) => r.people, "num"],
  ["value", "value", (r) => r.value ?? -1, "num"],
  ["opportunities", "open_deals", (r) => r.opportunities, "num"],
  ["pipeline", "pipeline", (r) => r.pipeline ?? -1, "num"],
  ["risk", "risk", (r) => r.risk ?? -1, "num"],
  ["exposure", "at_risk", (r) => r.exposure ?? -1, "num"],
];

async function portfolioPage(el) {
  document.title = `kamgraph · ${t("portfolio")}`;
  el.replaceChildren(h("p", {class: "muted"}, t("loading")));
  const data = await get("/api/portfolio");
  const byAccount = new Map();
  for (const r of data.risk.opportunities) {
    // the value at risk in each deal's own currency: summed per currency, never across them
    const a = byAccount.get(r.account) || {risk: null, exposure: 0, exposure_by_currency: {}};
    a.risk = Math.max(a.risk ?? 0, r.score);
    a.exposure += r.converted_exposure ?? r.exposure;
    const c = r.currency || "";
    a.exposure_by_currency[c] = (a.exposure_by_currency[c] || 0) + r.exposure;
    byAccount.set(r.account, a);
  }
  const rows = data.accounts.map((a) => ({...a, ...(byAccount.get(a.id) || {risk: null, exposure: null})}));
  if (!rows.length) { el.replaceChildren(h("p", {}, t("no_accounts"))); return; }
  let sort = {key: "value", dir: -1};
  const table = h("table", {class: "grid portfolio", id: "portfolio"});
  const draw = () => {
    const col = COLUMNS.find((c) => c[0] === sort.key);
    rows.sort((a, b) => {
      const x = col[2](a), y = col[2](b);
      const c = col[3] === "num" ? x - y : String(x).localeCompare(String(y));
      return c * sort.dir || a.name.localeCompare(b.name);
    });
    table.replaceChildren(
      h("thead", {}, h("tr", {}, COLUMNS.map(([key, word, , kind]) => h("th", {
        class: `${kind} sortable ${sort.key === key ? (sort.dir > 0 ? "asc" : "desc") : ""}`,
        onclick: () => { sort = {key, dir: sort.key === key ? -sort.dir : (kind === "num" ? -1 : 1)}; draw(); },
      }, t(word))))),
      h("tbody", {}, rows.map((r) => h("tr", {class: "link", dataset: {account: r.id},
        onclick: () => go(`/account/${encodeURIComponent(r.id)}`)},
        h("td", {}, h("a", {href: `/account/${encodeURIComponent(r.id)}`, onclick: (e) => e.preventDefault()}, r.name)),
        h("td", {}, r.industry || ""), h("td", {class: "num"}, r.people),
        h("td", {class: "num"}, money(r.value, r.currency)), h("td", {class: "num"}, r.opportunities),
        h("td", {class: "num"}, r.pipeline === null ? Object.entries(r.pipeline_by_currency)
          .map(([c, v]) => money(v, c)).join(" + ") : money(r.pipeline, r.pipeline_currency || r.currency)),
        h("td", {class: "num"}, r.risk === null ? "" : h("span", {class: `score s${Math.min(9, Math.floor(r.risk / 10))}`}, r.risk)),
        h("td", {class: "num at-risk"}, r.exposure === null ? "" : Object.entries(r.exposure_by_currency)
          .map(([c, v]) => money(v, c || r.currency)).join(" + "))))));
  };
  draw();
  const shares = data.risk.by_currency.filter((c) => c.value > 0 && c.accounts > 1).map((c) => h("p", {class: "concentration"},
    t("concentration", {n: c.top_accounts.length, m: c.accounts, names: c.top_accounts.map((a) => a.name).join(", "),
      share: percent(c.top_share), value: money(c.value, c.currency)})));
  fill(el, h("h1", {}, t("portfolio"), " ", h("span", {class: "muted"}, `· ${rows.length} ${t("accounts")}`)),
    ...shares, data.risk.note && !shares.length ? h("p", {class: "concentration muted"},
      data.risk.note[0].toUpperCase() + data.risk.note.slice(1) + ".") : null, table);
}

window.addEventListener("popstate", route);
document.getElementById("home").addEventListener("click", (e) => { e.preventDefault(); go("/"); });
start();
