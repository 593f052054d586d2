// The page's words in English and Spanish (the maps' own words come from kamgraph/render/i18n.py).
const WORDS = {
  en: {
    portfolio: "Portfolio", accounts: "accounts", account: "Account", industry: "Industry", people: "People",
    value: "Value", open_deals: "Open deals", pipeline: "Open pipeline", risk: "Risk", at_risk: "At risk",
    concentration: "The top {n} of {m} accounts ({names}) hold {share} of the value ({value}).",
    no_accounts: "No accounts yet. Load some with: kamgraph import FILE…",
    view: "View", view_org: "Org chart", view_committee: "Committee", view_influence: "Influence",
    deal: "Deal", no_deal: "no open deal", collapse: "Fold quiet people", whole: "Whole account",
    unit_only: "Unit: {unit}", search: "Search a name or title…", no_match: "Nobody matches",
    fit: "Fit", zoom_in: "Zoom in", zoom_out: "Zoom out", export: "Export", deck: "Deck (PPTX)",
    redact: "Redacted", lang: "Language", loading: "Loading…",
    tab_person: "Person", tab_routes: "Routes", tab_risk: "Risk", tab_space: "White space",
    pick_person: "Click a person on the map to see their card.",
    title: "Title", unit: "Unit", manager: "Manager", reports: "Direct reports", seniority: "Seniority",
    stance: "Stance", influence: "Influence", roles: "Roles", email: "E-mail", last_contact: "Last contact",
    seats: "On the deals", known_by: "Who of ours knows them", nobody: "nobody of ours", notes: "Notes",
    no_notes: "No notes.", strength: "strength", via: "via", primary: "primary contact", closed: "closed",
    changes: "What changed lately", no_history: "Nothing recorded yet.",
    "change.created": "added", "change.removed": "removed", "change.updated": "changed",
    route_here: "Routes to this person", edit: "Edit", save: "Save", saved: "Saved.",
    deal_roles: "Roles on {deal}", deal_stance: "Stance on {deal}", own: "own default",
    add_note: "Add a note", note_text: "What did you learn?", log_contact: "Log a contact",
    contact_by: "Who of ours", contact_date: "On", read_only: "Read-only: edits are off.",
    mark_left: "Mark as left", left_date: "Left on", left_on: "Left on {date}", not_left: "Has not left after all",
    crm_owner: "CRM owner (not a relationship)",
    target: "Target", target_role: "Role on the deal", target_person: "A person", k: "Routes",
    find_routes: "Find routes", probability: "probability", hops: "hops", hop: "hop", no_route: "No route: {why}.",
    is_target: "is the target", route_n: "Route {n}",
    score: "Score", threads: "Threads", coverage: "Coverage", decision_makers: "Decision-makers",
    critical: "Critical contacts", entry: "Our entry points", direct: "direct", reasons: "Why",
    single_points: "Single points", smallest_set: "Smallest set (together)", whatif: "What if…", whatif_on: "Click people on the map to take them out.",
    whatif_off: "Take people out", whatif_reset: "Put everyone back", gone: "Taken out", then_now: "was {n}",
    no_open: "No open deal on this account.",
    space_title: "Units × our products", covered: "Known", most_senior: "Most senior we know",
    dm_covered: "DM known", potential: "Potential", white_space: "white space", no_units: "No units recorded.",
    token_title: "This kamgraph server needs its token", token_help: "Ask whoever started it for the token.",
    token_go: "Open", error: "Error",
    "stance.supporter": "supporter", "stance.neutral": "neutral", "stance.detractor": "detractor",
    "stance.unknown": "unknown", "influence.high": "high", "influence.medium": "medium", "influence.low": "low",
    "influence.": "—",
  },
  es: {
    portfolio: "Cartera", accounts: "cuentas", account: "Cuenta", industry: "Sector", people: "Personas",
    value: "Valor", open_deals: "Oportunidades", pipeline: "Pipeline abierto", risk: "Riesgo", at_risk: "En riesgo",
    concentration: "Las {n} primeras de {m} cuentas ({names}) suman el {share} del valor ({value}).",
    no_accounts: "Aún no hay cuentas. Cárguelas con: kamgraph import FICHERO…",
    view: "Vista", view_org: "Organigrama", view_committee: "Comité", view_influence: "Influencia",
    deal: "Oportunidad", no_deal: "sin oportunidad abierta", collapse: "Plegar a los demás", whole: "Toda la cuenta",
    unit_only: "Unidad: {unit}", search: "Buscar un nombre o cargo…", no_match: "Nadie coincide",
    fit: "Ajustar", zoom_in: "Acercar", zoom_out: "Alejar", export: "Exportar", deck: "Presentación (PPTX)",
    redact: "Anonimizado", lang: "Idioma", loading: "Cargando…",
    tab_person: "Persona", tab_routes: "Rutas", tab_risk: "Riesgo", tab_space: "Espacio en blanco",
    pick_person: "Haga clic en una persona del mapa para ver su ficha.",
    title: "Cargo", unit: "Unidad", manager: "Responsable", reports: "Reportes directos", seniority: "Nivel",
    stance: "Postura", influence: "Influencia", roles: "Roles", email: "Correo", last_contact: "Último contacto",
    seats: "En las oportunidades", known_by: "Quién de los nuestros la conoce", nobody: "nadie de los nuestros",
    notes: "Notas", no_notes: "Sin notas.", strength: "fuerza", via: "vía", primary: "contacto principal",
    closed: "cerrada", changes: "Cambios recientes", no_history: "Nada registrado aún.",
    "change.created": "alta", "change.removed": "baja", "change.updated": "cambio",
    route_here: "Rutas hasta esta persona", edit: "Editar", save: "Guardar", saved: "Guardado.",
    deal_roles: "Roles en {deal}", deal_stance: "Postura en {deal}", own: "la suya por defecto",
    add_note: "Añadir una nota", note_text: "¿Qué ha averiguado?", log_contact: "Registrar un contacto",
    contact_by: "Quién de los nuestros", contact_date: "El", read_only: "Solo lectura: la edición está desactivada.",
    mark_left: "Marcar como salida", left_date: "Se fue el", left_on: "Se fue el {date}", not_left: "No se ha ido",
    crm_owner: "propietario en el CRM (no es una relación)",
    target: "Destino", target_role: "Rol en la oportunidad", target_person: "Una persona", k: "Rutas",
    find_routes: "Buscar rutas", probability: "probabilidad", hops: "saltos", hop: "salto",
    no_route: "Sin ruta: {why}.", is_target: "es el destino", route_n: "Ruta {n}",
    score: "Puntuación", threads: "Hilos", coverage: "Cobertura", decision_makers: "Decisores",
    critical: "Contactos críticos", entry: "Nuestros puntos de entrada", direct: "directo", reasons: "Por qué",
    single_points: "Puntos únicos", smallest_set: "Conjunto mínimo (juntos)", whatif: "¿Y si…?", whatif_on: "Haga clic en personas del mapa para quitarlas.",
    whatif_off: "Quitar personas", whatif_reset: "Volver a ponerlas a todas", gone: "Quitadas", then_now: "antes {n}",
    no_open: "Esta cuenta no tiene oportunidades abiertas.",
    space_title: "Unidades × nuestros productos", covered: "Conocidos", most_senior: "El más alto que conocemos",
    dm_covered: "Decisor conocido", potential: "Potencial", white_space: "espacio en blanco",
    no_units: "No hay unidades registradas.",
    token_title: "Este servidor de kamgraph pide su token", token_help: "Pídaselo a quien lo inició.",
    token_go: "Entrar", error: "Error",
    "stance.supporter": "aliado", "stance.neutral": "neutral", "stance.detractor": "detractor",
    "stance.unknown": "desconocida", "influence.high": "alta", "influence.medium": "media", "influence.low": "baja",
    "influence.": "—",
  },
};

export const ROLES = ["economic_buyer", "decision_maker", "technical_buyer", "user_buyer", "champion", "coach",
  "influencer", "evaluator", "executive_sponsor", "blocker", "gatekeeper", "procurement", "legal"];

const ROLE_WORDS = {
  en: {economic_buyer: "economic buyer", decision_maker: "decision maker", technical_buyer: "technical buyer",
    user_buyer: "user buyer", champion: "champion", coach: "coach", influencer: "influencer", evaluator: "evaluator",
    executive_sponsor: "executive sponsor", blocker: "blocker", gatekeeper: "gatekeeper", procurement: "procurement",
    legal: "legal"},
  es: {economic_buyer: "comprador económico", decision_maker: "decisor", technical_buyer: "comprador técnico",
    user_buyer: "usuario", champion: "campeón", coach: "coach", influencer: "influyente", evaluator: "evaluador",
    executive_sponsor: "patrocinador ejecutivo", blocker: "bloqueador", gatekeeper: "guardián", procurement: "compras",
    legal: "legal"},
};

export let lang = localStorage.getItem("kamgraph.lang") === "es" ? "es" : "en";

export function setLang(value) {
  lang = value === "es" ? "es" : "en";
  localStorage.setItem("kamgraph.lang", lang);
  document.documentElement.lang = lang;
}

/** A word of the page, with {placeholders} filled in. */
export function t(key, vars = {}) {
  const s = WORDS[lang][key] ?? WORDS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ""));
}

// The words of risk reasons, per language: kamgraph/render/i18n_reasons.py's table (the one the
// slides translate from), sent with /api/session.
let REASONS = {reasons: {}, roles: {}};

export function setWords(words) {
  if (words && words.reasons) REASONS = words;
}

/** A risk factor ({points, reason, code, params}) in the page's language, people named by `names`. */
export function reason(factor, names = {}) {
  const table = REASONS.reasons[lang] || REASONS.reasons.en;
  const text = table && table[factor.code];
  if (!text) return `+${factor.points} ${factor.reason}`;
  const roles = REASONS.roles[lang] || {};
  const values = {};
  for (const [key, value] of Object.entries(factor.params || {})) {
    const items = Array.isArray(value) ? value : [value];
    if (key === "roles") values[key] = items.map((r) => roles[r] || r).join(", ");
    else if (key === "person" || key === "through" || key === "people") {
      values[key] = items.map((p) => names[p] || p).join(key === "people" ? ", " : table.and);
    } else values[key] = value;
  }
  return `+${factor.points} ${text.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ""))}`;
}

export function roleName(role) {
  return ROLE_WORDS[lang][role] ?? role;
}
