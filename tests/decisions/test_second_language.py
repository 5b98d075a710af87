"""The other official language of a meeting: aligned item by item, or refused with every difference named."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from decisions.models import Decision, Meeting

TESTS = Path(__file__).resolve().parents[1]
ENGLISH = TESTS / "parsing" / "corpus" / "en_rcgm_header_block.txt"
SPANISH = TESTS / "parsing" / "texts" / "es_rcgm_managua_2014.txt"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_declaration", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def spanish_texts() -> list[str]:
    return list(Decision.objects.order_by("position").values_list("text_es", flat=True))


@pytest.fixture
def english_meeting(ix_parties):
    run(ENGLISH)
    return Meeting.objects.get()


@pytest.mark.django_db
def test_the_spanish_text_fills_every_item_and_the_meeting_keeps_its_original_language(english_meeting):
    out = run(SPANISH, "--language", "es", "--into", english_meeting.slug)
    assert "added the es text of rcgm-managua-2014: 6 items" in out
    meeting = Meeting.objects.get()
    assert meeting.source_language == "en"
    first, a, b, c, second, third = Decision.objects.order_by("position")
    assert (first.text_es.startswith("En relación con"), a.text_es, second.text_es[:22]) == (
        True,
        "Tomar nota del informe de ejecución del presupuesto.",
        "Agradecer al Gobierno ",
    )
    assert first.text_en.startswith("Regarding") and c.text_es.startswith("Solicitar")
    assert meeting.city_es == "Managua"
    assert all(text for text in spanish_texts())


@pytest.mark.django_db
def test_a_different_structure_is_refused_naming_each_difference_and_nothing_changes(english_meeting, tmp_path):
    text = SPANISH.read_text(encoding="utf-8")
    changed = tmp_path / "es.txt"
    changed.write_text(text.replace("c) Solicitar", "Solicitar").replace("3. Realizar", "3. Realizar.\n\nAsimismo"))
    with pytest.raises(CommandError) as refused:
        run(changed, "--language", "es", "--into", english_meeting.slug)
    message = str(refused.value)
    assert "decision 1 has sub-items a, b, c in English and a, b in Spanish" in message
    assert "decision 3 has 1 paragraphs in English and 2 in Spanish" in message
    assert "\n" not in message
    assert not any(spanish_texts())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--language", "en"], "imported from its English text already"),
        (["--language", "es", "--into", "nope"], "no meeting has the address"),
    ],
)
def test_wrong_targets_are_refused_in_one_line(english_meeting, args, words):
    arguments = [*args] if "--into" in args else [*args, "--into", english_meeting.slug]
    with pytest.raises(CommandError, match=words):
        run(ENGLISH if "en" in args else SPANISH, *arguments)
    assert not any(spanish_texts())


@pytest.mark.django_db
def test_a_second_spanish_text_is_refused(english_meeting):
    run(SPANISH, "--language", "es", "--into", english_meeting.slug)
    with pytest.raises(CommandError, match="has Spanish texts already"):
        run(SPANISH, "--language", "es", "--into", english_meeting.slug)


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(english_meeting):
    assert "would add" in run(SPANISH, "--language", "es", "--into", english_meeting.slug, "--dry-run")
    assert not any(spanish_texts())


@pytest.mark.django_db
def test_the_admin_shows_the_pairs_side_by_side_then_fills_them(staff_client, english_meeting):
    from django.urls import reverse

    url = reverse("admin:decisions_meeting_add_language", args=[english_meeting.pk])
    change = staff_client.get(reverse("admin:decisions_meeting_change", args=[english_meeting.pk]))
    assert url in change.content.decode()
    text = SPANISH.read_text(encoding="utf-8")
    preview = staff_client.post(url, {"language": "es", "text": text})
    assert preview.status_code == 200
    assert len(preview.context["pairs"]) == 6 and not any(spanish_texts())
    assert "Tomar nota del informe" in preview.content.decode()
    response = staff_client.post(url, {"language": "es", "text": text, "confirm": "1"})
    assert response.status_code == 302
    assert all(spanish_texts())


@pytest.mark.django_db
def test_the_admin_refuses_a_different_structure_with_the_differences(staff_client, english_meeting):
    from django.urls import reverse

    url = reverse("admin:decisions_meeting_add_language", args=[english_meeting.pk])
    text = SPANISH.read_text(encoding="utf-8").replace("c) Solicitar", "Solicitar")
    response = staff_client.post(url, {"language": "es", "text": text, "confirm": "1"})
    assert response.status_code == 400
    assert "decision 1 has sub-items a, b, c in English and a, b in Spanish" in response.content.decode()
    assert not any(spanish_texts())
