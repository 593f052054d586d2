// Edits from a person's card: their stance and influence, their roles and stance on the
// chosen deal, a note, a contact. Each is one POST; the server validates it as an import.
import {h, post, select, session} from "./dom.js";
import {ROLES, roleName, t} from "./i18n.js";

const enc = encodeURIComponent;
const STANCES = ["supporter", "neutral", "detractor", "unknown"];
const LEVELS = ["high", "medium", "low"];

export function editForms(card, ctx) {
  if (session.readOnly) return h("p", {class: "muted read-only"}, t("read_only"));
  const {state} = ctx;
  // a saved edit redraws the card: the word "Saved." is carried over to the new one
  const status = h("p", {class: "status", id: "edit-status", role: "status"}, state.flash || "");
  state.flash = null;
  const send = async (path, body) => {
    status.className = "status";
    status.textContent = "…";
    try {
      await post(path, body);
      state.flash = t("saved");
      await ctx.refresh();
    } catch (err) {
      status.className = "status error";
      status.textContent = err.message;
    }
  };

  let stance = card.stance, influence = card.influence || "";
  const own = h("form", {class: "edit", id: "edit-person", onsubmit: (e) => {
    e.preventDefault();
    send(`/api/people/${enc(card.id)}`, {stance, influence: influence || null});
  }},
  h("label", {}, t("stance"), " ", select(STANCES.map((s) => [s, t(`stance.${s}`)]), stance, (v) => { stance = v; },
    {id: "edit-stance"})),
  h("label", {}, t("influence"), " ", select([["", "—"], ...LEVELS.map((s) => [s, t(`influence.${s}`)])], influence,
    (v) => { influence = v; }, {id: "edit-influence"})),
  h("button", {type: "submit"}, t("save")));

  const deal = state.opportunities.find((o) => o.id === state.opportunity);
  let dealForm = null;
  if (deal) {
    const seat = card.seats.find((s) => s.opportunity === deal.id);
    const chosen = new Set(seat ? seat.roles : []);
    let dealStance = "";
    dealForm = h("form", {class: "edit", id: "edit-seat", onsubmit: (e) => {
      e.preventDefault();
      const body = {roles: ROLES.filter((r) => chosen.has(r))};
      if (dealStance) body.stance = dealStance;
      send(`/api/opportunities/${enc(deal.id)}/seats/${enc(card.id)}`, body);
    }},
    h("fieldset", {}, h("legend", {}, t("deal_roles", {deal: deal.name})),
      ROLES.map((r) => h("label", {class: "check"}, h("input", {type: "checkbox", value: r, checked: chosen.has(r),
        onchange: (e) => { e.target.checked ? chosen.add(r) : chosen.delete(r); }}), " ", roleName(r)))),
    h("label", {}, t("deal_stance", {deal: deal.name}), " ", select([["", t("own")], ...STANCES.map((s) => [s, t(`stance.${s}`)])],
      "", (v) => { dealStance = v; }, {id: "edit-deal-stance"})),
    h("button", {type: "submit"}, t("save")));
  }

  const text = h("textarea", {id: "note-text", rows: 2, placeholder: t("note_text")});
  const note = h("form", {class: "edit", id: "edit-note", onsubmit: (e) => {
    e.preventDefault();
    send("/api/notes", {record: card.id, text: text.value});
  }}, h("label", {}, t("add_note")), text, h("button", {type: "submit"}, t("save")));

  const team = state.people.filter((p) => p.ours);
  let by = team[0]?.id || "";
  const date = h("input", {type: "date", id: "contact-date"});
  const contact = team.length ? h("form", {class: "edit", id: "edit-contact", onsubmit: (e) => {
    e.preventDefault();
    send("/api/contacts", {person: card.id, by, date: date.value || null});
  }}, h("label", {}, t("log_contact")),
  h("label", {}, t("contact_by"), " ", select(team.map((p) => [p.id, p.name]), by, (v) => { by = v; }, {id: "contact-by"})),
  h("label", {}, t("contact_date"), " ", date), h("button", {type: "submit"}, t("save"))) : null;

  const leftDate = h("input", {type: "date", id: "left-date"});
  const left = card.left
    ? h("form", {class: "edit", id: "edit-left", onsubmit: (e) => {
      e.preventDefault();
      send(`/api/people/${enc(card.id)}/left`, {undo: true});
    }}, h("button", {type: "submit", id: "not-left"}, t("not_left")))
    : h("form", {class: "edit", id: "edit-left", onsubmit: (e) => {
      e.preventDefault();
      send(`/api/people/${enc(card.id)}/left`, {date: leftDate.value || null});
    }}, h("label", {}, t("left_date"), " ", leftDate), h("button", {type: "submit", id: "mark-left"}, t("mark_left")));

  return h("details", {class: "edits", id: "edits", open: true}, h("summary", {}, t("edit")), status, own, dealForm,
    note, contact, left);
}
