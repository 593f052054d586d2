"""How a record read from a CRM meets the same record in the store: the CRM's values win
where it holds one; what it does not hold (set by hand or by another source) is kept."""

from __future__ import annotations

from ...model import Note, Opportunity, Person, Role, Seniority
from ...trusted import trusted
from ..titles import seniority_from_title

__all__ = ["crm_note", "merge_opportunity", "merge_person", "seniority"]


def seniority(old: Person | None, given: Seniority | None, title: str | None) -> Seniority | None:
    """A person's seniority after an import: the export's own (``given``, from a column the
    ``--map`` file names); else the store's when it was set by hand (it differs from what the
    store's title implies); else what ``title`` implies.

    >>> seniority(None, None, "Jefa de Compras"), seniority(None, Seniority.vp, "Jefa de Compras")
    (<Seniority.head: 'head'>, <Seniority.vp: 'vp'>)
    >>> promoted = Person(id="p", name="P", org="o", title="Manager", seniority="manager")
    >>> seniority(promoted, None, "Director of Sales")  # it followed the title: it still does
    <Seniority.director: 'director'>
    >>> by_hand = promoted.model_copy(update={"seniority": Seniority.vp})
    >>> seniority(by_hand, None, "Director of Sales")  # set by hand: kept
    <Seniority.vp: 'vp'>
    """
    if given is not None:
        return given
    if old is not None and old.seniority is not None and old.seniority != seniority_from_title(old.title):
        return old.seniority
    return seniority_from_title(title) or (old.seniority if old is not None else None)


def merge_opportunity(old: Opportunity, new: Opportunity, committee_from: str | None = None) -> Opportunity:
    """The CRM's fields, with the store's notes and empty seats.

    With ``committee_from`` (the CRM whose contact roles were read for this opportunity) the
    committee mirrors the CRM: its seats come from ``new`` (roles and primary flag from the
    CRM, stance, influence and mode kept from the store), the seats that CRM gave before and
    no longer lists leave, and seats set by hand (no ``source``) stay. Otherwise the store's
    committee is kept as it is.

    >>> from kamgraph.model import Membership as M
    >>> old = Opportunity(id="o", account="a", name="O", committee=[
    ...     M(person="cfo", roles=["economic_buyer"], stance="detractor", source="salesforce"),
    ...     M(person="cto", roles=["technical_buyer"], source="salesforce"), M(person="coach", roles=["coach"])])
    >>> new = old.model_copy(update={"committee": [M(person="cfo", roles=["decision_maker"], source="salesforce")]})
    >>> [(m.person, [r.value for r in m.roles], m.stance) for m in merge_opportunity(old, new, "salesforce").committee]
    [('cfo', ['decision_maker'], <Stance.detractor: 'detractor'>), ('coach', ['coach'], None)]
    """
    committee = old.committee
    if committee_from is not None:
        before = {m.person: m for m in old.committee}
        committee = []
        for m in new.committee:
            o = before.pop(m.person, None)
            committee.append(
                m if o is None else o.model_copy(update={"roles": m.roles, "primary": m.primary, "source": m.source})
            )
        committee += [o for o in before.values() if o.source != committee_from]
    notes = list(old.notes) + [n for n in new.notes if n.text not in {x.text for x in old.notes}]
    return old.model_copy(
        update={
            "account": new.account,
            "name": new.name,
            "stage": new.stage,
            "amount": new.amount,
            "currency": new.currency,
            "close_date": new.close_date,
            "is_open": new.is_open,
            "committee": committee,
            "notes": notes,
            "ids": {**old.ids, **new.ids},
        }
    )


#: Each role's place in :class:`Role`'s order (how a person's roles are sorted).
_ROLE_RANK = {r: n for n, r in enumerate(Role)}


def merge_person(old: Person | None, new: Person) -> Person:
    """The CRM's values from ``new`` where it has one (an empty cell does not erase what the
    store knows, from another source or by hand); roles, stance, influence, notes and other
    sources' ids kept from ``old``; the later of the two last-contact dates; the seniority
    of :func:`seniority`. With nothing stored, ``new`` itself (a record the reader has just
    built) is returned with that seniority set: copying a hundred thousand contacts cost more
    than reading them."""
    rank = seniority(old, new.seniority, new.title or (old.title if old is not None else None))
    if old is None:
        new.seniority = rank
        return new
    dates = [d for d in (old.last_contact, new.last_contact) if d]
    notes = list(old.notes)
    if new.notes:
        had = {x.text for x in old.notes}
        notes += [n for n in new.notes if n.text not in had]
    was, now = old.__dict__, new.__dict__
    update = {
        "name": new.name,
        "org": new.org,
        "unit": now["unit"] or was["unit"],
        "title": now["title"] or was["title"],
        "email": now["email"] or was["email"],
        "phone": now["phone"] or was["phone"],
        "reports_to": now["reports_to"] or was["reports_to"],
        "url": now["url"] or was["url"],
        "influence": now["influence"] or was["influence"],
        "seniority": rank,
        "stance": new.stance if new.stance.value != "unknown" else old.stance,
        # no role new and at most one stored: that one (no set to sort)
        "roles": (
            sorted(set(old.roles) | set(new.roles), key=_ROLE_RANK.__getitem__)
            if new.roles or len(old.roles) > 1
            else list(old.roles)
        ),
        "last_contact": max(dates) if dates else None,
        "ids": {**old.ids, **new.ids},
        "notes": notes,
    }
    # old.model_copy(update=update), without its layers of calls (a re-import merges every
    # contact): the stored values, these in their place, the fields set and these
    return trusted(Person, {**was, **update}, old.model_fields_set | update.keys())


def crm_note(text: str) -> Note:
    return Note(text=text)
