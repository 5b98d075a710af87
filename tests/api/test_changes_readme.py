"""The sync loop README.md shows for `/api/v1/changes/`, run as written against a live server: a client that
applies its upserts and tombstones ends with exactly what it may read, after a deletion and a downgrade too."""

import re
from pathlib import Path

import pytest

from decisions.models import Action
from decisions.selectors import decision_get_by_reference
from decisions.selectors.visibility import (
    PUBLIC_SCOPE,
    action_list_visible,
    decision_list_visible,
    meeting_list_visible,
    update_list_visible,
)
from decisions.services.actions import action_create, action_delete, action_update
from members.models import Party

pytestmark = pytest.mark.django_db(transaction=True)

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_sync_loop() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    (loop,) = [block for block in blocks if "/changes/" in block]
    return loop


def sync(live_server, cursor=None, copy=None) -> dict:
    code = readme_sync_loop().replace("http://127.0.0.1:8000", live_server.url)
    code = code.replace("copy: dict[tuple[str, int], dict] = {}", "copy = given_copy")
    code = code.replace("cursor = None", "cursor = given_cursor", 1)
    namespace = {"given_copy": copy if copy is not None else {}, "given_cursor": cursor}
    exec(compile(code, str(README), "exec"), namespace)  # noqa: S102 - the documented example, as written
    return namespace


def public_objects() -> set[tuple[str, int]]:
    kinds = {
        "meeting": meeting_list_visible,
        "decision": decision_list_visible,
        "action": action_list_visible,
        "progress-update": update_list_visible,
    }
    return {(kind, pk) for kind, read in kinds.items() for pk in read(reader=PUBLIC_SCOPE).values_list("pk", flat=True)}


def test_the_readme_loop_keeps_a_public_copy_in_step(live_server, ix_meeting, settings, capsys):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None, "token": None}
    d10 = decision_get_by_reference(meeting=ix_meeting, reference="D10")
    iom = Party.objects.get(code="IOM")
    doomed = action_create(decision=d10, responsible=iom, title_en="Share the study")
    hidden = action_create(decision=d10, responsible=iom, title_en="Brief the members")
    first = sync(live_server)
    assert set(first["copy"]) == public_objects()
    assert ("action", doomed.pk) in first["copy"]

    action_delete(action=doomed, expected_version=doomed.version)
    action_update(action=hidden, expected_version=hidden.version, visibility=Action.Visibility.SECRETARIAT)
    second = sync(live_server, first["cursor"], first["copy"])
    assert set(second["copy"]) == public_objects()
    assert ("action", doomed.pk) not in second["copy"] and ("action", hidden.pk) not in second["copy"]
    assert "store for the next sync:" in capsys.readouterr().out
