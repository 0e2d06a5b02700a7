"""One factory for stores: in-memory DuckDB with the shipped catalog, optionally demo data."""
import pandas as pd
import pytest

from indicators import catalog, demo, settings, store

YEAR = settings.get().year


def make_store(path=":memory:", with_demo=False, indicators=None):
    """A cursor on a fresh store; `indicators` limits the catalog to those codes."""
    frame = catalog.read_catalog()
    if indicators is not None:
        frame = frame[frame["code"].isin(indicators)]
    con = store.connect(path)
    cur = con.cursor()
    store.load_catalog(cur, frame, catalog.load_areas(), YEAR)
    if with_demo:
        demo.load(cur, store.indicators_with_targets(cur, YEAR), settings.get().demo_seed)
    return cur


def observations(*rows):
    """DataFrame from (code, year, month, value[, text]) tuples."""
    return pd.DataFrame([r if len(r) == 5 else (*r, None) for r in rows],
                        columns=["code", "year", "month", "value", "text"])


def land_target_path(cur, code: str, year: int, path: dict[int, float | None]) -> int:
    """Land a monthly target path (month -> cumulative target) the way an upload of the targets
    template lands it: through store.commit_upload, with no values."""
    paths = pd.DataFrame([(code, year, month, value) for month, value in sorted(path.items())],
                         columns=["code", "year", "month", "cumulative_target"])
    no_values = pd.DataFrame(columns=["code", "year", "month", "value", "text", "change"])
    meta = {"filename": "分月目标.xlsx", "uploaded_by": "测试", "sha256": "paths"}
    return store.commit_upload(cur, meta, no_values, b"", paths=paths)


def write_note(cur, code: str, year: int, month: int, text: str, author: str) -> None:
    """A 情况说明 standing in the store beside demo values: a state the dashboard itself never writes (a real
    upload with notes clears the demo values first), which tests of how notes are shown need."""
    cur.execute("INSERT INTO notes VALUES (?, '全市', ?, ?, ?, ?, now(), NULL)", [code, year, month, text, author])


@pytest.fixture
def cur():
    return make_store()


@pytest.fixture
def demo_cur():
    return make_store(with_demo=True)


@pytest.fixture
def rendered(monkeypatch):
    """How many figures each image batch asked Chromium for, starting with no kept image."""
    from charts import images

    images.forget_images()
    counts, render = [], images._Renderer.render

    def counted(self, figures, *args, **kwargs):
        counts.append(len(figures))
        return render(self, figures, *args, **kwargs)
    monkeypatch.setattr(images._Renderer, "render", counted)
    return counts
