"""The DuckDB store: the only package that holds SQL.

Every function takes a cursor (one per unit of work: DuckDB connections are not shared between
threads) and returns plain data. Observations are append-only: a correction is a new revision;
`current_observations` shows the latest revision of each (indicator, region, year, month).
Writes go through `transaction`, which rolls back on any failure and may be nested.
"""
from indicators.store.backup import backup, restore, table_counts  # noqa: F401
from indicators.store.catalog import (CATALOG_COLUMNS, add_alias, aliases, areas, indicators_with_targets,  # noqa: F401
                                      is_loaded, leads, load_catalog, target_paths)
from indicators.store.db import (CITY, MIGRATIONS, SCHEMA_DIR, StoreError, connect, migrate,  # noqa: F401
                                 schema_version, transaction, writer_waiting)
from indicators.store.supervision import (SUPERVISION_COLUMNS, add_supervision, add_verification, any_unclosed,  # noqa: F401
                                         close_supervision, record_answer, supervision, supervision_steps,
                                         supervisions, unclosed_codes, verification_history, verifications)
from indicators.store.uploads import (commit_upload, lock_month, locked_months, rollback_upload,  # noqa: F401
                                      standing_upload, unlock_month, uploads)
from indicators.store.users import (AUDIT_ACTIONS, AUDIT_HEADERS, USER_COLUMNS, add_session, add_user,  # noqa: F401
                                    audit, audit_log, end_session, end_sessions_of, get_user, list_users,
                                    record_login_failure,
                                    record_login_success, session, set_disabled, set_password, set_role,
                                    touch_session, user_count)
from indicators.store.values import (add_baselines, add_observations, add_upload, baselines,  # noqa: F401
                                     clear_demo, current_observations, current_rows, data_version, demo_retired,
                                     demo_value_count, latest_month, note_history, noted, notes, revisions, shows_demo,
                                     stored_baselines)
