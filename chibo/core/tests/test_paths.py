from chibo.core.paths import STEP, ancestor_paths, parent_path, top_path, unit_path
from chibo.organizations.models import Organization


def test_the_tree_uses_the_step_of_core_paths():
    assert Organization.steplen == STEP == 4


def test_path_arithmetic():
    path = "000100020003"
    assert top_path(path) == "0001"
    assert parent_path(path) == "00010002" and parent_path("0001") == "" == parent_path("")
    assert ancestor_paths(path) == ["0001", "00010002"]
    assert ancestor_paths(path, include_self=True) == ["0001", "00010002", path]
    assert ancestor_paths(path, start="00010002") == ["00010002"]
    assert unit_path(path, "0001") == "00010002"
