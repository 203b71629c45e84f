import datetime as dt

import pytest

from kg.lang import detect_language
from kg.readout import ReadoutError, read_readout


def test_sidecar_gives_language_and_published_date(write_readout):
    path = write_readout("a", "Le ministre a rencontré son homologue.", {
        "lang": "fr", "published": "2025-04-25", "publisher": "MAE", "id": "x-1"})
    r = read_readout(path)
    assert (r.id, r.lang, r.published, r.publisher) == ("x-1", "fr", dt.date(2025, 4, 25), "MAE")


def test_language_is_detected_without_sidecar(write_readout):
    r = read_readout(write_readout("b", "The minister met his counterpart and the two sides "
                                        "discussed the relations between their countries."))
    assert r.lang == "en" and r.published is None


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"   \n\t ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"Le ministre a rencontr\xe9 son homologue.", "not valid UTF-8"),
])
def test_bad_files_get_one_line_errors_naming_the_file(write_readout, content, reason):
    path = write_readout("bad", content)
    with pytest.raises(ReadoutError) as err:
        read_readout(path)
    assert str(path) in str(err.value) and reason in str(err.value)
    assert "\n" not in str(err.value)


def test_unknown_language_is_refused_by_name(write_readout):
    path = write_readout("de", "Der Minister traf sich mit seinem Amtskollegen und die beiden "
                               "Seiten sprachen über die Beziehungen zwischen den Ländern.")
    with pytest.raises(ReadoutError, match="German"):
        read_readout(path)


def test_sidecar_language_without_rules_is_refused(write_readout):
    path = write_readout("it", "Il ministro ha incontrato il suo omologo.", {"lang": "it"})
    with pytest.raises(ReadoutError, match="unsupported language 'it'"):
        read_readout(path)


def test_bad_sidecar_date_is_reported(write_readout):
    path = write_readout("d", "The minister met his counterpart.", {"published": "yesterday"})
    with pytest.raises(ReadoutError, match="not an ISO date"):
        read_readout(path)


def test_detection_recognises_scripts():
    assert detect_language("Министр иностранных дел встретился с коллегой")[0] is None
    assert "Russian" in detect_language("Министр иностранных дел встретился с коллегой")[1]
