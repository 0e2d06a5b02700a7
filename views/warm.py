"""The first page after sign-in without a cold start. When the server starts (st.App's lifespan), a
background thread imports the pages' code (pandas, plotly, the charts) and computes what 总览 reads for
the latest month, so the first person to sign in waits for neither; then it starts the Chromium that draws
exported images, so the first deck does not wait for it either. A failure here costs only speed."""
from __future__ import annotations

import contextlib
import logging
import threading

LOG = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def lifespan(app):
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    yield None


def warm_up() -> None:
    try:
        from charts import images
        from views import shared, widgets  # noqa: F401 - imported for the pages, which import them too
        shared.fill_caches()
        images.start()
    except Exception:  # noqa: BLE001 - the pages compute the same on their first run
        LOG.exception("启动预热未完成（不影响使用，首个页面会稍慢）")
