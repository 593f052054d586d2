// The side panels of an account page: a person's card, routes, risk with what-if, white space.
import {get, h, money, percent, select, session} from "./dom.js";
import {ROLES, reason, roleName, t} from "./i18n.js";
import {editForms} from "./edits.js";

const enc = encodeURIComponent;
const stanceWord = (s) => t(`stance.${s}`);

function row(label, ...value) {
  return h("tr", {}, h("th", {}, label), h("td", {}, ...value));
}

function roles(list) {
  return list.length ? list.map((r) => h("span", {class: `badge role-${r}`}, roleName(r))) : "—";
}

// A value of the change log as text: lists joined, nothing as a dash.
function shown(v) {
  if (v === null || v === undefined) return "—";
  return Array.isArray(v) ? v.join(", ") || "—" : String(v);
}

// What changed lately about a person: the newest entries of `kamgraph history` (same JSON).
async function changesList(ctx, personId) {
  const found = await get(`/api/accounts/${enc(ctx.accountId)}/people/${enc(personId)}/history`, {limit: 8});
  if (!found.changes.length) return h("p", {class: "muted"}, t("no_history"));
  return h("ul", {class: "changes", id: "changes"}, found.changes.map((c) => {
    const what = c.kind === "updated"
      ? [h("b", {}, c.item ? `${c.field} (${c.item})` : c.field), ` ${shown(c.old)} → ${shown(c.new)}`]
      : [h("b", {}, t(`change.${c.kind}`)), c.collection === "people" ? "" : ` ${c.collection} ${c.key}`];
    return h("li", {}, h("span", {class: "muted"}, `${c.at.slice(0, 10)} · `), ...what,
      h("span", {class: "muted"}, ` · ${c.source} · ${c.author}`));
  }));
}

export async function cardPanel(el, ctx) {
  const {state} = ctx;
  if (!state.selected) { el.replaceChildren(h("p", {class: "muted"}, t("pick_person"))); return; }
  const c = await get(`/api/accounts/${enc(ctx.accountId)}/people/${enc(state.selected)}`);
  const known = c.known_by.length ? h("ul", {class: "known"}, c.known_by.map((k) => h("li", {},
    h("b", {}, k.name), k.owner ? ` · ${t("crm_owner")}` : ` · ${t("strength")} ${k.strength.toFixed(2)}`,
    k.last_contact ? ` · ${t("last_contact").toLowerCase()} ${k.last_contact}` : "",
    k.source ? h("span", {class: "muted"}, ` · ${t("via")} ${k.source}`) : null)))
    : h("p", {class: "muted"}, t("nobody"));
  const seats = c.seats.length ? h("ul", {class: "seats"}, c.seats.map((s) => h("li", {},
    h("b", {}, s.name), s.open ? "" : h("span", {class: "muted"}, ` (${t("closed")})`), ": ",
    h("span", {class: `stance stance-${s.stance}`}, stanceWord(s.stance)),
    s.influence ? ` · ${t("influence").toLowerCase()} ${t(`influence.${s.influence}`)}` : "",
    s.primary ? ` · ${t("primary")}` : "", h("div", {}, roles(s.roles))))) : h("p", {class: "muted"}, "—");
  const notes = c.notes.length ? h("ul", {class: "notes"}, c.notes.map((n) => h("li", {},
    n.date ? h("span", {class: "muted"}, `${n.date} · `) : null, n.text))) : h("p", {class: "muted"}, t("no_notes"));
  el.replaceChildren(
    h("div", {class: "card", id: "card"},
      h("h2", {class: "card-name"}, c.name),
      c.title ? h("p", {class: "card-title"}, c.title) : null,
      c.left ? h("p", {class: "card-left", id: "card-left"}, t("left_on", {date: c.left})) : null,
      h("table", {class: "facts"},
        row(t("unit"), c.unit_name || "—"),
        row(t("manager"), c.manager_name || "—"),
        row(t("reports"), String(c.reports)),
        c.seniority ? row(t("seniority"), c.seniority) : null,
        row(t("stance"), h("span", {class: `stance stance-${c.stance}`}, stanceWord(c.stance))),
        row(t("influence"), t(`influence.${c.influence || ""}`)),
        row(t("roles"), roles(c.roles)),
        c.email ? row(t("email"), c.email) : null,
        c.last_contact ? row(t("last_contact"), c.last_contact) : null),
      c.ours ? null : h("button", {id: "route-here", onclick: () => {
        state.target = c.id; state.tab = "routes"; state.routes = null; ctx.panels();
      }}, t("route_here"), " →"),
      h("h3", {}, t("seats")), seats,
      h("h3", {}, t("known_by")), known,
      session.redact ? null : [h("h3", {}, t("notes")), notes],
      h("h3", {}, t("changes")), await changesList(ctx, c.id)),
    c.ours ? "" : editForms(c, ctx));
}

export async function routesPanel(el, ctx) {
  const {state} = ctx;
  const targets = [
    ...(state.opportunity ? ["economic_buyer", "decision_maker", "champion", "technical_buyer", "executive_sponsor"]
      .map((r) => [`role:${r}`, `${t("target_role")}: ${roleName(r)}`]) : []),
    ...state.people.filter((p) => !p.ours).map((p) => [p.id, p.name + (p.title ? ` · ${p.title}` : "")]),
  ];
  if (state.target && !targets.some(([v]) => v === state.target)) state.target = targets[0]?.[0] ?? null;
  const out = h("div", {class: "routes", id: "routes"});
  const find = async () => {
    if (!state.target) return;
    // the map drawn around the best route comes back with the routes: one request for a click
    const {opportunity: mapDeal, highlight: _, ...map} = ctx.mapQuery();
    state.routes = await get(`/api/accounts/${enc(ctx.accountId)}/routes`, {to: state.target, k: state.k,
      opportunity: state.target.startsWith("role:") ? state.opportunity : null, map: 1, map_opportunity: mapDeal,
      ...map});
    state.route = 0;
    show();
    pick(0, state.routes.map);
  };
  const pick = (i, drawn = null) => {
    state.route = i;
    const people = state.routes.paths[i]?.people || [];
    state.routePeople = people;
    state.focus = null;
    for (const li of out.querySelectorAll(".route")) li.classList.toggle("on", Number(li.dataset.n) === i);
    if (!state.highlight.length && ctx.mapView.holdsRoute(people)) {
      // everyone on it is drawn, with a line for each hop: mark it in place (no new layout)
      ctx.showRoutes();
      ctx.mapView.fitTo(people);
    } else {
      // someone on it is folded away or a hop has no line here: draw the map again around it
      state.highlight = people;
      ctx.redraw(true, drawn).then(() => ctx.mapView.fitTo(people));
    }
  };
  const show = () => {
    const r = state.routes;
    if (!r) { out.replaceChildren(); return; }
    if (!r.paths.length) { out.replaceChildren(h("p", {class: "muted"}, t("no_route", {why: r.reason}))); return; }
    out.replaceChildren(h("ol", {class: "route-list"}, r.paths.map((p, i) => h("li", {
      class: i === state.route ? "route on" : "route", dataset: {n: i}, onclick: () => pick(i)},
      h("div", {class: "route-head"}, h("b", {}, p.names.join(" → ")),
        h("span", {class: "prob"}, `${t("probability")} ${p.probability.toFixed(2)} · ${p.hops} ${p.hops === 1 ? t("hop") : t("hops")}`)),
      p.edges.length ? h("ul", {class: "hops"}, p.edges.map((e) => h("li", {}, e.says)))
        : h("p", {class: "muted"}, `${p.names[0]} ${t("is_target")}`)))));
  };
  el.replaceChildren(
    h("label", {class: "ctl block"}, t("target"), " ",
      select(targets, state.target, (v) => { state.target = v; }, {id: "target"})),
    h("label", {class: "ctl"}, t("k"), " ", select([1, 2, 3, 4, 5].map((n) => [String(n), String(n)]),
      String(state.k), (v) => { state.k = Number(v); }, {id: "k"})), " ",
    h("button", {id: "find-routes", onclick: () => find().catch((e) => out.replaceChildren(h("p", {class: "error"}, e.message)))},
      t("find_routes")),
    out);
  show();
}

export async function riskPanel(el, ctx) {
  const {state} = ctx;
  if (!state.opportunity) { el.replaceChildren(h("p", {class: "muted"}, t("no_open"))); return; }
  const path = `/api/opportunities/${enc(state.opportunity)}/risk`;
  // the deal as it stands is fetched once per deal (and again after an edit); a what-if asks only for the change
  if (state.baseRisk?.opportunity !== state.opportunity) state.baseRisk = await get(path);
  const base = state.baseRisk;
  const now = state.without.size ? await get(path, {without: [...state.without]}) : null;
  const r = now || base;
  const was = (a, b) => (now && a !== b ? h("span", {class: "was"}, ` (${t("then_now", {n: b})})`) : null);
  const names = new Map(state.people.map((p) => [p.id, p.name]));
  el.replaceChildren(h("div", {class: "risk", id: "risk"},
    h("h2", {}, r.name, " ", h("span", {class: "muted"}, money(r.amount, r.currency))),
    h("div", {class: "numbers"},
      h("div", {class: "number"}, h("b", {id: "risk-score", class: `score s${Math.min(9, Math.floor(r.score / 10))}`}, r.score),
        h("span", {}, t("score")), was(r.score, base.score)),
      h("div", {class: "number"}, h("b", {id: "risk-threads"}, r.threads), h("span", {}, t("threads")),
        was(r.threads, base.threads)),
      h("div", {class: "number"}, h("b", {id: "risk-coverage"}, percent(r.coverage)), h("span", {}, t("coverage")),
        was(percent(r.coverage), percent(base.coverage)))),
    h("div", {class: "whatif"},
      h("button", {id: "whatif", class: state.whatif ? "on" : "", onclick: () => {
        state.whatif = !state.whatif; ctx.panels(); }}, state.whatif ? `✓ ${t("whatif")}` : t("whatif_off")),
      state.whatif ? h("p", {class: "muted"}, t("whatif_on")) : null,
      state.without.size ? h("p", {id: "gone"}, `${t("gone")}: `, [...state.without].map((id) => h("span", {class: "chip"},
        names.get(id) || id, h("button", {class: "x", "aria-label": "×", onclick: () => {
          state.without.delete(id); ctx.mapView.mark("gone", state.without); ctx.panels(); }}, "×"))),
      h("button", {id: "whatif-reset", onclick: () => { state.without.clear(); ctx.mapView.mark("gone", []); ctx.panels(); }},
        t("whatif_reset"))) : null),
    h("h3", {}, t("reasons")), h("ul", {class: "reasons"}, r.factors.map((f) => h("li", {}, reason(f, r.names)))),
    h("h3", {}, t("decision_makers")),
    h("table", {class: "grid small"}, h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {class: "num"}, t("threads")),
      h("th", {}, t("single_points")), h("th", {}, t("smallest_set")), h("th", {}, t("entry")))),
    h("tbody", {}, r.decision_makers.map((d) => h("tr", {}, h("td", {}, d.name, d.direct ? h("span", {class: "muted"}, ` · ${t("direct")}`) : ""),
      h("td", {class: "num"}, d.threads), h("td", {}, d.single_points.map((c) => names.get(c) || c).join(", ")),
      h("td", {}, d.smallest_set.map((c) => names.get(c) || c).join(", ")),
      h("td", {}, d.entry_points.map((c) => names.get(c) || c).join(", ")))))),
    r.single_points.length ? [h("h3", {}, t("single_points")),
      h("p", {}, r.single_points.map((c) => names.get(c) || c).join(", "))] : null));
  // single points (each alone cuts us off) apart from the people of a smallest set (only together)
  ctx.mapView.mark("critical", r.single_points);
  ctx.mapView.mark("cut", r.critical_contacts.filter((c) => !r.single_points.includes(c)));
}

const STATUS = {active: "●", pilot: "◐", churned: "○", competitor: "✕", none: "·"};

export async function spacePanel(el, ctx) {
  const ws = await get(`/api/accounts/${enc(ctx.accountId)}/whitespace`);
  if (!ws.units.length) { el.replaceChildren(h("p", {class: "muted"}, t("no_units"))); return; }
  el.replaceChildren(h("div", {id: "space"}, h("h2", {}, t("space_title")),
    h("table", {class: "grid small space"},
      h("thead", {}, h("tr", {}, h("th", {}, t("unit")), ws.products.map((p) => h("th", {class: "prod", title: p}, p.replace(/^[a-z]+-/, ""))),
        h("th", {class: "num"}, t("covered")), h("th", {class: "num"}, t("potential")))),
      h("tbody", {}, ws.units.map((u) => h("tr", {class: u.white_space ? "white" : "", title: u.white_space ? t("white_space") : null},
        h("td", {}, u.name, u.most_senior_name ? h("span", {class: "senior"}, `${t("most_senior")}: ${u.most_senior_name}`,
          u.decision_maker_covered ? ` · ${t("dm_covered")}` : "") : null),
        ws.products.map((p) => h("td", {class: `st st-${u.adoption[p]}`, title: u.competitors[p] || u.adoption[p]},
          STATUS[u.adoption[p]] || "")),
        h("td", {class: "num"}, `${u.contacts}/${u.people}`),
        h("td", {class: "num"}, Math.round(u.potential).toLocaleString("en-GB"))))))),
    h("p", {class: "muted legend"}, Object.entries(STATUS).map(([k, v]) => `${v} ${k}`).join("   "),
      " · ", h("span", {class: "tag"}, t("white_space"))));
}

export {ROLES};
