"""Formal seniority from a job title, in English and Spanish.

CRM exports carry titles, not ranks; the analyses that compare formal rank with real
influence, and white space's "most senior contact", need a rank. :func:`seniority_from_title`
reads the usual cues of a title (``Chief … Officer``, ``VP``, ``Director``, ``Head of``,
``Jefa de``, ``Manager``, ``Senior``…) and takes the highest one, with the exceptions that
matter: an assistant *to* a chief is staff, a ``Director de Tienda`` runs a store (manager),
a ``Managing Director`` (``Mng Dir``) or ``Director General`` runs the company, a deputy is one
rank below, a ``VP & Chief of Staff`` is a VP, and whom a title serves ("… to the CEO",
"Office of the CEO") does not lend it that rank.
It is a heuristic: a seniority set by hand or given by the export always wins over it.

>>> [seniority_from_title(t).value for t in ["Consejera Delegada", "Director of Regulation",
...     "Managing Director", "Jefa de Zona Norte", "Assistant to the CEO", "Comprador Senior"]]
['executive', 'director', 'executive', 'head', 'staff', 'senior']
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Seniority
from ..text import fold

__all__ = ["seniority_from_title"]

_CXO = "ceo cfo coo cio cto cmo cro cdo cpo chro ciso cco cso cao cdio cxo cis"
_EXECUTIVE = [
    *(f" {x} " for x in _CXO.split()),
    " chief executive ",
    " president ",
    " presidente ",
    " presidenta ",
    " chairman ",
    " chairwoman ",
    " chairperson ",
    " chair ",
    " managing director ",
    " general manager ",
    " country manager ",
    " executive director ",
    " director general ",
    " directora general ",
    " director gerente ",
    " directora gerente ",
    " gerente general ",
    " director ejecutivo ",
    " directora ejecutiva ",
    " consejero ",
    " consejera ",
    " managing partner ",
    " socio director ",
    " socia directora ",
    " founder ",
    " cofounder ",
    " co founder ",
    " fundador ",
    " fundadora ",
    " propietario ",
    " propietaria ",
    " director financiero ",
    " directora financiera ",
    " director comercial ",
    " directora comercial ",
    " director tecnico ",
    " directora tecnica ",
]
_VP = [" vp ", " svp ", " evp ", " avp "]
_DIRECTOR = [" director ", " directora ", " dir ", " secretario general ", " secretaria general "]
_HEAD = [
    " head of ",
    " head ",
    " jefe ",
    " jefa ",
    " responsable ",
    " chief ",
    " treasurer ",
    " tesorero ",
    " tesorera ",
    " controller ",
    " company secretary ",
    " general counsel ",
    " chief of staff ",
]
_MANAGER = [" manager ", " mgr ", " gerente ", " encargado ", " encargada ", " matron "]
_SENIOR = [
    " senior ",
    " sr ",
    " snr ",
    " principal ",
    " lead ",
    " leader ",
    " supervisor ",
    " supervisora ",
    " expert ",
    " experto ",
    " experta ",
    " architect ",
    " arquitecto ",
    " arquitecta ",
    " consultant ",
    " ward sister ",
    " charge nurse ",
]
_CUES = [
    (Seniority.executive, _EXECUTIVE),
    (Seniority.vp, _VP),
    (Seniority.director, _DIRECTOR),
    (Seniority.head, _HEAD),
    (Seniority.manager, _MANAGER),
    (Seniority.senior, _SENIOR),
]

#: titles that name a rank but mean less: these win over the cues above
_LESS = [
    (re.compile(r" (?:assistant|asistente|secretary|secretaria|pa|ea) (?:to|de|del|a|al) "), Seniority.staff),
    (re.compile(r" (?:executive|personal) assistant "), Seniority.staff),
    (
        re.compile(
            r" (?:director|directora|jefe|jefa) (?:de |del |de la )?(?:tienda|sucursal|oficina|centro|store|"
            r"branch|restaurante|hotel) "
        ),
        Seniority.manager,
    ),
    (re.compile(r" (?:store|branch|shop) (?:director|manager) "), Seniority.manager),
    (re.compile(r" (?:jefe|jefa) de (?:proyecto|producto|tienda) "), Seniority.manager),
    (re.compile(r" (?:jefe|jefa) de (?:turno|equipo|grupo) "), Seniority.senior),
]
#: "Chief X Officer" in any words (a bare "Chief Pharmacist" heads a function)
_CHIEF = re.compile(r" chief (?!of staff).*\bofficer ")
#: a partner of the firm ("Partner, Tax"; "Socio Director"), not a "Partner Manager" who looks after partners
_PARTNER_START = re.compile(
    r"^ (?:senior |equity |founding )?(?:partner|socio|socia) (?!(?:manager|account|marketing|"
    r"sales|channel|success|development|programs?|programmes?|relations|alliances?|"
    r"enablement|engineer|solutions|operations|ecosystem|integrations?|support|executive|"
    r"director|lead|de canal|comercial)\b)"
)
#: the owner of a company, not of a product, process or budget
_OWNER = re.compile(
    r"(?<!product)(?<!process)(?<!data)(?<!system)(?<!service)(?<!budget)(?<!business)"
    r"(?<!content)(?<!account)(?<!risk)(?<!control)(?<!platform) (?:co )?owner "
)
#: whom a title serves, not what it is: "Chief of Staff to the CEO", "Director, Office of the CEO"
_SERVES = re.compile(
    r" (?:(?:to|para|al|a) (?:the |el |la )?|(?:office|oficina|gabinete) (?:of|de|del) (?:the |la )?)"
    r"(?:group |global |company |deputy |interim )?"
    r"(?:ceo|cfo|coo|cio|cto|md|chair\w*|president\w*|presidente|presidenta|board|"
    r"consejo|direccion|director\w*|managing director|chief executive|vp|svp|evp)\b.*$"
    r"| (?:of )?(?:the )?(?:ceo|cfo|chair\w*|president\w*|md|managing director|group) s office\b.*$"
)
#: a deputy, adjunct or associate is one rank below the title they qualify
_DEPUTY = re.compile(r" (?:deputy|adjunto|adjunta|associate|assistant|vice) ")
#: abbreviations and spellings, to the words the cues above look for (applied in order)
_ALIASES = [
    (re.compile(r" vice ?presid\w* "), " vp "),
    (re.compile(r" v p "), " vp "),
    (re.compile(r" sub ?(director|directora) "), r" deputy \1 "),
    (re.compile(r" co (ceo|founder) "), r" \1 "),
    (re.compile(r" (?:mng|mgn|mang|man|mg|mngt|mgmt) (?:dir|director|dtor|directr) "), " managing director "),
    (re.compile(r" managing dir "), " managing director "),
    (re.compile(r" exec (dir|director) "), " executive director "),
    (re.compile(r" (?:gen|gral|grl) (?:mgr|mngr|manager|mng) "), " general manager "),
    (re.compile(r" (?:dtor|dtora|dir) (?:gral|grl|gnral|gen) "), " director general "),
    (re.compile(r" dtor "), " director "),
    (re.compile(r" dtora "), " directora "),
    (re.compile(r" (?:mngr|mng|mgn|mgr) "), " manager "),
    (re.compile(r" gte "), " gerente "),
    (re.compile(r" (?:asst|ass t) "), " assistant "),
    (re.compile(r" (?:dep|dpty) "), " deputy "),
    (re.compile(r" hd of "), " head of "),
    (re.compile(r" resp "), " responsable "),
    (re.compile(r" (?:snr|sen) "), " senior "),
    (re.compile(r" chf "), " chief "),
]


def _words(title: str) -> str:
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", fold(title)).split()) + " "


@lru_cache(maxsize=8192)  # an export repeats the same few hundred titles
def seniority_from_title(title: str | None) -> Seniority | None:
    """The formal rank a job title implies (``staff`` when it names none); ``None`` for no title.

    >>> seniority_from_title("Directora Financiera (CFO)"), seniority_from_title("Head of Asset Management")
    (<Seniority.executive: 'executive'>, <Seniority.head: 'head'>)
    >>> seniority_from_title("Director de Tienda (Málaga Centro)"), seniority_from_title("Data Engineer")
    (<Seniority.manager: 'manager'>, <Seniority.staff: 'staff'>)
    """
    if not title or not title.strip():
        return None
    t = _words(title)
    for pattern, replacement in _ALIASES:
        t = pattern.sub(replacement, t)
    for pattern, level in _LESS:
        if pattern.search(t):
            return level
    served = _SERVES.sub(" ", t)
    if served.strip():
        t = served
    rank: Seniority | None = None
    if _CHIEF.search(t) or _PARTNER_START.search(t) or _OWNER.search(t):
        rank = Seniority.executive
    for level, cues in _CUES:
        if rank is None and any(c in t for c in cues):
            rank = level
    if rank is None:
        return Seniority.staff
    if rank.rank <= Seniority.manager.rank and _DEPUTY.search(t):
        return list(Seniority)[rank.rank + 1]
    return rank
