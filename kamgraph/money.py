"""Amounts in several currencies: what can be added up, and in which currency.

Money is only ever summed or compared within one currency. A :class:`Rates` names a
reporting currency and, for other currencies, how many units of it one unit is worth;
amounts it can convert land in the reporting currency, the others stay in their own.

>>> r = Rates("EUR", {"GBP": 1.17})
>>> r.convert(100, "GBP"), r.convert(100, "EUR"), r.convert(100, "DKK")
(117.0, 100.0, None)
>>> r.bucket("gbp"), r.bucket("DKK")
('EUR', 'DKK')
>>> parse_rates(["GBP=1.17,DKK=0.134"])
{'GBP': 1.17, 'DKK': 0.134}
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping

from .errors import InvalidInput

__all__ = ["RATES_ENV", "Rates", "currency_code", "parse_rates", "format_totals", "rates_from_env", "totals"]

#: Rates from the environment: ``KAMGRAPH_RATES="GBP=1.17,DKK=0.134"``.
RATES_ENV = "KAMGRAPH_RATES"


def currency_code(code: str | None) -> str | None:
    """``' gbp '`` → ``'GBP'``; no currency stays ``None``."""
    if code is None:
        return None
    code = code.strip().upper()
    return code or None


def parse_rates(items: Iterable[str]) -> dict[str, float]:
    """``CUR=FACTOR`` items (each may hold several, comma-separated) → ``{CUR: FACTOR}``;
    a later item overrides an earlier one. FACTOR converts 1 unit of CUR into the
    reporting currency."""
    out: dict[str, float] = {}
    for item in items:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            code, sep, factor = part.partition("=")
            cur = currency_code(code)
            try:
                value = float(factor)
            except ValueError:
                value = math.nan
            if not sep or cur is None or not math.isfinite(value) or value <= 0:
                raise InvalidInput(
                    f"bad rate '{part}': write CUR=FACTOR, e.g. GBP=1.17 "
                    "(1 GBP is worth 1.17 of the reporting currency)"
                )
            out[cur] = value
    return out


def rates_from_env(environ: Mapping[str, str] | None = None) -> dict[str, float]:
    """The rates in ``$KAMGRAPH_RATES`` (none when unset)."""
    text = (os.environ if environ is None else environ).get(RATES_ENV, "")
    try:
        return parse_rates([text])
    except InvalidInput as exc:
        raise InvalidInput(f"${RATES_ENV}: {exc}") from None


class Rates:
    """Conversion into ``currency`` (the reporting currency) with ``rates``: 1 unit of a
    key is worth ``rates[key]`` units of ``currency``. Without a reporting currency nothing
    converts and every amount stays in its own currency."""

    def __init__(self, currency: str | None = None, rates: Mapping[str, float] | None = None):
        self.currency = currency_code(currency)
        self.rates = {currency_code(k): float(v) for k, v in (rates or {}).items()}
        if None in self.rates or any(not math.isfinite(v) or v <= 0 for v in self.rates.values()):
            raise InvalidInput("rates need a currency code and a positive factor each")
        if self.rates and self.currency is None:
            raise InvalidInput("rates convert into a reporting currency: name it (--currency CUR)")
        if self.currency in self.rates and self.rates[self.currency] != 1:
            raise InvalidInput(
                f"{self.currency} is the reporting currency: its rate is 1, not {self.rates[self.currency]:g}"
            )

    def factor(self, currency: str | None) -> float | None:
        """How many reporting units one unit of ``currency`` is worth (``None``: unknown)."""
        cur = currency_code(currency)
        if self.currency is None or cur is None:
            return None
        return 1.0 if cur == self.currency else self.rates.get(cur)

    def convert(self, amount: float, currency: str | None) -> float | None:
        f = self.factor(currency)
        return None if f is None else amount * f

    def bucket(self, currency: str | None) -> str | None:
        """The currency an amount in ``currency`` is added up in: the reporting currency when
        it converts, else its own (``None`` for amounts with no currency)."""
        return self.currency if self.factor(currency) is not None else currency_code(currency)


def totals(amounts: Iterable[tuple[float | None, str | None]], default: str | None = None) -> dict[str, float]:
    """Sums per currency of ``(amount, currency)`` pairs; an amount with no currency of its
    own is in ``default`` (its account's), and one with neither is under ``""``.

    >>> totals([(100, "eur"), (50, None), (20, "GBP")], default="EUR")
    {'EUR': 150.0, 'GBP': 20.0}
    """
    out: dict[str, float] = {}
    for amount, cur in amounts:
        if amount is None:
            continue
        code = currency_code(cur) or currency_code(default) or ""
        out[code] = out.get(code, 0.0) + float(amount)
    return out


def format_totals(sums: Mapping[str, float], fmt: Callable[[float, str | None], str]) -> str:
    """``620,000 EUR + 540,000 GBP``: each currency's sum, formatted by ``fmt``."""
    return " + ".join(fmt(v, c or None) for c, v in sorted(sums.items())) if sums else fmt(0.0, None)
