"""What must hold however users interleave: a locked month stays locked, targets are an admin's alone,
and a rollback restores only what the rolled-back upload still owns, never later work."""
import pytest

from conftest import YEAR, make_store
from indicators import report, store, upload
from indicators.accounts import User
from test_upload import filled_template, snapshot, targets_file

ADMIN = User("管理员", "admin")
BUREAU = User("统计员", "uploader", "市统计局")


def land(cur, content: bytes, name: str, user: User = BUREAU) -> int:
    return upload.land(cur, upload.prepare(cur, content, name, user=user), user.name, confirmed=True, account=user)


# ---- 0. checks that guard a write run again inside it ------------------------------------------------

def test_a_month_locked_after_the_preview_refuses_the_landing():
    cur = make_store()
    prepared = upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}}), "5月.xlsx", user=BUREAU)
    assert prepared.errors == []
    store.lock_month(cur, YEAR, 5, "管理员")
    before = snapshot(cur)
    with pytest.raises(upload.UploadRefused, match="已审核定稿（锁定）"):
        upload.land(cur, prepared, BUREAU.name, confirmed=True, account=BUREAU)
    assert snapshot(cur) == before


def test_a_user_demoted_after_the_preview_cannot_land_it():
    cur = make_store()
    planner = User("发改员", "uploader", "市发改局")
    prepared = upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}}), "5月.xlsx", user=planner)
    assert prepared.errors == []
    with pytest.raises(upload.UploadRefused, match="无权上报"):
        upload.land(cur, prepared, planner.name, confirmed=True, account=User("发改员", "uploader", "市工信局"))
    assert store.current_observations(cur, YEAR).empty


def test_the_same_file_previewed_twice_lands_once():
    cur = make_store()
    content = filled_template(cur, {"A2-02": {"本期累计值": 31.2}})
    first, second = (upload.prepare(cur, content, "5月.xlsx") for _ in range(2))  # two tabs, one file
    landed = upload.land(cur, first, "甲", confirmed=True)
    before = snapshot(cur)
    with pytest.raises(upload.NothingToWrite, match=f"与第{landed}号上传内容相同（5月.xlsx，"):
        upload.land(cur, second, "乙", confirmed=True)  # re-checked inside the transaction
    assert snapshot(cur) == before


def test_a_rollback_that_touches_a_locked_month_is_refused():
    cur = make_store()
    upload_id = land(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}}), "5月.xlsx")
    store.lock_month(cur, YEAR, 5, "管理员")
    with pytest.raises(store.StoreError, match="涉及已审核定稿（锁定）的 2026年1-5月，不能回退"):
        store.rollback_upload(cur, upload_id, "管理员")
    assert store.current_observations(cur, YEAR)["value"].tolist() == [31.2]


# ---- 1. only admins change targets -------------------------------------------------------------------

@pytest.mark.parametrize("user", [BUREAU, User("发改员", "uploader", "市发改局")], ids=["bureau", "own-rows-only"])
def test_a_targets_file_from_anyone_but_an_admin_is_refused_whole(user):
    cur = make_store()
    own = {"A1-01": {"年度目标": 1}} if user.department == "市发改局" else {"A2-02": {"年度目标": 99}}
    prepared = upload.prepare(cur, targets_file(cur, own), "目标.xlsx", user=user)
    assert any("只能由管理员上传" in p.message for p in prepared.errors)
    with pytest.raises(upload.UploadRefused):
        upload.land(cur, prepared, user.name, confirmed=True, account=user)
    assert cur.execute("SELECT count(*) FROM target_revisions").fetchall()[0][0] == 0


def test_an_admin_sends_targets_and_the_preview_shows_old_and_new():
    cur = make_store()
    prepared = upload.prepare(cur, targets_file(cur, {"A1-01": {"年度目标": 6}}), "目标.xlsx", user=ADMIN)
    assert prepared.errors == []
    assert upload.preview_table(prepared).set_index(["编码", "项目"]).loc[("A1-01", "年度目标"), "原值"] == "5.5"
    upload.land(cur, prepared, ADMIN.name, confirmed=True, account=ADMIN)
    assert store.indicators_with_targets(cur, YEAR).set_index("code").loc["A1-01", "target"] == 6


# ---- 2. a rollback never undoes later work -----------------------------------------------------------

def target_of(cur, code="A2-02"):
    return store.indicators_with_targets(cur, YEAR).set_index("code").loc[code, "target"]


def test_rolling_back_the_middle_of_three_target_changes_keeps_the_last():
    cur = make_store()
    first, second, third = (land(cur, targets_file(cur, {"A2-02": {"年度目标": t}}), f"目标{t}.xlsx", ADMIN)
                            for t in (35, 40, 45))
    assert store.rollback_upload(cur, second, "管理员") == (0, 1)  # 45 is a later upload's: kept
    assert target_of(cur) == 45
    assert store.rollback_upload(cur, third, "管理员") == (1, 0)   # back to what stood before 45: 35
    assert target_of(cur) == 35
    assert first


@pytest.mark.parametrize("kind,first,later,check", [
    ("values", {"A2-02": {"本期累计值": 31.2}}, {"A2-02": {"本期累计值": 33.0}},
     lambda cur: store.current_observations(cur, YEAR).set_index("code").loc["A2-02", "value"]),
    ("notes", {"A2-02": {"本期累计值": 31.2, "情况说明": "汛期延误"}},
     {"A2-02": {"本期累计值": 33.0, "情况说明": "已追上进度"}},
     lambda cur: store.notes(cur, YEAR, 5).set_index("code").loc["A2-02", "text"]),
])
def test_a_later_upload_of_values_and_notes_survives_rolling_back_an_earlier_one(kind, first, later, check):
    cur = make_store()
    earlier = land(cur, filled_template(cur, first), "甲.xlsx")
    land(cur, filled_template(cur, later), "乙.xlsx")
    kept = check(cur)
    restored, unchanged = store.rollback_upload(cur, earlier, "管理员")
    assert check(cur) == kept and unchanged >= 1 and restored == 0


@pytest.mark.parametrize("fills,later,check", [
    ({"A2-02": {"3月": 15, "6月": 33}}, {"A2-02": {"3月": 20}},
     lambda cur: store.target_paths(cur, YEAR)[["month", "cumulative_target"]].values.tolist()),
    ({"A2-02": {"2025年基数": 68.2}}, {"A2-02": {"2025年基数": 70.0}},
     lambda cur: store.baselines(cur, YEAR - 1).set_index("code").loc["A2-02", "value"]),
], ids=["paths", "baselines"])
def test_a_later_targets_file_survives_rolling_back_an_earlier_one(fills, later, check):
    cur = make_store()
    earlier = land(cur, targets_file(cur, fills), "甲.xlsx", ADMIN)
    land(cur, targets_file(cur, later), "乙.xlsx", ADMIN)
    kept = check(cur)
    store.rollback_upload(cur, earlier, "管理员")
    assert check(cur) == kept


def test_rolling_back_the_latest_restores_notes_paths_and_baselines_before_it():
    cur = make_store()
    land(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2, "情况说明": "汛期延误"}}), "甲.xlsx")
    newer = land(cur, filled_template(cur, {"A2-02": {"本期累计值": 33.0, "情况说明": "已追上进度"}}), "乙.xlsx")
    store.rollback_upload(cur, newer, "管理员")
    assert store.notes(cur, YEAR, 5).set_index("code").loc["A2-02", "text"] == "汛期延误"
    land(cur, targets_file(cur, {"A2-02": {"3月": 15, "2025年基数": 68.2}}), "目标甲.xlsx", ADMIN)
    paths = land(cur, targets_file(cur, {"A2-02": {"3月": 20, "2025年基数": 70.0}}), "目标乙.xlsx", ADMIN)
    store.rollback_upload(cur, paths, "管理员")
    assert store.target_paths(cur, YEAR)[["month", "cumulative_target"]].values.tolist() == [[3, 15.0]]
    assert store.baselines(cur, YEAR - 1).set_index("code").loc["A2-02", "value"] == 68.2


def test_an_upload_rolled_back_once_cannot_be_rolled_back_again_nor_its_rollback():
    cur = make_store()
    upload_id = land(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}}), "5月.xlsx")
    store.rollback_upload(cur, upload_id, "管理员")
    with pytest.raises(store.StoreError, match="已于 .* 由 管理员 回退"):
        store.rollback_upload(cur, upload_id, "管理员")
    rollback_id = int(store.uploads(cur)["id"].iloc[0])
    with pytest.raises(store.StoreError, match="本身是回退.*请重新上传原文件"):
        store.rollback_upload(cur, rollback_id, "管理员")
    assert store.current_observations(cur, YEAR).empty


def test_the_rollback_message_says_what_was_restored_and_what_kept(tmp_path, capsys):
    from commands import cli
    db = str(tmp_path / "t.duckdb")
    cli.main(["--db", db, "init"])
    cur = store.connect(db).cursor()
    earlier = land(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}, "A2-03": {"本期累计值": 2.0}}), "甲.xlsx")
    land(cur, filled_template(cur, {"A2-02": {"本期累计值": 33.0}}), "乙.xlsx")
    cur.close()
    capsys.readouterr()
    assert cli.main(["--db", db, "rollback", str(earlier), "--user", "管理员"]) == 0
    assert capsys.readouterr().out.strip() == f"已回退第 {earlier} 号上传：恢复 1 项；1 项其后的上传已修改，保持不变"
    assert report.status_table(store.connect(db).cursor(), YEAR, 5).set_index("code").loc["A2-02", "actual"] == 33.0
