// An account's page: the toolbar (view, deal, unit, search, export), the map, and the side
// panels (person, routes, risk with what-if, white space). One state object; every change
// redraws what depends on it.
import {clearError, download, fill, fold, get, h, select, showError} from "./dom.js";
import {lang, t} from "./i18n.js";
import {MapView} from "./map.js";
import {cardPanel, riskPanel, routesPanel, spacePanel} from "./panels.js";

export async function accountPage(el, accountId) {
  // one request, one read of the account: its committees, the search list and the first map
  const first = await get(`/api/accounts/${encodeURIComponent(accountId)}/page`, {view: "org", lang});
  const {account: view, people} = first;
  const open = view.opportunities.filter((o) => o.open);
  const state = {
    account: accountId, info: view.account, opportunities: open, people,
    view: "org", opportunity: open[0]?.id || null, unit: null, collapse: null,
    highlight: [], focus: null, selected: null, tab: "person",
    routes: null, route: 0, target: open.length ? "role:economic_buyer" : null, k: 3,
    whatif: false, without: new Set(), map: null,
  };
  document.title = `kamgraph · ${view.account.name}`;

  const mapHost = h("div", {class: "map", id: "map", tabindex: "0"});
  const side = h("aside", {class: "side", id: "side"});
  const toolbar = h("div", {class: "toolbar", id: "toolbar"});
  const subtitle = h("div", {class: "subtitle muted", id: "subtitle"});
  el.replaceChildren(
    h("h1", {}, view.account.name, " ", h("span", {class: "muted"},
      [view.account.industry, `${view.account.people} ${t("people").toLowerCase()}`].filter(Boolean).join(" · "))),
    toolbar, subtitle, h("div", {class: "workspace"}, h("div", {class: "map-wrap"}, mapHost, zoomButtons()), side));

  const mapView = new MapView(mapHost, {
    person: (node) => {
      if (state.whatif && node.kind === "person") {
        state.without.has(node.id) ? state.without.delete(node.id) : state.without.add(node.id);
        mapView.mark("gone", state.without);
        state.tab = "risk";
        panels();
        return;
      }
      state.selected = node.id;
      state.tab = "person";
      mapView.mark("selected", [node.id]);
      panels();
    },
    group: (node) => { if (node.cluster) { state.unit = node.cluster; state.collapse = false; redraw(); } },
    cluster: (c) => {
      if (c.id === "team" || c.id.startsWith("org:")) return;
      state.unit = c.id; state.collapse = false; redraw();
    },
  });

  function zoomButtons() {
    return h("div", {class: "zoom"},
      h("button", {title: t("zoom_in"), "aria-label": t("zoom_in"), onclick: () => mapView.zoom(1 / 1.4)}, "+"),
      h("button", {title: t("zoom_out"), "aria-label": t("zoom_out"), onclick: () => mapView.zoom(1.4)}, "−"),
      h("button", {id: "fit", title: t("fit"), onclick: () => mapView.fit()}, t("fit")));
  }

  function mapQuery() {
    return {view: state.view, opportunity: state.view === "committee" ? state.opportunity : null,
      highlight: [...state.highlight, ...(state.focus && !state.highlight.includes(state.focus) ? [state.focus] : [])],
      unit: state.view === "org" ? state.unit : null,
      collapse: state.collapse === null ? null : (state.collapse ? 1 : 0), lang};
  }

  async function redraw(keepView = false, drawn = null) {
    clearError();
    mapHost.classList.add("busy");
    try {
      const data = drawn || await get(`/api/accounts/${encodeURIComponent(accountId)}/map`, mapQuery());
      state.map = data;
      mapView.show(data, keepView);
      subtitle.textContent = data.subtitle;
      mapView.mark("gone", state.without);
      if (state.selected) mapView.mark("selected", [state.selected]);
      if (state.focus) { mapView.mark("found", [state.focus]); mapView.centre(state.focus); }
      showRoutes();
    } catch (err) {
      showError(err);
    } finally {
      mapHost.classList.remove("busy");
    }
    tools();
  }

  /** The chosen route in the path colour, the other routes' people ringed in dashes. */
  function showRoutes() {
    const chosen = state.routePeople || [];
    mapView.markRoute("on-route", chosen);
    const alt = (state.routes?.paths || []).filter((_, i) => i !== state.route).flatMap((p) => p.people)
      .filter((id) => !chosen.includes(id));
    mapView.mark("alt-route", alt);
  }

  function tools() {
    const deals = state.opportunities.map((o) => [o.id, o.name]);
    fill(toolbar,
      h("label", {class: "ctl"}, t("view"), " ", select(
        [["org", t("view_org")], ["committee", t("view_committee")], ["influence", t("view_influence")]],
        state.view, (v) => { state.view = v; state.unit = null; redraw(); }, {id: "view"})),
      h("label", {class: "ctl"}, t("deal"), " ", deals.length ? select(deals, state.opportunity, (v) => {
        state.opportunity = v; state.without.clear(); state.routes = null; state.highlight = [];
        state.routePeople = null; showRoutes();
        if (state.view === "committee") redraw(); panels();
      }, {id: "deal"}) : h("span", {class: "muted"}, t("no_deal"))),
      state.view === "org" ? h("label", {class: "ctl"}, h("input", {type: "checkbox", id: "collapse",
        checked: state.collapse ?? state.info.people > 40,
        onchange: (e) => { state.collapse = e.target.checked; redraw(); }}), " ", t("collapse")) : null,
      state.unit ? h("button", {id: "whole", onclick: () => { state.unit = null; state.collapse = null; redraw(); }},
        "⟵ ", t("whole")) : null,
      searchBox(),
      h("span", {class: "spacer"}),
      h("span", {class: "ctl"}, t("export"), " ",
        h("button", {id: "export-svg", onclick: () => exportMap("svg")}, "SVG"),
        h("button", {id: "export-png", onclick: () => exportMap("png")}, "PNG"),
        h("button", {id: "export-pptx", onclick: () => download(
          `/api/accounts/${encodeURIComponent(accountId)}/deck.pptx`, {lang, view: state.view === "influence" ? "influence" : "committee"},
          `${accountId}.pptx`).catch(showError)}, t("deck"))),
    );
  }

  function exportMap(fmt) {
    // the route on screen is drawn in bold in the file, whether the page marked it or Graphviz did
    const query = {...mapQuery(), highlight: state.routePeople?.length ? state.routePeople : mapQuery().highlight};
    download(`/api/accounts/${encodeURIComponent(accountId)}/export.${fmt}`, query, `${accountId}-${state.view}.${fmt}`)
      .catch(showError);
  }

  function searchBox() {
    const list = h("ul", {class: "matches", id: "matches", hidden: true});
    const input = h("input", {type: "search", id: "search", placeholder: t("search"), autocomplete: "off",
      oninput: () => {
        const q = fold(input.value.trim());
        if (!q) { list.hidden = true; return; }
        const hits = state.people.filter((p) => fold(p.name).includes(q) || fold(p.title).includes(q)).slice(0, 12);
        list.replaceChildren(...(hits.length ? hits.map((p) => h("li", {dataset: {person: p.id},
          onmousedown: (e) => { e.preventDefault(); choose(p); }},
          h("b", {}, p.name), p.title ? h("span", {class: "muted"}, ` · ${p.title}`) : null))
          : [h("li", {class: "muted"}, t("no_match"))]));
        list.hidden = false;
      },
      onkeydown: (e) => {
        if (e.key === "Enter") { const first = list.querySelector("li[data-person]"); if (first) first.dispatchEvent(new Event("mousedown")); }
        if (e.key === "Escape") list.hidden = true;
      },
      onblur: () => setTimeout(() => { list.hidden = true; }, 150),
    });
    const choose = (p) => {
      list.hidden = true;
      input.value = p.name;
      state.selected = p.id;
      state.tab = "person";
      state.focus = p.id;
      if (mapView.nodeOf(p.id)) {
        mapView.mark("found", [p.id]);
        mapView.mark("selected", [p.id]);
        mapView.centre(p.id);
      } else {
        redraw();  // not drawn (folded away): draw the map again with them on it
      }
      panels();
    };
    return h("span", {class: "search"}, input, list);
  }

  function panels() {
    const tabs = [["person", t("tab_person")], ["routes", t("tab_routes")], ["risk", t("tab_risk")],
      ["space", t("tab_space")]];
    const body = h("div", {class: "panel-body", id: `panel-${state.tab}`});
    side.replaceChildren(h("nav", {class: "tabs"}, tabs.map(([key, label]) => h("button", {
      class: state.tab === key ? "tab on" : "tab", id: `tab-${key}`,
      onclick: () => { state.tab = key; panels(); }}, label))), body);
    const ctx = {state, mapView, redraw, mapQuery, panels, accountId, refresh, showRoutes};
    const run = {person: cardPanel, routes: routesPanel, risk: riskPanel, space: spacePanel}[state.tab];
    run(body, ctx).catch(showError);
  }

  async function refresh() {
    // after an edit: what the map and the panels show may have changed
    state.baseRisk = null;
    const fresh = await get(`/api/accounts/${encodeURIComponent(accountId)}`);
    state.opportunities = fresh.opportunities.filter((o) => o.open);
    await redraw(true);
    panels();
  }

  tools();
  panels();
  await redraw(false, first.map);
}
