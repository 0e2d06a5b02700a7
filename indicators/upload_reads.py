"""What checking an upload reads of the store whatever the file holds: the catalog with the year's
targets, administrators' name aliases, the demo values' count, the rules' context (report.context) and
which months' 情况说明 are written.

`read` is given to read_file as its `meanwhile`: calamine parses an .xlsx sheet in its own thread,
without Python's lock, for about as long as these reads take, so they cost the clerk no time of their
own where a core is free. They are read for the year the file most likely reports (the year asked
for, else this year); a file of another year has its own read when it is asked for."""
from __future__ import annotations

from indicators import report, store


class StoreReads:
    """The reads of one check, each done once: `read` for the likely year, the others on first need."""

    def __init__(self, cur, year: int):
        self.cur, self.year, self._by_year = cur, year, {}
        self.aliases, self.demo_values = None, 0

    def read(self) -> None:
        """Everything for `year`, once (also when the file was read without a wait to fill)."""
        if self.aliases is None:
            self.aliases, self.demo_values = store.aliases(self.cur), store.demo_value_count(self.cur)
            self._year(self.year)

    def catalog(self, year: int):
        """store.indicators_with_targets(cur, year)."""
        return self._year(year)[0]

    def context(self, year: int) -> dict:
        """report.context of `year`, without demo values when the store holds any (landing clears them)."""
        return self._year(year)[1]

    def noted(self, year: int, month: int) -> set[str]:
        """The codes whose 情况说明 of `year`-`month` the store holds (store.noted)."""
        return {code for code, m in self._year(year)[2] if m == month}

    def _year(self, year: int) -> tuple:
        self.read()
        if year not in self._by_year:
            catalog = store.indicators_with_targets(self.cur, year)
            context = report.context(self.cur, year, without_demo=self.demo_values > 0, catalog=catalog)
            self._by_year[year] = catalog, context, store.noted(self.cur, year)
        return self._by_year[year]
